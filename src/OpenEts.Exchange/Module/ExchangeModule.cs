// The exchange as an engine module: listing trading decided against the module's own state.
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>Registers the exchange's state, commands and events with the engine.</summary>
public sealed class ExchangeModule : IModule
{
    /// <inheritdoc />
    public void Register(ModuleBuilder builder)
    {
        builder.State("exchange", () => new ExchangeState())
            .Command<OpenTradingDay>("exchange.open_trading_day", Open)
            .Command<DepositHoldings>("exchange.deposit_holdings", Deposit)
            .Command<PlaceOrder>("exchange.place_order", Place)
            .Command<CancelOrder>("exchange.cancel_order", Cancel)
            .Command<CloseTradingDay>("exchange.close_trading_day", Close)
            .Event<TradingDayOpened>("exchange.trading_day_opened", Apply)
            .Event<HoldingsDeposited>("exchange.holdings_deposited", Apply)
            .Event<OrderAccepted>("exchange.order_accepted", Apply)
            .Event<TradeExecuted>("exchange.trade_executed", Apply)
            .Event<OrderCancelled>("exchange.order_cancelled", Apply)
            .Event<TradingDayClosed>("exchange.trading_day_closed", Apply);
    }

    private static void Apply(World world, Event e) => world.Get<ExchangeState>().Apply(e);

    private static Rejection? Open(DecisionContext ctx, OpenTradingDay cmd)
    {
        var state = ctx.World.Get<ExchangeState>();
        if (state.Day(cmd.Instrument) is not null)
            return new Rejection(ExchangeRejections.DuplicateId, $"{cmd.Instrument} already has an open trading day.");
        if (!state.Rules.Calendar.IsTradingDay(cmd.TradingDay))
            return new Rejection(ExchangeRejections.MarketClosed, $"{cmd.TradingDay:yyyy-MM-dd} is not a trading day.");
        if (cmd.PreviousCloseFen <= 0 || cmd.PreviousCloseFen > 1_000_000_00)
            return new Rejection(ExchangeRejections.PriceOutsideBand, "The previous close must be a positive price.");
        ctx.Emit(new TradingDayOpened(cmd.Instrument, cmd.TradingDay, cmd.PreviousCloseFen));
        return null;
    }

    private static Rejection? Deposit(DecisionContext ctx, DepositHoldings cmd)
    {
        if (cmd.UnitsT < 0 || cmd.CashFen < 0)
            return new Rejection(ExchangeRejections.QuantityOutOfRange, "Deposits are not negative.");
        ctx.Emit(new HoldingsDeposited(cmd.Account, cmd.Instrument, cmd.UnitsT, cmd.CashFen));
        return null;
    }

    private static Rejection? Place(DecisionContext ctx, PlaceOrder cmd)
    {
        if (ctx.World.Get<ExchangeState>().Day(cmd.Instrument) is not { } day)
            return new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {cmd.Instrument}.");
        if (day.Market.Check(ctx.Time, cmd.OrderId, cmd.Account, cmd.Side, cmd.PriceFen, cmd.QuantityT) is { } rejection)
            return rejection;
        var before = day.Ledger.Trades.Count;
        ctx.Emit(new OrderAccepted(cmd.Instrument, ctx.Time, cmd.OrderId, cmd.Account, cmd.Side, cmd.PriceFen, cmd.QuantityT));
        for (var i = before; i < day.Ledger.Trades.Count; i++)
        {
            var t = day.Ledger.Trades[i];
            ctx.Emit(new TradeExecuted(t.Instrument, t.Sequence, t.BuyOrder, t.SellOrder, t.Buyer, t.Seller, t.PriceFen, t.QuantityT, t.BuyerFeeFen, t.SellerFeeFen));
        }
        return null;
    }

    private static Rejection? Cancel(DecisionContext ctx, CancelOrder cmd)
    {
        if (ctx.World.Get<ExchangeState>().Day(cmd.Instrument) is not { } day)
            return new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {cmd.Instrument}.");
        if (!day.Ledger.Rules.ListingOpen(ctx.Time) || DateOnly.FromDateTime(day.Ledger.Rules.LocalTime(ctx.Time)) != day.Ledger.TradingDay)
            return new Rejection(ExchangeRejections.MarketClosed, "Orders can be cancelled only during the day's listing sessions.");
        var order = day.Market.OpenOrders.FirstOrDefault(o => o.OrderId == cmd.OrderId);
        if (order.OrderId is null)
            return new Rejection(ExchangeRejections.UnknownId, $"No open order {cmd.OrderId}.");
        if (order.Account != cmd.Account)
            return new Rejection(ExchangeRejections.NotYours, $"Order {cmd.OrderId} belongs to another account.");
        ctx.Emit(new OrderCancelled(cmd.Instrument, ctx.Time, cmd.OrderId, cmd.Account));
        return null;
    }

    private static Rejection? Close(DecisionContext ctx, CloseTradingDay cmd)
    {
        if (ctx.World.Get<ExchangeState>().Day(cmd.Instrument) is not { } day)
            return new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {cmd.Instrument}.");
        var stats = DailyStatistics.From(day.Ledger.Trades, cmd.Instrument, day.Ledger.TradingDay, day.Market.PreviousCloseFen, day.Ledger.Rules.CloseIncludesBlockTrades);
        ctx.Emit(new TradingDayClosed(cmd.Instrument, day.Ledger.TradingDay, stats.CloseFen, stats.VolumeT, stats.ValueFen));
        return null;
    }
}
