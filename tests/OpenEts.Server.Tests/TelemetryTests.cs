// Metrics leave the server two ways: OTLP/HTTP export to an OpenTelemetry collector (here a real HTTP
// server on loopback that records what it is sent) and the Prometheus text page /metrics.
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Engine_and_server_metrics_reach_an_OpenTelemetry_collector_and_the_metrics_page()
    {
        var (collector, exports, endpoint) = await CollectorAsync();
        await using var stop = collector;
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(),
            options: new ServerOptions { FourEyes = false, OtlpEndpoint = endpoint, OtlpInterval = TimeSpan.FromMilliseconds(250) });
        await Ok(s.As("acme").PostAsJsonAsync("/api/transfers", new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 7 }));

        Assert.Empty(await MissingAsync(exports, ["openets.journal.batch.size", "openets.journal.commit.duration", "openets.commands", "http.server.request.duration"]));

        var page = await s.Anonymous().GetStringAsync("/metrics");
        double Value(string metric) => MetricValue(page, metric);
        Assert.True(Value("openets_journal_entries_total") >= Value("openets_journal_batches_total"));
        Assert.True(Value("openets_journal_batches_total") >= 1);
        Assert.True(Value("openets_journal_commit_seconds_total") > 0);
    }

    [Fact]
    public async Task Orders_refusals_and_trades_are_counted_on_the_metrics_page_and_reach_the_collector()
    {
        var (collector, exports, endpoint) = await CollectorAsync();
        await using var stop = collector;
        await using var s = await TradingDay.StartAsync(otlp: endpoint);
        await TradingDay.OrderAsync(s, "acme", "s1", "ACME-1", "sell", 51_23, 10);
        await TradingDay.OrderAsync(s, "ivy", "b1", "IVY-1", "buy", 51_30, 4);
        await TradingDay.OrderAsync(s, "ivy", "b2", "IVY-1", "buy", 51_23, 3);
        using var ivy = s.As("ivy");
        using var acme = s.As("acme");
        using (var outside = await ivy.PostAsJsonAsync("/api/exchange/orders", new { instrument = "CEA21", order_id = "b3", account = "IVY-1", side = "buy", price_fen = 60_00, quantity_t = 1 }))
            await ApiSuite.AssertProblem(outside, System.Net.HttpStatusCode.Conflict, "price_outside_band");
        using (var tooMany = await acme.PostAsJsonAsync("/api/exchange/orders", new { instrument = "CEA21", order_id = "s2", account = "ACME-1", side = "sell", price_fen = 51_23, quantity_t = 10_000 }))
            await ApiSuite.AssertProblem(tooMany, System.Net.HttpStatusCode.Conflict, "insufficient_units");
        // Refused before the engine (not the caller's account): not an order the exchange saw.
        using (var foreign = await acme.PostAsJsonAsync("/api/exchange/orders", new { instrument = "CEA21", order_id = "s3", account = "IVY-1", side = "buy", price_fen = 51_23, quantity_t = 1 }))
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, foreign.StatusCode);

        var page = await s.Anonymous().GetStringAsync("/metrics");
        Assert.Equal(3, MetricValue(page, "openets_orders_accepted_total"));
        Assert.Equal(1, MetricValue(page, "openets_orders_rejected_total{code=\"price_outside_band\"}"));
        Assert.Equal(1, MetricValue(page, "openets_orders_rejected_total{code=\"insufficient_units\"}"));
        Assert.Equal(2, MetricValue(page, "openets_trades_total"));
        Assert.Equal(7, MetricValue(page, "openets_traded_tonnes_total"));
        Assert.Contains("# TYPE openets_orders_rejected_total counter", page, StringComparison.Ordinal);
        Assert.Empty(await MissingAsync(exports, ["openets.orders.accepted", "openets.orders.rejected", "openets.trades", "openets.traded_tonnes", "price_outside_band"]));
    }

    // A real HTTP server on loopback that keeps every OTLP metrics export it is sent.
    private static async Task<(WebApplication Collector, ConcurrentQueue<byte[]> Exports, Uri Endpoint)> CollectorAsync()
    {
        var exports = new ConcurrentQueue<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var collector = builder.Build();
        collector.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();
        return (collector, exports, new Uri(collector.Urls.First() + "/"));
    }

    // Waits (at most a minute) for exports that name every instrument: the exporter runs on its own timer.
    private static async Task<string[]> MissingAsync(ConcurrentQueue<byte[]> exports, string[] names)
    {
        var missing = names;
        for (var tries = 0; tries < 240 && missing.Length > 0; tries++)
        {
            await Task.Delay(250);
            var seen = string.Join('\n', exports.Select(Encoding.UTF8.GetString));
            missing = names.Where(n => !seen.Contains(n, StringComparison.Ordinal)).ToArray();
        }
        return missing;
    }

    private static double MetricValue(string page, string metric) =>
        double.Parse(page.Split('\n').Single(l => l.StartsWith(metric + " ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);
}
