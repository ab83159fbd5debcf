// The compliance cycle as an engine module: obligations per entity-year, surrender within the offset cap
// before the deadline, status at close, and shortfalls carried as deductions from the next allocation.
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Plans;
using OpenEts.Core;

namespace OpenEts.Allocation.Cycle;

/// <summary>Registers the compliance cycle's state, commands and events.</summary>
public sealed class ComplianceCycleModule : IModule
{
    /// <summary>Longest entity, sector or province id.</summary>
    public const int MaxIdLength = 128;

    /// <inheritdoc />
    public void Register(ModuleBuilder builder)
    {
        builder.State("compliance", () => new CycleState())
            .Command<RegisterEntity>("compliance.register_entity", RegisterEntity)
            .Command<OpenComplianceYear>("compliance.open_year", OpenYear)
            .Command<IssueAllocation>("allocation.issue", IssueAllocation)
            .Command<CreditOffsets>("compliance.credit_offsets", CreditOffsets)
            .Command<TransferAllowances>("compliance.transfer_allowances", TransferAllowances)
            .Command<RecordVerifiedEmissions>("compliance.record_verified", RecordVerified)
            .Command<SurrenderForYear>("compliance.surrender", Surrender)
            .Command<CloseComplianceYear>("compliance.close_year", CloseYear)
            .Event<EntityRegistered>("compliance.entity_registered", (w, e) => S(w).Entities.Add(e.Entity,
                new CoveredEntity { Id = e.Entity, Sector = e.Sector, Province = e.Province, Fuel = e.Fuel }))
            .Event<ComplianceYearOpened>("compliance.year_opened", (w, e) => S(w).Years.Add(e.Year, new ComplianceYear(e.Year, e.PlanId, e.Deadline, false)))
            .Event<AllocationIssued>("allocation.issued", ApplyIssued)
            .Event<OffsetsCredited>("compliance.offsets_credited", (w, e) =>
            {
                S(w).Entities[e.Entity].CcerT += e.QuantityT;
                S(w).CcerCreditedT += e.QuantityT;
            })
            .Event<AllowancesTransferred>("compliance.allowances_transferred", (w, e) =>
            {
                S(w).Entities[e.From].AllowancesT -= e.QuantityT;
                S(w).Entities[e.To].AllowancesT += e.QuantityT;
            })
            .Event<ObligationSet>("compliance.obligation_set", (w, e) =>
            {
                var o = S(w).ObligationOf(e.Year, e.Entity);
                (o.VerifiedT, o.ObligationT, o.CcerCapT) = (e.VerifiedT, e.ObligationT, e.CcerCapT);
            })
            .Event<UnitsSurrenderedForYear>("compliance.units_surrendered", ApplySurrendered)
            .Event<ComplianceYearClosed>("compliance.year_closed", ApplyClosed);
    }

    private static CycleState S(World w) => w.Get<CycleState>();

    private static Rejection Reject(string code, string message) => new(code, message);

    private static Rejection? BadId(string value, string what) =>
        string.IsNullOrWhiteSpace(value) || value.Length > MaxIdLength ? Reject("bad_id", $"The {what} must be 1 to {MaxIdLength} characters.") : null;

    private static Rejection? RegisterEntity(DecisionContext ctx, RegisterEntity c)
    {
        if ((BadId(c.Entity, "entity id") ?? BadId(c.Sector, "sector") ?? BadId(c.Province, "province")) is { } bad)
            return bad;
        if (S(ctx.World).Entities.ContainsKey(c.Entity))
            return Reject("entity_exists", $"Entity {c.Entity} is already registered.");
        ctx.Emit(new EntityRegistered(c.Entity, c.Sector, c.Province, c.Fuel));
        return null;
    }

    private static Rejection? OpenYear(DecisionContext ctx, OpenComplianceYear c)
    {
        if (S(ctx.World).Years.ContainsKey(c.Year))
            return Reject("year_exists", $"Compliance year {c.Year} is already open.");
        var (plan, rejection) = Rulebooks.FindPowerPlan(c.PlanId);
        if (rejection is not null)
            return rejection;
        if (!plan!.Years.Contains(c.Year))
            return Reject("plan_not_for_year", $"Plan {plan.Id} covers {string.Join(", ", plan.Years)}, not {c.Year}.");
        ctx.Emit(new ComplianceYearOpened(c.Year, plan.Id, plan.Deadline.Value));
        return null;
    }

    private static Rejection? IssueAllocation(DecisionContext ctx, IssueAllocation c)
    {
        var s = S(ctx.World);
        if (!s.Entities.TryGetValue(c.Entity, out var entity))
            return Reject("unknown_entity", $"Entity {c.Entity} is not registered.");
        if (!s.Years.TryGetValue(c.Year, out var year))
            return Reject("unknown_year", $"Compliance year {c.Year} is not open.");
        if (year.Closed)
            return Reject("year_closed", $"Compliance year {c.Year} is closed.");
        if (c.AllocationT <= 0)
            return Reject("bad_quantity", "An allocation is a positive whole number of tonnes.");
        if (s.Obligations.TryGetValue((c.Year, c.Entity), out var o) && o.AllocationT > 0)
            return Reject("already_allocated", $"Entity {c.Entity} already has its {c.Year} allocation.");
        var deducted = Math.Min(entity.PendingDeductionT, c.AllocationT);
        ctx.Emit(new AllocationIssued(c.Entity, c.Year, c.AllocationT, deducted, c.AllocationT - deducted));
        return null;
    }

    private static void ApplyIssued(World w, AllocationIssued e)
    {
        var s = S(w);
        var entity = s.Entities[e.Entity];
        entity.PendingDeductionT -= e.DeductedT;
        entity.AllowancesT += e.IssuedT;
        s.AllowancesIssuedT += e.IssuedT;
        s.ObligationOf(e.Year, e.Entity).AllocationT = e.AllocationT;
    }

    private static Rejection? CreditOffsets(DecisionContext ctx, CreditOffsets c)
    {
        if (!S(ctx.World).Entities.ContainsKey(c.Entity))
            return Reject("unknown_entity", $"Entity {c.Entity} is not registered.");
        if (c.QuantityT <= 0)
            return Reject("bad_quantity", "A quantity is a positive whole number of tonnes.");
        ctx.Emit(new OffsetsCredited(c.Entity, c.QuantityT));
        return null;
    }

    private static Rejection? TransferAllowances(DecisionContext ctx, TransferAllowances c)
    {
        var s = S(ctx.World);
        if (!s.Entities.TryGetValue(c.From, out var from) || !s.Entities.ContainsKey(c.To))
            return Reject("unknown_entity", $"Both {c.From} and {c.To} must be registered.");
        if (c.From == c.To)
            return Reject("same_entity", "A transfer needs two different entities.");
        if (c.QuantityT <= 0)
            return Reject("bad_quantity", "A quantity is a positive whole number of tonnes.");
        if (from.AllowancesT < c.QuantityT)
            return Reject("insufficient_units", $"{c.From} holds {from.AllowancesT} t of allowances, fewer than {c.QuantityT} t.");
        ctx.Emit(new AllowancesTransferred(c.From, c.To, c.QuantityT));
        return null;
    }

    private static Rejection? RecordVerified(DecisionContext ctx, RecordVerifiedEmissions c)
    {
        var s = S(ctx.World);
        if (!s.Entities.TryGetValue(c.Entity, out var entity))
            return Reject("unknown_entity", $"Entity {c.Entity} is not registered.");
        if (!s.Years.TryGetValue(c.Year, out var year))
            return Reject("unknown_year", $"Compliance year {c.Year} is not open.");
        if (year.Closed)
            return Reject("year_closed", $"Compliance year {c.Year} is closed.");
        if (c.VerifiedT < 0)
            return Reject("bad_quantity", "Verified emissions are zero or more tonnes.");
        if (s.Obligations.TryGetValue((c.Year, c.Entity), out var existing) && existing.SurrenderedT > 0)
            return Reject("surrender_started", $"{c.Entity} has already surrendered for {c.Year}; its emissions can no longer change here.");
        // The gap cap and the gas rule measure the obligation against the allocation, so it must come first.
        if (existing is null || existing.AllocationT == 0)
            return Reject("no_allocation", $"{c.Entity} has no {c.Year} allocation yet; issue it before recording verified emissions.");
        var plan = Rulebooks.PowerPlan(year.PlanId);
        var r = ComplianceCalculation.Settle(plan, new ComplianceInput(existing.AllocationT, c.VerifiedT, entity.Fuel, 0, 0, Fen.Zero));
        ctx.Emit(new ObligationSet(c.Entity, c.Year, c.VerifiedT, r.ObligationT, r.CcerCapT));
        return null;
    }

    private static Rejection? Surrender(DecisionContext ctx, SurrenderForYear c)
    {
        var s = S(ctx.World);
        if (!s.Entities.TryGetValue(c.Entity, out var entity))
            return Reject("unknown_entity", $"Entity {c.Entity} is not registered.");
        if (!s.Years.TryGetValue(c.Year, out var year))
            return Reject("unknown_year", $"Compliance year {c.Year} is not open.");
        if (year.Closed)
            return Reject("year_closed", $"Compliance year {c.Year} is closed.");
        if (DateOnly.FromDateTime(ctx.Time.UtcDateTime) > year.Deadline)
            return Reject("deadline_passed", $"The {c.Year} surrender deadline was {year.Deadline:yyyy-MM-dd}.");
        if (!s.Obligations.TryGetValue((c.Year, c.Entity), out var o) || o.VerifiedT is null)
            return Reject("no_obligation", $"{c.Entity} has no verified emissions for {c.Year} yet.");
        if (c.AllowancesT < 0 || c.CcerT < 0 || c.AllowancesT + c.CcerT == 0)
            return Reject("bad_quantity", "Surrender a positive number of tonnes (allowances, CCER or both).");
        if (entity.AllowancesT < c.AllowancesT || entity.CcerT < c.CcerT)
            return Reject("insufficient_units", $"{c.Entity} holds {entity.AllowancesT} t of allowances and {entity.CcerT} t of CCER.");
        if (o.SurrenderedCcerT + c.CcerT > o.CcerCapT)
            return Reject("offset_cap_exceeded", $"CCER may cover at most {o.CcerCapT} t (5% of the {o.ObligationT} t due); {o.SurrenderedCcerT} t already used.");
        if (o.SurrenderedT + c.AllowancesT + c.CcerT > o.ObligationT)
            return Reject("surrender_exceeds_obligation", $"{c.Entity} owes {o.ObligationT - o.SurrenderedT} t more for {c.Year}.");
        ctx.Emit(new UnitsSurrenderedForYear(c.Entity, c.Year, c.AllowancesT, c.CcerT));
        return null;
    }

    private static void ApplySurrendered(World w, UnitsSurrenderedForYear e)
    {
        var s = S(w);
        var entity = s.Entities[e.Entity];
        var o = s.Obligations[(e.Year, e.Entity)];
        entity.AllowancesT -= e.AllowancesT;
        entity.CcerT -= e.CcerT;
        o.SurrenderedAllowancesT += e.AllowancesT;
        o.SurrenderedCcerT += e.CcerT;
        s.AllowancesSurrenderedT += e.AllowancesT;
        s.CcerSurrenderedT += e.CcerT;
        Invariant.Assert(entity.AllowancesT >= 0 && entity.CcerT >= 0, "no negative holding");
        Invariant.Assert(o.SurrenderedCcerT <= o.CcerCapT && o.SurrenderedT <= o.ObligationT, "surrender within cap and obligation");
    }

    private static Rejection? CloseYear(DecisionContext ctx, CloseComplianceYear c)
    {
        var s = S(ctx.World);
        if (!s.Years.TryGetValue(c.Year, out var year))
            return Reject("unknown_year", $"Compliance year {c.Year} is not open.");
        if (year.Closed)
            return Reject("year_closed", $"Compliance year {c.Year} is already closed.");
        if (DateOnly.FromDateTime(ctx.Time.UtcDateTime) <= year.Deadline)
            return Reject("deadline_not_reached", $"The {c.Year} deadline is {year.Deadline:yyyy-MM-dd}; close the year after it.");
        var plan = Rulebooks.PowerPlan(year.PlanId);
        var results = new List<EntityYearResult>();
        foreach (var o in s.Obligations.Values.Where(o => o.Year == c.Year && o.VerifiedT is not null))
        {
            var shortfall = o.ObligationT - o.SurrenderedT;
            var status = shortfall == 0 ? ComplianceStatus.Compliant : o.SurrenderedT > 0 ? ComplianceStatus.Partly : ComplianceStatus.Not;
            var deduction = plan.DeductShortfallFromNextAllocation.Value ? shortfall : 0;
            results.Add(new EntityYearResult(o.Entity, o.ObligationT, o.SurrenderedT, shortfall, status, deduction));
        }
        ctx.Emit(new ComplianceYearClosed(c.Year, results));
        return null;
    }

    private static void ApplyClosed(World w, ComplianceYearClosed e)
    {
        var s = S(w);
        s.Years[e.Year] = s.Years[e.Year] with { Closed = true };
        foreach (var r in e.Results)
        {
            s.Obligations[(e.Year, r.Entity)].Result = r;
            s.Entities[r.Entity].PendingDeductionT += r.DeductionT;
        }
    }
}
