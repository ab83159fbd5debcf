// The daily bulletin lines and CSV exports of market data, as the exchange publishes them.
using System.Globalization;
using System.Text;
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>Formats published market data: the daily bulletin, trades CSV, daily statistics CSV.</summary>
public static class Bulletin
{
    /// <summary>
    /// The bulletin lines of a day: open, high, low, close, change; listing volume and value; block volume
    /// and value; cumulative volume and value (the shape of the exchange's own daily report).
    /// </summary>
    public static IReadOnlyList<string> Lines(DailyStatistics day, Cumulative cumulative)
    {
        var pct = day.ChangeBasisPoints;
        var sign = pct >= 0 ? "+" : "-";
        return
        [
            $"{day.Instrument} {day.TradingDay:yyyy-MM-dd}",
            $"open {Price(day.OpenFen)}, high {Price(day.HighFen)}, low {Price(day.LowFen)}, close {Yuan(day.CloseFen)}, change {Signed(day.ChangeFen)} ({sign}{Math.Abs(pct) / 100}.{Math.Abs(pct) % 100:00}%)",
            $"listing volume {day.ListingVolumeT.ToString("N0", CultureInfo.InvariantCulture)} t, value {Yuan(day.ListingValueFen)} yuan",
            $"block volume {day.BlockVolumeT.ToString("N0", CultureInfo.InvariantCulture)} t, value {Yuan(day.BlockValueFen)} yuan",
            $"cumulative volume {cumulative.VolumeT.ToString("N0", CultureInfo.InvariantCulture)} t, value {Yuan(cumulative.ValueFen)} yuan",
        ];
    }

    /// <summary>The trades as CSV: sequence, time, kind, instrument, orders, accounts, price (yuan), quantity, value, fees.</summary>
    public static string TradesCsv(IEnumerable<Trade> trades)
    {
        var sb = new StringBuilder("sequence,time,kind,instrument,buy_order,sell_order,buyer,seller,price,quantity_t,value,buyer_fee,seller_fee\n");
        foreach (var t in trades)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{t.Sequence},{t.Time:yyyy-MM-ddTHH:mm:ss.fffzzz},{t.Kind.ToString().ToLowerInvariant()},{Csv(t.Instrument)},{Csv(t.BuyOrder)},{Csv(t.SellOrder)},{Csv(t.Buyer)},{Csv(t.Seller)},")
              .Append(CultureInfo.InvariantCulture, $"{new Fen(t.PriceFen).ToYuanString()},{t.QuantityT},{new Fen(t.ValueFen).ToYuanString()},{new Fen(t.BuyerFeeFen).ToYuanString()},{new Fen(t.SellerFeeFen).ToYuanString()}\n");
        }
        return sb.ToString();
    }

    /// <summary>Daily statistics as CSV, one row per day and instrument, with the cumulative totals after each row.</summary>
    public static string DailyCsv(IEnumerable<DailyStatistics> days, Cumulative start = default)
    {
        var sb = new StringBuilder("date,instrument,open,high,low,close,previous_close,listing_volume_t,listing_value,block_volume_t,block_value,auction_volume_t,auction_value,cumulative_volume_t,cumulative_value\n");
        var c = start;
        foreach (var d in days)
        {
            c = c.Add(d);
            sb.Append(CultureInfo.InvariantCulture, $"{d.TradingDay:yyyy-MM-dd},{Csv(d.Instrument)},{Price(d.OpenFen)},{Price(d.HighFen)},{Price(d.LowFen)},{Yuan(d.CloseFen)},{Yuan(d.PreviousCloseFen)},")
              .Append(CultureInfo.InvariantCulture, $"{d.ListingVolumeT},{Yuan(d.ListingValueFen)},{d.BlockVolumeT},{Yuan(d.BlockValueFen)},{d.AuctionVolumeT},{Yuan(d.AuctionValueFen)},{c.VolumeT},{Yuan(c.ValueFen)}\n");
        }
        return sb.ToString();
    }

    private static string Yuan(long fen) => new Fen(fen).ToYuanString();

    private static string Price(long? fen) => fen is null ? "-" : Yuan(fen.Value);

    private static string Signed(long fen) => (fen >= 0 ? "+" : "") + Yuan(fen);

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
