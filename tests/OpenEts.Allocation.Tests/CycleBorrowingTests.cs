// Borrowing in the engine's cycle under the 2021 plan: a company whose gap exceeds 10% of its allocation
// may borrow up to half the gap from the 2023 vintage; the borrowed units are issued and surrendered through
// the registry and deducted from the next allocation. The cycle agrees with the calculator on the same case.
using CsCheck;
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Allocation.Tests;

public class CycleBorrowingTests
{
    private static readonly DateTimeOffset BeforeDeadline2021 = new(2023, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterDeadline2021 = new(2024, 1, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>2021 open under cn-power-2021; S1 allocated 100,000 t and verified at 130,000 t (obligation 126,000 after the 20% cap).</summary>
    private static CycleMarket Open2021(long allocation = 100_000, long verified = 130_000)
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2021, "cn-power-2021"), time: BeforeDeadline2021);
        m.Entity("S1");
        m.Ok(new IssueAllocation("S1", 2021, "S1-U1", allocation), time: BeforeDeadline2021);
        m.Verified("S1", 2021, verified);
        m.Ok(new SetObligation("S1", 2021), time: BeforeDeadline2021);
        return m;
    }

    [Fact]
    public void Half_the_gap_is_borrowed_from_the_2023_vintage_surrendered_at_once_and_deducted_from_the_next_allocation()
    {
        var m = Open2021();
        var o = m.State.Obligations[(2021, "S1")];
        Assert.Equal(126_000, o.ObligationT);
        m.Ok(new SurrenderForYear("S1", 2021, "CEA21", 100_000), time: BeforeDeadline2021);

        // Gap 26,000 t > 10% of 100,000 t: at most 50% × 26,000 = 13,000 t.
        var before = m.World.StateHash();
        Assert.Equal("borrowing_limit_exceeded", m.Code(new BorrowForYear("S1", 2021, 13_001), time: BeforeDeadline2021));
        Assert.Equal(before, m.World.StateHash());
        m.Ok(new BorrowForYear("S1", 2021, 13_000), "S1", BeforeDeadline2021);

        Assert.Equal(13_000, o.BorrowedT);
        Assert.Equal(113_000, o.SurrenderedT);
        Assert.Equal(0, m.Held("S1", "CEA23"));
        Assert.Equal(13_000, m.Held("cn-SURRENDER", "CEA23"));
        Assert.Equal(13_000, m.State.Entities["S1"].PendingDeductionT);
        Assert.Equal("borrowing_limit_exceeded", m.Code(new BorrowForYear("S1", 2021, 1), time: BeforeDeadline2021));

        // At close the borrowed units count; the 13,000 t still missing is the shortfall, deducted next year too.
        m.Ok(new CloseComplianceYear(2021, 50_00), time: AfterDeadline2021);
        var result = o.Result!;
        Assert.Equal(ComplianceStatus.Partly, result.Status);
        Assert.Equal(13_000, result.ShortfallT);
        Assert.Equal(113_000, result.SurrenderedT);
        Assert.Equal(26_000, m.State.Entities["S1"].PendingDeductionT);

        m.Ok(new OpenComplianceYear(2022, "cn-power-2022"), time: AfterDeadline2021);
        var issued = m.Ok(new IssueAllocation("S1", 2022, "S1-U1", 50_000), time: AfterDeadline2021);
        var e = Assert.Single(issued.Events.OfType<AllocationIssued>());
        Assert.Equal((26_000L, 24_000L), (e.DeductedT, e.IssuedT));

        // The engine's cycle and the calculator settle the same case alike.
        var calc = ComplianceCalculation.Settle(Rulebooks.PowerPlan("cn-power-2021"),
            new ComplianceInput(100_000, 130_000, Fuel.Coal, 100_000, 0, Fen.Zero));
        Assert.Equal((calc.BorrowedT, calc.ShortfallT), (o.BorrowedT, result.ShortfallT));
    }

    [Fact]
    public void Borrowing_is_refused_below_the_threshold_where_the_plan_has_none_and_to_others_and_changes_nothing()
    {
        // Gap 9,000 t is not above 10% of 100,000 t.
        var small = Open2021(verified: 109_000);
        var hash = small.World.StateHash();
        Assert.Equal("borrowing_limit_exceeded", small.Code(new BorrowForYear("S1", 2021, 1), time: BeforeDeadline2021));
        Assert.Equal(hash, small.World.StateHash());

        var m = Open2021();
        m.Ok(new OpenAccount("INV1", "cn", "inv-1", AccountKind.Investor), MarketSetup.RegistryOperator);
        hash = m.World.StateHash();
        Assert.Equal("not_authorized", m.Code(new BorrowForYear("S1", 2021, 1_000), "inv-1", BeforeDeadline2021));
        Assert.Equal("bad_quantity", m.Code(new BorrowForYear("S1", 2021, 0), time: BeforeDeadline2021));
        Assert.Equal("deadline_passed", m.Code(new BorrowForYear("S1", 2021, 1_000), time: AfterDeadline2021));
        Assert.Equal("unknown_entity", m.Code(new BorrowForYear("NOPE", 2021, 1_000), time: BeforeDeadline2021));
        Assert.Equal(hash, m.World.StateHash());

        // 2023 has no borrowing.
        var later = CycleMarket.Open2023(("S9", Fuel.Coal, 100_000, 150_000));
        Assert.Equal("borrowing_not_allowed", later.Code(new BorrowForYear("S9", 2023, 1_000)));
    }

    [Fact]
    public void Asked_to_the_cycle_script_borrows_what_holdings_leave_missing_within_the_limit_and_not_twice()
    {
        var m = Open2021();
        var today = DateOnly.FromDateTime(BeforeDeadline2021.UtcDateTime);
        Assert.Single(CycleScript.Surrenders(m.World, 2021, today, MarketSetup.Regulator));
        var steps = CycleScript.Surrenders(m.World, 2021, today, MarketSetup.Regulator, borrow: true);
        Assert.Equal(2, steps.Count);
        Assert.Equal(new BorrowForYear("S1", 2021, 13_000), steps[1].Command);
        foreach (var s in steps)
            m.Ok(s.Command, s.Actor, BeforeDeadline2021);
        Assert.Equal(113_000, m.State.Obligations[(2021, "S1")].SurrenderedT);
        Assert.Empty(CycleScript.Surrenders(m.World, 2021, today, MarketSetup.Regulator, borrow: true));
    }

    [Fact]
    public void Under_random_surrender_and_borrowing_the_limit_holds_units_are_conserved_and_borrowing_becomes_a_deduction()
    {
        var entityGen = Gen.Select(Gen.Long[1_000, 2_000_000], Gen.Int[50, 160], Gen.Int[0, 100], Gen.Int[0, 120]);
        entityGen.Array[1, 10].Sample(entities =>
        {
            var m = new CycleMarket();
            m.Ok(new OpenComplianceYear(2021, "cn-power-2021"), time: BeforeDeadline2021);
            var plan = Rulebooks.PowerPlan("cn-power-2021");
            for (var i = 0; i < entities.Length; i++)
            {
                var (allocation, verifiedPercent, effort, borrowPercent) = entities[i];
                var e = $"E{i}";
                m.Entity(e);
                m.Ok(new IssueAllocation(e, 2021, $"{e}-U1", allocation), time: BeforeDeadline2021);
                m.Verified(e, 2021, allocation * verifiedPercent / 100);
                m.Ok(new SetObligation(e, 2021), time: BeforeDeadline2021);
                var o = m.State.Obligations[(2021, e)];
                var surrender = Math.Min(allocation, o.ObligationT * effort / 100);
                if (surrender > 0)
                    m.Ok(new SurrenderForYear(e, 2021, "CEA21", surrender), e, BeforeDeadline2021);
                var borrowable = ComplianceCycleModule.BorrowableT(plan, o);
                var gap = o.ObligationT - o.AllocationT;
                Assert.True(borrowable <= Math.Max(0, gap / 2));
                if (gap * 10 <= o.AllocationT)
                    Assert.Equal(0, borrowable);
                var borrow = borrowable * borrowPercent / 100;
                Assert.Equal(borrow > 0 && borrow <= borrowable ? "accepted" : borrow > borrowable ? "borrowing_limit_exceeded" : "bad_quantity",
                    m.Code(new BorrowForYear(e, 2021, borrow), e, BeforeDeadline2021));
            }
            m.Ok(new CloseComplianceYear(2021), time: AfterDeadline2021);
            var s = m.State;
            foreach (var o in s.Obligations.Values)
            {
                Assert.Equal(o.ObligationT - o.Result!.ShortfallT, o.SurrenderedT);
                Assert.Equal(o.Result.ShortfallT + o.BorrowedT, s.Entities[o.Entity].PendingDeductionT);
            }
            Assert.Equal(s.Obligations.Values.Sum(o => o.BorrowedT), m.Held("cn-SURRENDER", "CEA23"));
            Assert.Equal(m.Registry.Classes["CEA23"].Issued, m.Held("cn-SURRENDER", "CEA23"));
            Assert.Equal(s.AllowancesIssuedT, m.Registry.Classes["CEA21"].Issued + m.Registry.Classes["CEA23"].Issued);
            Assert.Equal(s.AllowancesSurrenderedT, m.Held("cn-SURRENDER", "CEA21") + m.Held("cn-SURRENDER", "CEA23"));
            Assert.Empty(RegistryInvariants.Violations(m.Registry));
        }, iter: 60);
    }
}
