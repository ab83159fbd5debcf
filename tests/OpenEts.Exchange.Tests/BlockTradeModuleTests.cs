// Block trades through the engine with the registry: proposal locks the proposer's side, acceptance settles
// as one linked transfer, declines and the close release the lock; session, size and band from cn-national.
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class BlockTradeModuleTests
{
    private static readonly DateTimeOffset Afternoon = new(2021, 7, 19, 13, 30, 0, Beijing);
    private const string Fund = "fund-c";

    private static TradingFloor Floor()
    {
        var floor = new TradingFloor();
        floor.OpenMember(Fund, 300_000, 0);
        return floor;
    }

    private static ProposeBlockTrade Sale(string id, long priceFen = 60_00, long quantityT = 100_000) =>
        new("CEA21", id, Fund, Buyer, Side.Sell, priceFen, quantityT);

    [Fact]
    public void An_accepted_block_trade_settles_units_and_cash_in_one_linked_transfer()
    {
        var floor = Floor();
        floor.Must(Fund, Sale("k1"), Afternoon);
        Assert.Equal(100_000, floor.LockedUnits(Fund));
        var outcome = floor.Must(Buyer, new AcceptBlockTrade("CEA21", "k1", Buyer), Afternoon);
        Assert.Equal(["BlockTradeAccepted", "UnitsLocked", "UnitsTransferred", "UnitsTransferred", "TradeExecuted"], outcome.Events.Select(e => e.GetType().Name));
        Assert.Equal((200_000L, 6_000_000_00L), (floor.Units(Fund), floor.Cash(Fund)));
        Assert.Equal((100_000L, BuyerCashFen - 6_000_000_00), (floor.Units(Buyer), floor.Cash(Buyer)));
        Assert.Equal(0, floor.OrderLocks);
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
        // The official close counts listing trades only (cn-national): no listing trade, so the previous close stands.
        var closed = floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), new DateTimeOffset(2021, 7, 19, 15, 0, 0, Beijing));
        Assert.Equal(51_23, Assert.IsType<TradingDayClosed>(closed.Events[^1]).CloseFen);
    }

    [Fact]
    public void Block_rules_use_the_afternoon_session_the_minimum_size_and_the_thirty_percent_band()
    {
        var floor = Floor();
        Assert.Equal("market_closed", floor.Rejects(Fund, Sale("k1"), Morning));
        Assert.Equal("quantity_out_of_range", floor.Rejects(Fund, Sale("k1", quantityT: 99_999), Afternoon));
        // 51.23 × 1.30 = 66.599, rounded inward to 66.59; 51.23 × 0.70 = 35.861, rounded inward to 35.87.
        Assert.Equal("price_outside_band", floor.Rejects(Fund, Sale("k1", priceFen: 66_60), Afternoon));
        Assert.Equal("price_outside_band", floor.Rejects(Fund, Sale("k1", priceFen: 35_86), Afternoon));
        floor.Must(Fund, Sale("k1", priceFen: 66_59), Afternoon);
        floor.Must(Fund, Sale("k2", priceFen: 35_87), Afternoon);
        Assert.Equal("same_account", floor.Rejects(Fund, new ProposeBlockTrade("CEA21", "k3", Fund, Fund, Side.Sell, 60_00, 100_000), Afternoon));
        Assert.Equal("insufficient_units", floor.Rejects(Fund, Sale("k4", quantityT: 100_001), Afternoon));
        Assert.Equal("duplicate_id", floor.Rejects(Fund, Sale("k1"), Afternoon));
    }

    [Fact]
    public void Only_the_named_counterparty_accepts_and_only_with_enough_cash()
    {
        var floor = Floor();
        floor.OpenMember("bank-d", 0, 1_000_00);
        floor.Must(Fund, new ProposeBlockTrade("CEA21", "k1", Fund, "bank-d", Side.Sell, 60_00, 100_000), Afternoon);
        Assert.Equal("not_yours", floor.Rejects(Buyer, new AcceptBlockTrade("CEA21", "k1", Buyer), Afternoon));
        Assert.Equal("not_yours", floor.Rejects(Buyer, new AcceptBlockTrade("CEA21", "k1", "bank-d"), Afternoon));
        Assert.Equal("insufficient_cash", floor.Rejects("bank-d", new AcceptBlockTrade("CEA21", "k1", "bank-d"), Afternoon));
    }

    [Fact]
    public void A_decline_or_the_close_releases_the_proposers_lock()
    {
        var floor = Floor();
        floor.Must(Fund, Sale("k1"), Afternoon);
        floor.Must(Buyer, new ProposeBlockTrade("CEA21", "k2", Buyer, Fund, Side.Buy, 50_00, 100_000), Afternoon);
        Assert.Equal(5_000_000_00, floor.LockedCash(Buyer));
        floor.Must(Buyer, new DeclineBlockTrade("CEA21", "k1", Buyer), Afternoon);
        Assert.Equal(0, floor.LockedUnits(Fund));
        Assert.Equal("unknown_id", floor.Rejects(Buyer, new AcceptBlockTrade("CEA21", "k1", Buyer), Afternoon));
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), new DateTimeOffset(2021, 7, 19, 15, 0, 0, Beijing));
        Assert.Equal((0L, 0), (floor.LockedCash(Buyer), floor.OrderLocks));
    }
}
