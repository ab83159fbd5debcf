// A listing day sized for its expected orders (ExchangeModule.ExpectedOrdersPerDay, serve --expected-orders) makes room
// for them once it is busy (ListingMarket.SizedFrom orders), takes them without its index of the day's order ids growing
// again, and decides, snapshots and restores exactly as a day that grows; a quiet day never holds the room.
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class ExpectedOrdersTests
{
    private const int Expected = 5_000;

    private const int Orders = 3_000;

    private static ListingMarket MarketOf(TradingFloor floor) => floor.Exchange.Day("CEA21")!.Market;

    [Fact]
    public void A_day_sized_for_its_orders_takes_them_without_growing_and_decides_as_a_day_that_grows()
    {
        var sized = new TradingFloor(expectedOrdersPerDay: Expected);
        var plain = new TradingFloor();
        Assert.InRange(MarketOf(sized).OrderIndexCapacity, 0, 16);
        var room = 0;

        // Sells and buys of one tonne around the close: some trade, some rest, some are cancelled.
        for (var i = 0; i < Orders; i++)
        {
            if (i == ListingMarket.SizedFrom - 1)
                Assert.True(MarketOf(sized).OrderIndexCapacity < Expected, "not sized before the day is busy");
            if (i == ListingMarket.SizedFrom)
            {
                room = MarketOf(sized).OrderIndexCapacity;
                Assert.InRange(room, Expected, Expected * 2);
            }
            var (account, side, price) = i % 2 == 0 ? (Seller, Side.Sell, 51_23L + i % 7) : (Buyer, Side.Buy, 51_23L + i % 5);
            var time = Morning.AddSeconds(i);
            var a = sized.Order(account, $"o{i}", side, price, 1, time);
            var b = plain.Order(account, $"o{i}", side, price, 1, time);
            Assert.True(a.Accepted, a.Rejection?.Message);
            Assert.Equal(b.Events, a.Events);
            if (i % 10 == 9 && MarketOf(sized).IsOpen($"o{i - 4}"))
            {
                var cancel = new CancelOrder("CEA21", $"o{i - 4}", (i - 4) % 2 == 0 ? Seller : Buyer);
                Assert.Equal(plain.Must(cancel.Account, cancel, time).Events, sized.Must(cancel.Account, cancel, time).Events);
            }
        }

        Assert.Equal(room, MarketOf(sized).OrderIndexCapacity);
        Assert.InRange(MarketOf(plain).OrderIndexCapacity, Orders, Expected - 1);  // the day not sized grew as it filled
        Assert.True(sized.Exchange.Day("CEA21")!.Ledger.Trades.Count > 100, "the orders traded");
        Assert.Equal(plain.World.StateHash(), sized.World.StateHash());
        Assert.Equal(plain.World.Snapshot(), sized.World.Snapshot());

        // A restored day decides the next orders as the original does, and takes an id of the day only once.
        var copy = new ModuleCatalog(new RegistryModule(), new ExchangeModule { ExpectedOrdersPerDay = Expected }).CreateWorld();
        copy.Restore(sized.World.Snapshot());
        Assert.Equal(sized.World.StateHash(), copy.StateHash());
        Assert.InRange(copy.Get<ExchangeState>().Day("CEA21")!.Market.OrderIndexCapacity, Expected, Expected * 2);
        var late = Morning.AddHours(1);
        var again = new CommandEnvelope("again", Seller, late, new PlaceOrder("CEA21", "o10", Seller, Side.Sell, 51_23, 1));
        Assert.Equal("duplicate_id", DecisionContext.Decide(copy, again).Rejection?.Code);
        var next = again with { CommandId = "next", Body = new PlaceOrder("CEA21", "next", Seller, Side.Sell, 51_23, 1) };
        Assert.Equal(DecisionContext.Decide(sized.World, next).Events, DecisionContext.Decide(copy, next).Events);
    }

    [Fact]
    public void A_quiet_day_never_holds_the_room_and_a_restored_quiet_day_neither()
    {
        var sized = new TradingFloor(expectedOrdersPerDay: Expected);
        for (var i = 0; i < 10; i++)
            Assert.True(sized.Order(i % 2 == 0 ? Seller : Buyer, $"q{i}", i % 2 == 0 ? Side.Sell : Side.Buy, 51_23, 1, Morning.AddSeconds(i)).Accepted);
        Assert.InRange(MarketOf(sized).OrderIndexCapacity, 10, 64);

        var copy = new ModuleCatalog(new RegistryModule(), new ExchangeModule { ExpectedOrdersPerDay = Expected }).CreateWorld();
        copy.Restore(sized.World.Snapshot());
        Assert.InRange(copy.Get<ExchangeState>().Day("CEA21")!.Market.OrderIndexCapacity, 10, 64);

        // The next day starts small again.
        sized.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), Morning.AddHours(6));
        sized.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", Monday.AddDays(1), 51_23), Morning.AddDays(1).AddMinutes(-30));
        Assert.InRange(MarketOf(sized).OrderIndexCapacity, 0, 16);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ExchangeModule.MaxExpectedOrdersPerDay + 1)]
    public void A_size_out_of_range_is_refused(int expected)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ExchangeModule { ExpectedOrdersPerDay = expected });
        Assert.Contains("ExpectedOrdersPerDay must be between 0 and 100,000,000", error.Message, StringComparison.Ordinal);
    }
}
