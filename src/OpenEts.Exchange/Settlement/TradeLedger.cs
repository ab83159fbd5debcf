// Records every trade of a trading day and settles it at once from the locks (delivery versus payment).
using System.Text.Json;
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

    /// <summary>
    /// Writes the day's trades into a snapshot, each as [sequence, time, kind, buy order, sell order, buyer, seller, price,
    /// quantity, buyer's fee, seller's fee] (the instrument is the day's).
    /// </summary>
    internal void WriteTrades(Utf8JsonWriter writer, string instrument)
    {
        writer.WriteStartArray();
        foreach (var t in _trades)
        {
            Invariant.Assert(t.Instrument == instrument, "A day's trades are of its instrument.");
            writer.WriteStartArray();
            writer.WriteNumberValue(t.Sequence);
            writer.WriteStringValue(t.Time);
            writer.WriteStringValue(t.Kind == TradeKind.Listing ? "listing" : t.Kind == TradeKind.Block ? "block" : "auction");
            writer.WriteStringValue(t.BuyOrder);
            writer.WriteStringValue(t.SellOrder);
            writer.WriteStringValue(t.Buyer);
            writer.WriteStringValue(t.Seller);
            writer.WriteNumberValue(t.PriceFen);
            writer.WriteNumberValue(t.QuantityT);
            writer.WriteNumberValue(t.BuyerFeeFen);
            writer.WriteNumberValue(t.SellerFeeFen);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    /// <summary>Reads what <see cref="WriteTrades"/> wrote into this new ledger: the trades as they were, settled already (the registry holds what they moved).</summary>
    internal void ReadTrades(JsonElement trades, string instrument)
    {
        Invariant.Assert(_trades.Count == 0, "A day's trades are read into a new ledger.");
        foreach (var t in trades.EnumerateArray())
        {
            var kind = t[2].GetString() switch
            {
                "listing" => TradeKind.Listing,
                "block" => TradeKind.Block,
                "auction" => TradeKind.Auction,
                var other => throw new JsonException($"Not a kind of trade: {other}."),
            };
            var sequence = t[0].GetInt64();
            if (sequence != _trades.Count + 1)
                throw new JsonException($"Trade {sequence} of the snapshot is not the day's next ({_trades.Count + 1}).");
            _trades.Add(new Trade(sequence, t[1].GetDateTimeOffset(), kind, instrument, Text(t[3]), Text(t[4]), Text(t[5]), Text(t[6]),
                t[7].GetInt64(), t[8].GetInt64(), t[9].GetInt64(), t[10].GetInt64()));
        }
    }

    private static string Text(JsonElement e) => e.GetString() ?? throw new JsonException("A null name in a trade of the snapshot.");

    /// <summary>The first day units bought on <paramref name="day"/> can be sold under the rulebook's T+n.</summary>
    public static DateOnly SellableDate(TradingRulebook rules, DateOnly day)
    {
        var d = day;
        for (var i = 0; i < rules.BoughtUnitsSellableAfterDays; i++)
            d = rules.Calendar.NextTradingDay(d) ?? d.AddDays(1);
        return d;
    }
}
