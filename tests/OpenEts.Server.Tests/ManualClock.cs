// A clock a test moves by hand: the server takes command times from it (the engine reads no clock),
// so expiries, deadlines and rate windows are reached without waiting.
namespace OpenEts.Server.Tests;

/// <summary>A settable clock.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly System.Threading.Lock _lock = new();
    private DateTimeOffset _now = start.ToUniversalTime();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _now;
    }

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_lock)
            _now += by;
    }
}
