// The exchange module in the engine's decision loop with the registry: orders lock in the registry, each
// trade settles as one linked transfer, cancels and the close unlock, rejections change nothing, T+1 holds,
// self-trades are prevented, and a snapshot restores the same state.
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class ExchangeModuleTests
{
    private static readonly DateTimeOffset Afternoon = new(2021, 7, 19, 14, 0, 0, Beijing);
    private static readonly DateTimeOffset Close = new(2021, 7, 19, 15, 0, 0, Beijing);
    private static readonly DateTimeOffset NextMorning = new(2021, 7, 20, 9, 45, 0, Beijing);

    [Fact]
    public void A_sell_order_locks_its_units_in_the_registry()
    {
        var floor = new TradingFloor();
        var outcome = floor.Order(Seller, "s1", Side.Sell, 51_50, 3_000);
        var locked = Assert.IsType<UnitsLocked>(outcome.Events[0]);
        Assert.Equal(("order:20210719:CEA21:s1", Seller, "CEA21", 3_000L, LockReason.Order), (locked.LockId, locked.AccountId, locked.ClassId, locked.Quantity, locked.Reason));
        Assert.IsType<OrderAccepted>(outcome.Events[1]);
        Assert.Equal((SellerUnitsT, 3_000L), (floor.Units(Seller), floor.LockedUnits(Seller)));
    }

    [Fact]
    public void A_crossing_order_settles_as_one_linked_transfer_from_both_locks()
    {
        var floor = new TradingFloor();
        floor.Order(Seller, "s1", Side.Sell, 51_50, 3_000);
        var outcome = floor.Order(Buyer, "b1", Side.Buy, 52_00, 1_000);
        Assert.True(outcome.Accepted);
        Assert.Equal(["UnitsLocked", "OrderAccepted", "UnitsTransferred", "UnitsTransferred", "TradeExecuted"], outcome.Events.Select(e => e.GetType().Name));
        var units = Assert.IsType<UnitsTransferred>(outcome.Events[2]);
        var cash = Assert.IsType<UnitsTransferred>(outcome.Events[3]);
        Assert.Equal((Seller, Buyer, "CEA21", 1_000L), (units.From, units.To, units.ClassId, units.Quantity));
        Assert.Equal((Buyer, Seller, "CNY", 51_500_00L), (cash.From, cash.To, cash.ClassId, cash.Quantity));
        var trade = Assert.IsType<TradeExecuted>(outcome.Events[4]);
        Assert.Equal(("b1", "s1", 51_50L, 1_000L), (trade.BuyOrder, trade.SellOrder, trade.PriceFen, trade.QuantityT));
        // The buyer locked exactly what the fill cost (at the maker's 51.50, not its 52.00 limit): nothing stays locked.
        Assert.Equal((1_000L, BuyerCashFen - 51_500_00, 0L), (floor.Units(Buyer), floor.Cash(Buyer), floor.LockedCash(Buyer)));
        Assert.Equal((SellerUnitsT - 1_000, 2_000L, 51_500_00L), (floor.Units(Seller), floor.LockedUnits(Seller), floor.Cash(Seller)));
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void Each_trade_and_cancel_moves_or_releases_the_locks_named_after_its_orders()
    {
        var floor = new TradingFloor();
        const string resting = "resting-buy-with-a-32-char-id-00";  // the longest order id
        floor.Order(Seller, "s1", Side.Sell, 51_50, 3_000);
        floor.Order(Buyer, resting, Side.Buy, 50_00, 1_000);
        var bought = floor.Order(Buyer, "b1", Side.Buy, 52_00, 1_000);
        Assert.Equal(["order:20210719:CEA21:s1", "order:20210719:CEA21:b1"], bought.Events.OfType<UnitsTransferred>().Select(t => t.LockId));
        var sold = floor.Order(Seller, "s2", Side.Sell, 50_00, 500);
        Assert.Equal(["order:20210719:CEA21:s2", $"order:20210719:CEA21:{resting}"], sold.Events.OfType<UnitsTransferred>().Select(t => t.LockId));
        var cancelled = floor.Must(Buyer, new CancelOrder("CEA21", resting, Buyer));
        var released = Assert.IsType<UnitsUnlocked>(cancelled.Events[0]);
        Assert.Equal(($"order:20210719:CEA21:{resting}", 25_000_00L), (released.LockId, released.Quantity));
        Assert.Equal(1, floor.OrderLocks);  // s1's rest
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void A_resting_buy_locks_cash_at_its_limit_and_a_cancel_releases_it()
    {
        var floor = new TradingFloor();
        floor.Order(Buyer, "b1", Side.Buy, 50_00, 2_000);
        Assert.Equal(100_000_00, floor.LockedCash(Buyer));
        var cancel = floor.Must(Buyer, new CancelOrder("CEA21", "b1", Buyer));
        Assert.Equal(["UnitsUnlocked", "OrderCancelled"], cancel.Events.Select(e => e.GetType().Name));
        Assert.Equal((0L, 0), (floor.LockedCash(Buyer), floor.OrderLocks));
        Assert.Equal(BuyerCashFen, floor.Cash(Buyer));
    }

    [Fact]
    public void The_close_releases_every_open_order_lock()
    {
        var floor = new TradingFloor();
        floor.Order(Seller, "s1", Side.Sell, 53_00, 3_000);
        floor.Order(Buyer, "b1", Side.Buy, 50_00, 2_000);
        floor.Order(Buyer, "b2", Side.Buy, 51_00, 500);
        Assert.Equal(3, floor.OrderLocks);
        var closed = floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), Close);
        Assert.Equal(3, closed.Events.Count(e => e is UnitsUnlocked));
        Assert.Equal(51_23, Assert.IsType<TradingDayClosed>(closed.Events[^1]).CloseFen);
        Assert.Equal((0, 0L, 0L), (floor.OrderLocks, floor.LockedCash(Buyer), floor.LockedUnits(Seller)));
    }

    [Fact]
    public void A_rejected_order_emits_nothing_and_gives_its_code()
    {
        var floor = new TradingFloor();
        floor.OpenMember("cement-c", 0, 0);
        Assert.Equal("price_outside_band", floor.Rejects(Buyer, new PlaceOrder("CEA21", "b1", Buyer, Side.Buy, 56_36, 1)));
        Assert.Equal("insufficient_units", floor.Rejects(Buyer, new PlaceOrder("CEA21", "s1", Buyer, Side.Sell, 51_23, 1)));
        Assert.Equal("insufficient_cash", floor.Rejects("cement-c", new PlaceOrder("CEA21", "b1", "cement-c", Side.Buy, 51_23, 1)));
        Assert.Equal("market_closed", floor.Rejects(Buyer, new PlaceOrder("CEA21", "b2", Buyer, Side.Buy, 51_23, 1), new DateTimeOffset(2021, 7, 19, 12, 0, 0, Beijing)));
        Assert.Equal("quantity_out_of_range", floor.Rejects(Buyer, new PlaceOrder("CEA21", "b3", Buyer, Side.Buy, 51_23, 100_000)));
        Assert.Equal("not_yours", floor.Rejects(Buyer, new PlaceOrder("CEA21", "s2", Seller, Side.Sell, 51_23, 1)));
        Assert.Equal("unknown_account", floor.Rejects(Buyer, new PlaceOrder("CEA21", "b4", "nobody", Side.Buy, 51_23, 1)));
        Assert.Equal("invalid_id", floor.Rejects(Buyer, new PlaceOrder("CEA21", "b 5", Buyer, Side.Buy, 51_23, 1)));
        Assert.Equal("unknown_id", floor.Rejects(Buyer, new CancelOrder("CEA21", "nope", Buyer)));
        Assert.Equal("not_authorized", floor.Rejects(Buyer, new CloseTradingDay("CEA21"), Close));
    }

    [Fact]
    public void A_member_cannot_cancel_another_members_order()
    {
        var floor = new TradingFloor();
        floor.Order(Seller, "s1", Side.Sell, 53_00, 3_000);
        Assert.Equal("not_yours", floor.Rejects(Buyer, new CancelOrder("CEA21", "s1", Seller)));
        Assert.Equal("not_yours", floor.Rejects(Buyer, new CancelOrder("CEA21", "s1", Buyer)));
    }

    [Fact]
    public void A_frozen_account_cannot_order_and_its_resting_order_does_not_trade()
    {
        var floor = new TradingFloor();
        floor.Order(Seller, "s1", Side.Sell, 51_50, 3_000);
        floor.Must(MarketSetup.Regulator, new FreezeAccount(Seller, "court order"));
        Assert.Equal("account_frozen", floor.Rejects(Seller, new PlaceOrder("CEA21", "s2", Seller, Side.Sell, 51_50, 1)));
        Assert.Equal("counterparty_unavailable", floor.Rejects(Buyer, new PlaceOrder("CEA21", "b1", Buyer, Side.Buy, 51_50, 1_000)));
    }

    [Fact]
    public void Units_bought_today_are_sellable_from_the_next_trading_day()
    {
        var floor = new TradingFloor();
        floor.Order(Seller, "s1", Side.Sell, 51_50, 1_000);
        floor.Order(Buyer, "b1", Side.Buy, 51_50, 1_000);
        Assert.Equal(1_000, floor.Units(Buyer));
        Assert.Equal("units_not_yet_sellable", floor.Rejects(Buyer, new PlaceOrder("CEA21", "s2", Buyer, Side.Sell, 51_50, 1), Afternoon));
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), Close);
        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", Monday.AddDays(1), 51_50), NextMorning);
        floor.Must(Buyer, new PlaceOrder("CEA21", "s2", Buyer, Side.Sell, 51_50, 1_000), NextMorning);
        Assert.Equal(1_000, floor.LockedUnits(Buyer));
    }

    [Fact]
    public void Units_bought_today_cannot_leave_by_a_transfer_to_be_sold_elsewhere_the_same_day()
    {
        // The buyer's 1,000 t bought today would otherwise be moved to another account and sold from there at once.
        var floor = new TradingFloor();
        floor.OpenMember("other", 0, 0);
        floor.Order(Seller, "s1", Side.Sell, 51_50, 1_000);
        floor.Order(Buyer, "b1", Side.Buy, 51_50, 1_000);
        var refused = floor.Submit(Buyer, new Transfer(Buyer, "other", "CEA21", 300), Afternoon);
        Assert.Equal(("units_not_yet_sellable", $"{Buyer} bought 1,000 t of CEA21 that may leave it from the next trading day (T+1), by sale or by transfer; 0 t may move now."),
            (refused.Rejection?.Code, refused.Rejection?.Message));
        Assert.Equal("units_not_yet_sellable", floor.Rejects(Buyer, new LinkedTransfer([new TransferLeg(Buyer, "other", "CEA21", 1)]), Afternoon));
        Assert.Equal(0, floor.Units("other"));

        // Units held before today move as before (the seller's), and so do units received other than by a purchase.
        floor.Must(Seller, new Transfer(Seller, "other", "CEA21", 100), Afternoon);
        floor.Must(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", Buyer, "CEA21", 50), Afternoon);
        floor.Must(Buyer, new Transfer(Buyer, "other", "CEA21", 50), Afternoon);
        Assert.Equal("units_not_yet_sellable", floor.Rejects(Buyer, new Transfer(Buyer, "other", "CEA21", 1), Afternoon));

        // From the next trading day they move.
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), Close);
        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", Monday.AddDays(1), 51_50), NextMorning);
        floor.Must(Buyer, new Transfer(Buyer, "other", "CEA21", 1_000), NextMorning);
        Assert.Equal(1_150, floor.Units("other"));
    }

    [Fact]
    public void Units_held_before_today_stay_sellable_beside_units_bought_today()
    {
        var floor = new TradingFloor();
        floor.Order(Seller, "s1", Side.Sell, 51_50, 1_000);
        floor.Order(Buyer, "b1", Side.Buy, 51_50, 1_000);
        // The seller bought nothing today: all its remaining units are sellable; the buyer holds only today's units.
        Assert.True(floor.Order(Seller, "s2", Side.Sell, 51_50, SellerUnitsT - 1_000, Afternoon).Accepted);
        floor.Must(MarketSetup.RegistryOperator, new Transfer("cn-ISSUANCE", Buyer, "CEA21", 1), Afternoon);
        Assert.True(floor.Order(Buyer, "s3", Side.Sell, 51_50, 1, Afternoon).Accepted);
        Assert.Equal("units_not_yet_sellable", floor.Rejects(Buyer, new PlaceOrder("CEA21", "s4", Buyer, Side.Sell, 51_50, 1), Afternoon));
    }

    [Fact]
    public void An_order_that_would_only_trade_with_its_own_account_is_rejected()
    {
        var floor = new TradingFloor();
        floor.OpenMember("trader-c", 5_000, 1_000_000_00);
        floor.Order("trader-c", "s1", Side.Sell, 51_50, 1_000);
        Assert.Equal("self_trade_prevented", floor.Rejects("trader-c", new PlaceOrder("CEA21", "b1", "trader-c", Side.Buy, 51_60, 500)));
        // An order that does not cross its own resting order is no self-trade.
        Assert.True(floor.Order("trader-c", "b2", Side.Buy, 51_40, 500).Accepted);
    }

    [Fact]
    public void Self_trade_prevention_trades_up_to_the_own_order_and_cancels_the_rest()
    {
        var floor = new TradingFloor();
        floor.OpenMember("trader-c", 5_000, 1_000_000_00);
        floor.Order(Seller, "s1", Side.Sell, 51_40, 300);
        floor.Order("trader-c", "s2", Side.Sell, 51_50, 1_000);
        floor.Order(Seller, "s3", Side.Sell, 51_60, 1_000);
        var outcome = floor.Order("trader-c", "b1", Side.Buy, 51_60, 2_000);
        Assert.True(outcome.Accepted);
        var trade = Assert.Single(outcome.Events.OfType<TradeExecuted>());
        Assert.Equal(("s1", 300L), (trade.SellOrder, trade.QuantityT));
        Assert.Equal(1_700, Assert.IsType<SelfTradePrevented>(outcome.Events[^1]).CancelledT);
        var market = floor.Exchange.Day("CEA21")!.Market;
        Assert.False(market.IsOpen("b1"));
        Assert.True(market.IsOpen("s2") && market.IsOpen("s3"));
        // Only the own sell order's lock remains for trader-c; the buy locked exactly its one fill.
        Assert.Equal((0L, 1_000L), (floor.LockedCash("trader-c"), floor.LockedUnits("trader-c")));
        Assert.Equal(1_000_000_00 - 300 * 51_40, floor.Cash("trader-c"));
    }

    [Fact]
    public void Fees_in_the_rulebook_go_to_the_fee_account_and_a_done_buy_leaves_no_lock()
    {
        var rules = TradingRulebook.National with { BuyerFeeBasisPoints = 15, SellerFeeBasisPoints = 15 };
        var floor = new TradingFloor(rules);
        floor.Order(Buyer, "b1", Side.Buy, 51_50, 999);
        Assert.Equal("fee_account_missing", floor.Rejects(Seller, new PlaceOrder("CEA21", "s1", Seller, Side.Sell, 51_00, 333)));
        floor.OpenMember(ExchangeModule.DefaultFeeAccount, 0, 0);
        floor.Order(Seller, "s1", Side.Sell, 51_00, 333);
        floor.Order(Seller, "s2", Side.Sell, 51_00, 666);
        // Each fill trades at the buy's 51.50: value 17,149.50 and 34,299.00 yuan; 0.15% each side, half up to the fen.
        const long fee1 = 25_72, fee2 = 51_45;
        Assert.Equal(2 * (fee1 + fee2), floor.Cash(ExchangeModule.DefaultFeeAccount));
        Assert.Equal(999 * 51_50 - fee1 - fee2, floor.Cash(Seller));
        Assert.Equal(BuyerCashFen - 999 * 51_50 - fee1 - fee2, floor.Cash(Buyer));
        Assert.Equal((0L, 0), (floor.LockedCash(Buyer), floor.OrderLocks));
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void A_restored_snapshot_has_the_same_book_locks_and_next_decision()
    {
        var floor = new TradingFloor();
        floor.Order(Seller, "s1", Side.Sell, 51_50, 3_000);
        floor.Order(Seller, "s2", Side.Sell, 51_40, 2_000);
        floor.Order(Buyer, "b1", Side.Buy, 51_45, 2_500);
        var copy = new ModuleCatalog(new RegistryModule(), new ExchangeModule()).CreateWorld();
        copy.Restore(floor.World.Snapshot());
        Assert.Equal(floor.World.StateHash(), copy.StateHash());
        var next = new CommandEnvelope("n", Buyer, Morning, new PlaceOrder("CEA21", "s9", Buyer, Side.Sell, 51_45, 2_000));
        // The buyer's 2,000 t were bought today: the copy remembers that too.
        Assert.Equal("units_not_yet_sellable", DecisionContext.Decide(copy, next).Rejection?.Code);
        var buy = new CommandEnvelope("m", Buyer, Morning, new PlaceOrder("CEA21", "b2", Buyer, Side.Buy, 51_50, 4_000));
        Assert.Equal(DecisionContext.Decide(floor.World, buy).Events, DecisionContext.Decide(copy, buy).Events);
        Assert.Equal(floor.World.StateHash(), copy.StateHash());
    }
}
