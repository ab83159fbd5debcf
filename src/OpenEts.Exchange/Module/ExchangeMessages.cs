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

/// <summary>A trading day was opened.</summary>
public sealed record TradingDayOpened(string Instrument, DateOnly TradingDay, long PreviousCloseFen) : Event;

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
