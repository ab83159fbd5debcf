// A market halt stops one-way bidding of the halted instrument too (halt.covers_auctions): while it is in force a bid
// (an offer, in a buyer's auction) and the clearing are refused trading_halted with the halt's reason and since when;
// a withdrawal still releases its lock and an announcement is still taken. The halt belongs to the instrument's open
// day: a clearing on a day with no open day meets none. After the resume the clearing gives what it gives without a
// halt, and the refusals replay on a SQLite journal to the same state hash.
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class HaltedAuctionTests
{
    private const string Reason = "Abnormal price swings; notice 2021-07";
    private static readonly DateTimeOffset Tuesday = new(2021, 7, 20, 9, 0, 0, Beijing);

    private static string Halted(DateTimeOffset since) => $"Trading in CEA21 is halted since {since.ToOffset(Beijing):yyyy-MM-dd HH:mm} market time: {Reason}";

    /// <summary>The auction floor with the regulator's 100,000 t announced and bids from a–e (the worked example's, without f).</summary>
    private static TradingFloor WithBids()
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Assert.True(Bid(floor, "a", "a1", 45_00, 25_000).Accepted);
        Assert.True(Bid(floor, "b", "b1", 43_50, 20_000, 1).Accepted);
        Assert.True(Bid(floor, "c", "c1", 42_00, 25_000, 2).Accepted);
        Assert.True(Bid(floor, "d", "d1", 41_00, 20_000, 3).Accepted);
        Assert.True(Bid(floor, "e", "e1", 41_00, 25_000, 4).Accepted);
        return floor;
    }

    /// <summary>Every account's CEA21 and cash, held and locked.</summary>
    private static List<(string Account, long Units, long LockedUnits, long Cash, long LockedCash)> Books(TradingFloor floor) =>
        [.. floor.Registry.Accounts.Keys.Order(StringComparer.Ordinal).Select(a => (a, floor.Units(a), floor.LockedUnits(a), floor.Cash(a), floor.LockedCash(a)))];

    [Fact]
    public void A_bid_is_refused_trading_halted_during_a_halt_a_withdrawal_still_releases_its_lock_and_the_bid_is_taken_after_the_resume()
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Assert.True(Bid(floor, "a", "a1", 45_00, 25_000).Accepted);
        var haltedAt = Opens.AddMinutes(5);
        floor.Must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), haltedAt);

        var refused = Bid(floor, "b", "b1", 43_50, 20_000, 6);
        Assert.Equal(("trading_halted", Halted(haltedAt)), (refused.Rejection!.Code, refused.Rejection.Message));
        Assert.Equal("trading_halted", floor.Rejects("b", new SubmitAuctionBid("paid-2021", "b1", "b", 43_50, 20_000), Opens.AddMinutes(6)));
        Assert.Equal(0, floor.LockedCash("b"));

        // Withdrawing takes risk off: it runs during the halt and releases a's 1,126,375.00 yuan lock.
        Assert.Equal(1_126_375_00, floor.LockedCash("a"));
        floor.Must("a", new WithdrawAuctionBid("paid-2021", "a1", "a"), Opens.AddMinutes(7));
        Assert.Equal(0, floor.LockedCash("a"));
        Assert.Empty(floor.Exchange.Auction("paid-2021")!.Bids);

        // An announcement trades nothing, so it is taken during the halt; the offers in the buyer's auction are refused like bids.
        floor.Must(Buyer, new AnnounceAuction("buy-h", "CEA21", 4_000, 45_00, Opens, Closes, Side: Side.Buy, BuyerAccount: Buyer), Opens.AddMinutes(8));
        Assert.Equal("trading_halted", floor.Rejects(Seller, new SubmitAuctionBid("buy-h", "s1", Seller, 44_00, 1_000), Opens.AddMinutes(9)));
        Assert.Equal(0, floor.LockedUnits(Seller));

        // The regulator's halt is lifted by the regulator; bids and offers are taken again.
        floor.Must(MarketSetup.Regulator, new ResumeTrading("CEA21"), Opens.AddMinutes(10));
        Assert.True(Bid(floor, "b", "b1", 43_50, 20_000, 11).Accepted);
        Assert.True(Bid(floor, "a", "a2", 45_00, 25_000, 12).Accepted);
        Assert.True(floor.Submit(Seller, new SubmitAuctionBid("buy-h", "s1", Seller, 44_00, 1_000), Opens.AddMinutes(13)).Accepted);
        // b's lock: 20,000 t × 43.50 = 870,000.00, fee 10 bp 870.00, one fen per tonne 200.00.
        Assert.Equal((871_070_00L, 1_000L), (floor.LockedCash("b"), floor.LockedUnits(Seller)));
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void Clearing_is_refused_during_a_halt_and_after_the_resume_gives_the_same_result_as_without_the_halt()
    {
        var halted = WithBids();
        var plain = WithBids();
        var haltedAt = Closes.AddMinutes(-1);
        halted.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), haltedAt);
        var refused = halted.Submit(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        Assert.Equal(("trading_halted", Halted(haltedAt)), (refused.Rejection!.Code, refused.Rejection.Message));
        Assert.Equal("trading_halted", halted.Rejects(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes.AddMinutes(5)));
        Assert.Null(halted.Exchange.Auction("paid-2021")!.Result);
        Assert.Equal((1_126_375_00L, 100_000L), (halted.LockedCash("a"), halted.LockedUnits(AuctionAccount)));

        halted.Must(MarketSetup.ExchangeOperator, new ResumeTrading("CEA21"), Closes.AddMinutes(10));
        var afterResume = halted.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes.AddMinutes(20));
        var withoutHalt = plain.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes.AddMinutes(20));

        var (cleared, expected) = (Assert.IsType<AuctionCleared>(afterResume.Events[0]), Assert.IsType<AuctionCleared>(withoutHalt.Events[0]));
        Assert.Equal((41_00L, 100_000L, 0L), (cleared.ClearingPriceFen!.Value, cleared.PlacedT, cleared.UnplacedT));
        Assert.Equal((expected.ClearingPriceFen, expected.PlacedT, expected.UnplacedT), (cleared.ClearingPriceFen, cleared.PlacedT, cleared.UnplacedT));
        Assert.Equal(expected.SetAsideBids, cleared.SetAsideBids);
        Assert.Equal(withoutHalt.Events.Select(e => e.GetType().Name), afterResume.Events.Select(e => e.GetType().Name));
        Assert.Equal(withoutHalt.Events.OfType<TradeExecuted>(), afterResume.Events.OfType<TradeExecuted>());
        Assert.Equal(Books(plain), Books(halted));
        Assert.Empty(halted.Registry.Locks);
        Assert.Empty(RegistryInvariants.Violations(halted.Registry));
    }

    [Fact]
    public void A_halt_refuses_clearing_on_its_own_open_day_only_and_ends_with_the_days_close()
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice("p1", 50_000), Announced);
        floor.Must(MarketSetup.Regulator, Notice("p2", 50_000), Announced);
        Assert.True(Bid(floor, "a", "a1", 42_00, 12_000, auction: "p1").Accepted);
        Assert.True(Bid(floor, "b", "b1", 43_00, 12_000, auction: "p2").Accepted);
        floor.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), Opens.AddMinutes(30));
        Assert.Equal("trading_halted", floor.Rejects(MarketSetup.ExchangeOperator, new ClearAuction("p1"), Closes));

        // The day closes at 15:00 and its halt with it: after the close no day is open, so no halt is in force.
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), new DateTimeOffset(2021, 7, 19, 15, 0, 0, Beijing));
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("p1"), new DateTimeOffset(2021, 7, 19, 15, 30, 0, Beijing));
        Assert.Equal(12_000, floor.Units("a"));

        // Tuesday's open day is halted: the clearing of Monday's auction on Tuesday meets that day's halt.
        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 51_23), Tuesday);
        floor.Must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), Tuesday.AddMinutes(40));
        var refused = floor.Submit(MarketSetup.ExchangeOperator, new ClearAuction("p2"), Tuesday.AddMinutes(45));
        Assert.Equal(("trading_halted", Halted(Tuesday.AddMinutes(40))), (refused.Rejection!.Code, refused.Rejection.Message));
        floor.Must(MarketSetup.Regulator, new ResumeTrading("CEA21"), Tuesday.AddMinutes(50));
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("p2"), Tuesday.AddMinutes(55));
        Assert.Equal((12_000L, 0L), (floor.Units("b"), floor.LockedCash("b")));
        Assert.Empty(floor.Registry.Locks);
    }

    [Fact]
    public void A_halted_day_left_open_does_not_halt_a_clearing_on_the_next_day()
    {
        var floor = WithBids();
        floor.Must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), Opens.AddMinutes(30));
        // Monday's day is never closed and stays halted; Tuesday has no open day of CEA21, so nothing is halted on Tuesday.
        Assert.Equal("trading_halted", floor.Rejects(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes));
        var cleared = floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Tuesday);
        Assert.Equal(41_00, Assert.IsType<AuctionCleared>(cleared.Events[0]).ClearingPriceFen);
        Assert.NotNull(floor.Exchange.Day("CEA21")!.Halt);
        Assert.Empty(floor.Registry.Locks);
    }

    [Fact]
    public void A_rulebook_whose_halt_does_not_cover_auctions_lets_bids_and_clearing_run_through_a_halt()
    {
        Assert.True(TradingRulebook.National.HaltCoversAuctions);
        Assert.True(TradingRulebook.Ccer.HaltCoversAuctions);
        using var stream = typeof(TradingRulebook).Assembly.GetManifestResourceStream("cn-national.json")!;
        var node = JsonNode.Parse(stream)!;
        node["halt"]!["covers_auctions"]!["value"] = false;
        using var doc = JsonDocument.Parse(node.ToJsonString());
        var pilot = TradingRulebook.Parse("pilot", doc.RootElement);
        Assert.False(pilot.HaltCoversAuctions);

        var floor = new TradingFloor(pilot, auctionRules: WithFees);
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 100_000));
        floor.OpenMember(ExchangeModule.DefaultFeeAccount, 0, 0);
        floor.OpenMember("a", 0, MemberCashFen);
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        floor.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), Opens);
        Assert.Equal("trading_halted", floor.Rejects(Seller, new PlaceOrder("CEA21", "s1", Seller, Side.Sell, 52_00, 1_000), Opens.AddMinutes(1)));
        Assert.True(Bid(floor, "a", "a1", 45_00, 25_000, 2).Accepted);
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        Assert.Equal(25_000, floor.Units("a"));
    }

    [Fact]
    public Task Refusals_during_a_halt_replay_from_the_journal_and_from_a_snapshot_to_the_same_state_hash()
    {
        var haltedAt = Opens.AddMinutes(5);
        return AuctionReplayTests.RunReplayAndRestart(0, async steps =>
        {
            await steps.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", Monday, 51_23), Announced);
            await steps.Must(MarketSetup.Regulator, Notice(), Announced);
            await steps.Must("a", new SubmitAuctionBid("paid-2021", "a1", "a", 45_00, 25_000), Opens);
            await steps.Must("c", new SubmitAuctionBid("paid-2021", "c1", "c", 42_00, 10_000), Opens.AddMinutes(1));
            await steps.Must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), haltedAt);
            Assert.Equal("trading_halted", (await steps.Send("b", new SubmitAuctionBid("paid-2021", "b1", "b", 43_00, 10_000), Opens.AddMinutes(6))).Rejection?.Code);
            await steps.Must("c", new WithdrawAuctionBid("paid-2021", "c1", "c"), Opens.AddMinutes(7));
            Assert.Equal("trading_halted", (await steps.Send(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes)).Rejection?.Code);
        }, w =>
        {
            var registry = w.Get<RegistryState>();
            Assert.Equal(new TradingHalt(haltedAt, MarketSetup.Regulator, Reason), w.Get<ExchangeState>().Day("CEA21")!.Halt);
            Assert.Equal("a1", Assert.Single(w.Get<ExchangeState>().Auction("paid-2021")!.Bids).BidId);
            Assert.Equal((1_126_375_00L, 0L, 0L), (registry.HoldingOf("a", "CNY")!.Locked, registry.HoldingOf("b", "CNY")!.Locked, registry.HoldingOf("c", "CNY")!.Locked));
        }, async steps =>
        {
            // After a restart from the snapshot the halt still refuses the clearing; after the resume it clears at a's 45.00.
            var refused = await steps.Send(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes.AddMinutes(1));
            Assert.Equal(("trading_halted", Halted(haltedAt)), (refused.Rejection?.Code, refused.Rejection?.Message));
            await steps.Must(MarketSetup.Regulator, new ResumeTrading("CEA21"), Closes.AddMinutes(2));
            var cleared = await steps.Send(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes.AddMinutes(3));
            Assert.Equal((45_00L, 25_000L), (cleared.Events.OfType<AuctionCleared>().Single().ClearingPriceFen!.Value, cleared.Events.OfType<AuctionCleared>().Single().PlacedT));
            Assert.Equal(("a", 25_000L), cleared.Events.OfType<TradeExecuted>().Select(t => (t.Buyer, t.QuantityT)).Single());
        });
    }
}
