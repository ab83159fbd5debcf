// openets compliance run --year Y: takes a year's compliance cycle as far as the command time allows on
// --db. It opens the year if needed (or adds an industrial sector's plan to it), allocates the industrial
// sectors from MRV (registration, grandfathered allocation or pre-allocation), sets each allocated entity's
// obligation from its final verified emissions in MRV, surrenders from holdings as far as they go (up to the deadline; with --borrow also borrows
// where the plan allows it), closes the year once
// the deadline has passed, and reports each entity's status (table, --json, or --csv FILE).
using System.ComponentModel;
using System.Globalization;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Allocation.Reports;
using OpenEts.Core;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>openets compliance run --year Y</summary>
public sealed class ComplianceRunCommand : AsyncCommand<ComplianceRunCommand.Settings>
{
    /// <summary>Options of compliance run.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The compliance year.</summary>
        [CommandOption("--year <YEAR>")]
        [Description("Compliance year.")]
        public int? Year { get; init; }

        /// <summary>The plan (default: the bundled plan covering the year).</summary>
        [CommandOption("--plan <PLAN>")]
        [Description("Plan id or a plan file (default: the plan the year was opened with, else the bundled power plan that covers it). An industrial plan (cn-steel-2024…) is added to the year beside the others.")]
        public string? Plan { get; init; }

        /// <summary>The time the commands carry (default: now).</summary>
        [CommandOption("--at <TIME>")]
        [Description("Time of the commands, ISO 8601 (default: now). Surrender happens up to the deadline; the year closes after it.")]
        public string? At { get; init; }

        /// <summary>The reference price for the penalty range, in yuan per tonne.</summary>
        [CommandOption("--price-yuan <PRICE>")]
        [Description("Average market price of the month before the deadline (yuan/t), for the 5–10 × penalty range. Default 0.")]
        public string? PriceYuan { get; init; }

        /// <summary>Where to write the per-entity CSV.</summary>
        [CommandOption("--csv <FILE>")]
        [Description("Write the per-entity report as CSV to FILE.")]
        public string? Csv { get; init; }

        /// <summary>Borrow what holdings leave missing, where the plan allows it.</summary>
        [CommandOption("--borrow")]
        [Description("Where the plan allows borrowing, borrow for each qualifying entity what its holdings leave missing (as if it applied).")]
        public bool Borrow { get; init; }

        /// <summary>The acting identity.</summary>
        [CommandOption("--as <IDENTITY>")]
        [Description("Acting identity (a regulator; default regulator).")]
        public string? Actor { get; init; }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var year = s.Year ?? throw CliException.BadInput("--year is required.");
        await using var engine = MarketHost.Open();
        // The journal first: a year already open names its plan (a market's own plan comes back with it).
        var openPlan = await engine.QueryAsync(w => w.Get<CycleState>().Years.GetValueOrDefault(year)?.PlanId);
        var plan = (s.Plan ?? openPlan) is { } id ? AllocationCli.FindCyclePlan(id)
            : Rulebooks.PowerPlans().SingleOrDefault(p => p.Years.Contains(year)) ?? throw CliException.BadInput($"No bundled plan covers {year}; give --plan.", "unknown_plan");
        var at = Parse.Time(s.At, "--at");
        var priceFen = s.PriceYuan is null ? Fen.Zero
            : Fen.TryParseYuan(s.PriceYuan, out var p) && p.Value >= 0 ? p
            : throw CliException.BadInput($"--price-yuan '{s.PriceYuan}' is not a price in yuan.");
        var actor = s.Actor ?? MarketSetup.Regulator;

        var state = await engine.QueryAsync(w => w.Get<CycleState>().Years.GetValueOrDefault(year));
        var sectorPlan = state?.PlanFor(plan.Sector);
        if (state is null || sectorPlan is null)
            await MarketHost.Run(engine, actor, new OpenComplianceYear(year, plan.Id), state is null ? $"compliance:{year}:open" : $"compliance:{year}:open:{plan.Sector}");
        else if (sectorPlan.PlanId != plan.Id)
            throw CliException.BadInput($"{year} is open under {sectorPlan.PlanId} for {plan.Sector}, not {plan.Id}.", "plan_not_for_year");
        var (allocations, waitingToAllocate) = await engine.QueryAsync(w => CycleScript.SectorAllocations(w, year, actor));
        await Submit(engine, allocations, at);
        var (obligations, waitingForObligation) = await engine.QueryAsync(w => CycleScript.Obligations(w, year, actor));
        await Submit(engine, obligations, at);
        var waiting = waitingToAllocate.Concat(waitingForObligation).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var surrenders = await engine.QueryAsync(w => CycleScript.Surrenders(w, year, DateOnly.FromDateTime(at.UtcDateTime), actor, s.Borrow));
        await Submit(engine, surrenders, at);
        var y = await engine.QueryAsync(w => w.Get<CycleState>().Years[year]);
        if (!y.Closed && DateOnly.FromDateTime(at.UtcDateTime) > y.LastDeadline())
            await MarketHost.Run(engine, actor, new CloseComplianceYear(year, priceFen.Value), $"compliance:{year}:close:{priceFen.Value}");
        var (rows, closed, deadline) = await engine.QueryAsync(w =>
        {
            var c = w.Get<CycleState>();
            return (ComplianceReports.EntityResults(c, year), c.Years[year].Closed, c.Years[year].LastDeadline());
        });
        if (s.Csv is not null)
            await File.WriteAllTextAsync(s.Csv, ComplianceReports.ToCsv(rows), cancellationToken);
        var plans = await engine.QueryAsync(w => w.Get<CycleState>().Years[year].AllPlans());
        Print(plan, plans, year, closed, deadline, rows, allocations.Count(a => a.Command is IssueVerifiedEmissionsAllocation or PreAllocate), obligations.Count, surrenders.Count, waiting);
        return ExitCodes.Ok;
    }

    private static async Task Submit(Engine engine, IReadOnlyList<SetupStep> steps, DateTimeOffset at)
    {
        var outcomes = await AllocationIssue.SubmitInOrder(engine, steps, at);
        var refused = steps.Zip(outcomes).FirstOrDefault(p => !p.Second.Accepted);
        if (refused.Second is { Rejection: { } r })
            throw CliException.Rejected(r.Code, $"{refused.First.CommandId}: {r.Message}");
    }

    private static void Print(ICompliancePlan plan, IReadOnlyList<YearPlan> plans, int year, bool closed, DateOnly deadline, IReadOnlyList<EntityComplianceRow> rows,
        int allocatedNow, int obligationsSet, int surrenders, IReadOnlyList<string> waiting)
    {
        var obliged = rows.Where(r => r.VerifiedT is not null).ToList();
        var compliant = obliged.Count(r => r.Status == "compliant");
        var dueT = obliged.Sum(r => r.ObligationT);
        var surrenderedT = obliged.Sum(r => r.AllowancesSurrenderedT + r.CcerSurrenderedT + r.BorrowedT);
        decimal? byEntities = closed && obliged.Count > 0 ? decimal.Round((decimal)compliant / obliged.Count, 4) : null;
        decimal? byTonnes = closed ? (dueT == 0 ? 1m : decimal.Round((decimal)surrenderedT / dueT, 4)) : null;
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                year,
                plan = plan.Id,
                plans = plans.ToDictionary(p => p.Sector, p => p.PlanId, StringComparer.Ordinal),
                allocations_now = allocatedNow,
                deadline = deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                closed,
                obligations_set_now = obligationsSet,
                surrenders_now = surrenders,
                waiting_for_verified_emissions = waiting,
                entities = rows.Select(r => new
                {
                    entity = r.Entity,
                    sector = r.Sector,
                    province = r.Province,
                    allocation_t = r.AllocationT,
                    issued_t = r.IssuedT,
                    verified_t = r.VerifiedT,
                    obligation_t = r.ObligationT,
                    allowances_surrendered_t = r.AllowancesSurrenderedT,
                    ccer_surrendered_t = r.CcerSurrenderedT,
                    borrowed_t = r.BorrowedT,
                    shortfall_t = r.ShortfallT,
                    status = r.Status,
                    penalty_min_yuan = r.PenaltyMinFen / 100m,
                    penalty_max_yuan = r.PenaltyMaxFen / 100m,
                    next_allocation_deduction_t = r.DeductionT,
                }),
                obligation_t = dueT,
                surrendered_t = surrenderedT,
                compliant_entities = compliant,
                compliance_rate = byEntities,
                compliance_rate_by_tonnes = byTonnes,
            });
            return;
        }
        var table = new Table().AddColumns("entity", "obligation t", "allowances t", "CCER t", "borrowed t", "shortfall t", "status", "penalty yuan", "deduction t");
        foreach (var r in rows)
            table.AddRow(r.Entity, T(r.ObligationT), T(r.AllowancesSurrenderedT), T(r.CcerSurrenderedT), T(r.BorrowedT), T(r.ShortfallT), r.Status,
                r.PenaltyMaxFen == 0 ? "-" : $"{r.PenaltyMinFen / 100m:N2}–{r.PenaltyMaxFen / 100m:N2}", T(r.DeductionT));
        AnsiConsole.Write(table);
        var rate = byEntities is null ? $"open until {deadline:yyyy-MM-dd}" : $"compliance rate {byEntities:P2} of entities, {byTonnes:P2} of tonnes";
        AnsiConsole.WriteLine($"{year} ({string.Join(", ", plans.Select(p => p.PlanId))}): {allocatedNow} industrial allocations, {obligationsSet} obligations set and {surrenders} surrenders now; {rate}; {waiting.Count} entities wait for final verified emissions.");
    }

    private static string T(long t) => t.ToString("N0", CultureInfo.InvariantCulture);
}
