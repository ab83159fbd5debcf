// Listing trading on one day: every rejection code, locks released at cancel, T+1, conservation of units and cash.
using CsCheck;
using OpenEts.Exchange;

namespace OpenEts.Exchange.Tests;

public sealed class ListingMarketTests
{
    private const string Cea = "CEA21";
    private static readonly TradingRulebook Rules = TradingRulebook.National;
    private static readonly DateOnly Day = new(2021, 7, 19);
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Morning = new(2021, 7, 19, 10, 0, 0, Beijing);

    private static (ListingMarket Market, InMemoryAccountBook Accounts) NewMarket(TradingRulebook? rules = null, DateOnly? day = null)
    {
        var accounts = new InMemoryAccountBook();
        accounts.DepositUnits("seller", Cea, 200_000);
        accounts.DepositCash("buyer", 100_000_000_00);
        var ledger = new TradeLedger(rules ?? Rules, accounts, day ?? Day);
        return (new ListingMarket(ledger, Cea, 5123), accounts);
    }

    [Theory]
    [InlineData(5636, "price_outside_band")]
    [InlineData(4610, "price_outside_band")]
    [InlineData(0, "off_tick")]
    public void Orders_priced_outside_the_band_from_51_23_are_rejected(long priceFen, string code)
    {
        var (market, _) = NewMarket();
        var outcome = market.Place(Morning, "b1", "buyer", Side.Buy, priceFen, 100);
        Assert.Equal(code, outcome.Rejection?.Code);
    }

    [Fact]
    public void Orders_at_the_band_limits_are_accepted()
    {
        var (market, _) = NewMarket();
        Assert.True(market.Place(Morning, "b1", "buyer", Side.Buy, 4611, 100).Accepted);
        Assert.True(market.Place(Morning, "s1", "seller", Side.Sell, 5635, 100).Accepted);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    [InlineData(-5)]
    public void Listing_orders_must_be_under_100_000_t(long quantity)
    {
        var (market, _) = NewMarket();
        Assert.Equal("quantity_out_of_range", market.Place(Morning, "s1", "seller", Side.Sell, 5123, quantity).Rejection?.Code);
    }

    [Fact]
    public void The_largest_listing_order_is_99_999_t()
    {
        var (market, _) = NewMarket();
        Assert.True(market.Place(Morning, "s1", "seller", Side.Sell, 5123, 99_999).Accepted);
    }

    [Fact]
    public void Off_tick_prices_are_rejected_when_the_tick_is_coarser_than_a_fen()
    {
        var (market, _) = NewMarket(Rules with { TickFen = 5 });
        Assert.Equal("off_tick", market.Place(Morning, "b1", "buyer", Side.Buy, 5123, 1).Rejection?.Code);
        Assert.True(market.Place(Morning, "b2", "buyer", Side.Buy, 5125, 1).Accepted);
    }

    [Theory]
    [InlineData(2021, 7, 19, 9, 29)]
    [InlineData(2021, 7, 19, 12, 0)]
    [InlineData(2021, 7, 19, 15, 0)]
    [InlineData(2021, 7, 18, 10, 0)]
    [InlineData(2021, 7, 20, 10, 0)]
    public void Orders_outside_the_sessions_or_on_another_day_find_the_market_closed(int y, int m, int d, int h, int min)
    {
        var (market, _) = NewMarket();
        var outcome = market.Place(new DateTimeOffset(y, m, d, h, min, 0, Beijing), "b1", "buyer", Side.Buy, 5123, 1);
        Assert.Equal("market_closed", outcome.Rejection?.Code);
    }

    [Fact]
    public void A_holiday_is_closed_all_day()
    {
        var (market, _) = NewMarket(day: new DateOnly(2021, 10, 1));
        Assert.Equal("market_closed", market.Place(new DateTimeOffset(2021, 10, 1, 10, 0, 0, Beijing), "b1", "buyer", Side.Buy, 5123, 1).Rejection?.Code);
    }

    [Fact]
    public void Selling_more_than_the_free_units_is_rejected()
    {
        var (market, accounts) = NewMarket();
        Assert.True(market.Place(Morning, "s1", "seller", Side.Sell, 5500, 99_999).Accepted);
        Assert.True(market.Place(Morning, "s2", "seller", Side.Sell, 5500, 99_999).Accepted);
        Assert.Equal(2, accounts.AvailableUnits("seller", Cea));
        Assert.Equal("insufficient_units", market.Place(Morning, "s3", "seller", Side.Sell, 5500, 3).Rejection?.Code);
        Assert.Equal("insufficient_units", market.Place(Morning, "s4", "nobody", Side.Sell, 5500, 1).Rejection?.Code);
    }

    [Fact]
    public void Buying_beyond_the_free_cash_is_rejected_and_the_lock_is_price_times_quantity()
    {
        var (market, accounts) = NewMarket();
        accounts.DepositCash("small", 51_23 * 10);
        Assert.Equal("insufficient_cash", market.Place(Morning, "b1", "small", Side.Buy, 5124, 10).Rejection?.Code);
        Assert.True(market.Place(Morning, "b2", "small", Side.Buy, 5123, 10).Accepted);
        Assert.Equal(0, accounts.AvailableCashFen("small"));
        Assert.Equal(51_230, accounts.LockedCashFen("small"));
    }

    [Fact]
    public void Cancel_releases_the_locked_cash_and_units()
    {
        var (market, accounts) = NewMarket();
        market.Place(Morning, "b1", "buyer", Side.Buy, 5000, 1000);
        market.Place(Morning, "s1", "seller", Side.Sell, 5200, 1000);
        Assert.Equal(5_000_000, accounts.LockedCashFen("buyer"));
        Assert.Equal(1000, accounts.LockedUnits("seller", Cea));
        Assert.Equal("not_yours", market.Cancel(Morning, "b1", "seller")?.Code);
        Assert.Null(market.Cancel(Morning, "b1", "buyer"));
        Assert.Null(market.Cancel(Morning, "s1", "seller"));
        Assert.Equal("unknown_id", market.Cancel(Morning, "s1", "seller")?.Code);
        Assert.Equal(0, accounts.LockedCashFen("buyer"));
        Assert.Equal(0, accounts.LockedUnits("seller", Cea));
        Assert.Equal(100_000_000_00, accounts.AvailableCashFen("buyer"));
    }

    [Fact]
    public void A_buyer_lifting_a_cheaper_offer_pays_the_offer_price_and_gets_the_rest_of_the_lock_back()
    {
        var (market, accounts) = NewMarket();
        market.Place(Morning, "s1", "seller", Side.Sell, 5123, 600);
        var outcome = market.Place(Morning.AddMinutes(1), "b1", "buyer", Side.Buy, 5200, 1000);
        var trade = Assert.Single(outcome.Trades);
        Assert.Equal(("b1", "s1", 5123L, 600L), (trade.BuyOrder, trade.SellOrder, trade.PriceFen, trade.QuantityT));
        Assert.Equal(400, outcome.RestingT);
        // 600 t paid at 51.23; 400 t still locked at the 52.00 limit.
        Assert.Equal(400 * 5200, accounts.LockedCashFen("buyer"));
        Assert.Equal(100_000_000_00 - 600 * 5123 - 400 * 5200, accounts.AvailableCashFen("buyer"));
        Assert.Equal(600 * 5123, accounts.AvailableCashFen("seller"));
        Assert.Equal(600, accounts.AvailableUnits("buyer", Cea));
        Assert.Equal(1, market.CloseDay());
        Assert.Equal(0, accounts.LockedCashFen("buyer"));
    }

    [Fact]
    public void Units_bought_today_cannot_be_sold_until_the_next_trading_day()
    {
        var (market, accounts) = NewMarket();
        market.Place(Morning, "s1", "seller", Side.Sell, 5123, 500);
        market.Place(Morning, "b1", "buyer", Side.Buy, 5123, 500);
        Assert.Equal(500, accounts.AvailableUnits("buyer", Cea));
        var resale = market.Place(Morning, "b-resell", "buyer", Side.Sell, 5300, 100);
        Assert.Equal("units_not_yet_sellable", resale.Rejection?.Code);
        // The seller's cash from the sale buys again the same day.
        Assert.True(market.Place(Morning, "s-rebuy", "seller", Side.Buy, 5000, 100).Accepted);

        // Monday's purchase is sellable on Tuesday 20 July 2021.
        var tuesday = new ListingMarket(new TradeLedger(Rules, accounts, new DateOnly(2021, 7, 20)), Cea, 5123);
        Assert.True(tuesday.Place(new DateTimeOffset(2021, 7, 20, 9, 30, 0, Beijing), "b-resell", "buyer", Side.Sell, 5300, 500).Accepted);
    }

    [Fact]
    public void A_Friday_purchase_waits_for_Monday()
    {
        Assert.Equal(new DateOnly(2021, 7, 19), TradeLedger.SellableDate(Rules, new DateOnly(2021, 7, 16)));
        Assert.Equal(new DateOnly(2024, 10, 8), TradeLedger.SellableDate(Rules, new DateOnly(2024, 9, 30)));
    }

    [Fact]
    public void A_reused_order_id_is_rejected()
    {
        var (market, _) = NewMarket();
        market.Place(Morning, "x", "buyer", Side.Buy, 5000, 1);
        Assert.Equal("duplicate_id", market.Place(Morning, "x", "buyer", Side.Buy, 5000, 1).Rejection?.Code);
    }

    [Fact]
    public void Fees_are_charged_per_side_and_collected_by_the_exchange()
    {
        var (market, accounts) = NewMarket(Rules with { BuyerFeeBasisPoints = 3, SellerFeeBasisPoints = 3 });
        market.Place(Morning, "s1", "seller", Side.Sell, 5123, 1000);
        var trade = Assert.Single(market.Place(Morning, "b1", "buyer", Side.Buy, 5123, 1000).Trades);
        // 1,000 t × 51.23 = 51,230.00 yuan; 3 bp = 15.369 yuan → 1,537 fen each side.
        Assert.Equal(1537, trade.BuyerFeeFen);
        Assert.Equal(1537, trade.SellerFeeFen);
        Assert.Equal(3074, accounts.AvailableCashFen(InMemoryAccountBook.FeeAccount));
        Assert.Equal(5_123_000 - 1537, accounts.AvailableCashFen("seller"));
        Assert.Equal(0, accounts.LockedCashFen("buyer"));
        Assert.Equal(100_000_000_00 - 5_123_000 - 1537, accounts.AvailableCashFen("buyer"));
    }

    [Fact]
    public void Trading_conserves_units_and_cash_and_never_leaves_a_negative_balance()
    {
        var accountsGen = Gen.Int[0, 4];
        var orderGen = Gen.Select(accountsGen, Gen.Int[0, 1], Gen.Int[5100, 5150], Gen.Int[1, 3000], Gen.Int[0, 9]);
        Gen.Select(orderGen.Array[1, 150], Gen.Int[0, 5]).Sample((orders, feeBp) =>
        {
            var rules = Rules with { BuyerFeeBasisPoints = feeBp, SellerFeeBasisPoints = feeBp };
            var accounts = new InMemoryAccountBook();
            for (var a = 0; a < 5; a++)
            {
                accounts.DepositUnits($"m{a}", Cea, 20_000);
                accounts.DepositCash($"m{a}", 1_000_000_00);
            }
            var units = accounts.TotalUnits(Cea);
            var cash = accounts.TotalCashFen;
            var market = new ListingMarket(new TradeLedger(rules, accounts, Day), Cea, 5123);
            var n = 0;
            foreach (var (account, side, price, qty, action) in orders)
            {
                n++;
                if (action == 0)
                    market.Cancel(Morning, $"o{n / 2}", $"m{account}");
                else
                    market.Place(Morning, $"o{n}", $"m{account}", side == 0 ? Side.Buy : Side.Sell, price, qty);
                Assert.True(accounts.NoNegativeBalance);
                Assert.Equal(units, accounts.TotalUnits(Cea));
                Assert.Equal(cash, accounts.TotalCashFen);
                Assert.True(market.Book.BestBidFen == 0 || market.Book.BestAskFen == 0 || market.Book.BestBidFen < market.Book.BestAskFen);
            }
            market.CloseDay();
            for (var a = 0; a < 5; a++)
            {
                Assert.Equal(0, accounts.LockedCashFen($"m{a}"));
                Assert.Equal(0, accounts.LockedUnits($"m{a}", Cea));
            }
        }, iter: 500, threads: 1);
    }
}
