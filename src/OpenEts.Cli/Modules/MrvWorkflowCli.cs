// The MRV workflow on the market database (--db), through the engine: facility add, monthly deposit,
// annual report submission (from the calculator's input), verifier assignment, verification, final,
// and the reports the acting identity (--as) may see. Roles come from the registry.
using System.ComponentModel;
using System.Globalization;
using OpenEts.Core;
using OpenEts.Mrv.Calculation;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers the workflow commands under "mrv".</summary>
public static class MrvWorkflowCli
{
    /// <summary>Adds the commands to the mrv branch.</summary>
    public static void Register(IConfigurator<CommandSettings> mrv)
    {
        mrv.AddBranch("facility", f =>
        {
            f.SetDescription("Facilities of covered entities.");
            f.AddCommand<MrvFacilityAddCommand>("add").WithDescription("Register a facility of a covered entity (regulator).");
        });
        mrv.AddCommand<MrvDepositCommand>("deposit").WithDescription("Deposit one month's data of a facility (its covered entity).");
        mrv.AddCommand<MrvSubmitCommand>("submit").WithDescription("Compute a facility-year with the calculator and submit the annual report (its covered entity); again = a new version.");
        mrv.AddCommand<MrvAssignCommand>("assign").WithDescription("Assign a verifier to a submitted report (regulator).");
        mrv.AddCommand<MrvVerifyCommand>("verify").WithDescription("Record the verification of a report assigned to you: adjustments and statement (verifier).");
        mrv.AddCommand<MrvFinalizeCommand>("finalize").WithDescription("Make a verified report final; it then counts for compliance (regulator).");
        mrv.AddCommand<MrvReportsCommand>("reports").WithDescription("List the annual reports the acting identity may see.");
    }

    /// <summary>Submits <paramref name="command"/> on --db as <paramref name="actor"/> and prints the outcome.</summary>
    internal static async Task<int> Submit(WriteSettings s, string actor, OpenEts.Core.Command command, string what, object? detail = null)
    {
        await using var engine = MarketHost.Open();
        var outcome = await MarketHost.Run(engine, actor, command, s.CommandId);
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { accepted = true, seq = outcome.Seq, replayed = outcome.Replayed, actor, events = outcome.Events.Select(e => new { type = e.GetType().Name, @event = (object)e }).ToList(), detail });
            return ExitCodes.Ok;
        }
        Output.Done(outcome, what);
        return ExitCodes.Ok;
    }

    /// <summary>A value with decimals, read the invariant way.</summary>
    internal static decimal Decimal(string text, string option) =>
        decimal.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw CliException.BadInput($"{option} must be a number; '{text}' is not.", "bad_number");

    /// <summary>Splits "NAME=VALUE" at the last '='.</summary>
    internal static (string Name, string Value) Pair(string text, string option)
    {
        var cut = text.LastIndexOf('=');
        return cut > 0 && cut < text.Length - 1
            ? (text[..cut].Trim(), text[(cut + 1)..].Trim())
            : throw CliException.BadInput($"{option} takes NAME=VALUE; '{text}' is not.", "bad_option");
    }

    /// <summary>A year option that must be given.</summary>
    internal static int Year(int? year) => year ?? throw CliException.BadInput("--year YEAR is required.", "missing_year");
}

/// <summary>Options of commands on one facility-year.</summary>
public class MrvFacilityYearSettings : WriteSettings
{
    /// <summary>Facility id.</summary>
    [CommandOption("--facility <FACILITY_ID>")]
    public string? Facility { get; init; }

    /// <summary>Reporting year.</summary>
    [CommandOption("--year <YEAR>")]
    public int? Year { get; init; }
}

/// <summary>Settings of mrv facility add.</summary>
public sealed class MrvFacilityAddSettings : WriteSettings
{
    /// <summary>Facility id.</summary>
    [CommandArgument(0, "<FACILITY_ID>")]
    public string FacilityId { get; init; } = "";

    /// <summary>The covered entity's registry identity.</summary>
    [CommandOption("--entity <IDENTITY>")]
    [Description("The covered entity's identity in the registry (the holder of its compliance account).")]
    public string? Entity { get; init; }

    /// <summary>Sector id of the rulebook.</summary>
    [CommandOption("--sector <SECTOR>")]
    public string? Sector { get; init; }

    /// <summary>Province.</summary>
    [CommandOption("--province <PROVINCE>")]
    public string? Province { get; init; }
}

/// <summary>openets mrv facility add F --entity E --sector S --province P [--as regulator].</summary>
public sealed class MrvFacilityAddCommand : AsyncCommand<MrvFacilityAddSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, MrvFacilityAddSettings s, CancellationToken cancellationToken)
    {
        var entity = Parse.Required(s.Entity, "--entity");
        var sector = Parse.Required(s.Sector, "--sector");
        var province = Parse.Required(s.Province, "--province");
        return MrvWorkflowCli.Submit(s, s.Actor ?? MarketSetup.Regulator, new RegisterFacility(s.FacilityId, entity, sector, province),
            $"registered facility {s.FacilityId} of {entity} ({sector}, {province})");
    }
}

/// <summary>A month's data as a JSON file.</summary>
public sealed record MonthlyDepositFile
{
    /// <summary>Facility id.</summary>
    public string? FacilityId { get; init; }

    /// <summary>Year.</summary>
    public int? Year { get; init; }

    /// <summary>Month 1–12.</summary>
    public int? Month { get; init; }

    /// <summary>The month's emissions, t CO2e (decimals kept).</summary>
    public decimal? Tco2e { get; init; }

    /// <summary>Key parameters of the month.</summary>
    public Dictionary<string, decimal>? Parameters { get; init; }
}

/// <summary>Settings of mrv deposit.</summary>
public sealed class MrvDepositSettings : MrvFacilityYearSettings
{
    /// <summary>Month.</summary>
    [CommandOption("--month <MONTH>")]
    public int? Month { get; init; }

    /// <summary>The month's emissions.</summary>
    [CommandOption("--tco2e <TONNES>")]
    public string? Tco2e { get; init; }

    /// <summary>Key parameters.</summary>
    [CommandOption("--param <NAME=VALUE>")]
    [Description("A key parameter of the month, e.g. coal_t=85000 (repeat for more).")]
    public string[]? Params { get; init; }

    /// <summary>JSON file with the month's data.</summary>
    [CommandOption("--input <FILE>")]
    [Description("JSON: {\"facility_id\",\"year\",\"month\",\"tco2e\",\"parameters\":{...}}; options given as well take precedence.")]
    public string? Input { get; init; }
}

/// <summary>openets mrv deposit --as ENTITY (--input FILE.json | --facility F --year Y --month M --tco2e T [--param k=v]).</summary>
public sealed class MrvDepositCommand : AsyncCommand<MrvDepositSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, MrvDepositSettings s, CancellationToken cancellationToken)
    {
        var actor = Parse.Required(s.Actor, "--as");
        var file = s.Input is null ? new MonthlyDepositFile() : MrvCli.Unwrap(InputReader.ParseAs<MonthlyDepositFile>(MrvCli.ReadInput(s.Input)));
        var facility = Parse.Required(s.Facility ?? file.FacilityId, "--facility (or facility_id in the file)");
        var year = s.Year ?? file.Year ?? throw CliException.BadInput("--year (or year in the file) is required.", "missing_year");
        var month = s.Month ?? file.Month ?? throw CliException.BadInput("--month (or month in the file) is required.", "missing_month");
        var tco2e = s.Tco2e is { } t ? MrvWorkflowCli.Decimal(t, "--tco2e") : file.Tco2e ?? throw CliException.BadInput("--tco2e (or tco2e in the file) is required.", "missing_option");
        var parameters = new Dictionary<string, decimal>(file.Parameters ?? [], StringComparer.Ordinal);
        foreach (var p in s.Params ?? [])
        {
            var (name, value) = MrvWorkflowCli.Pair(p, "--param");
            parameters[name] = MrvWorkflowCli.Decimal(value, "--param " + name);
        }
        return MrvWorkflowCli.Submit(s, actor, new DepositMonthlyData(facility, year, month, tco2e, parameters),
            $"deposited {year}-{month:00} of {facility}: {tco2e.ToString("N", CultureInfo.InvariantCulture)} t CO2e");
    }
}

/// <summary>Settings of mrv submit.</summary>
public sealed class MrvSubmitSettings : WriteSettings
{
    /// <summary>The calculator input.</summary>
    [CommandOption("--input <FILE>")]
    [Description("One facility-year, as for `mrv calc`.")]
    public string? Input { get; init; }

    /// <summary>Facility id, when the input has none.</summary>
    [CommandOption("--facility <FACILITY_ID>")]
    public string? Facility { get; init; }
}

/// <summary>openets mrv submit --as ENTITY --input FILE.json [--facility F].</summary>
public sealed class MrvSubmitCommand : AsyncCommand<MrvSubmitSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, MrvSubmitSettings s, CancellationToken cancellationToken)
    {
        var actor = Parse.Required(s.Actor, "--as");
        var input = MrvCli.Unwrap(InputReader.Parse(MrvCli.ReadInput(s.Input)));
        var facility = Parse.Required(s.Facility ?? input.FacilityId, "--facility (or facility_id in the input)");
        if (s.Facility is not null && input.FacilityId is { } named && named != s.Facility)
            throw CliException.BadInput($"--facility {s.Facility} differs from facility_id {named} in the input.", "conflicting_facility");
        var r = MrvCli.Unwrap(new EmissionCalculator(MrvCli.Rules).Calculate(input));
        if (!GlobalOptions.Current.Json)
        {
            foreach (var line in r.Lines)
                Console.Out.WriteLine("  " + line.Working);
        }
        var defaults = r.DefaultsUsed;
        var detail = new { facility_id = facility, year = r.Year, total_tco2e = r.TotalTco2e, covered_tco2e = r.CoveredTco2e, exact_tco2e = Num.Normal(r.TotalTco2eExact), defaults_used = defaults };
        var declared = defaults.Count == 0 ? "no defaults" : "defaults: " + string.Join(", ", defaults);
        var scope = r.CoveredTco2e == r.TotalTco2e ? "" : $", direct only: the {r.Year} allowances do not cover the {(r.TotalTco2e - r.CoveredTco2e).ToString("N0", CultureInfo.InvariantCulture)} t of indirect emissions";
        return MrvWorkflowCli.Submit(s, actor, new SubmitAnnualReport(facility, r.Year, r.CoveredTco2e, defaults),
            $"submitted the {r.Year} report of {facility}: {r.CoveredTco2e.ToString("N0", CultureInfo.InvariantCulture)} t CO2e ({declared}{scope})", detail);
    }
}

/// <summary>Settings of mrv assign.</summary>
public sealed class MrvAssignSettings : MrvFacilityYearSettings
{
    /// <summary>The verifier's identity.</summary>
    [CommandOption("--verifier <IDENTITY>")]
    public string? Verifier { get; init; }
}

/// <summary>openets mrv assign --facility F --year Y --verifier V [--as regulator].</summary>
public sealed class MrvAssignCommand : AsyncCommand<MrvAssignSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, MrvAssignSettings s, CancellationToken cancellationToken)
    {
        var facility = Parse.Required(s.Facility, "--facility");
        var year = MrvWorkflowCli.Year(s.Year);
        var verifier = Parse.Required(s.Verifier, "--verifier");
        return MrvWorkflowCli.Submit(s, s.Actor ?? MarketSetup.Regulator, new AssignVerifier(facility, year, verifier),
            $"assigned {verifier} to the {year} report of {facility}");
    }
}

/// <summary>A verification as a JSON file.</summary>
public sealed record VerificationFile
{
    /// <summary>The adjustments.</summary>
    public List<VerificationAdjustment>? Adjustments { get; init; }

    /// <summary>The verifier's statement.</summary>
    public string? Statement { get; init; }
}

/// <summary>Settings of mrv verify.</summary>
public sealed class MrvVerifySettings : MrvFacilityYearSettings
{
    /// <summary>Adjustments as REASON=DELTA.</summary>
    [CommandOption("--adjust <REASON=DELTA>")]
    [Description("An adjustment in whole tonnes with its reason, e.g. \"coal weighbridge error=-1200\" (repeat for more).")]
    public string[]? Adjust { get; init; }

    /// <summary>The statement.</summary>
    [CommandOption("--statement <TEXT>")]
    public string? Statement { get; init; }

    /// <summary>JSON file with adjustments and statement.</summary>
    [CommandOption("--input <FILE>")]
    [Description("JSON: {\"adjustments\":[[{\"reason\",\"delta_tco2e\"}]],\"statement\"}; --adjust adds to its list, --statement replaces its statement.")]
    public string? Input { get; init; }
}

/// <summary>openets mrv verify --as VERIFIER --facility F --year Y [--adjust "reason=-1200"] --statement TEXT.</summary>
public sealed class MrvVerifyCommand : AsyncCommand<MrvVerifySettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, MrvVerifySettings s, CancellationToken cancellationToken)
    {
        var actor = Parse.Required(s.Actor, "--as");
        var facility = Parse.Required(s.Facility, "--facility");
        var year = MrvWorkflowCli.Year(s.Year);
        var file = s.Input is null ? new VerificationFile() : MrvCli.Unwrap(InputReader.ParseAs<VerificationFile>(MrvCli.ReadInput(s.Input)));
        var adjustments = new List<VerificationAdjustment>(file.Adjustments ?? []);
        foreach (var a in s.Adjust ?? [])
        {
            var (reason, delta) = MrvWorkflowCli.Pair(a, "--adjust");
            adjustments.Add(new VerificationAdjustment(reason, Parse.Long(delta, "--adjust " + reason)));
        }
        var statement = Parse.Required(s.Statement ?? file.Statement, "--statement (or statement in the file)");
        return MrvWorkflowCli.Submit(s, actor, new RecordVerification(facility, year, adjustments, statement),
            $"recorded the verification of the {year} report of {facility} ({adjustments.Count} adjustment(s), Σ {adjustments.Sum(a => a.DeltaTco2e):+#,0;-#,0;0} t)");
    }
}

/// <summary>openets mrv finalize --facility F --year Y [--as regulator].</summary>
public sealed class MrvFinalizeCommand : AsyncCommand<MrvFacilityYearSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, MrvFacilityYearSettings s, CancellationToken cancellationToken)
    {
        var facility = Parse.Required(s.Facility, "--facility");
        var year = MrvWorkflowCli.Year(s.Year);
        return MrvWorkflowCli.Submit(s, s.Actor ?? MarketSetup.Regulator, new FinalizeReport(facility, year), $"made the {year} report of {facility} final");
    }
}

/// <summary>Settings of mrv reports.</summary>
public sealed class MrvReportsSettings : CommandSettings
{
    /// <summary>The identity whose view to show.</summary>
    [CommandOption("--as <IDENTITY>")]
    [Description("Whose view: a regulator or the registry operator sees all, an entity its own, a verifier those assigned to it (default: regulator).")]
    public string? Actor { get; init; }

    /// <summary>Only this year.</summary>
    [CommandOption("--year <YEAR>")]
    public int? Year { get; init; }

    /// <summary>Only this status.</summary>
    [CommandOption("--status <STATUS>")]
    [Description("submitted, under_verification, verified or final.")]
    public string? Status { get; init; }
}

/// <summary>openets mrv reports [--as IDENTITY] [--year Y] [--status S].</summary>
public sealed class MrvReportsCommand : AsyncCommand<MrvReportsSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, MrvReportsSettings s, CancellationToken cancellationToken)
    {
        ReportStatus? status = s.Status is null ? null : Parse.Enum<ReportStatus>(s.Status, "--status");
        var actor = s.Actor ?? MarketSetup.Regulator;
        await using var engine = MarketHost.Open();
        var reports = await engine.QueryAsync(w => MrvAccess.VisibleReportViews(w, actor, s.Year, status), cancellationToken);
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { actor, reports });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("facility", "entity", "year", "status", "version", "reported t", "verifier", "verified t", "late");
        foreach (var r in reports)
        {
            table.AddRow(Markup.Escape(r.FacilityId), Markup.Escape(r.EntityId), r.Year.ToString(CultureInfo.InvariantCulture), r.Status, r.Version.ToString(CultureInfo.InvariantCulture),
                r.ReportedTco2e.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(r.VerifierId ?? ""), r.VerifiedTco2e?.ToString("N0", CultureInfo.InvariantCulture) ?? "", r.Late ? "late" : "");
        }
        AnsiConsole.Write(table);
        Console.Out.WriteLine($"{reports.Count} report(s) visible to {actor}.");
        return ExitCodes.Ok;
    }
}
