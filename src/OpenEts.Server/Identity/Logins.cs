// A password login checked once for the API and the web pages: constant work for unknown names,
// lockout after repeated failures (journaled through the identity module).
using OpenEts.Registry;

namespace OpenEts.Server.Identity;

/// <summary>The result of a login attempt: the person's role, or the status, code and sentence of the refusal (and when to retry, for 429).</summary>
public sealed record LoginAttempt(bool Succeeded, Role? Role, int Status = 200, string Code = "", string Detail = "", int RetryAfterSeconds = 0)
{
    /// <summary>The stamp of the password that logged in (<see cref="PasswordHashing.Stamp"/>), for the session it opens.</summary>
    public string? PasswordStamp { get; init; }

    /// <summary>The password is right but was set by someone else: it opens no session, it only lets the person choose a new one.</summary>
    public bool MustChangePassword { get; init; }
}

/// <summary>Checks logins.</summary>
public static class Logins
{
    /// <summary>
    /// Checks <paramref name="name"/> and <paramref name="password"/>, recording the failure or the success with the client's address;
    /// first counts the attempt against the address's limit (429 too_many_logins, nothing checked or journaled).
    /// </summary>
    public static async Task<LoginAttempt> CheckAsync(MarketRuntime market, LoginRateLimit limit, string name, string password, string? clientAddress, CancellationToken cancellationToken)
    {
        var (allowed, retryAfter) = limit.TryAttempt(clientAddress);
        if (!allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            return new(false, null, 429, "too_many_logins",
                $"More than {limit.Limits.Attempts} logins from your address within {limit.Limits.Window.TotalSeconds:0} seconds; try again in {seconds} seconds.", seconds);
        }
        var wrong = new LoginAttempt(false, null, 401, "login_failed", "The name or password is wrong.");
        if (!RegistryChecks.ValidId(name) || password.Length > PasswordHashing.MaxLength)
            return wrong;
        var now = market.Clock.GetUtcNow();
        var user = await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users.GetValueOrDefault(name) is { } u
            ? (u.PasswordHash, u.LockedUntil, u.MustChangePassword) : ((string PasswordHash, DateTimeOffset? LockedUntil, bool MustChange)?)null, cancellationToken);
        if (user is not { } found)
        {
            PasswordHashing.Waste(password);
            return wrong;
        }
        if (found.LockedUntil is { } until && until > now)
            return new(false, null, 423, "login_locked", $"Too many failed logins; try again after {until:yyyy-MM-dd HH:mm} UTC or ask a regulator to reset the password.");
        if (!PasswordHashing.Verify(password, found.PasswordHash))
        {
            var failed = await market.SubmitAsync(MarketRuntime.NewId(), IdentityModule.LoginActor, new RecordLoginFailure(name, Trim(clientAddress)));
            return failed.Events.OfType<LoginFailed>().Any(e => e.LockedUntil is not null)
                ? new(false, null, 423, "login_locked", $"Too many failed logins; the account is locked for {IdentityModule.LockoutTime.TotalMinutes:0} minutes.")
                : wrong;
        }
        await market.SubmitAsync(MarketRuntime.NewId(), IdentityModule.LoginActor, new RecordLoginSuccess(name, Trim(clientAddress)));
        var role = await market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf(name), cancellationToken);
        return new(true, role) { PasswordStamp = PasswordHashing.Stamp(found.PasswordHash), MustChangePassword = found.MustChange };
    }

    /// <summary>Tells a client refused for too many logins when to try again (the Retry-After header), if it was.</summary>
    public static void AddRetryAfter(Microsoft.AspNetCore.Http.HttpResponse response, LoginAttempt attempt)
    {
        if (attempt.RetryAfterSeconds > 0)
            response.Headers.RetryAfter = attempt.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The refusal of a session to a person whose password someone else set.</summary>
    public static string ChangeRequired(string name) =>
        $"The password of '{name}' was set by someone else: choose a new one before logging in (PUT /api/users/{name}/password with it as current_password, no session needed, or the form at /password).";

    private static string? Trim(string? address) => address is { Length: > 64 } ? address[..64] : address;
}
