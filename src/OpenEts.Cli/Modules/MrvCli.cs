// The MRV module's commands on the CLI: calc, coverage, quality, import, report (files), and the
// reporting workflow on the market database (MrvWorkflowCli).
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using OpenEts.Core;
using OpenEts.Mrv.Calculation;
using OpenEts.Mrv.Coverage;
using OpenEts.Mrv.Import;
using OpenEts.Mrv.Quality;
using OpenEts.Mrv.Reporting;
using OpenEts.Mrv.Rules;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers the mrv module's CLI commands.</summary>
public static class MrvCli
{
    /// <summary>Adds the module's commands.</summary>
    public static void Register(IConfigurator config)
    {
        config.AddBranch("mrv", b =>
        {
            b.SetDescription("Monitoring, reporting and verification: emission calculators, coverage, data quality, import and export, and the reporting workflow on --db.");
            b.AddCommand<MrvCalcCommand>("calc").WithDescription("Compute one facility-year's emissions with the working of every line.");
            b.AddCommand<MrvCoverageCommand>("coverage").WithDescription("List who is covered in a year, and why.");
            b.AddCommand<MrvQualityCommand>("quality").WithDescription("Run the data-quality checks on a file, or on the reports of --db; list them for the regulator, lowest score first.");
            b.AddCommand<MrvImportCommand>("import").WithDescription("Check and convert a CSV or JSON file (activity, facilities, deposits); a bad row stops everything.");
            b.AddCommand<MrvReportCommand>("report").WithDescription("Compute every facility-year of an activity file and export the annual report (table, CSV or JSON).");
            MrvWorkflowCli.Register(b);
        });
        config.AddCommand<MrvCoverageCommand>("coverage").WithDescription("List who is covered in a year, and why (same as `mrv coverage`).");
    }

    /// <summary>Adds the module's benchmarks under "bench".</summary>
    public static void RegisterBench(IConfigurator<CommandSettings> bench)
    {
        _ = bench;
    }

    internal static MrvRulebook Rules => MrvRulebook.ChinaNational;

    internal static string ReadInput(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw CliException.BadInput("--input FILE is required.", "missing_input");
        if (!File.Exists(path))
            throw CliException.BadInput($"The file {path} does not exist.", "file_not_found");
        return File.ReadAllText(path);
    }

    internal static bool IsJson(string path, string text) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('[') || text.TrimStart().StartsWith('{');

    internal static T Unwrap<T>(Checked<T> result) =>
        result.Ok ? result.Value! : throw CliException.BadInput(result.Error!.Message, result.Error.Code);

    internal static void WriteOut(string? path, string text)
    {
        if (path is null)
            Console.Out.Write(text);
        else
            File.WriteAllText(path, text);
    }
}

/// <summary>Options of commands that read one file.</summary>
public class MrvInputSettings : CommandSettings
{
    /// <summary>The input file.</summary>
    [CommandOption("--input <FILE>")]
    [Description("The input file (JSON, or CSV where the command takes it).")]
    public string? Input { get; init; }
}

/// <summary>openets mrv calc --input FILE.json [--json]</summary>
public sealed class MrvCalcCommand : Command<MrvInputSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, MrvInputSettings settings, CancellationToken cancellationToken)
    {
        var input = MrvCli.Unwrap(InputReader.Parse(MrvCli.ReadInput(settings.Input)));
        var r = MrvCli.Unwrap(new EmissionCalculator(MrvCli.Rules).Calculate(input));
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                sector = r.Sector,
                year = r.Year,
                gwp = r.Gwp,
                lines = r.Lines.Select(l => new
                {
                    kind = l.Kind,
                    item = l.Item,
                    working = l.Working,
                    tco2e = Num.Normal(l.Tco2e),
                    direct = l.Direct,
                    defaults_used = l.Parameters.Where(p => p.Origin == ParameterOrigin.Default).Select(p => p.Name).ToList(),
                    parameters = l.Parameters.Select(p => new { name = p.Name, value = Num.Normal(p.Value), unit = p.Unit, origin = p.Origin, source = p.Source }).ToList(),
                }).ToList(),
                direct_tco2e = Num.Normal(r.DirectTco2eExact),
                indirect_tco2e = Num.Normal(r.IndirectTco2eExact),
                exact_tco2e = Num.Normal(r.TotalTco2eExact),
                total_tco2e = r.TotalTco2e,
                covered_tco2e = r.CoveredTco2e,
                rounding = r.Rounding,
            });
            return ExitCodes.Ok;
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]{r.Sector}[/] {r.Year}, GWP {r.Gwp}");
        foreach (var l in r.Lines)
            Console.Out.WriteLine("  " + l.Working);
        Console.Out.WriteLine($"  direct {Num.F(r.DirectTco2eExact)} t + indirect {Num.F(r.IndirectTco2eExact)} t = {Num.F(r.TotalTco2eExact)} t CO2e");
        Console.Out.WriteLine($"total_tco2e {r.TotalTco2e.ToString("N0", CultureInfo.InvariantCulture)} (rounded once, half away from zero)");
        Console.Out.WriteLine($"covered_tco2e {r.CoveredTco2e.ToString("N0", CultureInfo.InvariantCulture)} ({(r.CoveredTco2e == r.TotalTco2e ? "the total: the year's allowances cover indirect emissions too" : "direct emissions only: the year's allowances do not cover indirect ones")}; what a report submitted from this calculation states)");
        return ExitCodes.Ok;
    }
}

/// <summary>openets [mrv] coverage --year Y --input FILE</summary>
public sealed class MrvCoverageCommand : Command<MrvCoverageCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : MrvInputSettings
    {
        /// <summary>The coverage year.</summary>
        [CommandOption("--year <YEAR>")]
        [Description("The year to decide coverage for.")]
        public int? Year { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Year is not int year)
            throw CliException.BadInput("--year YEAR is required.", "missing_year");
        IReadOnlyList<FacilityYear> data;
        if (settings.Input is not null)
        {
            var text = MrvCli.ReadInput(settings.Input);
            data = MrvCli.Unwrap(FacilityFile.Read(text, MrvCli.IsJson(settings.Input, text), MrvCli.Rules));
        }
        else if (MarketHost.Catalog.Knows(typeof(SubmitAnnualReport)))
        {
            using var engine = MarketHost.Open();
            data = engine.QueryAsync(w => w.Get<MrvState>().FinalFacilityYears(), cancellationToken).GetAwaiter().GetResult();
        }
        else
            throw CliException.BadInput("--input FILE (CSV or JSON facility-years: entity_id, entity_name, facility_id, facility_name, sector, province, year, emissions_tco2e) is required: the market database does not run the MRV module yet.", "missing_input");
        var decisions = CoverageList.Decide(data, year, MrvCli.Rules.Coverage);
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                year,
                threshold_tco2e = MrvCli.Rules.Coverage.InclusionThresholdTco2e,
                rule = MrvCli.Rules.Coverage.Rule,
                covered_count = decisions.Count(d => d.Covered),
                entities = decisions,
            });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("entity", "name", "covered", "sectors", "provinces", "facilities", "reason");
        foreach (var d in decisions)
            table.AddRow(Markup.Escape(d.EntityId), Markup.Escape(d.EntityName), d.Covered ? "yes" : "no", Markup.Escape(string.Join(",", d.CoveredSectors)),
                Markup.Escape(string.Join(",", d.Provinces)), Markup.Escape(string.Join(",", d.CoveredFacilities)), Markup.Escape(d.Reason));
        AnsiConsole.Write(table);
        Console.Out.WriteLine($"{decisions.Count(d => d.Covered)} of {decisions.Count} entities covered in {year} (threshold {MrvCli.Rules.Coverage.InclusionThresholdTco2e:N0} t CO2e).");
        return ExitCodes.Ok;
    }
}

/// <summary>openets mrv quality (--input FILE.json | [--year Y] [--as REGULATOR] on --db)</summary>
public sealed class MrvQualityCommand : Command<MrvQualityCommand.Settings>
{
    /// <summary>Options: a file, or the reports on --db as a regulator.</summary>
    public sealed class Settings : MrvInputSettings
    {
        /// <summary>Only this year (reports on --db).</summary>
        [CommandOption("--year <YEAR>")]
        [Description("Without --input: only the reports of this year.")]
        public int? Year { get; init; }

        /// <summary>The acting identity (reports on --db).</summary>
        [CommandOption("--as <IDENTITY>")]
        [Description("Without --input: the regulator asking (default: regulator).")]
        public string? Actor { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<QualityReport> reports;
        if (settings.Input is null)
        {
            var actor = settings.Actor ?? OpenEts.Registry.MarketSetup.Regulator;
            using var engine = MarketHost.Open();
            var list = engine.QueryAsync(w => new ReportedQuality(MrvCli.Rules).For(w, actor, settings.Year), cancellationToken).GetAwaiter().GetResult();
            reports = list.Ok ? list.Value! : throw CliException.Rejected(list.Error!.Code, list.Error.Message);
        }
        else
            reports = MrvCli.Unwrap(new QualityChecker(MrvCli.Rules).Check(MrvCli.Unwrap(InputReader.ParseAs<QualityFile>(MrvCli.ReadInput(settings.Input)))));
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { reports });
            return ExitCodes.Ok;
        }
        foreach (var r in reports)
        {
            Console.Out.WriteLine($"{r.FacilityId} {r.Sector} {r.Year}: score {r.Score}, {r.TotalTco2e:N0} t CO2e, {r.Findings.Count} finding(s)");
            foreach (var f in r.Findings)
                Console.Out.WriteLine($"  -{f.Points} {f.Code}: {f.Reason}");
        }
        return ExitCodes.Ok;
    }
}

/// <summary>openets mrv import --input FILE --kind activity|facilities|deposits [--out FILE.json]</summary>
public sealed class MrvImportCommand : Command<MrvImportCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : MrvInputSettings
    {
        /// <summary>What the file holds.</summary>
        [CommandOption("--kind <KIND>")]
        [Description("activity (default), facilities or deposits.")]
        public string Kind { get; init; } = "activity";

        /// <summary>Where to write the checked records as JSON.</summary>
        [CommandOption("--out <FILE>")]
        [Description("Write the checked records as JSON to this file.")]
        public string? Out { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var text = MrvCli.ReadInput(settings.Input);
        var json = MrvCli.IsJson(settings.Input!, text);
        object records = settings.Kind switch
        {
            "activity" => MrvCli.Unwrap(ActivityFile.Read(text, json)),
            "facilities" => MrvCli.Unwrap(FacilityFile.Read(text, json, MrvCli.Rules)),
            "deposits" => MrvCli.Unwrap(ActivityFile.ReadDeposits(text, json)),
            _ => throw CliException.BadInput($"--kind {settings.Kind} is not one of activity, facilities, deposits.", "unknown_kind"),
        };
        var count = ((System.Collections.ICollection)records).Count;
        if (settings.Out is not null)
            File.WriteAllText(settings.Out, JsonSerializer.Serialize(records, JsonOut.Options));
        if (GlobalOptions.Current.Json)
            JsonOut.Write(new { kind = settings.Kind, imported = count, @out = settings.Out });
        else
            Console.Out.WriteLine($"{count} {settings.Kind} record(s) checked and imported{(settings.Out is null ? "" : $" to {settings.Out}")}.");
        return ExitCodes.Ok;
    }
}

/// <summary>openets mrv report --input FILE [--format table|csv|json] [--out FILE]</summary>
public sealed class MrvReportCommand : Command<MrvReportCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : MrvInputSettings
    {
        /// <summary>Output format.</summary>
        [CommandOption("--format <FORMAT>")]
        [Description("table (default), csv or json.")]
        public string? Format { get; init; }

        /// <summary>Where to write the export.</summary>
        [CommandOption("--out <FILE>")]
        [Description("Write the export to this file instead of the screen.")]
        public string? Out { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var text = MrvCli.ReadInput(settings.Input);
        IReadOnlyList<FacilityYearInput> inputs = MrvCli.IsJson(settings.Input!, text) && text.TrimStart().StartsWith('[') && !text.Contains("\"kind\"", StringComparison.Ordinal)
            ? MrvCli.Unwrap(InputReader.ParseAs<List<FacilityYearInput>>(text))
            : MrvCli.Unwrap(ActivityFile.Read(text, MrvCli.IsJson(settings.Input!, text)));
        var calc = new EmissionCalculator(MrvCli.Rules);
        var results = new List<CalculationResult>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var r = calc.Calculate(inputs[i]);
            if (!r.Ok)
                throw CliException.BadInput($"{inputs[i].FacilityId ?? $"facility-year {i + 1}"} {inputs[i].Year}: {r.Error!.Message} Nothing reported.", r.Error.Code);
            results.Add(r.Value!);
        }
        var rows = results.Select(r => new ReportRow(r.FacilityId ?? "", r.Sector, r.Year, r.Gwp, Num.Normal(r.DirectTco2eExact), Num.Normal(r.IndirectTco2eExact), r.TotalTco2e,
            string.Join(" ", r.DefaultsUsed))).ToList();
        var format = settings.Format ?? (GlobalOptions.Current.Json ? "json" : "table");
        switch (format)
        {
            case "json":
                MrvCli.WriteOut(settings.Out, JsonSerializer.Serialize(new { reports = rows, total_tco2e = rows.Sum(r => r.TotalTco2e) }, JsonOut.Options) + "\n");
                break;
            case "csv":
                using (var sw = new StringWriter(CultureInfo.InvariantCulture))
                {
                    using (var csv = CsvWriter.Create(sw, null, leaveOpen: true))
                    {
                        csv.WriteHeader(["facility_id", "sector", "year", "gwp", "direct_tco2e", "indirect_tco2e", "total_tco2e", "defaults_used"]);
                        foreach (var r in rows)
                        {
                            csv.WriteRecord([r.FacilityId, r.Sector, r.Year.ToString(CultureInfo.InvariantCulture), r.Gwp, Num.Plain(r.DirectTco2e), Num.Plain(r.IndirectTco2e),
                                r.TotalTco2e.ToString(CultureInfo.InvariantCulture), r.DefaultsUsed]);
                        }
                        csv.Flush();
                    }
                    MrvCli.WriteOut(settings.Out, sw.ToString());
                }
                break;
            case "table":
                var table = new Table().AddColumns("facility", "sector", "year", "gwp", "direct t", "indirect t", "total t CO2e", "defaults used");
                foreach (var r in rows)
                    table.AddRow(Markup.Escape(r.FacilityId), r.Sector, r.Year.ToString(CultureInfo.InvariantCulture), r.Gwp, Num.F(r.DirectTco2e), Num.F(r.IndirectTco2e), r.TotalTco2e.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(r.DefaultsUsed));
                AnsiConsole.Write(table);
                break;
            default:
                throw CliException.BadInput($"--format {format} is not one of table, csv, json.", "unknown_format");
        }
        return ExitCodes.Ok;
    }

    private sealed record ReportRow(string FacilityId, string Sector, int Year, string Gwp, decimal DirectTco2e, decimal IndirectTco2e, long TotalTco2e, string DefaultsUsed);
}
