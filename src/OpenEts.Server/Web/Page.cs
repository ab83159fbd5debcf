// The frame of every web page: head, navigation by role, styles that fit a phone, the live-update
// script, and a strict content security policy. Every text that comes from data is HTML-encoded.
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenEts.Registry;

namespace OpenEts.Server.Web;

/// <summary>Who is looking at a page.</summary>
public sealed record Viewer(string? Name, Role? Role)
{
    /// <summary>True for a logged-in person.</summary>
    public bool LoggedIn => Name is not null;
}

/// <summary>Builds pages.</summary>
public static class Page
{
    private const string Styles =
        "*{box-sizing:border-box}body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;line-height:1.45}" +
        "header{background:#0b3d2e;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}" +
        "header a,header button{color:#fff}header strong{font-size:1.1rem}nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}" +
        "main{padding:1rem;max-width:64rem;margin:0 auto}.scroll{overflow-x:auto}table{border-collapse:collapse;min-width:100%;margin:.5rem 0 1rem}" +
        "td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}" +
        "caption{text-align:left;font-weight:600;padding:.25rem 0}label{display:block;margin:.6rem 0 .2rem;font-weight:600}" +
        "input,select,button,textarea{font:inherit;padding:.45rem;max-width:100%}input,select,textarea{width:22rem;border:1px solid #767676}" +
        "button{background:#0b5d43;color:#fff;border:0;border-radius:.25rem;cursor:pointer;margin-top:.5rem}button.secondary{background:#8a1f11}" +
        "form.inline{display:inline-flex;flex-wrap:wrap;gap:.25rem;align-items:end;margin:0}form.inline input{width:12rem}" +
        ".error{border-left:.3rem solid #b00020;background:#fdecea;padding:.5rem .75rem}.ok{border-left:.3rem solid #0b5d43;background:#e8f5ee;padding:.5rem .75rem}" +
        ".figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:1rem 0}.figures div{border:1px solid #ccc;padding:.5rem}" +
        ".figures b{display:block;font-size:1.3rem}svg{max-width:100%;height:auto}code{word-break:break-all}" +
        ":focus-visible{outline:3px solid #f4b400;outline-offset:2px}.sr{position:absolute;left:-9999px}" +
        "@media (max-width:40rem){input,select,textarea{width:100%}header{padding:.5rem}main{padding:.5rem}}";

    /// <summary>The person looking at the page (a cookie or key, when present).</summary>
    public static async Task<Viewer> ViewerAsync(HttpContext http, MarketRuntime market)
    {
        if (http.User.Identity is not { IsAuthenticated: true, Name: { } name })
            return new Viewer(null, null);
        var role = await market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf(name), http.RequestAborted);
        return new Viewer(name, role);
    }

    /// <summary>Encodes text for HTML content and attribute values.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>A whole number with thousands separators (invariant culture).</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A time in UTC, to the second.</summary>
    public static string T(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The hidden form field that proves a form came from this site.</summary>
    public static string Antiforgery(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>A page with the site's frame. <paramref name="liveSeq"/> turns on live updates (the page refreshes its main part when the journal moves past it).</summary>
    public static IResult Html(HttpContext http, Viewer viewer, string title, string body, int status = 200, long? liveSeq = null)
    {
        var sb = new StringBuilder(4096 + body.Length);
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(title)} · OpenETS</title><style>{Styles}</style>");
        if (liveSeq is not null)
            sb.Append("<script src=\"/ui/live.js\" defer></script>");
        sb.Append("</head><body><header><strong>OpenETS</strong><nav aria-label=\"Main\"><ul><li><a href=\"/\">Dashboard</a></li><li><a href=\"/market\">Market</a></li><li><a href=\"/auctions\">Auctions</a></li>");
        if (viewer.LoggedIn)
        {
            if (viewer.Role is Role.CoveredEntity or Role.Investor or Role.ProjectOwner)
                sb.Append("<li><a href=\"/trading\">Trading</a></li>");
            if (viewer.Role is Role.ExchangeOperator or Role.Regulator)
                sb.Append("<li><a href=\"/exchange-desk\">Exchange desk</a></li>");
            sb.Append("<li><a href=\"/registry\">Registry</a></li><li><a href=\"/emissions\">Emissions</a></li>");
            if (viewer.Role is Role.Regulator or Role.RegistryOperator or Role.CoveredEntity)
                sb.Append("<li><a href=\"/compliance\">Compliance</a></li>");
            if (viewer.Role == Role.Regulator)
                sb.Append("<li><a href=\"/console\">Regulator console</a></li>");
        }
        sb.Append("<li><a href=\"/voluntary\">Voluntary registry</a></li></ul></nav>");
        if (viewer.LoggedIn)
            sb.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"/logout\"><span>Signed in as <b>{E(viewer.Name)}</b> ({E(viewer.Role?.ToString() ?? "no role")})</span> <a href=\"/password\">Change password</a>{Antiforgery(http)}<button type=\"submit\">Log out</button></form>");
        else
            sb.Append("<a href=\"/login\">Log in</a>");
        sb.Append("</header>");
        sb.Append(liveSeq is { } seq ? $"<main id=\"main\" data-live=\"4000\" data-seq=\"{seq}\">" : "<main id=\"main\">");
        sb.Append(body).Append("</main></body></html>");
        http.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A page that says the visitor may not see it.</summary>
    public static IResult Forbidden(HttpContext http, Viewer viewer, string what) =>
        Html(http, viewer, "Not allowed", $"<h1>Not allowed</h1><p class=\"error\" role=\"alert\">{E(what)}</p>", 403);

    /// <summary>A message box: an error (role alert) or a confirmation (role status).</summary>
    public static string Message(string? error, string? done) =>
        error is not null ? $"<p class=\"error\" role=\"alert\">{E(error)}</p>"
        : done is not null ? $"<p class=\"ok\" role=\"status\">{E(done)}</p>" : "";

    /// <summary>
    /// A captioned table in a box that scrolls sideways, or the <paramref name="empty"/> sentence when there are no rows.
    /// A header ending in '#' is a numeric column (right-aligned); <paramref name="rows"/> are whole <c>tr</c> elements.
    /// </summary>
    public static string Table(string id, string caption, string[] headers, IReadOnlyList<string> rows, string empty)
    {
        if (rows.Count == 0)
            return $"<p id=\"{id}\">{E(empty)}</p>";
        var sb = new StringBuilder($"<div class=\"scroll\"><table id=\"{id}\"><caption>{E(caption)}</caption><tr>");
        foreach (var h in headers)
            sb.Append(h.EndsWith('#') ? $"<th scope=\"col\" class=\"n\">{E(h[..^1])}</th>" : $"<th scope=\"col\">{E(h)}</th>");
        sb.Append("</tr>");
        foreach (var row in rows)
            sb.Append(row);
        return sb.Append("</table></div>").ToString();
    }

    /// <summary>A redirect to the login page, returning here afterwards.</summary>
    public static IResult ToLogin(HttpContext http) =>
        Results.Redirect("/login?return=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
}
