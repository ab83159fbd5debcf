// Runs a day of orders on a fresh market: accounts are funded (enough, unless the file says otherwise),
// every order goes through the listing market, open orders are cancelled at the close.
namespace OpenEts.Exchange;

/// <summary>An order the market refused.</summary>
public sealed record RejectedOrder(int Line, string OrderId, string Account, string Code, string Message);

/// <summary>What a replayed day produced.</summary>
public sealed record ReplayResult(DateOnly TradingDay, long PreviousCloseFen, PriceBand Band, IReadOnlyList<Trade> Trades, IReadOnlyList<RejectedOrder> Rejected, DailyStatistics Statistics, SettlementReport Settlement);

/// <summary>Replays order rows on a fresh market.</summary>
public static class DayReplay
{
    /// <summary>The instrument a replay trades.</summary>
    public const string Instrument = "CEA";

    /// <summary>
    /// Runs <paramref name="rows"/> (one trading day, in time order). Without <paramref name="previousCloseFen"/>,
    /// the band is centred on the first new order's price, as the exchange set a reference price on the first day.
    /// An account is funded with exactly what its orders could need (the units of its sells, the cash of its buys, counting
    /// only orders the rulebook's order sizes and the day's band could accept) unless a row gives its units or cash.
    /// </summary>
    public static ReplayResult Run(TradingRulebook rules, IReadOnlyList<OrderRow> rows, long? previousCloseFen)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rows.Count == 0)
            throw new ArgumentException("A replay needs at least one row.", nameof(rows));
        var day = DateOnly.FromDateTime(rows[0].Time.DateTime);
        var prevClose = previousCloseFen ?? rows.FirstOrDefault(r => r.Action == OrderAction.New)?.PriceFen
            ?? throw new ArgumentException("With no new order in the file, the previous close must be given.", nameof(previousCloseFen));
        if (prevClose is <= 0 or > OrderFile.MaxPriceFen)
            throw new ArgumentOutOfRangeException(nameof(previousCloseFen), $"A previous close is above 0 and at most {OrderFile.MaxPriceFen:N0} fen.");
        if (rules.BandTooWide(prevClose) is { } tooWide)
            throw new ArgumentOutOfRangeException(nameof(previousCloseFen), tooWide);
        var accounts = new InMemoryAccountBook();
        var ledger = new TradeLedger(rules, accounts, day);
        Fund(accounts, ledger, rows, rules.ListingBand(prevClose));
        var market = new ListingMarket(ledger, Instrument, prevClose);
        var rejected = new List<RejectedOrder>();
        foreach (var row in rows)
        {
            var rejection = row.Action == OrderAction.New
                ? market.Place(row.Time, row.OrderId, row.Account, row.Side, row.PriceFen, row.QuantityT).Rejection
                : market.Cancel(row.Time, row.OrderId, row.Account);
            if (rejection is not null)
                rejected.Add(new RejectedOrder(row.Line, row.OrderId, row.Account, rejection.Code, rejection.Message));
        }
        market.CloseDay();
        var stats = DailyStatistics.From(ledger.Trades, Instrument, day, prevClose, rules.CloseIncludesBlockTrades);
        return new ReplayResult(day, prevClose, market.Band, ledger.Trades, rejected, stats, SettlementReport.From(day, ledger.Trades, ledger.SellableFrom));
    }

    private static void Fund(InMemoryAccountBook accounts, TradeLedger ledger, IReadOnlyList<OrderRow> rows, PriceBand band)
    {
        var rules = ledger.Rules;
        // Sums saturate: an account that would need more than the most a row may state as cash is funded with that much.
        static long Add(long sum, long more) => more > OrderFile.MaxCashFen - sum ? OrderFile.MaxCashFen : sum + more;
        var units = new Dictionary<string, long>();
        var cash = new Dictionary<string, long>();
        var givenUnits = new Dictionary<string, long>();
        var givenCash = new Dictionary<string, long>();
        foreach (var r in rows)
        {
            if (r.UnitsT is { } u)
                givenUnits.TryAdd(r.Account, u);
            if (r.CashFen is { } c)
                givenCash.TryAdd(r.Account, c);
            // An order the market refuses for its size or price needs nothing.
            if (r.Action != OrderAction.New || r.QuantityT < rules.ListingMinOrderT || r.QuantityT > rules.ListingMaxOrderT
                || r.PriceFen < band.LowFen || r.PriceFen > band.HighFen)
                continue;
            if (r.Side == Side.Sell)
                units[r.Account] = Add(units.GetValueOrDefault(r.Account), r.QuantityT);
            else
                cash[r.Account] = Add(cash.GetValueOrDefault(r.Account), ledger.BuyLockFen(r.PriceFen, r.QuantityT));
        }
        foreach (var account in units.Keys.Union(cash.Keys).Union(givenUnits.Keys).Union(givenCash.Keys).Order(StringComparer.Ordinal))
        {
            accounts.DepositUnits(account, Instrument, givenUnits.TryGetValue(account, out var gu) ? gu : units.GetValueOrDefault(account));
            accounts.DepositCash(account, givenCash.TryGetValue(account, out var gc) ? gc : cash.GetValueOrDefault(account));
        }
    }
}
