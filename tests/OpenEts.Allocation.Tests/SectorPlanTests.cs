// The bundled industrial plans (steel, cement, aluminium; 2024 and 2025) as data: scope, gases, method,
// flexibilities, and a source for every value; the 2025 benchmarks marked not_published without a value;
// a market's own plan file checked as it is added.
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Tests;

public class SectorPlanTests
{
    [Fact]
    public void The_bundled_industrial_plans_state_their_scope_method_and_a_source_for_every_value()
    {
        Assert.Equal(["cn-steel-2024", "cn-cement-2024", "cn-aluminium-2024", "cn-steel-2025", "cn-cement-2025", "cn-aluminium-2025"],
            Rulebooks.SectorPlans().Select(p => p.Id));
        foreach (var p in Rulebooks.SectorPlans())
        {
            Assert.Equal("cn-national", p.Market);
            Assert.Contains(p.Sector, new[] { "steel", "cement", "aluminium" });
            Assert.Equal(p.Sector == "aluminium" ? ["CO2", "CF4", "C2F6"] : ["CO2"], p.Gases.Value);
            Assert.Null(p.Flexibilities.GapCapShareOfVerified);
            Assert.False(p.Flexibilities.GasObligationCappedAtAllocation.Value);
            Assert.Null(p.Flexibilities.Borrowing);
            Assert.Null(p.Flexibilities.Banking);
            Assert.Equal(0.05m, p.Offsets.CcerCapShareOfObligation.Value);
            Assert.Equal(PenaltyKind.MarketValueMultiple, p.Penalty.Kind);
            Assert.All(new[] { p.Scope.Source, p.Gases.Source, p.Control.Source, p.Allocation.Method.Source, p.Offsets.CcerCapShareOfObligation.Source,
                p.Penalty.MinMultiple!.Source, p.DeductShortfallFromNextAllocation.Source, p.Deadline.Source, p.PaidAllocation.Share.Source, p.Reserve.Share.Source },
                source => Assert.Contains("china-ets", source, StringComparison.Ordinal));
            if (p.LastYear == 2024)
            {
                Assert.Equal(SectorAllocationMethod.VerifiedEmissions, p.Allocation.Method.Value);
                Assert.Equal((new DateOnly(2025, 12, 31), false), (p.Deadline.Value, p.Deadline.Assumed));
            }
            else
            {
                Assert.Equal(SectorAllocationMethod.IntensityBenchmark, p.Allocation.Method.Value);
                Assert.Equal((0.7m, 2024), (p.Allocation.PreAllocation!.ShareOfVerifiedEmissions.Value, p.Allocation.PreAllocation.BaseYear));
                var b = p.Allocation.Benchmark!;
                Assert.Equal((BenchmarkStatus.NotPublished, (decimal?)null, (decimal?)null), (b.Status, b.ValueTPerUnit, b.Usable));
                Assert.Contains("NOT in the sources", b.Source, StringComparison.Ordinal);
                Assert.True(p.Deadline.Assumed);
            }
        }
    }

    [Fact]
    public void A_plan_file_with_a_value_on_a_not_published_benchmark_or_a_bundled_id_is_refused()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Rulebooks.BundledJson("cn-cement-2025"))!.AsObject();
        json["id"] = "test-cement-2025-bad";
        json["allocation"]!["benchmark"]!["value_t_per_unit"] = 0.85m;
        var (plan, rejection) = Rulebooks.AddSectorPlan(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.Null(plan);
        Assert.Equal("bad_plan", rejection!.Code);
        Assert.Equal("plan_exists", Rulebooks.AddSectorPlan(Rulebooks.BundledJson("cn-cement-2025")).Rejection!.Code);
        Assert.Equal("not_a_power_plan", Rulebooks.FindPowerPlan("cn-steel-2024").Rejection!.Code);
        Assert.Equal("unknown_plan", Rulebooks.FindPlan("cn-glass-2024").Rejection!.Code);
    }
}
