// Identities as an engine module, so users and keys are journaled and survive restarts. Who may add
// them is decided by the registry's roles: regulators add people; anyone may add keys for themselves.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Server.Identity;

/// <summary>Registers the identity state, commands and events.</summary>
public sealed class IdentityModule : IModule
{
    /// <summary>Failed logins that lock a person out.</summary>
    public const int MaxFailures = 5;

    /// <summary>How long a lockout lasts.</summary>
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    /// <summary>The identity the server uses for login bookkeeping.</summary>
    public const string LoginActor = "login";

    /// <inheritdoc />
    public void Register(ModuleBuilder builder)
    {
        builder.State("identity", () => new IdentityState())
            .Command<AddUser>("identity.add_user", AddUser)
            .Command<SetPassword>("identity.set_password", SetPassword)
            .Command<AddApiKey>("identity.add_api_key", AddApiKey)
            .Command<RevokeApiKey>("identity.revoke_api_key", RevokeApiKey)
            .Command<RecordLoginFailure>("identity.record_login_failure", RecordLoginFailure)
            .Command<RecordLoginSuccess>("identity.record_login_success", RecordLoginSuccess)
            .Event<UserAdded>("identity.user_added", (w, e) => S(w).Users.Add(e.Name, new UserRecord { Name = e.Name, PasswordHash = e.PasswordHash }))
            .Event<PasswordSet>("identity.password_set", (w, e) =>
            {
                var u = S(w).Users[e.Name];
                u.PasswordHash = e.PasswordHash;
                u.Failures = 0;
                u.LockedUntil = null;
                u.MustChangePassword = false;
            })
            .Event<PasswordChangeRequired>("identity.password_change_required", (w, e) => S(w).Users[e.Name].MustChangePassword = true)
            .Event<ApiKeyAdded>("identity.api_key_added", (w, e) => S(w).ApiKeys.Add(e.KeyId, new ApiKeyRecord(e.KeyId, e.Identity, e.KeyHash)))
            .Event<ApiKeyRevoked>("identity.api_key_revoked", (w, e) =>
            {
                var s = S(w);
                s.RevokedApiKeys.Add(e.KeyId, s.ApiKeys[e.KeyId]);
                s.ApiKeys.Remove(e.KeyId);
            })
            .Event<LoginFailed>("identity.login_failed", (w, e) =>
            {
                var u = S(w).Users[e.Name];
                u.Failures = e.Failures;
                u.LockedUntil = e.LockedUntil;
            })
            .Event<LoginFailuresCleared>("identity.login_failures_cleared", (w, e) =>
            {
                var u = S(w).Users[e.Name];
                u.Failures = 0;
                u.LockedUntil = null;
            });
    }

    private static IdentityState S(World w) => w.Get<IdentityState>();

    /// <summary>What an answer may show of an event: an identity event without its password or key hash, any other as it is.</summary>
    public static Event WithoutSecrets(Event e) => e switch
    {
        UserAdded u => u with { PasswordHash = Hidden },
        PasswordSet p => p with { PasswordHash = Hidden },
        ApiKeyAdded k => k with { KeyHash = Hidden },
        Approvals.ProposalMade p => p with { Action = WithoutSecrets(p.Action) },
        _ => e,
    };

    /// <summary>What a view may show of a command (a proposed password reset, say): an identity command without its hash.</summary>
    public static Command WithoutSecrets(Command c) => c switch
    {
        AddUser u => u with { PasswordHash = Hidden },
        SetPassword p => p with { PasswordHash = Hidden },
        AddApiKey k => k with { KeyHash = Hidden },
        _ => c,
    };

    /// <summary>True for a command or event kind of this module (what carries, or may carry, a password or key hash).</summary>
    public static bool IsIdentityKind(string kind) => kind.StartsWith("identity.", StringComparison.Ordinal);

    /// <summary>What is shown in place of a hash.</summary>
    public const string Hidden = "(hidden)";

    private static Rejection NotAuthorized(string actor, string what) => new("not_authorized", $"'{actor}' may not {what}.");

    private static Rejection? AddUser(DecisionContext ctx, AddUser c)
    {
        var s = S(ctx.World);
        var roles = ctx.World.Get<RegistryState>();
        if (roles.RoleOf(ctx.Actor) != Role.Regulator)
            return NotAuthorized(ctx.Actor, "add users (regulators only)");
        if (NameRefusal(ctx.World, c.Name) is { } refused)
            return refused;
        if (!PasswordHashing.IsWellFormed(c.PasswordHash))
            return new("invalid_password_hash", "The password hash is not in the server's PBKDF2 format.");
        ctx.Emit(new UserAdded(c.Name, c.PasswordHash));
        // A first password someone else chose is known to them, as a reset one is: the person replaces it before the first
        // session. The host marks its own so (it acts as the setup regulator, whose name the person added may be).
        if (ctx.Actor != c.Name || c.Temporary == true)
            ctx.Emit(new PasswordChangeRequired(c.Name, ctx.Actor));
        return null;
    }

    /// <summary>
    /// Why <paramref name="name"/> may not be a new user's name (its form, the server's own login identity, or a user that
    /// exists), or null: checked before anything else is done for the new person, so a refusal changes nothing.
    /// </summary>
    public static Rejection? NameRefusal(World world, string name) =>
        !RegistryChecks.ValidId(name) || name == LoginActor ? new("invalid_id", $"'{name}' is not a valid user name (1 to 64 letters, digits, '-', '_', '.', ':').")
        : S(world).Users.ContainsKey(name) ? new("user_exists", $"A user '{name}' already exists.")
        : null;

    private static Rejection? SetPassword(DecisionContext ctx, SetPassword c)
    {
        var s = S(ctx.World);
        if (ctx.Actor != c.Name && ctx.World.Get<RegistryState>().RoleOf(ctx.Actor) != Role.Regulator)
            return NotAuthorized(ctx.Actor, "set another person's password (regulators only)");
        if (!s.Users.ContainsKey(c.Name))
            return new("unknown_user", $"No user '{c.Name}'.");
        if (!PasswordHashing.IsWellFormed(c.PasswordHash))
            return new("invalid_password_hash", "The password hash is not in the server's PBKDF2 format.");
        ctx.Emit(new PasswordSet(c.Name, c.PasswordHash));
        // A password someone else chose is known to them: the person replaces it before logging in again. The host marks
        // its own resets so (it acts as the setup regulator, which may be the very person whose password it sets).
        if (ctx.Actor != c.Name || c.Temporary == true)
            ctx.Emit(new PasswordChangeRequired(c.Name, ctx.Actor));
        return null;
    }

    private static Rejection? AddApiKey(DecisionContext ctx, AddApiKey c)
    {
        var s = S(ctx.World);
        var roles = ctx.World.Get<RegistryState>();
        if (ctx.Actor != c.Identity && roles.RoleOf(ctx.Actor) != Role.Regulator)
            return NotAuthorized(ctx.Actor, "add API keys for another identity (regulators only)");
        if (!RegistryChecks.ValidId(c.Identity) || c.Identity == LoginActor || !ApiKeys.IsKeyId(c.KeyId))
            return new("invalid_id", "The identity or key id is not valid.");
        if (c.KeyHash.Length != 64 || !c.KeyHash.All(char.IsAsciiHexDigitLower))
            return new("invalid_key_hash", "The key hash is the SHA-256 of the key in lowercase hex.");
        if (roles.RoleOf(c.Identity) is null)
            return new("unknown_identity", $"'{c.Identity}' has no role in the registry.");
        if (s.ApiKeys.ContainsKey(c.KeyId) || s.RevokedApiKeys.ContainsKey(c.KeyId))
            return new("api_key_exists", $"A key '{c.KeyId}' already exists.");
        ctx.Emit(new ApiKeyAdded(c.KeyId, c.Identity, c.KeyHash));
        return null;
    }

    /// <summary>
    /// An identity revokes its own keys; a regulator revokes anyone's (revoking takes power away, so it needs no second
    /// regulator). To anyone else a key of another identity is as unknown as one that does not exist.
    /// </summary>
    private static Rejection? RevokeApiKey(DecisionContext ctx, RevokeApiKey c)
    {
        var s = S(ctx.World);
        if (!ApiKeys.IsKeyId(c.KeyId))
            return new("invalid_id", "A key id is the 12 lowercase hex digits after 'oets_' in the key.");
        var regulator = ctx.World.Get<RegistryState>().RoleOf(ctx.Actor) == Role.Regulator;
        if (s.RevokedApiKeys.TryGetValue(c.KeyId, out var revoked) && (regulator || revoked.Identity == ctx.Actor))
            return new("api_key_revoked", $"The key '{c.KeyId}' was revoked already.");
        if (!s.ApiKeys.TryGetValue(c.KeyId, out var key) || (!regulator && key.Identity != ctx.Actor))
            return new("unknown_api_key", $"'{ctx.Actor}' has no API key '{c.KeyId}'.");
        ctx.Emit(new ApiKeyRevoked(c.KeyId, key.Identity));
        return null;
    }

    private static Rejection? RecordLoginFailure(DecisionContext ctx, RecordLoginFailure c)
    {
        if (ctx.Actor != LoginActor)
            return NotAuthorized(ctx.Actor, "record logins (the server only)");
        if (!S(ctx.World).Users.TryGetValue(c.Name, out var user))
            return new("unknown_user", $"No user '{c.Name}'.");
        var failures = user.Failures + 1;
        DateTimeOffset? lockedUntil = failures >= MaxFailures ? ctx.Time + LockoutTime : null;
        ctx.Emit(new LoginFailed(c.Name, failures, lockedUntil));
        return null;
    }

    private static Rejection? RecordLoginSuccess(DecisionContext ctx, RecordLoginSuccess c)
    {
        if (ctx.Actor != LoginActor)
            return NotAuthorized(ctx.Actor, "record logins (the server only)");
        if (!S(ctx.World).Users.TryGetValue(c.Name, out var user))
            return new("unknown_user", $"No user '{c.Name}'.");
        if (user.Failures > 0 || user.LockedUntil is not null)
            ctx.Emit(new LoginFailuresCleared(c.Name));
        return null;
    }
}
