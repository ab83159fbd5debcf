// Where an allowance class trades under a rulebook with a position limit (a pilot's), a compliance entity's limit is
// its allocation plus the rulebook's margin. The cycle passes each entity's allocation of the class on to the exchange
// as it issues and trues up, so the limit follows the allocation without the regulator recording it by hand; under the
// national rulebooks, which set no limit, nothing is recorded.
using OpenEts.Allocation.Cycle;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;

namespace OpenEts.Allocation.Tests;

public sealed class PositionAllocationPassTests
{
    private static readonly PositionLimit Limit = new(ComplianceOverAllocationT: 1_000_000, OtherT: 1_000_000,
        DisclosureComplianceOverAllocationT: 500_000, DisclosureOtherT: 500_000);

    private static CycleMarket WithLimit() => new(withExchange: true, TradingRulebook.National with { PositionLimit = Limit });

    private static long Recorded(CycleMarket m, string account, string instrument) =>
        m.World.Get<ExchangeState>().PositionAllocations.Of(account, instrument);

    [Fact]
    public void Each_issuance_passes_the_entitys_allocation_of_the_class_on_and_its_limit_follows()
    {
        var m = WithLimit();
        m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
        m.Ok(new OpenComplianceYear(2024, "cn-power-2024"));
        m.Entity("S1");
        var first = m.Ok(new IssueAllocation("S1", 2023, "S1-U1", 300_000));
        Assert.Contains(first.Events, e => e is PositionAllocationSet { Account: "S1", Instrument: "CEA23", AllocationT: 300_000, Actor: MarketSetup.Regulator });
        m.Ok(new IssueAllocation("S1", 2023, "S1-U2", 200_000));
        Assert.Equal(500_000L, Recorded(m, "S1", "CEA23"));
        Assert.Equal(1_500_000L, PositionLimits.Of(m.World, Limit, "CEA23", "S1").LimitT);
        Assert.Equal(1_000_000L, PositionLimits.Of(m.World, Limit, "CEA23", "S1").DisclosureT);

        // Another year's allowances are another class, with an allocation of their own.
        m.Ok(new IssueAllocation("S1", 2024, "S1-U1", 70_000));
        Assert.Equal((500_000L, 70_000L), (Recorded(m, "S1", "CEA23"), Recorded(m, "S1", "CEA24")));
    }

    [Fact]
    public void Both_years_a_class_serves_add_up_and_a_figure_the_regulator_recorded_by_hand_is_kept()
    {
        var m = WithLimit();
        m.Ok(new OpenComplianceYear(2019, "cn-power-2019-2020"));
        m.Ok(new OpenComplianceYear(2020, "cn-power-2019-2020"));
        m.Entity("S1");
        // 40,000 t of CEA19-20 the regulator allocated outside the cycle, recorded by hand.
        m.Ok(new SetPositionAllocation("S1", "CEA19-20", 40_000));
        m.Ok(new IssueAllocation("S1", 2019, "S1-U1", 300_000));
        m.Ok(new IssueAllocation("S1", 2020, "S1-U1", 250_000));
        Assert.Equal(590_000L, Recorded(m, "S1", "CEA19-20"));
        Assert.Equal(1_590_000L, PositionLimits.Of(m.World, Limit, "CEA19-20", "S1").LimitT);
    }

    [Fact]
    public void A_true_up_that_takes_units_back_lowers_the_recorded_allocation_and_the_limit()
    {
        var plan = PlanVariants.SteelWithBenchmark2025();
        var m = WithLimit();
        m.Ok(new OpenComplianceYear(2024, "cn-power-2024"), time: IndustrySectorTests.During2025);
        m.Ok(new OpenComplianceYear(2024, "cn-steel-2024"), time: IndustrySectorTests.During2025);
        m.Entity("DOWN", sector: "steel");
        m.Verified("DOWN", 2024, 5_000_000, sector: "steel");
        m.Ok(new OpenComplianceYear(2025, plan), time: IndustrySectorTests.During2025);
        m.Ok(new PreAllocate("DOWN", 2025), time: IndustrySectorTests.During2025);
        Assert.Equal(3_500_000L, Recorded(m, "DOWN", "CEA25"));
        // 1,500,000 t crude steel × 1.8 = 2,700,000 t: 800,000 t taken back, and the limit with them.
        var down = m.Ok(new TrueUpAllocation("DOWN", 2025, 1_500_000), time: IndustrySectorTests.During2025);
        Assert.Contains(down.Events, e => e is PositionAllocationSet { Account: "DOWN", Instrument: "CEA25", AllocationT: 2_700_000 });
        Assert.Equal(3_700_000L, PositionLimits.Of(m.World, Limit, "CEA25", "DOWN").LimitT);
    }

    [Fact]
    public void Under_the_national_rulebook_which_sets_no_limit_nothing_is_recorded()
    {
        var m = new CycleMarket(withExchange: true);
        m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
        m.Entity("S1");
        var issued = m.Ok(new IssueAllocation("S1", 2023, "S1-U1", 300_000));
        Assert.DoesNotContain(issued.Events, e => e is PositionAllocationSet);
        Assert.Empty(m.World.Get<ExchangeState>().PositionAllocations.All);
    }

    [Fact]
    public void Without_the_exchange_in_the_market_the_cycle_issues_as_before()
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
        m.Entity("S1");
        var issued = m.Ok(new IssueAllocation("S1", 2023, "S1-U1", 300_000));
        Assert.DoesNotContain(issued.Events, e => e is PositionAllocationSet);
        Assert.Equal(300_000L, m.Held("S1", "CEA23"));
    }
}
