// Password logins per client address: at most so many attempts in a sliding window, counted on the
// server's clock (a test or drill clock replays exactly). Beyond it, 429 too_many_logins, checked before
// any password work or journal entry. The limits are data (Rulebooks/logins.json) and a server option.
using System.Text.Json;

namespace OpenEts.Server.Identity;

/// <summary>The limits: attempts per window per client address, and how many addresses are tracked at most.</summary>
/// <param name="Attempts">Attempts allowed in one window.</param>
/// <param name="Window">The sliding window.</param>
/// <param name="MaxAddresses">Addresses tracked at once; when full, those with no attempt inside the window are forgotten.</param>
public sealed record LoginLimits(int Attempts, TimeSpan Window, int MaxAddresses)
{
    /// <summary>The server's default limits, from the embedded rulebook.</summary>
    public static LoginLimits Default { get; } = Load("logins.json");

    /// <summary>Loads an embedded rulebook file.</summary>
    public static LoginLimits Load(string name)
    {
        using var stream = typeof(LoginLimits).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The rulebook '{name}' is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        int Value(string field) => doc.RootElement.GetProperty(field).GetProperty("value").GetInt32();
        return new LoginLimits(Value("attempts_per_window"), TimeSpan.FromSeconds(Value("window_seconds")), Value("max_tracked_addresses"));
    }
}

/// <summary>Counts login attempts per client address.</summary>
public sealed class LoginRateLimit(LoginLimits limits, TimeProvider clock)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _attempts = new(StringComparer.Ordinal);
    private readonly System.Threading.Lock _lock = new();

    /// <summary>The limits in force.</summary>
    public LoginLimits Limits => limits;

    /// <summary>
    /// Counts an attempt from <paramref name="address"/> and says whether it may go on; when not, how long until
    /// the oldest attempt in the window leaves it. A refused attempt is not counted.
    /// </summary>
    public (bool Allowed, TimeSpan RetryAfter) TryAttempt(string? address)
    {
        var key = address ?? "";
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (!_attempts.TryGetValue(key, out var times))
            {
                if (_attempts.Count >= limits.MaxAddresses)
                    Forget(now);
                _attempts[key] = times = new Queue<DateTimeOffset>();
            }
            while (times.Count > 0 && times.Peek() <= now - limits.Window)
                times.Dequeue();
            if (times.Count >= limits.Attempts)
                return (false, times.Peek() + limits.Window - now);
            times.Enqueue(now);
            return (true, TimeSpan.Zero);
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (address, times) in _attempts.ToList())
        {
            if (times.Count == 0 || times.Last() <= now - limits.Window)
                _attempts.Remove(address);
        }
        // Still full: every tracked address is active; drop the one whose last attempt is oldest.
        if (_attempts.Count >= limits.MaxAddresses)
            _attempts.Remove(_attempts.MinBy(a => a.Value.Last()).Key);
    }
}
