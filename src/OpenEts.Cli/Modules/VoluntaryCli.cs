// The voluntary module's commands on the CLI: `ccer methodologies`, `ccer calc`, the project commands and
// the public lists (issuance, credit and import commands: VoluntaryCreditCli.cs). Every command that changes the market
// goes through the engine on --db, as the identity given with --as and at the market time given with --at;
// reads come from the engine's state (the registry holds the credits, the voluntary module the record).
using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Registry;
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
            ccer.AddCommand<CcerAccreditCommand>("accredit").WithDescription("Accredit a validation body or verifier (regulator).");
            ccer.AddBranch("project", p =>
            {
                p.SetDescription("Project lifecycle: draft, validate, comment, register, reject, list.");
                p.AddCommand<CcerProjectDraftCommand>("draft").WithDescription("File a project design document.");
                p.AddCommand<CcerProjectValidateCommand>("validate").WithDescription("Record validation (accredited validation body).");
                p.AddCommand<CcerProjectCommentCommand>("comment").WithDescription("Open public comment, 20 working days (project owner).");
                p.AddCommand<CcerProjectRegisterCommand>("register").WithDescription("Register after public comment (regulator).");
                p.AddCommand<CcerProjectRejectCommand>("reject").WithDescription("Reject with reasons (regulator).");
                p.AddCommand<CcerProjectListCommand>("list").WithDescription("List projects (searchable).");
            });
            ccer.AddBranch("issuance", i =>
            {
                i.SetDescription("Issuance: monitoring report, verification, public period, issue.");
                i.AddCommand<CcerReportCommand>("report").WithDescription("Submit a monitoring report (the application; project owner).");
                i.AddCommand<CcerVerifyCommand>("verify").WithDescription("Record verification (accredited verifier).");
                i.AddCommand<CcerRejectReportCommand>("reject").WithDescription("Reject a submitted report with reasons, so its period can be reported again (accredited verifier or regulator).");
                i.AddCommand<CcerPublishCommand>("publish").WithDescription("Publish the verified report (project owner).");
                i.AddCommand<CcerIssueCommand>("issue").WithDescription("Issue serial-numbered credits into the owner's registry account (regulator).");
                i.AddCommand<CcerIssuanceListCommand>("list").WithDescription("List issuances and retirements (public).");
            });
            ccer.AddCommand<CcerTransferCommand>("transfer").WithDescription("Transfer credits between registry accounts (lowest serials first).");
            ccer.AddCommand<CcerRetireCommand>("retire").WithDescription("Retire credits for a beneficiary and purpose.");
            ccer.AddCommand<CcerSurrenderCommand>("surrender").WithDescription("Surrender credits as offsets against the account's covered entity's obligation (compliance.surrender: within 5% of it).");
            ccer.AddCommand<CcerCancelCommand>("cancel").WithDescription("Cancel credits (errors, reversals, buffer draw-downs).");
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

/// <summary>Options of every ccer command that changes the market: who acts, when, and the command id.</summary>
public class CcerWriteSettings : CommandSettings
{
    /// <summary>The acting identity.</summary>
    [CommandOption("--as <IDENTITY>")]
    [Description("Acting identity: its registry role decides what it may do.")]
    public string? Actor { get; init; }

    /// <summary>The time of the command.</summary>
    [CommandOption("--at <TIME>")]
    [Description("Market date or time of the command (2026-03-19 = 10:00 Beijing time, or an ISO time; default: now).")]
    public string? At { get; init; }

    /// <summary>The client-chosen command id.</summary>
    [CommandOption("--command-id <ID>")]
    [Description("Command id (default: a new one). Reuse it to retry safely.")]
    public string? CommandId { get; init; }
}

/// <summary>The voluntary market on the engine of --db: submit one command, or read the state.</summary>
internal static class CcerMarket
{
    /// <summary>
    /// Submits a command as --as (or <paramref name="defaultActor"/>); a rejection ends the run with exit 1
    /// and nothing changed. Prints the events (one JSON line each), or {accepted, seq, events} with --json.
    /// </summary>
    public static Task<Outcome> SubmitAsync(CcerWriteSettings s, OpenEts.Core.Command command, string? defaultActor = null, bool quiet = false) =>
        SubmitAsync(s, _ => command, defaultActor, quiet);

    /// <summary>As above, with the command built from the market's state (read on the sequencer) by the engine that runs it.</summary>
    public static async Task<Outcome> SubmitAsync(CcerWriteSettings s, Func<World, OpenEts.Core.Command> build, string? defaultActor = null, bool quiet = false)
    {
        var actor = s.Actor ?? defaultActor ?? throw CliException.BadInput("--as IDENTITY is required: the identity whose role does this step.", "missing_option");
        var id = s.CommandId ?? MarketHost.NewCommandId();
        var time = Time(s.At);
        await using var engine = MarketHost.Open();
        var envelope = new CommandEnvelope(id, actor, time, await engine.QueryAsync(build));
        var outcome = await engine.SubmitAsync(envelope);
        if (outcome.Rejection is { } r)
            throw CliException.Rejected(r.Code, r.Message);
        if (quiet)
            return outcome;
        var events = JsonSerializer.SerializeToElement<IReadOnlyList<OpenEts.Core.Event>>(outcome.Events, MarketHost.Catalog.Json);
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { accepted = true, seq = outcome.Seq, replayed = outcome.Replayed, events });
            return outcome;
        }
        foreach (var e in events.EnumerateArray())
            AnsiConsole.WriteLine(e.GetRawText());
        return outcome;
    }

    /// <summary>Reads the registry and voluntary state of --db.</summary>
    public static async Task<T> QueryAsync<T>(Func<VoluntaryState, RegistryState, T> read)
    {
        await using var engine = MarketHost.Open();
        return await engine.QueryAsync(w => read(w.Get<VoluntaryState>(), w.Get<RegistryState>()));
    }

    private static DateTimeOffset Time(string? at) => Parse.Time(at, "--at");

    public static string Required(string? value, string option) => Parse.Required(value, option);

    public static DateOnly Date(string? value, string option) =>
        DateOnly.TryParseExact(Required(value, option), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw CliException.BadInput($"{option} must be a date like 2025-01-31.");

    public static long Number(long? value, string option) => value ?? throw CliException.BadInput($"{option} is required.", "missing_option");

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
public sealed class CcerAccreditSettings : CcerWriteSettings
{
    /// <summary>Body identity.</summary>
    [CommandOption("--body <IDENTITY>")]
    [Description("The body's identity (registry role validation_body or verifier).")]
    public string? Body { get; init; }

    /// <summary>Body name.</summary>
    [CommandOption("--name <NAME>")]
    public string? Name { get; init; }
}

/// <summary>`ccer accredit` (regulator by default).</summary>
public sealed class CcerAccreditCommand : AsyncCommand<CcerAccreditSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerAccreditSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new AccreditBody(CcerMarket.Required(s.Body, "--body"), CcerMarket.Required(s.Name, "--name")), MarketSetup.Regulator);
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of the `ccer project` commands.</summary>
public sealed class CcerProjectSettings : CcerWriteSettings
{
    /// <summary>Project id.</summary>
    [CommandOption("--id <ID>")]
    [Description("Project id: 1–20 capital letters or digits (part of every serial).")]
    public string? Id { get; init; }

    /// <summary>Name.</summary>
    [CommandOption("--name <NAME>")]
    public string? Name { get; init; }

    /// <summary>The owner's registry account.</summary>
    [CommandOption("--account <ACCOUNT>")]
    [Description("The project-owner registry account (held by --as) that receives the credits.")]
    public string? Account { get; init; }

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

    /// <summary>Validation report.</summary>
    [CommandOption("--report <FILE>")]
    public string? Report { get; init; }

    /// <summary>Rejection reasons.</summary>
    [CommandOption("--reason <TEXT>")]
    public string[]? Reason { get; init; }
}

/// <summary>`ccer project draft` (the project owner).</summary>
public sealed class CcerProjectDraftCommand : AsyncCommand<CcerProjectSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new DraftProject(CcerMarket.Required(s.Id, "--id"), CcerMarket.Required(s.Name, "--name"), CcerMarket.Required(s.Account, "--account"),
            CcerMarket.Required(s.Methodology, "--methodology"), CcerMarket.Required(s.Province, "--province"),
            CcerMarket.Date(s.ConstructionStart, "--construction-start"), CcerMarket.Date(s.CreditingStart, "--crediting-start"),
            CcerMarket.Date(s.CreditingEnd, "--crediting-end"), CcerMarket.Document(s.Pdd, s.Sha256, "--pdd"), s.OtherRegistry ?? []));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer project validate` (an accredited validation body, --as).</summary>
public sealed class CcerProjectValidateCommand : AsyncCommand<CcerProjectSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new ValidateProject(CcerMarket.Required(s.Id, "--id"), CcerMarket.Document(s.Report, s.Sha256, "--report")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer project comment` (the project owner).</summary>
public sealed class CcerProjectCommentCommand : AsyncCommand<CcerProjectSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new OpenPublicComment(CcerMarket.Required(s.Id, "--id")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer project register` (regulator by default).</summary>
public sealed class CcerProjectRegisterCommand : AsyncCommand<CcerProjectSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new RegisterProject(CcerMarket.Required(s.Id, "--id")), MarketSetup.Regulator);
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer project reject` (regulator by default).</summary>
public sealed class CcerProjectRejectCommand : AsyncCommand<CcerProjectSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerProjectSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new RejectProject(CcerMarket.Required(s.Id, "--id"), s.Reason ?? []), MarketSetup.Regulator);
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of the public lists.</summary>
public sealed class CcerListSettings : CommandSettings
{
    /// <summary>Search text.</summary>
    [CommandOption("--search <TEXT>")]
    [Description("Text in the project id or name (or beneficiary, issuance or retirement id).")]
    public string? Search { get; init; }

    /// <summary>Methodology.</summary>
    [CommandOption("--methodology <CODE>")]
    public string? Methodology { get; init; }

    /// <summary>Province.</summary>
    [CommandOption("--province <NAME>")]
    public string? Province { get; init; }

    /// <summary>Vintage.</summary>
    [CommandOption("--vintage <YEAR>")]
    public int? Vintage { get; init; }

    internal RegistrySearch Query => new(Text: Search, Methodology: Methodology, Province: Province, Vintage: Vintage);
}

/// <summary>`ccer project list`: the public list of projects.</summary>
public sealed class CcerProjectListCommand : AsyncCommand<CcerListSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerListSettings s, CancellationToken cancellationToken)
    {
        var rows = await CcerMarket.QueryAsync((v, r) => PublicRegistryView.Projects(v, r, s.Query));
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

/// <summary>`ccer issuance list`: issuances and the public record of retirements, surrenders and cancellations.</summary>
public sealed class CcerIssuanceListCommand : AsyncCommand<CcerListSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerListSettings s, CancellationToken cancellationToken)
    {
        var (issuances, uses) = await CcerMarket.QueryAsync((v, r) => (PublicRegistryView.Issuances(v, s.Query), PublicRegistryView.Uses(v, r, s.Query)));
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { issuances, uses });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("issuance", "project", "vintage", "class", "quantity t", "owner serials", "buffer serials", "issued");
        foreach (var i in issuances)
            table.AddRow(i.IssuanceId, i.ProjectId, $"{i.Vintage}", i.ClassId, $"{i.QuantityT:N0}", $"{i.OwnerRange}", $"{i.BufferRange}", $"{i.IssuedOn:yyyy-MM-dd}");
        AnsiConsole.Write(table);
        var used = new Table().AddColumns("record", "kind", "account", "project", "vintage", "quantity t", "serials", "beneficiary", "purpose", "date");
        foreach (var u in uses)
            used.AddRow(Markup.Escape(u.UseId), Parse.Snake(u.Kind.ToString()), Markup.Escape(u.Account), u.ProjectId, $"{u.Vintage}", $"{u.QuantityT:N0}",
                string.Join(' ', u.Ranges), Markup.Escape(u.Beneficiary), Markup.Escape(u.Purpose), $"{u.On:yyyy-MM-dd}");
        AnsiConsole.Write(used);
        return ExitCodes.Ok;
    }
}
