// The exchange's commands and events for the engine: listing trading settled through the registry.
using OpenEts.Core;
using System.Text.Json.Serialization;

namespace OpenEts.Exchange;

/// <summary>Opens a trading day for an instrument (a registry unit class), with the previous close that sets the band.</summary>
public sealed record OpenTradingDay(string Instrument, DateOnly TradingDay, long PreviousCloseFen) : Command;

/// <summary>A new limit order of a registry account; the command's time is the order's time.</summary>
public sealed record PlaceOrder(string Instrument, string OrderId, string Account, Side Side, long PriceFen, long QuantityT) : Command;

/// <summary>Cancels a resting order and releases its lock.</summary>
public sealed record CancelOrder(string Instrument, string OrderId, string Account) : Command;

/// <summary>Closes the trading day: open orders are cancelled and unlocked, the official close is fixed.</summary>
public sealed record CloseTradingDay(string Instrument) : Command;

/// <summary>Proposes a block trade from the proposer's account to a named counterparty account (afternoon session).</summary>
public sealed record ProposeBlockTrade(string Instrument, string ProposalId, string Proposer, string Counterparty, Side ProposerSide, long PriceFen, long QuantityT) : Command;

/// <summary>The named counterparty accepts a block proposal: the trade is made and settled at once.</summary>
public sealed record AcceptBlockTrade(string Instrument, string ProposalId, string Account) : Command;

/// <summary>The counterparty declines, or the proposer withdraws, a block proposal.</summary>
public sealed record DeclineBlockTrade(string Instrument, string ProposalId, string Account) : Command;

/// <summary>
/// A trading day was opened under the named rulebook (cn-national for allowances, cn-ccer for CCER; null in older journals:
/// the allowance rulebook), with the terms its book and settlement follow, as that rulebook stated them then: a replay
/// builds the day from them, so a later change of the rulebook (a band, the tick, fees, a holiday) does not change how
/// an old day replays. Older journals carry none: the named rulebook as it stands.
/// </summary>
public sealed record TradingDayOpened(string Instrument, DateOnly TradingDay, long PreviousCloseFen, string? Rulebook = null) : Event
{
    /// <summary>The listing band, ± percent of the previous close.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ListingBandPercent { get; init; }

    /// <summary>The block band, ± percent of the previous close.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BlockBandPercent { get; init; }

    /// <summary>How the band's limits are rounded to the tick.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BandRounding? BandRounding { get; init; }

    /// <summary>The price tick, fen.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TickFen { get; init; }

    /// <summary>What matching does with an order that would trade with its own account.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SelfTradePrevention? SelfTradePrevention { get; init; }

    /// <summary>The buyer's fee, basis points.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BuyerFeeBasisPoints { get; init; }

    /// <summary>The seller's fee, basis points.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SellerFeeBasisPoints { get; init; }

    /// <summary>The first day units bought on this day may be sold (T+1 on the calendar as it stood).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? UnitsSellableFrom { get; init; }

    /// <summary>The day's rules: <paramref name="named"/> with the terms this event recorded (itself when it recorded none that differ).</summary>
    public TradingRulebook RulesFrom(TradingRulebook named)
    {
        ArgumentNullException.ThrowIfNull(named);
        var rules = named with
        {
            ListingBandPercent = ListingBandPercent ?? named.ListingBandPercent,
            BlockBandPercent = BlockBandPercent ?? named.BlockBandPercent,
            BandRounding = BandRounding ?? named.BandRounding,
            TickFen = TickFen ?? named.TickFen,
            SelfTradePrevention = SelfTradePrevention ?? named.SelfTradePrevention,
            BuyerFeeBasisPoints = BuyerFeeBasisPoints ?? named.BuyerFeeBasisPoints,
            SellerFeeBasisPoints = SellerFeeBasisPoints ?? named.SellerFeeBasisPoints,
        };
        return rules == named ? named : rules;
    }

    /// <summary>The event for a day opened now under <paramref name="rules"/>, its terms recorded.</summary>
    public static TradingDayOpened Under(TradingRulebook rules, string instrument, DateOnly tradingDay, long previousCloseFen)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new(instrument, tradingDay, previousCloseFen, rules.Market)
        {
            ListingBandPercent = rules.ListingBandPercent,
            BlockBandPercent = rules.BlockBandPercent,
            BandRounding = rules.BandRounding,
            TickFen = rules.TickFen,
            SelfTradePrevention = rules.SelfTradePrevention,
            BuyerFeeBasisPoints = rules.BuyerFeeBasisPoints,
            SellerFeeBasisPoints = rules.SellerFeeBasisPoints,
            UnitsSellableFrom = TradeLedger.SellableDate(rules, tradingDay),
        };
    }
}

/// <summary>An order was accepted; applying it matches it on the book (deterministically, as decided).</summary>
public sealed record OrderAccepted(string Instrument, DateTimeOffset Time, string OrderId, string Account, Side Side, long PriceFen, long QuantityT) : Event;

/// <summary>A trade the preceding <see cref="OrderAccepted"/> made, settled by the registry events before it (for readers).</summary>
public sealed record TradeExecuted(string Instrument, long Sequence, string BuyOrder, string SellOrder, string Buyer, string Seller, long PriceFen, long QuantityT, long BuyerFeeFen, long SellerFeeFen) : Event;

/// <summary>Self-trade prevention cancelled the rest of an incoming order (for readers).</summary>
public sealed record SelfTradePrevented(string Instrument, string OrderId, string Account, long CancelledT) : Event;

/// <summary>A resting order was cancelled.</summary>
public sealed record OrderCancelled(string Instrument, DateTimeOffset Time, string OrderId, string Account) : Event;

/// <summary>The day closed with its official close and figures.</summary>
public sealed record TradingDayClosed(string Instrument, DateOnly TradingDay, long CloseFen, long VolumeT, long ValueFen) : Event;

/// <summary>A block trade was proposed and the proposer's side locked.</summary>
public sealed record BlockTradeProposed(string Instrument, DateTimeOffset Time, string ProposalId, string Proposer, string Counterparty, Side ProposerSide, long PriceFen, long QuantityT) : Event;

/// <summary>A block proposal was accepted; the trade and its settlement follow.</summary>
public sealed record BlockTradeAccepted(string Instrument, DateTimeOffset Time, string ProposalId, string Account) : Event;

/// <summary>A block proposal was declined or withdrawn and its lock released.</summary>
public sealed record BlockTradeDeclined(string Instrument, DateTimeOffset Time, string ProposalId, string Account) : Event;
