// Logging in and out in the browser: a plain form, the same password check as the API, a session
// cookie, and a return only to a page of this site.
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using OpenEts.Server.Http;
using OpenEts.Server.Identity;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>The login and logout pages.</summary>
public static class LoginPages
{
    /// <summary>GET /login.</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime market, string? @return) =>
        Form(http, await ViewerAsync(http, market), LocalOnly(@return), error: null, name: "", status: 200);

    /// <summary>POST /login: signs in and goes back, or shows the form again with the reason.</summary>
    public static async Task<IResult> Submit(HttpContext http, MarketRuntime market, LoginRateLimit limit, IFormCollection form)
    {
        var name = form["name"].ToString();
        var back = LocalOnly(form["return"].ToString());
        var attempt = await Logins.CheckAsync(market, limit, name, form["password"].ToString(), Commands.ClientAddress(http), http.RequestAborted);
        if (!attempt.Succeeded)
        {
            Logins.AddRetryAfter(http.Response, attempt);
            return Form(http, new Viewer(null, null), back, attempt.Detail, name, attempt.Status);
        }
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Auth.SessionPrincipal(name, attempt.PasswordStamp!));
        return Results.Redirect(back, permanent: false, preserveMethod: false);
    }

    /// <summary>POST /logout.</summary>
    public static async Task<IResult> Logout(HttpContext http, IFormCollection form)
    {
        _ = form; // bound so the antiforgery token is checked
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/");
    }

    // Only paths on this site: "/x" but not "//host" or "/\host".
    private static string LocalOnly(string? path) =>
        path is { Length: > 0 } p && p[0] == '/' && (p.Length == 1 || (p[1] != '/' && p[1] != '\\')) ? p : "/";

    private static IResult Form(HttpContext http, Viewer viewer, string back, string? error, string name, int status) =>
        Html(http, viewer, "Log in", $"""
            <h1>Log in</h1>
            {Message(error, null)}
            <form method="post" action="/login">
            {Antiforgery(http)}<input type="hidden" name="return" value="{E(back)}">
            <label for="name">Name</label><input id="name" name="name" autocomplete="username" required maxlength="64" value="{E(name)}">
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
            <div><button type="submit">Log in</button></div>
            </form>
            """, status);
}
