// Logins, sessions, users and API keys over HTTP. Passwords are checked here (PBKDF2); failures are
// journaled through the identity module, which locks a person out after five in a row.
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Server.Http;
using OpenEts.Server.Identity;

namespace OpenEts.Server.Api;

/// <summary>A login.</summary>
public sealed record LoginRequest(string Name, string Password);

/// <summary>Who is calling.</summary>
public sealed record WhoAmI(string Name, Role? Role);

/// <summary>A new person with a role and a password.</summary>
public sealed record NewUserRequest(string Name, Role Role, string Password);

/// <summary>A new API key for an identity (the caller's own when omitted); a regulator may give a role to a new identity.</summary>
public sealed record NewKeyRequest(string? Identity = null, Role? Role = null);

/// <summary>A new API key: shown once, stored only as a hash.</summary>
public sealed record NewKey(string Identity, string Key);

/// <summary>Maps login, session, user and key endpoints.</summary>
public static class IdentityApi
{
    /// <summary>Adds the public login endpoint under <paramref name="open"/> and the rest under <paramref name="api"/>.</summary>
    public static void MapIdentityApi(this RouteGroupBuilder open, RouteGroupBuilder api)
    {
        open.MapPost("/session", Login).WithTags("Identity").WithName("Login");
        var g = api.MapGroup("").WithTags("Identity");
        g.MapGet("/session", WhoAmIAsync).WithName("WhoAmI");
        g.MapDelete("/session", (Delegate)Logout).WithName("Logout");
        g.MapPost("/users", AddUser).WithName("AddUser");
        g.MapPost("/keys", AddKey).WithName("AddApiKey");
    }

    /// <summary>
    /// The refusal of credentials a regulator asks for over HTTP with four-eyes on, for a regulator or for an identity that
    /// exists already: one regulator making another, or holding another's key or password, could approve its own proposals or
    /// act as that identity alone. Such credentials are given on the server's host; an identity gets its own further keys.
    /// </summary>
    private static IResult CredentialsOnHost(string identity) =>
        Problems.Of(403, "four_eyes_required",
            $"Credentials for '{identity}' are not given by another person over HTTP while four-eyes approval is on: a regulator making a regulator, or holding the key or password of an identity that already exists, could approve its own proposals or act as that identity alone. They are given on the server's host (openets user add NAME --role ROLE, openets user key NAME); an identity asks for its own further keys at POST /api/keys.");

    private static async Task<IResult> Login(HttpContext http, MarketRuntime market, LoginRateLimit limit, LoginRequest request)
    {
        var attempt = await Logins.CheckAsync(market, limit, request.Name, request.Password, Commands.ClientAddress(http), http.RequestAborted);
        if (!attempt.Succeeded)
        {
            if (attempt.RetryAfterSeconds > 0)
                http.Response.Headers.RetryAfter = attempt.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Of(attempt.Status, attempt.Code, attempt.Detail);
        }
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Auth.Principal(request.Name, CookieAuthenticationDefaults.AuthenticationScheme));
        return Results.Ok(new WhoAmI(request.Name, attempt.Role));
    }

    private static async Task<IResult> WhoAmIAsync(HttpContext http, MarketRuntime market)
    {
        var name = Commands.Actor(http.User);
        var role = await market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf(name), http.RequestAborted);
        return Results.Ok(new WhoAmI(name, role));
    }

    private static async Task<IResult> Logout(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.NoContent();
    }

    private static async Task<IResult> AddUser(HttpContext http, MarketRuntime market, ServerOptions options, NewUserRequest request)
    {
        var actor = Commands.Actor(http.User);
        var role = await market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf(actor), http.RequestAborted);
        if (role != Role.Regulator)
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not add users (regulators only)."));
        if (options.FourEyes && (request.Role == Role.Regulator
            || await market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf(request.Name), http.RequestAborted) is not null))
            return CredentialsOnHost(request.Name);
        var rejection = await market.AddUserAsync(request.Name, request.Role, request.Password, actor);
        return rejection is null ? Results.Ok(new WhoAmI(request.Name, request.Role)) : Problems.Rejected(rejection);
    }

    private static async Task<IResult> AddKey(HttpContext http, MarketRuntime market, ServerOptions options, NewKeyRequest request)
    {
        var actor = Commands.Actor(http.User);
        var identity = request.Identity ?? actor;
        if (!RegistryChecks.ValidId(identity))
            return Problems.Of(422, "invalid_id", $"'{identity}' is not a valid identity.");
        // A key for oneself is always one's own; a regulator onboards a new identity of another role, but takes no key of an
        // identity that exists already (it could act as it) and makes no regulator (it could approve its own proposals).
        if (options.FourEyes && identity != actor
            && (request.Role == Role.Regulator || await market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf(identity), http.RequestAborted) is not null))
            return CredentialsOnHost(identity);
        var (key, rejection) = await market.AddApiKeyAsync(identity, request.Role, actor);
        return rejection is null ? Results.Ok(new NewKey(identity, key!)) : Problems.Rejected(rejection);
    }
}
