// The reserve set-aside in the engine's cycle. No published power plan sets a reserve share (0 in every
// bundled plan), so these tests add a market's own plan: the 2024 national plan with a 5% reserve share,
// once under intensity-based control and once under total-based control with an absolute cap.
using System.Text.Json.Nodes;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Allocation.Tests;

public class ReserveSetAsideTests
{
    private static readonly DateTimeOffset In2025 = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>cn-power-2024 under another id with a 5% reserve share; with a total cap when asked.</summary>
    private static string AddPlan(string id, long? totalCapT = null) => PlanVariants.Add("cn-power-2024", id, plan =>
    {
        plan["reserve"]!["share"]!["value"] = 0.05m;
        plan["reserve"]!["share"]!["source"] = "a policy variant for tests: 5% reserve";
        if (totalCapT is { } cap)
            plan["control"] = JsonNode.Parse($$"""
                {"mode": "total", "source": "a policy variant for tests", "switch_to_total_from_year": null,
                 "total": {"base_cap_t": {"value": {{cap}}, "source": "test"}, "base_year": 2024,
                           "annual_reduction": {"value": 0.02, "source": "test"}, "share_by": {"value": "benchmark", "source": "test"} } }
                """);
    });

    private static CycleMarket Allocated(string planId)
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2024, planId), time: In2025);
        m.Entity("S1");
        m.Entity("S2");
        m.Ok(new IssueAllocation("S1", 2024, "S1-U1", 1_200_300), time: In2025);
        m.Ok(new IssueAllocation("S2", 2024, "S2-U1", 800_200), time: In2025);
        return m;
    }

    [Fact]
    public void Under_intensity_control_five_percent_of_the_years_allocation_is_issued_into_the_reserve_account_once()
    {
        var m = Allocated(AddPlan("test-reserve-intensity-2024"));
        var issuedBefore = m.Registry.Classes["CEA24"].Issued;

        var outcome = m.Ok(new SetAsideReserve(2024), time: In2025);

        // 5% of 2,000,500 t = 100,025 t, rounded down.
        var e = Assert.Single(outcome.Events.OfType<ReserveSetAside>());
        Assert.Equal((2_000_500L, 100_025L, "cn-RESERVE"), (e.CapT, e.ReserveT, e.Account));
        Assert.Equal(100_025, m.Held("cn-RESERVE", "CEA24"));
        Assert.Equal(issuedBefore + 100_025, m.Registry.Classes["CEA24"].Issued);
        Assert.Equal(100_025, m.State.Years[2024].ReserveT);
        Assert.Equal(2_000_500, m.State.AllowancesIssuedT);

        var hash = m.World.StateHash();
        Assert.Equal("reserve_already_set_aside", m.Code(new SetAsideReserve(2024), time: In2025));
        Assert.Equal(hash, m.World.StateHash());
    }

    [Fact]
    public void Under_total_control_the_reserve_is_the_share_of_the_plans_cap_for_the_year()
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2024, AddPlan("test-reserve-total-2024", totalCapT: 40_000_000)), time: In2025);

        m.Ok(new SetAsideReserve(2024), time: In2025);

        Assert.Equal(2_000_000, m.Held("cn-RESERVE", "CEA24"));
        Assert.Equal(2_000_000, m.State.Years[2024].ReserveT);
    }

    [Fact]
    public void A_plan_without_a_reserve_share_an_empty_year_another_actor_and_an_unopened_year_are_refused_and_change_nothing()
    {
        var national = new CycleMarket();
        national.Ok(new OpenComplianceYear(2024, "cn-power-2024"), time: In2025);
        var hash = national.World.StateHash();
        Assert.Equal("no_reserve_share", national.Code(new SetAsideReserve(2024), time: In2025));
        Assert.Equal("unknown_year", national.Code(new SetAsideReserve(2023), time: In2025));
        Assert.Equal(hash, national.World.StateHash());

        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2024, AddPlan("test-reserve-intensity-2024")), time: In2025);
        Assert.Equal("nothing_to_set_aside", m.Code(new SetAsideReserve(2024), time: In2025));
        m.Entity("S1");
        m.Ok(new IssueAllocation("S1", 2024, "S1-U1", 1_000), time: In2025);
        hash = m.World.StateHash();
        Assert.Equal("not_authorized", m.Code(new SetAsideReserve(2024), MarketSetup.RegistryOperator, In2025));
        Assert.Equal(hash, m.World.StateHash());
        Assert.Equal(0, m.Held("cn-RESERVE", "CEA24"));
    }

    [Fact]
    public void A_markets_own_plan_may_not_take_a_bundled_id_nor_change_under_an_id_already_added()
    {
        AddPlan("test-reserve-intensity-2024");
        var plan = JsonNode.Parse(Rulebooks.BundledJson("cn-power-2024"))!.AsObject();
        Assert.Equal("plan_exists", Rulebooks.AddPowerPlan(System.Text.Encoding.UTF8.GetBytes(plan.ToJsonString())).Rejection?.Code);
        plan["id"] = "test-reserve-intensity-2024";
        Assert.Equal("plan_exists", Rulebooks.AddPowerPlan(System.Text.Encoding.UTF8.GetBytes(plan.ToJsonString())).Rejection?.Code);
        Assert.Equal("bad_plan", Rulebooks.AddPowerPlan("{\"id\": 1}"u8).Rejection?.Code);
        Assert.Equal(0m, Rulebooks.PowerPlan("cn-power-2024").Reserve.Share.Value);
    }
}
