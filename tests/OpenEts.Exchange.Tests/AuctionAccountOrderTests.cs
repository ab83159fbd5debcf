// The market's auction account never trades on the listing book or by block trade: the paid share is sold by
// one-way bidding (exchange.announce_auction). An order for it, by the regulator or anyone but the exchange
// operator, is refused `not_yours` and changes nothing.
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

public sealed class AuctionAccountOrderTests
{
    private const string Auction = "cn-AUCTION";

    private static TradingFloor Floor()
    {
        var floor = new TradingFloor();
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", Auction, 50_000));
        return floor;
    }

    [Fact]
    public void The_regulator_may_not_sell_the_paid_share_from_the_auction_account_on_the_book()
    {
        var floor = Floor();
        Assert.Equal("not_yours", floor.Rejects(MarketSetup.Regulator, new PlaceOrder("CEA21", "paid1", Auction, Side.Sell, 51_23, 20_000)));
        Assert.Equal((50_000L, 0L), (floor.Registry.HoldingOf(Auction, "CEA21")!.Held, floor.Registry.HoldingOf(Auction, "CEA21")!.Locked));
        // No resting offer came of it: a buyer at that price finds nothing to trade with.
        var buy = floor.Order(TradingFloor.Buyer, "b1", Side.Buy, 51_23, 5_000);
        Assert.Empty(buy.Events.OfType<TradeExecuted>());
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void No_one_buys_sells_or_proposes_a_block_for_the_auction_account()
    {
        var floor = Floor();
        floor.Must(MarketSetup.RegistryOperator, new DepositCash(Auction, 1_000_000_00));
        Assert.Equal("not_yours", floor.Rejects(MarketSetup.Regulator, new PlaceOrder("CEA21", "buy1", Auction, Side.Buy, 51_23, 100)));
        Assert.Equal("not_yours", floor.Rejects(TradingFloor.Seller, new PlaceOrder("CEA21", "s1", Auction, Side.Sell, 51_23, 100)));
        Assert.Equal("not_yours", floor.Rejects(MarketSetup.Regulator, new PlaceOrder("CEA21", "s2", TradingFloor.Seller, Side.Sell, 51_23, 100)));
        var afternoon = TradingFloor.Morning.AddHours(4);
        Assert.Equal("not_yours", floor.Rejects(MarketSetup.Regulator, new ProposeBlockTrade("CEA21", "p1", Auction, TradingFloor.Buyer, Side.Sell, 51_23, 100_000), afternoon));
        Assert.Equal((1_000_000_00L, 0L), (floor.Registry.HoldingOf(Auction, "CNY")!.Held, floor.Registry.HoldingOf(Auction, "CNY")!.Locked));
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
