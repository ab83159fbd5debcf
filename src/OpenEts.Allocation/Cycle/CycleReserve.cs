// The reserve share of a year's cap, set aside through the registry: the regulator issues it into the
// market's reserve account, where it waits for a release (by one-way bidding) under the market
// adjustment mechanism. Under total-based control the cap is the plan's cap for the year; under
// intensity-based control there is no fixed cap, so the cap is what the cycle allocated for the year
// (the sum of its units' allocations, before deductions) and the reserve comes on top of it.
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Allocation.Cycle;

/// <summary>The reserve set-aside through the registry.</summary>
public sealed partial class ComplianceCycleModule
{
    /// <summary>The cap a year's reserve share applies to: the plan's cap (total-based control) or the year's allocations (intensity-based).</summary>
    public static long ReserveBaseT(ICompliancePlan plan, CycleState s, int year) =>
        TotalControl.IsTotalBased(plan.Control, year) && plan.Control.Total is { } total
            ? TotalControl.CapFor(total, year)
            : s.AllocatedT(year);

    private static Rejection? SetAsideReserve(DecisionContext ctx, SetAsideReserve c)
    {
        if (RegulatorOnly(ctx, "set aside the reserve") is { } denied)
            return denied;
        var s = S(ctx.World);
        if (OpenYearOf(s, c.Year, out var year) is { } notOpen)
            return notOpen;
        if (year!.ReserveT > 0)
            return Reject("reserve_already_set_aside", $"The {c.Year} reserve of {year.ReserveT} t is already set aside.");
        var plan = Rulebooks.Plan(year.PlanId);
        if (plan.Reserve.Share.Value <= 0)
            return Reject("no_reserve_share", $"Plan {plan.Id} sets no reserve share ({plan.Reserve.Share.Source}).");
        var capT = ReserveBaseT(plan, s, c.Year);
        var split = TotalControl.Split(capT, plan.Reserve.Share.Value, 0m);
        if (split.ReserveT <= 0)
            return Reject("nothing_to_set_aside", $"{plan.Reserve.Share.Value:P} of the {c.Year} cap of {capT} t is less than a tonne; allocate the year first.");
        var reserve = AccountKinds.SystemAccountId(year.MarketId, AccountKind.Reserve);
        if (ctx.OnBehalfOf(MarketSetup.Regulator).Run(new Issue(year.AllowanceClass, reserve, split.ReserveT)) is { } refused)
            return refused;
        ctx.Emit(new ReserveSetAside(c.Year, year.AllowanceClass, reserve, capT, split.ReserveT));
        return null;
    }

    private static void ApplyReserveSetAside(World w, ReserveSetAside e)
    {
        var s = S(w);
        s.Years[e.Year] = s.Years[e.Year] with { ReserveT = e.ReserveT };
    }
}
