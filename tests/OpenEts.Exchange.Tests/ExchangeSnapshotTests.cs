// The exchange's snapshot holds the days that still matter, not the whole history: after a week of
// trading the state keeps only the open day's events, a restored copy decides alike, and the last close
// (which sets the next band) survives the restore.
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class ExchangeSnapshotTests
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2021, 7, 19 + day, hour, minute, 0, Beijing);

    [Fact]
    public void A_week_of_trading_keeps_only_the_open_days_events_and_a_restored_copy_decides_alike()
    {
        var floor = new TradingFloor();
        var price = 51_23L;
        var perDay = new List<int>();
        for (var day = 0; day < 5; day++)
        {
            if (day > 0)
                floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", Monday.AddDays(day), price), At(day, 9, 15));
            floor.Order(Seller, $"s{day}", Side.Sell, price, 500, At(day, 10));
            floor.Order(Buyer, $"b{day}", Side.Buy, price, 500, At(day, 10, 1));
            floor.Order(Seller, $"r{day}", Side.Sell, price + 10, 100, At(day, 10, 2));
            perDay.Add(floor.Exchange.RetainedEvents);
            floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), At(day, 15, 1));
            price = floor.Exchange.LastClose("CEA21")!.Value;
        }
        // Each day keeps its own opening, three orders and a trade, never the days before.
        Assert.Equal([5, 5, 5, 5, 5], perDay);

        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", Monday.AddDays(7), price), At(7, 9, 15));
        floor.Order(Seller, "s7", Side.Sell, price, 300, At(7, 10));
        floor.Order(Buyer, "b7", Side.Buy, price, 300, At(7, 10, 1));
        var copy = new ModuleCatalog(new RegistryModule(), new ExchangeModule()).CreateWorld();
        copy.Restore(floor.World.Snapshot());
        Assert.Equal(floor.World.StateHash(), copy.StateHash());
        Assert.Equal(floor.Exchange.RetainedEvents, copy.Get<ExchangeState>().RetainedEvents);

        // The 2,500 t bought last week are sellable, the 300 t bought today are not, in both; the band around
        // the last close is the same in both.
        var resell = new CommandEnvelope("x1", Buyer, At(7, 11), new PlaceOrder("CEA21", "x1", Buyer, Side.Sell, price, 2_800));
        Assert.Equal("units_not_yet_sellable", DecisionContext.Decide(copy, resell).Rejection?.Code);
        var sellable = resell with { Body = new PlaceOrder("CEA21", "x1", Buyer, Side.Sell, price + 20, 2_500) };
        Assert.Equal(DecisionContext.Decide(floor.World, sellable).Events, DecisionContext.Decide(copy, sellable).Events);
        Assert.Equal(floor.World.StateHash(), copy.StateHash());
        var far = new CommandEnvelope("x2", Seller, At(7, 11), new PlaceOrder("CEA21", "x2", Seller, Side.Sell, price * 2, 100));
        Assert.Equal("price_outside_band", DecisionContext.Decide(copy, far).Rejection?.Code);
        Assert.Equal(DecisionContext.Decide(floor.World, far).Rejection, DecisionContext.Decide(copy, far).Rejection);

        // Closing and opening again in the copy matches the original.
        foreach (var world in new[] { floor.World, copy })
        {
            Assert.True(DecisionContext.Decide(world, new CommandEnvelope("c", MarketSetup.ExchangeOperator, At(7, 15, 1), new CloseTradingDay("CEA21"))).Accepted);
            Assert.True(DecisionContext.Decide(world, new CommandEnvelope("o", MarketSetup.ExchangeOperator, At(8, 9, 15),
                new OpenTradingDay("CEA21", Monday.AddDays(8), world.Get<ExchangeState>().LastClose("CEA21")!.Value))).Accepted);
        }
        Assert.Equal(floor.World.StateHash(), copy.StateHash());
        Assert.Equal(1, copy.Get<ExchangeState>().RetainedEvents);
    }
}
