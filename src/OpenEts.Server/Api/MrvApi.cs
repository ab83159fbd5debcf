// MRV over HTTP: facilities, monthly deposits, annual reports (a total, or the calculator's input),
// verifier assignment, verification and final reports; the reports each identity may see (a regulator
// or the registry operator all, an entity its own, a verifier those assigned to it) and the regulator's
// data-quality list. The MRV module's role checks decide every command.
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Mrv.Calculation;
using OpenEts.Mrv.Quality;
using OpenEts.Mrv.Reporting;
using OpenEts.Mrv.Rules;
using OpenEts.Registry;
using OpenEts.Server.Http;

namespace OpenEts.Server.Api;

/// <summary>A month's data of a facility.</summary>
public sealed record MonthlyDepositRequest(int Year, int Month, decimal EmissionsTco2e, IReadOnlyDictionary<string, decimal>? Parameters = null);

/// <summary>
/// An annual report: either the total (<see cref="Year"/>, <see cref="ReportedTco2e"/>, <see cref="DefaultsUsed"/>),
/// or <see cref="Calculation"/>, one facility-year as `mrv calc` reads it, which the server computes and submits.
/// </summary>
public sealed record AnnualReportRequest(int? Year = null, long? ReportedTco2e = null, IReadOnlyList<string>? DefaultsUsed = null, JsonElement? Calculation = null);

/// <summary>The verifier to assign.</summary>
public sealed record VerifierRequest(string VerifierId);

/// <summary>A verifier's result.</summary>
public sealed record VerificationRequest(IReadOnlyList<VerificationAdjustment> Adjustments, string Statement);

/// <summary>Maps the MRV endpoints.</summary>
public static class MrvApi
{
    private static readonly MrvRulebook Rules = MrvRulebook.ChinaNational;

    /// <summary>Adds the MRV endpoints under <paramref name="api"/>/mrv.</summary>
    public static RouteGroupBuilder MapMrvApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/mrv").WithTags("MRV");
        g.MapGet("/facilities", ListFacilities).WithName("ListFacilities");
        g.MapPost("/facilities", (HttpContext h, MarketRuntime m, RegisterFacility c) => Run(h, m, c)).WithName("RegisterFacility");
        g.MapPost("/facilities/{facilityId}/deposits", (HttpContext h, MarketRuntime m, string facilityId, MonthlyDepositRequest r) =>
            Run(h, m, new DepositMonthlyData(facilityId, r.Year, r.Month, r.EmissionsTco2e, r.Parameters ?? new Dictionary<string, decimal>()))).WithName("DepositMonthlyData");
        g.MapPost("/facilities/{facilityId}/reports", SubmitReport).WithName("SubmitAnnualReport");
        g.MapGet("/reports", ListReports).WithName("ListReports");
        g.MapGet("/reports/{facilityId}/{year:int}", GetReport).WithName("GetReport");
        g.MapPost("/reports/{facilityId}/{year:int}/verifier", (HttpContext h, MarketRuntime m, string facilityId, int year, VerifierRequest r) =>
            Run(h, m, new AssignVerifier(facilityId, year, r.VerifierId))).WithName("AssignVerifier");
        g.MapPost("/reports/{facilityId}/{year:int}/verification", (HttpContext h, MarketRuntime m, string facilityId, int year, VerificationRequest r) =>
            Run(h, m, new RecordVerification(facilityId, year, r.Adjustments, r.Statement))).WithName("RecordVerification");
        g.MapPost("/reports/{facilityId}/{year:int}/final", (HttpContext h, MarketRuntime m, string facilityId, int year) =>
            Run(h, m, new FinalizeReport(facilityId, year))).WithName("FinalizeReport");
        g.MapGet("/quality", Quality).WithName("DataQuality");
        g.MapPost("/calculations", (FacilityYearInput input) => Calculate(input)).WithName("Calculate");
        return api;
    }

    /// <summary>
    /// The HTTP status of an MRV rejection: refusals of the wrong identity (not the facility's entity, not the
    /// assigned verifier) are 403 like not_authorized; report_not_found 404; malformed values 422; else as
    /// <see cref="Problems.StatusOf"/>.
    /// </summary>
    public static int StatusOf(string code) => code switch
    {
        "not_facility_owner" or "not_assigned_verifier" => StatusCodes.Status403Forbidden,
        "report_not_found" => StatusCodes.Status404NotFound,
        "bad_month" or "bad_year" or "negative_emissions" or "statement_required" or "adjustment_reason_required" or "missing_id"
            or "id_too_long" or "too_long" or "too_many_parameters" => StatusCodes.Status422UnprocessableEntity,
        _ => Problems.StatusOf(code),
    };

    private static async Task<IResult> Run(HttpContext http, MarketRuntime market, Command command)
    {
        var result = await Commands.Run(http, market, command);
        if (result is not ProblemHttpResult { ProblemDetails: var p } || !p.Extensions.TryGetValue("code", out var c) || c is not string code || StatusOf(code) == p.Status)
            return result;
        var seq = p.Extensions.TryGetValue("seq", out var s) && s is long n ? n : 0;
        return Problems.Of(StatusOf(code), code, p.Detail ?? "", seq);
    }

    private static IResult Reject(Rejection r) => Problems.Of(StatusOf(r.Code), r.Code, r.Message);

    private static Task<IResult> SubmitReport(HttpContext http, MarketRuntime market, string facilityId, AnnualReportRequest r)
    {
        if (r.Calculation is not { } json)
        {
            if (r.Year is not int year || r.ReportedTco2e is not long total)
                return Task.FromResult(Problems.Of(400, "missing_field", "Send year and reported_tco2e (and defaults_used), or calculation."));
            return Run(http, market, new SubmitAnnualReport(facilityId, year, total, r.DefaultsUsed ?? []));
        }
        if (r.ReportedTco2e is not null || r.DefaultsUsed is not null)
            return Task.FromResult(Problems.Of(422, "conflicting_fields", "Send either reported_tco2e and defaults_used, or calculation; not both."));
        var input = InputReader.Parse(json.GetRawText());
        if (!input.Ok)
            return Task.FromResult(Problems.Of(422, input.Error!.Code, input.Error.Message));
        if (input.Value!.FacilityId is { } named && named != facilityId)
            return Task.FromResult(Problems.Of(422, "conflicting_facility", $"The calculation is of facility {named}, the path names {facilityId}."));
        var result = new EmissionCalculator(Rules).Calculate(input.Value);
        if (!result.Ok)
            return Task.FromResult(Problems.Of(422, result.Error!.Code, result.Error.Message));
        var calc = result.Value!;
        if (r.Year is int y && y != calc.Year)
            return Task.FromResult(Problems.Of(422, "conflicting_year", $"The calculation is of {calc.Year}, the request says {y}."));
        return Run(http, market, new SubmitAnnualReport(facilityId, calc.Year, calc.CoveredTco2e, calc.DefaultsUsed));
    }

    private static IResult Calculate(FacilityYearInput input)
    {
        var result = new EmissionCalculator(Rules).Calculate(input);
        return result.Ok ? Results.Ok(result.Value) : Problems.Of(422, result.Error!.Code, result.Error.Message);
    }

    private static async Task<IResult> ListFacilities(HttpContext http, MarketRuntime market)
    {
        var actor = Commands.Actor(http.User);
        return Results.Ok(await market.Engine.QueryAsync(w => MrvAccess.VisibleFacilities(w, actor), http.RequestAborted));
    }

    private static async Task<IResult> ListReports(HttpContext http, MarketRuntime market, int? year = null, string? status = null)
    {
        var actor = Commands.Actor(http.User);
        ReportStatus? wanted = null;
        if (status is not null)
        {
            var match = Enum.GetValues<ReportStatus>().Where(v => MrvModule.Name(v) == status).ToList();
            if (match.Count == 0)
                return Problems.Of(400, "bad_status", $"status is one of {string.Join(", ", Enum.GetValues<ReportStatus>().Select(MrvModule.Name))}; '{status}' is not.");
            wanted = match[0];
        }
        return Results.Ok(await market.Engine.QueryAsync(w => MrvAccess.VisibleReportViews(w, actor, year, wanted), http.RequestAborted));
    }

    private static async Task<IResult> GetReport(HttpContext http, MarketRuntime market, string facilityId, int year)
    {
        var actor = Commands.Actor(http.User);
        var view = await market.Engine.QueryAsync(w =>
        {
            var state = w.Get<MrvState>();
            return state.Report(facilityId, year) is { } r && MrvAccess.MaySee(state, r, actor, MrvAccess.RoleOf(w, actor)) ? ReportView.Of(state, r) : null;
        }, http.RequestAborted);
        // A report the caller may not see is answered like a missing one.
        return view is null ? Reject(new Rejection("report_not_found", $"No {year} report of facility {facilityId} that you can see.")) : Results.Ok(view);
    }

    private static async Task<IResult> Quality(HttpContext http, MarketRuntime market, int? year = null)
    {
        var actor = Commands.Actor(http.User);
        var list = await market.Engine.QueryAsync(w => new ReportedQuality(Rules).For(w, actor, year), http.RequestAborted);
        return list.Ok ? Results.Ok(list.Value) : Reject(list.Error!);
    }
}
