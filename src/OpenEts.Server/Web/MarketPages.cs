// The public market pages: every instrument with its last close and the day's volume and value, and one
// instrument's order book depth by price level, its last trades and its daily price and volume (an SVG
// with the same figures as a table). They refresh themselves when the journal moves on.
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using static OpenEts.Server.Web.DashboardPage;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>One instrument's open trading day as the pages show it.</summary>
public sealed record InstrumentDay(
    string Instrument, DateOnly TradingDay, long PreviousCloseFen, PriceBand Band, DepthLevel? BestBid, DepthLevel? BestAsk,
    long? LastPriceFen, long VolumeT, long ValueFen, int Trades, TradingHalt? Halt = null);

/// <summary>GET /market and GET /market/{instrument}.</summary>
public static class MarketPages
{
    /// <summary>Price levels shown on each side of the book.</summary>
    public const int DepthLevels = 10;

    /// <summary>Trades shown, newest first.</summary>
    public const int LastTrades = 20;

    /// <summary>The day of every instrument with an open trading day, in id order.</summary>
    public static List<InstrumentDay> OpenDays(World w)
    {
        var exchange = w.Get<ExchangeState>();
        return exchange.OpenInstruments.Select(i => Summary(i, exchange.Day(i)!)).ToList();
    }

    private static InstrumentDay Summary(string instrument, OpenDay day)
    {
        var level = new DepthLevel[1];
        DepthLevel? Best(Side side) => day.Market.Book.Depth(side, level) > 0 ? level[0] : null;
        var trades = day.Ledger.Trades;
        return new InstrumentDay(instrument, day.Ledger.TradingDay, day.Market.PreviousCloseFen, day.Market.Band, Best(Side.Buy), Best(Side.Sell),
            trades.Count > 0 ? trades[^1].PriceFen : null, trades.Sum(t => t.QuantityT), trades.Sum(t => t.ValueFen), trades.Count, day.Halt);
    }

    /// <summary>GET /market: every instrument.</summary>
    public static async Task<IResult> Index(HttpContext http, MarketRuntime m, ExchangeTape tape)
    {
        var viewer = await ViewerAsync(http, m);
        var seq = m.Engine.DurableSeq;
        var open = await m.Engine.QueryAsync(OpenDays, http.RequestAborted);
        var totals = tape.Totals().ToDictionary(t => t.Instrument, StringComparer.Ordinal);
        var instruments = open.Select(d => d.Instrument).Concat(totals.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder("<h1>Market</h1>");
        if (instruments.Count == 0)
        {
            sb.Append("<p>No instrument has been traded yet.</p>");
            return Html(http, viewer, "Market", sb.ToString(), liveSeq: seq);
        }
        sb.Append("<div class=\"scroll\"><table id=\"instruments\"><caption>Instruments (prices in yuan per tonne)</caption><tr><th scope=\"col\">Instrument</th><th scope=\"col\">Trading day</th>");
        sb.Append("<th scope=\"col\" class=\"n\">Last close</th><th scope=\"col\" class=\"n\">Last price</th><th scope=\"col\" class=\"n\">Day's volume (t)</th><th scope=\"col\" class=\"n\">Day's value (yuan)</th><th scope=\"col\" class=\"n\">Traded since the first trade (t)</th></tr>");
        foreach (var i in instruments)
        {
            var day = open.FirstOrDefault(d => d.Instrument == i);
            var total = totals.GetValueOrDefault(i);
            var lastClose = day?.PreviousCloseFen ?? total?.LastCloseFen;
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/market/{Uri.EscapeDataString(i)}\">{E(i)}</a></td><td>{(day is null ? "closed" : day.TradingDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (day.Halt is null ? "" : ", halted"))}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{Price(lastClose)}</td><td class=\"n\">{Price(day?.LastPriceFen)}</td><td class=\"n\">{N(day?.VolumeT ?? 0)}</td><td class=\"n\">{Yuan(day?.ValueFen ?? 0)}</td><td class=\"n\">{N(total?.VolumeT ?? 0)}</td></tr>");
        }
        sb.Append("</table></div>");
        return Html(http, viewer, "Market", sb.ToString(), liveSeq: seq);
    }

    /// <summary>GET /market/{instrument}: depth, last trades, daily chart.</summary>
    public static async Task<IResult> Instrument(HttpContext http, MarketRuntime m, ExchangeTape tape, string instrument)
    {
        var viewer = await ViewerAsync(http, m);
        var seq = m.Engine.DurableSeq;
        var view = await m.Engine.QueryAsync(w =>
        {
            var known = w.Get<RegistryState>().Classes.TryGetValue(instrument, out var c) && c.Type != UnitType.Cash;
            if (w.Get<ExchangeState>().Day(instrument) is not { } day)
                return new BookView(known, null, [], [], []);
            var bids = new DepthLevel[DepthLevels];
            var asks = new DepthLevel[DepthLevels];
            var trades = day.Ledger.Trades.TakeLast(LastTrades).Reverse().ToList();
            return new BookView(known, Summary(instrument, day), bids[..day.Market.Book.Depth(Side.Buy, bids)], asks[..day.Market.Book.Depth(Side.Sell, asks)], trades);
        }, http.RequestAborted);
        if (!view.Known)
            return Html(http, viewer, "No such instrument", $"<h1>No such instrument</h1><p class=\"error\" role=\"alert\">No unit class has the id '{E(instrument)}'.</p>", 404);
        var days = tape.Days(instrument, ChartDays);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{E(instrument)}</h1><p><a href=\"/market\">All instruments</a></p>");
        if (view.Day is not { } d)
        {
            var lastClose = tape.Totals().FirstOrDefault(x => x.Instrument == instrument)?.LastCloseFen;
            sb.Append(lastClose is { } c ? $"<p>No trading day is open; the last close was <b>{Yuan(c)}</b> yuan.</p>" : "<p>No trading day is open.</p>");
        }
        else
        {
            if (d.Halt is { } halt)
                sb.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\" id=\"halt\">Trading is halted since {T(halt.Since)} by {E(halt.Actor)}: {E(halt.Reason)}. New orders and block trades are refused until it resumes; orders can still be cancelled.</p>");
            sb.Append("<section aria-label=\"The day's figures\" class=\"figures\">");
            sb.Append(CultureInfo.InvariantCulture, $"<div>Trading day<b>{d.TradingDay:yyyy-MM-dd}</b></div><div>Previous close<b>{Yuan(d.PreviousCloseFen)}</b></div>");
            sb.Append(CultureInfo.InvariantCulture, $"<div>Last price<b id=\"last-price\">{Price(d.LastPriceFen)}</b></div><div>Day's volume<b id=\"day-volume\">{N(d.VolumeT)} t</b></div>");
            sb.Append(CultureInfo.InvariantCulture, $"<div>Day's value<b>{Yuan(d.ValueFen)} yuan</b></div><div>Listing band<b>{Yuan(d.Band.LowFen)}–{Yuan(d.Band.HighFen)}</b></div></section>");
            sb.Append("<h2>Order book</h2>").Append(Depth("bids", "Buy orders by price level (best first)", view.Bids)).Append(Depth("asks", "Sell orders by price level (best first)", view.Asks));
            var trades = view.Trades.Select(t => string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{T(t.Time)}</td><td>{E(t.Kind.ToString().ToLowerInvariant())}</td><td class=\"n\">{Yuan(t.PriceFen)}</td><td class=\"n\">{N(t.QuantityT)}</td></tr>")).ToList();
            sb.Append("<h2>Last trades</h2>").Append(Table("trades", "The day's last trades, newest first", ["Time", "How", "Price (yuan/t)#", "Quantity (t)#"], trades, "No trade today yet."));
        }
        sb.Append("<h2>Daily price and volume</h2>");
        if (days.Count == 0)
            sb.Append("<p>No day with trades yet.</p>");
        else
            sb.Append(Chart(instrument, days)).Append(DayTable($"{instrument} traded per day", days));
        return Html(http, viewer, instrument, sb.ToString(), liveSeq: seq);
    }

    private sealed record BookView(bool Known, InstrumentDay? Day, DepthLevel[] Bids, DepthLevel[] Asks, List<Trade> Trades);

    private static string Depth(string id, string caption, IReadOnlyList<DepthLevel> levels) =>
        Table(id, caption, ["Price (yuan/t)#", "Quantity (t)#", "Orders#"],
            levels.Select(l => string.Create(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{Yuan(l.PriceFen)}</td><td class=\"n\">{N(l.QuantityT)}</td><td class=\"n\">{l.Orders}</td></tr>")).ToList(), "None.");

    /// <summary>A price in yuan, or a dash when there is none.</summary>
    public static string Price(long? fen) => fen is { } f ? Yuan(f) : "—";
}
