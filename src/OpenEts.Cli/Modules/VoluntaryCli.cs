// The voluntary module's commands on the CLI: `ccer methodologies`, `ccer calc`, the project, issuance
// and retirement commands, and the public registry with its CSV export.
// Until the journal lands, project/issuance/credit commands keep an ordered command log (JSON lines,
// --ledger FILE) replayed through the voluntary module on each run; the module decides every command.
using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Voluntary;
using OpenEts.Voluntary.Methodologies;
using OpenEts.Voluntary.PublicRegistry;
using OpenEts.Voluntary.Registries;
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
            ccer.AddCommand<CcerAccreditCommand>("accredit").WithDescription("Accredit a validation/verification body.");
            ccer.AddBranch("project", p =>
            {
                p.SetDescription("Project lifecycle: draft, validate, comment, register, reject, list.");
                p.AddCommand<CcerProjectDraftCommand>("draft").WithDescription("File a project design document.");
                p.AddCommand<CcerProjectValidateCommand>("validate").WithDescription("Record validation by an accredited body.");
                p.AddCommand<CcerProjectCommentCommand>("comment").WithDescription("Open public comment (working days).");
                p.AddCommand<CcerProjectRegisterCommand>("register").WithDescription("Register after public comment.");
                p.AddCommand<CcerProjectRejectCommand>("reject").WithDescription("Reject with reasons.");
                p.AddCommand<CcerProjectListCommand>("list").WithDescription("List projects (searchable).");
            });
            ccer.AddBranch("issuance", i =>
            {
                i.SetDescription("Issuance: monitoring report, verification, public period, issue.");
                i.AddCommand<CcerReportCommand>("report").WithDescription("Submit a monitoring report (the application).");
                i.AddCommand<CcerVerifyCommand>("verify").WithDescription("Record verification by an accredited body.");
                i.AddCommand<CcerPublishCommand>("publish").WithDescription("Publish the verified report.");
                i.AddCommand<CcerIssueCommand>("issue").WithDescription("Issue serial-numbered credits.");
            });
            ccer.AddCommand<CcerTransferCommand>("transfer").WithDescription("Transfer credits (lowest serials first).");
            ccer.AddCommand<CcerRetireCommand>("retire").WithDescription("Retire credits for a beneficiary and purpose.");
            ccer.AddCommand<CcerSurrenderCommand>("surrender").WithDescription("Surrender credits as offsets (within the cap).");
            ccer.AddCommand<CcerRegistryCommand>("registry").WithDescription("Public registry of credits, searchable; --csv or --out FILE exports CSV.");
            ccer.AddCommand<CcerImportCommand>("import").WithDescription("Record Verra / Gold Standard exports (guard against double issuance).");
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
    public override int Execute(CommandContext context, EmptyCommandSettings settings, CancellationToken cancellationToken)
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
    public override int Execute(CommandContext context, CcerCalcSettings settings, CancellationToken cancellationToken)
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

/// <summary>Options every ledger command takes: the command log and the market time.</summary>
public class CcerLedgerSettings : CommandSettings
{
    /// <summary>The command log file.</summary>
    [CommandOption("--ledger <FILE>")]
    [Description("Command log of the voluntary registry (JSON lines; default openets-ccer.jsonl).")]
    public string? Ledger { get; init; }

    /// <summary>The time of the command.</summary>
    [CommandOption("--at <TIME>")]
    [Description("Market date or time of the command (2026-03-19 or ISO time; default: now).")]
    public string? At { get; init; }

    /// <summary>Acting identity.</summary>
    [CommandOption("--actor <ID>")]
    [Description("Acting identity (default: cli).")]
    public string? Actor { get; init; }

    /// <summary>True to print nothing on success (a caller prints a summary).</summary>
    internal bool Quiet { get; init; }
}

/// <summary>The voluntary registry as the CLI keeps it: a command log replayed through the module.</summary>
internal static class CcerLedger
{
    public const string DefaultFile = "openets-ccer.jsonl";
    private static readonly ModuleCatalog Catalog = new(new VoluntaryModule());

    public static (World World, string Path, int Count) Load(CcerLedgerSettings settings)
    {
        var path = settings.Ledger ?? DefaultFile;
        var world = Catalog.CreateWorld();
        var count = 0;
        if (!File.Exists(path))
            return (world, path, 0);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
                continue;
            count++;
            CommandEnvelope envelope;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var body = root.GetProperty("command").Deserialize<OpenEts.Core.Command>(Catalog.Json) ?? throw new JsonException("no command");
                envelope = new CommandEnvelope(root.GetProperty("command_id").GetString()!, root.GetProperty("actor").GetString()!, root.GetProperty("time").GetDateTimeOffset(), body);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw CliException.BadInput($"{path} line {count} is not a voluntary registry command: {ex.Message}", "bad_ledger");
            }
            var outcome = DecisionContext.Decide(world, envelope);
            if (!outcome.Accepted)
                throw CliException.BadInput($"{path} line {count} no longer replays: {outcome.Rejection}", "bad_ledger");
        }
        return (world, path, count);
    }

    public static DateTimeOffset Time(CcerLedgerSettings settings)
    {
        if (settings.At is null)
            return DateTimeOffset.UtcNow;
        if (DateOnly.TryParseExact(settings.At, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        if (DateTimeOffset.TryParse(settings.At, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time;
        throw CliException.BadInput($"--at '{settings.At}' is neither a date (2026-03-19) nor an ISO time.");
    }

    /// <summary>Decides one command against the replayed log; appends it when accepted.</summary>
    public static World Submit(CcerLedgerSettings settings, OpenEts.Core.Command command)
    {
        var (world, path, count) = Load(settings);
        var envelope = new CommandEnvelope($"cli-{count + 1}", settings.Actor ?? "cli", Time(settings), command);
        var outcome = DecisionContext.Decide(world, envelope);
        if (outcome.Rejection is { } r)
            throw CliException.Rejected(r.Code, r.Message);
        var line = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["command_id"] = envelope.CommandId,
            ["actor"] = envelope.Actor,
            ["time"] = envelope.Time,
            ["command"] = command,
        }, Catalog.Json);
        File.AppendAllText(path, line + "\n");
        if (settings.Quiet)
            return world;
        if (GlobalOptions.Current.Json)
        {
            using var doc = JsonDocument.Parse(JsonSerializer.Serialize<IReadOnlyList<OpenEts.Core.Event>>(outcome.Events, Catalog.Json));
            JsonOut.Write(new { accepted = true, events = doc.RootElement });
        }
        else
        {
            foreach (var e in outcome.Events)
                AnsiConsole.WriteLine(JsonSerializer.Serialize(e, Catalog.Json));
        }
        return world;
    }

    public static string Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw CliException.BadInput($"{option} is required.") : value;

    public static DateOnly Date(string? value, string option) =>
        DateOnly.TryParseExact(Required(value, option), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw CliException.BadInput($"{option} must be a date like 2025-01-31.");

    public static long Number(long? value, string option) => value ?? throw CliException.BadInput($"{option} is required.");

    /// <summary>The SHA-256 of a document: given as hex, or computed from the file.</summary>
    public static string Document(string? file, string? sha256, string option)
    {
        if (sha256 is not null)
            return sha256;
        var path = Required(file, option);
        if (!File.Exists(path))
            throw CliException.BadInput($"The document '{path}' does not exist.");
        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
    }
}

/// <summary>Settings of `ccer accredit`.</summary>
public sealed class CcerAccreditSettings : CcerLedgerSettings
{
    /// <summary>Body id.</summary>
    [CommandOption("--body <ID>")]
    public string? Body { get; init; }

    /// <summary>Body name.</summary>
    [CommandOption("--name <NAME>")]
    public string? Name { get; init; }
}

/// <summary>`ccer accredit`.</summary>
public sealed class CcerAccreditCommand : Command<CcerAccreditSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerAccreditSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new AccreditBody(CcerLedger.Required(s.Body, "--body"), CcerLedger.Required(s.Name, "--name")));
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of the `ccer project` commands.</summary>
public sealed class CcerProjectSettings : CcerLedgerSettings
{
    /// <summary>Project id.</summary>
    [CommandOption("--id <ID>")]
    [Description("Project id: 1–20 capital letters or digits (part of every serial).")]
    public string? Id { get; init; }

    /// <summary>Name.</summary>
    [CommandOption("--name <NAME>")]
    public string? Name { get; init; }

    /// <summary>Owner.</summary>
    [CommandOption("--owner <HOLDER>")]
    public string? Owner { get; init; }

    /// <summary>Methodology code.</summary>
    [CommandOption("--methodology <CODE>")]
    public string? Methodology { get; init; }

    /// <summary>Province.</summary>
    [CommandOption("--province <NAME>")]
    public string? Province { get; init; }

    /// <summary>Construction start.</summary>
    [CommandOption("--construction-start <DATE>")]
    public string? ConstructionStart { get; init; }

    /// <summary>Crediting start.</summary>
    [CommandOption("--crediting-start <DATE>")]
    public string? CreditingStart { get; init; }

    /// <summary>Crediting end.</summary>
    [CommandOption("--crediting-end <DATE>")]
    public string? CreditingEnd { get; init; }

    /// <summary>Design document file.</summary>
    [CommandOption("--pdd <FILE>")]
    [Description("Project design document (its SHA-256 is recorded).")]
    public string? Pdd { get; init; }

    /// <summary>Document hash.</summary>
    [CommandOption("--sha256 <HEX>")]
    [Description("SHA-256 of the document instead of the file.")]
    public string? Sha256 { get; init; }

    /// <summary>Other registries.</summary>
    [CommandOption("--other-registry <REF>")]
    [Description("registry:id the project is known by elsewhere (verra:1340); repeatable.")]
    public string[]? OtherRegistry { get; init; }

    /// <summary>Validation body.</summary>
    [CommandOption("--body <ID>")]
    public string? Body { get; init; }

    /// <summary>Validation report.</summary>
    [CommandOption("--report <FILE>")]
    public string? Report { get; init; }

    /// <summary>Rejection reasons.</summary>
    [CommandOption("--reason <TEXT>")]
    public string[]? Reason { get; init; }

    /// <summary>Search text.</summary>
    [CommandOption("--search <TEXT>")]
    public string? Search { get; init; }
}

/// <summary>`ccer project draft`.</summary>
public sealed class CcerProjectDraftCommand : Command<CcerProjectSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new DraftProject(CcerLedger.Required(s.Id, "--id"), CcerLedger.Required(s.Name, "--name"), CcerLedger.Required(s.Owner, "--owner"),
            CcerLedger.Required(s.Methodology, "--methodology"), CcerLedger.Required(s.Province, "--province"),
            CcerLedger.Date(s.ConstructionStart, "--construction-start"), CcerLedger.Date(s.CreditingStart, "--crediting-start"),
            CcerLedger.Date(s.CreditingEnd, "--crediting-end"), CcerLedger.Document(s.Pdd, s.Sha256, "--pdd"), s.OtherRegistry ?? []));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer project validate`.</summary>
public sealed class CcerProjectValidateCommand : Command<CcerProjectSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new ValidateProject(CcerLedger.Required(s.Id, "--id"), CcerLedger.Required(s.Body, "--body"), CcerLedger.Document(s.Report, s.Sha256, "--report")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer project comment`.</summary>
public sealed class CcerProjectCommentCommand : Command<CcerProjectSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new OpenPublicComment(CcerLedger.Required(s.Id, "--id")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer project register`.</summary>
public sealed class CcerProjectRegisterCommand : Command<CcerProjectSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new RegisterProject(CcerLedger.Required(s.Id, "--id")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer project reject`.</summary>
public sealed class CcerProjectRejectCommand : Command<CcerProjectSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new RejectProject(CcerLedger.Required(s.Id, "--id"), s.Reason ?? []));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer project list`.</summary>
public sealed class CcerProjectListCommand : Command<CcerProjectSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        var (world, _, _) = CcerLedger.Load(s);
        var rows = PublicRegistryView.Projects(world.Get<VoluntaryState>(), new RegistrySearch(Text: s.Search, Methodology: s.Methodology, Province: s.Province));
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { projects = rows });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("project", "name", "methodology", "province", "status", "issued t", "retired t");
        foreach (var p in rows)
            table.AddRow(p.ProjectId, Markup.Escape(p.Name), p.Methodology, Markup.Escape(p.Province), p.Status, $"{p.IssuedT:N0}", $"{p.RetiredT:N0}");
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of the `ccer issuance` commands.</summary>
public sealed class CcerReportSettings : CcerLedgerSettings
{
    /// <summary>Report id.</summary>
    [CommandOption("--id <ID>")]
    public string? Id { get; init; }

    /// <summary>Project id.</summary>
    [CommandOption("--project <ID>")]
    public string? Project { get; init; }

    /// <summary>Period start.</summary>
    [CommandOption("--from <DATE>")]
    public string? From { get; init; }

    /// <summary>Period end.</summary>
    [CommandOption("--to <DATE>")]
    public string? To { get; init; }

    /// <summary>Claimed reductions.</summary>
    [CommandOption("--claimed <T>")]
    public long? Claimed { get; init; }

    /// <summary>Verified reductions.</summary>
    [CommandOption("--verified <T>")]
    public long? Verified { get; init; }

    /// <summary>Verification body.</summary>
    [CommandOption("--body <ID>")]
    public string? Body { get; init; }

    /// <summary>Report document.</summary>
    [CommandOption("--report <FILE>")]
    public string? Report { get; init; }

    /// <summary>Report hash.</summary>
    [CommandOption("--sha256 <HEX>")]
    public string? Sha256 { get; init; }
}

/// <summary>`ccer issuance report`.</summary>
public sealed class CcerReportCommand : Command<CcerReportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerReportSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new SubmitMonitoringReport(CcerLedger.Required(s.Id, "--id"), CcerLedger.Required(s.Project, "--project"),
            CcerLedger.Date(s.From, "--from"), CcerLedger.Date(s.To, "--to"), CcerLedger.Number(s.Claimed, "--claimed"), CcerLedger.Document(s.Report, s.Sha256, "--report")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer issuance verify`.</summary>
public sealed class CcerVerifyCommand : Command<CcerReportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerReportSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new VerifyMonitoringReport(CcerLedger.Required(s.Id, "--id"), CcerLedger.Required(s.Body, "--body"),
            CcerLedger.Number(s.Verified, "--verified"), CcerLedger.Document(s.Report, s.Sha256, "--report")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer issuance publish`.</summary>
public sealed class CcerPublishCommand : Command<CcerReportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerReportSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new PublishVerifiedReport(CcerLedger.Required(s.Id, "--id")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer issuance issue`.</summary>
public sealed class CcerIssueCommand : Command<CcerReportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerReportSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new IssueCredits(CcerLedger.Required(s.Id, "--id")));
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of transfer, retire and surrender.</summary>
public sealed class CcerCreditSettings : CcerLedgerSettings
{
    /// <summary>Record id.</summary>
    [CommandOption("--id <ID>")]
    [Description("Id of the retirement or surrender record.")]
    public string? Id { get; init; }

    /// <summary>Holder.</summary>
    [CommandOption("--holder <HOLDER>")]
    public string? Holder { get; init; }

    /// <summary>Sender.</summary>
    [CommandOption("--from <HOLDER>")]
    public string? From { get; init; }

    /// <summary>Receiver.</summary>
    [CommandOption("--to <HOLDER>")]
    public string? To { get; init; }

    /// <summary>Project.</summary>
    [CommandOption("--project <ID>")]
    public string? Project { get; init; }

    /// <summary>Vintage.</summary>
    [CommandOption("--vintage <YEAR>")]
    public int? Vintage { get; init; }

    /// <summary>Quantity.</summary>
    [CommandOption("--quantity <T>")]
    public long? Quantity { get; init; }

    /// <summary>Beneficiary.</summary>
    [CommandOption("--beneficiary <NAME>")]
    public string? Beneficiary { get; init; }

    /// <summary>Purpose.</summary>
    [CommandOption("--purpose <TEXT>")]
    public string? Purpose { get; init; }

    /// <summary>Compliance year.</summary>
    [CommandOption("--compliance-year <YEAR>")]
    public int? ComplianceYear { get; init; }

    /// <summary>Allowances due.</summary>
    [CommandOption("--allowances-due <T>")]
    public long? AllowancesDue { get; init; }

    internal int VintageValue => Vintage ?? throw CliException.BadInput("--vintage is required.");
}

/// <summary>`ccer transfer`.</summary>
public sealed class CcerTransferCommand : Command<CcerCreditSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerCreditSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new TransferCredits(CcerLedger.Required(s.From, "--from"), CcerLedger.Required(s.To, "--to"), CcerLedger.Required(s.Project, "--project"),
            s.VintageValue, CcerLedger.Number(s.Quantity, "--quantity")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer retire`.</summary>
public sealed class CcerRetireCommand : Command<CcerCreditSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerCreditSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new RetireCredits(CcerLedger.Required(s.Id, "--id"), CcerLedger.Required(s.Holder, "--holder"), CcerLedger.Required(s.Project, "--project"),
            s.VintageValue, CcerLedger.Number(s.Quantity, "--quantity"), s.Beneficiary ?? "", s.Purpose ?? ""));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer surrender`.</summary>
public sealed class CcerSurrenderCommand : Command<CcerCreditSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerCreditSettings s, CancellationToken cancellationToken)
    {
        CcerLedger.Submit(s, new SurrenderCredits(CcerLedger.Required(s.Id, "--id"), CcerLedger.Required(s.Holder, "--holder"), CcerLedger.Required(s.Project, "--project"),
            s.VintageValue, CcerLedger.Number(s.Quantity, "--quantity"), s.ComplianceYear ?? throw CliException.BadInput("--compliance-year is required."),
            CcerLedger.Number(s.AllowancesDue, "--allowances-due")));
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of `ccer registry`.</summary>
public sealed class CcerRegistrySettings : CcerLedgerSettings
{
    /// <summary>Search text.</summary>
    [CommandOption("--search <TEXT>")]
    [Description("Text in the project id, name or beneficiary.")]
    public string? Search { get; init; }

    /// <summary>Status.</summary>
    [CommandOption("--status <STATUS>")]
    [Description("held, buffer, retired, surrendered or cancelled.")]
    public string? Status { get; init; }

    /// <summary>Vintage.</summary>
    [CommandOption("--vintage <YEAR>")]
    public int? Vintage { get; init; }

    /// <summary>CSV to stdout.</summary>
    [CommandOption("--csv")]
    [Description("Print the CSV export instead of a table.")]
    public bool Csv { get; init; }

    /// <summary>CSV export file.</summary>
    [CommandOption("--out <FILE>")]
    [Description("Write the CSV export to FILE.")]
    public string? Out { get; init; }
}

/// <summary>`ccer registry`: the public list of credit blocks.</summary>
public sealed class CcerRegistryCommand : Command<CcerRegistrySettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerRegistrySettings s, CancellationToken cancellationToken)
    {
        var (world, _, _) = CcerLedger.Load(s);
        var rows = PublicRegistryView.Credits(world.Get<VoluntaryState>(), new RegistrySearch(Text: s.Search, Vintage: s.Vintage, Status: s.Status));
        if (s.Csv || s.Out is not null)
        {
            var csv = PublicRegistryView.Csv(rows);
            if (s.Out is not null)
                File.WriteAllText(s.Out, csv);
            else
                Console.Out.Write(csv);
            return ExitCodes.Ok;
        }
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { credits = rows });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("serial", "quantity", "status", "issued", "status date", "beneficiary", "purpose");
        foreach (var r in rows)
            table.AddRow(r.SerialNumber, $"{r.Quantity:N0}", r.Status, $"{r.IssuanceDate:yyyy-MM-dd}", $"{r.StatusDate:yyyy-MM-dd}", Markup.Escape(r.Beneficiary ?? ""), Markup.Escape(r.Purpose ?? ""));
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of `ccer import`.</summary>
public sealed class CcerImportSettings : CcerLedgerSettings
{
    /// <summary>Verra transactions file.</summary>
    [CommandOption("--verra-transactions <FILE>")]
    public string? VerraTransactions { get; init; }

    /// <summary>Verra projects file.</summary>
    [CommandOption("--verra-projects <FILE>")]
    public string? VerraProjects { get; init; }

    /// <summary>Gold Standard files.</summary>
    [CommandOption("--gold-standard <FILE>")]
    [Description("Gold Standard issuances or retirements export; repeatable.")]
    public string[]? GoldStandard { get; init; }
}

/// <summary>`ccer import`: records other registries' credits and projects, refusing rows whose range disagrees with the quantity.</summary>
public sealed class CcerImportCommand : Command<CcerImportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CcerImportSettings s, CancellationToken cancellationToken)
    {
        var summary = new List<object>();
        var verraCredits = new List<ForeignCredit>();
        var verraProjects = new List<ForeignProject>();
        var problems = new List<ForeignRowProblem>();
        if (s.VerraTransactions is not null)
        {
            using var reader = Open(s.VerraTransactions);
            var import = ForeignRegistryCsv.ReadVerraTransactions(reader);
            verraCredits.AddRange(import.Credits);
            problems.AddRange(import.Problems);
            summary.Add(new { file = s.VerraTransactions, registry = "verra", records = import.Credits.Count, refused = import.Problems.Count, serial_forms = import.SerialForms });
        }
        if (s.VerraProjects is not null)
        {
            using var reader = Open(s.VerraProjects);
            verraProjects.AddRange(ForeignRegistryCsv.ReadVerraProjects(reader));
            summary.Add(new { file = s.VerraProjects, registry = "verra", projects = verraProjects.Count });
        }
        var ledger = new CcerQuietSettings(s);
        if (verraCredits.Count + verraProjects.Count > 0)
            CcerLedger.Submit(ledger, new RecordForeignRecords(ForeignRegistryCsv.Verra, verraCredits, verraProjects));
        foreach (var file in s.GoldStandard ?? [])
        {
            using var reader = Open(file);
            var import = ForeignRegistryCsv.ReadGoldStandard(reader);
            problems.AddRange(import.Problems);
            CcerLedger.Submit(ledger, new RecordForeignRecords(ForeignRegistryCsv.GoldStandard, import.Credits, []));
            summary.Add(new { file, registry = "gold_standard", records = import.Credits.Count, refused = import.Problems.Count, serial_forms = import.SerialForms });
        }
        if (summary.Count == 0)
            throw CliException.BadInput("Give --verra-transactions, --verra-projects or --gold-standard files.");
        if (GlobalOptions.Current.Json)
            JsonOut.Write(new { imports = summary, problems });
        else
        {
            foreach (var line in summary)
                AnsiConsole.WriteLine(JsonSerializer.Serialize(line, JsonOut.Options).ReplaceLineEndings(" "));
            foreach (var p in problems)
                AnsiConsole.WriteLine($"row {p.Row} refused: {p.Reason} ({p.Serial})");
        }
        return ExitCodes.Ok;
    }

    private static StreamReader Open(string path) =>
        File.Exists(path) ? new StreamReader(path) : throw CliException.BadInput($"The file '{path}' does not exist.");

    // Imports print one summary instead of every recorded event.
    private sealed class CcerQuietSettings : CcerLedgerSettings
    {
        public CcerQuietSettings(CcerLedgerSettings s)
        {
            Ledger = s.Ledger;
            At = s.At;
            Actor = s.Actor;
            Quiet = true;
        }
    }
}
