// A quick loopback load: concurrent transfers through the real server; every one must succeed and
// the books must add up. Prints requests per second (a figure, not a threshold).
using System.Diagnostics;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace OpenEts.Server.Tests;

/// <summary>Transfers under concurrent load.</summary>
public sealed class LoopbackLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Concurrent_transfers_all_succeed_and_add_up()
    {
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource());
        const int Clients = 16;
        const int PerClient = 125;
        var clients = Enumerable.Range(0, Clients).Select(_ => s.As("acme")).ToList();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async c =>
        {
            for (var i = 0; i < PerClient; i++)
            {
                using var r = await c.PostAsJsonAsync("/api/transfers", new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 0 });
                Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, r.StatusCode);
            }
        }));
        var rejectSeconds = watch.Elapsed.TotalSeconds;
        output.WriteLine($"{Clients * PerClient} rejected transfers (422) in {rejectSeconds:F2} s: {Clients * PerClient / rejectSeconds:F0} requests/s");
        watch.Restart();
        await Task.WhenAll(clients.Select(async c =>
        {
            for (var i = 0; i < PerClient / 5; i++)
            {
                using var r = await c.PostAsJsonAsync("/api/transfers", new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 1 });
                Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        var done = Clients * (PerClient / 5);
        output.WriteLine($"{done} transfers by {Clients} clients in {seconds:F2} s: {done / seconds:F0} requests/s");
        Assert.Equal((500 - done, 0), await s.HoldingAsync("ACME-1", "CEA21"));
        Assert.Equal((done, 0), await s.HoldingAsync("IVY-1", "CEA21"));
        foreach (var c in clients)
            c.Dispose();
    }
}
