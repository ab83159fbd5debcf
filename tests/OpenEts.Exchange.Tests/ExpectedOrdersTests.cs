// A listing day sized for its expected orders (ExchangeModule.ExpectedOrdersPerDay, serve --expected-orders) makes room
// for them when it opens, takes them without its index of the day's order ids growing, and decides, snapshots and
// restores exactly as a day that grows. A day a restart replays or restores makes its room only once it is busy
// (ListingMarket.SizedFrom orders), so the quiet days of a long journal never hold it.
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class ExpectedOrdersTests
{
    private const int Expected = 5_000;

    private const int Orders = 3_000;

    private static ListingMarket MarketOf(TradingFloor floor) => floor.Exchange.Day("CEA21")!.Market;

    private static ModuleCatalog Sized() => new(new RegistryModule(), new ExchangeModule { ExpectedOrdersPerDay = Expected });

    private static int Capacity(World world) => world.Get<ExchangeState>().Day("CEA21")!.Market.OrderIndexCapacity;

    /// <summary>An order of one tonne, sells and buys in turn around the close: some trade, some rest.</summary>
    private static (string Account, PlaceOrder Order) OrderNumber(int i)
    {
        var (account, side, price) = i % 2 == 0 ? (Seller, Side.Sell, 51_23L + i % 7) : (Buyer, Side.Buy, 51_23L + i % 5);
        return (account, new PlaceOrder("CEA21", $"o{i}", account, side, price, 1));
    }

    [Fact]
    public void A_day_sized_for_its_orders_takes_them_without_growing_and_decides_as_a_day_that_grows()
    {
        var sized = new TradingFloor(expectedOrdersPerDay: Expected);
        var plain = new TradingFloor();
        var room = MarketOf(sized).OrderIndexCapacity;
        Assert.InRange(room, Expected, Expected * 2);
        Assert.InRange(MarketOf(plain).OrderIndexCapacity, 0, 16);

        // Some orders are cancelled too.
        for (var i = 0; i < Orders; i++)
        {
            var (account, order) = OrderNumber(i);
            var time = Morning.AddSeconds(i);
            var a = sized.Submit(account, order, time);
            var b = plain.Submit(account, order, time);
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

        // A restored day (busy: past SizedFrom orders) holds the room too, and decides the next orders as the original
        // does, taking an id of the day only once.
        var copy = Sized().CreateWorld();
        copy.Restore(sized.World.Snapshot());
        Assert.Equal(sized.World.StateHash(), copy.StateHash());
        Assert.InRange(Capacity(copy), Expected, Expected * 2);
        var late = Morning.AddHours(1);
        var again = new CommandEnvelope("again", Seller, late, new PlaceOrder("CEA21", "o10", Seller, Side.Sell, 51_23, 1));
        Assert.Equal("duplicate_id", DecisionContext.Decide(copy, again).Rejection?.Code);
        var next = again with { CommandId = "next", Body = new PlaceOrder("CEA21", "next", Seller, Side.Sell, 51_23, 1) };
        Assert.Equal(DecisionContext.Decide(sized.World, next).Events, DecisionContext.Decide(copy, next).Events);
    }

    [Fact]
    public void A_quiet_day_restored_from_a_snapshot_holds_no_room_and_the_next_day_opened_does()
    {
        var sized = new TradingFloor(expectedOrdersPerDay: Expected);
        for (var i = 0; i < 10; i++)
        {
            var (account, order) = OrderNumber(i);
            Assert.True(sized.Submit(account, order, Morning.AddSeconds(i)).Accepted);
        }

        var copy = Sized().CreateWorld();
        copy.Restore(sized.World.Snapshot());
        Assert.Equal(sized.World.StateHash(), copy.StateHash());
        Assert.InRange(Capacity(copy), 10, 64);

        sized.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), Morning.AddHours(6));
        sized.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", Monday.AddDays(1), sized.Exchange.LastClose("CEA21")!.Value),
            Morning.AddDays(1).AddMinutes(-30));
        Assert.InRange(MarketOf(sized).OrderIndexCapacity, Expected, Expected * 2);
    }

    [Fact]
    public async Task A_day_a_restart_replays_makes_its_room_only_once_busy()
    {
        var dir = Directory.CreateTempSubdirectory("openets-expected-orders-");
        try
        {
            var (quiet, busy) = (Path.Combine(dir.FullName, "quiet.db"), Path.Combine(dir.FullName, "busy.db"));
            foreach (var (db, orders) in new[] { (quiet, 10), (busy, ListingMarket.SizedFrom + 10) })
            {
                await TradingHaltTests.OnJournal(db, Sized, async (send, _) =>
                {
                    // Sent together (in order), so they commit in a few batches.
                    var sent = Enumerable.Range(0, orders).Select(i => OrderNumber(i)).Select((o, i) => send(o.Account, o.Order, Morning.AddSeconds(i))).ToList();
                    Assert.All(await Task.WhenAll(sent), o => Assert.True(o.Accepted, o.Rejection?.Message));
                });
            }

            await using (var engine = Engine.Open(JournalFactory.Open(quiet), Sized()))
            {
                Assert.InRange(await engine.QueryAsync(Capacity), 10, 64);
                // The restarted engine's next day, opened by a decision, holds the room from its opening.
                var close = await engine.SubmitAsync(new CommandEnvelope("close", MarketSetup.ExchangeOperator, Morning.AddHours(6), new CloseTradingDay("CEA21")));
                Assert.True(close.Accepted, close.Rejection?.Message);
                var lastClose = await engine.QueryAsync(w => w.Get<ExchangeState>().LastClose("CEA21")!.Value);
                var open = await engine.SubmitAsync(new CommandEnvelope("open", MarketSetup.ExchangeOperator, Morning.AddDays(1).AddMinutes(-30),
                    new OpenTradingDay("CEA21", Monday.AddDays(1), lastClose)));
                Assert.True(open.Accepted, open.Rejection?.Message);
                Assert.InRange(await engine.QueryAsync(Capacity), Expected, Expected * 2);
            }
            await using (var engine = Engine.Open(JournalFactory.Open(busy), Sized()))
                Assert.InRange(await engine.QueryAsync(Capacity), Expected, Expected * 2);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
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
