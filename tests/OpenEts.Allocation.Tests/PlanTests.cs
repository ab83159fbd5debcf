// The bundled plans load, carry a source for every value, and mark recalled values as the rules file does.
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Tests;

public class PlanTests
{
    [Fact]
    public void All_five_power_plans_load_in_order()
    {
        var ids = Rulebooks.PowerPlans().Select(p => p.Id).ToArray();
        Assert.Equal(["cn-power-2019-2020", "cn-power-2021", "cn-power-2022", "cn-power-2023", "cn-power-2024"], ids);
    }

    [Fact]
    public void The_2019_2020_benchmarks_are_the_published_final_ones_and_not_marked_check()
    {
        var p = Rulebooks.PowerPlan("cn-power-2019-2020");
        var e = p.ElectricityBenchmarksTPerMwh;
        Assert.Equal([0.877m, 0.979m, 1.146m, 0.392m], [e[UnitCategory.CoalGt300].Value, e[UnitCategory.CoalLe300].Value, e[UnitCategory.CoalUnconventional].Value, e[UnitCategory.Gas].Value]);
        Assert.Equal(0.126m, p.HeatBenchmarksTPerGj[Fuel.Coal].Value);
        Assert.Equal(0.059m, p.HeatBenchmarksTPerGj[Fuel.Gas].Value);
        Assert.All(e.Values, v => Assert.False(v.Check));
    }

    [Theory]
    [InlineData("cn-power-2021", "0.8218", "0.8773", "0.9350", "0.3920", "0.1111", "0.0560")]
    [InlineData("cn-power-2022", "0.8177", "0.8729", "0.9303", "0.3901", "0.1105", "0.0557")]
    public void The_2021_and_2022_benchmarks_are_the_recalled_ones_and_marked_check(string id, string gt300, string le300, string unconv, string gas, string heatCoal, string heatGas)
    {
        var p = Rulebooks.PowerPlan(id);
        var e = p.ElectricityBenchmarksTPerMwh;
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([D(gt300), D(le300), D(unconv), D(gas)], [e[UnitCategory.CoalGt300].Value, e[UnitCategory.CoalLe300].Value, e[UnitCategory.CoalUnconventional].Value, e[UnitCategory.Gas].Value]);
        Assert.Equal(D(heatCoal), p.HeatBenchmarksTPerGj[Fuel.Coal].Value);
        Assert.Equal(D(heatGas), p.HeatBenchmarksTPerGj[Fuel.Gas].Value);
        Assert.All(e.Values, v => Assert.True(v.Check));
        Assert.All(p.HeatBenchmarksTPerGj.Values, v => Assert.True(v.Check));
    }

    [Fact]
    public void Check_marks_follow_the_rules_file_exactly()
    {
        // china-ets.md marks *(check)* the load-factor formula and the 2021 and 2022 benchmark columns only;
        // cooling 1.05 and the heat-supply slopes are not marked there (the sources file lists them as recalled,
        // which the source notes say).
        var p = Rulebooks.PowerPlan("cn-power-2019-2020");
        Assert.True(p.LoadFactor.Check);
        Assert.False(p.CoolingFactor.Air.Check);
        Assert.False(p.HeatSupplyFactor!.CoalSlope.Check);
        Assert.False(p.HeatSupplyFactor.GasSlope.Check);
        Assert.Contains("recalled", p.CoolingFactor.Air.Source);
        Assert.False(p.PreAllocation.Share.Check);
        Assert.False(p.Offsets.CcerCapShareOfObligation.Check);
        Assert.False(p.Flexibilities.GapCapShareOfVerified!.Check);
    }

    [Fact]
    public void Values_the_rules_do_not_give_are_flagged_as_assumed()
    {
        // The 2023 and 2024 benchmarks are not in the rules (sources §9 item 1): flagged, not marked check.
        foreach (var id in new[] { "cn-power-2023", "cn-power-2024" })
        {
            var p = Rulebooks.PowerPlan(id);
            Assert.All(p.ElectricityBenchmarksTPerMwh.Values, v => Assert.True(v.Assumed && !v.Check));
            Assert.All(p.HeatBenchmarksTPerGj.Values, v => Assert.True(v.Assumed && !v.Check));
            Assert.True(p.Flexibilities.GapCapShareOfVerified!.Assumed);
        }
        Assert.All(Rulebooks.PowerPlan("cn-power-2019-2020").ElectricityBenchmarksTPerMwh.Values, v => Assert.False(v.Assumed));
    }

    [Fact]
    public void Every_plan_value_has_a_source_note()
    {
        foreach (var p in Rulebooks.PowerPlans())
        {
            var sourced = new List<string>();
            sourced.AddRange(p.ElectricityBenchmarksTPerMwh.Values.Select(v => v.Source));
            sourced.AddRange(p.HeatBenchmarksTPerGj.Values.Select(v => v.Source));
            sourced.AddRange([p.OutputBasis.Source, p.Control.Source, p.Rounding.Source, p.CoolingFactor.Air.Source, p.LoadFactor.Source,
                p.PreAllocation.Share.Source, p.Offsets.CcerCapShareOfObligation.Source, p.Deadline.Source, p.PaidAllocation.Share.Source,
                p.Reserve.Share.Source, p.DeductShortfallFromNextAllocation.Source]);
            Assert.All(sourced, s => Assert.False(string.IsNullOrWhiteSpace(s)));
        }
    }

    [Fact]
    public void Plans_change_as_the_rules_say_from_year_to_year()
    {
        var p19 = Rulebooks.PowerPlan("cn-power-2019-2020");
        var p21 = Rulebooks.PowerPlan("cn-power-2021");
        var p23 = Rulebooks.PowerPlan("cn-power-2023");
        Assert.Equal(OutputBasis.Supplied, p19.OutputBasis.Value);
        Assert.Equal(OutputBasis.Generated, p23.OutputBasis.Value);
        Assert.Null(p19.Flexibilities.Borrowing);
        Assert.Equal(0.10m, p21.Flexibilities.Borrowing!.GapThresholdShareOfAllocation.Value);
        Assert.Equal(0.50m, p21.Flexibilities.Borrowing.MaxShareOfGap.Value);
        Assert.Null(p23.Flexibilities.Borrowing);
        Assert.Equal(10_000L, p23.Flexibilities.Banking!.BaseT.Value);
        Assert.Equal(1.5m, p23.Flexibilities.Banking.NetSalesMultiple.Value);
        Assert.Equal(PenaltyKind.FixedRange, p21.Penalty.Kind);
        Assert.Equal(PenaltyKind.MarketValueMultiple, p23.Penalty.Kind);
        Assert.Equal(new DateOnly(2021, 12, 31), p19.Deadline.Value);
        Assert.Equal(new DateOnly(2024, 12, 31), p23.Deadline.Value);
        Assert.All(Rulebooks.PowerPlans(), p => Assert.Equal(0.70m, p.PreAllocation.Share.Value));
        Assert.All(Rulebooks.PowerPlans(), p => Assert.Equal(0m, p.PaidAllocation.Share.Value));
    }

    [Fact]
    public void An_unknown_plan_is_a_rejection_naming_the_known_ones()
    {
        var (plan, rejection) = Rulebooks.FindPowerPlan("cn-power-2030");
        Assert.Null(plan);
        Assert.Equal("unknown_plan", rejection!.Code);
        Assert.Contains("cn-power-2023", rejection.Message);
    }
}
