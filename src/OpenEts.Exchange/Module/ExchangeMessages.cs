// The exchange's commands and events for the engine (listing trading so far).
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>Opens a trading day for an instrument, with the previous close that sets the band.</summary>
public sealed record OpenTradingDay(string Instrument, DateOnly TradingDay, long PreviousCloseFen) : Command;

/// <summary>
/// Credits holdings the exchange may trade. Stands in for the registry until settlement is wired to it:
/// then the registry's balances and locks replace this command.
/// </summary>
public sealed record DepositHoldings(string Account, string Instrument, long UnitsT, long CashFen) : Command;

/// <summary>A new limit order; the actor's time is the order's time.</summary>
public sealed record PlaceOrder(string Instrument, string OrderId, string Account, Side Side, long PriceFen, long QuantityT) : Command;

/// <summary>Cancels a resting order.</summary>
public sealed record CancelOrder(string Instrument, string OrderId, string Account) : Command;

/// <summary>Closes the trading day: open orders are cancelled, the official close is fixed.</summary>
public sealed record CloseTradingDay(string Instrument) : Command;

/// <summary>A trading day was opened.</summary>
public sealed record TradingDayOpened(string Instrument, DateOnly TradingDay, long PreviousCloseFen) : Event;

/// <summary>Holdings were credited.</summary>
public sealed record HoldingsDeposited(string Account, string Instrument, long UnitsT, long CashFen) : Event;

/// <summary>An order was accepted; applying it locks, matches and settles (deterministically).</summary>
public sealed record OrderAccepted(string Instrument, DateTimeOffset Time, string OrderId, string Account, Side Side, long PriceFen, long QuantityT) : Event;

/// <summary>A trade the preceding <see cref="OrderAccepted"/> made (for readers; applying it changes nothing).</summary>
public sealed record TradeExecuted(string Instrument, long Sequence, string BuyOrder, string SellOrder, string Buyer, string Seller, long PriceFen, long QuantityT, long BuyerFeeFen, long SellerFeeFen) : Event;

/// <summary>A resting order was cancelled and its locks released.</summary>
public sealed record OrderCancelled(string Instrument, DateTimeOffset Time, string OrderId, string Account) : Event;

/// <summary>The day closed with its official close and figures.</summary>
public sealed record TradingDayClosed(string Instrument, DateOnly TradingDay, long CloseFen, long VolumeT, long ValueFen) : Event;
