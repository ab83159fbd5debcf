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
    /// An account is funded with exactly what its orders could need (the units of its sells, the cash of its buys)
    /// unless a row gives its units or cash.
    /// </summary>
    public static ReplayResult Run(TradingRulebook rules, IReadOnlyList<OrderRow> rows, long? previousCloseFen)
    {
        if (rows.Count == 0)
            throw new ArgumentException("A replay needs at least one row.", nameof(rows));
        var day = DateOnly.FromDateTime(rows[0].Time.DateTime);
        var prevClose = previousCloseFen ?? rows.FirstOrDefault(r => r.Action == OrderAction.New)?.PriceFen ?? 1;
        var accounts = new InMemoryAccountBook();
        var ledger = new TradeLedger(rules, accounts, day);
        Fund(accounts, ledger, rows);
        var market = new ListingMarket(ledger, Instrument, Math.Max(prevClose, 1));
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

    private static void Fund(InMemoryAccountBook accounts, TradeLedger ledger, IReadOnlyList<OrderRow> rows)
    {
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
            if (r.Action != OrderAction.New || r.QuantityT <= 0 || r.PriceFen <= 0)
                continue;
            if (r.Side == Side.Sell)
                units[r.Account] = units.GetValueOrDefault(r.Account) + r.QuantityT;
            else
                cash[r.Account] = cash.GetValueOrDefault(r.Account) + ledger.BuyLockFen(r.PriceFen, r.QuantityT);
        }
        foreach (var account in units.Keys.Union(cash.Keys).Union(givenUnits.Keys).Union(givenCash.Keys).Order(StringComparer.Ordinal))
        {
            accounts.DepositUnits(account, Instrument, givenUnits.TryGetValue(account, out var gu) ? gu : units.GetValueOrDefault(account));
            accounts.DepositCash(account, givenCash.TryGetValue(account, out var gc) ? gc : cash.GetValueOrDefault(account));
        }
    }
}
