// Pre-borrowing (预支) inside the cycle: where the plan allows it, an entity whose gap exceeds the plan's
// threshold takes part of next allocation's allowances early to cover this year. The registry issues those
// units (the plan's borrowing vintage) to the entity and surrenders them at once against this year; the
// amount is carried as a deduction from the entity's next allocation, as the 2021–2022 plan deducts it
// from the 2023 allocation.
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Allocation.Cycle;

/// <summary>Borrowing through the registry.</summary>
public sealed partial class ComplianceCycleModule
{
    /// <summary>
    /// The most an entity may still borrow for a year under its plan: max share × gap (rounded as caps round),
    /// when the gap (obligation − allocation) exceeds the threshold share of the allocation; less what it
    /// borrowed already; never more than it still owes. Zero when the plan has no borrowing.
    /// </summary>
    public static long BorrowableT(ICompliancePlan plan, Obligation o)
    {
        if (plan.Flexibilities.Borrowing is not { } b || o.VerifiedT is null)
            return 0;
        var gap = o.ObligationT - o.AllocationT;
        if (gap <= 0 || gap <= b.GapThresholdShareOfAllocation.Value * o.AllocationT)
            return 0;
        var limit = DecimalMath.ToWholeTonnes(b.MaxShareOfGap.Value * gap, plan.Rounding.Caps);
        return Math.Max(0, Math.Min(limit - o.BorrowedT, o.ObligationT - o.SurrenderedT));
    }

    private static Rejection? Borrow(DecisionContext ctx, BorrowForYear c)
    {
        var r = Registry(ctx);
        if (ObligationOpenToActor(ctx, c.Entity, c.Year, "borrow", out var entity, out _, out var year, out var plan, out var o) is { } refused)
            return refused;
        if (c.QuantityT <= 0)
            return Reject("bad_quantity", "Borrow a positive number of tonnes.");
        if (plan.Flexibilities.Borrowing is not { } rule)
            return Reject("borrowing_not_allowed", $"Plan {plan.Id} has no borrowing.");
        var borrowable = BorrowableT(plan, o);
        if (c.QuantityT > borrowable)
            return Reject("borrowing_limit_exceeded",
                $"{c.Entity} may borrow {borrowable} t more for {c.Year}: only when the gap exceeds {rule.GapThresholdShareOfAllocation.Value:P0} of the allocation, up to {rule.MaxShareOfGap.Value:P0} of the gap, and not beyond what is owed.");
        var cls = r.Classes.Values.Where(k => k.Type == UnitType.Allowance && k.MarketId == year.MarketId && k.Vintage == rule.FromYear)
            .Select(k => k.Id).Order(StringComparer.Ordinal).FirstOrDefault();
        if (cls is null)
            return Reject("no_allowance_class", $"Market '{year.MarketId}' has no allowance class of vintage {rule.FromYear} to borrow from.");
        var issuance = AccountKinds.SystemAccountId(year.MarketId, AccountKind.Issuance);
        if (TransferBlocked(r, issuance, entity.Account, year.MarketId) is { } blocked)
            return blocked;
        if (r.Accounts[entity.Account].FrozenReason is not null)
            return Reject("account_frozen", $"The account '{entity.Account}' is frozen.");
        var regulator = ctx.OnBehalfOf(MarketSetup.Regulator);
        if (regulator.Run(new Issue(cls, issuance, c.QuantityT)) is { } notIssued)
            return notIssued;
        Invariant.Assert(regulator.Run(new Transfer(issuance, entity.Account, cls, c.QuantityT)) is null, "the borrowed units reach the entity once issued");
        var surrendered = ctx.OnBehalfOf(MarketSetup.RegistryOperator).Run(new Surrender(entity.Account, cls, c.QuantityT, c.Year));
        Invariant.Assert(surrendered is null, $"the borrowed units are surrendered at once: {surrendered}");
        ctx.Emit(new AllowancesBorrowed(c.Entity, c.Year, cls, c.QuantityT));
        return null;
    }

    private static void ApplyBorrowed(World w, AllowancesBorrowed e)
    {
        var s = S(w);
        var o = s.Obligations[(e.Year, e.Entity)];
        o.BorrowedT += e.QuantityT;
        s.Entities[e.Entity].PendingDeductionT += e.QuantityT;
        s.AllowancesIssuedT += e.QuantityT;
        s.AllowancesSurrenderedT += e.QuantityT;
        Invariant.Assert(o.SurrenderedT <= o.ObligationT, "borrowing within the obligation");
    }
}
