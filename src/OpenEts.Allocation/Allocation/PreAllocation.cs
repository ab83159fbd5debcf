// Pre-allocation before the year is verified, and the true-up once it is.
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Allocation;

/// <summary>
/// Pre-allocation = share (70%) × the allocation computed on the base year's output, rounded once per
/// unit; true-up = final allocation − pre-allocation (negative means allowances are taken back).
/// </summary>
public static class PreAllocation
{
    /// <summary>The pre-allocation of a unit from its base-year data.</summary>
    public static long Of(PowerPlan plan, GeneratingUnit baseYearUnit)
    {
        var a = BenchmarkAllocation.Allocate(plan, baseYearUnit);
        return DecimalMath.ToWholeTonnes(plan.PreAllocation.Share.Value * (a.ElectricityExactT + a.HeatExactT), plan.Rounding.Allocation);
    }

    /// <summary>What is still to issue (or, if negative, to take back) once the year's output is verified.</summary>
    public static long TrueUp(PowerPlan plan, GeneratingUnit baseYearUnit, GeneratingUnit verifiedYearUnit) =>
        checked(BenchmarkAllocation.Allocate(plan, verifiedYearUnit).TotalT - Of(plan, baseYearUnit));
}
