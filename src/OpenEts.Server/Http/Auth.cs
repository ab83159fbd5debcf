// Authentication: machines send "Authorization: Bearer <API key>", people log in once and carry a
// session cookie (HttpOnly, SameSite=Strict) whose session the server keeps (SessionStore). Both end in a principal
// whose name is the actor.
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEts.Server.Identity;

namespace OpenEts.Server.Http;

/// <summary>Authentication schemes and their setup.</summary>
public static class Auth
{
    /// <summary>The API key scheme.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The scheme that picks API key or cookie by what the request carries.</summary>
    public const string Selector = "KeyOrCookie";

    /// <summary>Adds both schemes; unauthenticated and forbidden requests get problem details, never redirects.</summary>
    public static IServiceCollection AddOpenEtsAuth(this IServiceCollection services)
    {
        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, Selector, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? ApiKeyScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => Problems.WriteAsync(ctx.HttpContext, 401, "not_authenticated", "Log in or send an API key as a Bearer token.");
                o.Events.OnRedirectToAccessDenied = ctx => Problems.WriteAsync(ctx.HttpContext, 403, "not_authorized", "This identity may not do this.");
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        // The cookie carries a session key only; the login lives in the server's session store, so a logout ends it for good.
        services.TryAddSingleton(new SessionStore(TimeProvider.System));
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<SessionStore>((o, store) => o.SessionStore = store);
        services.AddAuthorization();
        return services;
    }

    /// <summary>The name of the browser session's cookie.</summary>
    public const string SessionCookie = "openets_session";

    /// <summary>A principal for an identity name.</summary>
    public static ClaimsPrincipal Principal(string name, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], scheme));

    /// <summary>The claim of a session that names the stamp of the password it logged in with.</summary>
    public const string PasswordStampClaim = "openets:password_stamp";

    /// <summary>A browser session's principal: the person, and the stamp of the password it logged in with.</summary>
    public static ClaimsPrincipal SessionPrincipal(string name, string passwordStamp) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(PasswordStampClaim, passwordStamp)], CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>True when the request came with a browser session (a cookie), not an API key.</summary>
    public static bool BySession(ClaimsPrincipal user) => user.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>
    /// A session lasts only while the person's password is the one it logged in with: once it is changed or reset, by
    /// whoever and however (a login that checked the old password just before, or a session renewed meanwhile, included),
    /// the session's next request is refused and the session is forgotten.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirst(PasswordStampClaim)?.Value;
        var market = context.HttpContext.RequestServices.GetRequiredService<MarketRuntime>();
        // A password someone else set opens no session, also one that began just before that reset with the same stamp.
        var current = name is null ? null : await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users.GetValueOrDefault(name) is { MustChangePassword: false } u
            ? u.PasswordHash : null, context.HttpContext.RequestAborted);
        if (stamp is not null && current is not null && PasswordHashing.Stamp(current) == stamp)
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}

/// <summary>Authenticates "Authorization: Bearer oets_..." against the stored key hashes.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, MarketRuntime market)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
            return AuthenticateResult.Fail("Not a bearer token.");
        var key = header["Bearer ".Length..].Trim();
        if (ApiKeys.KeyIdOf(key) is not { } keyId)
            return AuthenticateResult.Fail("Not an OpenETS API key.");
        var record = await market.Engine.QueryAsync(w => w.Get<IdentityState>().ApiKeys.GetValueOrDefault(keyId));
        if (record is null || !ApiKeys.Matches(key, record.KeyHash))
            return AuthenticateResult.Fail("Unknown API key.");
        return AuthenticateResult.Success(new AuthenticationTicket(Auth.Principal(record.Identity, Auth.ApiKeyScheme), Auth.ApiKeyScheme));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 401, "not_authenticated", "Log in or send a valid API key as a Bearer token.");

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 403, "not_authorized", "This identity may not do this.");
}
