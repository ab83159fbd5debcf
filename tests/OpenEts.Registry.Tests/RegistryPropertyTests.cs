// Property tests over random command streams, valid and invalid mixed: conservation, no negative
// balance, locked within held, serials disjoint and complete, rejections change nothing, and replay
// (from events or from a snapshot) reproduces the same state hash.
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Registry.Tests;

public sealed class RegistryPropertyTests
{
    private static readonly string[] Accounts = ["E1", "E2", "I1", "cn-ISSUANCE", "cn-RESERVE", "cn-AUCTION", "cn-SURRENDER", "NOPE"];
    private static readonly string[] Classes = ["CEA21", "CCER-P1-2024", "CNY", "CEA99"];
    private static readonly string[] Actors = ["ent-1", "ent-2", "inv-1", "registry", "exchange", "regulator"];
    private static readonly string[] LockIds = ["L1", "L2", "L3"];

    private static readonly Gen<long> Quantity = Gen.Frequency(
        (6, Gen.Long[1, 5_000]), (2, Gen.Long[5_000, 700_000]), (1, Gen.Long[-3, 0]), (1, Gen.Const(long.MaxValue)));

    private static readonly Gen<Command> AnyCommand = Gen.Frequency(
        (8, Gen.Select(Gen.OneOf(Accounts), Gen.OneOf(Accounts), Gen.OneOf(Classes), Quantity,
            (f, t, c, q) => (Command)new Transfer(f, t, c, q))),
        (3, Gen.Select(Gen.OneOf(Accounts), Gen.OneOf(Accounts), Gen.OneOf(Accounts), Gen.OneOf(Classes), Quantity,
            (a, b, c, k, q) => (Command)new LinkedTransfer([new TransferLeg(a, b, k, q), new TransferLeg(b, c, "CNY", q * 50)]))),
        (2, Gen.Select(Gen.OneOf(LockIds), Gen.OneOf(Accounts), Gen.OneOf(Classes), Quantity,
            (l, a, c, q) => (Command)new Lock(l, a, c, q, LockReason.Order))),
        (2, Gen.Select(Gen.OneOf(LockIds), Gen.OneOf(Accounts), Gen.OneOf(Classes), Quantity,
            (l, t, c, q) => (Command)new Transfer("E1", t, c, q, l))),
        (1, Gen.OneOf(LockIds).Select(l => (Command)new Unlock(l))),
        (1, Gen.Select(Gen.OneOf(Accounts), Gen.OneOf(Classes), Quantity, (a, c, q) => (Command)new Surrender(a, c, q, 2021))),
        (1, Gen.Select(Gen.OneOf(Accounts), Gen.OneOf(Classes), Quantity, (a, c, q) => (Command)new Retire(a, c, q, "b", "p"))),
        (1, Gen.Select(Gen.OneOf(Classes), Gen.OneOf(Accounts), Quantity, (c, a, q) => (Command)new Issue(c, a, q))),
        (1, Gen.Select(Gen.OneOf(Accounts), Quantity, (a, q) => (Command)new DepositCash(a, q))),
        (1, Gen.Select(Gen.OneOf(Accounts), Quantity, (a, q) => (Command)new WithdrawCash(a, q))),
        (1, Gen.OneOf(Accounts).Select(a => (Command)new FreezeAccount(a, "test"))),
        (1, Gen.OneOf(Accounts).Select(a => (Command)new UnfreezeAccount(a))));

    private static readonly Gen<(string Actor, Command Command)[]> Stream =
        Gen.Select(Gen.OneOf(Actors), AnyCommand).Array[1, 60];

    [Fact]
    public void Invariants_hold_and_rejections_change_nothing_over_random_streams()
    {
        Stream.Sample(stream =>
        {
            var m = new MarketFixture();
            var lockCount = 0;
            foreach (var (actor, command) in stream)
            {
                // Lock ids must be fresh to be accepted; vary them so locks actually get used.
                var cmd = command is Lock l ? l with { LockId = l.LockId + "-" + (lockCount++ % 2) } : command;
                var before = m.World.StateHash();
                var outcome = m.Submit(actor, cmd);
                if (!outcome.Accepted)
                    Assert.Equal(before, m.World.StateHash());
                var violations = RegistryInvariants.Violations(m.Registry);
                Assert.True(violations.Count == 0, string.Join("; ", violations) + " after " + cmd);
            }
        }, iter: 300);
    }

    [Fact]
    public void Replay_from_events_and_from_a_snapshot_reproduces_the_state_hash()
    {
        Stream.Sample(stream =>
        {
            var m = new MarketFixture();
            var events = new List<Event>();
            foreach (var (actor, command) in stream)
                events.AddRange(m.Submit(actor, command).Events);

            var rebuilt = new MarketFixture();
            foreach (var e in events)
                rebuilt.World.Apply(e);
            Assert.Equal(m.World.StateHash(), rebuilt.World.StateHash());

            var restored = new ModuleCatalog(new RegistryModule()).CreateWorld();
            restored.Restore(m.World.Snapshot());
            Assert.Equal(m.World.StateHash(), restored.StateHash());
        }, iter: 200);
    }

    [Fact]
    public void Serial_sets_split_and_merge_without_losing_or_duplicating_a_serial()
    {
        // Random moves of serial ranges between three sets; the union stays exactly 1..N, disjoint.
        Gen.Select(Gen.Long[1, 200], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Bool).Array[1, 80].Sample(moves =>
        {
            var sets = new[] { new SerialSet(), new SerialSet(), new SerialSet() };
            sets[0].Add(new SerialRange(1, 1_000));
            foreach (var (quantity, from, to, specific) in moves)
            {
                if (from == to || sets[from].Count < quantity)
                    continue;
                var taken = specific && sets[from].Ranges.Count > 0 && sets[from].Ranges[^1].Count >= quantity
                    ? [new SerialRange(sets[from].Ranges[^1].End - quantity + 1, sets[from].Ranges[^1].End)]
                    : sets[from].Lowest(quantity);
                foreach (var r in taken)
                {
                    sets[from].Remove(r);
                    sets[to].Add(r);
                }
            }
            var all = sets.SelectMany(s => s.Ranges).OrderBy(r => r.Start).ToList();
            Assert.Equal(1_000, sets.Sum(s => s.Count));
            long next = 1;
            foreach (var r in all)
            {
                Assert.Equal(next, r.Start);
                next = r.End + 1;
            }
            Assert.Equal(1_001, next);
            foreach (var s in sets)
            {
                for (var i = 1; i < s.Ranges.Count; i++)
                    Assert.True(s.Ranges[i - 1].End + 1 < s.Ranges[i].Start, "ranges in a set are merged when adjacent");
            }
        }, iter: 500);
    }
}
