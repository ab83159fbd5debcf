// Records every trade of a trading day and settles it at once from the locks (delivery versus payment).
using OpenEts.Core;

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
    public TradeLedger(TradingRulebook rules, IAccountBook accounts, DateOnly tradingDay, DateOnly? sellableFrom = null)
    {
        Rules = rules;
        Accounts = accounts;
        TradingDay = tradingDay;
        SellableFrom = sellableFrom ?? SellableDate(rules, tradingDay);
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
    /// The most one order, proposal, bid or auction may be worth at its price, buyer's fee included, fen: the registry's
    /// largest quantity (10^15 fen, ten trillion yuan), so no cash figure of it can overflow.
    /// </summary>
    public const long MaxValueFen = OpenEts.Registry.RegistryState.MaxQuantity;

    /// <summary>
    /// <c>quantity_out_of_range</c> when <paramref name="quantityT"/> at <paramref name="priceFen"/> is worth more than
    /// <see cref="MaxValueFen"/> (the cash locked for it included); null otherwise. Computed without overflow for any input.
    /// </summary>
    public Rejection? CheckValue(long priceFen, long quantityT)
    {
        if (priceFen <= 0 || quantityT <= 0)
            return null;
        var worth = (Int128)priceFen * quantityT;
        var locked = worth + (worth * Rules.BuyerFeeBasisPoints + 9_999) / 10_000 + quantityT;
        return locked <= MaxValueFen ? null
            : new Rejection(ExchangeRejections.QuantityOutOfRange,
                $"{quantityT:N0} t at {priceFen / 100m:N2} yuan is worth more than one order, proposal, bid or auction may move ({MaxValueFen / 100:N0} yuan).");
    }

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
