// A day replays under the terms it was opened with, recorded on exchange.trading_day_opened (bands, rounding, tick,
// self-trade prevention, fees, the day bought units become sellable), not under the rulebook a later build carries; and
// an accepted cancel replays without its session check. Before, a narrower band made an old order fall off the book and
// the server could not start, later hours made an old cancel fail its replay, and new fees were charged again, silently,
// on old trades.
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class OpeningTermsReplayTests
{
    [Fact]
    public async Task A_day_replays_under_its_recorded_terms_after_the_rulebook_changed()
    {
        var db = Path.Combine(Path.GetTempPath(), $"openets-terms-{Guid.NewGuid():N}.db");
        try
        {
            var hash = await TradingHaltTests.OnJournal(db, () => new(new RegistryModule(), new ExchangeModule()), async (_, must) =>
            {
                await must(Seller, new PlaceOrder("CEA21", "s1", Seller, Side.Sell, 55_00, 1_000), Morning);
                await must(Buyer, new PlaceOrder("CEA21", "b1", Buyer, Side.Buy, 55_00, 600), Morning.AddMinutes(5));
                await must(Seller, new CancelOrder("CEA21", "s1", Seller), Morning.AddMinutes(15));
            });
            // A later rulebook: a ±5% band (55.00 is outside it), fees of 10 bp, listing from 10:30 only.
            var later = TradingRulebook.National with
            {
                ListingBandPercent = 5,
                BuyerFeeBasisPoints = 10,
                SellerFeeBasisPoints = 10,
                ListingSessions = [new(new TimeOnly(10, 30), new TimeOnly(11, 30)), new(new TimeOnly(13, 0), new TimeOnly(15, 0))],
            };
            await AuctionReplayTests.ReopensAlike(db, () => new(new RegistryModule(), new ExchangeModule(later)), hash, w =>
            {
                var day = w.Get<ExchangeState>().Day("CEA21")!;
                Assert.Equal((10, 0, 0), (day.Ledger.Rules.ListingBandPercent, day.Ledger.Rules.BuyerFeeBasisPoints, day.Ledger.Rules.SellerFeeBasisPoints));
                var trade = Assert.Single(day.Ledger.Trades);
                Assert.Equal((55_00L, 600L, 0L, 0L), (trade.PriceFen, trade.QuantityT, trade.BuyerFeeFen, trade.SellerFeeFen));
                Assert.Equal(new DateOnly(2021, 7, 20), day.Ledger.SellableFrom);
                Assert.Null(day.Market.Find("s1"));
            });
        }
        finally
        {
            AuctionReplayTests.DeleteDatabase(db);
        }
    }

    [Fact]
    public void The_opening_records_the_terms_and_an_older_event_without_them_takes_the_named_rulebook()
    {
        var floor = new TradingFloor();
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), new DateTimeOffset(2021, 7, 19, 15, 0, 0, Beijing));
        var opened = floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 51_23), new DateTimeOffset(2021, 7, 20, 9, 0, 0, Beijing))
            .Events.OfType<TradingDayOpened>().Single();
        Assert.Equal((10, 30, BandRounding.Inward, 1L, 0, 0, new DateOnly(2021, 7, 21)),
            (opened.ListingBandPercent, opened.BlockBandPercent, opened.BandRounding, opened.TickFen, opened.BuyerFeeBasisPoints, opened.SellerFeeBasisPoints, opened.UnitsSellableFrom));
        Assert.Equal(TradingRulebook.National.SelfTradePrevention, opened.SelfTradePrevention);
        Assert.Same(TradingRulebook.National, opened.RulesFrom(TradingRulebook.National));

        var older = new TradingDayOpened("CEA21", Monday, 51_23, "cn-national");
        var changed = TradingRulebook.National with { ListingBandPercent = 5 };
        Assert.Same(changed, older.RulesFrom(changed));
        Assert.Equal(10, opened.RulesFrom(changed).ListingBandPercent);
    }
}
