// The figures a regulator publishes for one instrument and day: open, high, low, close, volumes, values.
namespace OpenEts.Exchange;

/// <summary>
/// One instrument's day. Open, high, low and the official close come from the listing trades (and block
/// trades too when the rulebook counts them for the close); volumes and values are split by how trades were made.
/// </summary>
public sealed record DailyStatistics(
    string Instrument,
    DateOnly TradingDay,
    long PreviousCloseFen,
    long? OpenFen,
    long? HighFen,
    long? LowFen,
    long CloseFen,
    long ListingVolumeT,
    long ListingValueFen,
    long BlockVolumeT,
    long BlockValueFen,
    long AuctionVolumeT,
    long AuctionValueFen)
{
    /// <summary>All trades' volume.</summary>
    public long VolumeT => ListingVolumeT + BlockVolumeT + AuctionVolumeT;

    /// <summary>All trades' value, fen.</summary>
    public long ValueFen => ListingValueFen + BlockValueFen + AuctionValueFen;

    /// <summary>Close minus previous close, fen.</summary>
    public long ChangeFen => CloseFen - PreviousCloseFen;

    /// <summary>Change in hundredths of a percent (673 = +6.73%), rounded half away from zero.</summary>
    public long ChangeBasisPoints => RoundedRatio(ChangeFen * 10_000, PreviousCloseFen);

    /// <summary>The day's figures from its trades (any order; trades of other instruments are ignored).</summary>
    public static DailyStatistics From(IEnumerable<Trade> trades, string instrument, DateOnly day, long previousCloseFen, bool closeIncludesBlockTrades)
    {
        long? open = null, high = null, low = null;
        long lv = 0, lval = 0, bv = 0, bval = 0, av = 0, aval = 0, closeVolume = 0, closeValue = 0;
        foreach (var t in trades.Where(t => t.Instrument == instrument).OrderBy(t => t.Sequence))
        {
            switch (t.Kind)
            {
                case TradeKind.Listing:
                    open ??= t.PriceFen;
                    high = Math.Max(high ?? t.PriceFen, t.PriceFen);
                    low = Math.Min(low ?? t.PriceFen, t.PriceFen);
                    lv += t.QuantityT;
                    lval += t.ValueFen;
                    closeVolume += t.QuantityT;
                    closeValue += t.ValueFen;
                    break;
                case TradeKind.Block:
                    bv += t.QuantityT;
                    bval += t.ValueFen;
                    if (closeIncludesBlockTrades)
                    {
                        closeVolume += t.QuantityT;
                        closeValue += t.ValueFen;
                    }
                    break;
                default:
                    av += t.QuantityT;
                    aval += t.ValueFen;
                    break;
            }
        }
        return new DailyStatistics(instrument, day, previousCloseFen, open, high, low,
            ClosingPrice(closeValue, closeVolume, previousCloseFen), lv, lval, bv, bval, av, aval);
    }

    /// <summary>
    /// The official close: the volume-weighted average price (value / volume, rounded half up to the fen),
    /// or the previous close when nothing traded.
    /// </summary>
    public static long ClosingPrice(long valueFen, long volumeT, long previousCloseFen) =>
        volumeT == 0 ? previousCloseFen : RoundedRatio(valueFen, volumeT);

    /// <summary>a / b rounded half away from zero (b positive).</summary>
    public static long RoundedRatio(long a, long b) => a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}
