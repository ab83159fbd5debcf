// Public endpoints: health, Prometheus metrics written by hand from counters, and a server-rendered
// dashboard of accounts, holdings and the journal head. Every text is HTML-encoded.
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Registry;

namespace OpenEts.Server.Api;

/// <summary>The health answer.</summary>
public sealed record Health(string Status, long JournalSeq);

/// <summary>Maps the public endpoints.</summary>
public static class PublicApi
{
    /// <summary>Adds /health, /metrics and the dashboard at /.</summary>
    public static void MapPublicApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (MarketRuntime m) => Results.Ok(new Health("ok", m.Engine.DurableSeq))).WithTags("Public").WithName("Health");
        app.MapGet("/metrics", Metrics).WithTags("Public").WithName("Metrics").ExcludeFromDescription();
        app.MapGet("/", Dashboard).WithTags("Public").WithName("Dashboard").ExcludeFromDescription();
    }

    private static IResult Metrics(MarketRuntime m)
    {
        var sb = new StringBuilder();
        void Counter(string name, string help, long value) =>
            sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
        Counter("openets_http_requests_total", "HTTP requests served.", m.Requests);
        Counter("openets_commands_total", "Commands submitted through the server.", m.Commands);
        Counter("openets_commands_rejected_total", "Commands the engine rejected.", m.Rejections);
        Counter("openets_journal_batches_total", "Journal batches committed by this process.", m.Engine.BatchesCommitted);
        sb.Append(CultureInfo.InvariantCulture, $"# HELP openets_journal_seq Last durable journal sequence number.\n# TYPE openets_journal_seq gauge\nopenets_journal_seq {m.Engine.DurableSeq}\n");
        return Results.Text(sb.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }

    private static async Task<IResult> Dashboard(HttpContext http, MarketRuntime m)
    {
        var (byKind, classes, retirements) = await m.Engine.QueryAsync(w =>
        {
            var s = w.Get<RegistryState>();
            var kinds = s.Accounts.Values.GroupBy(a => a.Kind).OrderBy(g => g.Key).Select(g => (g.Key.ToString(), g.Count())).ToList();
            var cls = s.Classes.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => (c.Id, c.Type.ToString(), c.Issued,
                s.Holdings.Count(h => h.Key.Class == c.Id && h.Value.Held > 0))).ToList();
            var ret = s.Retirements.TakeLast(10).Reverse().ToList();
            return (kinds, cls, ret);
        }, http.RequestAborted);
        var last = m.Engine.DurableSeq > 0 ? m.ReadJournal(m.Engine.DurableSeq - 1, 1) is [var head] ? head : null : null;
        var e = HtmlEncoder.Default;
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>OpenETS registry</title><style>body{font-family:sans-serif;margin:1rem;max-width:60rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}</style></head><body>");
        sb.Append("<h1>OpenETS registry</h1><h2>Accounts</h2><table><caption>Accounts by kind</caption><tr><th scope=\"col\">Kind</th><th scope=\"col\">Accounts</th></tr>");
        foreach (var (kind, count) in byKind)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Encode(kind)}</td><td>{count}</td></tr>");
        sb.Append("</table><h2>Unit classes</h2><table><caption>Units in existence (tonnes; cash in fen)</caption><tr><th scope=\"col\">Class</th><th scope=\"col\">Type</th><th scope=\"col\">Issued</th><th scope=\"col\">Holding accounts</th></tr>");
        foreach (var (id, type, issued, holders) in classes)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Encode(id)}</td><td>{e.Encode(type)}</td><td>{issued:N0}</td><td>{holders}</td></tr>");
        sb.Append("</table><h2>Latest retirements</h2><table><caption>Public retirement claims</caption><tr><th scope=\"col\">Account</th><th scope=\"col\">Class</th><th scope=\"col\">Tonnes</th><th scope=\"col\">Beneficiary</th><th scope=\"col\">Purpose</th></tr>");
        foreach (var r in retirements)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Encode(r.AccountId)}</td><td>{e.Encode(r.ClassId)}</td><td>{r.Quantity:N0}</td><td>{e.Encode(r.Beneficiary)}</td><td>{e.Encode(r.Purpose)}</td></tr>");
        sb.Append("</table><h2>Journal head</h2>");
        if (last is null)
            sb.Append("<p>The journal is empty.</p>");
        else
            sb.Append(CultureInfo.InvariantCulture, $"<p>Entry {last.Seq}: {e.Encode(last.Kind)}, {(last.Accepted ? "accepted" : "rejected")}, at {DateTimeOffset.FromUnixTimeMilliseconds(last.TimeUnixMs):yyyy-MM-dd HH:mm:ss} UTC; chain hash <code>{Convert.ToHexStringLower(last.Hash)}</code>.</p>");
        sb.Append("</body></html>");
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        return Results.Content(sb.ToString(), "text/html; charset=utf-8");
    }
}
