// The exchange endpoints: who may do what (the permission table), and what the reads show. Command times
// come from the server's clock, so an order outside market hours reaches the exchange and is refused there
// with 409 market_closed: the table tells that apart from a caller refused before the engine (403).
using System.Net;
using System.Net.Http.Json;

namespace OpenEts.Server.Tests;

public sealed class ExchangeApiTests
{
    // Columns: regulator, registry (operator), exchange (operator), acme (covered entity holding ACME-1),
    // ivy (investor holding IVY-1), vera (verifier), anonymous.
    private static readonly string[] Columns = ["regulator", "registry", "exchange", "acme", "ivy", "vera", "anonymous"];

    // A = 2xx; C = 409 (allowed, refused by the market's state, e.g. market_closed); N = 404 from the exchange
    // (allowed, no such proposal); D = 403 (not allowed); U = 401 (not signed in).
    private static readonly (string Endpoint, string Expected)[] Table =
    [
        ("POST /api/exchange/trading-days", "DDADDDU"),
        ("GET /api/exchange/CEA21/depth", "AAAAAAU"),
        ("GET /api/exchange/CEA21/trades", "AAAAAAU"),
        ("GET /api/exchange/CEA21/stats", "AAAAAAU"),
        ("POST /api/exchange/orders", "DDCCDDU"),
        ("POST /api/exchange/CEA21/orders/o-1/cancel", "DDCCDDU"),
        ("POST /api/exchange/block-trades", "DDCCDDU"),
        ("POST /api/exchange/CEA21/block-trades/k-1/accept", "DDCDCDU"),
        ("POST /api/exchange/CEA21/block-trades/k-1/decline", "DDNDNDU"),
        // The regulator halts (A), the exchange operator then finds it halted (C: already_halted); the regulator resumes,
        // the exchange operator finds it not halted (C: not_halted).
        ("POST /api/exchange/CEA21/halt", "ADCDDDU"),
        ("POST /api/exchange/CEA21/resume", "ADCDDDU"),
        ("POST /api/exchange/CEA21/close", "DDADDDU"),
    ];

    private static object? Body(string endpoint, string who) => endpoint switch
    {
        "POST /api/exchange/trading-days" => new { instrument = "CEA22", trading_day = "2021-07-19", previous_close_fen = 51_23 },
        "POST /api/exchange/orders" => new { instrument = "CEA21", order_id = $"o-{who}", account = "ACME-1", side = "sell", price_fen = 51_23, quantity_t = 1 },
        "POST /api/exchange/block-trades" => new { instrument = "CEA21", proposal_id = $"k-{who}", proposer = "ACME-1", counterparty = "IVY-1", proposer_side = "sell", price_fen = 51_23, quantity_t = 100_000 },
        _ when endpoint.Contains("/accept", StringComparison.Ordinal) || endpoint.Contains("/decline", StringComparison.Ordinal) => new { account = "IVY-1" },
        _ when endpoint.Contains("/cancel", StringComparison.Ordinal) => new { account = "ACME-1" },
        "POST /api/exchange/CEA21/halt" => new { reason = "Permission table" },
        _ => null,
    };

    private static async Task OpenDay(ServerUnderTest s)
    {
        using var exchange = s.As("exchange");
        await ServerUnderTest.Ok(exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = "CEA21", trading_day = "2021-07-19", previous_close_fen = 51_23 }));
    }

    [Fact]
    public async Task Every_exchange_endpoint_answers_every_role_as_the_table_says()
    {
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource());
        await OpenDay(s);
        await PermissionTable.AssertAsync(Table, Columns, who => who == "anonymous" ? s.Anonymous() : s.As(who), Body,
            new Dictionary<HttpStatusCode, char> { [HttpStatusCode.NotFound] = 'N', [HttpStatusCode.Conflict] = 'C' });
    }

    [Fact]
    public async Task An_open_day_shows_an_empty_book_and_the_previous_close_and_an_order_outside_hours_is_market_closed()
    {
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource());
        await OpenDay(s);
        using var acme = s.As("acme");
        var depth = await ServerUnderTest.Ok(acme.GetAsync("/api/exchange/CEA21/depth"));
        Assert.Equal(("2021-07-19", 0, 0), (depth.GetProperty("trading_day").GetString(), depth.GetProperty("bids").GetArrayLength(), depth.GetProperty("asks").GetArrayLength()));
        var stats = await ServerUnderTest.Ok(acme.GetAsync("/api/exchange/CEA21/stats"));
        Assert.Equal(51_23, stats.GetProperty("close_fen").GetInt64());
        using var order = await acme.PostAsJsonAsync("/api/exchange/orders", new { instrument = "CEA21", order_id = "o1", account = "ACME-1", side = "sell", price_fen = 51_23, quantity_t = 1 });
        await ApiSuite.AssertProblem(order, HttpStatusCode.Conflict, "market_closed");
        Assert.Equal((500L, 0L), await s.HoldingAsync("ACME-1", "CEA21"));
        using var missing = await acme.GetAsync("/api/exchange/CEA23/depth");
        await ApiSuite.AssertProblem(missing, HttpStatusCode.NotFound, "unknown_trading_day");
    }
}
