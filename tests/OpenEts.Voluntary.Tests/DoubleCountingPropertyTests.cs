// No serial is ever counted twice: random streams of transfers, retirements, surrenders and cancellations
// (including attempts to spend again) keep the book conserved, disjoint, and every spent serial final.
using CsCheck;
using OpenEts.Core;
using OpenEts.Voluntary.Credits;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Serials;

namespace OpenEts.Voluntary.Tests;

public sealed class DoubleCountingPropertyTests
{
    private static readonly string[] Holders = ["owner-a", "buyer-b", "buyer-c", VoluntaryState.BufferHolder];

    private sealed record Step(int Kind, int From, int To, long Quantity, bool SecondVintage, int ReuseId);

    private static readonly Gen<Step> StepGen =
        from kind in Gen.Int[0, 4]
        from src in Gen.Int[0, 3]
        from dst in Gen.Int[0, 3]
        from quantity in Gen.OneOf(Gen.Long[1, 50], Gen.Long[1, 2_000])
        from second in Gen.Bool
        from reuse in Gen.Int[0, 4]
        select new Step(kind, src, dst, quantity, second, reuse);

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
        var from = Holders[s.From];
        var id = s.ReuseId == 0 && n > 1 ? $"U{n - 1}" : $"U{n}"; // sometimes reuse the previous record id
        return s.Kind switch
        {
            0 => new TransferCredits(from, Holders[s.To], "P0001", vintage, s.Quantity),
            1 => new RetireCredits(id, from, "P0001", vintage, s.Quantity, "Beneficiary " + from, "claim"),
            2 => new SurrenderCredits(id, from, "P0001", vintage, s.Quantity, 2025, 1_000_000),
            3 => new CancelCredits(id, from, "P0001", vintage, s.Quantity, "registry correction"),
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
                m.Decide(ToCommand(step, n), "2026-04-01");
                AssertInvariants(m.State);
            }
        }, iter: 300);
    }

    private static void AssertInvariants(VoluntaryState s)
    {
        foreach (var (vintage, issued) in new[] { (2024, 3_000L), (2025, 2_000L) })
        {
            var cls = new CreditClass("P0001", vintage);
            var blocks = s.Book.BlocksOf(cls).ToList();
            // Conservation: issued = held + buffer + retired + surrendered + cancelled, and the blocks tile 1..issued.
            Assert.Equal(issued, blocks.Sum(b => b.Range.Count));
            Assert.True(SerialRange.AreDisjoint(blocks.Select(b => b.Range)));
            Assert.Equal([new SerialRange(1, issued)], SerialRange.Normalize(blocks.Select(b => b.Range)));
            // Every spent serial appears in exactly one public record, and the book agrees it is final.
            var spent = s.Uses.Where(u => u.Vintage == vintage).SelectMany(u => u.Ranges.Select(r => (u.Kind, Range: r))).ToList();
            Assert.True(SerialRange.AreDisjoint(spent.Select(x => x.Range)), "a serial was spent twice");
            var finalInBook = blocks.Where(b => CreditBook.IsFinal(b.Status)).Sum(b => b.Range.Count);
            Assert.Equal(finalInBook, spent.Sum(x => x.Range.Count));
            foreach (var (kind, range) in spent)
            {
                Assert.All(blocks.Where(b => b.Range.Overlaps(range)), b => Assert.Equal(CreditUse.StatusAfter(kind), b.Status));
                Assert.Equal("serial_final", s.Book.CheckHeld("owner-a", cls, [range])!.Code);
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
            var replayed = new ModuleCatalog(new VoluntaryModule()).CreateWorld();
            foreach (var e in m.Events)
                replayed.Apply(e);
            Assert.Equal(m.World.StateHash(), replayed.StateHash());
            var restored = new ModuleCatalog(new VoluntaryModule()).CreateWorld();
            restored.Restore(m.World.Snapshot());
            Assert.Equal(m.World.StateHash(), restored.StateHash());
        }, iter: 50);
    }
}
