// A single buyer's auction in the engine with the registry: steel-b buys 50,000 t of CEA21 at a 45.00 cap;
// members offer sealed (their units locked in the registry); clearing takes the cheapest offers first, at one
// price (the highest accepted offer), settles each as one linked transfer with fees, and releases every lock.
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class BuyerAuctionModuleTests
{
    internal const string Auction = "buy-2021";
    internal const long SellerUnitsEachT = 20_000;

    /// <summary>The trading floor (steel-b with 10,000,000.00 yuan), the fee account, and members a–f with 20,000 t of CEA21 each.</summary>
    internal static TradingFloor BuyerFloor(AuctionRulebook? rules = null, params string[] members)
    {
        var floor = new TradingFloor(auctionRules: rules ?? WithFees);
        floor.OpenMember(ExchangeModule.DefaultFeeAccount, 0, 0);
        foreach (var m in members.Length > 0 ? members : ["a", "b", "c", "d", "e", "f"])
            floor.OpenMember(m, SellerUnitsEachT, 0);
        return floor;
    }

    internal static AnnounceAuction BuyNotice(long quantityT = 50_000, long capFen = 45_00, string id = Auction) =>
        new(id, "CEA21", quantityT, capFen, Opens, Closes, Side: Side.Buy, BuyerAccount: Buyer);

    internal static Outcome Offer(TradingFloor floor, string account, string offerId, long priceFen, long quantityT, int minute = 0) =>
        floor.Submit(account, new SubmitAuctionBid(Auction, offerId, account, priceFen, quantityT), Opens.AddMinutes(minute));

    [Fact]
    public void Worked_example_buying_50000_t_under_a_45_00_cap_clears_at_the_marginal_offer_44_00()
    {
        var floor = BuyerFloor();
        var announced = floor.Must(Buyer, BuyNotice(), Announced);
        Assert.Equal(["AuctionAnnounced", "UnitsLocked"], announced.Events.Select(e => e.GetType().Name));
        // 50,000 t × 45.00 = 2,250,000.00 yuan, the buyer's fee of 10 bp rounded up 2,250.00, one fen per tonne 500.00.
        Assert.Equal(2_252_750_00, floor.LockedCash(Buyer));
        // 25% of 50,000 t is 12,500 t, down to whole lots: 12,000 t per member.
        Assert.Equal(12_000, floor.Exchange.Auction(Auction)!.Terms.MaxPerBidderT);

        Assert.True(Offer(floor, "a", "a1", 41_00, 12_000).Accepted);
        Assert.True(Offer(floor, "b", "b1", 42_50, 10_000, 1).Accepted);
        Assert.True(Offer(floor, "c", "c1", 43_00, 12_000, 2).Accepted);
        Assert.True(Offer(floor, "d", "d1", 44_00, 8_000, 3).Accepted);
        Assert.True(Offer(floor, "e", "e1", 44_00, 12_000, 4).Accepted);
        Assert.Equal("bid_beyond_reserve_price", floor.Rejects("f", new SubmitAuctionBid(Auction, "f0", "f", 45_01, 10_000), Opens.AddMinutes(5)));
        Assert.True(Offer(floor, "f", "f1", 45_00, 10_000, 6).Accepted);
        Assert.Equal((12_000L, 0L), (floor.LockedUnits("a"), floor.LockedCash("a")));

        var cleared = floor.Must(MarketSetup.ExchangeOperator, new ClearAuction(Auction), Closes);
        var result = Assert.IsType<AuctionCleared>(cleared.Events[0]);
        // 34,000 t offered below 44.00; 16,000 t left for 20,000 t offered at 44.00: 16 lots × 8/20 = 6.4 → 6, × 12/20 = 9.6 → 9,
        // the lot left to d (earlier): d 7,000 t, e 9,000 t; f at the cap sells nothing.
        Assert.Equal((44_00L, 50_000L, 0L), (result.ClearingPriceFen!.Value, result.PlacedT, result.UnplacedT));
        var trades = cleared.Events.OfType<TradeExecuted>().ToList();
        Assert.Equal([("a", 12_000L), ("b", 10_000), ("c", 12_000), ("d", 7_000), ("e", 9_000)], trades.Select(t => (t.Seller, t.QuantityT)));
        Assert.All(trades, t => Assert.Equal((44_00L, Buyer, Auction), (t.PriceFen, t.Buyer, t.BuyOrder)));
        Assert.Equal(5 * 3, cleared.Events.Count(e => e is UnitsTransferred));

        // The buyer: 50,000 t × 44.00 = 2,200,000.00 yuan + 2,200.00 fee; the rest of its cap lock is back.
        Assert.Equal((50_000L, BuyerCashFen - 2_200_000_00 - 2_200_00, 0L), (floor.Units(Buyer), floor.Cash(Buyer), floor.LockedCash(Buyer)));
        // a sold 12,000 t at 44.00 (it offered 41.00): 528,000.00 yuan less 5 bp (264.00).
        Assert.Equal((8_000L, 0L, 528_000_00 - 264_00), (floor.Units("a"), floor.LockedUnits("a"), floor.Cash("a")));
        Assert.Equal((13_000L, 308_000_00 - 154_00), (floor.Units("d"), floor.Cash("d")));
        Assert.Equal((11_000L, 396_000_00 - 198_00), (floor.Units("e"), floor.Cash("e")));
        Assert.Equal((SellerUnitsEachT, 0L, 0L), (floor.Units("f"), floor.LockedUnits("f"), floor.Cash("f")));
        // Fees: 2,200.00 from the buyer and 1,100.00 from the sellers.
        Assert.Equal(2_200_00 + 1_100_00, floor.Cash(ExchangeModule.DefaultFeeAccount));
        Assert.Empty(floor.Registry.Locks);
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
        Assert.Equal("auction_already_cleared", floor.Rejects(MarketSetup.ExchangeOperator, new ClearAuction(Auction), Closes));
    }

    [Fact]
    public void An_undersubscribed_buyers_auction_fills_every_offer_at_the_highest_and_releases_the_unused_cash()
    {
        var floor = BuyerFloor(AuctionRulebook.National);
        floor.Must(Buyer, BuyNotice(), Announced);
        Offer(floor, "a", "a1", 42_00, 12_000);
        Offer(floor, "b", "b1", 43_50, 8_000, 1);
        var cleared = (AuctionCleared)floor.Must(MarketSetup.ExchangeOperator, new ClearAuction(Auction), Closes.AddMinutes(5)).Events[0];
        Assert.Equal((43_50L, 20_000L, 30_000L), (cleared.ClearingPriceFen!.Value, cleared.PlacedT, cleared.UnplacedT));
        Assert.Equal((20_000L, BuyerCashFen - 20_000L * 43_50, 0L), (floor.Units(Buyer), floor.Cash(Buyer), floor.LockedCash(Buyer)));
        Assert.Equal((8_000L, 12_000L * 43_50), (floor.Units("a"), floor.Cash("a")));
        Assert.Empty(floor.Registry.Locks);
    }

    [Fact]
    public void Every_rejection_of_a_buyers_auction_has_its_code_and_changes_nothing()
    {
        var floor = BuyerFloor();
        floor.OpenMember("poor", 0, 1_000_00);
        Assert.Equal("not_authorized", floor.Rejects("a", BuyNotice(), Announced));
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.Regulator, BuyNotice() with { BuyerAccount = AuctionAccount }, Announced));
        Assert.Equal("invalid_auction_account", floor.Rejects(Buyer, BuyNotice() with { SellerAccount = "a" }, Announced));
        Assert.Equal("invalid_auction_account", floor.Rejects(Buyer, BuyNotice() with { BuyerAccount = null }, Announced));
        Assert.Equal("invalid_auction_account", floor.Rejects(Buyer, BuyNotice() with { Side = Side.Sell }, Announced));
        Assert.Equal("unknown_account", floor.Rejects(Buyer, BuyNotice() with { BuyerAccount = "nobody" }, Announced));
        Assert.Equal("insufficient_cash", floor.Rejects("poor", BuyNotice() with { BuyerAccount = "poor" }, Announced));
        // 200,000 t at a 50.00 cap locks 10,000,000.00 + 10,000.00 fee + 2,000.00; steel-b has 10,000,000.00 yuan.
        Assert.Equal("insufficient_cash", floor.Rejects(Buyer, BuyNotice(quantityT: 200_000, capFen: 50_00), Announced));
        Assert.Equal("quantity_out_of_range", floor.Rejects(Buyer, BuyNotice(quantityT: 49_500), Announced));
        Assert.Equal("off_tick", floor.Rejects(Buyer, BuyNotice(capFen: 0), Announced));
        Assert.Equal("bidder_limit_exceeded", floor.Rejects(Buyer, BuyNotice() with { MaxPerBidderT = 13_000 }, Announced));
        Assert.Equal("auction_not_open", floor.Rejects(Buyer, BuyNotice(), Closes));
        floor.Must(Buyer, BuyNotice(), Announced);

        SubmitAuctionBid O(string account, string id, long price, long qty) => new(Auction, id, account, price, qty);
        Assert.Equal("auction_not_open", floor.Rejects("a", O("a", "x", 44_00, 1_000), Opens.AddSeconds(-1)));
        Assert.Equal("bid_beyond_reserve_price", floor.Rejects("a", O("a", "x", 45_01, 1_000), Opens));
        Assert.Equal("quantity_out_of_range", floor.Rejects("a", O("a", "x", 44_00, 1_500), Opens));
        Assert.Equal("bidder_limit_exceeded", floor.Rejects("a", O("a", "x", 44_00, 13_000), Opens));
        Assert.Equal("insufficient_units", floor.Rejects("poor", O("poor", "x", 44_00, 1_000), Opens));
        Assert.Equal("same_account", floor.Rejects(Buyer, O(Buyer, "x", 44_00, 1_000), Opens));
        Assert.Equal("not_yours", floor.Rejects("b", O("a", "x", 44_00, 1_000), Opens));
        Offer(floor, "a", "a1", 44_00, 12_000);
        Assert.Equal("bidder_limit_exceeded", floor.Rejects("a", O("a", "a2", 44_00, 1_000), Opens));
        Assert.Equal("duplicate_id", floor.Rejects("b", O("b", "a1", 44_00, 1_000), Opens));
        Assert.Equal("not_yours", floor.Rejects("b", new WithdrawAuctionBid(Auction, "a1", "b"), Opens));
        Assert.Equal("auction_not_open", floor.Rejects(MarketSetup.ExchangeOperator, new ClearAuction(Auction), Closes.AddSeconds(-1)));
    }

    [Fact]
    public void Units_bought_today_cannot_be_offered_into_a_buyers_auction()
    {
        var floor = BuyerFloor();
        floor.Must(Buyer, BuyNotice(), Announced);
        // g buys 5,000 t from a on the listing book at 09:45; units bought today are sellable from the next trading day.
        Assert.True(floor.Order("a", "s1", Side.Sell, 51_23, 5_000).Accepted);
        floor.OpenMember("g", 0, 1_000_000_00);
        Assert.True(floor.Order("g", "b1", Side.Buy, 51_23, 5_000).Accepted);
        Assert.Equal(5_000, floor.Units("g"));
        Assert.Equal("units_not_yet_sellable", floor.Rejects("g", new SubmitAuctionBid(Auction, "g1", "g", 44_00, 1_000), Opens));
    }

    [Fact]
    public void A_withdrawn_offer_releases_its_units_and_a_frozen_buyer_sets_every_offer_aside()
    {
        var floor = BuyerFloor();
        floor.Must(Buyer, BuyNotice(), Announced);
        Offer(floor, "a", "a1", 42_00, 12_000);
        var withdrawn = floor.Must("a", new WithdrawAuctionBid(Auction, "a1", "a"), Opens.AddMinutes(10));
        Assert.Equal(["UnitsUnlocked", "AuctionBidWithdrawn"], withdrawn.Events.Select(e => e.GetType().Name));
        Assert.Equal((0L, SellerUnitsEachT), (floor.LockedUnits("a"), floor.Units("a")));
        Offer(floor, "a", "a2", 43_00, 12_000, 11);
        Offer(floor, "b", "b1", 44_00, 12_000, 12);
        floor.Must(MarketSetup.Regulator, new FreezeAccount(Buyer, "court order"));
        var cleared = (AuctionCleared)floor.Must(MarketSetup.ExchangeOperator, new ClearAuction(Auction), Closes).Events[0];
        Assert.Equal(["a2", "b1"], cleared.SetAsideBids);
        Assert.Equal((null, 0L, 50_000L), (cleared.ClearingPriceFen, cleared.PlacedT, cleared.UnplacedT));
        Assert.Equal((SellerUnitsEachT, 0L, SellerUnitsEachT, 0L), (floor.Units("a"), floor.LockedUnits("a"), floor.Units("b"), floor.LockedUnits("b")));
        Assert.Equal((0L, BuyerCashFen), (floor.Units(Buyer), floor.Cash(Buyer)));
        Assert.DoesNotContain(floor.Registry.Locks.Values, l => l.Reason != LockReason.Freeze);
    }

    [Fact]
    public void A_buyers_auction_reads_sealed_with_its_side_and_buyer()
    {
        var floor = BuyerFloor();
        floor.Must(Buyer, BuyNotice(), Announced);
        Offer(floor, "a", "a1", 42_00, 12_000);
        Offer(floor, "b", "b1", 43_00, 2_000);
        var auction = floor.Exchange.Auction(Auction)!;
        var mine = AuctionView.Of(auction, floor.Registry, "a");
        Assert.Equal((Side.Buy, (string?)Buyer, (string?)null, 45_00L), (mine.Side, mine.BuyerAccount, mine.SellerAccount, mine.ReservePriceFen));
        Assert.Equal(["a1"], mine.Bids.Select(b => b.BidId));
        // The buyer sees no offer before clearing: bids are sealed from the initiator too.
        Assert.Empty(AuctionView.Of(auction, floor.Registry, Buyer).Bids);
        Assert.Equal(["a1", "b1"], AuctionView.Of(auction, floor.Registry, MarketSetup.ExchangeOperator).Bids.Select(b => b.BidId));
    }

    [Fact]
    public void A_snapshot_taken_with_offers_standing_restores_the_buyers_auction_and_clears_alike()
    {
        var floor = BuyerFloor();
        floor.Must(Buyer, BuyNotice(), Announced);
        Offer(floor, "a", "a1", 41_00, 12_000);
        Offer(floor, "b", "b1", 44_00, 12_000, 1);
        Offer(floor, "c", "c1", 44_00, 12_000, 2);
        floor.Must("c", new WithdrawAuctionBid(Auction, "c1", "c"), Opens.AddMinutes(3));
        Offer(floor, "c", "c2", 43_00, 12_000, 4);
        Offer(floor, "d", "d1", 44_50, 12_000, 5);
        var copy = new ModuleCatalog(new RegistryModule(), new ExchangeModule(auctionRules: WithFees)).CreateWorld();
        copy.Restore(floor.World.Snapshot());
        Assert.Equal(floor.World.StateHash(), copy.StateHash());
        var clear = new CommandEnvelope("clear", MarketSetup.ExchangeOperator, Closes, new ClearAuction(Auction));
        Assert.Equal(Json(floor.World, DecisionContext.Decide(floor.World, clear)), Json(copy, DecisionContext.Decide(copy, clear)));
        Assert.Equal(floor.World.StateHash(), copy.StateHash());
        // 36,000 t at 44.00 or less; 14,000 t more at 44.50 from d (12,000 t): 48,000 t placed at 44.50.
        Assert.Equal((48_000L, 8_000L, 44_50L), (floor.Units(Buyer), floor.Units("d"), floor.Exchange.Auction(Auction)!.Result!.ClearingPriceFen!.Value));
    }

    private static string Json(World world, Outcome outcome) => System.Text.Json.JsonSerializer.Serialize(outcome.Events, world.Catalog.Json);
}
