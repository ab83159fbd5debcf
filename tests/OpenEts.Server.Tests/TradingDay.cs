// A server on a trading afternoon (the clock fixed at 14:00 market time on Monday 19 July 2021) with CEA21's
// day open at a previous close of 51.23 yuan: the listing band is 46.11–56.35 and the block band 35.87–66.59.
using System.Net.Http.Json;
using OpenEts.Registry;

namespace OpenEts.Server.Tests;

/// <summary>Starts servers with an open trading day.</summary>
public static class TradingDay
{
    /// <summary>The previous close the day opens with, fen.</summary>
    public const long PreviousCloseFen = 51_23;

    /// <summary>The server's settings: four-eyes off, the clock on the trading afternoon (and OTLP export when given).</summary>
    public static ServerOptions Options(Uri? otlp = null) => new()
    {
        FourEyes = false,
        Clock = new FixedClock(FixedClock.TradingAfternoon),
        OtlpEndpoint = otlp,
        OtlpInterval = TimeSpan.FromMilliseconds(250),
    };

    /// <summary>
    /// A seeded server (ACME-1 holds 500 t CEA21, IVY-1 1,000.00 yuan) with CEA21 open; with <paramref name="forBlocks"/>
    /// ACME-1 gets 100,000 t more and IVY-1 6,000,000.00 yuan more, enough for one block trade.
    /// </summary>
    public static async Task<ServerUnderTest> StartAsync(bool forBlocks = false, Uri? otlp = null)
    {
        var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: Options(otlp));
        using var exchange = s.As("exchange");
        await ServerUnderTest.Ok(exchange.PostAsJsonAsync("/api/exchange/trading-days", new { instrument = "CEA21", trading_day = "2021-07-19", previous_close_fen = PreviousCloseFen }));
        if (forBlocks)
        {
            foreach (var (actor, command) in new (string, OpenEts.Core.Command)[]
            {
                (MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 100_000)),
                (MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "ACME-1", "CEA21", 100_000)),
                (MarketSetup.RegistryOperator, new DepositCash("IVY-1", 600_000_000)),
            })
                Assert.Null((await s.Market.SubmitAsync(MarketRuntime.NewId(), actor, command)).Rejection);
        }
        return s;
    }

    /// <summary>An order through the API as <paramref name="who"/>; the response body.</summary>
    public static async Task<System.Text.Json.JsonElement> OrderAsync(ServerUnderTest s, string who, string orderId, string account, string side, long priceFen, long quantityT)
    {
        using var client = s.As(who);
        return await ServerUnderTest.Ok(client.PostAsJsonAsync("/api/exchange/orders", new { instrument = "CEA21", order_id = orderId, account, side, price_fen = priceFen, quantity_t = quantityT }));
    }
}
