// Position limits and large-holder reporting under the Beijing pilot's figures (cn-beijing.json): 1,000,000 t for a
// holder that is not a compliance entity, allocation + 1,000,000 t for a compliance entity; disclosure above 500,000 t
// and allocation + 500,000 t. The national rulebooks set none, so nothing is refused there.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

public sealed class PositionLimitTests
{
    private const long Cash = 100_000_000_00;  // 100,000,000.00 yuan
    private const string Investor = "fund-i";
    private const string Entity = "power-e";
    private const string Seller = "seller-s";

    private static PilotFloor Floor()
    {
        var floor = new PilotFloor();
        floor.OpenMember(Investor, AccountKind.Investor, 950_000, Cash);
        floor.OpenMember(Entity, AccountKind.CoveredEntity, 950_000, Cash);
        floor.OpenMember(Seller, AccountKind.Investor, 800_000, Cash);
        return floor;
    }

    [Fact]
    public void The_rulebooks_carry_the_pilots_figures_and_the_national_ones_set_no_limit()
    {
        Assert.Null(TradingRulebook.National.PositionLimit);
        Assert.Null(TradingRulebook.Ccer.PositionLimit);
        Assert.Equal(new PositionLimit(1_000_000, 1_000_000, 500_000, 500_000), TradingRulebook.Beijing.PositionLimit);
        Assert.Equal(1_300_000, TradingRulebook.Beijing.PositionLimit!.LimitT(complianceEntity: true, allocationT: 300_000));
        Assert.Equal(1_000_000, TradingRulebook.Beijing.PositionLimit.LimitT(complianceEntity: false, allocationT: 300_000));
        Assert.Equal(800_000, TradingRulebook.Beijing.PositionLimit.DisclosureT(complianceEntity: true, allocationT: 300_000));
        Assert.Equal("cn-beijing", TradingRulebook.Beijing.Market);
        Assert.False(TradingRulebook.Beijing.AuctionOffered);
    }

    [Fact]
    public void Every_pilot_value_but_its_position_limits_is_marked_assumed()
    {
        using var stream = typeof(TradingRulebook).Assembly.GetManifestResourceStream("cn-beijing.json")!;
        using var doc = JsonDocument.Parse(stream);
        var leaves = new List<(string Path, JsonElement Leaf)>();
        void Walk(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Object)
                return;
            if (e.TryGetProperty("source", out _))
            {
                leaves.Add((path, e));
                return;
            }
            foreach (var p in e.EnumerateObject())
                Walk(p.Value, path + "." + p.Name);
        }
        Walk(doc.RootElement, "");
        var (limits, others) = (leaves.Where(l => l.Path.StartsWith(".position_limit.", StringComparison.Ordinal)).ToList(),
            leaves.Where(l => !l.Path.StartsWith(".position_limit.", StringComparison.Ordinal)).ToList());
        Assert.Equal(4, limits.Count);
        Assert.All(limits, l => Assert.Contains("rohansales.com", l.Leaf.GetProperty("source").GetString(), StringComparison.Ordinal));
        Assert.True(others.Count > 20, $"only {others.Count} other values");
        Assert.All(others, l => Assert.True(l.Leaf.TryGetProperty("assumed", out var a) && a.GetBoolean(), $"{l.Path} is not marked assumed"));
    }

    [Fact]
    public void A_pilot_market_trades_under_its_own_rulebook_from_the_same_code()
    {
        var floor = Floor();
        Assert.Equal("cn-beijing", floor.Exchange.Day(PilotFloor.Instrument)!.Ledger.Rules.Market);
        floor.Must(Seller, new PlaceOrder(PilotFloor.Instrument, "s1", Seller, Side.Sell, 50_00, 1_000));
        floor.Must(Investor, new PlaceOrder(PilotFloor.Instrument, "b1", Investor, Side.Buy, 50_00, 1_000));
        Assert.Equal(951_000, floor.Units(Investor));
        Assert.Equal("price_outside_band", floor.Rejects(Investor, new PlaceOrder(PilotFloor.Instrument, "b2", Investor, Side.Buy, 55_01, 1)).Code);
        // No one-way bidding in the pilot (auction.offered false), and the halt rules are the pilot rulebook's.
        var opens = PilotFloor.Morning.AddMinutes(15);
        Assert.Equal("trading_mode_not_offered", floor.Rejects(MarketSetup.Regulator,
            new AnnounceAuction("A1", PilotFloor.Instrument, 10_000, 40_00, opens, opens.AddHours(1), "bj-AUCTION")).Code);
        floor.Must(MarketSetup.Regulator, new HaltTrading(PilotFloor.Instrument, "Pilot halt"));
        Assert.Equal("trading_halted", floor.Rejects(Investor, new PlaceOrder(PilotFloor.Instrument, "b3", Investor, Side.Buy, 50_00, 1)).Code);
    }

    [Fact]
    public void With_the_limit_off_a_buy_beyond_any_pilot_figure_is_taken()
    {
        var floor = new TradingFloor();
        floor.OpenMember("big", 0, Cash);
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 5_000_000));
        floor.Must(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "big", "CEA21", 2_000_000));
        floor.Must("big", new PlaceOrder("CEA21", "b1", "big", Side.Buy, 51_00, 99_999));
        Assert.Null(PositionLimits.LimitOf(floor.World, "CEA21"));
        Assert.Empty(PositionLimits.LargeHolders(floor.World, "CEA21"));
    }

    [Fact]
    public void A_buy_up_to_the_limit_is_taken_and_one_tonne_more_is_refused_changing_nothing()
    {
        var floor = Floor();
        // 950,000 t held + 50,000 t resting = 1,000,000 t: exactly the limit.
        floor.Must(Investor, new PlaceOrder(PilotFloor.Instrument, "b1", Investor, Side.Buy, 49_00, 50_000));
        Assert.Equal(1_000_000, floor.Position(Investor).PositionT);
        var refused = floor.Rejects(Investor, new PlaceOrder(PilotFloor.Instrument, "b2", Investor, Side.Buy, 49_00, 1));
        Assert.Equal(PositionLimits.Exceeded, refused.Code);
        Assert.Equal("fund-i's position limit in BEA21 is 1,000,000 t (a holder that is not a compliance entity); its position is 1,000,000 t "
            + "(950,000 t held, 50,000 t in open buys), so buying 1 t more would take it to 1,000,001 t.", refused.Message);
        // The open buy is what counts: cancelled, the room comes back.
        floor.Must(Investor, new CancelOrder(PilotFloor.Instrument, "b1", Investor));
        floor.Must(Investor, new PlaceOrder(PilotFloor.Instrument, "b3", Investor, Side.Buy, 49_00, 50_000));
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects(Investor, new PlaceOrder(PilotFloor.Instrument, "b4", Investor, Side.Buy, 50_00, 1)).Code);
    }

    [Fact]
    public void Open_buy_orders_count_filled_or_resting()
    {
        var floor = Floor();
        floor.Must(Seller, new PlaceOrder(PilotFloor.Instrument, "s1", Seller, Side.Sell, 50_00, 20_000));
        // 20,000 t fill now, 10,000 t rest: 980,000 held + 10,000 open.
        floor.Must(Investor, new PlaceOrder(PilotFloor.Instrument, "b1", Investor, Side.Buy, 50_00, 30_000));
        var p = floor.Position(Investor);
        Assert.Equal((970_000L, 10_000L, 980_000L), (p.HeldT, p.PendingBuyT, p.PositionT));
        floor.Must(Investor, new PlaceOrder(PilotFloor.Instrument, "b2", Investor, Side.Buy, 49_00, 20_000));
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects(Investor, new PlaceOrder(PilotFloor.Instrument, "b3", Investor, Side.Buy, 49_00, 1)).Code);
    }

    [Fact]
    public void A_sale_lowers_the_position_and_a_resting_sell_does_not()
    {
        var floor = Floor();
        floor.Must(Investor, new PlaceOrder(PilotFloor.Instrument, "b1", Investor, Side.Buy, 49_00, 50_000));
        // A resting sell still holds its units (locked): no room.
        floor.Must(Investor, new PlaceOrder(PilotFloor.Instrument, "s1", Investor, Side.Sell, 52_00, 10_000));
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects(Investor, new PlaceOrder(PilotFloor.Instrument, "b2", Investor, Side.Buy, 49_00, 1)).Code);
        // Once it trades, 10,000 t of room.
        floor.Must(Seller, new PlaceOrder(PilotFloor.Instrument, "bs", Seller, Side.Buy, 52_00, 10_000));
        Assert.Equal(990_000, floor.Position(Investor).PositionT);
        floor.Must(Investor, new PlaceOrder(PilotFloor.Instrument, "b3", Investor, Side.Buy, 49_00, 10_000));
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects(Investor, new PlaceOrder(PilotFloor.Instrument, "b4", Investor, Side.Buy, 49_00, 1)).Code);
        // Sells are never refused for the position.
        floor.Must(Investor, new PlaceOrder(PilotFloor.Instrument, "s2", Investor, Side.Sell, 53_00, 99_999));
    }

    [Fact]
    public void A_compliance_entitys_limit_counts_the_allocation_the_regulator_records()
    {
        var floor = Floor();
        // Nothing recorded: allocation 0, limit 1,000,000 t.
        floor.Must(Entity, new PlaceOrder(PilotFloor.Instrument, "b1", Entity, Side.Buy, 49_00, 50_000));
        var refused = floor.Rejects(Entity, new PlaceOrder(PilotFloor.Instrument, "b2", Entity, Side.Buy, 49_00, 1));
        Assert.Contains("is 1,000,000 t (its allocation 0 t + 1,000,000 t)", refused.Message);

        Assert.Equal("not_authorized", floor.Rejects(Entity, new SetPositionAllocation(Entity, PilotFloor.Instrument, 300_000)).Code);
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.ExchangeOperator, new SetPositionAllocation(Entity, PilotFloor.Instrument, 300_000)).Code);
        Assert.Equal("not_a_compliance_entity", floor.Rejects(MarketSetup.Regulator, new SetPositionAllocation(Investor, PilotFloor.Instrument, 300_000)).Code);
        Assert.Equal("unknown_account", floor.Rejects(MarketSetup.Regulator, new SetPositionAllocation("nobody", PilotFloor.Instrument, 300_000)).Code);
        Assert.Equal("unknown_unit_class", floor.Rejects(MarketSetup.Regulator, new SetPositionAllocation(Entity, "BEA99", 300_000)).Code);
        Assert.Equal("quantity_out_of_range", floor.Rejects(MarketSetup.Regulator, new SetPositionAllocation(Entity, PilotFloor.Instrument, -1)).Code);
        var set = floor.Must(MarketSetup.Regulator, new SetPositionAllocation(Entity, PilotFloor.Instrument, 300_000));
        Assert.Equal(new PositionAllocationSet(Entity, PilotFloor.Instrument, 300_000, MarketSetup.Regulator), Assert.Single(set.Events));

        var p = floor.Position(Entity);
        Assert.Equal((true, 300_000L, 1_300_000L, 800_000L), (p.ComplianceEntity, p.AllocationT, p.LimitT, p.DisclosureT));
        floor.Must(Entity, new PlaceOrder(PilotFloor.Instrument, "b3", Entity, Side.Buy, 49_00, 99_999));
        floor.Must(Entity, new PlaceOrder(PilotFloor.Instrument, "b4", Entity, Side.Buy, 49_00, 99_999));
        floor.Must(Entity, new PlaceOrder(PilotFloor.Instrument, "b5", Entity, Side.Buy, 49_00, 99_999));
        floor.Must(Entity, new PlaceOrder(PilotFloor.Instrument, "b6", Entity, Side.Buy, 49_00, 3));
        Assert.Equal(1_300_000, floor.Position(Entity).PositionT);
        refused = floor.Rejects(Entity, new PlaceOrder(PilotFloor.Instrument, "b7", Entity, Side.Buy, 49_00, 1));
        Assert.Contains("is 1,300,000 t (its allocation 300,000 t + 1,000,000 t); its position is 1,300,000 t", refused.Message);
    }

    [Fact]
    public void Block_trades_are_checked_on_the_buying_side_and_a_crossing_is_reported()
    {
        var floor = Floor();
        var afternoon = PilotFloor.Afternoon;
        // The investor proposes to buy 100,000 t: 1,050,000 t, over its limit.
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects(Investor,
            new ProposeBlockTrade(PilotFloor.Instrument, "p1", Investor, Seller, Side.Buy, 50_00, 100_000), afternoon).Code);
        // The seller proposes to sell it 100,000 t: taken (a sell), but the investor's acceptance is refused.
        floor.Must(Seller, new ProposeBlockTrade(PilotFloor.Instrument, "p2", Seller, Investor, Side.Sell, 50_00, 100_000), afternoon);
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects(Investor, new AcceptBlockTrade(PilotFloor.Instrument, "p2", Investor), afternoon).Code);
        // The seller buys 100,000 t by block from the entity: 900,000 t, within its limit; pending, it counts.
        floor.Must(Seller, new ProposeBlockTrade(PilotFloor.Instrument, "p3", Seller, Entity, Side.Buy, 50_00, 100_000), afternoon);
        Assert.Equal(900_000, floor.Position(Seller).PositionT);
        floor.Must(Seller, new ProposeBlockTrade(PilotFloor.Instrument, "p4", Seller, Entity, Side.Buy, 50_00, 100_000), afternoon);
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects(Seller,
            new ProposeBlockTrade(PilotFloor.Instrument, "p5", Seller, Entity, Side.Buy, 50_00, 100_000), afternoon).Code);
        floor.Must(Entity, new AcceptBlockTrade(PilotFloor.Instrument, "p3", Entity), afternoon);
        Assert.Equal((900_000L, 1_000_000L), (floor.Units(Seller), floor.Position(Seller).PositionT));
        // A block trade that first takes a buyer above 500,000 t held is reported in the acceptance's events.
        floor.OpenMember("mid", AccountKind.Investor, 450_000, Cash);
        floor.Must(Entity, new ProposeBlockTrade(PilotFloor.Instrument, "p6", Entity, "mid", Side.Sell, 50_00, 100_000), afternoon);
        var accepted = floor.Must("mid", new AcceptBlockTrade(PilotFloor.Instrument, "p6", "mid"), afternoon);
        Assert.Equal(new LargeHolderCrossed(PilotFloor.Instrument, "mid", afternoon, 550_000, 500_000), accepted.Events.OfType<LargeHolderCrossed>().Single());
    }

    [Fact]
    public void An_auction_bid_is_checked_where_the_allowance_rulebook_sets_a_limit_and_its_clearing_reports_a_crossing()
    {
        var rules = TradingRulebook.National with { PositionLimit = new PositionLimit(1_000, 10_000, 500, 5_000) };
        var floor = new TradingFloor(rules);
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", "cn-AUCTION", 100_000));
        floor.OpenMember("bidder", 4_000, Cash);
        var opens = new DateTimeOffset(2021, 7, 19, 10, 0, 0, TradingFloor.Beijing);
        floor.Must(MarketSetup.Regulator, new AnnounceAuction("A1", "CEA21", 20_000, 40_00, opens, opens.AddHours(1), "cn-AUCTION"), opens.AddMinutes(-30));
        // A covered entity with no allocation recorded: limit 1,000 t; it holds 4,000 t, so any bid is over.
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects("bidder", new SubmitAuctionBid("A1", "x1", "bidder", 41_00, 1_000), opens.AddMinutes(5)));
        floor.Must(MarketSetup.Regulator, new SetPositionAllocation("bidder", "CEA21", 5_000));
        floor.Must("bidder", new SubmitAuctionBid("A1", "x2", "bidder", 41_00, 2_000), opens.AddMinutes(6));
        // 4,000 held + 2,000 bid = 6,000 = 5,000 + 1,000: the next lot is over, and so is a listing buy of 1 t.
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects("bidder", new SubmitAuctionBid("A1", "x3", "bidder", 41_00, 1_000), opens.AddMinutes(7)));
        Assert.Equal(PositionLimits.Exceeded, floor.Rejects("bidder", new PlaceOrder("CEA21", "o1", "bidder", Side.Buy, 51_00, 1), opens.AddMinutes(7)));
        // Clearing gives the bid its 2,000 t: 6,000 t held, above the 5,500 t threshold (allocation + 500 t), reported.
        var cleared = floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("A1"), opens.AddHours(1));
        Assert.Equal(new LargeHolderCrossed("CEA21", "bidder", opens.AddHours(1), 6_000, 5_500), cleared.Events.OfType<LargeHolderCrossed>().Single());
    }

    [Fact]
    public void A_trade_that_first_takes_a_holder_above_the_disclosure_threshold_is_reported_and_the_holder_listed()
    {
        var floor = Floor();
        floor.OpenMember("small", AccountKind.Investor, 450_000, Cash);
        Assert.DoesNotContain(PositionLimits.LargeHolders(floor.World, PilotFloor.Instrument), p => p.Holder == "small");
        floor.Must(Seller, new PlaceOrder(PilotFloor.Instrument, "s1", Seller, Side.Sell, 50_00, 80_000));
        // 450,000 + 50,000 = 500,000: at the threshold, not above it.
        var first = floor.Must("small", new PlaceOrder(PilotFloor.Instrument, "b1", "small", Side.Buy, 50_00, 50_000));
        Assert.DoesNotContain(first.Events, e => e is LargeHolderCrossed);
        var crossing = floor.Must("small", new PlaceOrder(PilotFloor.Instrument, "b2", "small", Side.Buy, 50_00, 1), PilotFloor.Morning.AddMinutes(1));
        Assert.Equal(new LargeHolderCrossed(PilotFloor.Instrument, "small", PilotFloor.Morning.AddMinutes(1), 500_001, 500_000), crossing.Events.OfType<LargeHolderCrossed>().Single());
        // Already above: the next purchase reports nothing.
        var again = floor.Must("small", new PlaceOrder(PilotFloor.Instrument, "b3", "small", Side.Buy, 50_00, 1_000));
        Assert.DoesNotContain(again.Events, e => e is LargeHolderCrossed);

        var large = PositionLimits.LargeHolders(floor.World, PilotFloor.Instrument);
        // power-e 950,000 (disclosure 500,000: allocation 0), fund-i 950,000, seller-s 720,000 held + 0, small 501,001.
        Assert.Equal(["fund-i", "power-e", "seller-s", "small"], large.Select(p => p.Holder));
        Assert.Equal((501_001L, 500_000L, 1_001L), (large[3].PositionT, large[3].DisclosureT, large[3].ExcessT));
        Assert.Equal(450_000, large[0].ExcessT);
    }
}
