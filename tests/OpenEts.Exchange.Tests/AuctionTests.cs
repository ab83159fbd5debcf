// One-way bidding: uniform clearing price, pro-rata tie at the marginal price with the remainder in time
// priority, per-bidder limits, floor and cap, undersubscription, settlement of every allocation.
using OpenEts.Exchange;

namespace OpenEts.Exchange.Tests;

public sealed class AuctionTests
{
    private const string Cea = "CEA25";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateOnly Day = new(2025, 7, 15);
    private static readonly DateTimeOffset Opens = new(2025, 7, 15, 9, 30, 0, Beijing);
    private static readonly DateTimeOffset Closes = new(2025, 7, 15, 10, 30, 0, Beijing);

    private static (InMemoryAccountBook Accounts, TradeLedger Ledger) NewDay()
    {
        var accounts = new InMemoryAccountBook();
        accounts.DepositUnits("regulator-auction", Cea, 1_000_000);
        foreach (var m in new[] { "a", "b", "c", "d", "e", "f" })
        {
            accounts.DepositCash(m, 100_000_000_00);
            accounts.DepositUnits(m, Cea, 500_000);
        }
        return (accounts, new TradeLedger(TradingRulebook.National, accounts, Day));
    }

    private static OneWayAuction SellerAuction(TradeLedger ledger, long maxPerBidder = 300_000)
    {
        var terms = new AuctionTerms("auc-1", Cea, "regulator-auction", Side.Sell, 1_000_000, 50_00, Opens, Closes, maxPerBidder, 1_000);
        var (auction, rejection) = OneWayAuction.Announce(ledger, terms);
        Assert.Null(rejection);
        return auction!;
    }

    [Fact]
    public void Uniform_price_is_the_marginal_bid_and_ties_there_share_pro_rata()
    {
        var (accounts, ledger) = NewDay();
        var auction = SellerAuction(ledger);
        Assert.Null(auction.Bid(Opens, "A", "a", 55_00, 300_000));
        Assert.Null(auction.Bid(Opens.AddMinutes(1), "B", "b", 54_00, 200_000));
        Assert.Null(auction.Bid(Opens.AddMinutes(2), "C", "c", 53_00, 300_000));
        Assert.Null(auction.Bid(Opens.AddMinutes(3), "D", "d", 53_00, 300_000));
        Assert.Null(auction.Bid(Opens.AddMinutes(4), "E", "e", 52_00, 100_000));
        var (result, rejection) = auction.Clear(Closes);
        Assert.Null(rejection);
        Assert.Equal(53_00, result!.ClearingPriceFen);
        Assert.Equal(1_000_000, result.PlacedT);
        Assert.Equal([300_000L, 200_000, 250_000, 250_000, 0], result.Allocations.Select(a => a.AllocatedT));
        Assert.All(result.Trades, t => Assert.Equal(53_00, t.PriceFen));
        // A bid at 55.00 pays the uniform 53.00: 300,000 t × 53.00 = 15,900,000 yuan, the rest of its lock released.
        Assert.Equal(100_000_000_00 - 15_900_000_00, accounts.AvailableCashFen("a"));
        Assert.Equal(0, accounts.LockedCashFen("a"));
        Assert.Equal(100_000_000_00, accounts.AvailableCashFen("e"));
        Assert.Equal(53_000_000_00, accounts.AvailableCashFen("regulator-auction"));
        Assert.Equal(0, accounts.LockedUnits("regulator-auction", Cea));
    }

    [Fact]
    public void Lots_left_after_the_pro_rata_share_go_in_time_priority()
    {
        var (_, ledger) = NewDay();
        var auction = SellerAuction(ledger);
        auction.Bid(Opens, "A", "a", 55_00, 300_000);
        auction.Bid(Opens, "B", "b", 54_00, 200_000);
        // 500 lots left for 600 lots asked at 53.00: 250, 166.67 and 83.33 lots → 250, 166, 83, one lot left → C, the earliest.
        auction.Bid(Opens.AddMinutes(1), "C", "c", 53_00, 300_000);
        auction.Bid(Opens.AddMinutes(2), "D", "d", 53_00, 200_000);
        auction.Bid(Opens.AddMinutes(3), "F", "f", 53_00, 100_000);
        var result = auction.Clear(Closes).Result!;
        Assert.Equal([300_000L, 200_000, 251_000, 166_000, 83_000], result.Allocations.Select(a => a.AllocatedT));
        Assert.Equal(1_000_000, result.PlacedT);
    }

    [Fact]
    public void An_undersubscribed_auction_fills_every_bid_at_the_lowest_accepted_price_and_returns_the_rest()
    {
        var (accounts, ledger) = NewDay();
        var auction = SellerAuction(ledger);
        auction.Bid(Opens, "A", "a", 55_00, 300_000);
        auction.Bid(Opens, "B", "b", 51_00, 100_000);
        var result = auction.Clear(Closes).Result!;
        Assert.Equal(51_00, result.ClearingPriceFen);
        Assert.Equal(400_000, result.PlacedT);
        Assert.Equal(600_000, result.UnplacedT);
        Assert.Equal(600_000, accounts.AvailableUnits("regulator-auction", Cea));
    }

    [Fact]
    public void Bids_below_the_floor_beyond_the_bidder_limit_or_outside_the_window_are_rejected()
    {
        var (_, ledger) = NewDay();
        var auction = SellerAuction(ledger);
        Assert.Equal("bid_beyond_reserve_price", auction.Bid(Opens, "x1", "a", 49_99, 1_000)?.Code);
        Assert.Null(auction.Bid(Opens, "x2", "a", 50_00, 200_000));
        Assert.Equal("bidder_limit_exceeded", auction.Bid(Opens, "x3", "a", 60_00, 101_000)?.Code);
        Assert.Null(auction.Bid(Opens, "x4", "a", 60_00, 100_000));
        Assert.Equal("quantity_out_of_range", auction.Bid(Opens, "x5", "b", 60_00, 1_500)?.Code);
        Assert.Equal("auction_not_open", auction.Bid(Closes, "x6", "b", 60_00, 1_000)?.Code);
        Assert.Equal("auction_not_open", auction.Bid(Opens.AddSeconds(-1), "x7", "b", 60_00, 1_000)?.Code);
        Assert.Equal("same_account", auction.Bid(Opens, "x8", "regulator-auction", 60_00, 1_000)?.Code);
        Assert.Equal("duplicate_id", auction.Bid(Opens, "x2", "b", 60_00, 1_000)?.Code);
        Assert.Equal("auction_not_open", auction.Clear(Closes.AddSeconds(-1)).Rejection?.Code);
    }

    [Fact]
    public void A_single_buyer_auction_clears_at_the_highest_accepted_offer_under_the_cap()
    {
        var (accounts, ledger) = NewDay();
        var terms = new AuctionTerms("buy-1", Cea, "a", Side.Buy, 200_000, 60_00, Opens, Closes, 200_000, 1_000);
        var (auction, rejection) = OneWayAuction.Announce(ledger, terms);
        Assert.Null(rejection);
        Assert.Equal("bid_beyond_reserve_price", auction!.Bid(Opens, "o0", "b", 60_01, 1_000)?.Code);
        auction.Bid(Opens, "o1", "b", 58_00, 100_000);
        auction.Bid(Opens, "o2", "c", 57_00, 150_000);
        auction.Bid(Opens, "o3", "d", 59_00, 100_000);
        var result = auction.Clear(Closes).Result!;
        Assert.Equal(58_00, result.ClearingPriceFen);
        Assert.Equal([50_000L, 150_000, 0], result.Allocations.Select(a => a.AllocatedT));
        Assert.Equal(500_000 + 200_000, accounts.AvailableUnits("a", Cea));
        Assert.Equal(100_000_000_00 - 200_000 * 58_00, accounts.AvailableCashFen("a"));
        Assert.Equal(0, accounts.LockedCashFen("a"));
        Assert.Equal(0, accounts.LockedUnits("b", Cea));
    }

    [Fact]
    public void Settlement_report_of_an_auction_balances_to_the_fen()
    {
        var (_, ledger) = NewDay();
        var auction = SellerAuction(ledger);
        auction.Bid(Opens, "A", "a", 55_37, 299_000);
        auction.Bid(Opens, "B", "b", 53_11, 300_000);
        auction.Bid(Opens, "C", "c", 53_11, 300_000);
        auction.Bid(Opens, "D", "d", 53_11, 300_000);
        auction.Clear(Closes);
        var report = SettlementReport.From(Day, ledger.Trades, ledger.SellableFrom);
        Assert.True(report.Balances);
        Assert.Equal(1_000_000L * 53_11, report.TradeValueFen);
        var regulator = Assert.Single(report.Accounts, a => a.Account == "regulator-auction");
        Assert.Equal(-1_000_000, regulator.NetUnitsT);
        Assert.Equal(1_000_000L * 53_11, regulator.NetCashFen);
    }
}
