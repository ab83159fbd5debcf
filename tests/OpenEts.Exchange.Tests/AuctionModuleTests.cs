// One-way bidding in the engine with the registry: the regulator sells 100,000 t from cn-AUCTION at a 40.00
// floor; bids lock cash in the registry; clearing settles each allocation as one linked transfer with fees
// and releases every lock; every rejection changes nothing; bids are sealed; a frozen bidder is set aside.
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class AuctionModuleTests
{
    internal const string AuctionAccount = "cn-AUCTION";
    internal static readonly DateTimeOffset Opens = new(2021, 7, 19, 10, 0, 0, Beijing);
    internal static readonly DateTimeOffset Closes = new(2021, 7, 19, 11, 0, 0, Beijing);
    internal static readonly DateTimeOffset Announced = new(2021, 7, 19, 9, 0, 0, Beijing);
    internal const long MemberCashFen = 2_000_000_00; // 2,000,000.00 yuan

    // Fees of 10 bp for the buyer and 5 bp for the seller (the national rulebook charges none) to see them settle.
    internal static readonly AuctionRulebook WithFees = AuctionRulebook.National with { BuyerFeeBasisPoints = 10, SellerFeeBasisPoints = 5 };

    /// <summary>
    /// Registration rules that let a holder keep several accounts in a market (holder_accounts_per_market null): where a
    /// market allows it, the exchange still treats a holder's accounts as one member.
    /// </summary>
    internal static readonly RegistrationRulebook SeveralAccounts = RegistrationRulebook.National with { HolderAccountsPerMarket = null };

    /// <summary>A floor with 100,000 t of CEA21 in cn-AUCTION, the fee account, and members a–f with 2,000,000.00 yuan each.</summary>
    internal static TradingFloor AuctionFloor(AuctionRulebook? rules = null, params string[] members) => AuctionFloor(rules, null, members);

    /// <summary>As above, under <paramref name="registration"/> (the national registration rules when null).</summary>
    internal static TradingFloor AuctionFloor(AuctionRulebook? rules, RegistrationRulebook? registration, params string[] members)
    {
        var floor = new TradingFloor(auctionRules: rules ?? WithFees, registration: registration);
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 100_000));
        floor.OpenMember(ExchangeModule.DefaultFeeAccount, 0, 0);
        foreach (var m in members.Length > 0 ? members : ["a", "b", "c", "d", "e", "f"])
            floor.OpenMember(m, 0, MemberCashFen);
        return floor;
    }

    internal static AnnounceAuction Notice(string id = "paid-2021", long quantityT = 100_000, long floorFen = 40_00) =>
        new(id, "CEA21", quantityT, floorFen, Opens, Closes, AuctionAccount);

    internal static Outcome Bid(TradingFloor floor, string account, string bidId, long priceFen, long quantityT, int minute = 0, string auction = "paid-2021") =>
        floor.Submit(account, new SubmitAuctionBid(auction, bidId, account, priceFen, quantityT), Opens.AddMinutes(minute));

    [Fact]
    public void Worked_example_100000_t_at_a_40_00_floor_clears_at_41_00_with_a_pro_rata_split_at_the_margin()
    {
        var floor = AuctionFloor();
        var announced = floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Assert.Equal(["AuctionAnnounced", "UnitsLocked"], announced.Events.Select(e => e.GetType().Name));
        Assert.Equal(100_000, floor.Registry.HoldingOf(AuctionAccount, "CEA21")!.Locked);
        // 25% of 100,000 t per member: 25,000 t.
        Assert.Equal(25_000, floor.Exchange.Auction("paid-2021")!.Terms.MaxPerBidderT);

        Assert.True(Bid(floor, "a", "a1", 45_00, 25_000).Accepted);
        Assert.True(Bid(floor, "b", "b1", 43_50, 20_000, 1).Accepted);
        Assert.True(Bid(floor, "c", "c1", 42_00, 25_000, 2).Accepted);
        Assert.True(Bid(floor, "d", "d1", 41_00, 20_000, 3).Accepted);
        Assert.True(Bid(floor, "e", "e1", 41_00, 25_000, 4).Accepted);
        Assert.Equal("bid_beyond_reserve_price", floor.Rejects("f", new SubmitAuctionBid("paid-2021", "f0", "f", 39_99, 10_000), Opens.AddMinutes(5)));
        Assert.True(Bid(floor, "f", "f1", 40_00, 15_000, 6).Accepted);
        // a's lock: 25,000 t × 45.00 = 1,125,000.00, fee 10 bp rounded up 1,125.00, one fen per tonne 250.00.
        Assert.Equal(1_126_375_00, floor.LockedCash("a"));

        var cleared = floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        var result = Assert.IsType<AuctionCleared>(cleared.Events[0]);
        // 70,000 t above 41.00; 30,000 t left for 45,000 t bid at 41.00: 30 lots × 20/45 = 13.3 → 13, × 25/45 = 16.7 → 16,
        // the lot left goes to d, the earlier bid: d 14,000 t, e 16,000 t.
        Assert.Equal((41_00L, 100_000L, 0L), (result.ClearingPriceFen!.Value, result.PlacedT, result.UnplacedT));
        var trades = cleared.Events.OfType<TradeExecuted>().ToList();
        Assert.Equal([("a", 25_000L), ("b", 20_000), ("c", 25_000), ("d", 14_000), ("e", 16_000)], trades.Select(t => (t.Buyer, t.QuantityT)));
        Assert.All(trades, t => Assert.Equal((41_00L, AuctionAccount, "paid-2021"), (t.PriceFen, t.Seller, t.SellOrder)));
        // Each allocation is one linked transfer: units, cash less the seller's fee, both fees.
        Assert.Equal(5 * 3, cleared.Events.Count(e => e is UnitsTransferred));

        // a: 25,000 t × 41.00 = 1,025,000.00 yuan + 1,025.00 fee; the rest of its 45.00 lock is back.
        Assert.Equal((25_000L, MemberCashFen - 1_025_000_00 - 1_025_00, 0L), (floor.Units("a"), floor.Cash("a"), floor.LockedCash("a")));
        Assert.Equal((20_000L, MemberCashFen - 820_000_00 - 820_00), (floor.Units("b"), floor.Cash("b")));
        Assert.Equal((14_000L, MemberCashFen - 574_000_00 - 574_00), (floor.Units("d"), floor.Cash("d")));
        Assert.Equal((16_000L, MemberCashFen - 656_000_00 - 656_00), (floor.Units("e"), floor.Cash("e")));
        Assert.Equal((0L, MemberCashFen, 0L), (floor.Units("f"), floor.Cash("f"), floor.LockedCash("f")));
        // The seller: 100,000 t × 41.00 = 4,100,000.00 yuan less 5 bp (2,050.00); fees 4,100.00 + 2,050.00.
        Assert.Equal((0L, 4_100_000_00 - 2_050_00), (floor.Units(AuctionAccount), floor.Cash(AuctionAccount)));
        Assert.Equal(4_100_00 + 2_050_00, floor.Cash(ExchangeModule.DefaultFeeAccount));
        Assert.Empty(floor.Registry.Locks);
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
        Assert.Equal("auction_already_cleared", floor.Rejects(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes));
    }

    [Fact]
    public void Unsold_units_go_back_to_the_seller_and_losing_bids_are_unlocked()
    {
        var floor = AuctionFloor(AuctionRulebook.National);
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Bid(floor, "a", "a1", 40_50, 25_000);
        Bid(floor, "b", "b1", 40_00, 10_000, 1);
        var cleared = floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes.AddMinutes(5));
        Assert.Equal((40_00L, 35_000L, 65_000L), (((AuctionCleared)cleared.Events[0]).ClearingPriceFen!.Value, ((AuctionCleared)cleared.Events[0]).PlacedT, ((AuctionCleared)cleared.Events[0]).UnplacedT));
        Assert.Equal((65_000L, 0L, 35_000L * 40_00), (floor.Units(AuctionAccount), floor.Registry.HoldingOf(AuctionAccount, "CEA21")!.Locked, floor.Cash(AuctionAccount)));
        Assert.Equal(MemberCashFen - 25_000L * 40_00, floor.Cash("a"));
        Assert.Empty(floor.Registry.Locks);
    }

    [Fact]
    public void An_auction_nobody_bids_in_returns_every_unit()
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        var cleared = floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        Assert.Null(((AuctionCleared)cleared.Events[0]).ClearingPriceFen);
        Assert.Equal((100_000L, 0L), (floor.Units(AuctionAccount), floor.Registry.HoldingOf(AuctionAccount, "CEA21")!.Locked));
        Assert.Empty(floor.Registry.Locks);
    }

    [Fact]
    public void Every_rejection_has_its_code_and_changes_nothing()
    {
        var floor = AuctionFloor();
        floor.OpenMember("poor", 0, 1_000_00);
        Assert.Equal("not_authorized", floor.Rejects("a", Notice(), Announced));
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.ExchangeOperator, Notice(), Announced));
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.Regulator, Notice() with { SellerAccount = Seller }, Announced));
        Assert.Equal("insufficient_units", floor.Rejects(MarketSetup.Regulator, Notice(quantityT: 101_000), Announced));
        Assert.Equal("quantity_out_of_range", floor.Rejects(MarketSetup.Regulator, Notice(quantityT: 99_500), Announced));
        Assert.Equal("off_tick", floor.Rejects(MarketSetup.Regulator, Notice(floorFen: 0), Announced));
        Assert.Equal("bidder_limit_exceeded", floor.Rejects(MarketSetup.Regulator, Notice() with { MaxPerBidderT = 26_000 }, Announced));
        Assert.Equal("market_closed", floor.Rejects(MarketSetup.Regulator, Notice() with { OpensAt = Opens.AddDays(-2), ClosesAt = Closes.AddDays(-2) }, Announced.AddDays(-3)));
        Assert.Equal("market_closed", floor.Rejects(MarketSetup.Regulator, Notice() with { ClosesAt = Closes.AddDays(1) }, Announced));
        Assert.Equal("auction_not_open", floor.Rejects(MarketSetup.Regulator, Notice(), Closes));
        Assert.Equal("invalid_id", floor.Rejects(MarketSetup.Regulator, Notice(id: "an id with spaces"), Announced));
        Assert.Equal("unknown_unit_class", floor.Rejects(MarketSetup.Regulator, Notice() with { Instrument = "CEA99" }, Announced));
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Assert.Equal("duplicate_id", floor.Rejects(MarketSetup.Regulator, Notice(quantityT: 1_000), Announced));

        SubmitAuctionBid B(string account, string id, long price, long qty) => new("paid-2021", id, account, price, qty);
        Assert.Equal("auction_not_open", floor.Rejects("a", B("a", "x", 41_00, 1_000), Opens.AddSeconds(-1)));
        Assert.Equal("auction_not_open", floor.Rejects("a", B("a", "x", 41_00, 1_000), Closes));
        Assert.Equal("bid_beyond_reserve_price", floor.Rejects("a", B("a", "x", 39_99, 1_000), Opens));
        Assert.Equal("quantity_out_of_range", floor.Rejects("a", B("a", "x", 41_00, 1_500), Opens));
        Assert.Equal("off_tick", floor.Rejects("a", B("a", "x", 0, 1_000), Opens));
        Assert.Equal("bidder_limit_exceeded", floor.Rejects("a", B("a", "x", 41_00, 26_000), Opens));
        Assert.Equal("insufficient_cash", floor.Rejects("poor", B("poor", "x", 41_00, 1_000), Opens));
        Assert.Equal("not_yours", floor.Rejects("b", B("a", "x", 41_00, 1_000), Opens));
        Assert.Equal("unknown_id", floor.Rejects("a", new SubmitAuctionBid("nope", "x", "a", 41_00, 1_000), Opens));
        Assert.Equal("wrong_market", floor.Rejects(MarketSetup.ExchangeOperator, B(AuctionAccount, "x", 41_00, 1_000), Opens));
        Bid(floor, "a", "a1", 41_00, 20_000);
        Assert.Equal("bidder_limit_exceeded", floor.Rejects("a", B("a", "a2", 41_00, 6_000), Opens));
        Assert.Equal("duplicate_id", floor.Rejects("a", B("a", "a1", 41_00, 1_000), Opens));

        Assert.Equal("not_yours", floor.Rejects("b", new WithdrawAuctionBid("paid-2021", "a1", "b"), Opens));
        Assert.Equal("not_yours", floor.Rejects("b", new WithdrawAuctionBid("paid-2021", "a1", "a"), Opens));
        Assert.Equal("unknown_id", floor.Rejects("a", new WithdrawAuctionBid("paid-2021", "zz", "a"), Opens));
        Assert.Equal("auction_not_open", floor.Rejects("a", new WithdrawAuctionBid("paid-2021", "a1", "a"), Closes));

        Assert.Equal("auction_not_open", floor.Rejects(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes.AddSeconds(-1)));
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.Regulator, new ClearAuction("paid-2021"), Closes));
        Assert.Equal("unknown_id", floor.Rejects(MarketSetup.ExchangeOperator, new ClearAuction("nope"), Closes));
    }

    [Fact]
    public void A_withdrawn_bid_releases_its_cash_and_does_not_count_toward_the_limit()
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Bid(floor, "a", "a1", 42_00, 25_000);
        Assert.True(floor.LockedCash("a") > 0);
        var withdrawn = floor.Must("a", new WithdrawAuctionBid("paid-2021", "a1", "a"), Opens.AddMinutes(10));
        Assert.Equal(["UnitsUnlocked", "AuctionBidWithdrawn"], withdrawn.Events.Select(e => e.GetType().Name));
        Assert.Equal((0L, MemberCashFen), (floor.LockedCash("a"), floor.Cash("a")));
        Assert.Equal("duplicate_id", floor.Rejects("a", new SubmitAuctionBid("paid-2021", "a1", "a", 42_00, 1_000), Opens.AddMinutes(11)));
        Assert.True(Bid(floor, "a", "a2", 41_00, 25_000, 12).Accepted);
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        Assert.Equal((25_000L, MemberCashFen - 25_000L * 41_00 - 1_025_00), (floor.Units("a"), floor.Cash("a")));
    }

    [Fact]
    public void Bids_are_sealed_until_clearing_each_member_reads_its_own_and_the_operator_and_regulator_all()
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Bid(floor, "a", "a1", 42_00, 25_000);
        Bid(floor, "b", "b1", 41_00, 5_000);
        var auction = floor.Exchange.Auction("paid-2021")!;
        Assert.Equal(["a1"], AuctionView.Of(auction, floor.Registry, "a").Bids.Select(b => b.BidId));
        Assert.Empty(AuctionView.Of(auction, floor.Registry, "c").Bids);
        Assert.Equal(["a1", "b1"], AuctionView.Of(auction, floor.Registry, MarketSetup.ExchangeOperator).Bids.Select(b => b.BidId));
        Assert.Equal(["a1", "b1"], AuctionView.Of(auction, floor.Registry, MarketSetup.Regulator).Bids.Select(b => b.BidId));
        Assert.Null(AuctionView.Of(auction, floor.Registry, "a").ClearingPriceFen);
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        var mine = AuctionView.Of(auction, floor.Registry, "b");
        Assert.Equal((true, 41_00L, 30_000L), (mine.Cleared, mine.ClearingPriceFen!.Value, mine.PlacedT!.Value));
        Assert.Equal([("b1", (long?)5_000)], mine.Bids.Select(b => (b.BidId, b.AllocatedT)));
    }

    [Fact]
    public void The_per_member_limit_counts_a_holders_bids_from_all_its_accounts()
    {
        // Nationally a holder has one account (holder_accounts_per_market 1); under rules that allow several, they bid as one.
        var floor = AuctionFloor(null, SeveralAccounts);
        floor.Must(MarketSetup.RegistryOperator, new OpenAccount("a-2", "cn", "a", AccountKind.Investor));
        floor.Must(MarketSetup.RegistryOperator, new DepositCash("a-2", MemberCashFen));
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Assert.True(Bid(floor, "a", "a1", 45_00, 20_000).Accepted);
        var before = floor.World.StateHash();
        // 20,000 t from "a" and 6,000 t more from the same holder's second account exceed the 25,000 t limit.
        var second = floor.Submit("a", new SubmitAuctionBid("paid-2021", "a2", "a-2", 45_00, 6_000), Opens);
        Assert.Equal(ExchangeRejections.BidderLimitExceeded, second.Rejection?.Code);
        Assert.Equal(before, floor.World.StateHash());
        Assert.True(floor.Submit("a", new SubmitAuctionBid("paid-2021", "a3", "a-2", 45_00, 5_000), Opens).Accepted);
    }

    /// <summary>a bids 25,000 t at 45.00 and b 25,000 t at 41.00; then <paramref name="frozen"/> is frozen and the auction cleared.</summary>
    private static (TradingFloor Floor, AuctionCleared Result) ClearedAfterFreezing(string frozen)
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Bid(floor, "a", "a1", 45_00, 25_000);
        Bid(floor, "b", "b1", 41_00, 25_000);
        floor.Must(MarketSetup.Regulator, new FreezeAccount(frozen, "court order"));
        var cleared = floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        return (floor, Assert.IsType<AuctionCleared>(cleared.Events[0]));
    }

    [Fact]
    public void A_bidder_frozen_before_clearing_is_set_aside_and_its_lock_released()
    {
        var (floor, result) = ClearedAfterFreezing("a");
        Assert.Equal(["a1"], result.SetAsideBids);
        Assert.Equal((41_00L, 25_000L), (result.ClearingPriceFen!.Value, result.PlacedT));
        Assert.Equal((0L, 0L, MemberCashFen), (floor.Units("a"), floor.LockedCash("a"), floor.Cash("a")));
        Assert.Equal(25_000, floor.Units("b"));
        Assert.Empty(floor.Registry.Locks);
    }

    [Fact]
    public void When_the_seller_is_frozen_before_clearing_every_bid_is_set_aside_and_nothing_stays_locked()
    {
        var (floor, result) = ClearedAfterFreezing("cn-AUCTION");
        Assert.Equal(["a1", "b1"], result.SetAsideBids);
        Assert.Equal((null, 0L, 100_000L), (result.ClearingPriceFen, result.PlacedT, result.UnplacedT));
        Assert.Equal((0L, 0L, MemberCashFen), (floor.Units("a"), floor.LockedCash("a"), floor.Cash("a")));
        Assert.Equal((0L, MemberCashFen), (floor.LockedCash("b"), floor.Cash("b")));
        Assert.DoesNotContain(floor.Registry.Locks.Values, l => l.Reason != LockReason.Freeze);
    }

    [Fact]
    public void When_the_offered_units_were_unlocked_by_the_registry_every_bid_is_set_aside()
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Bid(floor, "a", "a1", 45_00, 25_000);
        floor.Must(MarketSetup.RegistryOperator, new Unlock(ExchangeState.AuctionLockId("paid-2021")));
        var cleared = floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        var result = Assert.IsType<AuctionCleared>(cleared.Events[0]);
        Assert.Equal(["a1"], result.SetAsideBids);
        Assert.Equal((null, 0L, 100_000L), (result.ClearingPriceFen, result.PlacedT, result.UnplacedT));
        Assert.Equal((0L, MemberCashFen, 100_000L), (floor.Units("a"), floor.Cash("a"), floor.Units(AuctionAccount)));
        Assert.Empty(floor.Registry.Locks);
    }

    [Fact]
    public void Units_bought_at_auction_are_sellable_from_the_next_trading_day()
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Bid(floor, "a", "a1", 45_00, 25_000);
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        var afternoon = new DateTimeOffset(2021, 7, 19, 14, 0, 0, Beijing);
        Assert.Equal("units_not_yet_sellable", floor.Rejects("a", new PlaceOrder("CEA21", "s1", "a", Side.Sell, 51_23, 1_000), afternoon));
    }

    [Fact]
    public void A_snapshot_taken_with_bids_standing_restores_the_auction_and_clears_alike()
    {
        var floor = AuctionFloor();
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Bid(floor, "a", "a1", 45_00, 25_000);
        Bid(floor, "d", "d1", 41_00, 20_000, 1);
        Bid(floor, "e", "e1", 41_00, 25_000, 2);
        floor.Submit("d", new WithdrawAuctionBid("paid-2021", "d1", "d"), Opens.AddMinutes(3));
        Bid(floor, "d", "d2", 41_00, 20_000, 4);
        var copy = new ModuleCatalog(new RegistryModule(), new ExchangeModule(auctionRules: WithFees)).CreateWorld();
        copy.Restore(floor.World.Snapshot());
        Assert.Equal(floor.World.StateHash(), copy.StateHash());
        var clear = new CommandEnvelope("clear", MarketSetup.ExchangeOperator, Closes, new ClearAuction("paid-2021"));
        Assert.Equal(Json(floor.World, DecisionContext.Decide(floor.World, clear)), Json(copy, DecisionContext.Decide(copy, clear)));
        Assert.Equal(floor.World.StateHash(), copy.StateHash());
        // 70,000 t bid in all after d's withdrawal and new bid: every bid is filled at 41.00.
        Assert.Equal((25_000L, 25_000L, 20_000L), (floor.Units("a"), floor.Units("e"), floor.Units("d")));
    }

    private static string Json(World world, Outcome outcome) => System.Text.Json.JsonSerializer.Serialize(outcome.Events, world.Catalog.Json);
}
