// The last ways out of cn-AUCTION over HTTP: the regulator pays proceeds to cn-TREASURY
// (POST /api/exchange/proceeds-payments) and has an auction's unsold units cancelled
// (POST /api/exchange/unsold-cancellations); refusals are problem details that move nothing; with four-eyes on,
// both take a second regulator.
using System.Net;
using System.Net.Http.Json;
using OpenEts.Registry;

namespace OpenEts.Server.Tests;

public sealed class AuctionProceedsApiTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Opens = new(2021, 7, 19, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset Closes = new(2021, 7, 19, 11, 0, 0, Beijing);

    private static readonly object Treasury = new { account_id = "cn-TREASURY", market_id = "cn", holder = "finance", kind = "treasury", holder_name = "State treasury" };

    [Fact]
    public async Task The_regulator_pays_proceeds_to_cn_treasury_and_cancels_what_an_auction_left_unsold()
    {
        var clock = new ManualClock(Opens.AddMinutes(-30));
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = false, Clock = clock });
        Assert.Null((await s.Market.SubmitAsync("seed-issue", MarketSetup.Regulator, new Issue("CEA21", "cn-AUCTION", 10_000))).Rejection);
        using var regulator = s.As("regulator");
        using var registry = s.As("registry");
        using var exchange = s.As("exchange");
        using var ivy = s.As("ivy");
        await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/deposits", new { account_id = "cn-AUCTION", amount_fen = 30_000_00 }));

        async Task Refused(HttpClient client, string path, object body, HttpStatusCode status, string code)
        {
            using var response = await client.PostAsJsonAsync(path, body);
            await ApiSuite.AssertProblem(response, status, code);
        }
        const string Pay = "/api/exchange/proceeds-payments";
        await Refused(regulator, Pay, new { market_id = "cn", amount_fen = 10_000_00 }, HttpStatusCode.NotFound, "unknown_account");
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/accounts", Treasury));
        await Refused(ivy, Pay, new { market_id = "cn", amount_fen = 10_000_00 }, HttpStatusCode.Forbidden, "not_authorized");
        await Refused(regulator, Pay, new { market_id = "cn", amount_fen = 10_000_00, to_account = "IVY-1" }, HttpStatusCode.UnprocessableEntity, "not_a_treasury_account");
        await Refused(regulator, Pay, new { market_id = "cn", amount_fen = 0 }, HttpStatusCode.UnprocessableEntity, "quantity_not_positive");
        await Refused(regulator, Pay, new { market_id = "cn", amount_fen = 30_000_01 }, HttpStatusCode.Conflict, "insufficient_cash");
        Assert.Equal((30_000_00L, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));
        var paid = await ServerUnderTest.Ok(regulator.PostAsJsonAsync(Pay, new { market_id = "cn", amount_fen = 10_000_00 }));
        Assert.Contains(paid.GetProperty("events").EnumerateArray(), e => e.GetProperty("$type").GetString() == "exchange.proceeds_paid");
        Assert.Equal((20_000_00L, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));
        Assert.Equal((10_000_00L, 0L), await s.HoldingAsync("cn-TREASURY", "CNY"));

        // 10,000 t offered at a 1.00 floor; no one bids, so all of it is left unsold when the auction clears.
        const string Cancel = "/api/exchange/unsold-cancellations";
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/exchange/auctions",
            new { auction_id = "auc-1", instrument = "CEA21", seller_account = "cn-AUCTION", quantity_t = 10_000, reserve_price_fen = 1_00, opens_at = Opens, closes_at = Closes }));
        await Refused(regulator, Cancel, new { instrument = "CEA21" }, HttpStatusCode.Conflict, "no_unsold_units");
        clock.Advance(TimeSpan.FromMinutes(90));
        await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/auctions/auc-1/clear", null));
        await Refused(exchange, Cancel, new { instrument = "CEA21" }, HttpStatusCode.Forbidden, "not_authorized");
        await Refused(regulator, Cancel, new { instrument = "CEA21", quantity_t = 10_001 }, HttpStatusCode.Conflict, "insufficient_units");
        await Refused(regulator, Cancel, new { instrument = "CEA99" }, HttpStatusCode.NotFound, "unknown_unit_class");
        Assert.Equal((10_000L, 0L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
        const string Return = "/api/exchange/unsold-returns";
        await Refused(exchange, Return, new { instrument = "CEA21" }, HttpStatusCode.Forbidden, "not_authorized");
        await Refused(regulator, Return, new { instrument = "CEA21", quantity_t = 0 }, HttpStatusCode.UnprocessableEntity, "quantity_not_positive");
        var returned = await ServerUnderTest.Ok(regulator.PostAsJsonAsync(Return, new { instrument = "CEA21", quantity_t = 3_000 }));
        Assert.Contains(returned.GetProperty("events").EnumerateArray(), e => e.GetProperty("$type").GetString() == "exchange.unsold_returned");
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync(Cancel, new { instrument = "CEA21", quantity_t = 4_000 }));
        var all = await ServerUnderTest.Ok(regulator.PostAsJsonAsync(Cancel, new { instrument = "CEA21" }));
        Assert.Contains(all.GetProperty("events").EnumerateArray(), e => e.GetProperty("$type").GetString() == "exchange.unsold_cancelled");
        await Refused(regulator, Return, new { instrument = "CEA21" }, HttpStatusCode.Conflict, "no_unsold_units");
        Assert.Equal((0L, 0L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
        Assert.Equal((7_000L, 0L), await s.HoldingAsync("cn-CANCELLATION", "CEA21"));
        Assert.Equal((3_000L, 0L), await s.HoldingAsync("cn-RESERVE", "CEA21"));
    }

    [Fact]
    public async Task With_four_eyes_on_a_payment_to_the_treasury_takes_a_second_regulator()
    {
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = true });
        var (key, rejection) = await s.Market.AddApiKeyAsync("rita", Role.Regulator);
        Assert.Null(rejection);
        s.AddKey("rita", key!);
        using var regulator = s.As("regulator");
        using var rita = s.As("rita");
        using var registry = s.As("registry");
        await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/deposits", new { account_id = "cn-AUCTION", amount_fen = 30_000_00 }));
        await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/accounts", Treasury));

        using (var direct = await regulator.PostAsJsonAsync("/api/exchange/proceeds-payments", new { market_id = "cn", amount_fen = 10_000_00 }))
            await ApiSuite.AssertProblem(direct, HttpStatusCode.Forbidden, "four_eyes_required");
        using (var direct = await regulator.PostAsJsonAsync("/api/exchange/unsold-cancellations", new { instrument = "CEA21" }))
            await ApiSuite.AssertProblem(direct, HttpStatusCode.Forbidden, "four_eyes_required");
        using (var direct = await regulator.PostAsJsonAsync("/api/exchange/unsold-returns", new { instrument = "CEA21" }))
            await ApiSuite.AssertProblem(direct, HttpStatusCode.Forbidden, "four_eyes_required");
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "exchange.pay_proceeds", action = new { market_id = "cn", amount_fen = 10_000_00 } }));
        Assert.Equal((0L, 0L), await s.HoldingAsync("cn-TREASURY", "CNY"));
        using (var self = await regulator.PostAsync("/api/proposals/P-1/approve", null))
            await ApiSuite.AssertProblem(self, HttpStatusCode.Forbidden, "same_approver");
        var approved = await ServerUnderTest.Ok(rita.PostAsync("/api/proposals/P-1/approve", null));
        Assert.Contains(approved.GetProperty("events").EnumerateArray(), e => e.GetProperty("$type").GetString() == "exchange.proceeds_paid");
        Assert.Equal((20_000_00L, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));
        Assert.Equal((10_000_00L, 0L), await s.HoldingAsync("cn-TREASURY", "CNY"));
    }
}
