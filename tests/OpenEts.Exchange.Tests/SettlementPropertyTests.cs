// Invariants of trading settled through the registry, on random streams of orders and cancels from three
// members: units and cash are conserved, each open order's lock holds what it still needs, no balance goes
// negative, and once every order is cancelled no lock is left.
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

public sealed class SettlementPropertyTests
{
    private static readonly string[] Members = ["m0", "m1", "m2"];

    private static TradingFloor Floor(TradingRulebook? rules)
    {
        var floor = new TradingFloor(rules);
        foreach (var m in Members)
            floor.OpenMember(m, 20_000, 2_000_000_00);
        floor.OpenMember(ExchangeModule.DefaultFeeAccount, 0, 0);
        return floor;
    }

    private static readonly Gen<(int Kind, int Member, int Price, int Quantity, int Target)[]> Streams =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[50_90, 51_60], Gen.Int[1, 4_000], Gen.Int[1, 60]).Array[1, 80];

    private static void Run(TradingFloor floor, (int Kind, int Member, int Price, int Quantity, int Target)[] stream)
    {
        var n = 0;
        foreach (var (kind, member, price, quantity, target) in stream)
        {
            var account = Members[member];
            Command cmd = kind == 0
                ? new CancelOrder("CEA21", $"o{target}", account)
                : new PlaceOrder("CEA21", $"o{++n}", account, kind == 1 ? Side.Sell : Side.Buy, price, quantity);
            var outcome = floor.Submit(account, cmd);
            Assert.True(outcome.Accepted || outcome.Events.Count == 0);
        }
    }

    private static void AssertBooksBalance(TradingFloor floor)
    {
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
        Assert.Equal(Members.Length * 20_000L + TradingFloor.SellerUnitsT, floor.Registry.Holdings.Where(h => h.Key.Class == "CEA21" && h.Key.Account != "cn-ISSUANCE").Sum(h => h.Value.Held));
        Assert.Equal(Members.Length * 2_000_000_00L + TradingFloor.BuyerCashFen, floor.Registry.Holdings.Where(h => h.Key.Class == "CNY").Sum(h => h.Value.Held));
        var day = floor.Exchange.Day("CEA21")!;
        var (ledger, market) = (day.Ledger, day.Market);
        foreach (var o in market.OpenOrders)
        {
            var held = floor.Registry.Locks[ExchangeState.OrderLockId("CEA21", ledger.TradingDay, o.OrderId)].Remaining;
            if (o.Side == Side.Sell)
                Assert.Equal(o.RemainingT, held);
            else
                Assert.True(held >= ledger.BuyLockFen(o.LimitFen, o.RemainingT), $"buy {o.OrderId} locks {held} fen for {o.RemainingT} t at {o.LimitFen}");
        }
        Assert.Equal(market.OpenOrders.Count(), floor.OrderLocks);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    public void Random_orders_conserve_units_and_cash_and_cancelling_all_leaves_no_lock(int feeBasisPoints)
    {
        var rules = TradingRulebook.National with { BuyerFeeBasisPoints = feeBasisPoints, SellerFeeBasisPoints = feeBasisPoints };
        Streams.Sample(stream =>
        {
            var floor = Floor(rules);
            Run(floor, stream);
            AssertBooksBalance(floor);
            var market = floor.Exchange.Day("CEA21")!.Market;
            foreach (var o in market.OpenOrders.ToArray())
                floor.Must(o.Account, new CancelOrder("CEA21", o.OrderId, o.Account));
            Assert.Equal(0, floor.OrderLocks);
            Assert.All(floor.Registry.Holdings.Values, h => Assert.Equal(0, h.Locked));
            AssertBooksBalance(floor);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Trades_settle_at_prices_inside_the_band_and_never_leave_a_crossed_book()
    {
        Streams.Sample(stream =>
        {
            var floor = Floor(null);
            Run(floor, stream);
            var day = floor.Exchange.Day("CEA21")!;
            var (ledger, market) = (day.Ledger, day.Market);
            Assert.All(ledger.Trades, t => Assert.True(market.Band.Contains(t.PriceFen)));
            Assert.All(ledger.Trades, t => Assert.NotEqual(t.Buyer, t.Seller));
            var book = market.Book;
            Assert.True(book.BestBidFen == 0 || book.BestAskFen == 0 || book.BestBidFen < book.BestAskFen);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Any_stream_replayed_from_its_snapshot_gives_the_same_state()
    {
        Streams.Sample(stream =>
        {
            var floor = Floor(null);
            Run(floor, stream);
            var copy = new ModuleCatalog(new RegistryModule(), new ExchangeModule()).CreateWorld();
            copy.Restore(floor.World.Snapshot());
            Assert.Equal(floor.World.StateHash(), copy.StateHash());
        }, iter: 30, threads: 1);
    }
}
