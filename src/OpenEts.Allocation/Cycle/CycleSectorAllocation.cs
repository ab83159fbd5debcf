// Allocation under the industrial sectors' plans (steel, cement, aluminium). 2024 is grandfathered: each entity
// receives its final verified emissions of the year. From 2025 the plans are intensity-based: a pre-allocation of
// 70% of the previous year's verified emissions, then a true-up to verified output × the sector's benchmark. The
// bundled 2025 plans mark the benchmark not_published (no value is in the sources), so the true-up is refused
// until a market's own plan states one. Units move through the registry as for power (CycleSettlement.cs).
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Allocation.Cycle;

/// <summary>Names used by the industrial plans' allocation lines and messages.</summary>
public static class SectorAllocation
{
    /// <summary>Allocation line of a grandfathered allocation.</summary>
    public const string VerifiedEmissionsLine = "verified-emissions";

    /// <summary>Allocation line of a pre-allocation.</summary>
    public const string PreAllocationLine = "pre-allocation";

    /// <summary>Allocation line of a true-up.</summary>
    public const string TrueUpLine = "true-up";

    /// <summary>How the plan allocates, in words.</summary>
    public static string MethodName(SectorPlan plan) => plan.Allocation.Method.Value == SectorAllocationMethod.VerifiedEmissions
        ? "the verified emissions of the year"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{plan.Allocation.PreAllocation?.ShareOfVerifiedEmissions.Value * 100:0.##}% of the previous year's verified emissions, trued up to output × benchmark");

    /// <summary>The command that allocates under the plan.</summary>
    public static string CommandFor(SectorPlan plan) => plan.Allocation.Method.Value == SectorAllocationMethod.VerifiedEmissions
        ? "allocation.issue_grandfathered"
        : "allocation.pre_allocate and allocation.true_up";

    /// <summary>The pre-allocation of an entity: share × base-year verified emissions, rounded once by the plan's rule.</summary>
    public static long PreAllocationT(SectorPlan plan, long baseYearVerifiedT) =>
        DecimalMath.ToWholeTonnes(plan.Allocation.PreAllocation!.ShareOfVerifiedEmissions.Value * baseYearVerifiedT, plan.Rounding.Allocation);

    /// <summary>The final allocation of an intensity plan: verified output × benchmark, rounded once; null while the benchmark is not published.</summary>
    public static long? FinalAllocationT(SectorPlan plan, long verifiedOutput) =>
        plan.Allocation.Benchmark?.Usable is { } b ? DecimalMath.ToWholeTonnes(b * verifiedOutput, plan.Rounding.Allocation) : null;
}

/// <summary>The industrial plans' allocation commands.</summary>
public sealed partial class ComplianceCycleModule
{
    /// <summary>The entity's industrial plan for the year when it allocates by <paramref name="method"/>, or why not.</summary>
    private static Rejection? SectorPlanOf(DecisionContext ctx, string entityId, int yearNumber, SectorAllocationMethod method, string what,
        out CoveredEntity entity, out SectorPlan plan)
    {
        (entity, plan) = (null!, null!);
        if (RegulatorOnly(ctx, what) is { } denied)
            return denied;
        var s = S(ctx.World);
        if (EntityInOpenYear(s, entityId, yearNumber, out var e, out var year) is { } notReady)
            return notReady;
        entity = e!;
        if (PlanOf(year!, entity, out _, out var p) is { } noPlan)
            return noPlan;
        if (p is not SectorPlan sector || sector.Allocation.Method.Value != method)
        {
            var how = p is SectorPlan other ? SectorAllocation.MethodName(other) : "per generating unit (allocation.issue)";
            return Reject("wrong_allocation_method", $"Plan {p.Id} for the {entity.Sector} sector in {yearNumber} allocates {how}.");
        }
        plan = sector;
        return null;
    }

    private static Rejection? IssueGrandfathered(DecisionContext ctx, IssueVerifiedEmissionsAllocation c)
    {
        if (SectorPlanOf(ctx, c.Entity, c.Year, SectorAllocationMethod.VerifiedEmissions, "issue allocations", out _, out _) is { } refused)
            return refused;
        if (FinalVerified(ctx, c.Entity, c.Year, out var verified) is { } notVerified)
            return notVerified;
        if (verified <= 0)
            return Reject("nothing_to_allocate", $"{c.Entity} has no verified emissions in {c.Year}, so its grandfathered allocation is nothing.");
        return IssueToEntity(ctx, new IssueAllocation(c.Entity, c.Year, SectorAllocation.VerifiedEmissionsLine, verified), anyMethod: true);
    }

    private static Rejection? PreAllocate(DecisionContext ctx, PreAllocate c)
    {
        if (SectorPlanOf(ctx, c.Entity, c.Year, SectorAllocationMethod.IntensityBenchmark, "issue allocations", out _, out var plan) is { } refused)
            return refused;
        var baseYear = plan.Allocation.PreAllocation!.BaseYear;
        if (FinalVerified(ctx, c.Entity, baseYear, out var verified) is { } notVerified)
            return notVerified;
        var amount = SectorAllocation.PreAllocationT(plan, verified);
        if (amount <= 0)
            return Reject("nothing_to_allocate", $"{c.Entity} has no verified emissions in {baseYear}, so its {c.Year} pre-allocation is nothing.");
        return IssueToEntity(ctx, new IssueAllocation(c.Entity, c.Year, SectorAllocation.PreAllocationLine, amount), anyMethod: true);
    }

    private static Rejection? TrueUp(DecisionContext ctx, TrueUpAllocation c)
    {
        if (SectorPlanOf(ctx, c.Entity, c.Year, SectorAllocationMethod.IntensityBenchmark, "true up allocations", out var entity, out var plan) is { } refused)
            return refused;
        if (c.VerifiedOutput <= 0)
            return Reject("bad_quantity", "The verified output is a positive whole number of the benchmark's units.");
        var benchmark = plan.Allocation.Benchmark!;
        if (SectorAllocation.FinalAllocationT(plan, c.VerifiedOutput) is not { } final)
            return Reject("benchmark_not_published",
                $"The {c.Year} {plan.Sector} benchmark ({benchmark.Product}) is not published in the sources, so {plan.Id} cannot true up; open the year with a plan that states it (a plan file, --plan FILE.json).");
        var s = S(ctx.World);
        s.Obligations.TryGetValue((c.Year, c.Entity), out var o);
        if (o?.Units.Contains(SectorAllocation.TrueUpLine) == true)
            return Reject("already_trued_up", $"The {c.Year} allocation of {c.Entity} is already trued up.");
        if (o?.VerifiedT is not null)
            return Reject("obligation_set", $"The {c.Year} obligation of {c.Entity} is set; its allocation can no longer change.");
        var before = o?.AllocationT ?? 0;
        var difference = checked(final - before);
        if (difference > 0 && IssueToEntity(ctx, new IssueAllocation(c.Entity, c.Year, SectorAllocation.TrueUpLine, difference), anyMethod: true) is { } notIssued)
            return notIssued;
        if (difference < 0)
        {
            // Taken back from the entity's account; an account that no longer holds them is refused by the registry (insufficient_units).
            var cls = s.Years[c.Year].PlanFor(entity.Sector)!.AllowanceClass;
            var taken = ctx.OnBehalfOf(MarketSetup.RegistryOperator).Run(new Cancel(entity.Account, cls, -difference, $"{c.Year} true-up of {c.Entity} under {plan.Id}"));
            if (taken is not null)
                return taken;
        }
        ctx.Emit(new AllocationTrueUpDone(c.Entity, c.Year, plan.Id, c.VerifiedOutput, benchmark.Usable!.Value, final, before, difference));
        if (difference < 0)
            PassAllocationToExchange(ctx, entity, s.Years[c.Year].PlanFor(entity.Sector)!.AllowanceClass, difference);
        return null;
    }

    private static void ApplyTrueUp(World w, AllocationTrueUpDone e)
    {
        var s = S(w);
        var o = s.ObligationOf(e.Year, e.Entity);
        if (!o.Units.Contains(SectorAllocation.TrueUpLine))
            o.Units.Add(SectorAllocation.TrueUpLine);
        if (e.DifferenceT >= 0)
            return;
        // A positive difference arrived as its own allocation.issued; a negative one is taken off here.
        o.AllocationT += e.DifferenceT;
        o.IssuedT += e.DifferenceT;
        s.AllowancesIssuedT += e.DifferenceT;
        Invariant.Assert(o.AllocationT == e.FinalAllocationT, "a true-up ends at the final allocation");
    }
}
