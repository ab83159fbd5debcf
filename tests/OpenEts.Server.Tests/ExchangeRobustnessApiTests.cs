// The exchange over HTTP where it used to fail: a server restarted with a block proposal pending replays its journal
// (before, the proposal's replay re-ran the balance check with no registry attached and the server could not start);
// a proposal whose cash would overflow is a 422 that changes nothing and leaves the engine serving; a day opened at
// another previous close than the last official one is a 409; malformed requests name what is wrong; and listing
// trading is anonymous: the trades endpoint names the parties to a party and to supervisors only.
using System.Net;
using System.Net.Http.Json;
using static OpenEts.Server.Tests.TradingDay;

namespace OpenEts.Server.Tests;

public sealed class ExchangeRobustnessApiTests
{
    [Fact]
    public async Task A_pending_block_proposal_survives_a_restart_and_an_overflowing_one_is_refused_while_the_engine_serves_on()
    {
        await using var s = await StartAsync(forBlocks: true);
        using (var acme = s.As("acme"))
        {
            await ServerUnderTest.Ok(acme.PostAsJsonAsync("/api/exchange/block-trades",
                new { instrument = "CEA21", proposal_id = "k-1", proposer = "ACME-1", counterparty = "IVY-1", proposer_side = "sell", price_fen = 51_23, quantity_t = 100_000 }));
        }
        using (var ivy = s.As("ivy"))
        {
            var cash = await s.HoldingAsync("IVY-1", "CNY");
            using var huge = await ivy.PostAsJsonAsync("/api/exchange/block-trades",
                new { instrument = "CEA21", proposal_id = "k-2", proposer = "IVY-1", counterparty = "ACME-1", proposer_side = "buy", price_fen = 65_00, quantity_t = 2_000_000_000_000_000 });
            await ApiSuite.AssertProblem(huge, HttpStatusCode.UnprocessableEntity, "quantity_out_of_range");
            Assert.Equal(cash, await s.HoldingAsync("IVY-1", "CNY"));
        }

        await s.RestartAsync();
        using (var ivy = s.As("ivy"))
            await ServerUnderTest.Ok(ivy.PostAsync("/api/exchange/CEA21/block-trades/k-1/accept", JsonContent.Create(new { account = "IVY-1" })));
        Assert.Equal((100_000L, 0L), await s.HoldingAsync("IVY-1", "CEA21"));
    }

    [Fact]
    public async Task A_day_opens_at_the_last_official_close_and_malformed_requests_name_what_is_wrong()
    {
        await using var s = await StartAsync();
        using var exchange = s.As("exchange");
        await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/CEA21/close", JsonContent.Create(new { })));
        using (var other = await exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = "CEA21", trading_day = "2021-07-20", previous_close_fen = 1_00 }))
        {
            var problem = await ApiSuite.AssertProblem(other, HttpStatusCode.Conflict, "previous_close_mismatch");
            Assert.Equal("The previous close of CEA21 is its last official close, 51.23 yuan; 1.00 yuan was given.", problem.GetProperty("detail").GetString());
        }
        using (var again = await exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = "CEA21", trading_day = "2021-07-19", previous_close_fen = PreviousCloseFen }))
            await ApiSuite.AssertProblem(again, HttpStatusCode.Conflict, "day_already_closed");
        using (var badDate = await exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = "CEA21", trading_day = "2021-13-20", previous_close_fen = PreviousCloseFen }))
        {
            var problem = await ApiSuite.AssertProblem(badDate, HttpStatusCode.BadRequest, "invalid_date");
            Assert.Contains("$.trading_day", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var noType = await exchange.PostAsync("/api/exchange/orders", null))
            await ApiSuite.AssertProblem(noType, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        using (var query = await exchange.GetAsync("/api/journal?after=abc"))
        {
            var problem = await ApiSuite.AssertProblem(query, HttpStatusCode.BadRequest, "invalid_query");
            Assert.Equal("The parameter 'after' must be a whole number; 'abc' is not.", problem.GetProperty("detail").GetString());
        }
        // A band too wide for one book is refused with its code, and the engine serves on (it used to stop for everyone).
        using (var wide = await exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = "CEA22", trading_day = "2021-07-20", previous_close_fen = 100_000_000 }))
            Assert.Contains("a day's order book holds at most", (await ApiSuite.AssertProblem(wide, HttpStatusCode.Conflict, "price_outside_band")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ServerUnderTest.Ok(exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = "CEA21", trading_day = "2021-07-20", previous_close_fen = PreviousCloseFen }));
    }

    [Fact]
    public async Task The_trades_of_the_day_name_their_parties_only_to_a_party_and_to_supervisors()
    {
        await using var s = await StartAsync();
        await OrderAsync(s, "acme", "s1", "ACME-1", "sell", 51_23, 10);
        await OrderAsync(s, "ivy", "b1", "IVY-1", "buy", 51_23, 10);
        foreach (var (who, named) in new[] { ("acme", true), ("ivy", true), ("regulator", true), ("exchange", true), ("registry", true), ("vera", false) })
        {
            using var client = s.As(who);
            var trade = Assert.Single((await ServerUnderTest.Ok(client.GetAsync("/api/exchange/CEA21/trades"))).EnumerateArray());
            Assert.Equal((51_23L, 10L, 51_230L), (trade.GetProperty("price_fen").GetInt64(), trade.GetProperty("quantity_t").GetInt64(), trade.GetProperty("value_fen").GetInt64()));
            var parties = new[] { "buyer", "seller", "buy_order", "sell_order" }.Select(p => trade.GetProperty(p).ValueKind == System.Text.Json.JsonValueKind.Null ? null : trade.GetProperty(p).GetString());
            Assert.Equal(named ? ["IVY-1", "ACME-1", "b1", "s1"] : new string?[] { null, null, null, null }, parties);
        }
    }
}
