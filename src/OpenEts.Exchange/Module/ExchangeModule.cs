// The exchange as an engine module: listing trading decided against the exchange's book and the registry's
// balances; locks, releases and settlement run as registry commands on behalf of the exchange operator.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>
/// Registers the exchange's state, commands and events with the engine. Runs beside the registry module.
/// Allowance classes trade under <c>rules</c> (default cn-national), serialized credit classes under
/// <c>creditRules</c> (default cn-ccer); one-way bidding follows <c>auctionRules</c> (default cn-national-auctions).
/// Allowance classes of a registry market whose rulebook is a pilot's trade under it (<c>pilotRules</c>, default cn-beijing).
/// </summary>
public sealed class ExchangeModule(TradingRulebook? rules = null, string feeAccount = ExchangeModule.DefaultFeeAccount, TradingRulebook? creditRules = null,
    AuctionRulebook? auctionRules = null, IReadOnlyList<TradingRulebook>? pilotRules = null) : IModule
{
    /// <summary>The registry account that collects trading fees (needed only when the rulebook charges fees).</summary>
    public const string DefaultFeeAccount = "exchange-fees";

    /// <summary>The most <see cref="ExpectedOrdersPerDay"/> may be: 100,000,000 (about 2.8 GB of index per open day).</summary>
    public const int MaxExpectedOrdersPerDay = 100_000_000;

    /// <summary>
    /// Orders one instrument's listing day is expected to take (a busy day's): the day's index of order ids, which keeps
    /// every id entered that day, is made that large when the day opens, so it does not grow in the middle of trading. A
    /// day that a restart replays, or restores from a snapshot, makes that room only once it has taken
    /// <see cref="ListingMarket.SizedFrom"/> orders, so the quiet days of a long journal never hold it.
    /// Each growth copies the whole index into fresh memory, twice the size, on the large-object heap, and those copies
    /// bring full collections: at a million orders in a day, 'bench exchange --durable' ran one or two full collections
    /// of a 300 MB heap without this and none with it. The room is per open day of each instrument. 0 (the default): the
    /// index grows as needed. Sizing only: it changes no decision and nothing journaled. At most
    /// <see cref="MaxExpectedOrdersPerDay"/>.
    /// </summary>
    public int ExpectedOrdersPerDay
    {
        get;
        init => field = value is >= 0 and <= MaxExpectedOrdersPerDay
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"ExpectedOrdersPerDay must be between 0 and {MaxExpectedOrdersPerDay:N0}.");
    }

    private readonly InstrumentRulebooks _rules = new(rules ?? TradingRulebook.National, creditRules ?? TradingRulebook.Ccer)
    {
        Pilots = pilotRules ?? [TradingRulebook.Beijing],
    };

    /// <inheritdoc />
    public void Register(ModuleBuilder builder)
    {
        var orders = new ListingOrders(feeAccount);
        var blocks = new BlockTrades(feeAccount);
        var auctions = new Auctions(feeAccount);
        ExchangeWriters.Register(builder);
        builder.State("exchange", () => new ExchangeState(_rules, auctionRules) { ExpectedOrdersPerDay = ExpectedOrdersPerDay })
            .Command<OpenTradingDay>("exchange.open_trading_day", Open)
            .Command<PlaceOrder>("exchange.place_order", orders.Place)
            .Command<CancelOrder>("exchange.cancel_order", ListingOrders.Cancel)
            .Command<CloseTradingDay>("exchange.close_trading_day", Close)
            .Command<ProposeBlockTrade>("exchange.propose_block_trade", blocks.Propose)
            .Command<AcceptBlockTrade>("exchange.accept_block_trade", blocks.Accept)
            .Command<DeclineBlockTrade>("exchange.decline_block_trade", BlockTrades.Decline)
            .Command<AnnounceAuction>("exchange.announce_auction", Auctions.Announce)
            .Command<SubmitAuctionBid>("exchange.submit_auction_bid", Auctions.Bid)
            .Command<WithdrawAuctionBid>("exchange.withdraw_auction_bid", Auctions.Withdraw)
            .Command<ClearAuction>("exchange.clear_auction", auctions.Clear)
            .Command<FundReserve>("exchange.fund_reserve", ReserveFunding.Fund)
            .Command<PayProceeds>("exchange.pay_proceeds", ProceedsPayment.Pay)
            .Command<CancelUnsold>("exchange.cancel_unsold", UnsoldDisposal.Cancel)
            .Command<ReturnUnsold>("exchange.return_unsold", UnsoldDisposal.Return)
            .Command<HaltTrading>("exchange.halt_trading", TradingHalts.Halt)
            .Command<ResumeTrading>("exchange.resume_trading", TradingHalts.Resume)
            .Command<SetPositionAllocation>("exchange.set_position_allocation", PositionAllocations.Set)
            .Event<TradingDayOpened>("exchange.trading_day_opened", Apply)
            .Event<OrderAccepted>("exchange.order_accepted", Apply)
            .Event<TradeExecuted>("exchange.trade_executed", Apply)
            .Event<SelfTradePrevented>("exchange.self_trade_prevented", Apply)
            .Event<OrderCancelled>("exchange.order_cancelled", Apply)
            .Event<TradingDayClosed>("exchange.trading_day_closed", Apply)
            .Event<BlockTradeProposed>("exchange.block_trade_proposed", Apply)
            .Event<BlockTradeAccepted>("exchange.block_trade_accepted", Apply)
            .Event<BlockTradeDeclined>("exchange.block_trade_declined", Apply)
            .Event<AuctionAnnounced>("exchange.auction_announced", Apply)
            .Event<AuctionBidSubmitted>("exchange.auction_bid_submitted", Apply)
            .Event<AuctionBidWithdrawn>("exchange.auction_bid_withdrawn", Apply)
            .Event<AuctionCleared>("exchange.auction_cleared", Apply)
            .Event<TradingHalted>("exchange.trading_halted", Apply)
            .Event<TradingResumed>("exchange.trading_resumed", Apply)
            .Event<PositionAllocationSet>("exchange.position_allocation_set", Apply)
            // A report for the regulator and the market: the position it states is read from the registry, nothing is kept.
            .Event<LargeHolderCrossed>("exchange.large_holder_crossed", (_, _) => { })
            // The registry's transfer in the same entry carries the balances; the exchange keeps nothing of a funding.
            .Event<ReserveFunded>("exchange.reserve_funded", (_, _) => { })
            .Event<ProceedsPaid>("exchange.proceeds_paid", (_, _) => { })
            // Kept: what the latest auction left unsold and has not been cancelled bounds the next cancellation.
            .Event<UnsoldCancelled>("exchange.unsold_cancelled", Apply)
            .Event<UnsoldReturned>("exchange.unsold_returned", Apply);
    }

    /// <summary>
    /// Why bids and clearing of auctions of <paramref name="instrument"/> are refused at <paramref name="time"/>: the
    /// halt in force, in the sentence a refusal gives; null when none is.
    /// </summary>
    public static string? AuctionHalt(World world, string instrument, DateTimeOffset time) =>
        TradingHalts.AuctionRefusal(State(world), instrument, time)?.Message;

    /// <summary>The exchange state of a world, reading balances from the world's registry.</summary>
    public static ExchangeState State(World world)
    {
        var state = world.Get<ExchangeState>();
        state.Attach(world.Get<RegistryState>());
        return state;
    }

    /// <summary>
    /// Every check <c>exchange.announce_auction</c> makes, for a module that first puts <paramref name="unitsToArriveT"/>
    /// units into the selling account in the same decision (a step that can still reject must come before any event).
    /// </summary>
    public static Rejection? CheckAuctionAnnouncement(DecisionContext ctx, AnnounceAuction command, long unitsToArriveT) =>
        Auctions.CheckAnnounce(ctx, command, unitsToArriveT);

    private static void Apply(World world, Event e) => world.Get<ExchangeState>().Apply(e);

    /// <summary>Only the exchange operator runs trading days.</summary>
    internal static Rejection? RequireOperator(DecisionContext ctx, string what) =>
        ctx.World.Get<RegistryState>().RoleOf(ctx.Actor) != Role.ExchangeOperator
            ? new Rejection("not_authorized", $"'{ctx.Actor}' may not {what} (exchange operator only).")
            : ListingOrders.CheckExchangeIdentity(ctx.World.Get<RegistryState>());

    private static Rejection? Open(DecisionContext ctx, OpenTradingDay cmd)
    {
        var state = State(ctx.World);
        if (RequireOperator(ctx, "open trading days") is { } denied)
            return denied;
        if (cmd.Instrument is not { Length: <= ListingOrders.MaxInstrumentLength } || !ctx.World.Get<RegistryState>().Classes.TryGetValue(cmd.Instrument, out var cls)
            || cls.Type == UnitType.Cash || cls.MarketId is null)
            return new Rejection("unknown_unit_class", $"'{cmd.Instrument}' is not a unit class the registry holds.");
        if (state.Day(cmd.Instrument) is not null)
            return new Rejection(ExchangeRejections.DuplicateId, $"{cmd.Instrument} already has an open trading day.");
        var rulebook = state.Rulebooks.For(cls, ctx.World.Get<RegistryState>());
        if (!rulebook.Calendar.IsTradingDay(cmd.TradingDay))
            return new Rejection(ExchangeRejections.MarketClosed, $"{cmd.TradingDay:yyyy-MM-dd} is not a trading day.");
        if (cmd.PreviousCloseFen <= 0 || cmd.PreviousCloseFen > 1_000_000_00)
            return new Rejection(ExchangeRejections.PriceOutsideBand, "The previous close must be a positive price up to 1,000,000.00 yuan.");
        // The day's book is sized by its band: one too wide to hold is refused here, never met while applying the event.
        if (rulebook.BandTooWide(cmd.PreviousCloseFen) is { } tooWide)
            return new Rejection(ExchangeRejections.PriceOutsideBand, tooWide);
        // Once a day has closed, the next day's band is set from its official close, and days only move forward.
        if (state.LastClosedDay(cmd.Instrument) is { } lastDay && cmd.TradingDay <= lastDay)
            return new Rejection(ExchangeRejections.DayAlreadyClosed,
                $"{cmd.Instrument} closed its trading day of {lastDay:yyyy-MM-dd}; the next day it opens comes after it, not {cmd.TradingDay:yyyy-MM-dd}.");
        if (state.LastClose(cmd.Instrument) is { } lastClose && cmd.PreviousCloseFen != lastClose)
            return new Rejection(ExchangeRejections.PreviousCloseMismatch,
                $"The previous close of {cmd.Instrument} is its last official close, {new Fen(lastClose).ToYuanString()} yuan; {new Fen(cmd.PreviousCloseFen).ToYuanString()} yuan was given.");
        ctx.Emit(TradingDayOpened.Under(rulebook, cmd.Instrument, cmd.TradingDay, cmd.PreviousCloseFen));
        // The day opened now (not one a restart replays) makes room for its expected orders at once, before trading
        // starts. Sizing only: nothing decided, journaled or hashed changes.
        state.Day(cmd.Instrument)!.Market.MakeRoomForExpectedOrders();
        return null;
    }

    private static Rejection? Close(DecisionContext ctx, CloseTradingDay cmd)
    {
        var state = State(ctx.World);
        if (RequireOperator(ctx, "close trading days") is { } denied)
            return denied;
        if (state.Day(cmd.Instrument) is not { } day)
            return new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {cmd.Instrument}.");
        var registry = ctx.World.Get<RegistryState>();
        var exchange = ctx.OnBehalfOf(MarketSetup.ExchangeOperator);
        var lockIds = day.Market.OpenOrders.Select(o => ExchangeState.OrderLockId(cmd.Instrument, day.Ledger.TradingDay, o.OrderId))
            .Concat(day.Blocks.Pending.Keys.Order(StringComparer.Ordinal).Select(id => ExchangeState.BlockLockId(cmd.Instrument, day.Ledger.TradingDay, id)));
        foreach (var lockId in lockIds.ToArray())
        {
            if (registry.Locks.ContainsKey(lockId))
                Invariant.Assert(exchange.Run(new Unlock(lockId)) is null, "The exchange releases its own locks.");
        }
        var stats = state.DayStatistics(cmd.Instrument)!;
        ctx.Emit(new TradingDayClosed(cmd.Instrument, day.Ledger.TradingDay, stats.CloseFen, stats.VolumeT, stats.ValueFen));
        return null;
    }
}
