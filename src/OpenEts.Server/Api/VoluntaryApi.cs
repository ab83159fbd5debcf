// The voluntary market (CCER) over HTTP. Public reads, without a login: methodologies, projects,
// issuances, retirements and the credit list with its CSV export (the registry's holdings annotated
// from the public record). Commands run as the caller; the module's role checks (regulator, accredited
// validation body or verifier, the project's owner) and the registry's holder checks decide each one.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Server.Http;
using OpenEts.Voluntary;
using OpenEts.Voluntary.Methodologies;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.PublicRegistry;

namespace OpenEts.Server.Api;

/// <summary>A methodology as the public list shows it.</summary>
public sealed record MethodologyView(string Code, string Version, string Name, string Sector, string Status, bool Forestry, decimal? BufferShare);

/// <summary>A validation: the report's SHA-256 (the caller is the validation body).</summary>
public sealed record ValidationRequest(string ReportSha256);

/// <summary>A verification: verified tonnes and the report's SHA-256 (the caller is the verifier).</summary>
public sealed record MonitoringVerificationRequest(long VerifiedT, string ReportSha256);

/// <summary>A project rejection with its reasons.</summary>
public sealed record ProjectRejectionRequest(IReadOnlyList<string> Reasons);

/// <summary>Maps the voluntary market's endpoints.</summary>
public static class VoluntaryApi
{
    /// <summary>Adds the public reads under <paramref name="open"/> and the commands under <paramref name="api"/>, both at /ccer.</summary>
    public static void MapVoluntaryApi(this RouteGroupBuilder open, RouteGroupBuilder api)
    {
        var pub = open.MapGroup("/ccer").WithTags("Voluntary");
        pub.MapGet("/methodologies", Methodologies).WithName("CcerMethodologies");
        pub.MapGet("/projects", (MarketRuntime m, string? search, string? methodology, string? province, string? status, CancellationToken ct) =>
            Read(m, (v, r) => PublicRegistryView.Projects(v, r, new RegistrySearch(search, methodology, province, null, status)), ct)).WithName("CcerProjects");
        pub.MapGet("/issuances", (MarketRuntime m, string? search, int? vintage, CancellationToken ct) =>
            Read(m, (v, _) => PublicRegistryView.Issuances(v, new RegistrySearch(search, Vintage: vintage)), ct)).WithName("CcerIssuances");
        pub.MapGet("/retirements", (MarketRuntime m, string? search, int? vintage, CancellationToken ct) =>
            Read(m, (v, r) => PublicRegistryView.Uses(v, r, new RegistrySearch(search, Vintage: vintage)).Where(u => u.Kind == CreditUseKind.Retirement).ToList(), ct))
            .WithName("CcerRetirements");
        pub.MapGet("/credits", (MarketRuntime m, string? search, int? vintage, string? status, CancellationToken ct) =>
            Read(m, (v, r) => PublicRegistryView.Credits(v, r, new RegistrySearch(search, Vintage: vintage, Status: status)), ct)).WithName("CcerCredits");
        pub.MapGet("/credits.csv", CreditsCsv).WithName("CcerCreditsCsv");

        var g = api.MapGroup("/ccer").WithTags("Voluntary");
        g.MapPost("/bodies", (HttpContext h, MarketRuntime m, AccreditBody c) => Commands.Run(h, m, c)).WithName("CcerAccreditBody");
        g.MapPost("/projects", (HttpContext h, MarketRuntime m, DraftProject c) => Commands.Run(h, m, c)).WithName("CcerDraftProject");
        g.MapPost("/projects/{projectId}/validate", (HttpContext h, MarketRuntime m, string projectId, ValidationRequest r) =>
            Commands.Run(h, m, new ValidateProject(projectId, r.ReportSha256))).WithName("CcerValidateProject");
        g.MapPost("/projects/{projectId}/comment", (HttpContext h, MarketRuntime m, string projectId) => Commands.Run(h, m, new OpenPublicComment(projectId))).WithName("CcerOpenComment");
        g.MapPost("/projects/{projectId}/register", (HttpContext h, MarketRuntime m, string projectId) => Commands.Run(h, m, new RegisterProject(projectId))).WithName("CcerRegisterProject");
        g.MapPost("/projects/{projectId}/reject", (HttpContext h, MarketRuntime m, string projectId, ProjectRejectionRequest r) =>
            Commands.Run(h, m, new RejectProject(projectId, r.Reasons))).WithName("CcerRejectProject");
        g.MapPost("/reports", (HttpContext h, MarketRuntime m, SubmitMonitoringReport c) => Commands.Run(h, m, c)).WithName("CcerSubmitReport");
        g.MapPost("/reports/{reportId}/verify", (HttpContext h, MarketRuntime m, string reportId, MonitoringVerificationRequest r) =>
            Commands.Run(h, m, new VerifyMonitoringReport(reportId, r.VerifiedT, r.ReportSha256))).WithName("CcerVerifyReport");
        g.MapPost("/reports/{reportId}/reject", (HttpContext h, MarketRuntime m, string reportId, ProjectRejectionRequest r) =>
            Commands.Run(h, m, new RejectMonitoringReport(reportId, r.Reasons))).WithName("CcerRejectReport");
        g.MapPost("/reports/{reportId}/publish", (HttpContext h, MarketRuntime m, string reportId) => Commands.Run(h, m, new PublishVerifiedReport(reportId))).WithName("CcerPublishReport");
        g.MapPost("/reports/{reportId}/issue", (HttpContext h, MarketRuntime m, string reportId) => Commands.Run(h, m, new IssueCredits(reportId))).WithName("CcerIssueCredits");
        g.MapPost("/transfers", (HttpContext h, MarketRuntime m, TransferCredits c) => Commands.Run(h, m, c)).WithName("CcerTransfer");
        g.MapPost("/retirements", (HttpContext h, MarketRuntime m, RetireCredits c) => Commands.Run(h, m, c)).WithName("CcerRetire");
        g.MapPost("/surrenders", (HttpContext h, MarketRuntime m, SurrenderCredits c) => Commands.Run(h, m, c)).WithName("CcerSurrender");
        g.MapPost("/cancellations", (HttpContext h, MarketRuntime m, CancelCredits c) => Commands.Run(h, m, c)).WithName("CcerCancel");
    }

    private static IResult Methodologies() =>
        Results.Ok(MethodologyCatalog.Published.All.Select(m => new MethodologyView(m.Code, m.Data.Version, m.Data.Name, m.Data.Sector, m.Data.Status,
            m.Data.Forestry, m.Data.BufferShare?.Value)).ToList());

    private static async Task<IResult> Read<T>(MarketRuntime market, Func<VoluntaryState, RegistryState, T> read, CancellationToken ct) =>
        Results.Ok(await market.Engine.QueryAsync(w => read(w.Get<VoluntaryState>(), w.Get<RegistryState>()), ct));

    private static async Task<IResult> CreditsCsv(MarketRuntime market, string? search, int? vintage, string? status, CancellationToken ct)
    {
        var csv = await market.Engine.QueryAsync(w =>
            PublicRegistryView.Csv(PublicRegistryView.Credits(w.Get<VoluntaryState>(), w.Get<RegistryState>(), new RegistrySearch(search, Vintage: vintage, Status: status))), ct);
        return Results.Text(csv, "text/csv; charset=utf-8");
    }
}
