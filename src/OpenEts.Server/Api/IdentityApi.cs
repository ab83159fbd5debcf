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

/// <summary>A new person with a role and a password; from a browser session the regulator's own current password too.</summary>
public sealed record NewUserRequest(string Name, Role Role, string Password, string? CurrentPassword = null);

/// <summary>
/// A new API key for an identity (the caller's own when omitted); a regulator may give a role to a new identity. From a
/// browser session the caller's current password comes too.
/// </summary>
public sealed record NewKeyRequest(string? Identity = null, Role? Role = null, string? CurrentPassword = null);

/// <summary>A new API key: shown once, stored only as a hash; its key id names it (to list or revoke it) and is no secret.</summary>
public sealed record NewKey(string Identity, string Key, string KeyId);

/// <summary>A password reset waiting for a second regulator: approve it at POST /api/proposals/{proposal_id}/approve.</summary>
public sealed record ResetProposed(string ProposalId, string Status);

/// <summary>A new password: one's own with the current one, or (a regulator) another person's.</summary>
public sealed record PasswordChangeRequest(string Password, string? CurrentPassword = null);

/// <summary>Maps login, session, user and key endpoints.</summary>
public static class IdentityApi
{
    /// <summary>Adds the public login endpoint under <paramref name="open"/> and the rest under <paramref name="api"/>.</summary>
    public static void MapIdentityApi(this RouteGroupBuilder open, RouteGroupBuilder api)
    {
        open.MapPost("/session", Login).WithTags("Identity").WithName("Login");
        // Open as well: a person whose password someone else set has no session, and changes it with the current one.
        open.MapPut("/users/{name}/password", ChangePassword).WithTags("Identity").WithName("SetPassword");
        var g = api.MapGroup("").WithTags("Identity");
        g.MapGet("/session", WhoAmIAsync).WithName("WhoAmI");
        g.MapDelete("/session", (Delegate)Logout).WithName("Logout");
        g.MapPost("/users", AddUser).WithName("AddUser");
        g.MapPost("/keys", AddKey).WithName("AddApiKey");
        g.MapGet("/keys", ListKeys).WithName("ListApiKeys");
        g.MapDelete("/keys/{keyId}", RevokeKey).WithName("RevokeApiKey");
    }

    /// <summary>
    /// The refusal of credentials a regulator asks for over HTTP with four-eyes on, for a regulator or for an identity that
    /// exists already: one regulator making another, or holding another's key or password, could approve its own proposals or
    /// act as that identity alone. Such credentials are given on the server's host; an identity gets its own further keys.
    /// </summary>
    private static IResult CredentialsOnHost(string identity) =>
        Problems.Of(403, "four_eyes_required",
            $"Credentials for '{identity}' are not given by another person over HTTP while four-eyes approval is on: a regulator making a regulator, or holding the key or password of an identity that already exists, could approve its own proposals or act as that identity alone. They are given on the server's host while the server is stopped (openets user add NAME --role ROLE, openets user key NAME); an identity asks for its own further keys at POST /api/keys.");

    /// <summary>The registry role of <paramref name="identity"/>, if it has one.</summary>
    private static Task<Role?> RoleOfAsync(HttpContext http, MarketRuntime market, string identity) =>
        market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf(identity), http.RequestAborted);

    /// <summary>
    /// From a browser session, the problem unless <paramref name="password"/> is the caller's (see
    /// <see cref="ConfirmPasswordAsync"/>): what it makes outlives the session, so a stolen cookie alone must not make it.
    /// Null for a caller with an API key.
    /// </summary>
    private static Task<IResult?> ConfirmFromSessionAsync(HttpContext http, MarketRuntime market, LoginRateLimit limit, string actor, string? password, string what) =>
        Auth.BySession(http.User) ? ConfirmPasswordAsync(http, market, limit, actor, password, what) : Task.FromResult<IResult?>(null);

    /// <summary>
    /// Null when <paramref name="password"/> is <paramref name="name"/>'s password, checked as a login is (rate limit,
    /// lockout, journaled); else the problem: missing 422, wrong 403 <c>wrong_password</c> (a failed login), locked 423.
    /// </summary>
    private static async Task<IResult?> ConfirmPasswordAsync(HttpContext http, MarketRuntime market, LoginRateLimit limit, string name, string? password, string what)
    {
        if (string.IsNullOrEmpty(password))
            return Problems.Of(422, "current_password_required", $"{what} needs your current password too, as current_password.");
        var attempt = await Logins.CheckAsync(market, limit, name, password, Commands.ClientAddress(http), http.RequestAborted);
        if (attempt.Succeeded)
            return null;
        Logins.AddRetryAfter(http.Response, attempt);
        return attempt.Code == "login_failed"
            ? Problems.Of(403, "wrong_password", "The current password is wrong; nothing was changed.")
            : Problems.Of(attempt.Status, attempt.Code, attempt.Detail);
    }

    /// <summary>
    /// With four-eyes on, a regulator's reset of another person's password is a proposal (identity.set_password, the hash of
    /// the new password): it runs when a different regulator approves it, so no one regulator alone takes over a login.
    /// </summary>
    private static async Task<IResult> ProposeResetAsync(HttpContext http, MarketRuntime market, string name, string password)
    {
        if (!await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users.ContainsKey(name), http.RequestAborted))
            return Problems.Rejected(new Rejection("unknown_user", $"No user '{name}'."));
        var proposal = new Approvals.ProposeAction(new SetPassword(name, PasswordHashing.Hash(password)), $"password reset for {name}", Commands.ClientAddress(http));
        var outcome = await market.SubmitAsync(MarketRuntime.NewId(), Commands.Actor(http.User), proposal, http.RequestAborted);
        if (outcome.Rejection is { } r)
            return Problems.Rejected(r, outcome.Seq);
        var id = outcome.Events.OfType<Approvals.ProposalMade>().Single().ProposalId;
        return Results.Json(new ResetProposed(id, "pending"), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> Login(HttpContext http, MarketRuntime market, LoginRateLimit limit, LoginRequest request)
    {
        var attempt = await Logins.CheckAsync(market, limit, request.Name, request.Password, Commands.ClientAddress(http), http.RequestAborted);
        if (!attempt.Succeeded)
        {
            Logins.AddRetryAfter(http.Response, attempt);
            return Problems.Of(attempt.Status, attempt.Code, attempt.Detail);
        }
        if (attempt.MustChangePassword)
        {
            // Whoever was signed in with this cookie is no longer: what follows is the reset person's, not theirs.
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Problems.Of(403, "password_change_required", Logins.ChangeRequired(request.Name));
        }
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Auth.SessionPrincipal(request.Name, attempt.PasswordStamp!));
        return Results.Ok(new WhoAmI(request.Name, attempt.Role));
    }

    private static async Task<IResult> WhoAmIAsync(HttpContext http, MarketRuntime market)
    {
        var name = Commands.Actor(http.User);
        return Results.Ok(new WhoAmI(name, await RoleOfAsync(http, market, name)));
    }

    private static async Task<IResult> Logout(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.NoContent();
    }

    private static async Task<IResult> AddUser(HttpContext http, MarketRuntime market, ServerOptions options, LoginRateLimit limit, NewUserRequest request)
    {
        var actor = Commands.Actor(http.User);
        if (await RoleOfAsync(http, market, actor) != Role.Regulator)
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not add users (regulators only)."));
        if (await ConfirmFromSessionAsync(http, market, limit, actor, request.CurrentPassword, "Adding a user from a browser session") is { } unconfirmed)
            return unconfirmed;
        if (options.FourEyes && (request.Role == Role.Regulator || await RoleOfAsync(http, market, request.Name) is not null))
            return CredentialsOnHost(request.Name);
        // The regulator chose this password, so the identity module makes it temporary: the person's first login is 403
        // password_change_required until they choose their own. Only a regulator giving itself a password (four-eyes off,
        // from an API key) chooses its own.
        var rejection = await market.AddUserAsync(request.Name, request.Role, request.Password, actor);
        return rejection is null ? Results.Ok(new WhoAmI(request.Name, request.Role)) : Problems.Rejected(rejection);
    }

    private static async Task<IResult> AddKey(HttpContext http, MarketRuntime market, ServerOptions options, LoginRateLimit limit, NewKeyRequest request)
    {
        var actor = Commands.Actor(http.User);
        var identity = request.Identity ?? actor;
        if (!RegistryChecks.ValidId(identity))
            return Problems.Of(422, "invalid_id", $"'{identity}' is not a valid identity.");
        // A key outlives the session that made it (a logout, a password change).
        if (await ConfirmFromSessionAsync(http, market, limit, actor, request.CurrentPassword, "A key made from a browser session") is { } unconfirmed)
            return unconfirmed;
        // A key for oneself is always one's own; a regulator onboards a new identity of another role, but takes no key of an
        // identity that exists already (it could act as it) and makes no regulator (it could approve its own proposals).
        if (options.FourEyes && identity != actor
            && (request.Role == Role.Regulator || await RoleOfAsync(http, market, identity) is not null))
            return CredentialsOnHost(identity);
        var (key, rejection) = await market.AddApiKeyAsync(identity, request.Role, actor);
        return rejection is null ? Results.Ok(new NewKey(identity, key!, ApiKeys.KeyIdOf(key!)!)) : Problems.Rejected(rejection);
    }

    /// <summary>The caller's keys, or (a regulator) those of <paramref name="identity"/>: key ids and whether revoked, never a hash.</summary>
    private static async Task<IResult> ListKeys(HttpContext http, MarketRuntime market, string? identity)
    {
        var actor = Commands.Actor(http.User);
        identity ??= actor;
        if (identity != actor && await RoleOfAsync(http, market, actor) != Role.Regulator)
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not list another identity's keys (regulators only)."));
        return Results.Ok(await market.ApiKeysAsync(identity, http.RequestAborted));
    }

    /// <summary>
    /// Revokes a key (one's own, or a regulator anyone's): the next request that sends it is 401. What is not a key id (a
    /// whole key pasted in its place, say) never reaches the engine, so it is not journaled either.
    /// </summary>
    private static Task<IResult> RevokeKey(HttpContext http, MarketRuntime market, string keyId) =>
        ApiKeys.IsKeyId(keyId)
            ? Commands.Run(http, market, new RevokeApiKey(keyId))
            : Task.FromResult(Problems.Of(422, "invalid_id", "A key id is the 12 lowercase hex digits after 'oets_' in the key, not the key itself."));

    /// <summary>
    /// Sets a person's password. One's own needs the current one, checked as a login is (rate limit, lockout, journaled). A
    /// regulator sets another's (from a browser session with its own password too): with four-eyes off at once; with it on
    /// by a proposal a different regulator approves, and never a regulator's (the host does that: openets user password
    /// NAME). Every session of the person then ends. Without a session or key the caller is the person named, proven by the
    /// current password alone, as at a login: so a person whose password someone else set, who gets no session, replaces it.
    /// </summary>
    private static async Task<IResult> ChangePassword(HttpContext http, MarketRuntime market, ServerOptions options, LoginRateLimit limit,
        string name, PasswordChangeRequest request)
    {
        var authenticated = http.User.Identity is { IsAuthenticated: true };
        // A key that does not authenticate is refused as anywhere else, not taken for no key at all.
        if (!authenticated && http.Request.Headers.Authorization.Count > 0)
            return Problems.Of(401, "not_authenticated", "The API key is not valid (revoked, or never issued); send a valid one, or none with your current password.");
        // So is a session that has ended: its holder is not taken for the person named in the path.
        if (!authenticated && http.Request.Cookies.ContainsKey(Auth.SessionCookie))
        {
            http.Response.Cookies.Delete(Auth.SessionCookie);
            return Problems.Of(401, "not_authenticated", "Your session has ended (its cookie is cleared); log in again, or send no session with your current password.");
        }
        var actor = authenticated ? Commands.Actor(http.User) : name;
        var own = name == actor;
        if (!own && await RoleOfAsync(http, market, actor) != Role.Regulator)
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not set another person's password (regulators only)."));
        if (PasswordHashing.Weakness(request.Password) is { } weak)
            return Problems.Of(422, "weak_password", weak);
        if (own)
        {
            // Without a session, who exists is not told: an unknown name fails as a wrong password does, as at a login.
            if (authenticated && !await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users.ContainsKey(name), http.RequestAborted))
                return Problems.Rejected(new Rejection("unknown_user", $"'{name}' has no password to change: it signs in with API keys only."));
            if (request.Password == request.CurrentPassword)
                return Problems.Of(422, "same_password", "The new password is the current one; choose another.");
            if (await ConfirmPasswordAsync(http, market, limit, name, request.CurrentPassword, "Changing your own password") is { } unconfirmed)
                return unconfirmed;
        }
        else
        {
            if (await ConfirmFromSessionAsync(http, market, limit, actor, request.CurrentPassword, "Setting another person's password from a browser session") is { } unconfirmed)
                return unconfirmed;
            if (options.FourEyes)
            {
                // A regulator holding another regulator's password could approve its own proposals as it: not even by proposal.
                if (await RoleOfAsync(http, market, name) == Role.Regulator)
                    return CredentialsOnHost(name);
                return await ProposeResetAsync(http, market, name, request.Password);
            }
        }
        // Every session of the person ends at its next request: it no longer carries the stamp of the person's password.
        return await market.SetPasswordAsync(name, request.Password, actor) is { } rejection ? Problems.Rejected(rejection) : Results.NoContent();
    }
}
