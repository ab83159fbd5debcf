// Once a day has closed, the next day's band is set from its official close, and days only move forward: a day opened
// at another previous close is refused previous_close_mismatch, one at or before the last closed day day_already_closed,
// both changing nothing. The last closed day is kept in the snapshot (a snapshot written before has none and restores
// to the same state hash). The day's figures count the auctions cleared on it, beside its listing and block trades.
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class TradingDayOpeningTests
{
    private static readonly DateTimeOffset MondayClose = new(2021, 7, 19, 15, 0, 0, Beijing);
    private static readonly DateTimeOffset TuesdayOpen = new(2021, 7, 20, 9, 0, 0, Beijing);

    [Fact]
    public void The_next_day_opens_after_the_last_closed_one_at_its_official_close()
    {
        var floor = new TradingFloor();
        Assert.True(floor.Order(Seller, "s1", Side.Sell, 52_00, 1_000).Accepted);
        Assert.True(floor.Order(Buyer, "b1", Side.Buy, 52_00, 1_000).Accepted);
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), MondayClose);
        Assert.Equal((52_00L, new DateOnly(2021, 7, 19)), (floor.Exchange.LastClose("CEA21"), floor.Exchange.LastClosedDay("CEA21")));
        var hash = floor.World.StateHash();

        var refusals = new (OpenTradingDay Day, string Code, string Message)[]
        {
            (new OpenTradingDay("CEA21", Monday, 52_00), "day_already_closed",
                "CEA21 closed its trading day of 2021-07-19; the next day it opens comes after it, not 2021-07-19."),
            (new OpenTradingDay("CEA21", new DateOnly(2021, 7, 16), 52_00), "day_already_closed",
                "CEA21 closed its trading day of 2021-07-19; the next day it opens comes after it, not 2021-07-16."),
            (new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 1_00), "previous_close_mismatch",
                "The previous close of CEA21 is its last official close, 52.00 yuan; 1.00 yuan was given."),
            (new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 51_23), "previous_close_mismatch",
                "The previous close of CEA21 is its last official close, 52.00 yuan; 51.23 yuan was given."),
        };
        foreach (var (day, code, message) in refusals)
        {
            var refused = floor.Submit(MarketSetup.ExchangeOperator, day, TuesdayOpen);
            Assert.Equal((code, message), (refused.Rejection?.Code, refused.Rejection?.Message));
        }
        Assert.Equal(hash, floor.World.StateHash());

        // The last closed day survives a snapshot, and the check with it.
        var restored = new ModuleCatalog(new RegistryModule(), new ExchangeModule()).CreateWorld();
        restored.Restore(floor.World.Snapshot());
        Assert.Equal(hash, restored.StateHash());
        Assert.Equal(new DateOnly(2021, 7, 19), restored.Get<ExchangeState>().LastClosedDay("CEA21"));
        Assert.Equal("day_already_closed", new CommandDriver(restored).Rejects(MarketSetup.ExchangeOperator, refusals[0].Day, TuesdayOpen).Code);

        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 52_00), TuesdayOpen);
        Assert.Equal(new PriceBand(46_80, 57_20), floor.Exchange.Day("CEA21")!.Market.Band);
    }

    [Fact]
    public void A_day_whose_band_a_book_cannot_hold_is_refused_before_any_book_is_made()
    {
        // 1,000,000.00 yuan ±10% spans 20,000,001 price steps; a book holds 1,048,576. Opening it used to stop the engine.
        var floor = new TradingFloor();
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), MondayClose);
        var hash = floor.World.StateHash();
        var refused = floor.Submit(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA22", new DateOnly(2021, 7, 20), 1_000_000_00), TuesdayOpen);
        Assert.Equal(("price_outside_band", "At a previous close of 1000000.00 yuan the listing band (900000.00–1100000.00) spans 20,000,001 price steps; a day's order book holds at most 1,048,576."),
            (refused.Rejection?.Code, refused.Rejection?.Message));
        Assert.Equal(hash, floor.World.StateHash());
        // The largest that fits (52,428.79 yuan: 1,048,575 steps) opens; one fen more does not.
        Assert.Null(TradingRulebook.National.BandTooWide(52_428_79));
        Assert.NotNull(TradingRulebook.National.BandTooWide(52_428_80));
        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA22", new DateOnly(2021, 7, 20), 52_428_79), TuesdayOpen);
        Assert.Equal(1_048_575, (floor.Exchange.Day("CEA22")!.Market.Band.HighFen - floor.Exchange.Day("CEA22")!.Market.Band.LowFen) + 1);
    }

    [Fact]
    public void A_snapshot_without_the_last_closed_day_restores_to_the_same_state_hash_and_the_close_still_binds()
    {
        var floor = new TradingFloor();
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), MondayClose);
        // A snapshot written before the last closed day was kept: the same state without its "last_day" member.
        var node = System.Text.Json.Nodes.JsonNode.Parse(floor.World.Snapshot())!;
        var exchange = node.AsObject().Single(m => m.Value is System.Text.Json.Nodes.JsonObject o && o.ContainsKey("last_close")).Value!.AsObject();
        Assert.True(exchange.Remove("last_day"));
        var written = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        var old = new ModuleCatalog(new RegistryModule(), new ExchangeModule()).CreateWorld();
        old.Restore(written);
        // Restored, it writes the same bytes again, so it hashes to what was recorded with it.
        Assert.Equal(System.Text.Encoding.UTF8.GetString(written), System.Text.Encoding.UTF8.GetString(old.Snapshot()));
        Assert.Null(old.Get<ExchangeState>().LastClosedDay("CEA21"));
        Assert.Equal("previous_close_mismatch", new CommandDriver(old).Rejects(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 1_00), TuesdayOpen).Code);
    }

    [Fact]
    public void An_auction_cleared_on_the_day_counts_in_its_figures_and_its_close_event_but_not_in_its_price()
    {
        var floor = AuctionModuleTests.AuctionFloor();
        floor.Must(MarketSetup.Regulator, AuctionModuleTests.Notice(), AuctionModuleTests.Announced);
        Assert.True(AuctionModuleTests.Bid(floor, "a", "a1", 41_00, 10_000).Accepted);
        Assert.True(AuctionModuleTests.Bid(floor, "b", "b1", 40_50, 5_000, minute: 1).Accepted);
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), AuctionModuleTests.Closes);
        Assert.True(floor.Order(Seller, "s1", Side.Sell, 52_00, 1_000, AuctionModuleTests.Closes).Accepted);
        Assert.True(floor.Order(Buyer, "b1", Side.Buy, 52_00, 1_000, AuctionModuleTests.Closes).Accepted);

        var stats = floor.Exchange.DayStatistics("CEA21")!;
        // Undersubscribed: every bid fills at the lowest accepted, 40.50 yuan.
        Assert.Equal((15_000L, 15_000L * 40_50, 1_000L, 52_00L), (stats.AuctionVolumeT, stats.AuctionValueFen, stats.ListingVolumeT, stats.CloseFen));
        var closed = floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), MondayClose);
        Assert.Equal(new TradingDayClosed("CEA21", Monday, 52_00, 16_000, 15_000L * 40_50 + 52_000_00), closed.Events.OfType<TradingDayClosed>().Single());
        Assert.Null(floor.Exchange.DayStatistics("CEA21"));
    }
}
