// CCER credits through the exchange API: a CCER day opens under cn-ccer, members place orders with the same
// endpoints as for allowances, the trade moves the lowest serials to the buyer, and a block proposal in
// CCER is refused 409 trading_mode_not_offered with nothing changed. The server's clock is fixed inside
// Monday 2025-03-24's morning session.
using System.Net;
using System.Net.Http.Json;
using OpenEts.Registry;
using OpenEts.Server.Http;

namespace OpenEts.Server.Tests;

public sealed class CcerExchangeApiTests
{
    private const string Ccer = "CCER-P0001-2025";
    private static readonly DateTimeOffset Monday = new(2025, 3, 24, 10, 0, 0, TimeSpan.FromHours(8));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    private static async Task<ServerUnderTest> StartAsync()
    {
        var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = false, Clock = new FixedClock(Monday) });
        foreach (var (i, command) in new (int, OpenEts.Core.Command)[]
        {
            (1, new DefineUnitClass(Ccer, "cn", UnitType.Credit, 2025, "P0001")),
            (2, new Issue(Ccer, "cn-ISSUANCE", 10_000)),
            (3, new Transfer("cn-ISSUANCE", "ACME-1", Ccer, 10_000)),
        })
        {
            var outcome = await s.Market.SubmitAsync($"setup-ccer-{i}", MarketSetup.Regulator, command);
            Assert.True(outcome.Accepted, $"{command}: {outcome.Rejection}");
        }
        using var registry = s.As("registry");
        await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/deposits", new { account_id = "IVY-1", amount_fen = 1_000_000_00 }));
        using var exchange = s.As("exchange");
        await ServerUnderTest.Ok(exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = Ccer, trading_day = "2025-03-24", previous_close_fen = 60_00 }));
        return s;
    }

    [Fact]
    public async Task Ccer_orders_placed_through_the_api_trade_on_the_book_and_move_serials_to_the_buyer()
    {
        await using var s = await StartAsync();
        using var acme = s.As("acme");
        using var ivy = s.As("ivy");
        var depth = await ServerUnderTest.Ok(acme.GetAsync($"/api/exchange/{Ccer}/depth"));
        Assert.Equal("cn-ccer", depth.GetProperty("rulebook").GetString());

        await ServerUnderTest.Ok(acme.PostAsJsonAsync("/api/exchange/orders", new { instrument = Ccer, order_id = "s1", account = "ACME-1", side = "sell", price_fen = 61_00, quantity_t = 5_000 }));
        using var outside = await ivy.PostAsJsonAsync("/api/exchange/orders", new { instrument = Ccer, order_id = "b0", account = "IVY-1", side = "buy", price_fen = 66_01, quantity_t = 100 });
        await ApiSuite.AssertProblem(outside, HttpStatusCode.Conflict, "price_outside_band");
        await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/orders", new { instrument = Ccer, order_id = "b1", account = "IVY-1", side = "buy", price_fen = 61_50, quantity_t = 1_200 }));

        var trades = await ServerUnderTest.Ok(ivy.GetAsync($"/api/exchange/{Ccer}/trades"));
        var trade = Assert.Single(trades.EnumerateArray());
        Assert.Equal((61_00L, 1_200L), (trade.GetProperty("price_fen").GetInt64(), trade.GetProperty("quantity_t").GetInt64()));
        Assert.Equal((1_200L, 0L), await s.HoldingAsync("IVY-1", Ccer));
        Assert.Equal((8_800L, 3_800L), await s.HoldingAsync("ACME-1", Ccer));
        var serials = await s.Market.Engine.QueryAsync(w => (
            w.Get<RegistryState>().HoldingOf("IVY-1", Ccer)!.Serials!.Ranges.ToList(),
            w.Get<RegistryState>().HoldingOf("ACME-1", Ccer)!.Serials!.Ranges.ToList()));
        Assert.Equal([new SerialRange(1, 1_200)], serials.Item1);
        Assert.Equal([new SerialRange(1_201, 10_000)], serials.Item2);
        Assert.Empty(await s.Market.Engine.QueryAsync(w => RegistryInvariants.Violations(w.Get<RegistryState>())));
    }

    [Fact]
    public async Task A_ccer_block_proposal_through_the_api_is_refused_as_not_offered_and_changes_nothing()
    {
        await using var s = await StartAsync();
        var before = await s.JournalSeqAsync();
        using var acme = s.As("acme");
        using var block = await acme.PostAsJsonAsync("/api/exchange/block-trades",
            new { instrument = Ccer, proposal_id = "k1", proposer = "ACME-1", counterparty = "IVY-1", proposer_side = "sell", price_fen = 60_00, quantity_t = 10_000 });
        await ApiSuite.AssertProblem(block, HttpStatusCode.Conflict, "trading_mode_not_offered");
        Assert.Equal((10_000L, 0L), await s.HoldingAsync("ACME-1", Ccer));
        Assert.True(await s.JournalSeqAsync() <= before + 1);
    }

    [Fact]
    public async Task A_natural_persons_account_is_opened_over_http_and_its_ccer_order_is_refused_409()
    {
        await using var s = await StartAsync();
        using var registry = s.As("registry");
        // A person of its own, with an API key as an investor: a holder has one account in a market (ivy has IVY-1).
        var (key, keyRefused) = await s.Market.AddApiKeyAsync("wang", Role.Investor);
        Assert.Null(keyRefused);
        s.AddKey("wang", key!);
        using var ivy = s.As("wang");
        using var wrongKind = await registry.PostAsJsonAsync("/api/accounts", new { account_id = "IVY-P", market_id = "cn", holder = "wang", kind = "covered_entity", natural_person = true });
        await ApiSuite.AssertProblem(wrongKind, HttpStatusCode.UnprocessableEntity, "natural_person_not_allowed");
        var opened = await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/accounts", new { account_id = "IVY-P", market_id = "cn", holder = "wang", kind = "investor", natural_person = true }));
        Assert.True(opened.GetProperty("events")[0].GetProperty("natural_person").GetBoolean());
        await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/deposits", new { account_id = "IVY-P", amount_fen = 1_000_000_00 }));

        using var refused = await ivy.PostAsJsonAsync("/api/exchange/orders", new { instrument = Ccer, order_id = "p1", account = "IVY-P", side = "buy", price_fen = 61_50, quantity_t = 100 });
        var problem = await ApiSuite.AssertProblem(refused, HttpStatusCode.Conflict, "participant_not_eligible");
        Assert.Contains("(participants.natural_persons in the cn-ccer rulebook)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((1_000_000_00L, 0L), await s.HoldingAsync("IVY-P", "CNY"));

        // The registry's account page says who holds it.
        Assert.Null(await s.AddPersonAsync("registrar", Role.RegistryOperator, "correct horse battery staple"));
        using var page = await WebVisitor.LogInAsync(s, "registrar", "correct horse battery staple");
        Assert.Contains("<dt>Kind</dt><dd>Investor (natural person)</dd>", await page.Http.GetStringAsync("/registry/accounts/IVY-P"), StringComparison.Ordinal);
        Assert.Contains("<dt>Kind</dt><dd>Investor</dd>", await page.Http.GetStringAsync("/registry/accounts/IVY-1"), StringComparison.Ordinal);
    }
}

