// The identity module's commands and events: people with password hashes, machines with API key
// hashes, and failed logins (for lockout). Secrets never appear here, only their hashes.
using OpenEts.Core;

namespace OpenEts.Server.Identity;

/// <summary>
/// Adds a person who logs in with a password; <paramref name="PasswordHash"/> is a <see cref="PasswordHashing"/> string.
/// Added by anyone but the person (a regulator, the host), the password is temporary, as a reset one is: the person
/// chooses a new one before the first session.
/// </summary>
public sealed record AddUser(string Name, string PasswordHash) : Command
{
    /// <summary>
    /// True: temporary even when the actor is the person (the host adds as the setup regulator, whose name a person may
    /// have); written only when set, so the journals and hashes of commands from before it are unchanged.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? Temporary { get; init; }
}

/// <summary>
/// Replaces a person's password hash and clears a lockout. Set by anyone but the person (a regulator's reset, an approved
/// proposal, the host), the password is temporary: the person must choose a new one before logging in again.
/// </summary>
public sealed record SetPassword(string Name, string PasswordHash) : Command
{
    /// <summary>True: temporary even when the actor is the person (the host's reset); written only when set.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? Temporary { get; init; }
}

/// <summary>Adds an API key for an identity: its public id and the SHA-256 of the whole key, in hex.</summary>
public sealed record AddApiKey(string KeyId, string Identity, string KeyHash) : Command;

/// <summary>Revokes an API key: from then on it authenticates nothing, and its id is never given again.</summary>
public sealed record RevokeApiKey(string KeyId) : Command;

/// <summary>Records a failed password login (the server submits it), with the client's address for the audit trail.</summary>
public sealed record RecordLoginFailure(string Name, string? ClientAddress = null) : Command;

/// <summary>Records a successful login, clearing the failure count (the server submits it), with the client's address.</summary>
public sealed record RecordLoginSuccess(string Name, string? ClientAddress = null) : Command;

/// <summary>A person was added.</summary>
public sealed record UserAdded(string Name, string PasswordHash) : Event;

/// <summary>A person's password hash was replaced.</summary>
public sealed record PasswordSet(string Name, string PasswordHash) : Event;

/// <summary>
/// The password just set (or given to a person just added) was chosen by someone else (<paramref name="By"/>): the person
/// logs in again only after choosing a new one (with this one as the current password); their own change clears it.
/// </summary>
public sealed record PasswordChangeRequired(string Name, string By) : Event;

/// <summary>An API key was added.</summary>
public sealed record ApiKeyAdded(string KeyId, string Identity, string KeyHash) : Event;

/// <summary>An API key of <paramref name="Identity"/> was revoked.</summary>
public sealed record ApiKeyRevoked(string KeyId, string Identity) : Event;

/// <summary>A login failed; at the limit the person is locked out until <paramref name="LockedUntil"/>.</summary>
public sealed record LoginFailed(string Name, int Failures, DateTimeOffset? LockedUntil) : Event;

/// <summary>A login succeeded after failures: the count starts again.</summary>
public sealed record LoginFailuresCleared(string Name) : Event;
