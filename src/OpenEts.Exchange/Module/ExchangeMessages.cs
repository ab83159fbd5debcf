// The exchange's commands and events for the engine: listing trading settled through the registry.
using OpenEts.Core;

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

/// <summary>A trading day was opened under the named rulebook (cn-national for allowances, cn-ccer for CCER; null in older journals: the allowance rulebook).</summary>
public sealed record TradingDayOpened(string Instrument, DateOnly TradingDay, long PreviousCloseFen, string? Rulebook = null) : Event;

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
