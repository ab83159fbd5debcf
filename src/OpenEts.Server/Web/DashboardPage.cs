// The public dashboard: headline figures, the price and volume of settled trades (an SVG drawn on
// the server, with the same figures as a table), the compliance rate of each year, accounts, unit classes, latest retirements and the
// journal head. It refreshes itself when the journal moves on.
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Reports;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Server.Api;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>GET /.</summary>
public static class DashboardPage
{
    /// <summary>Trading days shown in the chart.</summary>
    public const int ChartDays = 30;

    /// <summary>Renders the dashboard.</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime m, SettlementTape tape, ExchangeTape exchangeTape)
    {
        var viewer = await ViewerAsync(http, m);
        var seq = m.Engine.DurableSeq;
        var (byKind, classes, retirements) = await m.Engine.QueryAsync(w =>
        {
            var s = w.Get<RegistryState>();
            var kinds = s.Accounts.Values.GroupBy(a => a.Kind).OrderBy(g => g.Key).Select(g => (g.Key.ToString(), g.Count())).ToList();
            var cls = s.Classes.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => (c.Id, c.Type, c.Issued,
                Holders: s.Holdings.Count(h => h.Key.Class == c.Id && h.Value.Held > 0 && s.Accounts[h.Key.Account].Kind.IsHolderKind()))).ToList();
            var ret = s.Retirements.TakeLast(10).Reverse().ToList();
            return (kinds, cls, ret);
        }, http.RequestAborted);
        var (tradedClass, days) = await tape.RecentAsync(ChartDays);
        var openDays = await m.Engine.QueryAsync(MarketPages.OpenDays, http.RequestAborted);
        var traded = exchangeTape.Totals();
        var compliance = await m.Engine.QueryAsync(ComplianceYears, http.RequestAborted);
        var last = seq > 0 && m.ReadJournal(seq - 1, 1) is [var head] ? head : null;

        var sb = new StringBuilder();
        sb.Append("<h1>National carbon market</h1>");
        var allowances = classes.Where(c => c.Type == UnitType.Allowance).Sum(c => c.Issued);
        var credits = classes.Where(c => c.Type == UnitType.Credit).Sum(c => c.Issued);
        sb.Append("<section aria-label=\"Headline figures\" class=\"figures\">");
        sb.Append(CultureInfo.InvariantCulture, $"<div>Allowances issued<b>{N(allowances)} t</b></div><div>Credits issued<b>{N(credits)} t</b></div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>Accounts<b>{N(byKind.Sum(k => k.Item2))}</b></div><div>Journal entries<b id=\"journal-seq\">{N(seq)}</b></div></section>");

        sb.Append(Exchange(openDays, traded));
        sb.Append("<h2>Settled trades</h2>");
        if (tradedClass is null)
            sb.Append("<p>No trade has settled yet.</p>");
        else
            sb.Append(Chart(tradedClass, days)).Append(DayTable($"{tradedClass} settled per day", days));

        sb.Append(Compliance(compliance));
        sb.Append("<h2>Accounts</h2><div class=\"scroll\"><table><caption>Accounts by kind</caption><tr><th scope=\"col\">Kind</th><th scope=\"col\" class=\"n\">Accounts</th></tr>");
        foreach (var (kind, count) in byKind)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(kind)}</td><td class=\"n\">{count}</td></tr>");
        sb.Append("</table></div><h2>Unit classes</h2><div class=\"scroll\"><table><caption>Units in existence (tonnes; cash in fen)</caption><tr><th scope=\"col\">Class</th><th scope=\"col\">Type</th><th scope=\"col\" class=\"n\">Issued</th><th scope=\"col\" class=\"n\">Holders</th></tr>");
        foreach (var (id, type, issued, holders) in classes)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(id)}</td><td>{E(type.ToString())}</td><td class=\"n\">{N(issued)}</td><td class=\"n\">{holders}</td></tr>");
        sb.Append("</table></div><h2>Latest retirements</h2><div class=\"scroll\"><table><caption>Public retirement claims</caption><tr><th scope=\"col\">Account</th><th scope=\"col\">Class</th><th scope=\"col\" class=\"n\">Tonnes</th><th scope=\"col\">Beneficiary</th><th scope=\"col\">Purpose</th></tr>");
        foreach (var r in retirements)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.AccountId)}</td><td>{E(r.ClassId)}</td><td class=\"n\">{N(r.Quantity)}</td><td>{E(r.Beneficiary)}</td><td>{E(r.Purpose)}</td></tr>");
        sb.Append("</table></div><h2>Journal head</h2>");
        if (last is null)
            sb.Append("<p>The journal is empty.</p>");
        else
            sb.Append(CultureInfo.InvariantCulture, $"<p>Entry {last.Seq}: {E(last.Kind)}, {(last.Accepted ? "accepted" : "rejected")}, at {T(DateTimeOffset.FromUnixTimeMilliseconds(last.TimeUnixMs))}; chain hash <code>{Convert.ToHexStringLower(last.Hash)}</code>.</p>");
        return Html(http, viewer, "Dashboard", sb.ToString(), liveSeq: seq);
    }

    /// <summary>Each compliance year with its rates (entities with an obligation; while open, compliant = surrendered in full so far).</summary>
    public static List<(ComplianceYear Year, ComplianceRates Rates)> ComplianceYears(World w)
    {
        var cycle = w.Get<CycleState>();
        return cycle.Years.Values.Select(y => (y, AllocationApi.RatesOf(ComplianceReports.EntityResults(cycle, y.Year)))).ToList();
    }

    // Compliance: the rate by entities and by tonnes of each year, the figure a regulator publishes.
    private static string Compliance(List<(ComplianceYear Year, ComplianceRates Rates)> years)
    {
        var sb = new StringBuilder("<h2>Compliance</h2>");
        if (years.Count == 0)
            return sb.Append("<p>No compliance year is open.</p>").ToString();
        sb.Append("<div class=\"scroll\"><table><caption>Compliance rate by year (entities with an obligation; an open year counts what is surrendered so far)</caption>");
        sb.Append("<tr><th scope=\"col\">Year</th><th scope=\"col\">Plan</th><th scope=\"col\">State</th><th scope=\"col\" class=\"n\">Entities</th><th scope=\"col\" class=\"n\">Compliant</th><th scope=\"col\" class=\"n\">By entities</th><th scope=\"col\" class=\"n\">Due t</th><th scope=\"col\" class=\"n\">Surrendered t</th><th scope=\"col\" class=\"n\">By tonnes</th></tr>");
        foreach (var (y, r) in years)
            sb.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{y.Year}</td><td>{E(y.PlanId)}</td><td>{(y.Closed ? "closed" : $"open, deadline {y.Deadline:yyyy-MM-dd}")}</td><td class=\"n\">{N(r.Entities)}</td><td class=\"n\">{N(r.CompliantEntities)}</td><td class=\"n\">{r.RateByEntities * 100:0.00}%</td><td class=\"n\">{N(r.ObligationT)}</td><td class=\"n\">{N(r.SurrenderedT)}</td><td class=\"n\">{r.RateByTonnes * 100:0.00}%</td></tr>");
        return sb.Append("</table></div>").ToString();
    }

    // The exchange: what has traded since the first trade, and each open day's book and last price.
    private static string Exchange(IReadOnlyList<InstrumentDay> openDays, IReadOnlyList<TradedTotals> traded)
    {
        var sb = new StringBuilder("<h2>Exchange</h2><section aria-label=\"Exchange totals\" class=\"figures\">");
        sb.Append(CultureInfo.InvariantCulture, $"<div>Traded since the first trade<b id=\"traded-volume\">{N(traded.Sum(t => t.VolumeT))} t</b></div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>Value traded<b id=\"traded-value\">{Yuan(traded.Sum(t => t.ValueFen))} yuan</b></div><div>Trades<b>{N(traded.Sum(t => t.Trades))}</b></div></section>");
        if (openDays.Count == 0)
        {
            sb.Append("<p>No trading day is open. <a href=\"/market\">The market</a></p>");
            return sb.ToString();
        }
        sb.Append("<div class=\"scroll\"><table id=\"exchange-today\"><caption>Today on the exchange (prices in yuan per tonne)</caption><tr><th scope=\"col\">Instrument</th><th scope=\"col\">Trading day</th><th scope=\"col\" class=\"n\">Best bid</th><th scope=\"col\" class=\"n\">Best ask</th><th scope=\"col\" class=\"n\">Last price</th><th scope=\"col\" class=\"n\">Volume (t)</th><th scope=\"col\" class=\"n\">Value (yuan)</th></tr>");
        foreach (var d in openDays)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/market/{Uri.EscapeDataString(d.Instrument)}\">{E(d.Instrument)}</a></td><td>{d.TradingDay:yyyy-MM-dd}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{Level(d.BestBid)}</td><td class=\"n\">{Level(d.BestAsk)}</td><td class=\"n\">{MarketPages.Price(d.LastPriceFen)}</td><td class=\"n\">{N(d.VolumeT)}</td><td class=\"n\">{Yuan(d.ValueFen)}</td></tr>");
        }
        sb.Append("</table></div>");
        return sb.ToString();

        static string Level(OpenEts.Exchange.DepthLevel? l) => l is { } x ? $"{Yuan(x.PriceFen)} × {N(x.QuantityT)} t" : "—";
    }

    /// <summary>Daily volume as bars and the average price as a line, drawn as SVG.</summary>
    public static string Chart(string classId, IReadOnlyList<TradingDay> days)
    {
        const int W = 640, H = 240, Left = 56, Right = 56, Top = 16, Bottom = 40;
        var maxVolume = Math.Max(1, days.Max(d => d.VolumeT));
        var maxPrice = Math.Max(1, days.Max(d => d.AveragePriceFen));
        var slot = (W - Left - Right) / (double)days.Count;
        var plotH = H - Top - Bottom;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<figure><svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"chart-title\">{E(classId)}: daily volume and average price</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<desc id=\"chart-desc\">Bars: tonnes settled per day, up to {N(maxVolume)} t. Line: volume-weighted price, up to {Yuan(maxPrice)} yuan per tonne.</desc>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{H - Bottom}\" x2=\"{W - Right}\" y2=\"{H - Bottom}\" stroke=\"#555\"/>");
        var points = new List<string>();
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var barH = plotH * d.VolumeT / (double)maxVolume;
            var x = Left + i * slot;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + slot * 0.15:F1}\" y=\"{H - Bottom - barH:F1}\" width=\"{slot * 0.7:F1}\" height=\"{barH:F1}\" fill=\"#7fb59f\"/>");
            points.Add(string.Create(CultureInfo.InvariantCulture, $"{x + slot / 2:F1},{H - Bottom - plotH * d.AveragePriceFen / (double)maxPrice:F1}"));
        }
        sb.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', points)}\" fill=\"none\" stroke=\"#8a1f11\" stroke-width=\"2\"/>");
        foreach (var point in points)
        {
            var xy = point.Split(',');
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"3\" fill=\"#8a1f11\"/>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Top + 10}\" font-size=\"11\">{N(maxVolume)} t</text><text x=\"{W - Right + 4}\" y=\"{Top + 10}\" font-size=\"11\">¥{Yuan(maxPrice)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{H - 12}\" font-size=\"11\">{days[0].Day:yyyy-MM-dd}</text><text x=\"{W - Right}\" y=\"{H - 12}\" font-size=\"11\" text-anchor=\"end\">{days[^1].Day:yyyy-MM-dd}</text>");
        sb.Append("</svg><figcaption>Green bars: volume (left scale). Red line: average price (right scale).</figcaption></figure>");
        return sb.ToString();
    }

    /// <summary>The chart's figures as a table, newest day first, behind a disclosure.</summary>
    public static string DayTable(string caption, IReadOnlyList<TradingDay> days)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<details><summary>The figures as a table</summary><div class=\"scroll\"><table><caption>{E(caption)}</caption><tr><th scope=\"col\">Day</th><th scope=\"col\" class=\"n\">Trades</th><th scope=\"col\" class=\"n\">Volume (t)</th><th scope=\"col\" class=\"n\">Value (yuan)</th><th scope=\"col\" class=\"n\">Average (yuan/t)</th><th scope=\"col\" class=\"n\">Last (yuan/t)</th></tr>");
        foreach (var d in days.Reverse())
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{d.Day:yyyy-MM-dd}</td><td class=\"n\">{d.Trades}</td><td class=\"n\">{N(d.VolumeT)}</td><td class=\"n\">{Yuan(d.ValueFen)}</td><td class=\"n\">{Yuan(d.AveragePriceFen)}</td><td class=\"n\">{Yuan(d.LastPriceFen)}</td></tr>");
        sb.Append("</table></div></details>");
        return sb.ToString();
    }

    /// <summary>Fen as yuan with two decimals, computed in integers.</summary>
    public static string Yuan(long fen) => string.Create(CultureInfo.InvariantCulture, $"{fen / 100:N0}.{Math.Abs(fen % 100):D2}");
}
