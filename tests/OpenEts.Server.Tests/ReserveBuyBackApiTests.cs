// A buy-back into the market's reserve over HTTP with four-eyes on: the regulator's funding of cn-RESERVE from the
// proceeds in cn-AUCTION and its buyer's auction for cn-RESERVE each take a second regulator; an unfunded buy-back is
// refused at approval; members offer units and the exchange operator clears into the reserve.
using System.Net;
using System.Net.Http.Json;
using OpenEts.Registry;

namespace OpenEts.Server.Tests;

public sealed class ReserveBuyBackApiTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Opens = new(2021, 7, 19, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset Closes = new(2021, 7, 19, 11, 0, 0, Beijing);

    private static object BuyBack(string id, long quantityT, long capFen) =>
        new { auction_id = id, instrument = "CEA21", side = "buy", buyer_account = "cn-RESERVE", quantity_t = quantityT, reserve_price_fen = capFen, opens_at = Opens, closes_at = Closes };

    [Fact]
    public async Task A_transfer_out_of_cn_auction_over_the_registry_api_is_403_not_authorized_and_only_the_funding_moves_the_proceeds()
    {
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource());
        using var regulator = s.As("regulator");
        using var registry = s.As("registry");
        await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/deposits", new { account_id = "cn-AUCTION", amount_fen = 30_000_00 }));

        using (var plain = await regulator.PostAsJsonAsync("/api/transfers", new { from = "cn-AUCTION", to = "cn-RESERVE", class_id = "CNY", quantity = 10_000_00 }))
        {
            var problem = await ApiSuite.AssertProblem(plain, HttpStatusCode.Forbidden, "not_authorized");
            Assert.Contains("exchange.fund_reserve", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var linked = await regulator.PostAsJsonAsync("/api/linked-transfers", new { legs = new object[] { new { from = "cn-AUCTION", to = "cn-RESERVE", class_id = "CNY", quantity = 1 } } }))
            await ApiSuite.AssertProblem(linked, HttpStatusCode.Forbidden, "not_authorized");
        using (var locked = await registry.PostAsJsonAsync("/api/locks", new { lock_id = "L1", account_id = "cn-AUCTION", class_id = "CNY", quantity = 1, reason = "escrow" }))
            await ApiSuite.AssertProblem(locked, HttpStatusCode.Forbidden, "not_authorized");
        Assert.Equal((30_000_00L, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));
        Assert.Equal((0L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));

        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/exchange/reserve-fundings", new { market_id = "cn", amount_fen = 10_000_00 }));
        Assert.Equal((20_000_00L, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));
        Assert.Equal((10_000_00L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));
    }

    [Fact]
    public async Task The_regulator_funds_the_reserve_and_buys_back_through_four_eyes_proposals_and_the_units_land_in_cn_reserve()
    {
        var clock = new ManualClock(Opens.AddMinutes(-30));
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = true, Clock = clock });
        var (key, rejection) = await s.Market.AddApiKeyAsync("rita", Role.Regulator);
        Assert.Null(rejection);
        s.AddKey("rita", key!);
        Assert.Null((await s.Market.SubmitAsync("seed-issue", MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 2_000))).Rejection);
        Assert.Null((await s.Market.SubmitAsync("seed-acme-units", MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "ACME-1", "CEA21", 2_000))).Rejection);
        using var regulator = s.As("regulator");
        using var rita = s.As("rita");
        using var registry = s.As("registry");
        using var acme = s.As("acme");
        using var ivy = s.As("ivy");
        using var exchange = s.As("exchange");
        // 30,000.00 yuan of auction proceeds booked into cn-AUCTION from the settlement bank.
        await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/deposits", new { account_id = "cn-AUCTION", amount_fen = 30_000_00 }));

        using (var direct = await regulator.PostAsJsonAsync("/api/exchange/reserve-fundings", new { market_id = "cn", amount_fen = 20_000_00 }))
            await ApiSuite.AssertProblem(direct, HttpStatusCode.Forbidden, "four_eyes_required");
        using (var member = await ivy.PostAsJsonAsync("/api/exchange/auctions", BuyBack("bb-ivy", 1_000, 1_00)))
            Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        // Unfunded: the reserve holds no cash, so the approval of a buy-back is refused and nothing is locked.
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "exchange.announce_auction", action = BuyBack("bb-0", 10_000, 1_50) }));
        using (var unfunded = await rita.PostAsync("/api/proposals/P-1/approve", null))
            await ApiSuite.AssertProblem(unfunded, HttpStatusCode.Conflict, "insufficient_cash");
        Assert.Equal((0L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));

        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "exchange.fund_reserve", action = new { market_id = "cn", amount_fen = 20_000_00 } }));
        Assert.Equal((0L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));
        var funded = await ServerUnderTest.Ok(rita.PostAsync("/api/proposals/P-2/approve", null));
        Assert.Contains(funded.GetProperty("events").EnumerateArray(), e => e.GetProperty("$type").GetString() == "exchange.reserve_funded");
        Assert.Equal((20_000_00L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));
        Assert.Equal((10_000_00L, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));

        // 10,000 t at a 1.50 cap locks 15,000.00 yuan of the reserve's 20,000.00; a second one of 10,000 t at 1.00 is unfunded.
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "exchange.announce_auction", action = BuyBack("bb-1", 10_000, 1_50) }));
        await ServerUnderTest.Ok(rita.PostAsync("/api/proposals/P-3/approve", null));
        Assert.Equal((20_000_00L, 15_000_00L), await s.HoldingAsync("cn-RESERVE", "CNY"));
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "exchange.announce_auction", action = BuyBack("bb-2", 10_000, 1_00) }));
        using (var second = await rita.PostAsync("/api/proposals/P-4/approve", null))
            await ApiSuite.AssertProblem(second, HttpStatusCode.Conflict, "insufficient_cash");

        clock.Advance(TimeSpan.FromHours(1));
        await ServerUnderTest.Ok(acme.PostAsJsonAsync("/api/exchange/auctions/bb-1/bids", new { bid_id = "o1", account = "ACME-1", price_fen = 1_20, quantity_t = 1_000 }));
        await ServerUnderTest.Ok(acme.PostAsJsonAsync("/api/exchange/auctions/bb-1/bids", new { bid_id = "o2", account = "ACME-1", price_fen = 1_40, quantity_t = 1_000 }));
        var notice = await ServerUnderTest.Ok(regulator.GetAsync("/api/exchange/auctions/bb-1"));
        Assert.Equal(("buy", "cn-RESERVE", 2), (notice.GetProperty("side").GetString(), notice.GetProperty("buyer_account").GetString(), notice.GetProperty("bids").GetArrayLength()));

        clock.Advance(TimeSpan.FromMinutes(30));
        await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/auctions/bb-1/clear", null));
        var result = await ServerUnderTest.Ok(acme.GetAsync("/api/exchange/auctions/bb-1"));
        Assert.Equal((1_40L, 2_000L, 8_000L), (result.GetProperty("clearing_price_fen").GetInt64(), result.GetProperty("placed_t").GetInt64(), result.GetProperty("unplaced_t").GetInt64()));
        // The reserve holds the 2,000 t and 20,000.00 − 2,800.00 yuan, nothing locked; ACME-1 received 2,800.00.
        Assert.Equal((2_000L, 0L), await s.HoldingAsync("cn-RESERVE", "CEA21"));
        Assert.Equal((17_200_00L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));
        Assert.Equal((500L, 0L), await s.HoldingAsync("ACME-1", "CEA21"));
        Assert.Equal((2_800_00L, 0L), await s.HoldingAsync("ACME-1", "CNY"));
    }
}
