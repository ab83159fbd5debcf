// The engine on each real store: group commit, durability of acknowledged commands, idempotency
// across restarts, replay from snapshots, and what a journal failure does to callers.
using OpenEts.Core;

namespace OpenEts.Journal.Tests;

public sealed class EngineOnJournalTests
{
    private static readonly DateTimeOffset Time = new(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));
    private static readonly ModuleCatalog Catalog = new(new CounterModule());

    [Theory, OnSqlite, OnPostgres]
    public async Task Concurrent_submitters_share_commits(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        const int clients = 100, each = 30;
        long batches;
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = new List<Outcome>();
                for (var i = 0; i < each; i++)
                    mine.Add(await engine.SubmitAsync(Envelope($"c{c}-{i}", new Add(c + 1))));
                return mine;
            })));

            Assert.All(outcomes.SelectMany(o => o), o => Assert.True(o.Accepted));
            Assert.Equal(Enumerable.Range(1, clients * each).Select(i => (long)i), outcomes.SelectMany(o => o).Select(o => o.Seq).Order());
            batches = engine.BatchesCommitted;
            Assert.Equal(clients * each, engine.DurableSeq);
            Assert.Equal(each * (clients * (clients + 1) / 2), await engine.QueryAsync(w => w.Get<CounterState>().Total));
        }
        // One commit per command would be 3000; each batch may take one command from every waiting client.
        Assert.InRange(batches, each, clients * each / 5);
    }

    [Theory, OnSqlite]
    public async Task Queries_and_so_commands_run_on_the_engine_s_own_sequencer_thread_never_on_a_submitter_s(StoreKind kind)
    {
        // The inbox wakes the sequencer from the submitter's thread (synchronous continuations): that is safe only while
        // the sequencer is a thread of its own that waits blocked, so nothing of the deciding runs on a submitter. A query
        // runs in the same loop, in order with the commands, so where it runs is where they are decided.
        using var store = TestStore.Create(kind);
        await using var engine = Engine.Open(store.NewJournal(), Catalog);
        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            var outcome = await engine.SubmitAsync(Envelope($"t{c}", new Add(1)));
            var ran = await engine.QueryAsync(_ => (Id: Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Pool: Thread.CurrentThread.IsThreadPoolThread));
            return (Ran: ran, outcome.Accepted);
        })));

        Assert.All(seen, s =>
        {
            Assert.True(s.Accepted);
            Assert.Equal(Engine.SequencerThreadName, s.Ran.Name);
            Assert.False(s.Ran.Pool);
        });
        Assert.Single(seen.Select(s => s.Ran.Id).Distinct());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task With_a_full_inbox_submitters_and_queries_wait_their_turn_and_each_command_is_decided_once(StoreKind kind)
    {
        // An inbox of four: most submitters and queries find it full and wait for room, which the sequencer makes as it
        // reads. A hang anywhere (the engine's own disposal included) fails the test instead of stalling it.
        using var store = TestStore.Create(kind);
        const int clients = 40, each = 25;
        await Run().WaitAsync(TimeSpan.FromMinutes(2));
        using var journal = store.OpenJournal();
        Assert.Equal(clients * each, journal.RecordedHead()!.Seq);
        Assert.True(ChainVerifier.Verify(journal).Sound);

        async Task Run()
        {
            await using var engine = Engine.Open(store.NewJournal(), Catalog, new EngineOptions { QueueCapacity = 4, MaxBatch = 16 });
            var outcomes = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = new List<Outcome>();
                for (var i = 0; i < each; i++)
                {
                    mine.Add(await engine.SubmitAsync(Envelope($"q{c}-{i}", new Add(1))));
                    if (i % 5 == 0)
                        Assert.True(await engine.QueryAsync(w => w.Get<CounterState>().Total) >= i + 1, "a query sees at least this client's own commands");
                }
                return mine;
            })));

            Assert.All(outcomes.SelectMany(o => o), o => Assert.True(o.Accepted));
            Assert.Equal(Enumerable.Range(1, clients * each).Select(i => (long)i), outcomes.SelectMany(o => o).Select(o => o.Seq).Order());
            Assert.Equal(clients * each, await engine.QueryAsync(w => w.Get<CounterState>().Total));
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Every_acknowledged_command_is_in_the_journal_after_a_restart(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        Outcome[] acknowledged;
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
            acknowledged = await Task.WhenAll(Enumerable.Range(1, 500).Select(i => engine.SubmitAsync(Envelope($"cmd-{i}", new Add(i % 5)))));

        using var journal = store.OpenJournal();
        var stored = journal.ReadCommandIndex().ToDictionary(i => i.CommandId, i => i.Seq);
        for (var i = 1; i <= 500; i++)
            Assert.Equal(acknowledged[i - 1].Seq, stored[$"cmd-{i}"]);
        Assert.True(ChainVerifier.Verify(journal).Sound);
        Assert.Equal(500, journal.RecordedHead()!.Seq);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_command_id_or_actor_that_is_not_whole_text_is_refused_and_nothing_is_journaled(StoreKind kind)
    {
        // A surrogate without its pair has no UTF-8 form: stored, it would become another id than the one decided, and a
        // retry after a restart would be decided again. A pair (an emoji) is whole text and is taken.
        using var store = TestStore.Create(kind);
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
        {
            foreach (var id in new[] { "order-\uD800", "\uDC00x", "a\uDBFF\uDBFFb" })
                Assert.Equal("invalid_command_id", (await engine.SubmitAsync(Envelope(id, new Add(1)))).Rejection?.Code);
            var actor = await engine.SubmitAsync(new CommandEnvelope("add-actor", "operator-\uDFFF", Time, new Add(1)));
            Assert.Equal("invalid_actor", actor.Rejection?.Code);
            Assert.Equal(0, actor.Seq);
            var whole = await engine.SubmitAsync(Envelope("order-\uD83D\uDE00", new Add(5)));
            Assert.True(whole.Accepted);
            Assert.Equal(1, whole.Seq);
        }
        await using (var reopened = Engine.Open(store.NewJournal(), Catalog))
        {
            Assert.Equal(5, await reopened.QueryAsync(w => w.Get<CounterState>().Total));
            var again = await reopened.SubmitAsync(Envelope("order-\uD83D\uDE00", new Add(5)));
            Assert.True(again.Replayed);
            Assert.Equal(1, again.Seq);
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_engine_refuses_a_journal_that_records_a_command_id_twice(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
        {
            await engine.SubmitAsync(Envelope("add-1", new Add(1)));
            await engine.SubmitAsync(Envelope("add-2", new Add(2)));
        }
        using (var journal = store.OpenJournal())
        {
            // A second entry for "add-1", well linked into the chain: only the idempotency check can find it.
            var first = journal.ReadOne(1)!;
            var head = journal.RecordedHead()!;
            journal.Append([HashChain.Seal(3, head.Hash, "add-1", first.Kind, first.Accepted, first.TimeUnixMs, first.ContentHash, first.Payload)]);
        }

        var refused = Assert.Throws<JournalFormatException>(() => Engine.Open(store.NewJournal(), Catalog));
        Assert.Equal("Entry 3 repeats the command id of entry 1; run 'openets verify'.", refused.Message);
        using var check = store.OpenJournal();
        Assert.Equal(ChainProblemKind.Repeated, ChainVerifier.Verify(check).Problem?.Kind);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_retried_command_returns_its_first_outcome_and_adds_nothing_even_after_a_restart(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
        {
            var first = await engine.SubmitAsync(Envelope("add-7", new Add(7)));
            var retry = await engine.SubmitAsync(Envelope("add-7", new Add(7)) with { Time = Time.AddMinutes(5) });
            var reused = await engine.SubmitAsync(Envelope("add-7", new Add(8)));

            Assert.True(first.Accepted);
            Assert.False(first.Replayed);
            Assert.True(retry.Replayed);
            Assert.Equal(first.Seq, retry.Seq);
            Assert.Equal(first.Events, retry.Events);
            Assert.Equal("command_id_reused", reused.Rejection?.Code);
            Assert.Equal(1, engine.DurableSeq);
        }
        await using (var restarted = Engine.Open(store.NewJournal(), Catalog))
        {
            var retry = await restarted.SubmitAsync(Envelope("add-7", new Add(7)));
            var reused = await restarted.SubmitAsync(Envelope("add-7", new Add(8)));
            var otherActor = await restarted.SubmitAsync(new CommandEnvelope("add-7", "someone-else", Time, new Add(7)));

            Assert.True(retry.Replayed);
            Assert.Equal(1, retry.Seq);
            Assert.Equal([new Added(7)], retry.Events);
            Assert.Equal("command_id_reused", reused.Rejection?.Code);
            Assert.Equal("command_id_reused", otherActor.Rejection?.Code);
            Assert.Equal(7, await restarted.QueryAsync(w => w.Get<CounterState>().Total));
        }
        using var journal = store.OpenJournal();
        Assert.Single(journal.Read(0));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_uuid_command_id_is_answered_from_its_first_outcome_after_a_restart_and_its_capitalised_form_is_another_command(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        const string id = "9b2f6c1e-0d4a-4c8e-b7a1-52e3f4d6a7c8";
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
        {
            Assert.Equal(1, (await engine.SubmitAsync(Envelope(id, new Add(4)))).Seq);
            Assert.True((await engine.SubmitAsync(Envelope(id, new Add(4)))).Replayed);
        }
        await using (var restarted = Engine.Open(store.NewJournal(), Catalog))
        {
            var retry = await restarted.SubmitAsync(Envelope(id, new Add(4)));
            var reused = await restarted.SubmitAsync(Envelope(id, new Add(5)));
            var capitalised = await restarted.SubmitAsync(Envelope(id.ToUpperInvariant(), new Add(5)));

            Assert.True(retry.Replayed);
            Assert.Equal(1, retry.Seq);
            Assert.Equal("command_id_reused", reused.Rejection?.Code);
            Assert.False(capitalised.Replayed);
            Assert.Equal(2, capitalised.Seq);
            Assert.Equal(9, await restarted.QueryAsync(w => w.Get<CounterState>().Total));
        }
        using var journal = store.OpenJournal();
        Assert.Equal([id, id.ToUpperInvariant()], journal.ReadCommandIndex().Select(i => i.CommandId));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_same_command_sent_twice_at_once_is_decided_once(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        await using var engine = Engine.Open(store.NewJournal(), Catalog);

        var both = await Task.WhenAll(engine.SubmitAsync(Envelope("twin", new Add(3))), engine.SubmitAsync(Envelope("twin", new Add(3))));

        Assert.Equal(both[0].Seq, both[1].Seq);
        Assert.Equal(1, both.Count(o => o.Replayed));
        Assert.Equal(3, await engine.QueryAsync(w => w.Get<CounterState>().Total));
        Assert.Equal(1, engine.DurableSeq);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_snapshot_of_an_empty_engine_restores_to_an_empty_state(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        string empty;
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
        {
            var snapshot = await engine.SnapshotAsync();
            Assert.Equal(0, snapshot.Seq);
            empty = await engine.StateHashAsync();
        }
        await using var restarted = Engine.Open(store.NewJournal(), Catalog);

        Assert.Equal(empty, await restarted.StateHashAsync());
        Assert.True((await restarted.SubmitAsync(Envelope("first", new Add(1)))).Accepted);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_rejected_command_is_journaled_and_replays_the_same_rejection(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        Outcome first;
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
        {
            first = await engine.SubmitAsync(Envelope("add-0", new Add(0)));
            var retry = await engine.SubmitAsync(Envelope("add-0", new Add(0)));

            Assert.Equal("not_positive", first.Rejection?.Code);
            Assert.Equal(1, first.Seq);
            Assert.Equal(first.Rejection, retry.Rejection);
            Assert.True(retry.Replayed);
        }
        using (var journal = store.OpenJournal())
        {
            var entry = Assert.Single(journal.Read(0));
            Assert.False(entry.Accepted);
            Assert.Equal("counter.add", entry.Kind);
            Assert.Equal("add-0", entry.CommandId);
        }
        await using var restarted = Engine.Open(store.NewJournal(), Catalog);
        var afterRestart = await restarted.SubmitAsync(Envelope("add-0", new Add(0)));

        Assert.True(afterRestart.Replayed);
        Assert.Equal(first.Rejection, afterRestart.Rejection);
        Assert.Equal(1, afterRestart.Seq);
        Assert.Equal(0, await restarted.QueryAsync(w => w.Get<CounterState>().Additions));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_snapshot_plus_the_tail_gives_the_state_of_a_full_replay(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        string live;
        StoredSnapshot snapshot;
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
        {
            await Task.WhenAll(Enumerable.Range(1, 300).Select(i => engine.SubmitAsync(Envelope($"a-{i}", new Add(i % 11)))));
            snapshot = await engine.SnapshotAsync();
            await Task.WhenAll(Enumerable.Range(1, 200).Select(i => engine.SubmitAsync(Envelope($"b-{i}", new Add(i)))));
            live = await engine.StateHashAsync();
        }
        Assert.Equal(300, snapshot.Seq);

        using (var journal = store.OpenJournal())
            Assert.Equal(300, journal.LatestSnapshot()!.Seq);
        await using (var fromSnapshot = Engine.Open(store.NewJournal(), Catalog))
            Assert.Equal(live, await fromSnapshot.StateHashAsync());

        store.Execute($"DELETE FROM {store.Table("snapshots")}");
        await using var fullReplay = Engine.Open(store.NewJournal(), Catalog);
        Assert.Equal(live, await fullReplay.StateHashAsync());
        Assert.Equal(Enumerable.Range(1, 300).Sum(i => i % 11) + Enumerable.Range(1, 200).Sum(),
            await fullReplay.QueryAsync(w => w.Get<CounterState>().Total));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_command_index_is_made_room_for_the_expected_commands_and_still_refuses_a_repeated_id(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        await using (var engine = Engine.Open(store.NewJournal(), Catalog))
        {
            await Task.WhenAll(Enumerable.Range(1, 300).Select(i => engine.SubmitAsync(Envelope($"c-{i}", new Add(1)))));
            Assert.InRange(engine.CommandIndexCapacity, 300, 20_000);   // grown as needed
        }
        // 43,500 alone would get 43,627 places (the next of .NET's prime sizes); with the journal's 300 it needs more.
        await using (var sized = Engine.Open(store.NewJournal(), Catalog, new EngineOptions { ExpectedCommands = 43_500 }))
        {
            Assert.InRange(sized.CommandIndexCapacity, 300 + 43_500, 60_000);
            // The ids of the journal are known as before: a repeat is answered from its first outcome, not decided again.
            var again = await sized.SubmitAsync(Envelope("c-7", new Add(1)));
            Assert.True(again.Replayed);
            Assert.True((await sized.SubmitAsync(Envelope("c-301", new Add(1)))).Accepted);
        }

        // Out of range, refused; the journal it was given is let go, also a claimed writer's, so the market opens again.
        foreach (var expected in new[] { -1, EngineOptions.MaxExpectedCommands + 1 })
        {
            var claimed = store.NewJournal();
            claimed.Open();
            claimed.ClaimWriter();
            Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Open(claimed, Catalog, new EngineOptions { ExpectedCommands = expected }));
        }
        await using var reopened = Engine.Open(store.NewJournal(), Catalog);
        Assert.True((await reopened.SubmitAsync(Envelope("c-302", new Add(1)))).Accepted);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Automatic_snapshots_bound_the_replay(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        string live;
        await using (var engine = Engine.Open(store.NewJournal(), Catalog, new EngineOptions { SnapshotEvery = 100, MaxBatch = 50 }))
        {
            for (var round = 0; round < 5; round++)
                await Task.WhenAll(Enumerable.Range(1, 100).Select(i => engine.SubmitAsync(Envelope($"r{round}-{i}", new Add(i)))));
            live = await engine.StateHashAsync();
        }
        using (var journal = store.OpenJournal())
            Assert.InRange(journal.LatestSnapshot()!.Seq, 300, 500);
        await using var restarted = Engine.Open(store.NewJournal(), Catalog);
        Assert.Equal(live, await restarted.StateHashAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_journal_failure_stops_the_engine_and_acknowledges_nothing_after_it(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var engine = Engine.Open(store.NewJournal(), Catalog);
        var before = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => engine.SubmitAsync(Envelope($"ok-{i}", new Add(1)))));
        Assert.All(before, o => Assert.True(o.Accepted));

        // The table disappears under the running engine.
        store.Execute($"ALTER TABLE {store.Table("entries")} RENAME TO entries_gone");
        var after = Enumerable.Range(1, 50).Select(i => Try(() => engine.SubmitAsync(Envelope($"lost-{i}", new Add(1))))).ToArray();
        var results = await Task.WhenAll(after);

        Assert.All(results, r => Assert.True(r is EngineFaultedException or ObjectDisposedException, $"expected a failure, got {r}"));
        Assert.Equal(20, engine.DurableSeq);
        await Assert.ThrowsAsync<EngineFaultedException>(() => engine.SubmitAsync(Envelope("later", new Add(1))));
        await engine.DisposeAsync();

        store.Execute(kind == StoreKind.Sqlite ? "ALTER TABLE entries_gone RENAME TO entries" : "ALTER TABLE openets.entries_gone RENAME TO entries");
        using var journal = store.OpenJournal();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"ok-{i}"), journal.Read(0).Select(e => e.CommandId));
        Assert.True(ChainVerifier.Verify(journal).Sound);
        await using var restarted = Engine.Open(store.NewJournal(), Catalog);
        Assert.Equal(20, await restarted.QueryAsync(w => w.Get<CounterState>().Total));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_command_that_cannot_be_encoded_stops_the_engine_and_acknowledges_nothing_after_it(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var engine = Engine.Open(store.NewJournal(), Catalog);
        Assert.True((await engine.SubmitAsync(Envelope("ok-1", new Add(1)))).Accepted);

        // Not a number: decided (a measure changes nothing), then refused by the sealer's JSON encoding.
        var fault = Assert.IsType<EngineFaultedException>(await Try(() => engine.SubmitAsync(Envelope("bad", new Measure(double.NaN)))));
        Assert.Contains("could not be encoded for the journal", fault.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EngineFaultedException>(() => engine.SubmitAsync(Envelope("later", new Add(1))));
        Assert.Equal(1, engine.DurableSeq);
        await engine.DisposeAsync();

        using var journal = store.OpenJournal();
        Assert.Equal(["ok-1"], journal.Read(0).Select(e => e.CommandId));
        Assert.True(ChainVerifier.Verify(journal).Sound);
        await using var restarted = Engine.Open(store.NewJournal(), Catalog);
        Assert.Equal(1, await restarted.QueryAsync(w => w.Get<CounterState>().Total));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Batches_waiting_for_the_writer_are_committed_in_one_transaction(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var journal = new GatedJournal(store.NewJournal());
        await using var engine = Engine.Open(journal, Catalog);
        var (first, waiting) = await LineUpBehindHeldWriter(engine, journal, ("b", new Add(1)), ("c", new Add(1)), ("d", new Add(1)));

        Assert.True((await first).Accepted);
        Assert.All(await Task.WhenAll(waiting), o => Assert.True(Assert.IsType<Outcome>(o).Accepted));
        Assert.Equal([1, 3], journal.Appends);
        Assert.Equal(4, engine.DurableSeq);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_batch_that_cannot_be_encoded_is_not_joined_to_those_before_it_which_are_committed(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var gated = new GatedJournal(store.NewJournal());
        await using var engine = Engine.Open(gated, Catalog);
        var (first, sent) = await LineUpBehindHeldWriter(engine, gated, ("b", new Add(1)), ("bad", new Measure(double.NaN)), ("d", new Add(1)));

        Assert.True((await first).Accepted);
        Assert.True(Assert.IsType<Outcome>(await sent[0]).Accepted);
        Assert.IsType<EngineFaultedException>(await sent[1]);
        Assert.IsType<EngineFaultedException>(await sent[2]);
        Assert.Equal([1, 1], gated.Appends);
        await engine.DisposeAsync();
        using var journal = store.OpenJournal();
        Assert.Equal(["a", "b"], journal.Read(0).Select(e => e.CommandId));
        Assert.True(ChainVerifier.Verify(journal).Sound);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Under_load_a_command_that_cannot_be_encoded_fails_with_what_follows_and_every_acknowledged_command_is_journaled(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var engine = Engine.Open(store.NewJournal(), Catalog);
        // Many clients keep the engine busy, so the writer finds several sealed batches waiting and commits them together;
        // the one that could not be encoded must not be joined to them, and nothing after it may be acknowledged.
        const int clients = 40, each = 60;
        var sent = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = new List<(string Id, object Result)>();
            for (var i = 0; i < each; i++)
            {
                var id = $"c{c}-{i}";
                Command body = c == 7 && i == 30 ? new Measure(double.NaN) : new Add(1);
                mine.Add((id, await Try(() => engine.SubmitAsync(Envelope(id, body)))));
            }
            return mine;
        })).ToArray();
        var results = (await Task.WhenAll(sent)).SelectMany(r => r).ToList();
        await engine.DisposeAsync();

        var acknowledged = results.Where(r => r.Result is Outcome).Select(r => r.Id).ToHashSet();
        Assert.IsType<EngineFaultedException>(results.Single(r => r.Id == "c7-30").Result);
        Assert.All(results.Where(r => r.Result is not Outcome), r => Assert.True(r.Result is EngineFaultedException or ObjectDisposedException, $"{r.Id}: {r.Result}"));
        using var journal = store.OpenJournal();
        var journaled = journal.Read(0).Select(e => e.CommandId).ToList();
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), journaled.Order(StringComparer.Ordinal));
        Assert.True(ChainVerifier.Verify(journal).Sound);
        await using var restarted = Engine.Open(store.NewJournal(), Catalog);
        Assert.Equal(acknowledged.Count, await restarted.QueryAsync(w => w.Get<CounterState>().Total));
    }

    /// <summary>
    /// Holds the writer at its append with command "a" in it, then sends each command once the one before waits sealed
    /// behind it (so each is a batch of its own), and lets the writer go; the answers, or what each call threw.
    /// </summary>
    private static async Task<(Task<Outcome> First, List<Task<object>> Lined)> LineUpBehindHeldWriter(Engine engine, GatedJournal journal,
        params (string Id, Command Body)[] commands)
    {
        journal.Hold();
        var first = engine.SubmitAsync(Envelope("a", new Add(1)));
        journal.Entered.Wait(TimeSpan.FromSeconds(30));
        var lined = new List<Task<object>>();
        foreach (var (id, body) in commands)
        {
            lined.Add(Try(() => engine.SubmitAsync(Envelope(id, body))));
            await UntilWaiting(engine, lined.Count);
        }
        journal.Release();
        return (first, lined);
    }

    /// <summary>Waits until this many sealed batches wait for the writer (which the test holds).</summary>
    private static async Task UntilWaiting(Engine engine, int batches)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (engine.BatchesAwaitingWriter < batches)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{engine.BatchesAwaitingWriter} batches wait for the writer, not {batches}");
            await Task.Delay(5);
        }
        Assert.Equal(batches, engine.BatchesAwaitingWriter);
    }

    private static async Task<object> Try(Func<Task<Outcome>> submit)
    {
        try
        {
            return await submit();
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static CommandEnvelope Envelope(string id, Command body) => new(id, "operator-1", Time, body);

    /// <summary>
    /// A real journal whose appends can be held at the door, to line batches up behind the writer; it records how many
    /// entries each append carried.
    /// </summary>
    private sealed class GatedJournal(IJournal inner) : IJournal
    {
        private readonly ManualResetEventSlim _gate = new(true);

        public ManualResetEventSlim Entered { get; } = new(false);

        public List<int> Appends { get; } = [];

        public void Hold() => _gate.Reset();

        public void Release() => _gate.Set();

        public string Description => inner.Description;

        public JournalHead Open() => inner.Open();

        public void Append(IReadOnlyList<JournalEntry> entries)
        {
            Entered.Set();
            _gate.Wait();
            inner.Append(entries);
            lock (Appends)
                Appends.Add(entries.Count);
        }

        public void ClaimWriter() => inner.ClaimWriter();

        public IEnumerable<JournalEntry> Read(long afterSeq) => inner.Read(afterSeq);

        public JournalEntry? ReadOne(long seq) => inner.ReadOne(seq);

        public IEnumerable<(string CommandId, byte[] ContentHash, long Seq)> ReadCommandIndex() => inner.ReadCommandIndex();

        public IEnumerable<RawJournalRow> ReadRaw() => inner.ReadRaw();

        public JournalHead? RecordedHead() => inner.RecordedHead();

        public StoredSnapshot? LatestSnapshot() => inner.LatestSnapshot();

        public void SaveSnapshot(StoredSnapshot snapshot) => inner.SaveSnapshot(snapshot);

        public void Dispose()
        {
            inner.Dispose();
            _gate.Dispose();
            Entered.Dispose();
        }
    }
}
