// The public voluntary registry (CCER) in the browser, without a login: projects, issuances and
// retirements matching a search, read from the same public view as GET /api/ccer/*, with a link to the
// published credit list as CSV for the same search.
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenEts.Registry;
using OpenEts.Voluntary;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.PublicRegistry;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>GET /voluntary.</summary>
public static class VoluntaryPage
{
    /// <summary>Longest search text.</summary>
    public const int MaxQueryChars = 100;

    /// <summary>Rows shown per table.</summary>
    public const int MaxRows = 200;

    /// <summary>Renders the registry search.</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime m, string? q)
    {
        var viewer = await ViewerAsync(http, m);
        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (text is { Length: > MaxQueryChars })
            return Html(http, viewer, "Voluntary registry", $"<h1>Voluntary registry (CCER)</h1><p class=\"error\" role=\"alert\">A search is at most {MaxQueryChars} characters.</p>", 400);
        var search = new RegistrySearch(text);
        var (projects, issuances, retirements, names) = await m.Engine.QueryAsync(w =>
        {
            var v = w.Get<VoluntaryState>();
            var r = w.Get<RegistryState>();
            var uses = PublicRegistryView.Uses(v, r, search).Where(u => u.Kind == CreditUseKind.Retirement).ToList();
            var ids = PublicRegistryView.Issuances(v, search).Select(i => i.ProjectId).Concat(uses.Select(u => u.ProjectId)).ToHashSet(StringComparer.Ordinal);
            var projectNames = v.Projects.Values.Where(p => ids.Contains(p.Id)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
            return (PublicRegistryView.Projects(v, r, search), PublicRegistryView.Issuances(v, search), uses, projectNames);
        }, http.RequestAborted);
        var csv = "/api/ccer/credits.csv" + (text is null ? "" : "?search=" + Uri.EscapeDataString(text));
        var sb = new StringBuilder("<h1>Voluntary registry (CCER)</h1>");
        sb.Append("<p>Projects, issued credits and retirements, open to everyone.</p>");
        sb.Append("<form method=\"get\" action=\"/voluntary\" role=\"search\"><label for=\"q\">Search projects, owners, beneficiaries</label>");
        sb.Append(CultureInfo.InvariantCulture, $"<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"{MaxQueryChars}\" value=\"{E(text)}\"><div><button type=\"submit\">Search</button></div></form>");
        sb.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(csv)}\" download>Download the credit list (CSV, the published registry's columns{(text is null ? "" : " for this search")})</a></p>");

        sb.Append("<div class=\"scroll\"><table id=\"projects\"><caption>Projects</caption><tr><th scope=\"col\">Project</th><th scope=\"col\">Name</th><th scope=\"col\">Methodology</th><th scope=\"col\">Province</th><th scope=\"col\">Status</th><th scope=\"col\">Crediting period</th><th scope=\"col\" class=\"n\">Issued t</th><th scope=\"col\" class=\"n\">Retired t</th></tr>");
        foreach (var p in projects.Take(MaxRows))
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.ProjectId)}</td><td>{E(p.Name)}</td><td>{E(p.Methodology)}</td><td>{E(p.Province)}</td><td>{E(p.Status)}</td><td>{p.CreditingStart:yyyy-MM-dd} – {p.CreditingEnd:yyyy-MM-dd}</td><td class=\"n\">{N(p.IssuedT)}</td><td class=\"n\">{N(p.RetiredT)}</td></tr>");
        Empty(sb, projects.Count, 8);

        sb.Append("<div class=\"scroll\"><table id=\"issuances\"><caption>Issuances</caption><tr><th scope=\"col\">Issuance</th><th scope=\"col\">Project</th><th scope=\"col\">Vintage</th><th scope=\"col\" class=\"n\">Quantity t</th><th scope=\"col\">Serials</th><th scope=\"col\">Issued on</th></tr>");
        foreach (var i in issuances.Take(MaxRows))
        {
            var serials = i.OwnerRange is { } o ? Serial(i.ProjectId, i.Vintage, o) : "—";
            if (i.BufferRange is { } b)
                serials += "; buffer " + Serial(i.ProjectId, i.Vintage, b);
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(i.IssuanceId)}</td><td>{E(i.ProjectId)} {E(names.GetValueOrDefault(i.ProjectId))}</td><td>{i.Vintage}</td><td class=\"n\">{N(i.QuantityT)}</td><td><code>{E(serials)}</code></td><td>{i.IssuedOn:yyyy-MM-dd}</td></tr>");
        }
        Empty(sb, issuances.Count, 6);

        sb.Append("<div class=\"scroll\"><table id=\"retirements\"><caption>Retirements</caption><tr><th scope=\"col\">Record</th><th scope=\"col\">Project</th><th scope=\"col\">Vintage</th><th scope=\"col\" class=\"n\">Quantity t</th><th scope=\"col\">Serials</th><th scope=\"col\">Beneficiary</th><th scope=\"col\">Purpose</th><th scope=\"col\">On</th></tr>");
        foreach (var u in retirements.Take(MaxRows))
        {
            var serials = string.Join("; ", u.Ranges.Select(r => Serial(u.ProjectId, u.Vintage, r)));
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(u.UseId)}</td><td>{E(u.ProjectId)} {E(names.GetValueOrDefault(u.ProjectId))}</td><td>{u.Vintage}</td><td class=\"n\">{N(u.QuantityT)}</td><td><code>{E(serials)}</code></td><td>{E(u.Beneficiary)}</td><td>{E(u.Purpose)}</td><td>{u.On:yyyy-MM-dd}</td></tr>");
        }
        Empty(sb, retirements.Count, 8);
        return Html(http, viewer, "Voluntary registry", sb.ToString());
    }

    // The published serial format: CCER-<project>-<vintage>-<first>-<last>.
    private static string Serial(string project, int vintage, SerialRange r) => $"CCER-{project}-{vintage}-{r.Start}-{r.End}";

    private static void Empty(StringBuilder sb, int count, int columns)
    {
        if (count == 0)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{columns}\">None found.</td></tr>");
        else if (count > MaxRows)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{columns}\">{N(count - MaxRows)} more; narrow the search or download the CSV.</td></tr>");
        sb.Append("</table></div>");
    }
}
