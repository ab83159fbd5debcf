// A read model of the exchange rebuilt from the journal: each instrument's trading days (trades, volume,
// value, last price, official close) and the cumulative totals since the first trade. The market pages'
// daily chart and the dashboard's exchange figures are drawn from it.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Exchange;

namespace OpenEts.Server.Web;

/// <summary>One instrument's traded totals since the first trade.</summary>
public sealed record TradedTotals(string Instrument, long Trades, long VolumeT, long ValueFen, long? LastCloseFen);

/// <summary>Trading days and cumulative totals per instrument, from exchange events in the journal.</summary>
public sealed class ExchangeTape(MarketRuntime market) : JournalReadModel(market)
{
    private readonly SortedDictionary<(string Instrument, DateOnly Day), TradingDay> _days = [];
    private readonly Dictionary<string, DateOnly> _openDay = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastClose = new(StringComparer.Ordinal);

    /// <summary>The last <paramref name="days"/> trading days of an instrument that had trades, oldest first.</summary>
    public IReadOnlyList<TradingDay> Days(string instrument, int days)
    {
        lock (Gate)
        {
            CatchUp();
            return _days.Where(d => d.Key.Instrument == instrument).Select(d => d.Value).TakeLast(days).ToList();
        }
    }

    /// <summary>Every instrument that has traded or closed a day, with its totals, in id order.</summary>
    public IReadOnlyList<TradedTotals> Totals()
    {
        lock (Gate)
        {
            CatchUp();
            var instruments = _days.Keys.Select(k => k.Instrument).Concat(_lastClose.Keys).Distinct().Order(StringComparer.Ordinal);
            return instruments.Select(i =>
            {
                var days = _days.Where(d => d.Key.Instrument == i).Select(d => d.Value).ToList();
                return new TradedTotals(i, days.Sum(d => (long)d.Trades), days.Sum(d => d.VolumeT), days.Sum(d => d.ValueFen), _lastClose.TryGetValue(i, out var c) ? c : null);
            }).ToList();
        }
    }

    /// <inheritdoc />
    protected override void Read(JournalEntry entry)
    {
        if (!entry.Accepted || !entry.Kind.StartsWith("exchange.", StringComparison.Ordinal))
            return;
        using var doc = JsonDocument.Parse(entry.Payload);
        if (!doc.RootElement.TryGetProperty("events", out var events))
            return;
        foreach (var e in events.EnumerateArray())
        {
            switch (e.GetProperty("$type").GetString())
            {
                case "exchange.trading_day_opened":
                    _openDay[e.GetProperty("instrument").GetString()!] = DateOnly.Parse(e.GetProperty("trading_day").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "exchange.trade_executed":
                    var instrument = e.GetProperty("instrument").GetString()!;
                    var (price, quantity) = (e.GetProperty("price_fen").GetInt64(), e.GetProperty("quantity_t").GetInt64());
                    // Listing and block trades belong to the instrument's open day; an auction's (clear_auction) to its
                    // market date, also when no listing day of the instrument was ever opened.
                    var day = entry.Kind != "exchange.clear_auction" && _openDay.TryGetValue(instrument, out var open) ? open
                        : TradingRulebook.National.MarketDate(DateTimeOffset.FromUnixTimeMilliseconds(entry.TimeUnixMs));
                    var key = (instrument, day);
                    var d = _days.GetValueOrDefault(key) ?? new TradingDay(key.Item2, 0, 0, 0, 0);
                    _days[key] = d with { VolumeT = d.VolumeT + quantity, ValueFen = d.ValueFen + price * quantity, LastPriceFen = price, Trades = d.Trades + 1 };
                    break;
                case "exchange.trading_day_closed":
                    _lastClose[e.GetProperty("instrument").GetString()!] = e.GetProperty("close_fen").GetInt64();
                    break;
            }
        }
    }
}
