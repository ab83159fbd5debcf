// CCER credits on the exchange: a serialized class trades on the listing order book under cn-ccer (±10%,
// T+1, the national calendar), never by block trade or one-way bidding; every trade moves serials to the
// buyer through the registry's linked transfer, splitting ranges on partial fills, no serial in two places.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

public sealed class CcerTradingTests
{
    private const string Ccer = CcerFloor.Ccer;

    [Fact]
    public void A_ccer_day_opens_under_cn_ccer_and_a_cea_day_under_cn_national()
    {
        var f = new CcerFloor();
        Assert.Equal("cn-ccer", Assert.IsType<TradingDayOpened>(Assert.Single(f.Opened.Events)).Rulebook);
        Assert.Equal("cn-ccer", f.Floor.Exchange.Day(Ccer)!.Ledger.Rules.Market);
        Assert.Equal("cn-national", f.Floor.Exchange.Day("CEA21")!.Ledger.Rules.Market);
    }

    [Fact]
    public void Ccer_trades_on_the_order_book_and_the_buyer_receives_the_lowest_serials()
    {
        var f = new CcerFloor();
        Assert.True(f.Order(CcerFloor.Owner, "s1", Side.Sell, 60_00, 10_000).Accepted);
        var buy = f.Order(CcerFloor.BuyerA, "b1", Side.Buy, 60_50, 4_000);
        Assert.True(buy.Accepted);
        var trade = Assert.Single(buy.Events.OfType<TradeExecuted>());
        Assert.Equal((60_00L, 4_000L, CcerFloor.Owner, CcerFloor.BuyerA), (trade.PriceFen, trade.QuantityT, trade.Seller, trade.Buyer));
        var moved = Assert.Single(buy.Events.OfType<UnitsTransferred>(), e => e.ClassId == Ccer);
        Assert.Equal([new SerialRange(1, 4_000)], moved.Serials!);
        Assert.Equal([new SerialRange(1, 4_000)], f.Serials(CcerFloor.BuyerA));
        Assert.Equal([new SerialRange(4_001, 10_000)], f.Serials(CcerFloor.Owner));
        Assert.Equal(6_000, f.Registry.HoldingOf(CcerFloor.Owner, Ccer)!.Locked);
        Assert.Equal(10_000_000_00 - 4_000 * 60_00L, f.Registry.HoldingOf(CcerFloor.BuyerA, "CNY")!.Held);
        f.AssertSerialsTileTheIssue();
    }

    [Fact]
    public void Partial_fills_split_serial_ranges_and_a_resale_merges_them_with_no_serial_in_two_places()
    {
        var f = new CcerFloor();
        Assert.True(f.Order(CcerFloor.Owner, "s1", Side.Sell, 60_00, 10_000).Accepted);
        Assert.True(f.Order(CcerFloor.BuyerA, "a1", Side.Buy, 60_00, 3_000).Accepted);
        Assert.True(f.Order(CcerFloor.BuyerB, "b1", Side.Buy, 60_00, 2_500).Accepted);
        Assert.True(f.Order(CcerFloor.BuyerA, "a2", Side.Buy, 60_00, 1_000).Accepted);
        Assert.Equal([new SerialRange(1, 3_000), new SerialRange(5_501, 6_500)], f.Serials(CcerFloor.BuyerA));
        Assert.Equal([new SerialRange(3_001, 5_500)], f.Serials(CcerFloor.BuyerB));
        Assert.Equal([new SerialRange(6_501, 10_000)], f.Serials(CcerFloor.Owner));
        f.AssertSerialsTileTheIssue();

        // Tuesday A sells 3,500 to B in two fills: its lowest serials go, B's ranges join into one.
        f.NextDay();
        Assert.True(f.Order(CcerFloor.BuyerA, "a3", Side.Sell, 61_00, 3_500, CcerFloor.TuesdayMorning).Accepted);
        Assert.True(f.Order(CcerFloor.BuyerB, "b2", Side.Buy, 61_00, 3_200, CcerFloor.TuesdayMorning).Accepted);
        Assert.True(f.Order(CcerFloor.BuyerB, "b3", Side.Buy, 61_00, 300, CcerFloor.TuesdayMorning).Accepted);
        Assert.Equal([new SerialRange(1, 6_000)], f.Serials(CcerFloor.BuyerB));
        Assert.Equal([new SerialRange(6_001, 6_500)], f.Serials(CcerFloor.BuyerA));
        Assert.Equal(0, f.Registry.HoldingOf(CcerFloor.BuyerA, Ccer)!.Locked);
        f.AssertSerialsTileTheIssue();
    }

    [Fact]
    public void A_restored_snapshot_keeps_each_days_rulebook_and_refuses_ccer_blocks_the_same()
    {
        var f = new CcerFloor();
        Assert.True(f.Order(CcerFloor.Owner, "s1", Side.Sell, 60_00, 10_000).Accepted);
        var copy = new ModuleCatalog(new RegistryModule(), new ExchangeModule()).CreateWorld();
        copy.Restore(f.Floor.World.Snapshot());
        Assert.Equal(f.Floor.World.StateHash(), copy.StateHash());
        Assert.Equal("cn-ccer", copy.Get<ExchangeState>().Day(Ccer)!.Ledger.Rules.Market);
        Assert.Equal("cn-national", copy.Get<ExchangeState>().Day("CEA21")!.Ledger.Rules.Market);
        var block = new CommandEnvelope("x1", CcerFloor.Owner, CcerFloor.MondayMorning.AddHours(4), new ProposeBlockTrade(Ccer, "p1", CcerFloor.Owner, CcerFloor.BuyerA, Side.Sell, 60_00, 1_000));
        Assert.Equal(ExchangeRejections.TradingModeNotOffered, DecisionContext.Decide(copy, block).Rejection?.Code);
        var buy = new CommandEnvelope("x2", CcerFloor.BuyerA, CcerFloor.MondayMorning, new PlaceOrder(Ccer, "b1", CcerFloor.BuyerA, Side.Buy, 60_00, 700));
        Assert.Equal(DecisionContext.Decide(f.Floor.World, buy).Events.Count, DecisionContext.Decide(copy, buy).Events.Count);
        Assert.Equal(f.Floor.World.StateHash(), copy.StateHash());
        Assert.Equal([new SerialRange(1, 700)], copy.Get<RegistryState>().HoldingOf(CcerFloor.BuyerA, Ccer)!.Serials!.Ranges);
    }

    [Fact]
    public void The_ccer_band_is_ten_percent_of_the_previous_close()
    {
        var f = new CcerFloor(previousCloseFen: 60_00);
        Assert.Equal("price_outside_band", f.Rejects(CcerFloor.Owner, "s1", Side.Sell, 66_01, 100));
        Assert.Equal("price_outside_band", f.Rejects(CcerFloor.BuyerA, "b1", Side.Buy, 53_99, 100));
        Assert.True(f.Order(CcerFloor.Owner, "s2", Side.Sell, 66_00, 100).Accepted);
        Assert.True(f.Order(CcerFloor.BuyerA, "b2", Side.Buy, 54_00, 100).Accepted);
        Assert.Equal("quantity_out_of_range", f.Rejects(CcerFloor.Owner, "s3", Side.Sell, 60_00, 100_000));
    }

    [Fact]
    public void Ccer_bought_today_can_be_sold_from_the_next_trading_day()
    {
        var f = new CcerFloor();
        Assert.True(f.Order(CcerFloor.Owner, "s1", Side.Sell, 60_00, 1_000).Accepted);
        Assert.True(f.Order(CcerFloor.BuyerA, "b1", Side.Buy, 60_00, 1_000).Accepted);
        Assert.Equal("units_not_yet_sellable", f.Rejects(CcerFloor.BuyerA, "a1", Side.Sell, 60_00, 1, CcerFloor.MondayMorning.AddHours(4)));
        f.NextDay();
        Assert.True(f.Order(CcerFloor.BuyerA, "a1", Side.Sell, 60_00, 1_000, CcerFloor.TuesdayMorning).Accepted);
    }

    [Fact]
    public void Ccer_trades_only_on_days_of_the_national_calendar()
    {
        var f = new CcerFloor();
        f.Floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay(Ccer), CcerFloor.MondayMorning.AddHours(6));
        Assert.Equal("market_closed", f.Floor.Rejects(MarketSetup.ExchangeOperator, new OpenTradingDay(Ccer, new DateOnly(2025, 10, 1), 60_00)));
        Assert.Equal("market_closed", f.Floor.Rejects(MarketSetup.ExchangeOperator, new OpenTradingDay(Ccer, new DateOnly(2025, 3, 29), 60_00)));
        Assert.Equal(242, TradingRulebook.Ccer.Calendar.CountTradingDays(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)));
    }

    [Fact]
    public void A_block_trade_in_ccer_is_refused_as_not_offered_and_changes_nothing()
    {
        var f = new CcerFloor();
        var afternoon = CcerFloor.MondayMorning.AddHours(4);
        var code = f.Floor.Rejects(CcerFloor.Owner, new ProposeBlockTrade(Ccer, "p1", CcerFloor.Owner, CcerFloor.BuyerA, Side.Sell, 60_00, 10_000), afternoon);
        Assert.Equal(ExchangeRejections.TradingModeNotOffered, code);
        Assert.Equal(0, f.Registry.HoldingOf(CcerFloor.Owner, Ccer)!.Locked);
    }

    [Fact]
    public void One_way_bidding_in_ccer_is_refused_as_not_offered()
    {
        var accounts = new InMemoryAccountBook();
        accounts.DepositUnits(CcerFloor.Owner, Ccer, 10_000);
        var ledger = new TradeLedger(TradingRulebook.Ccer, accounts, CcerFloor.Monday);
        var terms = new AuctionTerms("auc-1", Ccer, CcerFloor.Owner, Side.Sell, 10_000, 50_00, CcerFloor.MondayMorning, CcerFloor.MondayMorning.AddHours(1), 10_000, 100);
        var (auction, rejection) = OneWayAuction.Announce(ledger, terms);
        Assert.Null(auction);
        Assert.Equal(ExchangeRejections.TradingModeNotOffered, rejection!.Code);
        Assert.Equal(0, accounts.LockedUnits(CcerFloor.Owner, Ccer));
        var national = OneWayAuction.Announce(new TradeLedger(TradingRulebook.National, accounts, CcerFloor.Monday), terms);
        Assert.Null(national.Rejection);

        // Through the engine: the owner's notice of a CCER auction is refused the same way and locks nothing.
        var f = new CcerFloor();
        var notice = new AnnounceAuction("auc-1", Ccer, 10_000, 50_00, CcerFloor.MondayMorning.AddHours(1), CcerFloor.MondayMorning.AddHours(2), CcerFloor.Owner);
        Assert.Equal(ExchangeRejections.TradingModeNotOffered, f.Floor.Rejects(CcerFloor.Owner, notice, CcerFloor.MondayMorning));
        Assert.Equal(0, f.Registry.HoldingOf(CcerFloor.Owner, Ccer)!.Locked);
    }
}
