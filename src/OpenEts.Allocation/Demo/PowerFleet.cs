// A seeded, plausible national power fleet for the demo and for tests: entities, their units, and
// verified emissions near (above or below) what the benchmarks allocate.
using System.Globalization;
using System.Text;
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Demo;

/// <summary>A generated covered entity: its units for one year and its verified emissions.</summary>
public sealed record FleetEntity(string Entity, string Province, Fuel Fuel, IReadOnlyList<GeneratingUnit> Units, long VerifiedEmissionsT);

/// <summary>
/// Generates a fleet like the national market's (about 2,100 power companies, about 1.8 units each, coal
/// above and below 300 MW, unconventional coal and gas) from a seed. Same seed, same fleet: only integer
/// draws from a seeded <see cref="Random"/> are used and turned into decimals exactly.
/// </summary>
public static class PowerFleet
{
    /// <summary>Largest fleet generated.</summary>
    public const int MaxEntities = 100_000;

    private static readonly string[] Provinces =
    [
        "Shandong", "Inner Mongolia", "Jiangsu", "Guangdong", "Shanxi", "Henan", "Hebei", "Xinjiang", "Anhui", "Zhejiang",
        "Shaanxi", "Ningxia", "Liaoning", "Heilongjiang", "Jilin", "Hubei", "Hunan", "Sichuan", "Guizhou", "Yunnan",
        "Fujian", "Jiangxi", "Guangxi", "Gansu", "Tianjin", "Shanghai", "Chongqing", "Beijing", "Hainan", "Qinghai",
    ];

    /// <summary>The fleet for <paramref name="year"/> under <paramref name="plan"/> (output is supplied or generated as the plan says).</summary>
    public static IReadOnlyList<FleetEntity> Generate(int seed, int entities, PowerPlan plan)
    {
        if (entities is < 1 or > MaxEntities)
            throw new ArgumentOutOfRangeException(nameof(entities), $"Between 1 and {MaxEntities} entities.");
        var random = new Random(seed);
        var result = new List<FleetEntity>(entities);
        for (var e = 0; e < entities; e++)
        {
            var id = $"PWR{e + 1:D4}";
            var province = Provinces[random.Next(Provinces.Length)];
            var gasEntity = random.Next(100) < 12;
            var unitCount = Pick(random, [45, 35, 15, 5]) + 1;
            var units = new List<GeneratingUnit>(unitCount);
            decimal verified = 0;
            for (var u = 0; u < unitCount; u++)
            {
                var unit = Unit(random, plan, $"{id}-U{u + 1}", id, gasEntity);
                units.Add(unit);
                // Actual intensity spreads around the benchmark: −10% … +12% for electricity, −5% … +8% for heat.
                var a = BenchmarkAllocation.Allocate(plan, unit);
                verified += a.ElectricityExactT * (90 + random.Next(23)) / 100m + a.HeatExactT * (95 + random.Next(14)) / 100m;
            }
            result.Add(new FleetEntity(id, province, gasEntity ? Fuel.Gas : Fuel.Coal, units, DecimalMath.ToWholeTonnes(verified, RoundingRule.HalfUp)));
        }
        return result;
    }

    /// <summary>The fleet's units as the CSV that <c>openets allocate</c> reads.</summary>
    public static string ToCsv(IEnumerable<FleetEntity> fleet, PowerPlan plan)
    {
        var sb = new StringBuilder(string.Join(",", UnitCsv.Columns(plan))).Append('\n');
        foreach (var u in fleet.SelectMany(f => f.Units))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{u.UnitId},{u.Entity},{Name(u.Fuel)},{Name(u.Category)},{(u.Cooling == Cooling.Air ? "air" : "water")},");
            sb.Append(CultureInfo.InvariantCulture, $"{u.OutputMwh},{u.SuppliedHeatGj},{u.HeatSupplyRatio},{u.LoadRate}\n");
        }
        return sb.ToString();
    }

    private static GeneratingUnit Unit(Random random, PowerPlan plan, string unitId, string entity, bool gas)
    {
        var category = gas ? UnitCategory.Gas : (UnitCategory)Pick(random, [50, 38, 12]);
        var capacityMw = category switch
        {
            UnitCategory.CoalGt300 => new[] { 330, 350, 600, 660, 1000 }[random.Next(5)],
            UnitCategory.CoalLe300 => 25 * (2 + random.Next(11)),
            UnitCategory.CoalUnconventional => 50 * (1 + random.Next(6)),
            _ => 100 * (1 + random.Next(4)),
        };
        var hours = gas ? 1_800 + random.Next(1_700) : 3_400 + random.Next(1_800);
        decimal generated = capacityMw * hours;
        var ownUsePercent = gas ? 2 + random.Next(3) : 4 + random.Next(5);
        var supplied = generated * (100 - ownUsePercent) / 100m;
        var output = plan.OutputBasis.Value == OutputBasis.Generated ? generated : supplied;
        var cogeneration = random.Next(100) < (gas ? 40 : 35);
        var heatRatio = cogeneration ? (5 + random.Next(46)) / 100m : 0m;
        // Heat supplied in GJ for that share of the unit's energy output (1 MWh = 3.6 GJ).
        var heatGj = cogeneration ? decimal.Round(supplied * 3.6m * heatRatio / (1m - heatRatio), 0) : 0m;
        var cooling = random.Next(100) < 25 ? Cooling.Air : Cooling.Water;
        var loadRate = (58 + random.Next(37)) / 100m;
        return new GeneratingUnit(unitId, entity, gas ? Fuel.Gas : Fuel.Coal, category, gas ? Cooling.Water : cooling, output, heatGj, heatRatio, loadRate);
    }

    private static int Pick(Random random, int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if (roll < weights[i])
                return i;
            roll -= weights[i];
        }
        return weights.Length - 1;
    }

    private static string Name(Fuel f) => f == Fuel.Gas ? "gas" : "coal";

    private static string Name(UnitCategory c) => c switch
    {
        UnitCategory.CoalGt300 => "coal_gt300",
        UnitCategory.CoalLe300 => "coal_le300",
        UnitCategory.CoalUnconventional => "coal_unconventional",
        _ => "gas",
    };
}
