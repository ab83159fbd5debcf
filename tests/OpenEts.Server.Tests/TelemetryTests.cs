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
        var exports = new ConcurrentQueue<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = new Uri(collector.Urls.First() + "/");

        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(),
            options: new ServerOptions { FourEyes = false, OtlpEndpoint = endpoint, OtlpInterval = TimeSpan.FromMilliseconds(250) });
        await Ok(s.As("acme").PostAsJsonAsync("/api/transfers", new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 7 }));

        string[] names = ["openets.journal.batch.size", "openets.journal.commit.duration", "openets.commands", "http.server.request.duration"];
        var missing = names;
        // Wait (at most a minute) for an export that names every instrument: the exporter runs on its own timer.
        for (var tries = 0; tries < 240 && missing.Length > 0; tries++)
        {
            await Task.Delay(250);
            var seen = string.Join('\n', exports.Select(Encoding.UTF8.GetString));
            missing = names.Where(n => !seen.Contains(n, StringComparison.Ordinal)).ToArray();
        }
        Assert.Empty(missing);

        var page = await s.Anonymous().GetStringAsync("/metrics");
        double Value(string metric) => double.Parse(page.Split('\n').Single(l => l.StartsWith(metric + " ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.True(Value("openets_journal_entries_total") >= Value("openets_journal_batches_total"));
        Assert.True(Value("openets_journal_batches_total") >= 1);
        Assert.True(Value("openets_journal_commit_seconds_total") > 0);
    }
}
