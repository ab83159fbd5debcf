// Market halts over HTTP on a trading afternoon: the exchange operator halts CEA21, depth and the market page show
// it, an order and a block proposal are refused as problem details (409 trading_halted) that change no balance, a
// cancel still releases its lock, and after the resume orders trade again. A halt stops one-way bidding of CEA21
// too: a bid and the clearing are 409 trading_halted, a withdrawal still releases its lock.
using System.Net;
using System.Net.Http.Json;
using OpenEts.Registry;
using static OpenEts.Server.Tests.TradingDay;

namespace OpenEts.Server.Tests;

public sealed class TradingHaltApiTests
{
    private const string Reason = "Abnormal price swings";

    [Fact]
    public async Task A_halted_instrument_refuses_orders_and_block_trades_as_problem_details_and_trades_again_after_the_resume()
    {
        await using var s = await StartAsync(forBlocks: true);
        await OrderAsync(s, "acme", "s1", "ACME-1", "sell", 52_00, 10);
        using var exchange = s.As("exchange");
        using var acme = s.As("acme");
        using var ivy = s.As("ivy");

        using (var member = await acme.PostAsJsonAsync("/api/exchange/CEA21/halt", new { reason = Reason }))
            await ApiSuite.AssertProblem(member, HttpStatusCode.Forbidden, "not_authorized");
        using (var blank = await exchange.PostAsJsonAsync("/api/exchange/CEA21/halt", new { reason = "" }))
            await ApiSuite.AssertProblem(blank, HttpStatusCode.UnprocessableEntity, "invalid_reason");
        using (var unknown = await exchange.PostAsJsonAsync("/api/exchange/CEA99/halt", new { reason = Reason }))
            await ApiSuite.AssertProblem(unknown, HttpStatusCode.NotFound, "unknown_unit_class");
        var halted = await ServerUnderTest.Ok(exchange.PostAsJsonAsync("/api/exchange/CEA21/halt", new { reason = Reason }));
        Assert.Equal("exchange.trading_halted", halted.GetProperty("events")[0].GetProperty("$type").GetString());
        using (var twice = await exchange.PostAsJsonAsync("/api/exchange/CEA21/halt", new { reason = Reason }))
            await ApiSuite.AssertProblem(twice, HttpStatusCode.Conflict, "already_halted");

        var depth = await ServerUnderTest.Ok(ivy.GetAsync("/api/exchange/CEA21/depth"));
        Assert.True(depth.GetProperty("halted").GetBoolean());
        Assert.Equal((Reason, "exchange"), (depth.GetProperty("halt").GetProperty("reason").GetString(), depth.GetProperty("halt").GetProperty("actor").GetString()));
        var page = await s.Anonymous().GetStringAsync("/market/CEA21");
        Assert.Contains($"id=\"halt\">Trading is halted since 2021-07-19 06:00:00 UTC by exchange: {Reason}.", page, StringComparison.Ordinal);

        var cashBefore = await s.HoldingAsync("IVY-1", "CNY");
        using (var order = await ivy.PostAsJsonAsync("/api/exchange/orders", new { instrument = "CEA21", order_id = "b1", account = "IVY-1", side = "buy", price_fen = 52_00, quantity_t = 4 }))
        {
            var problem = await ApiSuite.AssertProblem(order, HttpStatusCode.Conflict, "trading_halted");
            Assert.Equal($"Trading in CEA21 is halted since 2021-07-19 14:00 market time: {Reason}", problem.GetProperty("detail").GetString());
        }
        using (var block = await acme.PostAsJsonAsync("/api/exchange/block-trades", new { instrument = "CEA21", proposal_id = "k1", proposer = "ACME-1", counterparty = "IVY-1", proposer_side = "sell", price_fen = 60_00, quantity_t = 100_000 }))
            await ApiSuite.AssertProblem(block, HttpStatusCode.Conflict, "trading_halted");
        Assert.Equal(cashBefore, await s.HoldingAsync("IVY-1", "CNY"));
        Assert.Equal((100_500L, 10L), await s.HoldingAsync("ACME-1", "CEA21"));

        await ServerUnderTest.Ok(acme.PostAsJsonAsync("/api/exchange/CEA21/orders/s1/cancel", new { account = "ACME-1" }));
        Assert.Equal((100_500L, 0L), await s.HoldingAsync("ACME-1", "CEA21"));

        using var regulator = s.As("regulator");
        await ServerUnderTest.Ok(regulator.PostAsync("/api/exchange/CEA21/resume", null));
        using (var again = await regulator.PostAsync("/api/exchange/CEA21/resume", null))
            await ApiSuite.AssertProblem(again, HttpStatusCode.Conflict, "not_halted");
        Assert.False((await ServerUnderTest.Ok(ivy.GetAsync("/api/exchange/CEA21/depth"))).GetProperty("halted").GetBoolean());
        await OrderAsync(s, "acme", "s2", "ACME-1", "sell", 52_00, 10);
        await OrderAsync(s, "ivy", "b2", "IVY-1", "buy", 52_00, 4);
        Assert.Equal(4, (await ServerUnderTest.Ok(ivy.GetAsync("/api/exchange/CEA21/trades")))[0].GetProperty("quantity_t").GetInt64());
    }

    [Fact]
    public async Task A_halted_instrument_refuses_auction_bids_and_clearing_as_problem_details_and_the_auction_clears_after_the_resume()
    {
        var beijing = TimeSpan.FromHours(8);
        var (opens, closes) = (new DateTimeOffset(2021, 7, 19, 10, 0, 0, beijing), new DateTimeOffset(2021, 7, 19, 11, 0, 0, beijing));
        var clock = new ManualClock(opens.AddMinutes(30));
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = false, Clock = clock });
        Assert.Null((await s.Market.SubmitAsync("seed-issue-auction", MarketSetup.Regulator, new Issue("CEA21", "cn-AUCTION", 20_000))).Rejection);
        using var exchange = s.As("exchange");
        using var regulator = s.As("regulator");
        using var ivy = s.As("ivy");
        using (var registry = s.As("registry"))
            await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/deposits", new { account_id = "IVY-1", amount_fen = 100_000_00 }));
        await ServerUnderTest.Ok(exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = "CEA21", trading_day = "2021-07-19", previous_close_fen = PreviousCloseFen }));
        var notice = new { auction_id = "auc-h", instrument = "CEA21", seller_account = "cn-AUCTION", quantity_t = 10_000, reserve_price_fen = 1_00, opens_at = opens, closes_at = closes };
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/exchange/auctions", notice));
        object BidBody(string id) => new { bid_id = id, account = "IVY-1", price_fen = 1_50, quantity_t = 1_000 };
        const long ivyCash = 100_000L + 100_000_00;
        await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions/auc-h/bids", BidBody("i1")));
        Assert.Equal((ivyCash, 1_000L * 1_50), await s.HoldingAsync("IVY-1", "CNY"));

        Assert.DoesNotContain("id=\"auction-halt\"", await ivy.GetStringAsync("/auctions/auc-h"));
        await ServerUnderTest.Ok(exchange.PostAsJsonAsync("/api/exchange/CEA21/halt", new { reason = Reason }));
        // The auction's page says so before anyone bids into the refusal.
        Assert.Contains($"id=\"auction-halt\">Trading in CEA21 is halted since 2021-07-19 10:30 market time: {Reason}. Bids and clearing are refused",
            await ivy.GetStringAsync("/auctions/auc-h"));
        var seq = await s.JournalSeqAsync();
        using (var bid = await ivy.PostAsJsonAsync("/api/exchange/auctions/auc-h/bids", BidBody("i2")))
        {
            var problem = await ApiSuite.AssertProblem(bid, HttpStatusCode.Conflict, "trading_halted");
            Assert.Equal($"Trading in CEA21 is halted since 2021-07-19 10:30 market time: {Reason}", problem.GetProperty("detail").GetString());
        }
        Assert.True(await s.JournalSeqAsync() - seq <= 1, "a refusal adds at most its own journal entry");
        Assert.Equal((ivyCash, 1_000L * 1_50), await s.HoldingAsync("IVY-1", "CNY"));
        // The withdrawal runs during the halt and releases the 1,500.00 yuan lock.
        await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions/auc-h/bids/i1/withdraw", new { account = "IVY-1" }));
        Assert.Equal((ivyCash, 0L), await s.HoldingAsync("IVY-1", "CNY"));

        await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/CEA21/resume", null));
        Assert.DoesNotContain("id=\"auction-halt\"", await ivy.GetStringAsync("/auctions/auc-h"));
        await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions/auc-h/bids", BidBody("i2")));
        clock.Advance(TimeSpan.FromMinutes(30));
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/exchange/CEA21/halt", new { reason = Reason }));
        using (var clear = await exchange.PostAsync("/api/exchange/auctions/auc-h/clear", null))
        {
            var problem = await ApiSuite.AssertProblem(clear, HttpStatusCode.Conflict, "trading_halted");
            Assert.Equal($"Trading in CEA21 is halted since 2021-07-19 11:00 market time: {Reason}", problem.GetProperty("detail").GetString());
        }
        Assert.Equal((20_000L, 10_000L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
        await ServerUnderTest.Ok(regulator.PostAsync("/api/exchange/CEA21/resume", null));
        await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/auctions/auc-h/clear", null));
        Assert.Equal((1_000L, 0L), await s.HoldingAsync("IVY-1", "CEA21"));
        Assert.Equal((ivyCash - 1_000L * 1_50, 0L), await s.HoldingAsync("IVY-1", "CNY"));
        Assert.Equal((19_000L, 0L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
    }
}
