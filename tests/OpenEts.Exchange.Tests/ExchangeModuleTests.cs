// The exchange module in the engine's decision loop: accepted orders become events, rejections emit nothing,
// a snapshot restores the same state (same hash, same next decision).
using CsCheck;
using OpenEts.Core;
using OpenEts.Exchange;

namespace OpenEts.Exchange.Tests;

public sealed class ExchangeModuleTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Morning = new(2021, 7, 19, 9, 45, 0, Beijing);
    private int _id;

    private Outcome Run(World world, Command cmd, DateTimeOffset? time = null) =>
        DecisionContext.Decide(world, new CommandEnvelope($"c{++_id}", "member", time ?? Morning, cmd));

    private World OpenDay()
    {
        var world = new ModuleCatalog(new ExchangeModule()).CreateWorld();
        Assert.True(Run(world, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 19), 51_23)).Accepted);
        Assert.True(Run(world, new DepositHoldings("power-a", "CEA21", 10_000, 0)).Accepted);
        Assert.True(Run(world, new DepositHoldings("steel-b", "CEA21", 0, 10_000_000_00)).Accepted);
        return world;
    }

    [Fact]
    public void A_crossing_order_emits_its_acceptance_and_the_trade()
    {
        var world = OpenDay();
        Assert.True(Run(world, new PlaceOrder("CEA21", "s1", "power-a", Side.Sell, 51_50, 3_000)).Accepted);
        var outcome = Run(world, new PlaceOrder("CEA21", "b1", "steel-b", Side.Buy, 52_00, 1_000));
        Assert.True(outcome.Accepted);
        Assert.IsType<OrderAccepted>(outcome.Events[0]);
        var trade = Assert.IsType<TradeExecuted>(outcome.Events[1]);
        Assert.Equal(("b1", "s1", 51_50L, 1_000L), (trade.BuyOrder, trade.SellOrder, trade.PriceFen, trade.QuantityT));
        var closed = Run(world, new CloseTradingDay("CEA21"), new DateTimeOffset(2021, 7, 19, 15, 0, 0, Beijing));
        Assert.Equal(51_50, Assert.IsType<TradingDayClosed>(Assert.Single(closed.Events)).CloseFen);
        Assert.Equal(51_50, world.Get<ExchangeState>().LastClose("CEA21"));
        Assert.Equal(0, world.Get<ExchangeState>().Accounts.LockedUnits("power-a", "CEA21"));
    }

    [Fact]
    public void A_rejected_order_emits_nothing_and_gives_its_code()
    {
        var world = OpenDay();
        var hash = world.StateHash();
        Assert.Equal("price_outside_band", Run(world, new PlaceOrder("CEA21", "b1", "steel-b", Side.Buy, 56_36, 1)).Rejection?.Code);
        Assert.Equal("insufficient_units", Run(world, new PlaceOrder("CEA21", "s1", "steel-b", Side.Sell, 51_23, 1)).Rejection?.Code);
        Assert.Equal("market_closed", Run(world, new PlaceOrder("CEA21", "b2", "steel-b", Side.Buy, 51_23, 1), new DateTimeOffset(2021, 7, 19, 12, 0, 0, Beijing)).Rejection?.Code);
        Assert.Equal("unknown_id", Run(world, new CancelOrder("CEA21", "nope", "steel-b")).Rejection?.Code);
        Assert.Equal(hash, world.StateHash());
    }

    [Fact]
    public void A_restored_snapshot_has_the_same_book_locks_and_next_decision()
    {
        var world = OpenDay();
        Run(world, new PlaceOrder("CEA21", "s1", "power-a", Side.Sell, 51_50, 3_000));
        Run(world, new PlaceOrder("CEA21", "s2", "power-a", Side.Sell, 51_40, 2_000));
        Run(world, new PlaceOrder("CEA21", "b1", "steel-b", Side.Buy, 51_45, 2_500));
        Run(world, new CancelOrder("CEA21", "b1", "steel-b"));
        var copy = new ModuleCatalog(new ExchangeModule()).CreateWorld();
        copy.Restore(world.Snapshot());
        Assert.Equal(world.StateHash(), copy.StateHash());
        var a = Run(world, new PlaceOrder("CEA21", "b2", "steel-b", Side.Buy, 51_50, 4_000));
        var b = Run(copy, new PlaceOrder("CEA21", "b2", "steel-b", Side.Buy, 51_50, 4_000));
        Assert.Equal(a.Events, b.Events);
        Assert.Equal(world.Get<ExchangeState>().Accounts.LockedCashFen("steel-b"), copy.Get<ExchangeState>().Accounts.LockedCashFen("steel-b"));
    }

    [Fact]
    public void Restoring_a_snapshot_after_any_stream_of_orders_gives_the_same_state()
    {
        var op = Gen.Select(Gen.Int[0, 3], Gen.Int[51_00, 51_40], Gen.Int[1, 3_000], Gen.Int[1, 40]);
        op.Array[1, 60].Sample(ops =>
        {
            var world = OpenDay();
            foreach (var (kind, price, qty, target) in ops)
            {
                Command cmd = kind switch
                {
                    0 => new CancelOrder("CEA21", $"o{target}", target % 2 == 0 ? "power-a" : "steel-b"),
                    1 or 2 => new PlaceOrder("CEA21", $"o{++_id}", "power-a", Side.Sell, price, qty),
                    _ => new PlaceOrder("CEA21", $"o{++_id}", "steel-b", Side.Buy, price, qty),
                };
                Run(world, cmd);
            }
            var copy = new ModuleCatalog(new ExchangeModule()).CreateWorld();
            copy.Restore(world.Snapshot());
            Assert.Equal(world.StateHash(), copy.StateHash());
            var next = new PlaceOrder("CEA21", "last", "steel-b", Side.Buy, 51_40, 5_000);
            Assert.Equal(Run(world, next).Events, Run(copy, next).Events);
            Assert.Equal(world.Get<ExchangeState>().Accounts.TotalCashFen, copy.Get<ExchangeState>().Accounts.TotalCashFen);
        }, iter: 100, threads: 1);
    }
}
