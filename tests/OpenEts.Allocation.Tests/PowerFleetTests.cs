// The seeded demo fleet: deterministic, national in size, and readable by the allocate command's parser.
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Demo;
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Tests;

public class PowerFleetTests
{
    private static readonly PowerPlan Plan = Rulebooks.PowerPlan("cn-power-2019-2020");

    [Fact]
    public void The_same_seed_gives_the_same_fleet()
    {
        var a = PowerFleet.ToCsv(PowerFleet.Generate(7, 200, Plan), Plan);
        var b = PowerFleet.ToCsv(PowerFleet.Generate(7, 200, Plan), Plan);
        var c = PowerFleet.ToCsv(PowerFleet.Generate(8, 200, Plan), Plan);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_national_fleet_of_2100_entities_is_allocated_billions_of_tonnes_like_the_real_market()
    {
        // The first period covered 2,162 companies and about 4.5 bn t a year (sources §3.1); 2023: 2,096 and ~5.2 bn t.
        var fleet = PowerFleet.Generate(2019, 2_100, Plan);
        var units = fleet.SelectMany(f => f.Units).ToArray();
        var (_, total) = BenchmarkAllocation.AllocateAll(Plan, units);
        var verified = fleet.Sum(f => f.VerifiedEmissionsT);
        Assert.Equal(2_100, fleet.Count);
        Assert.InRange(units.Length, 3_300, 4_300);
        Assert.InRange(total, 3_500_000_000L, 6_500_000_000L);
        // Verified emissions stay within a few percent of the allocation overall, with surplus and deficit entities.
        Assert.InRange((decimal)verified / total, 0.97m, 1.06m);
        var perEntity = BenchmarkAllocation.ByEntity(BenchmarkAllocation.AllocateAll(Plan, units).Units).ToDictionary(x => x.Entity, x => x.TotalT);
        Assert.Contains(fleet, f => f.VerifiedEmissionsT > perEntity[f.Entity]);
        Assert.Contains(fleet, f => f.VerifiedEmissionsT < perEntity[f.Entity]);
    }

    [Fact]
    public void The_fleet_csv_parses_back_to_the_same_allocation()
    {
        foreach (var id in new[] { "cn-power-2019-2020", "cn-power-2023" })
        {
            var plan = Rulebooks.PowerPlan(id);
            var fleet = PowerFleet.Generate(3, 300, plan);
            var (parsed, errors) = UnitCsv.Parse(new StringReader(PowerFleet.ToCsv(fleet, plan)), plan);
            Assert.Empty(errors);
            Assert.Equal(BenchmarkAllocation.AllocateAll(plan, fleet.SelectMany(f => f.Units).ToArray()).TotalT, BenchmarkAllocation.AllocateAll(plan, parsed).TotalT);
        }
    }
}
