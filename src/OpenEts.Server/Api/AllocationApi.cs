// Allocation and compliance over HTTP: the bundled plans, an allocation computed for posted units (what
// `openets allocate` prints, nothing issued), each entity's compliance in a year as the cycle stands, and the
// regulator's cycle steps (open, obligations, surrenders, close) as engine commands with the cycle's own ids.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Allocation.Reports;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Http;

namespace OpenEts.Server.Api;

/// <summary>A plan as the list shows it.</summary>
public sealed record PlanView(string Id, string Title, string Market, string Sector, IReadOnlyList<int> Years, OutputBasis OutputBasis,
    bool HeatSupplyFactor, bool Borrowing, bool BankingCap, PenaltyKind Penalty, DateOnly Deadline);

/// <summary>Units to allocate under a plan: the CSV of `openets allocate --units`.</summary>
public sealed record AllocationRequest(string Plan, string UnitsCsv);

/// <summary>One unit's allocation (whole tonnes; electricity = total − heat).</summary>
public sealed record UnitAllocationView(string UnitId, string Entity, UnitCategory Category, decimal ElectricityBenchmarkTPerMwh, decimal HeatBenchmarkTPerGj,
    decimal CoolingFactor, decimal HeatSupplyFactor, decimal LoadFactor, long ElectricityT, long HeatT, long TotalT);

/// <summary>A computed allocation: each unit and the total.</summary>
public sealed record AllocationView(string Plan, OutputBasis OutputBasis, IReadOnlyList<UnitAllocationView> Units, long TotalT);

/// <summary>Compliance rates: by entities (compliant of all) and by tonnes (surrendered of due).</summary>
public sealed record ComplianceRates(int Entities, int CompliantEntities, decimal RateByEntities, long ObligationT, long SurrenderedT, decimal RateByTonnes);

/// <summary>A compliance year as the cycle stands: closed or not, each entity the caller may see, the market's rates, and the plan of each sector (sector → plan id); the deadline is the latest of its plans'.</summary>
public sealed record ComplianceYearView(int Year, string PlanId, DateOnly Deadline, bool Closed, IReadOnlyList<EntityComplianceRow> Entities, ComplianceRates Rates,
    IReadOnlyDictionary<string, string>? Plans = null);

/// <summary>A cycle step: open (with plan_id), obligations, surrenders, close (with reference_price_fen).</summary>
public sealed record CycleStepRequest(string Step, string? PlanId = null, long? ReferencePriceFen = null);

/// <summary>An entity's surrender for a compliance year: what it hands in of one class (allowances of an eligible vintage, or CCER within the cap).</summary>
public sealed record ComplianceSurrenderRequest(string Entity, string ClassId, long QuantityT);

/// <summary>One command a step submitted.</summary>
public sealed record StepCommand(string CommandId, string Kind, long Seq, bool Replayed);

/// <summary>What a step did: the commands it submitted, and the entities still waiting for final verified emissions.</summary>
public sealed record CycleStepResult(string Step, int Year, IReadOnlyList<StepCommand> Commands, IReadOnlyList<string> Waiting);

/// <summary>An objection to an entity's allocation for the year (by the holder of the entity's account).</summary>
public sealed record ObjectionRequest(string Entity, string Reason);

/// <summary>The regulator's answer to the pending objection: upheld (adding zero or more tonnes) or dismissed.</summary>
public sealed record ObjectionAnswerRequest(bool Upheld, string Answer, long AdditionalT = 0);

/// <summary>An entity's objections in a year, with their answers.</summary>
public sealed record ObjectionsView(string Entity, int Year, DateOnly? AllocatedOn, IReadOnlyList<AllocationObjection> Objections);

/// <summary>Maps the allocation and compliance endpoints.</summary>
public static class AllocationApi
{
    /// <summary>The steps a regulator runs, in the order of a year.</summary>
    public static readonly IReadOnlyList<string> Steps = ["open", "obligations", "surrenders", "close"];

    /// <summary>Adds /allocation and /compliance endpoints.</summary>
    public static RouteGroupBuilder MapAllocationApi(this RouteGroupBuilder api)
    {
        var a = api.MapGroup("/allocation").WithTags("Allocation");
        a.MapGet("/plans", () => Results.Ok(Rulebooks.PowerPlans().Select(View).ToList())).WithName("AllocationPlans");
        // The industrial plans whole, as their rulebook files state them (each value with its source and status).
        a.MapGet("/sector-plans", () => Results.Ok(Rulebooks.SectorPlans())).WithName("AllocationSectorPlans");
        a.MapPost("/calculations", (AllocationRequest r) => Calculate(r)).WithName("CalculateAllocation");
        var c = api.MapGroup("/compliance").WithTags("Allocation");
        c.MapGet("/{year:int}", Status).WithName("ComplianceStatus");
        c.MapPost("/{year:int}/steps", RunStep).WithName("RunCycleStep");
        c.MapPost("/{year:int}/surrenders", (HttpContext http, MarketRuntime market, int year, ComplianceSurrenderRequest r) =>
            Commands.Run(http, market, new SurrenderForYear(r.Entity, year, r.ClassId, r.QuantityT))).WithName("SurrenderForYear");
        c.MapGet("/{year:int}/objections", Objections).WithName("AllocationObjections");
        c.MapPost("/{year:int}/objections", (HttpContext http, MarketRuntime market, int year, ObjectionRequest r) =>
            Commands.Run(http, market, new ObjectToAllocation(r.Entity, year, r.Reason))).WithName("ObjectToAllocation");
        c.MapPost("/{year:int}/objections/{entity}/answer", (HttpContext http, MarketRuntime market, int year, string entity, ObjectionAnswerRequest r) =>
            Commands.Run(http, market, new AnswerObjection(entity, year, r.Upheld, r.AdditionalT, r.Answer))).WithName("AnswerObjection");
        return api;
    }

    /// <summary>A plan for the list.</summary>
    public static PlanView View(PowerPlan p) => new(p.Id, p.Title, p.Market, p.Sector, p.Years, p.OutputBasis.Value, p.HeatSupplyFactor is not null,
        p.Flexibilities.Borrowing is not null, p.Flexibilities.Banking is not null, p.Penalty.Kind, p.Deadline.Value);

    private static IResult Calculate(AllocationRequest r)
    {
        var (plan, unknown) = Rulebooks.FindPowerPlan(r.Plan);
        if (plan is null)
            return Problems.Of(422, unknown!.Code, unknown.Message);
        var (units, errors) = UnitCsv.Parse(new StringReader(r.UnitsCsv), plan);
        if (errors.Count > 0)
            return Problems.Of(422, "bad_units", $"Nothing computed; {errors.Count} bad row(s): " + string.Join("; ", errors.Take(10)) + (errors.Count > 10 ? "; …" : "."));
        var (allocations, total) = BenchmarkAllocation.AllocateAll(plan, units);
        return Results.Ok(new AllocationView(plan.Id, plan.OutputBasis.Value, allocations.Select(x => new UnitAllocationView(x.UnitId, x.Entity, x.Category,
            Plain(x.ElectricityBenchmark), Plain(x.HeatBenchmark), Plain(x.Factors.Cooling), Plain(x.Factors.HeatSupply), Plain(x.Factors.Load),
            x.ElectricityT, x.HeatT, x.TotalT)).ToList(), total));
    }

    private static decimal Plain(decimal d) => d / 1.0000000000000000000000000000m;

    /// <summary>
    /// The compliance year as <paramref name="actor"/> may see it: regulators and the registry operator every entity,
    /// a covered entity its own (the market's rates too); null for others (not_authorized); a view with no plan when
    /// the year is not open.
    /// </summary>
    public static (bool Allowed, ComplianceYearView? View) YearFor(World w, string actor, int year)
    {
        var registry = w.Get<RegistryState>();
        var role = registry.RoleOf(actor);
        if (role is not (Role.Regulator or Role.RegistryOperator or Role.CoveredEntity))
            return (false, null);
        var cycle = w.Get<CycleState>();
        if (!cycle.Years.TryGetValue(year, out var y))
            return (true, null);
        var all = ComplianceReports.EntityResults(cycle, year);
        var rows = role == Role.CoveredEntity ? all.Where(r => OwnedBy(registry, cycle, r.Entity, actor)).ToList() : all;
        return (true, new ComplianceYearView(year, y.PlanId, y.LastDeadline(), y.Closed, rows, RatesOf(all),
            y.AllPlans().ToDictionary(p => p.Sector, p => p.PlanId, StringComparer.Ordinal)));
    }

    /// <summary>
    /// Rates over entities with an obligation: once closed, compliant is the close's status; while open, an entity
    /// counts as compliant when it has surrendered its whole obligation so far.
    /// </summary>
    public static ComplianceRates RatesOf(IReadOnlyList<EntityComplianceRow> rows)
    {
        var obliged = rows.Where(r => r.Status != "no_obligation").ToList();
        var compliant = obliged.Count(r => r.Status == "compliant" || (r.Status == "open" && r.ShortfallT <= 0));
        var due = obliged.Sum(r => r.ObligationT);
        var surrendered = obliged.Sum(r => r.ObligationT - Math.Max(0, r.ShortfallT));
        return new(obliged.Count, compliant, obliged.Count == 0 ? 0m : decimal.Round((decimal)compliant / obliged.Count, 4),
            due, surrendered, due == 0 ? 0m : decimal.Round((decimal)surrendered / due, 4));
    }

    private static bool OwnedBy(RegistryState registry, CycleState cycle, string entity, string actor) =>
        entity == actor || (cycle.Entities.TryGetValue(entity, out var e) && registry.Accounts.TryGetValue(e.Account, out var a) && a.Holder == actor);

    private static async Task<IResult> Status(HttpContext http, MarketRuntime market, int year)
    {
        var actor = Commands.Actor(http.User);
        var (allowed, view) = await market.Engine.QueryAsync(w => YearFor(w, actor, year), http.RequestAborted);
        if (!allowed)
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not read compliance status (regulator, registry operator, covered entity)."));
        return view is null ? Problems.Of(404, "unknown_year", $"The compliance year {year} is not open.") : Results.Ok(view);
    }

    /// <summary>Objections in a year: regulators and the registry operator see every entity's, a covered entity its own.</summary>
    private static async Task<IResult> Objections(HttpContext http, MarketRuntime market, int year)
    {
        var actor = Commands.Actor(http.User);
        var (allowed, open, list) = await market.Engine.QueryAsync(w =>
        {
            var registry = w.Get<RegistryState>();
            var cycle = w.Get<CycleState>();
            var role = registry.RoleOf(actor);
            if (role is not (Role.Regulator or Role.RegistryOperator or Role.CoveredEntity))
                return (false, false, (List<ObjectionsView>)[]);
            var views = cycle.Obligations.Values
                .Where(o => o.Year == year && o.Objections.Count > 0 && (role != Role.CoveredEntity || OwnedBy(registry, cycle, o.Entity, actor)))
                .Select(o => new ObjectionsView(o.Entity, o.Year, o.AllocatedOn, o.Objections.ToList())).ToList();
            return (true, cycle.Years.ContainsKey(year), views);
        }, http.RequestAborted);
        if (!allowed)
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not read objections (regulator, registry operator, covered entity)."));
        return open ? Results.Ok(list) : Problems.Of(404, "unknown_year", $"The compliance year {year} is not open.");
    }

    private static async Task<IResult> RunStep(HttpContext http, MarketRuntime market, int year, CycleStepRequest r)
    {
        switch (r.Step)
        {
            case "open":
                return r.PlanId is { } plan
                    ? await Commands.Run(http, market, new OpenComplianceYear(year, plan))
                    : Problems.Of(400, "missing_field", "The open step needs plan_id (see GET /api/allocation/plans).");
            case "close":
                // Closing cannot be undone and prices the penalties, so the reference price is stated, never assumed.
                return r.ReferencePriceFen switch
                {
                    null => Problems.Of(400, "missing_field", "The close step needs reference_price_fen: the month-average market price before the deadline, in fen per tonne."),
                    < 0 => Problems.Of(422, "bad_price", "reference_price_fen is zero or more (fen per tonne)."),
                    { } price => await Commands.Run(http, market, new CloseComplianceYear(year, price)),
                };
            case "obligations" or "surrenders":
                return await RunScript(http, market, year, r.Step);
            default:
                return Problems.Of(422, "invalid_step", $"step is one of {string.Join(", ", Steps)}; '{r.Step}' is not.");
        }
    }

    /// <summary>
    /// Runs the cycle script's commands of a step as <paramref name="actor"/>, each with the script's fixed id (so a
    /// rerun, or the CLI's compliance run, does nothing twice); stops at the first refusal.
    /// </summary>
    public static async Task<(CycleStepResult Result, Rejection? Rejection, long Seq)> RunScriptAsync(MarketRuntime market, string actor, int year, string step, CancellationToken ct)
    {
        var today = TradingRulebook.National.MarketDate(market.Clock.GetUtcNow());
        var (steps, waiting) = await market.Engine.QueryAsync(w => step == "obligations"
            ? CycleScript.Obligations(w, year, actor)
            : (CycleScript.Surrenders(w, year, today, actor), (IReadOnlyList<string>)[]), ct);
        var done = new List<StepCommand>();
        foreach (var s in steps)
        {
            var outcome = await market.SubmitAsync(s.CommandId, actor, s.Command, ct);
            if (outcome.Rejection is { } no)
                return (new CycleStepResult(step, year, done, waiting), no, outcome.Seq);
            done.Add(new StepCommand(s.CommandId, market.Engine.Catalog.CommandName(s.Command.GetType()), outcome.Seq, outcome.Replayed));
        }
        return (new CycleStepResult(step, year, done, waiting), null, 0);
    }

    private static async Task<IResult> RunScript(HttpContext http, MarketRuntime market, int year, string step)
    {
        var actor = Commands.Actor(http.User);
        var (role, open) = await market.Engine.QueryAsync(w => (w.Get<RegistryState>().RoleOf(actor), w.Get<CycleState>().Years.GetValueOrDefault(year)), http.RequestAborted);
        // The script reads what any regulator may act on; others are refused before it runs, as the module would.
        if (role != Role.Regulator)
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not run compliance steps (regulators only)."));
        if (open is null)
            return Problems.Of(404, "unknown_year", $"The compliance year {year} is not open.");
        if (open.Closed)
            return Problems.Of(409, "year_closed", $"The compliance year {year} is closed.");
        var (result, rejection, seq) = await RunScriptAsync(market, actor, year, step, http.RequestAborted);
        return rejection is null ? Results.Ok(result) : Problems.Rejected(rejection, seq);
    }
}
