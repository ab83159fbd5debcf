// The compliance cycle as an engine module: entities and years, obligations from MRV's final verified
// emissions, status at close, and shortfalls carried as deductions from the next allocation. Allocation
// and surrender move units in the registry (CycleSettlement.cs); this module keeps no holdings of its own.
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Allocation.Cycle;

/// <summary>Registers the compliance cycle's state, commands and events. Needs the registry and MRV modules in the same catalog.</summary>
public sealed partial class ComplianceCycleModule : IModule
{
    /// <summary>Longest entity, sector, province or unit id.</summary>
    public const int MaxIdLength = 128;

    /// <inheritdoc />
    public void Register(ModuleBuilder builder)
    {
        builder.State("compliance", () => new CycleState())
            .Command<RegisterEntity>("compliance.register_entity", RegisterEntity)
            .Command<OpenComplianceYear>("compliance.open_year", OpenYear)
            .Command<IssueAllocation>("allocation.issue", IssueAllocation)
            .Command<SetObligation>("compliance.set_obligation", SetObligation)
            .Command<SurrenderForYear>("compliance.surrender", Surrender)
            .Command<BorrowForYear>("compliance.borrow", Borrow)
            .Command<ObjectToAllocation>("allocation.object", ObjectToAllocation)
            .Command<AnswerObjection>("allocation.answer_objection", AnswerObjection)
            .Command<SetAsideReserve>("allocation.set_aside_reserve", SetAsideReserve)
            .Command<CloseComplianceYear>("compliance.close_year", CloseYear)
            .Command<SellPaidShare>("allocation.sell_paid_share", SellPaidShare)
            .Command<IssueVerifiedEmissionsAllocation>("allocation.issue_grandfathered", IssueGrandfathered)
            .Command<PreAllocate>("allocation.pre_allocate", PreAllocate)
            .Command<TrueUpAllocation>("allocation.true_up", TrueUp)
            .Event<EntityRegistered>("compliance.entity_registered", (w, e) => S(w).Entities.Add(e.Entity,
                new CoveredEntity { Id = e.Entity, Sector = e.Sector, Province = e.Province, Fuel = e.Fuel, Account = e.Account }))
            .Event<ComplianceYearOpened>("compliance.year_opened", ApplyYearOpened)
            .Event<AllocationIssued>("allocation.issued", ApplyIssued)
            .Event<ObligationSet>("compliance.obligation_set", (w, e) =>
            {
                var o = S(w).ObligationOf(e.Year, e.Entity);
                (o.VerifiedT, o.ObligationT, o.CcerCapT) = (e.VerifiedT, e.ObligationT, e.CcerCapT);
            })
            .Event<UnitsSurrenderedForYear>("compliance.units_surrendered", ApplySurrendered)
            .Event<AllowancesBorrowed>("compliance.allowances_borrowed", ApplyBorrowed)
            .Event<AllocationObjected>("allocation.objected", ApplyObjected)
            .Event<ObjectionAnswered>("allocation.objection_answered", ApplyAnswered)
            .Event<ReserveSetAside>("allocation.reserve_set_aside", ApplyReserveSetAside)
            .Event<ComplianceYearClosed>("compliance.year_closed", ApplyClosed)
            .Event<PaidShareOffered>("allocation.paid_share_offered", ApplyPaidShare)
            .Event<AllocationTrueUpDone>("allocation.trued_up", ApplyTrueUp);
    }

    private static CycleState S(World w) => w.Get<CycleState>();

    private static RegistryState Registry(DecisionContext ctx) => ctx.World.Get<RegistryState>();

    private static Rejection Reject(string code, string message) => new(code, message);

    private static Rejection? BadId(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) || value.Length > MaxIdLength ? Reject("bad_id", $"The {what} must be 1 to {MaxIdLength} characters.") : null;

    private static Rejection? RegulatorOnly(DecisionContext ctx, string what) =>
        Registry(ctx).RoleOf(ctx.Actor) == Role.Regulator ? null : Reject("not_authorized", $"'{ctx.Actor}' may not {what} (regulators only).");

    /// <summary>The open (not closed) year, or why not.</summary>
    private static Rejection? OpenYearOf(CycleState s, int year, out ComplianceYear? y)
    {
        if (!s.Years.TryGetValue(year, out y))
            return Reject("unknown_year", $"Compliance year {year} is not open.");
        return y.Closed ? Reject("year_closed", $"Compliance year {year} is closed.") : null;
    }

    /// <summary>The registered entity and its open year, or why not.</summary>
    private static Rejection? EntityInOpenYear(CycleState s, string entityId, int year, out CoveredEntity? entity, out ComplianceYear? y)
    {
        y = null;
        if (!s.Entities.TryGetValue(entityId, out entity))
            return Reject("unknown_entity", $"Entity {entityId} is not registered.");
        return OpenYearOf(s, year, out y);
    }

    private static Rejection? RegisterEntity(DecisionContext ctx, RegisterEntity c)
    {
        if (RegulatorOnly(ctx, "register covered entities") is { } denied)
            return denied;
        if ((BadId(c.Entity, "entity id") ?? BadId(c.Sector, "sector") ?? BadId(c.Province, "province")) is { } bad)
            return bad;
        if (S(ctx.World).Entities.ContainsKey(c.Entity))
            return Reject("entity_exists", $"Entity {c.Entity} is already registered.");
        var account = c.Account ?? c.Entity;
        if (!Registry(ctx).Accounts.TryGetValue(account, out var a) || a.Kind != AccountKind.CoveredEntity)
            return Reject("no_entity_account", $"The registry has no covered-entity account '{account}'; open it before registering {c.Entity}.");
        ctx.Emit(new EntityRegistered(c.Entity, c.Sector, c.Province, c.Fuel, account));
        return null;
    }

    /// <summary>The plan an entity settles under in a year: its sector's plan, or why there is none.</summary>
    private static Rejection? PlanOf(ComplianceYear year, CoveredEntity entity, out YearPlan yearPlan, out ICompliancePlan plan)
    {
        (yearPlan, plan) = (null!, null!);
        if (year.PlanFor(entity.Sector) is not { } p)
            return Reject("sector_not_open", $"Compliance year {year.Year} has no plan for the {entity.Sector} sector of {entity.Id}; open the year with a {entity.Sector} plan.");
        (yearPlan, plan) = (p, Rulebooks.Plan(p.PlanId));
        return null;
    }

    private static Rejection? OpenYear(DecisionContext ctx, OpenComplianceYear c)
    {
        if (RegulatorOnly(ctx, "open compliance years") is { } denied)
            return denied;
        var (plan, rejection) = Rulebooks.FindPlan(c.PlanId);
        if (rejection is not null)
            return rejection;
        if (S(ctx.World).Years.GetValueOrDefault(c.Year) is { } open)
        {
            if (open.PlanFor(plan!.Sector) is { } same)
                return Reject("year_exists", $"Compliance year {c.Year} is already open for the {plan.Sector} sector, under {same.PlanId}.");
            if (open.Closed)
                return Reject("year_closed", $"Compliance year {c.Year} is closed.");
        }
        if (!plan!.Years.Contains(c.Year))
            return Reject("plan_not_for_year", $"Plan {plan.Id} covers {string.Join(", ", plan.Years)}, not {c.Year}.");
        var r = Registry(ctx);
        var market = r.Markets.Values.Where(m => m.Rulebook == plan.Market).Select(m => m.Id).Order(StringComparer.Ordinal).FirstOrDefault();
        if (market is null)
            return Reject("no_market", $"No registry market runs the rulebook '{plan.Market}' of plan {plan.Id}.");
        // The plan's allowances carry its last year's vintage (CEA19-20 is vintage 2020 and serves 2019 and 2020).
        var cls = r.Classes.Values.Where(k => k.Type == UnitType.Allowance && k.MarketId == market && k.Vintage == plan.LastYear)
            .Select(k => k.Id).Order(StringComparer.Ordinal).FirstOrDefault();
        if (cls is null)
            return Reject("no_allowance_class", $"Market '{market}' has no allowance class of vintage {plan.LastYear}.");
        ctx.Emit(new ComplianceYearOpened(c.Year, plan.Id, plan.Deadline.Value, market, cls, Rulebooks.AddedPlanJson(plan.Id), plan.Sector));
        return null;
    }

    private static void ApplyYearOpened(World w, ComplianceYearOpened e)
    {
        // A market's own plan travels in the journal, so a restarted process decides with the same plan.
        if (e.PlanJson is { } json)
            Rulebooks.RestoreFromJournal(json);
        var years = S(w).Years;
        if (years.TryGetValue(e.Year, out var open))
        {
            var added = new YearPlan(e.Sector ?? ComplianceYear.PowerSector, e.PlanId, e.Deadline, e.MarketId, e.AllowanceClass, e.PlanJson);
            years[e.Year] = open with { SectorPlans = [.. open.SectorPlans ?? [], added] };
            return;
        }
        years.Add(e.Year, new ComplianceYear(e.Year, e.PlanId, e.Deadline, e.MarketId, e.AllowanceClass, false, PlanJson: e.PlanJson, Sector: e.Sector));
    }

    private static Rejection? SetObligation(DecisionContext ctx, SetObligation c)
    {
        if (RegulatorOnly(ctx, "set obligations") is { } denied)
            return denied;
        var s = S(ctx.World);
        if (EntityInOpenYear(s, c.Entity, c.Year, out var entity, out var year) is { } refused)
            return refused;
        s.Obligations.TryGetValue((c.Year, c.Entity), out var existing);
        // The gap cap and the gas rule measure the obligation against the allocation, so it must come first.
        if (existing is null || existing.AllocationT == 0)
            return Reject("no_allocation", $"{c.Entity} has no {c.Year} allocation yet; issue it before setting the obligation.");
        if (existing.SurrenderedT > 0)
            return Reject("surrender_started", $"{c.Entity} has already surrendered for {c.Year}; its obligation can no longer change.");
        if (FinalVerified(ctx, c.Entity, c.Year, out var verified) is { } notVerified)
            return notVerified;
        if (PlanOf(year!, entity!, out _, out var plan) is { } noPlan)
            return noPlan;
        var r = ComplianceCalculation.Settle(plan, new ComplianceInput(existing.AllocationT, verified, entity!.Fuel, 0, 0, Fen.Zero));
        ctx.Emit(new ObligationSet(c.Entity, c.Year, verified, r.ObligationT, r.CcerCapT));
        return null;
    }

    /// <summary>The entity's final verified emissions of a year in MRV (all its facilities final), or why they are not known.</summary>
    private static Rejection? FinalVerified(DecisionContext ctx, string entity, int year, out long verifiedT)
    {
        verifiedT = 0;
        var mrv = ctx.World.Get<MrvState>();
        if (!mrv.Facilities.Values.Any(f => f.EntityId == entity))
            return Reject("no_verified_emissions", $"MRV has no facility of {entity}.");
        var (verified, notFinal) = mrv.EntityFinalVerifiedEmissions(entity, year);
        if (notFinal.Count > 0)
            return Reject("emissions_not_final", $"The {year} reports of {string.Join(", ", notFinal.Take(5))} are not final yet.");
        verifiedT = verified.Value;
        return null;
    }

    private static Rejection? CloseYear(DecisionContext ctx, CloseComplianceYear c)
    {
        if (RegulatorOnly(ctx, "close compliance years") is { } denied)
            return denied;
        var s = S(ctx.World);
        if (OpenYearOf(s, c.Year, out var year) is { } closed)
            return closed;
        if (TradingRulebook.National.MarketDate(ctx.Time) <= year!.LastDeadline())
            return Reject("deadline_not_reached", $"The {c.Year} deadline is {year.LastDeadline():yyyy-MM-dd}; close the year after it.");
        if (c.ReferencePriceFen < 0)
            return Reject("bad_price", "The reference price is zero or more fen per tonne.");
        // An entity allocated for the year with no obligation set would otherwise drop out of the year unseen: no
        // shortfall, no fine, its allowances free to sell, and out of the compliance rate.
        var pending = s.Obligations.Values.Where(o => o.Year == c.Year && o.VerifiedT is null).Select(o => o.Entity).Order(StringComparer.Ordinal).ToList();
        if (pending.Count > 0)
            return Reject("obligations_pending",
                $"{pending.Count:N0} entities allocated for {c.Year} have no obligation yet ({string.Join(", ", pending.Take(10))}{(pending.Count > 10 ? ", …" : "")}): set them from final verified emissions (for an entity that did not report, the emissions the regulator determines) before closing the year.");
        var results = new List<EntityYearResult>();
        foreach (var o in s.Obligations.Values.Where(o => o.Year == c.Year && o.VerifiedT is not null))
        {
            // An obligation is set only under the entity's sector plan, so the plan is there.
            Invariant.Assert(PlanOf(year, s.Entities[o.Entity], out _, out var plan) is null, $"{o.Entity} has a plan for {c.Year}");
            var shortfall = o.ObligationT - o.SurrenderedT;
            var status = shortfall == 0 ? ComplianceStatus.Compliant : o.SurrenderedT > 0 ? ComplianceStatus.Partly : ComplianceStatus.Not;
            var deduction = plan.DeductShortfallFromNextAllocation.Value ? shortfall : 0;
            if (ComplianceCalculation.TryPenalty(plan.Penalty, shortfall, new Fen(c.ReferencePriceFen)) is not var (min, max))
                return Reject("penalty_out_of_range",
                    $"{o.Entity}'s fine for a shortfall of {shortfall:N0} t at {new Fen(c.ReferencePriceFen).ToYuanString()} yuan/t would exceed {new Fen(ComplianceCalculation.MaxFineFen).ToYuanString()} yuan; check the reference price and its verified emissions.");
            results.Add(new EntityYearResult(o.Entity, o.ObligationT, o.SurrenderedT, shortfall, status, deduction, min.Value, max.Value));
        }
        ctx.Emit(new ComplianceYearClosed(c.Year, c.ReferencePriceFen, results));
        return null;
    }

    private static void ApplyClosed(World w, ComplianceYearClosed e)
    {
        var s = S(w);
        s.Years[e.Year] = s.Years[e.Year] with { Closed = true, ReferencePriceFen = e.ReferencePriceFen };
        foreach (var r in e.Results)
        {
            s.Obligations[(e.Year, r.Entity)].Result = r;
            s.Entities[r.Entity].PendingDeductionT += r.DeductionT;
        }
    }
}
