// openets bench http: starts the server on loopback on a temporary database, then drives it with an
// in-process load generator: after a short warm-up, concurrent transfers (POST /api/transfers, each durable before its
// answer) or, with --orders, order entry (POST /api/exchange/orders: two members' buy and sell orders that cross,
// so about every second order trades), then dashboard reads (GET /). Prints requests/s and p50/p99 latency;
// any error fails the run.
using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenEts.Exchange;
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

    /// <summary>Orders instead of transfers.</summary>
    [CommandOption("--orders")]
    [Description("Send exchange orders (crossing buys and sells of two members, so trades happen) instead of transfers.")]
    public bool Orders { get; init; }

    /// <inheritdoc />
    public override Spectre.Console.ValidationResult Validate() =>
        Requests is < 1 or > 100_000 || Clients is < 1 or > 256 || Reads is < 0 or > 100_000
            ? Spectre.Console.ValidationResult.Error("--requests is 1..100000, --clients 1..256, --reads 0..100000.")
            : Spectre.Console.ValidationResult.Success();
}

/// <summary>One measured phase.</summary>
public sealed record HttpPhase(string Name, int Requests, int Clients, int Errors, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Trades the phase made (order entry only).</summary>
    public long? Trades { get; init; }
}

/// <summary>openets bench http.</summary>
public sealed class BenchHttpCommand : AsyncCommand<BenchHttpSettings>
{
    private const string Holder = "bench-holder";

    /// <summary>The trading day the order bench runs in (a Tuesday on the national calendar).</summary>
    public static readonly DateTimeOffset MorningOpen = new(2026, 1, 13, 9, 31, 0, TimeSpan.FromHours(8));

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, BenchHttpSettings s, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("openets-bench-http-");
        try
        {
            // Orders need open trading hours: the server's clock starts at a morning opening and runs on from there.
            var options = s.Orders ? new ServerOptions { Clock = new TradingHoursClock(MorningOpen) } : null;
            var app = await ServerHost.BuildAppAsync(Path.Combine(dir.FullName, "bench.db"), "http://127.0.0.1:0", quiet: true, options);
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken);
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                var market = app.Services.GetRequiredService<MarketRuntime>();
                var warmUp = s.Clients * 4;
                var handler = new SocketsHttpHandler { MaxConnectionsPerServer = s.Clients };
                using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = address };
                using var other = new HttpClient(handler, disposeHandler: true) { BaseAddress = address };
                HttpPhase first;
                if (s.Orders)
                {
                    var (seller, buyer) = await SetUpOrdersAsync(market, s.Requests + warmUp);
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", seller);
                    other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", buyer);
                    // Even orders sell, odd ones buy, all at the previous close: every buy meets a resting sell or rests for the next one.
                    Task<HttpResponseMessage> Order(string prefix, int i) => i % 2 == 0
                        ? http.PostAsJsonAsync("/api/exchange/orders", new PlaceOrder(Instrument, $"{prefix}{i}", "BENCH-S", Side.Sell, PreviousCloseFen, 1), Json, cancellationToken)
                        : other.PostAsJsonAsync("/api/exchange/orders", new PlaceOrder(Instrument, $"{prefix}{i}", "BENCH-B", Side.Buy, PreviousCloseFen, 1), Json, cancellationToken);
                    await RunAsync("warm-up", warmUp, s.Clients, i => Order("w", i));
                    var before = market.Exchange.Trades;
                    first = await RunAsync("orders (POST /api/exchange/orders)", s.Requests, s.Clients, i => Order("o", i)) with { Trades = market.Exchange.Trades - before };
                }
                else
                {
                    var key = await SetUpTransfersAsync(market, s.Requests + warmUp);
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                    var body = new { from = "BENCH-A", to = "BENCH-B", class_id = "CEA21", quantity = 1 };
                    // Not counted: the first requests pay for JIT compilation and connection set-up.
                    await RunAsync("warm-up", warmUp, s.Clients, _ => http.PostAsJsonAsync("/api/transfers", body, cancellationToken));
                    first = await RunAsync("transfers (POST /api/transfers)", s.Requests, s.Clients, _ => http.PostAsJsonAsync("/api/transfers", body, cancellationToken));
                }
                var reads = await RunAsync("dashboard (GET /)", s.Reads, s.Clients, _ => http.GetAsync("/", cancellationToken));
                await app.StopAsync(cancellationToken);
                var phases = new[] { first, reads }.Where(p => p.Requests > 0).ToList();
                if (GlobalOptions.Current.Json)
                    JsonOut.Write(new { phases });
                else
                {
                    foreach (var p in phases)
                        Console.WriteLine($"{p.Name}: {p.Requests:N0} requests by {p.Clients} clients in {p.Seconds:F2} s = {p.RequestsPerSecond:N0} requests/s; latency p50 {p.P50Ms:F1} ms, p99 {p.P99Ms:F1} ms, max {p.MaxMs:F1} ms; errors {p.Errors}{(p.Trades is { } t ? $"; trades {t:N0}" : "")}");
                }
                return phases.Any(p => p.Errors > 0) ? ExitCodes.Rejected : ExitCodes.Ok;
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private const string Instrument = "CEA21";
    private const long PreviousCloseFen = 78_31;
    private static readonly System.Text.Json.JsonSerializerOptions Json = JsonOptions();

    private static System.Text.Json.JsonSerializerOptions JsonOptions()
    {
        var o = new System.Text.Json.JsonSerializerOptions();
        ServerHost.Configure(o);
        return o;
    }

    // Two accounts (one per holder, as the registration rules say), the first funded with one tonne per transfer; an API key for its holder.
    private static async Task<string> SetUpTransfersAsync(MarketRuntime market, int transfers)
    {
        var key = await KeyAsync(market, Holder, Role.CoveredEntity);
        await RunAllAsync(market,
            (MarketSetup.RegistryOperator, new OpenAccount("BENCH-A", "cn", Holder, AccountKind.CoveredEntity)),
            (MarketSetup.RegistryOperator, new OpenAccount("BENCH-B", "cn", Holder + "-payee", AccountKind.CoveredEntity)),
            (MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", transfers)),
            (MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "BENCH-A", "CEA21", transfers)));
        return key;
    }

    // A seller holding a tonne per order, a buyer with the cash for a tonne per order, and the day open.
    private static async Task<(string Seller, string Buyer)> SetUpOrdersAsync(MarketRuntime market, int orders)
    {
        var seller = await KeyAsync(market, "bench-seller", Role.CoveredEntity);
        var buyer = await KeyAsync(market, "bench-buyer", Role.Investor);
        await RunAllAsync(market,
            (MarketSetup.RegistryOperator, new OpenAccount("BENCH-S", "cn", "bench-seller", AccountKind.CoveredEntity)),
            (MarketSetup.RegistryOperator, new OpenAccount("BENCH-B", "cn", "bench-buyer", AccountKind.Investor)),
            (MarketSetup.Regulator, new Issue(Instrument, "cn-ISSUANCE", orders)),
            (MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "BENCH-S", Instrument, orders)),
            (MarketSetup.RegistryOperator, new DepositCash("BENCH-B", orders * PreviousCloseFen)),
            (MarketSetup.ExchangeOperator, new OpenTradingDay(Instrument, DateOnly.FromDateTime(MorningOpen.DateTime), PreviousCloseFen)));
        return (seller, buyer);
    }

    private static async Task<string> KeyAsync(MarketRuntime market, string identity, Role role)
    {
        var (key, rejection) = await market.AddApiKeyAsync(identity, role);
        return rejection is null ? key! : throw new InvalidOperationException(rejection.ToString());
    }

    private static async Task RunAllAsync(MarketRuntime market, params (string Actor, OpenEts.Core.Command Command)[] steps)
    {
        foreach (var (actor, step) in steps)
        {
            if ((await market.SubmitAsync(MarketRuntime.NewId(), actor, step)).Rejection is { } r)
                throw new InvalidOperationException(r.ToString());
        }
    }

    private static async Task<HttpPhase> RunAsync(string name, int requests, int clients, Func<int, Task<HttpResponseMessage>> send)
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
                using var response = await send(i);
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

/// <summary>A clock that starts at a given moment and runs on with real time (trading hours for a bench run at any hour).</summary>
public sealed class TradingHoursClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => start.ToUniversalTime() + Stopwatch.GetElapsedTime(_started);
}
