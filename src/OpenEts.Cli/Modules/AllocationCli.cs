// The allocation and compliance module's commands on the CLI: plans, allocate (compute, or --issue through
// the engine: AllocationIssueCli.cs), compliance calc, compliance run (AllocationComplianceRunCli.cs).
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers the allocation module's CLI commands.</summary>
public static class AllocationCli
{
    /// <summary>Adds the module's commands.</summary>
    public static void Register(IConfigurator config)
    {
        config.AddCommand<PlansCommand>("plans").WithDescription("List the bundled allocation plans.");
        config.AddCommand<AllocateCommand>("allocate").WithDescription("Compute each generating unit's allocation under a plan; with --issue, issue it through the engine on --db.");
        config.AddBranch("compliance", b =>
        {
            b.SetDescription("Compliance: obligations, surrender, shortfall and penalties.");
            b.AddCommand<ComplianceCalcCommand>("calc").WithDescription("Settle one entity-year: obligation after flexibilities, CCER usable, surrender, shortfall, penalty range.");
            b.AddCommand<ComplianceTrueUpCommand>("true-up").WithDescription("True up an industrial entity's allocation to verified output × the plan's benchmark (refused while the benchmark is not published).");
            b.AddCommand<ComplianceRunCommand>("run").WithDescription("Run a year's compliance cycle on --db: obligations from final verified emissions, surrender from holdings, close after the deadline, report.");
        });
    }

    /// <summary>Adds the module's benchmarks under "bench".</summary>
    public static void RegisterBench(IConfigurator<CommandSettings> bench)
    {
        bench.AddCommand<AllocationBenchCommand>("allocation").WithDescription("Allocate seeded generating units under a plan and report units per second.");
    }

    internal static PowerPlan FindPlan(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw CliException.BadInput("--plan is required; `openets plans` lists them.");
        // A market's own plan (a pilot market's, or a policy variant) comes as a rulebook file.
        var (plan, rejection) = id.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Rulebooks.AddPowerPlan(File.Exists(id) ? File.ReadAllBytes(id) : throw CliException.BadInput($"The plan file {id} does not exist."))
            : Rulebooks.FindPowerPlan(id);
        return plan ?? throw CliException.BadInput(rejection!.Message, rejection.Code);
    }

    /// <summary>Any plan the cycle can open a year with (power or industrial), bundled or a market's own plan file.</summary>
    internal static ICompliancePlan FindCyclePlan(string id)
    {
        var (plan, rejection) = id.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Rulebooks.AddPlan(File.Exists(id) ? File.ReadAllBytes(id) : throw CliException.BadInput($"The plan file {id} does not exist."))
            : Rulebooks.FindPlan(id);
        return plan ?? throw CliException.BadInput(rejection!.Message, rejection.Code);
    }

    internal static string ReadFile(string? path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw CliException.BadInput($"{option} FILE is required.");
        if (!File.Exists(path))
            throw CliException.BadInput($"The file {path} does not exist.");
        return File.ReadAllText(path);
    }

    internal static string Yuan(Fen fen) => (fen.Value / 100m).ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>The decimal without trailing zeros (1.0102 rather than 1.010200), for output.</summary>
    internal static decimal Plain(decimal d) => d / 1.0000000000000000000000000000m;

    internal static string Name(UnitCategory c) => c switch
    {
        UnitCategory.CoalGt300 => "coal_gt300",
        UnitCategory.CoalLe300 => "coal_le300",
        UnitCategory.CoalUnconventional => "coal_unconventional",
        _ => "gas",
    };
}

/// <summary>openets plans</summary>
public sealed class PlansCommand : Command<PlansCommand.Settings>
{
    /// <summary>No options besides the global --json.</summary>
    public sealed class Settings : CommandSettings;

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plans = Rulebooks.PowerPlans();
        var sectorPlans = Rulebooks.SectorPlans();
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                plans = plans.Select(p => new
                {
                    id = p.Id,
                    title = p.Title,
                    market = p.Market,
                    sector = p.Sector,
                    years = p.Years,
                    output_basis = p.OutputBasis.Value,
                    heat_supply_factor = p.HeatSupplyFactor is not null,
                    borrowing = p.Flexibilities.Borrowing is not null,
                    banking_cap = p.Flexibilities.Banking is not null,
                    penalty = p.Penalty.Kind,
                    deadline = p.Deadline.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    values_marked_check = CountChecks(p),
                    values_assumed = CountAssumed(p),
                }),
                sector_plans = sectorPlans.Select(p => new
                {
                    id = p.Id,
                    title = p.Title,
                    market = p.Market,
                    sector = p.Sector,
                    years = p.Years,
                    gases = p.Gases.Value,
                    method = p.Allocation.Method.Value,
                    pre_allocation_share = p.Allocation.PreAllocation?.ShareOfVerifiedEmissions.Value,
                    pre_allocation_base_year = p.Allocation.PreAllocation?.BaseYear,
                    benchmark = p.Allocation.Benchmark is { } b ? new { product = b.Product, output_unit = b.OutputUnit, value_t_per_unit = b.ValueTPerUnit, status = b.Status } : null,
                    ccer_cap_share = p.Offsets.CcerCapShareOfObligation.Value,
                    penalty = p.Penalty.Kind,
                    deadline = p.Deadline.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    deadline_assumed = p.Deadline.Assumed,
                }),
            });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("plan", "years", "output", "heat factor", "borrowing", "banking cap", "penalty", "deadline", "marked check", "assumed");
        foreach (var p in plans)
            table.AddRow(p.Id, string.Join("–", p.Years), p.OutputBasis.Value.ToString().ToLowerInvariant(), p.HeatSupplyFactor is null ? "no" : "yes",
                p.Flexibilities.Borrowing is null ? "no" : "yes", p.Flexibilities.Banking is null ? "no" : "yes",
                p.Penalty.Kind == PenaltyKind.FixedRange ? "20,000–30,000 yuan" : "5–10 × market value", p.Deadline.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                CountChecks(p).ToString(CultureInfo.InvariantCulture), CountAssumed(p).ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        var sectors = new Table().AddColumns("plan", "sector", "years", "gases", "allocation", "benchmark", "CCER cap", "deadline");
        foreach (var p in sectorPlans)
            sectors.AddRow(p.Id, p.Sector, string.Join("–", p.Years), string.Join(", ", p.Gases.Value),
                p.Allocation.Method.Value == SectorAllocationMethod.VerifiedEmissions ? "verified emissions"
                    : string.Create(CultureInfo.InvariantCulture, $"{p.Allocation.PreAllocation!.ShareOfVerifiedEmissions.Value * 100:0.##}% of {p.Allocation.PreAllocation.BaseYear} verified, true-up"),
                p.Allocation.Benchmark is { } b ? $"{b.Product}: {(b.Usable is { } v ? v.ToString(CultureInfo.InvariantCulture) : "not published")}" : "—",
                string.Create(CultureInfo.InvariantCulture, $"{p.Offsets.CcerCapShareOfObligation.Value * 100:0.##}%"),
                p.Deadline.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (p.Deadline.Assumed ? " (assumed)" : ""));
        AnsiConsole.Write(sectors);
        return ExitCodes.Ok;
    }

    private static int CountAssumed(PowerPlan p) =>
        p.ElectricityBenchmarksTPerMwh.Values.Count(v => v.Assumed) + p.HeatBenchmarksTPerGj.Values.Count(v => v.Assumed)
        + (p.CoolingFactor.Assumed ? 1 : 0) + (p.PreAllocation.Assumed ? 1 : 0)
        + (p.Flexibilities.GapCapShareOfVerified?.Assumed == true ? 1 : 0) + (p.Flexibilities.GasObligationCappedAtAllocation.Assumed ? 1 : 0);

    private static int CountChecks(PowerPlan p) =>
        p.ElectricityBenchmarksTPerMwh.Values.Count(v => v.Check) + p.HeatBenchmarksTPerGj.Values.Count(v => v.Check)
        + (p.CoolingFactor.Air.Check ? 1 : 0) + (p.LoadFactor.Check ? 1 : 0)
        + (p.HeatSupplyFactor is { } h ? (h.CoalSlope.Check ? 1 : 0) + (h.GasSlope.Check ? 1 : 0) : 0);
}

/// <summary>openets allocate --plan PLAN --units FILE.csv [--issue]</summary>
public sealed class AllocateCommand : AsyncCommand<AllocateCommand.Settings>
{
    /// <summary>Options of allocate.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Issue through the engine instead of only computing.</summary>
        [CommandOption("--issue")]
        [Description("Issue the allocation through the engine on --db (registry Issue and Transfer into each entity's account). Safe to repeat.")]
        public bool Issue { get; init; }

        /// <summary>Also set aside the plan's reserve share once the units are issued.</summary>
        [CommandOption("--reserve")]
        [Description("With --issue: then set aside the plan's reserve share of the year's allocation (or cap) in the reserve account. Once per year.")]
        public bool Reserve { get; init; }

        /// <summary>The compliance year issued for (default: the plan's last year).</summary>
        [CommandOption("--year <YEAR>")]
        [Description("Year the allocation is for (default: the plan's last year).")]
        public int? Year { get; init; }

        /// <summary>The acting identity when issuing.</summary>
        [CommandOption("--as <IDENTITY>")]
        [Description("Acting identity when issuing (a regulator; default regulator).")]
        public string? Actor { get; init; }

        /// <summary>The plan id.</summary>
        [CommandOption("--plan <PLAN>")]
        [Description("Plan id, e.g. cn-power-2019-2020 (see `openets plans`), or a market's own plan file (FILE.json, the bundled files' shape).")]
        public string? Plan { get; init; }

        /// <summary>The unit CSV.</summary>
        [CommandOption("--units <FILE>")]
        [Description("CSV: unit_id,entity,fuel,category,cooling,supplied_mwh (generated_mwh from 2023),supplied_heat_gj,heat_supply_ratio,load_rate.")]
        public string? Units { get; init; }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plan = AllocationCli.FindPlan(settings.Plan);
        var text = AllocationCli.ReadFile(settings.Units, "--units");
        var (units, errors) = UnitCsv.Parse(new StringReader(text), plan);
        if (errors.Count > 0)
            throw CliException.BadInput($"{settings.Units}: nothing computed; {errors.Count} bad row(s):\n" + string.Join("\n", errors.Take(50)) + (errors.Count > 50 ? $"\n… and {errors.Count - 50} more" : ""), "bad_units");
        var (allocations, total) = BenchmarkAllocation.AllocateAll(plan, units);
        if (settings.Issue)
            return await AllocationIssue.RunAsync(plan, settings.Year ?? plan.LastYear, units, allocations, settings.Actor ?? OpenEts.Registry.MarketSetup.Regulator, settings.Reserve);
        if (settings.Year is not null || settings.Actor is not null || settings.Reserve)
            throw CliException.BadInput("--year, --as and --reserve apply only with --issue.");
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                plan = plan.Id,
                output_basis = plan.OutputBasis.Value,
                rounding = "each unit once, to whole tonnes, half up; heat_t rounded alike and electricity_t = total_t − heat_t",
                units = allocations.Select(a => new
                {
                    unit_id = a.UnitId,
                    entity = a.Entity,
                    category = a.Category,
                    electricity_benchmark_t_per_mwh = AllocationCli.Plain(a.ElectricityBenchmark),
                    heat_benchmark_t_per_gj = AllocationCli.Plain(a.HeatBenchmark),
                    cooling_factor = AllocationCli.Plain(a.Factors.Cooling),
                    heat_supply_factor = AllocationCli.Plain(a.Factors.HeatSupply),
                    load_factor = AllocationCli.Plain(a.Factors.Load),
                    electricity_exact_t = AllocationCli.Plain(a.ElectricityExactT),
                    heat_exact_t = AllocationCli.Plain(a.HeatExactT),
                    electricity_t = a.ElectricityT,
                    heat_t = a.HeatT,
                    total_t = a.TotalT,
                }),
                total_t = total,
            });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("unit", "entity", "category", "B_e", "F_l", "F_r", "F_f", "electricity t", "heat t", "total t");
        foreach (var a in allocations)
            table.AddRow(a.UnitId, a.Entity, AllocationCli.Name(a.Category), N(a.ElectricityBenchmark), N(a.Factors.Cooling), N(a.Factors.HeatSupply), N(decimal.Round(a.Factors.Load, 6)),
                a.ElectricityT.ToString("N0", CultureInfo.InvariantCulture), a.HeatT.ToString("N0", CultureInfo.InvariantCulture), a.TotalT.ToString("N0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"Plan {plan.Id}: {allocations.Count} units, total {total.ToString("N0", CultureInfo.InvariantCulture)} t (each unit rounded once to whole tonnes).");
        return ExitCodes.Ok;
    }

    private static string N(decimal d) => d.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>openets compliance calc --input FILE.json</summary>
public sealed class ComplianceCalcCommand : Command<ComplianceCalcCommand.Settings>
{
    /// <summary>Options of compliance calc.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The input JSON.</summary>
        [CommandOption("--input <FILE>")]
        [Description("JSON: plan, allocation_t, verified_emissions_t, fuel, allowances_held_t, ccer_held_t, price_yuan (optional net_sales_t).")]
        public string? Input { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var text = AllocationCli.ReadFile(settings.Input, "--input");
        var (plan, input) = ParseInput(text);
        var (result, rejection) = ComplianceCalculation.TrySettle(plan, input);
        if (rejection is not null)
            throw CliException.BadInput(rejection.Message, rejection.Code);
        var r = result!;
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                plan = plan.Id,
                obligation_t = r.ObligationT,
                gap_cap_relief_t = r.GapCapReliefT,
                gas_relief_t = r.GasReliefT,
                ccer_cap_t = r.CcerCapT,
                ccer_used_t = r.CcerUsedT,
                allowances_surrendered_t = r.AllowancesSurrenderedT,
                surrendered_t = r.CcerUsedT + r.AllowancesSurrenderedT,
                borrowable_t = r.BorrowableT,
                borrowed_t = r.BorrowedT,
                shortfall_t = r.ShortfallT,
                status = r.Status,
                penalty_min_yuan = r.PenaltyMin.Value / 100m,
                penalty_max_yuan = r.PenaltyMax.Value / 100m,
                next_allocation_deduction_t = r.NextAllocationDeductionT,
                allowances_left_t = r.AllowancesLeftT,
                bankable_t = r.BankableT,
            });
            return ExitCodes.Ok;
        }
        var t = new Table().AddColumns("", "value");
        void Row(string k, long v) => t.AddRow(k, v.ToString("N0", CultureInfo.InvariantCulture) + " t");
        Row("obligation", r.ObligationT);
        Row("  relief: 20% gap cap", r.GapCapReliefT);
        Row("  relief: gas at most allocation", r.GasReliefT);
        Row("CCER cap (5% of obligation)", r.CcerCapT);
        Row("CCER surrendered", r.CcerUsedT);
        Row("allowances surrendered", r.AllowancesSurrenderedT);
        Row("borrowed from next year", r.BorrowedT);
        Row("shortfall", r.ShortfallT);
        t.AddRow("status", r.Status.ToString().ToLowerInvariant());
        t.AddRow("penalty", $"{AllocationCli.Yuan(r.PenaltyMin)} – {AllocationCli.Yuan(r.PenaltyMax)} yuan");
        Row("deducted from next allocation", r.NextAllocationDeductionT);
        Row("allowances left", r.AllowancesLeftT);
        if (r.BankableT is { } bankable)
            Row("of which may be banked", bankable);
        AnsiConsole.Write(t);
        return ExitCodes.Ok;
    }

    private static (PowerPlan Plan, ComplianceInput Input) ParseInput(string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw CliException.BadInput($"The input is not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw CliException.BadInput("The input must be one JSON object.");
            string[] known = ["plan", "allocation_t", "verified_emissions_t", "fuel", "allowances_held_t", "ccer_held_t", "price_yuan", "net_sales_t"];
            foreach (var p in root.EnumerateObject())
                if (!known.Contains(p.Name))
                    throw CliException.BadInput($"Unknown field '{p.Name}'. Fields: {string.Join(", ", known)}.");
            var plan = AllocationCli.FindPlan(Str(root, "plan"));
            var fuel = Str(root, "fuel") switch
            {
                "coal" => Fuel.Coal,
                "gas" => Fuel.Gas,
                var f => throw CliException.BadInput($"fuel '{f}' is not coal or gas."),
            };
            if (!root.TryGetProperty("price_yuan", out var price) || price.ValueKind != JsonValueKind.Number || !Fen.TryParseYuan(price.GetRawText(), out var fen))
                throw CliException.BadInput("price_yuan must be a number of yuan per tonne with at most two decimals (the average price of the month before the deadline).");
            var input = new ComplianceInput(Tonnes(root, "allocation_t"), Tonnes(root, "verified_emissions_t"), fuel,
                Tonnes(root, "allowances_held_t"), Tonnes(root, "ccer_held_t"), fen, root.TryGetProperty("net_sales_t", out _) ? Tonnes(root, "net_sales_t") : 0);
            return (plan, input);
        }
    }

    private static string Str(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw CliException.BadInput($"{name} is required (a string).");

    private static long Tonnes(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var t) && t >= 0
            ? t
            : throw CliException.BadInput($"{name} is required: a whole number of tonnes, zero or more.");
}

/// <summary>openets bench allocation [--entities N]: allocation of the seeded national fleet, timed.</summary>
public sealed class AllocationBenchCommand : Command<AllocationBenchCommand.Settings>
{
    /// <summary>Options of the benchmark.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>How many entities the seeded fleet has.</summary>
        [CommandOption("--entities <N>")]
        [Description("Entities in the seeded fleet (default 2,100, about the national market).")]
        public int Entities { get; init; } = 2_100;

        /// <summary>The seed.</summary>
        [CommandOption("--seed <N>")]
        [Description("Seed of the fleet (default 2019).")]
        public int Seed { get; init; } = 2019;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Entities is < 1 or > OpenEts.Allocation.Demo.PowerFleet.MaxEntities)
            throw CliException.BadInput($"--entities must be between 1 and {OpenEts.Allocation.Demo.PowerFleet.MaxEntities:N0}.");
        var plan = Rulebooks.PowerPlan("cn-power-2019-2020");
        var fleet = OpenEts.Allocation.Demo.PowerFleet.Generate(settings.Seed, settings.Entities, plan);
        var units = fleet.SelectMany(f => f.Units).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (_, total) = BenchmarkAllocation.AllocateAll(plan, units);
        watch.Stop();
        var verified = fleet.Sum(f => f.VerifiedEmissionsT);
        var perSecond = units.Length / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
        if (GlobalOptions.Current.Json)
            JsonOut.Write(new { plan = plan.Id, entities = fleet.Count, units = units.Length, allocated_t = total, verified_t = verified, elapsed_ms = watch.Elapsed.TotalMilliseconds, units_per_second = Math.Round(perSecond) });
        else
            AnsiConsole.WriteLine($"{plan.Id}: {fleet.Count:N0} entities, {units.Length:N0} units allocated {total:N0} t in {watch.Elapsed.TotalMilliseconds:N1} ms ({perSecond:N0} units/s); verified {verified:N0} t.");
        return ExitCodes.Ok;
    }
}
