// The one writer: takes commands in order, decides them against in-memory state, and acknowledges
// each only after the batch that journals it is durable (group commit).
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace OpenEts.Core;

/// <summary>Limits and tuning of an engine.</summary>
public sealed record EngineOptions
{
    /// <summary>
    /// Most commands decided in one batch. The journal writer commits the batches waiting for it together, so one journal
    /// transaction may hold several (at most 65,536 entries).
    /// </summary>
    public int MaxBatch { get; init; } = 8192;

    /// <summary>Most commands waiting to be sequenced; submitters wait beyond it.</summary>
    public int QueueCapacity { get; init; } = 1 << 17;

    /// <summary>Take a snapshot after this many entries since the last one (0: only when asked).</summary>
    public long SnapshotEvery { get; init; }

    /// <summary>
    /// Commands the market expects beyond those its journal holds (a day's orders, say): the index of command ids is made
    /// that much larger when the engine opens, so it does not grow while commands wait. Each growth copies the whole
    /// index into fresh memory, twice the size: at a million orders a day, two of them, tens of megabytes each, in the
    /// middle of trading. 0 (the default): the index grows as needed. At most <see cref="MaxExpectedCommands"/>.
    /// </summary>
    public int ExpectedCommands { get; init; }

    /// <summary>The most <see cref="ExpectedCommands"/> may be: 100,000,000 (about 2.8 GB of index).</summary>
    public const int MaxExpectedCommands = 100_000_000;
}

/// <summary>Thrown to waiting callers once the journal failed: state in memory may be ahead of disk, so the engine stops.</summary>
public sealed class EngineFaultedException(string message, Exception? inner) : Exception(message, inner);

/// <summary>The sequencer of one market: one writer, group commit, idempotent by command id.</summary>
public sealed class Engine : IAsyncDisposable, IDisposable
{
    private readonly IJournal _journal;
    private readonly ModuleCatalog _catalog;
    private readonly EngineOptions _options;
    private readonly World _world;
    private readonly Channel<IWork> _inbox;
    private readonly Channel<Batch> _durable;
    private readonly Channel<Batch> _sealed;
    /// <summary>Fewest entries handed to an idle sealer early: below it, handing a batch on costs more than the wait.</summary>
    private const int MinHandoff = 64;

    /// <summary>
    /// Every command id decided, with the entry that recorded its first outcome: 24 bytes per id in the table, no
    /// object per command besides the id. What the first command was (its content hash) is read back from the
    /// journal only when an id comes again.
    /// </summary>
    private readonly Dictionary<string, long> _seen;

    /// <summary>Committed batches, cleared, for the sequencer to fill again.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<Batch> _spareBatches = new();

    /// <summary>
    /// Most spare batches kept: as many as can be in flight (one being decided, two waiting for the sealer and one in it,
    /// <see cref="SealedQueue"/> waiting for the writer and one more than that in its hands) and a few more. With fewer, a
    /// run of a million orders made 26 batches where 17 fill the pipeline, each growing its lists and payload chunks anew.
    /// Each keeps at most <see cref="PayloadArena.MaxKeptChunks"/> chunks (4 MB), about 1 MB for a batch of a thousand
    /// orders.
    /// </summary>
    private const int SpareBatches = 2 * SealedQueue + 8;

    /// <summary>
    /// Sealed batches that may wait for the writer. The sequencer hands a batch on as soon as the sealer is idle, so
    /// batches are small when the writer is the slowest stage; the writer then commits all that wait in one transaction.
    /// </summary>
    private const int SealedQueue = 8;

    /// <summary>Most entries the writer commits in one transaction when it joins waiting batches.</summary>
    private const int MaxJoinedEntries = 65_536;

    /// <summary>Batches handed to the sealer and not yet passed on to the writer: none means the sealer is idle.</summary>
    private int _sealing;

    /// <summary>The sealer thread's encoder: payloads are written there, beside the hashes, not on the sequencer.</summary>
    private readonly PayloadWriter _payloads;

    /// <summary>The writer thread's encoder, for the content hash of a command whose id came again.</summary>
    private readonly PayloadWriter _repeats;
    private readonly Thread _sequencer;
    private readonly TaskCompletionSource _sequencerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _sealer;
    private readonly Thread _writer;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastSeq;
    private byte[] _chainHash;
    private long _lastSnapshotSeq;
    private volatile Exception? _fault;
    private int _disposed;

    private Engine(IJournal journal, ModuleCatalog catalog, EngineOptions options, World world, long lastSeq, byte[] lastHash, long snapshotSeq,
        Dictionary<string, long> seen)
    {
        _seen = seen;
        _journal = journal;
        _catalog = catalog;
        _options = options;
        _world = world;
        _payloads = new PayloadWriter(catalog);
        _repeats = new PayloadWriter(catalog);
        _lastSeq = lastSeq;
        _chainHash = lastHash;
        _lastSnapshotSeq = snapshotSeq;
        DurableSeq = lastSeq;
        // Each channel's reader is a thread of the engine's own that waits for it blocked, so whoever fills a channel wakes
        // its reader directly (synchronous continuations) instead of through a pool thread woken to do so. What runs
        // inline is only ever that wake-up: in .NET 10's channels the option applies to readers alone, and a writer that
        // waited for room (a submitter at a full inbox, or the sequencer and the sealer at a full channel) is still
        // continued through the pool, so no caller's code runs on an engine thread, also when a failure completes the
        // inbox from the writer. Nothing of the deciding, sealing or writing ever runs on a submitter's thread.
        _inbox = Channel.CreateBounded<IWork>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = true,
        });
        _durable = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = true,
        });
        _sealed = Channel.CreateBounded<Batch>(new BoundedChannelOptions(SealedQueue)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = true,
        });
        _sequencer = new Thread(SequenceLoop) { IsBackground = true, Name = SequencerThreadName };
        // Names of at most 15 characters: what Linux keeps of a thread's name, so tools (top, perf, /proc) tell them apart.
        _sealer = new Thread(SealLoop) { IsBackground = true, Name = SealerThreadName };
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = WriterThreadName };
        _sequencer.Start();
        _sealer.Start();
        _writer.Start();
    }

    /// <summary>The name of the thread that decides commands in order (the sequencer).</summary>
    public const string SequencerThreadName = "openets-seq";

    /// <summary>The name of the thread that encodes, hashes and chains each batch.</summary>
    public const string SealerThreadName = "openets-sealer";

    /// <summary>The name of the journal writer's thread.</summary>
    public const string WriterThreadName = "openets-writer";

    /// <summary>The catalog of modules this engine runs.</summary>
    public ModuleCatalog Catalog => _catalog;

    /// <summary>The journal this engine writes.</summary>
    public IJournal Journal => _journal;

    /// <summary>True once the engine stopped after a journal or internal failure: it takes no more commands until restarted.</summary>
    public bool Faulted => _fault is not null;

    /// <summary>The last sequence number known durable.</summary>
    public long DurableSeq { get; private set; }

    /// <summary>Sealed batches waiting for the journal writer now: how far the writer is behind (it commits them together).</summary>
    public int BatchesAwaitingWriter => _sealed.Reader.Count;

    /// <summary>Journal transactions committed by this process (one batch, or the batches waiting for the writer joined): for metrics.</summary>
    public long BatchesCommitted { get; private set; }

    /// <summary>Entries committed by this process.</summary>
    public long EntriesCommitted { get; private set; }

    /// <summary>Time the sequencer spent deciding commands in this process.</summary>
    public TimeSpan SequenceTime { get; private set; }

    /// <summary>Time spent appending and committing batches in this process.</summary>
    public TimeSpan CommitTime { get; private set; }

    /// <summary>Time the sealer thread spent encoding and hashing batches in this process.</summary>
    public TimeSpan SealTime { get; private set; }

    /// <summary>Time the journal writer spent on batches in this process: appending, committing, answering.</summary>
    public TimeSpan WriterTime { get; private set; }

    /// <summary>
    /// How many command ids the engine's index holds before it must grow: at least the journal's commands and the
    /// <see cref="EngineOptions.ExpectedCommands"/> beyond them, when it opened.
    /// </summary>
    public int CommandIndexCapacity => _seen.EnsureCapacity(0);

    /// <summary>Opens a journal, loads the latest snapshot, replays the tail and starts sequencing.</summary>
    public static Engine Open(IJournal journal, ModuleCatalog catalog, EngineOptions? options = null, IProgress<long>? progress = null)
    {
        options ??= new EngineOptions();
        try
        {
            // Refused options dispose the journal too, as any failure to open does: a caller that claimed it as the
            // writer (a server) keeps no claim on it.
            if (options.MaxBatch is < 1 or > 65536)
                throw new ArgumentOutOfRangeException(nameof(options), "MaxBatch must be between 1 and 65536.");
            if (options.ExpectedCommands is < 0 or > EngineOptions.MaxExpectedCommands)
                throw new ArgumentOutOfRangeException(nameof(options), $"ExpectedCommands must be between 0 and {EngineOptions.MaxExpectedCommands:N0}.");
            return Load(journal, catalog, options, progress);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    private static Engine Load(IJournal journal, ModuleCatalog catalog, EngineOptions options, IProgress<long>? progress)
    {
        var head = journal.Open();
        var world = catalog.CreateWorld();
        long seq = 0;
        var hash = HashChain.Genesis.ToArray();
        var snapshot = journal.LatestSnapshot();
        if (snapshot is not null)
        {
            world.Restore(snapshot.State);
            // Restored, the state must write the bytes it was read from. A module that read a format since replaced writes
            // itself in the current one: then the snapshot is held to the bytes recorded with it, and every other module
            // to its own bytes ('openets verify' also holds it to the replay from the first entry).
            if (world.StateHash() != snapshot.StateHash
                && !(world.RestoredOlderFormat && World.HashOf(snapshot.State) == snapshot.StateHash
                     && world.WritesAgainAsRestored(snapshot.State)))
                throw new JournalFormatException($"The snapshot at entry {snapshot.Seq} does not hash to its recorded state hash; run 'openets verify'.");
            // The snapshot stands at an entry of the chain: its chain hash must be that entry's hash.
            var at = snapshot.Seq == 0 ? HashChain.Genesis.ToArray() : journal.ReadOne(snapshot.Seq)?.Hash;
            if (at is null || !at.AsSpan().SequenceEqual(snapshot.ChainHash))
                throw new JournalFormatException($"The snapshot at entry {snapshot.Seq} does not stand on the chain (its chain hash is not that entry's hash); run 'openets verify'.");
            seq = snapshot.Seq;
            hash = snapshot.ChainHash;
        }
        var snapshotSeq = seq;
        foreach (var entry in journal.Read(seq))
        {
            if (entry.Seq != seq + 1 || !entry.PrevHash.AsSpan().SequenceEqual(hash))
                throw new JournalFormatException($"The journal breaks at entry {seq + 1}; run 'openets verify' for details.");
            Payload.ApplyEvents(entry, world, catalog.Json);
            seq = entry.Seq;
            hash = entry.Hash;
            if ((seq & 0xFFFF) == 0)
                progress?.Report(seq);
        }
        if (seq != head.Seq)
            throw new JournalFormatException($"The journal's head is entry {head.Seq} but replay ended at entry {seq}; run 'openets verify'.");
        // Every entry records one command: when commands are expected, room for those and for them; else it grows as it
        // fills (and keeps the room its last doubling left).
        var seen = options.ExpectedCommands == 0
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>((int)Math.Min(head.Seq + options.ExpectedCommands, Array.MaxLength), StringComparer.Ordinal);
        foreach (var (commandId, _, entrySeq) in journal.ReadCommandIndex())
        {
            if (!seen.TryAdd(commandId, entrySeq))
                throw new JournalFormatException($"Entry {entrySeq} repeats the command id of entry {seen[commandId]}; run 'openets verify'.");
        }
        return new Engine(journal, catalog, options, world, seq, hash, snapshotSeq, seen);
    }

    /// <summary>Submits one command; completes when its outcome is durable (or at once for a malformed envelope).</summary>
    public Task<Outcome> SubmitAsync(CommandEnvelope envelope, CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        var work = new CommandWork(envelope);
        if (!_inbox.Writer.TryWrite(work))
            return SubmitSlowAsync(work, cancellationToken);
        return work.Task;
    }

    /// <summary>Runs a read-only query on the sequencer, in order with commands; answers once what it saw is durable.</summary>
    public async Task<T> QueryAsync<T>(Func<World, T> query, CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        var work = new QueryWork(w => query(w));
        await _inbox.Writer.WriteAsync(work, cancellationToken).ConfigureAwait(false);
        return (T)(await work.Task.ConfigureAwait(false))!;
    }

    /// <summary>Takes a snapshot now (state and chain position, stored durably) and returns it.</summary>
    public async Task<StoredSnapshot> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        var work = new QueryWork(null);
        await _inbox.Writer.WriteAsync(work, cancellationToken).ConfigureAwait(false);
        return (StoredSnapshot)(await work.Task.ConfigureAwait(false))!;
    }

    /// <summary>The state hash of the world as of the latest command sequenced before this call.</summary>
    public Task<string> StateHashAsync() => QueryAsync(w => w.StateHash());

    /// <summary>Stops taking commands, finishes what is queued, and waits for it to be durable.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _inbox.Writer.TryComplete();
        await _sequencerDone.Task.ConfigureAwait(false);
        await _writerDone.Task.ConfigureAwait(false);
        _journal.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<Outcome> SubmitSlowAsync(CommandWork work, CancellationToken cancellationToken)
    {
        try
        {
            await _inbox.Writer.WriteAsync(work, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            ThrowIfFaulted();
            throw new ObjectDisposedException(nameof(Engine), "The engine is stopping and takes no more commands.");
        }
        return await work.Task.ConfigureAwait(false);
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } f)
            throw new EngineFaultedException("The engine stopped after a journal failure; restart it to recover from the journal.", f);
        if (Volatile.Read(ref _disposed) == 1)
            throw new ObjectDisposedException(nameof(Engine), "The engine is stopping and takes no more commands.");
    }

    /// <summary>
    /// The sequencer's thread: decides commands in order, batch after batch. A thread of its own, waiting blocked for
    /// the inbox, so it stays warm on its core and a submitter wakes it directly.
    /// </summary>
    private void SequenceLoop()
    {
        var reader = _inbox.Reader;
        Batch? batch = null;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch = _spareBatches.TryDequeue(out var spare) ? spare : new Batch();
                var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                // A batch goes on when it is full, when the inbox is empty, or as soon as the sealer is idle: then
                // deciding the next batch overlaps with sealing this one (the writer joins the batches that wait for it).
                while (batch.Entries.Count < _options.MaxBatch && batch.Replies.Count < _options.MaxBatch * 2
                       && !(batch.Entries.Count >= MinHandoff && Volatile.Read(ref _sealing) == 0) && reader.TryRead(out var work))
                    Process(work, batch);
                if (batch.Snapshot is null && _options.SnapshotEvery > 0 && _lastSeq - _lastSnapshotSeq >= _options.SnapshotEvery)
                    batch.Snapshot = TakeSnapshot();
                SequenceTime += System.Diagnostics.Stopwatch.GetElapsedTime(t0);
                Interlocked.Increment(ref _sealing);
                if (!_durable.Writer.TryWrite(batch))
                    _durable.Writer.WriteAsync(batch).AsTask().GetAwaiter().GetResult();
                batch = null;
            }
        }
        catch (Exception ex)
        {
            _fault ??= ex;
            _inbox.Writer.TryComplete();
            foreach (var r in batch?.Replies ?? [])
                r.Target.Fail(new EngineFaultedException("The engine stopped after an internal failure.", ex));
            while (reader.TryRead(out var work))
                work.Fail(new EngineFaultedException("The engine stopped after an internal failure.", ex));
        }
        finally
        {
            _durable.Writer.TryComplete();
            _sequencerDone.TrySetResult();
        }
    }

    private PendingSnapshot TakeSnapshot()
    {
        var state = _world.Snapshot();
        var stateHash = World.HashOf(state);
        _lastSnapshotSeq = _lastSeq;
        return new PendingSnapshot(_lastSeq, stateHash, state);
    }

    private void Process(IWork work, Batch batch)
    {
        if (work is not CommandWork command)
        {
            RunQuery((QueryWork)work, batch);
            return;
        }
        var envelope = command.Envelope;
        var malformed = CheckEnvelope(envelope);
        if (malformed is not null)
        {
            batch.Replies.Add(new Reply(work, malformed, null));
            return;
        }
        // One lookup for both the check and the insert: the index holds every id ever decided, so each probe is
        // likely a cache miss.
        ref var firstSeq = ref CollectionsMarshal.GetValueRefOrAddDefault(_seen, envelope.CommandId, out var known);
        if (known)
        {
            // Answered once the batch is durable, by the writer, from the first command's entry (durable by then too).
            batch.Replies.Add(new Reply(work, new DuplicateOf(firstSeq, envelope), null));
            return;
        }
        var seq = _lastSeq + 1;
        firstSeq = seq;
        _lastSeq = seq;
        var outcome = DecisionContext.Decide(_world, envelope, seq);
        // The payload, its content hash and the chain hash are left to the sealer thread: no decision needs them (a
        // repeated id is answered by the writer), and encoding there lets the sequencer decide the next batch
        // meanwhile. Commands, outcomes and events are immutable values, so the bytes are those of the decision.
        batch.Entries.Add(new Decided(seq, _catalog.CommandNameOrUnknown(envelope.Body.GetType()), envelope, outcome));
        batch.Replies.Add(new Reply(work, outcome, null));
    }

    /// <summary>A query's result (or a snapshot request's snapshot), answered once the batch is durable.</summary>
    private void RunQuery(QueryWork work, Batch batch)
    {
        if (work.Query is not { } query)
        {
            batch.Snapshot ??= TakeSnapshot();
            batch.Replies.Add(new Reply(work, batch.Snapshot, null));
            return;
        }
        try
        {
            batch.Replies.Add(new Reply(work, query(_world), null));
        }
        catch (Exception ex) when (ex is not InvariantViolationException)
        {
            batch.Replies.Add(new Reply(work, null, ex));
        }
    }

    /// <summary>
    /// The answer to a command id that came again, from the first command's entry (durable by now): its outcome when
    /// the command is the same (actor and content), else <c>command_id_reused</c>.
    /// </summary>
    private Outcome Answer(DuplicateOf repeat)
    {
        var entry = _journal.ReadOne(repeat.FirstSeq) ?? throw new InvariantViolationException($"Entry {repeat.FirstSeq} is in the index but not in the journal.");
        if (!entry.ContentHash.AsSpan().SequenceEqual(_repeats.ContentHashOf(repeat.Envelope)))
            return Outcome.Reject("command_id_reused", $"The command id '{repeat.Envelope.CommandId}' was already used for a different command; choose a new id.");
        return Payload.Decode(entry, _catalog.Json).Outcome with { Replayed = true };
    }

    private static Outcome? CheckEnvelope(CommandEnvelope envelope)
    {
        // Text that is not whole UTF-16 (a surrogate without its pair) has no UTF-8 form: the journal's columns would store
        // another id than the one decided (a retry after a restart would not find it), and the payload's encoder would
        // refuse such an actor, stopping the engine.
        if (string.IsNullOrWhiteSpace(envelope.CommandId) || envelope.CommandId.Length > CommandEnvelope.MaxCommandIdLength || !WholeText(envelope.CommandId))
            return Outcome.Reject("invalid_command_id", $"A command id is required, of at most {CommandEnvelope.MaxCommandIdLength} characters of whole text.");
        if (string.IsNullOrWhiteSpace(envelope.Actor) || envelope.Actor.Length > CommandEnvelope.MaxActorLength || !WholeText(envelope.Actor))
            return Outcome.Reject("invalid_actor", $"An actor is required, of at most {CommandEnvelope.MaxActorLength} characters of whole text.");
        if (envelope.Body is null)
            return Outcome.Reject("invalid_command", "The command has no body.");
        return null;
    }

    /// <summary>True when every surrogate in <paramref name="text"/> is half of a pair (the common case is found without a loop).</summary>
    private static bool WholeText(string text)
    {
        var at = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (at < 0)
            return true;
        for (var i = at; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return false;
        }
        return true;
    }

    /// <summary>
    /// The first stage after the sequencer: encodes and hashes each batch, then hands it to the writer. Two threads, so
    /// that encoding and hashing one batch overlaps with committing the one before.
    /// </summary>
    private void SealLoop()
    {
        try
        {
            while (_durable.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (_durable.Reader.TryRead(out var batch))
                {
                    var began = System.Diagnostics.Stopwatch.GetTimestamp();
                    if (_fault is null)
                    {
                        try
                        {
                            batch.SealedSnapshot = Seal(batch);
                        }
                        catch (Exception ex)
                        {
                            batch.SealError = ex;
                        }
                    }
                    SealTime += System.Diagnostics.Stopwatch.GetElapsedTime(began);
                    _sealed.Writer.WriteAsync(batch).AsTask().GetAwaiter().GetResult();
                    Interlocked.Decrement(ref _sealing);
                }
            }
        }
        finally
        {
            _sealed.Writer.TryComplete();
        }
    }

    private void WriteLoop()
    {
        var group = new List<Batch>(SealedQueue + 1);
        var joined = new List<JournalEntry>();
        try
        {
            while (_sealed.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (_sealed.Reader.TryRead(out var first))
                {
                    // The batches waiting behind this one go in the same transaction: one commit (and one sync) for
                    // all. A batch whose sealing failed is never joined, so it fails alone after those before it.
                    group.Add(first);
                    var count = first.Sealed.Count;
                    while (first.SealError is null && group.Count <= SealedQueue && _sealed.Reader.TryPeek(out var next) && next.SealError is null
                           && count + next.Sealed.Count <= MaxJoinedEntries && _sealed.Reader.TryRead(out next))
                    {
                        group.Add(next);
                        count += next.Sealed.Count;
                    }
                    Commit(group, joined);
                    foreach (var batch in group)
                    {
                        // Back to the sequencer with its lists' capacity: growing them anew for every batch put arrays of
                        // thousands of replies on the large-object heap, whose budget starts full collections.
                        batch.Clear();
                        if (_spareBatches.Count < SpareBatches)
                            _spareBatches.Enqueue(batch);
                    }
                    group.Clear();
                    joined.Clear();
                }
            }
        }
        finally
        {
            _writerDone.TrySetResult();
        }
    }

    private void Commit(List<Batch> group, List<JournalEntry> joined)
    {
        var began = System.Diagnostics.Stopwatch.GetTimestamp();
        CommitGroup(group, joined);
        WriterTime += System.Diagnostics.Stopwatch.GetElapsedTime(began);
    }

    /// <summary>Commits the batches' entries in one append, then their snapshots, then answers their callers in order.</summary>
    private void CommitGroup(List<Batch> group, List<JournalEntry> joined)
    {
        if (_fault is { } fault)
        {
            var failed = new EngineFaultedException("The engine stopped after a journal failure; restart it to recover from the journal.", fault);
            foreach (var batch in group)
                foreach (var r in batch.Replies)
                    r.Target.Fail(failed);
            return;
        }
        IReadOnlyList<JournalEntry> entries;
        if (group.Count == 1)
        {
            entries = group[0].Sealed;
        }
        else
        {
            foreach (var batch in group)
                joined.AddRange(batch.Sealed);
            entries = joined;
        }
        try
        {
            if (group[0].SealError is { } sealError)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(sealError);
            if (entries.Count > 0)
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                _journal.Append(entries);
                var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
                DurableSeq = entries[^1].Seq;
                BatchesCommitted++;
                EntriesCommitted += entries.Count;
                CommitTime += elapsed;
                EngineMetrics.BatchSize.Record(entries.Count);
                EngineMetrics.CommitDuration.Record(elapsed.TotalMilliseconds);
            }
            foreach (var batch in group)
                if (batch.SealedSnapshot is { } snapshot)
                    _journal.SaveSnapshot(snapshot);
        }
        catch (Exception ex)
        {
            _fault = ex;
            _inbox.Writer.TryComplete();
            var failed = new EngineFaultedException(group[0].SealError is null
                ? "The journal could not be written; nothing committed with this command was acknowledged. Restart to recover."
                : "A command or event of this batch could not be encoded for the journal; nothing in it was acknowledged. Restart to recover.", ex);
            foreach (var batch in group)
                foreach (var r in batch.Replies)
                    r.Target.Fail(failed);
            return;
        }
        foreach (var batch in group)
            AnswerCallers(batch);
    }

    private void AnswerCallers(Batch batch)
    {
        var snapshot = batch.SealedSnapshot;
        foreach (var r in batch.Replies)
        {
            try
            {
                if (r.Error is not null)
                    r.Target.Fail(r.Error);
                else if (r.Result is PendingSnapshot)
                    r.Target.Succeed(snapshot);
                else if (r.Result is DuplicateOf repeat)
                    r.Target.Succeed(Answer(repeat));
                else
                    r.Target.Succeed(r.Result);
            }
            catch (Exception ex)
            {
                // Reading a first outcome back from the journal failed: answer that caller with the failure, keep the engine.
                r.Target.Fail(new EngineFaultedException("The first outcome of this command could not be read from the journal.", ex));
            }
        }
    }

    /// <summary>An item of the inbox: a command, a query or a snapshot request, with the caller's reply.</summary>
    private interface IWork
    {
        void Succeed(object? result);

        void Fail(Exception error);
    }

    /// <summary>A command and its caller's reply, in one object: completing it costs no extra task or source per caller.</summary>
    private sealed class CommandWork(CommandEnvelope envelope) : TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously), IWork
    {
        public CommandEnvelope Envelope { get; } = envelope;

        public void Succeed(object? result) => TrySetResult((Outcome)result!);

        public void Fail(Exception error) => TrySetException(error);
    }

    /// <summary>A read-only query (answered in order with commands) or, without one, a request for a snapshot now.</summary>
    private sealed class QueryWork(Func<World, object?>? query) : TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously), IWork
    {
        public Func<World, object?>? Query { get; } = query;

        public void Succeed(object? result) => TrySetResult(result);

        public void Fail(Exception error) => TrySetException(error);
    }

    private readonly record struct Reply(IWork Target, object? Result, Exception? Error);

    /// <summary>A command whose id was decided before: answered from the entry of the first one.</summary>
    private sealed record DuplicateOf(long FirstSeq, CommandEnvelope Envelope);

    /// <summary>
    /// Encodes each of the batch's entries, hashes it (its content hash, then its chain hash) and links it into the
    /// chain. The sealer thread does it, not the sequencer: no decision needs the bytes or either hash, so this runs
    /// beside the deciding of the next batch and the committing of the one before.
    /// </summary>
    private StoredSnapshot? Seal(Batch batch)
    {
        var entries = batch.Sealed;
        var pending = batch.Snapshot;
        StoredSnapshot? snapshot = null;
        if (pending is not null && (batch.Entries.Count == 0 || pending.Seq < batch.Entries[0].Seq))
            snapshot = pending.At(_chainHash);
        foreach (var u in batch.Entries)
        {
            var envelope = u.Envelope;
            var payload = _payloads.WritePayload(envelope, u.Outcome, out var command, batch.Payloads);
            var contentHash = Payload.ContentHash(envelope.Actor, payload.Span[command]);
            var entry = HashChain.Seal(u.Seq, _chainHash, envelope.CommandId, u.Kind, u.Outcome.Accepted, envelope.Time.ToUnixTimeMilliseconds(), contentHash, payload);
            _chainHash = entry.Hash;
            entries.Add(entry);
            if (pending is not null && pending.Seq == u.Seq)
                snapshot = pending.At(_chainHash);
        }
        Invariant.Assert(pending is null || snapshot is not null, "a snapshot taken in a batch falls on one of its entries or just before them");
        return snapshot;
    }

    /// <summary>
    /// A decided command before it is encoded, hashed and linked into the chain. A struct in a list the batch keeps
    /// from one use to the next (batches are reused), so it costs no object per command.
    /// </summary>
    private readonly record struct Decided(long Seq, string Kind, CommandEnvelope Envelope, Outcome Outcome);

    /// <summary>The state after entry <see cref="Seq"/>; the writer adds the chain hash once it has sealed that entry.</summary>
    private sealed record PendingSnapshot(long Seq, string StateHash, byte[] State)
    {
        public StoredSnapshot At(byte[] chainHash) => new(Seq, chainHash, StateHash, State);
    }

    private sealed class Batch
    {
        public List<Decided> Entries { get; } = [];

        public List<Reply> Replies { get; } = [];

        public PendingSnapshot? Snapshot { get; set; }

        /// <summary>The entries encoded, hashed and linked into the chain by the sealer.</summary>
        public List<JournalEntry> Sealed { get; } = [];

        /// <summary>Where the sealed entries' payloads lie, until the batch is committed and cleared.</summary>
        public PayloadArena Payloads { get; } = new();

        /// <summary>The snapshot with its chain hash, once sealed.</summary>
        public StoredSnapshot? SealedSnapshot { get; set; }

        /// <summary>Why sealing failed, if it did: the writer then fails the batch and the engine stops.</summary>
        public Exception? SealError { get; set; }

        /// <summary>Empties the batch for reuse, keeping its lists' capacity.</summary>
        public void Clear()
        {
            Entries.Clear();
            Replies.Clear();
            Sealed.Clear();
            Payloads.Clear();
            Snapshot = null;
            SealedSnapshot = null;
            SealError = null;
        }
    }
}
