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
        if (attempt.MustChangePassword)
        {
            // Whoever was signed in on this browser is no longer: the form that follows is this person's alone.
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());  // the form's token is for no one signed in
            return ChangeForm(http, new Viewer(null, null), back, null, "Your password was set by someone else: choose a new one to log in.", name, 200);
        }
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Auth.SessionPrincipal(name, attempt.PasswordStamp!));
        return Results.Redirect(back, permanent: false, preserveMethod: false);
    }

    /// <summary>GET /password: the form to change one's password (a logged-in person's own, or anyone's with its current password).</summary>
    public static async Task<IResult> ShowChange(HttpContext http, MarketRuntime market, string? @return)
    {
        var viewer = await ViewerAsync(http, market);
        return ChangeForm(http, viewer, LocalOnly(@return), null, null, viewer.Name ?? "", 200);
    }

    /// <summary>
    /// POST /password: checks the current password as a login does (rate limit, lockout, journaled), sets the new one as the
    /// person's own (which ends every other session and lifts a change someone else required), and logs in with it.
    /// </summary>
    public static async Task<IResult> SubmitChange(HttpContext http, MarketRuntime market, LoginRateLimit limit, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, market);
        var name = viewer.Name ?? form["name"].ToString();
        var back = LocalOnly(form["return"].ToString());
        var current = form["current"].ToString();
        var next = form["password"].ToString();
        IResult Again(string error, int status) => ChangeForm(http, viewer, back, error, null, name, status);
        if (next != form["repeat"].ToString())
            return Again("The two new passwords differ.", 422);
        if (PasswordHashing.Weakness(next) is { } weak)
            return Again(weak, 422);
        if (next == current)
            return Again("The new password is the current one; choose another.", 422);
        var attempt = await Logins.CheckAsync(market, limit, name, current, Commands.ClientAddress(http), http.RequestAborted);
        if (!attempt.Succeeded)
        {
            Logins.AddRetryAfter(http.Response, attempt);
            return Again(attempt.Code == "login_failed" ? "The name or current password is wrong; nothing was changed." : attempt.Detail, attempt.Status);
        }
        if (await market.SetPasswordAsync(name, next, actor: name) is { } rejection)
            return Again(rejection.Message, 422);
        var hash = await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users[name].PasswordHash, http.RequestAborted);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Auth.SessionPrincipal(name, PasswordHashing.Stamp(hash)));
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

    private static IResult ChangeForm(HttpContext http, Viewer viewer, string back, string? error, string? note, string name, int status) =>
        Html(http, viewer, "Change password", $"""
            <h1>Change password</h1>
            {Message(error, note)}
            {(viewer.LoggedIn ? $"<p>This changes the password of <b>{E(viewer.Name)}</b>, who is signed in here; to change another person's, log out first.</p>" : "")}
            <form method="post" action="/password">
            {Antiforgery(http)}<input type="hidden" name="return" value="{E(back)}">
            <label for="name">Name</label><input id="name" name="name" autocomplete="username" required maxlength="64" value="{E(name)}"{(viewer.LoggedIn ? " readonly" : "")}>
            <label for="current">Current password</label><input id="current" name="current" type="password" autocomplete="current-password" required maxlength="1024">
            <label for="password">New password</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="{PasswordHashing.MinLength}" maxlength="{PasswordHashing.MaxLength}">
            <label for="repeat">New password again</label><input id="repeat" name="repeat" type="password" autocomplete="new-password" required minlength="{PasswordHashing.MinLength}" maxlength="{PasswordHashing.MaxLength}">
            <div><button type="submit">Change password</button></div>
            </form>
            """, status);

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
