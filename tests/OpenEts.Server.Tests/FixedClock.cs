// A server clock that stands still at one moment: trading hours or a working day, whatever the hour the tests run.
namespace OpenEts.Server.Tests;

/// <summary>Always the same time.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>Monday 19 July 2021, 14:00 market time: listing (afternoon) and block trading are open.</summary>
    public static readonly DateTimeOffset TradingAfternoon = new(2021, 7, 19, 14, 0, 0, TimeSpan.FromHours(8));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
