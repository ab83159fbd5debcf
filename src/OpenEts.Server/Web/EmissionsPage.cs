// Emission reports in the browser: the reports a person may see (an entity its own, a verifier those
// assigned to it, regulators and the registry operator all — MrvAccess, as the API), the assigned
// verifier's form, and the regulator's assignment and finalize buttons. Forms post engine commands as
// the person; the MRV module's checks decide and a refusal is shown with its sentence.
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenEts.Core;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;
using OpenEts.Server.Api;
using OpenEts.Server.Http;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>GET /emissions and its form posts.</summary>
public static class EmissionsPage
{
    private static readonly Dictionary<string, string> Verbs = new(StringComparer.Ordinal)
    {
        ["verified"] = "verified",
        ["final"] = "made final",
        ["assigned"] = "assigned to a verifier",
    };

    /// <summary>Renders the reports the person may see, of one year or all.</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime m, int? year, string? done, string? report)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        var message = done is not null && Verbs.TryGetValue(done, out var verb) && report is not null ? $"Report {report} {verb}." : null;
        return await Render(http, m, viewer, year, null, message, 200);
    }

    /// <summary>POST /emissions/{facility}/{year}/verification: the assigned verifier's result (one adjustment at most from the form).</summary>
    public static async Task<IResult> Verify(HttpContext http, MarketRuntime m, string facilityId, int year, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        var reason = form["adjustment_reason"].ToString().Trim();
        var deltaText = form["adjustment_tco2e"].ToString().Trim();
        var adjustments = new List<VerificationAdjustment>();
        if (deltaText.Length > 0 || reason.Length > 0)
        {
            if (!long.TryParse(deltaText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var delta))
                return await Render(http, m, viewer, year, "The adjustment is a whole number of tonnes (negative to lower the total).", null, 422);
            adjustments.Add(new VerificationAdjustment(reason, delta));
        }
        return await Submit(http, m, viewer, year, new RecordVerification(facilityId, year, adjustments, form["statement"].ToString()), "verified", facilityId);
    }

    /// <summary>POST /emissions/{facility}/{year}/final: the regulator makes a verified report final.</summary>
    public static async Task<IResult> Finalize(HttpContext http, MarketRuntime m, string facilityId, int year, IFormCollection form)
    {
        _ = form; // bound so the antiforgery token is checked
        var viewer = await ViewerAsync(http, m);
        return viewer.LoggedIn ? await Submit(http, m, viewer, year, new FinalizeReport(facilityId, year), "final", facilityId) : ToLogin(http);
    }

    /// <summary>POST /emissions/{facility}/{year}/verifier: the regulator assigns a verifier.</summary>
    public static async Task<IResult> Assign(HttpContext http, MarketRuntime m, string facilityId, int year, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        return viewer.LoggedIn
            ? await Submit(http, m, viewer, year, new AssignVerifier(facilityId, year, form["verifier_id"].ToString()), "assigned", facilityId)
            : ToLogin(http);
    }

    private static async Task<IResult> Submit(HttpContext http, MarketRuntime m, Viewer viewer, int year, Command command, string verb, string facilityId)
    {
        var outcome = await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, command, http.RequestAborted);
        if (outcome.Rejection is { } r)
            return await Render(http, m, viewer, year, r.Message, null, MrvApi.StatusOf(r.Code));
        var id = Uri.EscapeDataString($"{facilityId}/{year}");
        return Results.Redirect($"/emissions?year={year}&done={verb}&report={id}");
    }

    private static async Task<IResult> Render(HttpContext http, MarketRuntime m, Viewer viewer, int? year, string? error, string? done, int status)
    {
        var name = viewer.Name!;
        var (reports, verifiers) = await m.Engine.QueryAsync(w =>
        {
            var list = MrvAccess.VisibleReportViews(w, name, year);
            var r = w.Get<RegistryState>();
            var v = r.RoleOf(name) == Role.Regulator
                ? r.Roles.Where(x => x.Value == Role.Verifier).Select(x => x.Key).Order(StringComparer.Ordinal).ToList()
                : [];
            return (list, v);
        }, http.RequestAborted);
        var anti = Antiforgery(http);
        var sb = new StringBuilder("<h1>Emission reports</h1>");
        sb.Append(Message(error, done));
        sb.Append(viewer.Role switch
        {
            Role.Regulator => "<p>Every facility's annual reports. Assign a verifier to a submitted report; make a verified report final.</p>",
            Role.Verifier => "<p>The reports assigned to you. Record your verification of each report under verification.</p>",
            Role.CoveredEntity => "<p>The annual reports of your facilities.</p>",
            Role.RegistryOperator => "<p>Every facility's annual reports (read only).</p>",
            _ => "<p>No reports are shared with your role.</p>",
        });
        sb.Append("<form method=\"get\" action=\"/emissions\" class=\"inline\"><label for=\"year\">Year</label><input id=\"year\" name=\"year\" inputmode=\"numeric\" pattern=\"[0-9]{4}\" value=\"")
            .Append(year?.ToString(CultureInfo.InvariantCulture) ?? "").Append("\"><button type=\"submit\">Show</button></form>");
        sb.Append("<div class=\"scroll\"><table id=\"reports\"><caption>Annual reports you can see (t CO2e)</caption><tr><th scope=\"col\">Facility</th><th scope=\"col\">Entity</th><th scope=\"col\">Year</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"n\">Reported</th><th scope=\"col\" class=\"n\">Verified</th><th scope=\"col\">Verifier</th><th scope=\"col\">Submitted</th><th scope=\"col\">Action</th></tr>");
        foreach (var r in reports)
        {
            var key = $"{r.FacilityId}-{r.Year}";
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.FacilityId)}</td><td>{E(r.EntityId)}</td><td>{r.Year}</td><td>{E(r.Status.Replace('_', ' '))}</td><td class=\"n\">{N(r.ReportedTco2e)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{(r.VerifiedTco2e is { } v ? N(v) : "—")}</td><td>{E(r.VerifierId ?? "—")}</td><td>{r.SubmittedOn:yyyy-MM-dd}{(r.Late ? " (late)" : "")} v{r.Version}</td><td>");
            var action = $"/emissions/{Uri.EscapeDataString(r.FacilityId)}/{r.Year}";
            if (viewer.Role == Role.Verifier && r.Status == "under_verification" && r.VerifierId == name)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(action)}/verification\">{anti}");
                sb.Append(CultureInfo.InvariantCulture, $"<label for=\"adj-reason-{E(key)}\">Adjustment reason ({E(r.FacilityId)} {r.Year})</label><input id=\"adj-reason-{E(key)}\" name=\"adjustment_reason\" maxlength=\"200\">");
                sb.Append(CultureInfo.InvariantCulture, $"<label for=\"adj-t-{E(key)}\">Adjustment, t CO2e ({E(r.FacilityId)} {r.Year})</label><input id=\"adj-t-{E(key)}\" name=\"adjustment_tco2e\" inputmode=\"numeric\" pattern=\"-?[0-9]{{1,18}}\">");
                sb.Append(CultureInfo.InvariantCulture, $"<label for=\"statement-{E(key)}\">Verification statement ({E(r.FacilityId)} {r.Year})</label><textarea id=\"statement-{E(key)}\" name=\"statement\" required maxlength=\"1000\" rows=\"2\"></textarea>");
                sb.Append(CultureInfo.InvariantCulture, $"<div><button type=\"submit\" aria-label=\"Record verification of {E(r.FacilityId)} {r.Year}\">Record verification</button></div></form>");
            }
            else if (viewer.Role == Role.Regulator && r.Status == "verified")
            {
                sb.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"{E(action)}/final\">{anti}<button type=\"submit\" aria-label=\"Make {E(r.FacilityId)} {r.Year} final\">Make final</button></form>");
            }
            else if (viewer.Role == Role.Regulator && r.Status == "submitted" && verifiers.Count > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"{E(action)}/verifier\">{anti}<label class=\"sr\" for=\"verifier-{E(key)}\">Verifier for {E(r.FacilityId)} {r.Year}</label><select id=\"verifier-{E(key)}\" name=\"verifier_id\">");
                foreach (var who in verifiers)
                    sb.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(who)}\">{E(who)}</option>");
                sb.Append(CultureInfo.InvariantCulture, $"</select><button type=\"submit\" aria-label=\"Assign a verifier to {E(r.FacilityId)} {r.Year}\">Assign</button></form>");
            }
            sb.Append("</td></tr>");
        }
        if (reports.Count == 0)
            sb.Append("<tr><td colspan=\"9\">No reports.</td></tr>");
        sb.Append("</table></div>");
        // Not live: a refresh would wipe a form being typed.
        return Html(http, viewer, "Emission reports", sb.ToString(), status);
    }
}
