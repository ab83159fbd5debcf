// The cycle script: obligations only where MRV is final, surrender from holdings as far as they go
// (CCER first within the cap, then eligible allowances oldest vintage first), and nothing twice.
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Allocation.Tests.CycleMarket;

namespace OpenEts.Allocation.Tests;

public class CycleScriptTests
{
    private static void Apply(CycleMarket m, IReadOnlyList<SetupStep> steps)
    {
        foreach (var s in steps)
            m.Ok(s.Command, s.Actor);
    }

    [Fact]
    public void Obligations_wait_for_final_reports_and_surrender_takes_ccer_then_the_oldest_eligible_vintage()
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
        m.Entity("S1");
        m.Entity("S2");
        m.Ok(new IssueAllocation("S1", 2023, "S1-U1", 100_000));
        m.Ok(new IssueAllocation("S2", 2023, "S2-U1", 100_000));
        m.Ok(new Issue("CEA22", "cn-ISSUANCE", 3_000));
        m.Ok(new Transfer("cn-ISSUANCE", "S1", "CEA22", 3_000));
        m.GiveCcer("S1", 9_000);
        m.Verified("S1", 2023, 110_000);
        m.Verified("S2", 2023, 90_000, final: false);

        var (obligations, waiting) = CycleScript.Obligations(m.World, 2023, MarketSetup.Regulator);
        Assert.Equal(["S2"], waiting);
        Apply(m, obligations);

        // S1 owes 110,000: CCER 5,500 (5%), then CEA22 3,000 (older), then CEA23 100,000 → 1,500 short.
        var today = DateOnly.FromDateTime(BeforeDeadline2023.UtcDateTime);
        var surrenders = CycleScript.Surrenders(m.World, 2023, today, MarketSetup.Regulator);
        Assert.Equal([(Ccer, 5_500L), ("CEA22", 3_000L), ("CEA23", 100_000L)],
            surrenders.Select(s => (((SurrenderForYear)s.Command).ClassId, ((SurrenderForYear)s.Command).QuantityT)).ToArray());
        Apply(m, surrenders);
        Assert.Empty(CycleScript.Surrenders(m.World, 2023, today, MarketSetup.Regulator));

        // More allowances later: the next surrender has its own id (it carries what was already surrendered).
        m.Ok(new Issue("CEA23", "cn-ISSUANCE", 2_000));
        m.Ok(new Transfer("cn-ISSUANCE", "S1", "CEA23", 2_000));
        var more = Assert.Single(CycleScript.Surrenders(m.World, 2023, today, MarketSetup.Regulator));
        Assert.Equal("compliance:2023:surrender:S1:CEA23:108500", more.CommandId);
        Assert.Equal(1_500L, ((SurrenderForYear)more.Command).QuantityT);
        Assert.Empty(CycleScript.Surrenders(m.World, 2023, new DateOnly(2025, 1, 1), MarketSetup.Regulator));
    }

    [Fact]
    public void Issuance_opens_what_is_missing_and_names_each_unit_once()
    {
        var m = new CycleMarket();
        var plan = Rulebooks.PowerPlan("cn-power-2023");
        var units = new[]
        {
            new Allocation.GeneratingUnit("U1", "E1", Fuel.Gas, UnitCategory.Gas, Cooling.Water, 800_000m, 0m, 0m, 0.6m),
            new Allocation.GeneratingUnit("U2", "E1", Fuel.Coal, UnitCategory.CoalGt300, Cooling.Water, 2_850_000m, 0m, 0m, 0.9m),
        };
        var (allocations, _) = Allocation.BenchmarkAllocation.AllocateAll(plan, units);
        var steps = CycleScript.Issuance(m.World, plan, 2023, units, allocations, MarketSetup.Regulator);
        Assert.Equal(["compliance:2023:open", "registry:account:E1", "compliance:entity:E1", "allocation:cn-power-2023:2023:U1", "allocation:cn-power-2023:2023:U2"],
            steps.Select(s => s.CommandId).ToArray());
        Apply(m, steps);
        Assert.Equal(Fuel.Coal, m.State.Entities["E1"].Fuel);
        Assert.Equal(allocations.Sum(a => a.TotalT), m.Held("E1", "CEA23"));
        Assert.Equal(["allocation:cn-power-2023:2023:U1", "allocation:cn-power-2023:2023:U2"],
            CycleScript.Issuance(m.World, plan, 2023, units, allocations, MarketSetup.Regulator).Select(s => s.CommandId).ToArray());
    }

    [Fact]
    public void Issuance_registers_an_entity_with_the_account_its_holder_already_has()
    {
        // E2 holds E2-ACCT in cn: a holder has one account in a market, so the script registers E2 with it and opens none.
        var m = new CycleMarket();
        m.Ok(new OpenAccount("E2-ACCT", "cn", "E2", AccountKind.CoveredEntity), MarketSetup.RegistryOperator);
        var plan = Rulebooks.PowerPlan("cn-power-2023");
        var units = new[] { new Allocation.GeneratingUnit("U1", "E2", Fuel.Coal, UnitCategory.CoalGt300, Cooling.Water, 2_850_000m, 0m, 0m, 0.9m) };
        var (allocations, _) = Allocation.BenchmarkAllocation.AllocateAll(plan, units);
        var steps = CycleScript.Issuance(m.World, plan, 2023, units, allocations, MarketSetup.Regulator);
        Assert.Equal(["compliance:2023:open", "compliance:entity:E2", "allocation:cn-power-2023:2023:U1"], steps.Select(s => s.CommandId).ToArray());
        Assert.Equal("E2-ACCT", ((RegisterEntity)steps[1].Command).Account);
        Apply(m, steps);
        Assert.Equal(allocations.Sum(a => a.TotalT), m.Held("E2-ACCT", "CEA23"));
        Assert.False(m.Registry.Accounts.ContainsKey("E2"));
    }
}
