// Records every trade of a trading day and settles it at once from the locks (delivery versus payment).
namespace OpenEts.Exchange;

/// <summary>
/// The day's trades in the order they were made. Each trade is settled as it is recorded: the seller's
/// locked units and the buyer's locked cash move together through <see cref="IAccountBook.Settle"/>, with
/// the rulebook's fees, so nothing is ever half-settled. Bought units become sellable on the next trading day.
/// </summary>
public sealed class TradeLedger
{
    private readonly List<Trade> _trades = [];

    /// <summary>A ledger for one trading day.</summary>
    public TradeLedger(TradingRulebook rules, IAccountBook accounts, DateOnly tradingDay)
    {
        Rules = rules;
        Accounts = accounts;
        TradingDay = tradingDay;
        SellableFrom = SellableDate(rules, tradingDay);
    }

    /// <summary>The market's rules.</summary>
    public TradingRulebook Rules { get; }

    /// <summary>The holdings trades settle against.</summary>
    public IAccountBook Accounts { get; }

    /// <summary>The trading day.</summary>
    public DateOnly TradingDay { get; }

    /// <summary>The first day units bought today can be sold.</summary>
    public DateOnly SellableFrom { get; }

    /// <summary>The day's trades, in order.</summary>
    public IReadOnlyList<Trade> Trades => _trades;

    /// <summary>The buyer's fee on a trade value.</summary>
    public long BuyerFee(long valueFen) => TradingRulebook.Fee(valueFen, Rules.BuyerFeeBasisPoints);

    /// <summary>The seller's fee on a trade value.</summary>
    public long SellerFee(long valueFen) => TradingRulebook.Fee(valueFen, Rules.SellerFeeBasisPoints);

    /// <summary>
    /// Cash to lock for buying up to <paramref name="quantityT"/> at <paramref name="priceFen"/>: the value,
    /// plus the fee at that value rounded up, plus one fen per tonne (each fill's fee rounds by at most half a fen).
    /// </summary>
    public long BuyLockFen(long priceFen, long quantityT)
    {
        var value = checked(priceFen * quantityT);
        if (Rules.BuyerFeeBasisPoints == 0)
            return value;
        return checked(value + (value * Rules.BuyerFeeBasisPoints + 9_999) / 10_000 + quantityT);
    }

    /// <summary>Records a trade and settles it from the locks. The caller has locked both legs.</summary>
    public Trade Record(DateTimeOffset time, TradeKind kind, string instrument, string buyOrder, string sellOrder,
        string buyer, string seller, long priceFen, long quantityT)
    {
        var value = checked(priceFen * quantityT);
        var trade = new Trade(_trades.Count + 1, time, kind, instrument, buyOrder, sellOrder, buyer, seller,
            priceFen, quantityT, BuyerFee(value), SellerFee(value));
        Accounts.Settle(new SettlementInstruction(instrument, buyer, seller, quantityT, value, trade.BuyerFeeFen,
            trade.SellerFeeFen, TradingDay, SellableFrom));
        _trades.Add(trade);
        return trade;
    }

    /// <summary>The first day units bought on <paramref name="day"/> can be sold under the rulebook's T+n.</summary>
    public static DateOnly SellableDate(TradingRulebook rules, DateOnly day)
    {
        var d = day;
        for (var i = 0; i < rules.BoughtUnitsSellableAfterDays; i++)
            d = rules.Calendar.NextTradingDay(d) ?? d.AddDays(1);
        return d;
    }
}
