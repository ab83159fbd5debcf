// openets bench http: starts the server on loopback on a temporary database, then drives it with an
// in-process load generator: after a short warm-up, concurrent transfers (POST /api/transfers, each durable before its
// answer) and dashboard reads (GET /). Prints requests/s and p50/p99 latency; any error fails the run.
using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenEts.Registry;
using OpenEts.Server;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Settings of bench http.</summary>
public sealed class BenchHttpSettings : CommandSettings
{
    /// <summary>Transfers to send.</summary>
    [CommandOption("--requests <N>")]
    [Description("Transfer requests to send (default 2000, at most 100000).")]
    public int Requests { get; init; } = 2000;

    /// <summary>Concurrent clients.</summary>
    [CommandOption("--clients <N>")]
    [Description("Concurrent HTTP clients (default 16, at most 256).")]
    public int Clients { get; init; } = 16;

    /// <summary>Dashboard reads to send.</summary>
    [CommandOption("--reads <N>")]
    [Description("Dashboard (GET /) requests to send after the transfers (default 500).")]
    public int Reads { get; init; } = 500;

    /// <inheritdoc />
    public override Spectre.Console.ValidationResult Validate() =>
        Requests is < 1 or > 100_000 || Clients is < 1 or > 256 || Reads is < 0 or > 100_000
            ? Spectre.Console.ValidationResult.Error("--requests is 1..100000, --clients 1..256, --reads 0..100000.")
            : Spectre.Console.ValidationResult.Success();
}

/// <summary>One measured phase.</summary>
public sealed record HttpPhase(string Name, int Requests, int Clients, int Errors, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, double MaxMs);

/// <summary>openets bench http.</summary>
public sealed class BenchHttpCommand : AsyncCommand<BenchHttpSettings>
{
    private const string Holder = "bench-holder";

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, BenchHttpSettings s, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("openets-bench-http-");
        try
        {
            var app = await ServerHost.BuildAppAsync(Path.Combine(dir.FullName, "bench.db"), "http://127.0.0.1:0", quiet: true);
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken);
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                var warmUp = s.Clients * 4;
                var key = await SetUpAsync(app.Services.GetRequiredService<MarketRuntime>(), s.Requests + warmUp);
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = s.Clients }) { BaseAddress = address };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                var body = new { from = "BENCH-A", to = "BENCH-B", class_id = "CEA21", quantity = 1 };
                // Not counted: the first requests pay for JIT compilation and connection set-up.
                await RunAsync("warm-up", warmUp, s.Clients, () => http.PostAsJsonAsync("/api/transfers", body, cancellationToken));
                var transfers = await RunAsync("transfers (POST /api/transfers)", s.Requests, s.Clients, () => http.PostAsJsonAsync("/api/transfers", body, cancellationToken));
                var reads = await RunAsync("dashboard (GET /)", s.Reads, s.Clients, () => http.GetAsync("/", cancellationToken));
                await app.StopAsync(cancellationToken);
                var phases = new[] { transfers, reads }.Where(p => p.Requests > 0).ToList();
                if (GlobalOptions.Current.Json)
                    JsonOut.Write(new { phases });
                else
                {
                    foreach (var p in phases)
                        Console.WriteLine($"{p.Name}: {p.Requests:N0} requests by {p.Clients} clients in {p.Seconds:F2} s = {p.RequestsPerSecond:N0} requests/s; latency p50 {p.P50Ms:F1} ms, p99 {p.P99Ms:F1} ms, max {p.MaxMs:F1} ms; errors {p.Errors}");
                }
                return phases.Any(p => p.Errors > 0) ? ExitCodes.Rejected : ExitCodes.Ok;
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // Two accounts of one holder, the first funded with one tonne per transfer; an API key for the holder.
    private static async Task<string> SetUpAsync(MarketRuntime market, int transfers)
    {
        var (key, rejection) = await market.AddApiKeyAsync(Holder, Role.CoveredEntity);
        if (rejection is not null)
            throw new InvalidOperationException(rejection.ToString());
        OpenEts.Core.Command[] steps =
        [
            new OpenAccount("BENCH-A", "cn", Holder, AccountKind.CoveredEntity),
            new OpenAccount("BENCH-B", "cn", Holder, AccountKind.CoveredEntity),
            new Issue("CEA21", "cn-ISSUANCE", transfers),
            new Transfer("cn-ISSUANCE", "BENCH-A", "CEA21", transfers),
        ];
        foreach (var step in steps)
        {
            var actor = step is OpenAccount ? MarketSetup.RegistryOperator : MarketSetup.Regulator;
            if ((await market.SubmitAsync(MarketRuntime.NewId(), actor, step)).Rejection is { } r)
                throw new InvalidOperationException(r.ToString());
        }
        return key!;
    }

    private static async Task<HttpPhase> RunAsync(string name, int requests, int clients, Func<Task<HttpResponseMessage>> send)
    {
        var latencies = new double[requests];
        var next = -1;
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await send();
                await response.Content.LoadIntoBufferAsync();
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref errors);
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        if (requests == 0)
            return new HttpPhase(name, 0, clients, 0, 0, 0, 0, 0, 0);
        Array.Sort(latencies);
        return new HttpPhase(name, requests, clients, errors, seconds, requests / seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1]);
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
