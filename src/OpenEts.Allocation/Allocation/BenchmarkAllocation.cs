// Intensity-based allocation of one generating unit: A = Q_e × B_e × F_l × F_r × F_f + Q_h × B_h.
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Allocation;

/// <summary>
/// A unit's allocation. The exact parts are decimals; <see cref="TotalT"/> is their sum rounded once to
/// whole tonnes by the plan's rule; <see cref="HeatT"/> is the heat part rounded the same way and
/// <see cref="ElectricityT"/> = total − heat, so the two whole-tonne parts always add up to the total.
/// </summary>
public sealed record UnitAllocation(
    string UnitId,
    string Entity,
    UnitCategory Category,
    decimal ElectricityBenchmark,
    decimal HeatBenchmark,
    CorrectionFactors Factors,
    decimal ElectricityExactT,
    decimal HeatExactT,
    long ElectricityT,
    long HeatT,
    long TotalT);

/// <summary>Computes intensity-based allocations under a plan.</summary>
public static class BenchmarkAllocation
{
    /// <summary>The allocation of one unit.</summary>
    public static UnitAllocation Allocate(PowerPlan plan, GeneratingUnit unit)
    {
        var be = plan.ElectricityBenchmarksTPerMwh[unit.Category].Value;
        var bh = plan.HeatBenchmarksTPerGj[unit.Fuel].Value;
        var f = CorrectionFactors.For(plan, unit);
        var electricity = unit.OutputMwh * be * f.Cooling * f.HeatSupply * f.Load;
        var heat = unit.SuppliedHeatGj * bh;
        var total = DecimalMath.ToWholeTonnes(electricity + heat, plan.Rounding.Allocation);
        var heatT = DecimalMath.ToWholeTonnes(heat, plan.Rounding.Allocation);
        return new UnitAllocation(unit.UnitId, unit.Entity, unit.Category, be, bh, f, electricity, heat, total - heatT, heatT, total);
    }

    /// <summary>The allocations of many units and their total in whole tonnes (sum of the per-unit totals).</summary>
    public static (IReadOnlyList<UnitAllocation> Units, long TotalT) AllocateAll(PowerPlan plan, IReadOnlyList<GeneratingUnit> units)
    {
        var result = new UnitAllocation[units.Count];
        long total = 0;
        for (var i = 0; i < units.Count; i++)
        {
            result[i] = Allocate(plan, units[i]);
            total = checked(total + result[i].TotalT);
        }
        return (result, total);
    }

    /// <summary>Allocation per entity (sum of its units), in entity order.</summary>
    public static IReadOnlyList<(string Entity, long TotalT)> ByEntity(IEnumerable<UnitAllocation> units) =>
        units.GroupBy(u => u.Entity, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(u => u.TotalT)))
            .ToArray();
}
