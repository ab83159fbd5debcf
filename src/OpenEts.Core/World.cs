// The in-memory state of one engine: every module's state, changed only by applying events.
using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace OpenEts.Core;

/// <summary>Every module's state. Changed only through <see cref="Apply"/>; read by handlers and queries.</summary>
public sealed class World
{
    private readonly ModuleCatalog _catalog;
    private readonly Dictionary<Type, IModuleState> _byType = [];
    private readonly List<(string Name, IModuleState State)> _ordered = [];

    internal World(ModuleCatalog catalog)
    {
        _catalog = catalog;
        foreach (var (name, type, create) in catalog.States)
        {
            var state = create();
            _byType.Add(type, state);
            _ordered.Add((name, state));
        }
    }

    /// <summary>The catalog this world was built from.</summary>
    public ModuleCatalog Catalog => _catalog;

    /// <summary>
    /// Every module's state, in the catalog's order: for a module that asks whichever states implement an interface it
    /// defines (one module's rule on another's command, without either naming the other's types).
    /// </summary>
    public IReadOnlyList<(string Name, IModuleState State)> States => _ordered;

    /// <summary>The state of the module that registered <typeparamref name="T"/>.</summary>
    public T Get<T>() where T : class, IModuleState =>
        _byType.TryGetValue(typeof(T), out var s) ? (T)s : throw new InvalidOperationException($"No module registered state {typeof(T).Name}.");

    /// <summary>The state of the module that registered <typeparamref name="T"/>, or null when no module of the catalog did.</summary>
    public T? Find<T>() where T : class, IModuleState => _byType.TryGetValue(typeof(T), out var s) ? (T)s : null;

    /// <summary>Applies one event. Events come from handlers (live) or from the journal (replay).</summary>
    public void Apply(Event @event)
    {
        if (!_catalog.Events.TryGetValue(@event.GetType(), out var e))
            throw new InvalidOperationException($"Event type {@event.GetType().Name} is not registered.");
        e.Apply(this, @event);
    }

    /// <summary>The whole state as deterministic JSON bytes: the same state always gives the same bytes.</summary>
    public byte[] Snapshot()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, state) in _ordered)
            {
                writer.WritePropertyName(name);
                state.WriteSnapshot(writer, _catalog.Json);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// True when every module that read <paramref name="snapshot"/> in its current format writes again exactly the bytes it
    /// was read from (those that read an older format write themselves in the current one, so they are not compared).
    /// </summary>
    public bool WritesAgainAsRestored(ReadOnlyMemory<byte> snapshot)
    {
        using var doc = JsonDocument.Parse(snapshot);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        foreach (var (name, state) in _ordered)
        {
            if (state.ReadOlderFormat)
                continue;
            if (!doc.RootElement.TryGetProperty(name, out var element))
                return false;
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
                state.WriteSnapshot(writer, _catalog.Json);
            if (!buffer.WrittenSpan.SequenceEqual(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)))
                return false;
        }
        return true;
    }

    /// <summary>Replaces every module's state by the snapshot's.</summary>
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        using var doc = JsonDocument.Parse(snapshot.ToArray());
        foreach (var (name, state) in _ordered)
        {
            if (doc.RootElement.TryGetProperty(name, out var element))
                state.ReadSnapshot(element, _catalog.Json);
        }
    }

    /// <summary>
    /// True when the last snapshot restored was written, for some module, in an older format the module still reads: the
    /// state is the one it was written from, but it writes itself anew in the current format, so it hashes otherwise.
    /// </summary>
    public bool RestoredOlderFormat => _ordered.Exists(s => s.State.ReadOlderFormat);

    /// <summary>SHA-256 of the snapshot, in lowercase hex: two worlds with the same state hash the same.</summary>
    public string StateHash() => HashOf(Snapshot());

    /// <summary>The state hash of snapshot bytes: SHA-256, in lowercase hex (what a snapshot records beside its state).</summary>
    public static string HashOf(ReadOnlySpan<byte> snapshot) => Convert.ToHexStringLower(SHA256.HashData(snapshot));

    /// <summary>The context of the latest decision, kept for the next one (see <see cref="DecisionContext"/>).</summary>
    private DecisionContext? _context;

    /// <summary>The kept context, now the caller's; null when there is none or a decision holds it.</summary>
    internal DecisionContext? TakeContext()
    {
        var context = _context;
        _context = null;
        return context;
    }

    /// <summary>Keeps a context whose decision ended, for the next decision.</summary>
    internal void KeepContext(DecisionContext context) => _context = context;
}

/// <summary>What a handler sees while deciding one command, and where it emits events.</summary>
/// <remarks>
/// A context lives for one decision. The world keeps the one of its latest decision (and the ones it made for other
/// identities) and sets them up again for the next, so an order costs no context objects and no event list of its own
/// (measured: a sixth of what deciding an order allocated): a handler must not keep a context past its decision.
/// </remarks>
public sealed class DecisionContext
{
    /// <summary>Most events a kept list may hold room for: one decision that emitted thousands does not pin that much for good.</summary>
    private const int MaxKeptEvents = 1024;

    private List<Event> _events;

    /// <summary>The command as submitted, whoever this context acts as.</summary>
    private CommandEnvelope _submitted;

    /// <summary>The command as seen by this context's actor, made when first asked for (see <see cref="Envelope"/>).</summary>
    private CommandEnvelope? _envelope;

    /// <summary>The contexts of this decision seen as other identities (see <see cref="OnBehalfOf"/>), kept for the next one.</summary>
    private DecisionContext[] _others = [];
    private int _otherCount;

    /// <summary>The context whose decision this one belongs to (itself for the decision's own).</summary>
    private readonly DecisionContext _root;

    private DecisionContext(World world, CommandEnvelope submitted, string actor, List<Event> events, DecisionContext? root)
    {
        World = world;
        _submitted = submitted;
        Actor = actor;
        _events = events;
        _root = root ?? this;
    }

    /// <summary>The current state (including the effects of earlier commands in the same batch).</summary>
    public World World { get; }

    /// <summary>
    /// The command being decided, with its time and this context's actor. Seen through <see cref="OnBehalfOf"/>, a copy
    /// with the other actor, made only when a handler asks: most read <see cref="Actor"/> and <see cref="Time"/> alone.
    /// </summary>
    public CommandEnvelope Envelope => _envelope ??= _submitted.Actor == Actor ? _submitted : _submitted with { Actor = Actor };

    /// <summary>The acting identity.</summary>
    public string Actor { get; private set; }

    /// <summary>The time the command carries.</summary>
    public DateTimeOffset Time => _submitted.Time;

    /// <summary>Events emitted so far.</summary>
    public IReadOnlyList<Event> Events => _events;

    /// <summary>Applies an event to the world at once and records it as part of the outcome.</summary>
    public void Emit(Event @event)
    {
        World.Apply(@event);
        _events.Add(@event);
    }

    /// <summary>
    /// The same decision seen as another identity: a module acting with a system role, such as the
    /// exchange settling a trade in the registry. Events emitted through it belong to this command's outcome.
    /// </summary>
    public DecisionContext OnBehalfOf(string actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var root = _root;
        if (actor == root.Actor)
            return root;
        for (var i = 0; i < root._otherCount; i++)
        {
            if (root._others[i].Actor == actor)
                return root._others[i];
        }
        // Identities a decision acts as are few (the exchange, the registry): those of the decision before are set up
        // again before a new context is made.
        if (root._otherCount < root._others.Length)
        {
            var kept = root._others[root._otherCount++];
            kept.Reset(root._submitted, actor, root._events);
            return kept;
        }
        var other = new DecisionContext(World, root._submitted, actor, root._events, root);
        if (root._others.Length < 4)
        {
            Array.Resize(ref root._others, root._others.Length + 1);
            root._others[root._otherCount++] = other;
        }
        return other;
    }

    /// <summary>
    /// Runs another module's command handler inside this decision (its checks, then its events), so a
    /// module composes with others without knowing their internals. A rejection comes back unchanged;
    /// the caller must not have emitted anything before a step that can reject.
    /// </summary>
    public Rejection? Run(Command command)
    {
        if (!World.Catalog.Commands.TryGetValue(command.GetType(), out var c))
            return new Rejection("unknown_command", $"The command type {command.GetType().Name} is not known to this market.");
        var before = _events.Count;
        var rejection = c.Handle(this, command);
        Invariant.Assert(rejection is null || _events.Count == before, $"{c.Name} rejected a command after emitting events.");
        return rejection;
    }

    /// <summary>Decides one command against the world, without journaling: the core of the engine and of tests.</summary>
    public static Outcome Decide(World world, CommandEnvelope envelope) => Decide(world, envelope, 0);

    /// <summary>Decides one command whose outcome the journal records as entry <paramref name="seq"/>.</summary>
    internal static Outcome Decide(World world, CommandEnvelope envelope, long seq)
    {
        if (!world.Catalog.Commands.TryGetValue(envelope.Body.GetType(), out var c))
            return Outcome.Reject("unknown_command", $"The command type {envelope.Body.GetType().Name} is not known to this market.", seq);
        // The world's kept context, unless a decision is under way already (a handler deciding another command): then one
        // of its own, so neither sees the other's events.
        var context = world.TakeContext();
        if (context is null)
            context = new DecisionContext(world, envelope, envelope.Actor, [], null);
        else
            context.Reset(envelope, envelope.Actor, context._events);
        try
        {
            var events = context._events;
            var rejection = c.Handle(context, envelope.Body);
            if (rejection is null)
                return Outcome.Ok(events.Count == 0 ? [] : events.ToArray(), seq);
            Invariant.Assert(events.Count == 0, $"{c.Name} rejected a command after emitting events.");
            return new Outcome { Rejection = rejection, Seq = seq };
        }
        finally
        {
            context.End();
            world.KeepContext(context);
        }
    }

    private void Reset(CommandEnvelope submitted, string actor, List<Event> events)
    {
        _submitted = submitted;
        Actor = actor;
        _events = events;
        _envelope = null;
    }

    /// <summary>Forgets the decision: its command, events and identities (their contexts stay for the next decision).</summary>
    private void End()
    {
        _events.Clear();
        if (_events.Capacity > MaxKeptEvents)
            _events = [];
        _envelope = null;
        // The kept contexts of other identities let go of the decision's envelope copy and of a list just replaced, also
        // those this decision did not use: one used rarely would otherwise keep them for good.
        for (var i = 0; i < _others.Length; i++)
            _others[i].Reset(_submitted, _others[i].Actor, _events);
        _otherCount = 0;
    }
}
