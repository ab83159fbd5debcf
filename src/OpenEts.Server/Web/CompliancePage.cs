// Compliance in the browser: each entity's standing in a year (allocation, verified emissions, obligation,
// surrendered, shortfall, status) and the market's compliance rate by entities and by tonnes — the same view
// and visibility as GET /api/compliance/{year}, with the year's plan per sector — plus the regulator's cycle steps as
// forms (the open step also adds an industrial sector's plan to a year already open).
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Server.Api;
using OpenEts.Server.Http;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>GET /compliance and POST /compliance/steps.</summary>
public static class CompliancePage
{
    /// <summary>Renders a year (default: the latest open one).</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime m, int? year, string? done)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        var message = done is not null && AllocationApi.Steps.Contains(done) ? $"Step '{done}' done." : null;
        return await Render(http, m, viewer, year, null, message, 200);
    }

    /// <summary>POST /compliance/steps: a regulator runs a cycle step (open, obligations, surrenders, close).</summary>
    public static async Task<IResult> Step(HttpContext http, MarketRuntime m, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        if (!int.TryParse(form["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            return await Render(http, m, viewer, null, "The year is a number such as 2024.", null, 422);
        var step = form["step"].ToString();
        Rejection? rejection;
        switch (step)
        {
            case "obligations" or "surrenders":
                if (viewer.Role != Role.Regulator)
                {
                    rejection = new Rejection("not_authorized", "Only regulators run compliance steps.");
                    break;
                }
                (_, rejection, _) = await AllocationApi.RunScriptAsync(m, viewer.Name!, year, step, http.RequestAborted);
                break;
            case "open":
                rejection = (await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, new OpenComplianceYear(year, form["plan_id"].ToString()), http.RequestAborted)).Rejection;
                break;
            case "close":
                if (!long.TryParse(form["reference_price_fen"], NumberStyles.None, CultureInfo.InvariantCulture, out var price))
                    return await Render(http, m, viewer, year, "The reference price is a whole number of fen per tonne.", null, 422);
                rejection = (await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, new CloseComplianceYear(year, price), http.RequestAborted)).Rejection;
                break;
            default:
                return await Render(http, m, viewer, year, $"The step is one of {string.Join(", ", AllocationApi.Steps)}.", null, 422);
        }
        return rejection is { } r
            ? await Render(http, m, viewer, year, r.Message, null, Problems.StatusOf(r.Code))
            : Results.Redirect($"/compliance?year={year}&done={step}");
    }

    private static async Task<IResult> Render(HttpContext http, MarketRuntime m, Viewer viewer, int? year, string? error, string? done, int status)
    {
        var name = viewer.Name!;
        var (allowed, view, years) = await m.Engine.QueryAsync(w =>
        {
            var open = w.Get<CycleState>().Years;
            var y = year ?? (open.Count > 0 ? open.Keys.Max() : 0);
            var (ok, v) = AllocationApi.YearFor(w, name, y);
            return (ok, v, open.Keys.ToList());
        }, http.RequestAborted);
        if (!allowed)
            return Forbidden(http, viewer, "Compliance status is for regulators, the registry operator and covered entities.");
        var sb = new StringBuilder("<h1>Compliance</h1>").Append(Message(error, done));
        sb.Append("<form method=\"get\" action=\"/compliance\" class=\"inline\"><label for=\"year\">Year</label><select id=\"year\" name=\"year\">");
        foreach (var y in years.OrderDescending())
            sb.Append(CultureInfo.InvariantCulture, $"<option value=\"{y}\"{(y == view?.Year ? " selected" : "")}>{y}</option>");
        sb.Append("</select><button type=\"submit\">Show</button></form>");
        if (view is null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p role=\"status\">{(year is { } asked ? $"The compliance year {asked} is not open." : "No compliance year is open yet.")}</p>");
        }
        else
        {
            var r = view.Rates;
            sb.Append(CultureInfo.InvariantCulture, $"<h2>{view.Year}: plan {E(view.PlanId)}, deadline {view.Deadline:yyyy-MM-dd}, {(view.Closed ? "closed" : "open")}</h2>");
            if (view.Plans is { } byPlan)
            {
                sb.Append("<div class=\"scroll\"><table id=\"year-plans\"><caption>Plans of the year, one per sector</caption><tr><th scope=\"col\">Sector</th><th scope=\"col\">Plan</th></tr>");
                foreach (var (sector, plan) in byPlan.OrderBy(p => p.Key, StringComparer.Ordinal))
                    sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(sector)}</td><td>{E(plan)}</td></tr>");
                sb.Append("</table></div>");
            }
            sb.Append("<div class=\"figures\" id=\"rates\">");
            sb.Append(CultureInfo.InvariantCulture, $"<div>Compliance rate by entities<b>{Percent(r.RateByEntities)}</b>{r.CompliantEntities} of {r.Entities} entities</div>");
            sb.Append(CultureInfo.InvariantCulture, $"<div>Compliance rate by tonnes<b>{Percent(r.RateByTonnes)}</b>{N(r.SurrenderedT)} of {N(r.ObligationT)} t</div>");
            sb.Append("</div>");
            if (!view.Closed)
                sb.Append("<p>While the year is open, an entity counts as compliant once it has surrendered its whole obligation.</p>");
            sb.Append("<div class=\"scroll\"><table id=\"entities\"><caption>Entities (tonnes; penalties in yuan)</caption><tr><th scope=\"col\">Entity</th><th scope=\"col\">Sector</th><th scope=\"col\">Province</th><th scope=\"col\" class=\"n\">Allocation</th><th scope=\"col\" class=\"n\">Verified emissions</th><th scope=\"col\" class=\"n\">Obligation</th><th scope=\"col\" class=\"n\">Allowances surrendered</th><th scope=\"col\" class=\"n\">CCER surrendered</th><th scope=\"col\" class=\"n\">Shortfall</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"n\">Penalty</th></tr>");
            foreach (var e in view.Entities)
            {
                var penalty = e.PenaltyMaxFen > 0 ? $"{Yuan(e.PenaltyMinFen)}–{Yuan(e.PenaltyMaxFen)}" : "—";
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(e.Entity)}</td><td>{E(e.Sector)}</td><td>{E(e.Province)}</td><td class=\"n\">{N(e.AllocationT)}</td><td class=\"n\">{(e.VerifiedT is { } v ? N(v) : "—")}</td>");
                sb.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{N(e.ObligationT)}</td><td class=\"n\">{N(e.AllowancesSurrenderedT)}</td><td class=\"n\">{N(e.CcerSurrenderedT)}</td><td class=\"n\">{N(Math.Max(0, e.ShortfallT))}</td><td>{E(e.Status.Replace('_', ' '))}</td><td class=\"n\">{penalty}</td></tr>");
            }
            if (view.Entities.Count == 0)
                sb.Append("<tr><td colspan=\"11\">No entity of yours in this year.</td></tr>");
            sb.Append("</table></div>");
        }
        if (viewer.Role == Role.Regulator)
            sb.Append(Steps(http, view?.Year ?? year));
        return Html(http, viewer, "Compliance", sb.ToString(), status);
    }

    private static string Steps(HttpContext http, int? year)
    {
        var anti = Antiforgery(http);
        var y = year?.ToString(CultureInfo.InvariantCulture) ?? "";
        var sb = new StringBuilder("<h2>Cycle steps</h2><p>Each step runs engine commands as you; a step already done does nothing again.</p>");
        string Form(string step, string label, string fields) =>
            $"<form method=\"post\" action=\"/compliance/steps\">{anti}<input type=\"hidden\" name=\"step\" value=\"{step}\"><label for=\"{step}-year\">Year<span class=\"sr\"> ({label})</span></label><input id=\"{step}-year\" name=\"year\" inputmode=\"numeric\" pattern=\"[0-9]{{4}}\" required value=\"{E(y)}\">{fields}<div><button type=\"submit\">{label}</button></div></form>";
        // The power plan that covers the year comes first chosen; an industrial plan adds its sector to a year already open.
        var power = string.Concat(Rulebooks.PowerPlans().Select(p =>
            $"<option value=\"{E(p.Id)}\"{(year is { } v && p.Years.Contains(v) ? " selected" : "")}>{E(p.Id)}</option>"));
        var sectors = string.Concat(Rulebooks.SectorPlans().Select(p => $"<option value=\"{E(p.Id)}\">{E(p.Id)} ({E(p.Sector)})</option>"));
        sb.Append(Form("open", "Open the year or add a sector's plan",
            $"<label for=\"open-plan\">Plan</label><select id=\"open-plan\" name=\"plan_id\"><optgroup label=\"Power\">{power}</optgroup><optgroup label=\"Industrial sectors\">{sectors}</optgroup></select>"));
        sb.Append(Form("obligations", "Set obligations from final verified emissions", ""));
        sb.Append(Form("surrenders", "Surrender from holdings", ""));
        sb.Append(Form("close", "Close the year", "<label for=\"close-price\">Reference price (fen per tonne)</label><input id=\"close-price\" name=\"reference_price_fen\" inputmode=\"numeric\" pattern=\"[0-9]{1,12}\" required>"));
        return sb.ToString();
    }

    private static string Percent(decimal share) => (share * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Yuan(long fen) => (fen / 100m).ToString("N2", CultureInfo.InvariantCulture);
}
