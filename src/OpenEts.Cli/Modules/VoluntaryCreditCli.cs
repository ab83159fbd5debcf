// The voluntary market's issuance and credit commands on the CLI (`ccer issuance …`, `transfer`, `retire`,
// `surrender`, `cancel`), the public credit list with its CSV export, and the import of other registries.
// Each runs through the engine on --db as the identity given with --as (see VoluntaryCli.cs).
using System.ComponentModel;
using System.Text.Json;
using OpenEts.Registry;
using OpenEts.Voluntary;
using OpenEts.Voluntary.PublicRegistry;
using OpenEts.Voluntary.Registries;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Settings of the `ccer issuance` commands.</summary>
public sealed class CcerReportSettings : CcerWriteSettings
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

    /// <summary>Report document.</summary>
    [CommandOption("--report <FILE>")]
    public string? Report { get; init; }

    /// <summary>Report hash.</summary>
    [CommandOption("--sha256 <HEX>")]
    public string? Sha256 { get; init; }

    /// <summary>Rejection reasons (repeat the option for several).</summary>
    [CommandOption("--reason <TEXT>")]
    public string[]? Reason { get; init; }
}

/// <summary>`ccer issuance report` (the project owner).</summary>
public sealed class CcerReportCommand : AsyncCommand<CcerReportSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerReportSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new SubmitMonitoringReport(CcerMarket.Required(s.Id, "--id"), CcerMarket.Required(s.Project, "--project"),
            CcerMarket.Date(s.From, "--from"), CcerMarket.Date(s.To, "--to"), CcerMarket.Number(s.Claimed, "--claimed"), CcerMarket.Document(s.Report, s.Sha256, "--report")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer issuance verify` (an accredited verifier, --as).</summary>
public sealed class CcerVerifyCommand : AsyncCommand<CcerReportSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerReportSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new VerifyMonitoringReport(CcerMarket.Required(s.Id, "--id"), CcerMarket.Number(s.Verified, "--verified"),
            CcerMarket.Document(s.Report, s.Sha256, "--report")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer issuance reject` (an accredited verifier, or the regulator, --as).</summary>
public sealed class CcerRejectReportCommand : AsyncCommand<CcerReportSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerReportSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new RejectMonitoringReport(CcerMarket.Required(s.Id, "--id"), s.Reason ?? []));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer issuance publish` (the project owner).</summary>
public sealed class CcerPublishCommand : AsyncCommand<CcerReportSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerReportSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new PublishVerifiedReport(CcerMarket.Required(s.Id, "--id")));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer issuance issue` (regulator by default).</summary>
public sealed class CcerIssueCommand : AsyncCommand<CcerReportSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerReportSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new IssueCredits(CcerMarket.Required(s.Id, "--id")), MarketSetup.Regulator);
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of transfer, retire, surrender and cancel.</summary>
public sealed class CcerCreditSettings : CcerWriteSettings
{
    /// <summary>Record id.</summary>
    [CommandOption("--id <ID>")]
    [Description("Id of the retirement, surrender or cancellation record.")]
    public string? Id { get; init; }

    /// <summary>The account credits are spent from.</summary>
    [CommandOption("--account <ACCOUNT>")]
    public string? Account { get; init; }

    /// <summary>Sending account.</summary>
    [CommandOption("--from <ACCOUNT>")]
    public string? From { get; init; }

    /// <summary>Receiving account.</summary>
    [CommandOption("--to <ACCOUNT>")]
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

    /// <summary>Cancellation reason.</summary>
    [CommandOption("--reason <TEXT>")]
    public string? Reason { get; init; }

    /// <summary>Compliance year.</summary>
    [CommandOption("--compliance-year <YEAR>")]
    public int? ComplianceYear { get; init; }


    internal int VintageValue => Vintage ?? throw CliException.BadInput("--vintage is required.", "missing_option");

    internal string ProjectValue => CcerMarket.Required(Project, "--project");

    internal long QuantityValue => CcerMarket.Number(Quantity, "--quantity");
}

/// <summary>`ccer transfer` (the sending account's holder).</summary>
public sealed class CcerTransferCommand : AsyncCommand<CcerCreditSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerCreditSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new TransferCredits(CcerMarket.Required(s.From, "--from"), CcerMarket.Required(s.To, "--to"), s.ProjectValue, s.VintageValue, s.QuantityValue));
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer retire` (the account's holder).</summary>
public sealed class CcerRetireCommand : AsyncCommand<CcerCreditSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerCreditSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new RetireCredits(CcerMarket.Required(s.Id, "--id"), CcerMarket.Required(s.Account, "--account"), s.ProjectValue,
            s.VintageValue, s.QuantityValue, s.Beneficiary ?? "", s.Purpose ?? ""));
        return ExitCodes.Ok;
    }
}

/// <summary>
/// `ccer surrender` (the account's holder): CCER as offsets, through the compliance cycle's surrender of the covered entity
/// whose account it is, so they count against its obligation under the cap of that obligation.
/// </summary>
public sealed class CcerSurrenderCommand : AsyncCommand<CcerCreditSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerCreditSettings s, CancellationToken cancellationToken)
    {
        var account = CcerMarket.Required(s.Account, "--account");
        var year = s.ComplianceYear ?? throw CliException.BadInput("--compliance-year is required.", "missing_option");
        var classId = OpenEts.Voluntary.Credits.CreditClasses.Id(s.ProjectValue, s.VintageValue);
        var quantity = s.QuantityValue;
        await CcerMarket.SubmitAsync(s, w =>
        {
            var entity = w.Get<OpenEts.Allocation.Cycle.CycleState>().Entities.Values.FirstOrDefault(e => e.Account == account)?.Id
                ?? throw CliException.Rejected("no_obligation", $"'{account}' is the account of no covered entity in the compliance cycle: only a covered entity surrenders CCER, as offsets against its obligation.");
            return new OpenEts.Allocation.Cycle.SurrenderForYear(entity, year, classId, quantity);
        });
        return ExitCodes.Ok;
    }
}

/// <summary>`ccer cancel` (the account's holder; the regulator for the buffer in the reserve account).</summary>
public sealed class CcerCancelCommand : AsyncCommand<CcerCreditSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerCreditSettings s, CancellationToken cancellationToken)
    {
        await CcerMarket.SubmitAsync(s, new CancelCredits(CcerMarket.Required(s.Id, "--id"), CcerMarket.Required(s.Account, "--account"), s.ProjectValue,
            s.VintageValue, s.QuantityValue, s.Reason ?? ""));
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of `ccer registry`.</summary>
public sealed class CcerRegistrySettings : CommandSettings
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

/// <summary>`ccer registry`: the public list of credit blocks, read from the registry's holdings.</summary>
public sealed class CcerRegistryCommand : AsyncCommand<CcerRegistrySettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerRegistrySettings s, CancellationToken cancellationToken)
    {
        var rows = await CcerMarket.QueryAsync((v, r) => PublicRegistryView.Credits(v, r, new RegistrySearch(Text: s.Search, Vintage: s.Vintage, Status: s.Status)));
        if (s.Csv || s.Out is not null)
        {
            var csv = PublicRegistryView.Csv(rows);
            if (s.Out is not null)
                await File.WriteAllTextAsync(s.Out, csv, cancellationToken);
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
public sealed class CcerImportSettings : CcerWriteSettings
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

/// <summary>`ccer import` (regulator by default): records other registries' credits and projects, refusing rows whose range disagrees with the quantity.</summary>
public sealed class CcerImportCommand : AsyncCommand<CcerImportSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CcerImportSettings s, CancellationToken cancellationToken)
    {
        var summary = new List<object>();
        var problems = new List<ForeignRowProblem>();
        var records = new List<RecordForeignRecords>();
        var verraCredits = new List<ForeignCredit>();
        var verraProjects = new List<ForeignProject>();
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
        if (verraCredits.Count + verraProjects.Count > 0)
            records.Add(new RecordForeignRecords(ForeignRegistryCsv.Verra, verraCredits, verraProjects));
        foreach (var file in s.GoldStandard ?? [])
        {
            using var reader = Open(file);
            var import = ForeignRegistryCsv.ReadGoldStandard(reader);
            problems.AddRange(import.Problems);
            records.Add(new RecordForeignRecords(ForeignRegistryCsv.GoldStandard, import.Credits, []));
            summary.Add(new { file, registry = "gold_standard", records = import.Credits.Count, refused = import.Problems.Count, serial_forms = import.SerialForms });
        }
        if (summary.Count == 0)
            throw CliException.BadInput("Give --verra-transactions, --verra-projects or --gold-standard files.");
        // One command per file, each with its own id: a retry with --command-id replays them all.
        for (var i = 0; i < records.Count; i++)
        {
            var step = s.CommandId is null ? s : new CcerImportSettings { Actor = s.Actor, At = s.At, CommandId = $"{s.CommandId}:{i + 1}" };
            await CcerMarket.SubmitAsync(step, records[i], MarketSetup.Regulator, quiet: true);
        }
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
}
