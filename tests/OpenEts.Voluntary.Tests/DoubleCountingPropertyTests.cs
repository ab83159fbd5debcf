// No serial is ever counted twice, now that the registry holds the credits: random streams of transfers,
// retirements, surrenders and cancellations (by the right holder or by someone else, including attempts
// to spend again and reused record ids) keep every serial in exactly one registry account, the final
// accounts exactly equal to the public record, and every spent serial unmovable.
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary.Credits;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Voluntary.Tests;

public sealed class DoubleCountingPropertyTests
{
    private static readonly string[] Accounts = ["OWNER-A", "BUYER-B", "BUYER-C", Market.Reserve];
    private static readonly string[] Intruders = ["owner-b", "VER1", "acme"];
    private static readonly string[] FinalAccounts = ["cn-RETIREMENT", "cn-SURRENDER", "cn-CANCELLATION"];

    private sealed record Step(int Kind, int From, int To, long Quantity, bool SecondVintage, int ReuseId, bool Intruder);

    private static readonly Gen<Step> StepGen =
        from kind in Gen.Int[0, 5]
        from src in Gen.Int[0, 3]
        from dst in Gen.Int[0, 3]
        from quantity in Gen.OneOf(Gen.Long[1, 50], Gen.Long[1, 2_000])
        from second in Gen.Bool
        from reuse in Gen.Int[0, 4]
        from intruder in Gen.Int[0, 9]
        select new Step(kind, src, dst, quantity, second, reuse, intruder == 0);

    private static Market Start()
    {
        var m = new Market();
        m.Register(Market.Wind() with { Name = "Fir afforestation", Methodology = "CCER-14-001-V01", CreditingEnd = new DateOnly(2041, 12, 31) });
        m.Issue("P0001", "R1", 3_000, vintage: 2024);
        m.Issue("P0001", "R2", 2_000, vintage: 2025);
        return m;
    }

    private static Command ToCommand(Step s, int n)
    {
        var vintage = s.SecondVintage ? 2025 : 2024;
        var from = Accounts[s.From];
        var id = s.ReuseId == 0 && n > 1 ? $"U{n - 1}" : $"U{n}"; // sometimes reuse the previous record id
        return s.Kind switch
        {
            0 => new TransferCredits(from, Accounts[s.To], "P0001", vintage, s.Quantity),
            1 => new RetireCredits(id, from, "P0001", vintage, s.Quantity, "Beneficiary " + from, "claim"),
            2 => new SurrenderCredits(id, from, "P0001", vintage, s.Quantity, 2025, 1_000_000),
            3 => new CancelCredits(id, from, "P0001", vintage, s.Quantity, "registry correction"),
            // Straight to the registry, bypassing this module: the registry's own rules still hold.
            4 => new Transfer(from, Accounts[s.To], CreditClasses.Id("P0001", vintage), s.Quantity),
            _ => new RetireCredits($"U{Math.Max(1, n - 1 - s.ReuseId)}", from, "P0001", vintage, s.Quantity, "again", "again"),
        };
    }

    [Fact]
    public void No_serial_is_ever_counted_twice_under_random_streams()
    {
        StepGen.Array[1, 60].Sample(steps =>
        {
            var m = Start();
            var n = 0;
            foreach (var step in steps)
            {
                n++;
                var command = ToCommand(step, n);
                var before = m.World.StateHash();
                var outcome = m.Decide(command, "2026-04-01", step.Intruder ? Intruders[n % Intruders.Length] : null);
                if (step.Intruder)
                    Assert.False(outcome.Accepted, $"{Intruders[n % Intruders.Length]} moved credits with {command}");
                if (!outcome.Accepted)
                    Assert.Equal(before, m.World.StateHash());
                AssertInvariants(m);
            }
        }, iter: 200);
    }

    private static void AssertInvariants(Market m)
    {
        // Conservation and tiling: every issued serial in exactly one account, none anywhere else.
        Assert.Empty(RegistryInvariants.Violations(m.Registry));
        foreach (var (vintage, issued) in new[] { (2024, 3_000L), (2025, 2_000L) })
        {
            var all = m.Registry.Holdings.Where(h => h.Key.Class == CreditClasses.Id("P0001", vintage)).SelectMany(h => h.Value.Serials!.Ranges);
            Assert.Equal([new SerialRange(1, issued)], SerialRange.Normalize(all));
            // Every spent serial appears in exactly one public record, of the kind of the final account holding it.
            var uses = m.State.Uses.Where(u => u.Vintage == vintage).ToList();
            Assert.True(SerialRange.AreDisjoint(uses.SelectMany(u => u.Ranges)), "a serial was spent twice");
            foreach (var kind in Enum.GetValues<CreditUseKind>())
            {
                var account = AccountKinds.SystemAccountId("cn", CreditUse.FinalAccountOf(kind));
                Assert.Equal(SerialRange.Normalize(uses.Where(u => u.Kind == kind).SelectMany(u => u.Ranges)), m.Serials(account, vintage: vintage));
            }
            // Spent serials never move again, whoever asks.
            foreach (var final in FinalAccounts.Where(a => m.Held(a, vintage: vintage) > 0))
            {
                var again = m.Decide(new Transfer(final, "OWNER-A", CreditClasses.Id("P0001", vintage), 1), "2026-04-01", MarketSetup.RegistryOperator);
                Assert.Equal("final_account", again.Rejection?.Code);
            }
        }
    }

    [Fact]
    public void Replaying_the_events_or_restoring_a_snapshot_gives_the_same_state()
    {
        StepGen.Array[1, 30].Sample(steps =>
        {
            var m = Start();
            var n = 0;
            foreach (var step in steps)
                m.Decide(ToCommand(step, ++n), "2026-04-01");
            var replayed = new ModuleCatalog(new RegistryModule(), new VoluntaryModule()).CreateWorld();
            foreach (var e in m.Events)
                replayed.Apply(e);
            Assert.Equal(m.World.StateHash(), replayed.StateHash());
            var restored = new ModuleCatalog(new RegistryModule(), new VoluntaryModule()).CreateWorld();
            restored.Restore(m.World.Snapshot());
            Assert.Equal(m.World.StateHash(), restored.StateHash());
        }, iter: 50);
    }
}
