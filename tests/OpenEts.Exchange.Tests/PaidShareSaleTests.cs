// The one exception to trading from holders' accounts only: the regulator sells the paid share of allowances
// from the market's auction account on the listing book. Sell orders in allowances only, nothing else.
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

public sealed class PaidShareSaleTests
{
    private const string Auction = "cn-AUCTION";

    private static TradingFloor Floor()
    {
        var floor = new TradingFloor();
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", Auction, 50_000));
        return floor;
    }

    [Fact]
    public void The_regulator_sells_the_paid_share_from_the_auction_account_and_the_proceeds_go_there()
    {
        var floor = Floor();
        floor.Must(MarketSetup.Regulator, new PlaceOrder("CEA21", "paid1", Auction, Side.Sell, 51_23, 20_000));
        Assert.Equal(20_000, floor.Registry.HoldingOf(Auction, "CEA21")!.Locked);
        var buy = floor.Order(TradingFloor.Buyer, "b1", Side.Buy, 51_23, 5_000);
        Assert.Equal(Auction, Assert.Single(buy.Events.OfType<TradeExecuted>()).Seller);
        Assert.Equal(45_000, floor.Registry.HoldingOf(Auction, "CEA21")!.Held);
        Assert.Equal(5_000 * 51_23L, floor.Registry.HoldingOf(Auction, "CNY")!.Held);
        Assert.Equal(5_000, floor.Units(TradingFloor.Buyer));
        floor.Must(MarketSetup.Regulator, new CancelOrder("CEA21", "paid1", Auction));
        Assert.Equal(0, floor.Registry.HoldingOf(Auction, "CEA21")!.Locked);
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void The_auction_account_never_buys_nor_proposes_a_block_and_no_one_else_sells_from_it()
    {
        var floor = Floor();
        floor.Must(MarketSetup.RegistryOperator, new DepositCash(Auction, 1_000_000_00));
        Assert.Equal("not_yours", floor.Rejects(MarketSetup.Regulator, new PlaceOrder("CEA21", "buy1", Auction, Side.Buy, 51_23, 100)));
        Assert.Equal("not_yours", floor.Rejects(TradingFloor.Seller, new PlaceOrder("CEA21", "s1", Auction, Side.Sell, 51_23, 100)));
        Assert.Equal("not_yours", floor.Rejects(MarketSetup.Regulator, new PlaceOrder("CEA21", "s2", TradingFloor.Seller, Side.Sell, 51_23, 100)));
        var afternoon = TradingFloor.Morning.AddHours(4);
        Assert.Equal("not_yours", floor.Rejects(MarketSetup.Regulator, new ProposeBlockTrade("CEA21", "p1", Auction, TradingFloor.Buyer, Side.Sell, 51_23, 100_000), afternoon));
    }

    [Fact]
    public void The_regulator_cannot_sell_credits_from_the_auction_account()
    {
        var f = new CcerFloor();
        f.Floor.Must(MarketSetup.Regulator, new DefineUnitClass("CCER-P0002-2025", "cn", UnitType.Credit, 2025, "P0002"));
        f.Floor.Must(MarketSetup.Regulator, new Issue("CCER-P0002-2025", Auction, 1_000));
        f.Floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CCER-P0002-2025", CcerFloor.Monday, 60_00), CcerFloor.MondayMorning);
        Assert.Equal("not_yours", f.Floor.Rejects(MarketSetup.Regulator, new PlaceOrder("CCER-P0002-2025", "s1", Auction, Side.Sell, 60_00, 100), CcerFloor.MondayMorning));
    }
}
