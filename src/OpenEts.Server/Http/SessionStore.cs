// Sessions kept on the server: the cookie carries only a random key, and the login it stands for lives here, so logging out
// ends the session for good (a copy of the cookie taken before then no longer works). Sessions live in memory: a restart
// ends them all, and people log in again.
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace OpenEts.Server.Http;

/// <summary>Login sessions by key, each until it expires or is signed out.</summary>
/// <param name="clock">Where the time that expires sessions comes from.</param>
public sealed class SessionStore(TimeProvider clock) : ITicketStore
{
    /// <summary>Most sessions held at once; the oldest to expire goes first beyond it.</summary>
    public const int MaxSessions = 100_000;

    /// <summary>Logins between two sweeps of expired sessions.</summary>
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, AuthenticationTicket> _sessions = new(StringComparer.Ordinal);
    private long _stored;

    /// <summary>Sessions held now (expired ones included until they are next swept).</summary>
    public int Count => _sessions.Count;

    /// <inheritdoc />
    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        Sweep();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _sessions[key] = ticket;
        return Task.FromResult(key);
    }

    /// <inheritdoc />
    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        // A session signed out meanwhile stays signed out: only a live one is renewed, and only if it is still the one
        // read (a check and then a write would put back a session ended in between).
        if (_sessions.TryGetValue(key, out var live))
            _sessions.TryUpdate(key, ticket, live);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!_sessions.TryGetValue(key, out var ticket))
            return Task.FromResult<AuthenticationTicket?>(null);
        if (ticket.Properties.ExpiresUtc is { } expires && expires <= clock.GetUtcNow())
        {
            _sessions.TryRemove(key, out _);
            return Task.FromResult<AuthenticationTicket?>(null);
        }
        return Task.FromResult<AuthenticationTicket?>(ticket);
    }

    /// <inheritdoc />
    public Task RemoveAsync(string key)
    {
        _sessions.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    // Expired sessions go every so many logins; beyond the bound, those closest to expiring go too.
    private void Sweep()
    {
        if (Interlocked.Increment(ref _stored) % SweepEvery != 0 && _sessions.Count < MaxSessions)
            return;
        var now = clock.GetUtcNow();
        foreach (var (key, ticket) in _sessions)
        {
            if (ticket.Properties.ExpiresUtc is { } expires && expires <= now)
                _sessions.TryRemove(key, out _);
        }
        if (_sessions.Count < MaxSessions)
            return;
        foreach (var (key, _) in _sessions.OrderBy(s => s.Value.Properties.ExpiresUtc ?? DateTimeOffset.MinValue).Take(_sessions.Count - MaxSessions + 1))
            _sessions.TryRemove(key, out _);
    }
}
