// The price limits of a day: a percentage either side of the previous close, on the tick grid.
namespace OpenEts.Exchange;

/// <summary>Inclusive limit prices in fen. A price p is allowed when <see cref="LowFen"/> ≤ p ≤ <see cref="HighFen"/>.</summary>
public readonly record struct PriceBand(long LowFen, long HighFen)
{
    /// <summary>True when <paramref name="priceFen"/> is within the band.</summary>
    public bool Contains(long priceFen) => priceFen >= LowFen && priceFen <= HighFen;

    /// <summary>Number of tick steps the band spans, ends included.</summary>
    public long Ticks(long tickFen) => (HighFen - LowFen) / tickFen + 1;

    /// <summary>
    /// The band of ±<paramref name="percent"/>% around <paramref name="previousCloseFen"/>, rounded to the tick.
    /// Exact integer arithmetic: the raw limit is close × (100 ± percent) / 100 fen.
    /// </summary>
    public static PriceBand Around(long previousCloseFen, int percent, long tickFen, BandRounding rounding)
    {
        Invariant(previousCloseFen > 0 && percent is >= 0 and < 100 && tickFen > 0);
        // Work in hundredths of a fen so the division is exact.
        var upperRaw = checked(previousCloseFen * (100 + percent));
        var lowerRaw = checked(previousCloseFen * (100 - percent));
        var tickRaw = tickFen * 100;
        long high, low;
        if (rounding == BandRounding.Inward)
        {
            high = upperRaw / tickRaw * tickRaw;
            low = (lowerRaw + tickRaw - 1) / tickRaw * tickRaw;
        }
        else
        {
            high = (upperRaw + tickRaw / 2) / tickRaw * tickRaw;
            low = (lowerRaw + tickRaw / 2) / tickRaw * tickRaw;
        }
        return new PriceBand(Math.Max(low / 100, tickFen), high / 100);
    }

    private static void Invariant(bool ok)
    {
        if (!ok)
            throw new ArgumentException("A band needs a positive close, a percentage below 100 and a positive tick.");
    }
}
