// The cycle's moves of units, made by the registry's own commands inside the cycle's decision:
// allocation is the regulator's Issue into the market's issuance account and Transfer to the entity;
// surrender is the registry's Surrender into the market's surrender account. Every check of the cycle
// comes before the first registry step, and nothing is emitted before a step that can still refuse.
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Voluntary;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Allocation.Cycle;

/// <summary>Allocation issuance and surrender through the registry.</summary>
public sealed partial class ComplianceCycleModule
{
    private static Rejection? IssueAllocation(DecisionContext ctx, IssueAllocation c) => IssueToEntity(ctx, c, anyMethod: false);

    /// <summary>
    /// Issues an allocation line to the entity through the registry. <paramref name="anyMethod"/> is false for the
    /// allocation.issue command, which carries amounts computed per generating unit and so serves power plans only;
    /// the industrial plans' own commands and an upheld objection pass true.
    /// </summary>
    private static Rejection? IssueToEntity(DecisionContext ctx, IssueAllocation c, bool anyMethod)
    {
        if (RegulatorOnly(ctx, "issue allocations") is { } denied)
            return denied;
        if (BadId(c.UnitId, "unit id") is { } bad)
            return bad;
        var s = S(ctx.World);
        if (EntityInOpenYear(s, c.Entity, c.Year, out var entity, out var year) is { } notReady)
            return notReady;
        if (PlanOf(year!, entity!, out var yearPlan, out var plan) is { } noPlan)
            return noPlan;
        if (!anyMethod && plan is SectorPlan sectorPlan)
            return Reject("wrong_allocation_method", $"Plan {plan.Id} allocates {SectorAllocation.MethodName(sectorPlan)}: use {SectorAllocation.CommandFor(sectorPlan)}, not per-unit amounts.");
        if (c.AllocationT <= 0)
            return Reject("bad_quantity", "An allocation is a positive whole number of tonnes.");
        if (s.Obligations.TryGetValue((c.Year, c.Entity), out var o))
        {
            if (o.Units.Contains(c.UnitId))
                return Reject("already_allocated", $"Unit {c.UnitId} of {c.Entity} already has its {c.Year} allocation.");
            if (o.VerifiedT is not null)
                return Reject("obligation_set", $"The {c.Year} obligation of {c.Entity} is set; its allocation can no longer change.");
        }
        var deducted = Math.Min(entity!.PendingDeductionT, c.AllocationT);
        var issued = c.AllocationT - deducted;
        if (issued > 0)
        {
            var issuance = AccountKinds.SystemAccountId(yearPlan.MarketId, AccountKind.Issuance);
            if (TransferBlocked(Registry(ctx), issuance, entity.Account, yearPlan.MarketId) is { } blocked)
                return blocked;
            var regulator = ctx.OnBehalfOf(MarketSetup.Regulator);
            if (regulator.Run(new Issue(yearPlan.AllowanceClass, issuance, issued)) is { } refused)
                return refused;
            var moved = regulator.Run(new Transfer(issuance, entity.Account, yearPlan.AllowanceClass, issued));
            Invariant.Assert(moved is null, $"the allocation transfer to {entity.Account} was refused after issuance: {moved}");
        }
        ctx.Emit(new AllocationIssued(c.Entity, c.Year, c.UnitId, c.AllocationT, deducted, issued, TradingRulebook.National.MarketDate(ctx.Time)));
        PassAllocationToExchange(ctx, entity, yearPlan.AllowanceClass, c.AllocationT);
        return null;
    }

    /// <summary>
    /// Passes a change of an entity's allocation of an allowance class on to the exchange where the class's rulebook sets
    /// a position limit, which counts a compliance entity's allocation (a pilot's; the national rulebooks set none, and then
    /// nothing is recorded): the figure the exchange holds for the entity's account and the class moves by
    /// <paramref name="changeT"/> with each issuance (deductions included: the limit counts the allocation, not what a
    /// deduction left) and each true-up that takes units back, so it sums every year the class serves and keeps what the
    /// regulator recorded by hand (exchange.set_position_allocation) for units allocated outside the cycle. Runs after the
    /// cycle's own event, so only as a step that cannot refuse: an account the exchange would not take (not a covered
    /// entity's, or in another market than the class) is passed over.
    /// </summary>
    internal static void PassAllocationToExchange(DecisionContext ctx, CoveredEntity entity, string allowanceClass, long changeT)
    {
        if (changeT == 0 || ctx.World.Find<ExchangeState>() is null || PositionLimits.LimitOf(ctx.World, allowanceClass) is null)
            return;
        var registry = Registry(ctx);
        if (!registry.Accounts.TryGetValue(entity.Account, out var account) || account.Kind != AccountKind.CoveredEntity
            || account.MarketId != registry.Classes[allowanceClass].MarketId)
            return;
        var recorded = ExchangeModule.State(ctx.World).PositionAllocations.Of(entity.Account, allowanceClass);
        var allocationT = changeT > 0 ? Math.Min(RegistryState.MaxQuantity, recorded + Math.Min(changeT, RegistryState.MaxQuantity)) : Math.Max(0, recorded + changeT);
        var refused = ctx.OnBehalfOf(MarketSetup.Regulator).Run(new SetPositionAllocation(entity.Account, allowanceClass, allocationT));
        Invariant.Assert(refused is null, $"the exchange refused the allocation of {entity.Id} for its position limit in {allowanceClass}: {refused}");
    }

    /// <summary>What would stop the transfer from the issuance account once the units are issued (checked before issuing).</summary>
    private static Rejection? TransferBlocked(RegistryState r, string issuance, string account, string market)
    {
        if (!r.Accounts.TryGetValue(issuance, out var from) || from.Closed || from.FrozenReason is not null)
            return Reject("issuance_blocked", $"The issuance account '{issuance}' is missing, closed or frozen.");
        if (!r.Accounts.TryGetValue(account, out var to) || to.Closed)
            return Reject("account_closed", $"The account '{account}' is missing or closed.");
        return to.MarketId == market ? null : Reject("wrong_market", $"'{account}' belongs to market '{to.MarketId}', not '{market}'.");
    }

    private static void ApplyIssued(World w, AllocationIssued e)
    {
        var s = S(w);
        var entity = s.Entities[e.Entity];
        entity.PendingDeductionT -= e.DeductedT;
        s.AllowancesIssuedT += e.IssuedT;
        var o = s.ObligationOf(e.Year, e.Entity);
        o.AllocationT += e.AllocationT;
        o.IssuedT += e.IssuedT;
        o.Units.Add(e.UnitId);
        o.AllocatedOn = e.IssuedOn ?? o.AllocatedOn;
        Invariant.Assert(entity.PendingDeductionT >= 0, "no negative deduction");
    }

    /// <summary>
    /// The checks before an entity acts on its obligation (surrender, borrowing): a registered entity, acted on by
    /// its account holder or a regulator or the registry operator, an open year with a plan for its sector, before that
    /// plan's deadline, an obligation set.
    /// </summary>
    private static Rejection? ObligationOpenToActor(DecisionContext ctx, string entityId, int yearNumber, string what,
        out CoveredEntity entity, out bool holder, out YearPlan year, out ICompliancePlan plan, out Obligation obligation)
    {
        (entity, holder, year, plan, obligation) = (null!, false, null!, null!, null!);
        var s = S(ctx.World);
        var r = Registry(ctx);
        if (!s.Entities.TryGetValue(entityId, out var e))
            return Reject("unknown_entity", $"Entity {entityId} is not registered.");
        entity = e;
        holder = r.Accounts.TryGetValue(e.Account, out var account) && account.Holder == ctx.Actor;
        if (!holder && r.RoleOf(ctx.Actor) is not (Role.Regulator or Role.RegistryOperator))
            return Reject("not_authorized", $"'{ctx.Actor}' may not {what} for {entityId} (its account holder, a regulator or the registry operator).");
        if (OpenYearOf(s, yearNumber, out var y) is { } closed)
            return closed;
        if (PlanOf(y!, e, out year, out plan) is { } noPlan)
            return noPlan;
        // Deadlines are calendar days in Beijing time, as MRV's are.
        if (TradingRulebook.National.MarketDate(ctx.Time) > year.Deadline)
            return Reject("deadline_passed", $"The {yearNumber} surrender deadline was {year.Deadline:yyyy-MM-dd}.");
        if (!s.Obligations.TryGetValue((yearNumber, entityId), out var o) || o.VerifiedT is null)
            return Reject("no_obligation", $"{entityId} has no obligation for {yearNumber} yet.");
        obligation = o;
        return null;
    }

    private static Rejection? Surrender(DecisionContext ctx, SurrenderForYear c)
    {
        var r = Registry(ctx);
        if (ObligationOpenToActor(ctx, c.Entity, c.Year, "surrender", out var entity, out var holder, out var year, out var plan, out var o) is { } refused)
            return refused;
        if (c.QuantityT <= 0)
            return Reject("bad_quantity", "Surrender a positive number of tonnes.");
        if (!r.Classes.TryGetValue(c.ClassId, out var cls))
            return Reject("unknown_unit_class", $"No unit class has the id '{c.ClassId}'.");
        var offset = cls.Type == UnitType.Credit;
        if (cls.MarketId != year.MarketId || cls.Type == UnitType.Cash || (cls.Type == UnitType.Allowance && cls.Vintage > plan.EligibleVintageUpTo))
            return Reject("ineligible_units", $"{c.ClassId} does not count for {c.Year}: allowances of market '{year.MarketId}' up to vintage {plan.EligibleVintageUpTo}, or CCER.");
        if (offset && o.SurrenderedCcerT + c.QuantityT > o.CcerCapT)
            return Reject("offset_cap_exceeded", $"CCER may cover at most {o.CcerCapT} t ({plan.Offsets.CcerCapShareOfObligation.Value:P0} of the {o.ObligationT} t due); {o.SurrenderedCcerT} t already used.");
        if (o.SurrenderedT + c.QuantityT > o.ObligationT)
            return Reject("surrender_exceeds_obligation", $"{c.Entity} owes {o.ObligationT - o.SurrenderedT} t more for {c.Year}.");
        var mover = holder ? ctx : ctx.OnBehalfOf(MarketSetup.RegistryOperator);
        var before = ctx.Events.Count;
        if (mover.Run(new Surrender(entity.Account, c.ClassId, c.QuantityT, c.Year)) is { } notMoved)
            return notMoved;
        ctx.Emit(new UnitsSurrenderedForYear(c.Entity, c.Year, c.ClassId, offset ? 0 : c.QuantityT, offset ? c.QuantityT : 0));
        if (offset && cls.ProjectId is { } project && ctx.World.Catalog.Runs(VoluntaryRecord))
            RecordOffsets(ctx, c, entity.Account, project, cls.Vintage, before);
        return null;
    }

    /// <summary>A command of the voluntary module: where it runs, so does its public record of credit uses.</summary>
    private const string VoluntaryRecord = "voluntary.retire_credits";

    /// <summary>
    /// Puts CCER surrendered as offsets on the voluntary market's public record, as a surrender through that module would:
    /// the serials the registry moved, the account, the compliance year and the market date. Its id is the command's own,
    /// prefixed <c>compliance:</c>, so it is unique in the journal.
    /// </summary>
    private static void RecordOffsets(DecisionContext ctx, SurrenderForYear c, string account, string project, int vintage, int before)
    {
        var moved = ctx.Events.Skip(before).OfType<UnitsTransferred>().Single();
        Invariant.Assert(moved.Serials is { Count: > 0 }, $"the registry surrendered credits of {c.ClassId} without serials");
        ctx.Emit(new CreditsUsed(new CreditUse(CreditUse.CyclePrefix + ctx.Envelope.CommandId, CreditUseKind.Surrender, account, project, vintage, moved.Serials!, c.QuantityT,
            account, $"compliance {c.Year}", TradingRulebook.National.MarketDate(ctx.Time))
        {
            ComplianceYear = c.Year,
        }));
    }

    private static void ApplySurrendered(World w, UnitsSurrenderedForYear e)
    {
        var s = S(w);
        var o = s.Obligations[(e.Year, e.Entity)];
        o.SurrenderedAllowancesT += e.AllowancesT;
        o.SurrenderedCcerT += e.CcerT;
        s.AllowancesSurrenderedT += e.AllowancesT;
        s.CcerSurrenderedT += e.CcerT;
        Invariant.Assert(o.SurrenderedCcerT <= o.CcerCapT && o.SurrenderedT <= o.ObligationT, "surrender within cap and obligation");
    }
}
