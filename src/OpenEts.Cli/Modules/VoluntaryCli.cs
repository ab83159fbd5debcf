// The voluntary module's commands on the CLI: `ccer methodologies`, `ccer calc`, the project, issuance
// and retirement commands, and the public registry with its CSV export.
using System.ComponentModel;
using System.Text.Json;
using OpenEts.Voluntary.Methodologies;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers the voluntary module's CLI commands.</summary>
public static class VoluntaryCli
{
    /// <summary>Adds the module's commands.</summary>
    public static void Register(IConfigurator config)
    {
        config.AddBranch("ccer", ccer =>
        {
            ccer.SetDescription("Voluntary market (CCER): methodologies, projects, issuance, retirement, public registry.");
            ccer.AddCommand<CcerMethodologiesCommand>("methodologies").WithDescription("List the published methodologies.");
            ccer.AddCommand<CcerCalcCommand>("calc").WithDescription("Compute emission reductions with a methodology's calculator.");
            VoluntaryLedgerCli.Register(ccer);
        });
    }

    /// <summary>Adds the module's benchmarks under "bench".</summary>
    public static void RegisterBench(IConfigurator<CommandSettings> bench)
    {
        _ = bench;
    }
}

/// <summary>`ccer methodologies`: code, version, sector, status and buffer share of each methodology.</summary>
public sealed class CcerMethodologiesCommand : Command<EmptyCommandSettings>
{
    /// <inheritdoc />
    protected override int Execute(CommandContext context, EmptyCommandSettings settings, CancellationToken cancellationToken)
    {
        var all = MethodologyCatalog.Published.All.Select(m => new
        {
            code = m.Code,
            version = m.Data.Version,
            name = m.Data.Name,
            name_zh = m.Data.NameZh,
            sector = m.Data.Sector,
            status = m.Data.Status,
            forestry = m.Data.Forestry,
            buffer_share = m.Data.BufferShare?.Value,
            formula = m.Data.Formula,
            inputs = m.Data.Inputs.Select(i => new { name = i.Name, unit = i.Unit, required = i.Default is null, choices = i.Choices, description = i.Description }),
        }).ToList();
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { methodologies = all });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("code", "version", "name", "sector", "status", "buffer");
        foreach (var m in all)
            table.AddRow(m.code, m.version, Markup.Escape($"{m.name} ({m.name_zh})"), Markup.Escape(m.sector), m.status, m.buffer_share is { } b ? $"{b:P0}" : "-");
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of `ccer calc`.</summary>
public sealed class CcerCalcSettings : CommandSettings
{
    /// <summary>Methodology code.</summary>
    [CommandOption("--methodology <CODE>")]
    [Description("Methodology code, e.g. CCER-01-002-V01 (see `ccer methodologies`).")]
    public string? Methodology { get; init; }

    /// <summary>Input file.</summary>
    [CommandOption("--input <FILE>")]
    [Description("JSON file of inputs: {\"name\": value, ...}, or {\"inputs\": {...}}.")]
    public string? Input { get; init; }
}

/// <summary>`ccer calc`: runs a calculator and prints total_tco2e with the working.</summary>
public sealed class CcerCalcCommand : Command<CcerCalcSettings>
{
    /// <inheritdoc />
    protected override int Execute(CommandContext context, CcerCalcSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Methodology))
            throw CliException.BadInput("--methodology CODE is required; `openets ccer methodologies` lists the codes.");
        if (string.IsNullOrWhiteSpace(settings.Input))
            throw CliException.BadInput("--input FILE.json is required.");
        var methodology = MethodologyCatalog.Published.Find(settings.Methodology)
            ?? throw CliException.BadInput($"No methodology has the code '{settings.Methodology}'; `openets ccer methodologies` lists them.", "unknown_methodology");
        if (!File.Exists(settings.Input))
            throw CliException.BadInput($"The input file '{settings.Input}' does not exist.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(settings.Input));
        }
        catch (JsonException ex)
        {
            throw CliException.BadInput($"The input file is not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("inputs", out var nested) ? nested : doc.RootElement;
            var (calc, rejection) = methodology.Calculate(root, CcerParameters.National);
            if (rejection is not null)
                throw CliException.BadInput(rejection.Message, rejection.Code);
            var c = calc!;
            if (GlobalOptions.Current.Json)
            {
                JsonOut.Write(new
                {
                    methodology = c.Methodology,
                    total_tco2e = c.TotalTco2e,
                    baseline_tco2e = c.BaselineTco2e,
                    project_tco2e = c.ProjectTco2e,
                    leakage_tco2e = c.LeakageTco2e,
                    unrounded_tco2e = c.UnroundedTco2e,
                    rounding_rule = c.RoundingRule,
                    working = c.Working,
                });
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("step", "formula", "value", "unit");
            foreach (var s in c.Working)
                table.AddRow(Markup.Escape(s.Step), Markup.Escape(s.Formula), s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(s.Unit));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{c.Methodology}: total [bold]{c.TotalTco2e}[/] tCO2e");
            AnsiConsole.MarkupLineInterpolated($"rounding: {c.RoundingRule}");
            return ExitCodes.Ok;
        }
    }
}
