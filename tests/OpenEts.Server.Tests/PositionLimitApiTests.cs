// Position limits over HTTP on a trading afternoon, in a Beijing pilot market (registry market "bj" under the
// cn-beijing rulebook) beside the national one: the regulator records ACME's allocation of BEA21, a buy one tonne over
// IVY's 1,000,000 t limit is a 409 position_limit_exceeded problem that changes no balance, and the regulator and the
// exchange operator read the large-holder report (a member may not), which the exchange desk shows too (to both).
using System.Net;
using System.Net.Http.Json;
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Server.Tests.TradingDay;

namespace OpenEts.Server.Tests;

public sealed class PositionLimitApiTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_buy_over_the_limit_is_a_problem_that_changes_nothing_and_large_holders_lists_the_holders_above_the_threshold()
    {
        await using var s = await StartAsync();
        await BeijingMarketAsync(s,
            (MarketSetup.Regulator, new Issue("BEA21", "bj-ISSUANCE", 2_000_000)),
            (MarketSetup.Regulator, new Transfer("bj-ISSUANCE", "ACME-BJ", "BEA21", 700_000)),
            (MarketSetup.Regulator, new Transfer("bj-ISSUANCE", "IVY-BJ", "BEA21", 999_990)),
            (MarketSetup.RegistryOperator, new DepositCash("IVY-BJ", 1_000_000_00)));
        using var exchange = s.As("exchange");
        using var regulator = s.As("regulator");
        using var acme = s.As("acme");
        using var ivy = s.As("ivy");
        await ServerUnderTest.Ok(exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = "BEA21", trading_day = "2021-07-19", previous_close_fen = 50_00 }));
        Assert.Equal("cn-beijing", (await ServerUnderTest.Ok(ivy.GetAsync("/api/exchange/BEA21/depth"))).GetProperty("rulebook").GetString());

        var allocation = new { account = "ACME-BJ", instrument = "BEA21", allocation_t = 100_000 };
        using (var byMember = await acme.PostAsJsonAsync("/api/exchange/position-allocations", allocation))
            await ApiSuite.AssertProblem(byMember, HttpStatusCode.Forbidden, "not_authorized");
        var set = await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/exchange/position-allocations", allocation));
        Assert.Equal("exchange.position_allocation_set", set.GetProperty("events")[0].GetProperty("$type").GetString());

        // 999,990 t held + 10 t resting = 1,000,000 t, IVY's limit; one tonne more is refused.
        using (var atLimit = await ivy.PostAsJsonAsync("/api/exchange/orders", new { instrument = "BEA21", order_id = "b1", account = "IVY-BJ", side = "buy", price_fen = 49_00, quantity_t = 10 }))
            Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        var cash = await s.HoldingAsync("IVY-BJ", "CNY");
        using (var over = await ivy.PostAsJsonAsync("/api/exchange/orders", new { instrument = "BEA21", order_id = "b2", account = "IVY-BJ", side = "buy", price_fen = 49_00, quantity_t = 1 }))
        {
            var problem = await ApiSuite.AssertProblem(over, HttpStatusCode.Conflict, "position_limit_exceeded");
            Assert.Equal("ivy's position limit in BEA21 is 1,000,000 t (a holder that is not a compliance entity); its position is 1,000,000 t "
                + "(999,990 t held, 10 t in open buys), so buying 1 t more would take it to 1,000,001 t.", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(cash, await s.HoldingAsync("IVY-BJ", "CNY"));
        Assert.Equal((999_990L, 0L), await s.HoldingAsync("IVY-BJ", "BEA21"));

        using (var member = await ivy.GetAsync("/api/exchange/BEA21/large-holders"))
            await ApiSuite.AssertProblem(member, HttpStatusCode.Forbidden, "not_authorized");
        using (var unknown = await regulator.GetAsync("/api/exchange/BEA99/large-holders"))
            await ApiSuite.AssertProblem(unknown, HttpStatusCode.NotFound, "unknown_unit_class");
        foreach (var reader in new[] { regulator, exchange })
        {
            var report = await ServerUnderTest.Ok(reader.GetAsync("/api/exchange/BEA21/large-holders"));
            Assert.Equal(("cn-beijing", true), (report.GetProperty("rulebook").GetString(), report.GetProperty("position_limit").GetBoolean()));
            var holders = report.GetProperty("holders").EnumerateArray().ToArray();
            // ivy: 1,000,000 t against 500,000 t; acme (compliance entity, allocation 100,000 t): 700,000 t against 600,000 t.
            Assert.Equal(["ivy", "acme"], holders.Select(h => h.GetProperty("holder").GetString()));
            Assert.Equal((1_000_000L, 500_000L, 500_000L), (holders[0].GetProperty("position_t").GetInt64(), holders[0].GetProperty("disclosure_t").GetInt64(), holders[0].GetProperty("excess_t").GetInt64()));
            Assert.Equal((true, 100_000L, 600_000L, 100_000L), (holders[1].GetProperty("compliance_entity").GetBoolean(), holders[1].GetProperty("allocation_t").GetInt64(),
                holders[1].GetProperty("disclosure_t").GetInt64(), holders[1].GetProperty("excess_t").GetInt64()));
        }
        var national = await ServerUnderTest.Ok(regulator.GetAsync("/api/exchange/CEA21/large-holders"));
        Assert.Equal(("cn-national", false, 0), (national.GetProperty("rulebook").GetString(), national.GetProperty("position_limit").GetBoolean(), national.GetProperty("holders").GetArrayLength()));

        // The exchange desk shows the same holders for BEA21's open day, and so does the regulator's supervision view of it.
        Assert.Null(await s.AddPersonAsync("xo", Role.ExchangeOperator, Password));
        Assert.Null(await s.AddPersonAsync("reg", Role.Regulator, Password));
        foreach (var name in new[] { "xo", "reg" })
        {
            using var visitor = await WebVisitor.LogInAsync(s, name, Password);
            var desk = await visitor.Http.GetStringAsync("/exchange-desk");
            Assert.Contains("<tr><td>BEA21</td><td>ivy</td><td>other</td><td class=\"n\">1,000,000</td><td class=\"n\">500,000</td><td class=\"n\">500,000</td><td class=\"n\">1,000,000</td></tr>", desk, StringComparison.Ordinal);
            Assert.Contains("<tr><td>BEA21</td><td>acme</td><td>compliance entity, allocation 100,000 t</td><td class=\"n\">700,000</td><td class=\"n\">600,000</td><td class=\"n\">100,000</td><td class=\"n\">1,100,000</td></tr>", desk, StringComparison.Ordinal);
            // Both see the allocations the limits count; only the regulator has the form that records one.
            Assert.Contains("<tr><td>ACME-BJ</td><td>BEA21</td><td class=\"n\">100,000</td></tr>", desk, StringComparison.Ordinal);
            Assert.Equal(name == "reg", desk.Contains("action=\"/exchange-desk/position-allocations\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_regulator_records_an_allocation_for_the_position_limit_from_the_desk_and_a_refused_one_changes_nothing()
    {
        await using var s = await StartAsync();
        await BeijingMarketAsync(s);
        Assert.Null(await s.AddPersonAsync("xo", Role.ExchangeOperator, Password));
        Assert.Null(await s.AddPersonAsync("reg", Role.Regulator, Password));
        using var reg = await WebVisitor.LogInAsync(s, "reg", Password);
        using var xo = await WebVisitor.LogInAsync(s, "xo", Password);

        // The section lists the instruments whose rulebook sets a limit (BEA21), not the national ones, with no day open.
        var before = await reg.Http.GetStringAsync("/exchange-desk");
        Assert.Contains("<option value=\"BEA21\">BEA21</option></select><label for=\"alloc-tonnes\">", before, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"CEA21\">CEA21</option></select><label for=\"alloc-tonnes\">", before, StringComparison.Ordinal);
        Assert.Contains("No allocation is recorded.", before, StringComparison.Ordinal);
        var head = s.Market.Engine.DurableSeq;

        // Refusals: malformed tonnes before the engine, an investor's account and the exchange operator by the engine.
        var refusals = new (WebVisitor Visitor, string Account, string Tonnes, HttpStatusCode Status, string Shown)[]
        {
            (reg, "ACME-BJ", "12.5", HttpStatusCode.UnprocessableEntity, "Refused (invalid_allocation): give the allocation in whole tonnes"),
            (reg, "ACME-BJ", "-5", HttpStatusCode.UnprocessableEntity, "Refused (invalid_allocation)"),
            (reg, "IVY-BJ", "5000", HttpStatusCode.Conflict, "Refused (not_a_compliance_entity): 'IVY-BJ' is not a covered entity's account"),
            (xo, "ACME-BJ", "5000", HttpStatusCode.Forbidden, "Refused (not_authorized): 'xo' may not record allocations for position limits (the regulator only)."),
        };
        foreach (var (visitor, account, tonnes, status, shown) in refusals)
        {
            using var refused = await visitor.PostAsync("/exchange-desk", "/exchange-desk/position-allocations",
                new() { ["account"] = account, ["instrument"] = "BEA21", ["allocation_t"] = tonnes });
            Assert.Equal(status, refused.StatusCode);
            Assert.Contains(shown, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        Assert.Empty(await s.Market.Engine.QueryAsync(w => w.Get<OpenEts.Exchange.ExchangeState>().PositionAllocations.All.ToList()));

        using (var recorded = await reg.PostAsync("/exchange-desk", "/exchange-desk/position-allocations",
            new() { ["account"] = " ACME-BJ ", ["instrument"] = "BEA21", ["allocation_t"] = "250000" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
            Assert.Equal("/exchange-desk?done=allocation&instrument=BEA21", recorded.Headers.Location!.OriginalString);
        }
        Assert.Equal([("ACME-BJ", "BEA21", 250_000L)], await s.Market.Engine.QueryAsync(w => w.Get<OpenEts.Exchange.ExchangeState>().PositionAllocations.All.ToList()));
        var after = await xo.Http.GetStringAsync("/exchange-desk?done=allocation&instrument=BEA21");
        Assert.Contains("Allocation for the position limit in BEA21 recorded.", after, StringComparison.Ordinal);
        Assert.Contains("<tr><td>ACME-BJ</td><td>BEA21</td><td class=\"n\">250,000</td></tr>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/exchange-desk/position-allocations\"", after, StringComparison.Ordinal);
        Assert.True(s.Market.Engine.DurableSeq > head);
    }

    /// <summary>A Beijing pilot market "bj" (cn-beijing rulebook) with BEA21, ACME-BJ (a covered entity) and IVY-BJ (an investor), then <paramref name="more"/>.</summary>
    private static async Task BeijingMarketAsync(ServerUnderTest s, params (string Actor, Command Command)[] more)
    {
        (string, Command)[] market =
        [
            (MarketSetup.Regulator, new OpenMarket("bj", "Beijing pilot carbon market", "cn-beijing")),
            (MarketSetup.Regulator, new DefineUnitClass("BEA21", "bj", UnitType.Allowance, 2021)),
            (MarketSetup.RegistryOperator, new OpenAccount("ACME-BJ", "bj", "acme", AccountKind.CoveredEntity)),
            (MarketSetup.RegistryOperator, new OpenAccount("IVY-BJ", "bj", "ivy", AccountKind.Investor)),
        ];
        foreach (var (actor, command) in market.Concat(more))
            Assert.Null((await s.Market.SubmitAsync(MarketRuntime.NewId(), actor, command)).Rejection);
    }
}
