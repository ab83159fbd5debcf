// Market data with the real figures: the first day's change, the published averages and cumulative totals
// of the transcribed SEEE reports, and a settlement report that balances after a random day with fees.
using System.Globalization;
using CsCheck;
using OpenEts.Core;
using OpenEts.Exchange;

namespace OpenEts.Exchange.Tests;

public sealed class MarketDataTests
{
    private const string Cea = "CEA";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static Trade T(long seq, TradeKind kind, long priceFen, long qty) =>
        new(seq, new DateTimeOffset(2021, 7, 16, 10, 0, 0, Beijing), kind, Cea, "b", "s", "buyer", "seller", priceFen, qty, 0, 0);

    [Fact]
    public void First_day_16_July_2021_closed_51_23_up_6_73_percent_from_48_00()
    {
        var day = new DailyStatistics(Cea, new DateOnly(2021, 7, 16), 48_00, 48_00, 52_80, 48_00, 51_23, 4_104_000, 0, 0, 0, 0, 0);
        Assert.Equal(3_23, day.ChangeFen);
        Assert.Equal(673, day.ChangeBasisPoints);
        var lines = Bulletin.Lines(day, new Cumulative(4_104_000, 0));
        Assert.Equal("open 48.00, high 52.80, low 48.00, close 51.23, change +3.23 (+6.73%)", lines[1]);
        // The next trading day's listing band follows from the close.
        Assert.Equal(new PriceBand(46_11, 56_35), TradingRulebook.National.ListingBand(day.CloseFen));
    }

    [Fact]
    public void Close_is_the_listing_VWAP_rounded_half_up_and_block_trades_count_only_if_the_rulebook_says_so()
    {
        var trades = new[] { T(1, TradeKind.Listing, 51_00, 100), T(2, TradeKind.Listing, 51_01, 50), T(3, TradeKind.Block, 45_00, 200_000) };
        // (5,100,00 + 2,550,50) / 150 = 5,100.333 fen → 51.00.
        var listingOnly = DailyStatistics.From(trades, Cea, new DateOnly(2021, 7, 16), 50_00, closeIncludesBlockTrades: false);
        Assert.Equal(51_00, listingOnly.CloseFen);
        Assert.Equal((51_00L, 51_01L, 51_00L), (listingOnly.OpenFen!.Value, listingOnly.HighFen!.Value, listingOnly.LowFen!.Value));
        Assert.Equal(200_000, listingOnly.BlockVolumeT);
        Assert.Equal(200_150, listingOnly.VolumeT);
        var withBlocks = DailyStatistics.From(trades, Cea, new DateOnly(2021, 7, 16), 50_00, closeIncludesBlockTrades: true);
        Assert.Equal(DailyStatistics.RoundedRatio(9_007_650_50, 200_150), withBlocks.CloseFen);
        Assert.Equal(45_00, withBlocks.CloseFen);
        var none = DailyStatistics.From([], Cea, new DateOnly(2021, 7, 19), 51_23, false);
        Assert.Equal(51_23, none.CloseFen);
        Assert.Null(none.OpenFen);
    }

    private sealed record Report(string Type, string Start, long Volume, long TurnoverFen, long ListingVolume, long ListingFen, long BlockVolume, long BlockFen, long? AvgFen, long? ListingAvgFen, long? BlockAvgFen, long CumVolume, long CumFen);

    private static List<Report> SeeeReports()
    {
        var path = Path.Combine(RepoPaths.SharedData(), "china-cea", "cea-market-reports-transcribed.csv");
        var rows = new List<Report>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var c = line.Split(',');
            rows.Add(new Report(c[0], c[1], long.Parse(c[3], CultureInfo.InvariantCulture), Fen(c[4])!.Value, long.Parse(c[5], CultureInfo.InvariantCulture), Fen(c[6])!.Value,
                long.Parse(c[7], CultureInfo.InvariantCulture), Fen(c[8])!.Value, Fen(c[11]), Fen(c[12]), Fen(c[13]), long.Parse(c[15], CultureInfo.InvariantCulture), Fen(c[16])!.Value));
        }
        return rows;
    }

    private static long? Fen(string yuan) => yuan.Length == 0 ? null : OpenEts.Core.Fen.TryParseYuan(yuan, out var f) ? f.Value : throw new FormatException(yuan);

    [Fact]
    public void The_closing_price_rule_reproduces_the_published_SEEE_average_prices()
    {
        var reports = SeeeReports();
        Assert.Equal(6, reports.Count);
        var checkedAverages = 0;
        foreach (var r in reports)
        {
            if (r.AvgFen is { } avg)
            {
                Assert.Equal(avg, DailyStatistics.ClosingPrice(r.TurnoverFen, r.Volume, 0));
                checkedAverages++;
            }
            if (r.ListingAvgFen is { } la)
                Assert.Equal(la, DailyStatistics.ClosingPrice(r.ListingFen, r.ListingVolume, 0));
            if (r.BlockAvgFen is { } ba)
                Assert.Equal(ba, DailyStatistics.ClosingPrice(r.BlockFen, r.BlockVolume, 0));
        }
        Assert.Equal(4, checkedAverages);
    }

    [Fact]
    public void Bulletin_volumes_add_up_and_cumulative_totals_grow_by_at_least_each_days_trading()
    {
        var reports = SeeeReports().OrderBy(r => r.Start, StringComparer.Ordinal).ToList();
        Cumulative? previous = null;
        foreach (var r in reports)
        {
            var stats = new DailyStatistics(Cea, DateOnly.Parse(r.Start, CultureInfo.InvariantCulture), 0, null, null, null, 0, r.ListingVolume, r.ListingFen, r.BlockVolume, r.BlockFen, 0, 0);
            Assert.Equal(r.Volume, stats.VolumeT);
            Assert.Equal(r.TurnoverFen, stats.ValueFen);
            var reported = new Cumulative(r.CumVolume, r.CumFen);
            if (previous is { } p && r.Type == "daily")
            {
                // Days between two reports add their own trades, so the gap is at least this day's figures.
                Assert.True(reported.VolumeT >= p.Add(stats).VolumeT, $"cumulative volume on {r.Start}");
                Assert.True(reported.ValueFen >= p.Add(stats).ValueFen, $"cumulative value on {r.Start}");
            }
            previous = reported;
        }
        // The reported days are trading days of the calendar.
        foreach (var r in reports.Where(r => r.Type == "daily"))
            Assert.True(TradingRulebook.National.Calendar.IsTradingDay(DateOnly.Parse(r.Start, CultureInfo.InvariantCulture)), r.Start);
    }

    [Fact]
    public void Cumulative_to_13_January_2026_from_the_end_of_July_2025_seed()
    {
        // 871,068,518 t and 58,114,634,209.77 yuan on 13 Jan 2026; adding a day keeps the arithmetic exact to the fen.
        var c = new Cumulative(871_068_518, 58_114_634_209_77).Add(1_070_000, 67_129_000_00);
        Assert.Equal(872_138_518, c.VolumeT);
        Assert.Equal(58_181_763_209_77, c.ValueFen);
        Assert.Equal("cumulative volume 872,138,518 t, value 58181763209.77 yuan", Bulletin.Lines(DailyStatistics.From([], Cea, new DateOnly(2026, 1, 14), 78_31, false), c)[4]);
    }

    [Fact]
    public void Settlement_report_balances_to_the_fen_and_matches_every_accounts_cash_and_units()
    {
        Gen.Select(Gen.ULong, Gen.Int[0, 10]).Sample((seed, feeBp) =>
        {
            var rules = TradingRulebook.National with { BuyerFeeBasisPoints = feeBp, SellerFeeBasisPoints = feeBp };
            var accounts = new InMemoryAccountBook();
            var members = Enumerable.Range(0, 6).Select(i => $"m{i}").ToArray();
            foreach (var m in members)
            {
                accounts.DepositUnits(m, Cea, 1_000_000);
                accounts.DepositCash(m, 1_000_000_000_00);
            }
            var day = new DateOnly(2021, 7, 19);
            var ledger = new TradeLedger(rules, accounts, day);
            var market = new ListingMarket(ledger, Cea, 51_23);
            var time = new DateTimeOffset(2021, 7, 19, 9, 30, 0, Beijing);
            var ops = OrderFlow.Generate(seed, 400, 51_23, market.Band);
            foreach (var op in ops)
            {
                var who = members[(int)(op.OrderId % members.Length)];
                if (op.Kind == BookOpKind.Add)
                    market.Place(time, $"o{op.OrderId}", who, op.Side, op.PriceFen, op.QuantityT);
                else
                    market.Cancel(time, $"o{op.OrderId}", who);
            }
            market.CloseDay();
            var report = SettlementReport.From(day, ledger.Trades, ledger.SellableFrom);
            Assert.True(report.Balances);
            foreach (var m in members)
            {
                var net = report.Accounts.SingleOrDefault(a => a.Account == m);
                Assert.Equal(1_000_000 + (net?.NetUnitsT ?? 0), accounts.AvailableUnits(m, Cea));
                Assert.Equal(1_000_000_000_00 + (net?.NetCashFen ?? 0), accounts.AvailableCashFen(m));
            }
            Assert.Equal(report.FeesFen, accounts.AvailableCashFen(InMemoryAccountBook.FeeAccount));
        }, iter: 100, threads: 1);
    }
}
