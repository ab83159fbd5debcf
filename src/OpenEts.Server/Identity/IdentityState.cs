// The identity module's state: users (password hashes, failed logins, lockouts) and API keys (hashes).
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Server.Identity;

/// <summary>A person who logs in with a password.</summary>
public sealed class UserRecord
{
    /// <summary>The identity name (the actor of the person's commands).</summary>
    public required string Name { get; init; }

    /// <summary>The password hash (never the password).</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Failed logins since the last success.</summary>
    public int Failures { get; set; }

    /// <summary>Logins are refused before this time, after too many failures.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The password was set by someone else: no session opens until the person chooses a new one.</summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>A machine's API key: its public id, its identity, and the SHA-256 of the key.</summary>
public sealed record ApiKeyRecord(string KeyId, string Identity, string KeyHash);

/// <summary>What may be shown of an API key: its public id, its identity, and whether it was revoked (never its hash).</summary>
public sealed record ApiKeyInfo(string KeyId, string Identity, bool Revoked);

/// <summary>Users and API keys.</summary>
public sealed class IdentityState : IModuleState
{
    /// <summary>Users by name.</summary>
    public Dictionary<string, UserRecord> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>API keys by key id: the keys that authenticate.</summary>
    public Dictionary<string, ApiKeyRecord> ApiKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Revoked API keys by key id: they authenticate nothing, and their ids are not given again.</summary>
    public Dictionary<string, ApiKeyRecord> RevokedApiKeys { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        var snapshot = new Snapshot(
            Users.Values.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => new UserRow(u.Name, u.PasswordHash, u.Failures, u.LockedUntil) { MustChangePassword = u.MustChangePassword }).ToList(),
            ApiKeys.Values.OrderBy(k => k.KeyId, StringComparer.Ordinal).ToList())
        {
            // Written only when there are some: the state of a market without revocations hashes as it did before them.
            RevokedApiKeys = RevokedApiKeys.Count == 0 ? null : RevokedApiKeys.Values.OrderBy(k => k.KeyId, StringComparer.Ordinal).ToList(),
        };
        JsonSerializer.Serialize(writer, snapshot, options);
    }

    /// <inheritdoc />
    public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
    {
        var s = snapshot.Deserialize<Snapshot>(options) ?? throw new JsonException("Empty identity snapshot.");
        Users.Clear();
        ApiKeys.Clear();
        RevokedApiKeys.Clear();
        foreach (var k in s.RevokedApiKeys ?? [])
            RevokedApiKeys.Add(k.KeyId, k);
        foreach (var u in s.Users)
            Users.Add(u.Name, new UserRecord { Name = u.Name, PasswordHash = u.PasswordHash, Failures = u.Failures, LockedUntil = u.LockedUntil, MustChangePassword = u.MustChangePassword });
        foreach (var k in s.ApiKeys)
            ApiKeys.Add(k.KeyId, k);
    }

    private sealed record UserRow(string Name, string PasswordHash, int Failures, DateTimeOffset? LockedUntil)
    {
        /// <summary>Written only when true: the state of a market where no one must change a password hashes as before.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
        public bool MustChangePassword { get; init; }
    }

    private sealed record Snapshot(List<UserRow> Users, List<ApiKeyRecord> ApiKeys)
    {
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public List<ApiKeyRecord>? RevokedApiKeys { get; init; }
    }
}
