// The exchange commands through the real binary: replay a day (tables and JSON), bad rows, the benchmark.
using System.Text.Json;

namespace OpenEts.Cli.Tests;

public sealed class ExchangeCliTests
{
    private const string Day =
        "time,order_id,account,side,price,quantity,action\n" +
        "2021-07-19T09:30:00,s1,power-a,sell,51.50,3000,new\n" +
        "2021-07-19T09:30:05,s2,power-b,sell,51.40,2000,new\n" +
        "2021-07-19T09:31:00,b1,steel-c,buy,51.45,2500,new\n" +
        "2021-07-19T09:32:00,b2,steel-d,buy,56.36,100,new\n" +
        "2021-07-19T09:33:00,b1,steel-c,,,,cancel\n" +
        "2021-07-19T10:00:00,b3,steel-d,buy,51.60,4000,new\n" +
        "2021-07-19T12:00:00,b4,steel-d,buy,51.60,10,new\n";

    private static string Write(string text)
    {
        var path = Path.Combine(CliRunner.TempDir(), "orders.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Replay_prints_trades_rejections_and_the_days_figures_as_json()
    {
        var r = CliRunner.Run(["exchange", "replay", "--orders", Write(Day), "--prev-close", "51.23", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        var trades = root.GetProperty("trades").EnumerateArray().Select(t =>
            (t.GetProperty("buy_order").GetString(), t.GetProperty("sell_order").GetString(), t.GetProperty("price").GetDecimal(), t.GetProperty("quantity").GetInt64())).ToArray();
        Assert.Equal([("b1", "s2", 51.40m, 2000L), ("b3", "s1", 51.50m, 3000L)], trades);
        var rejected = root.GetProperty("rejected").EnumerateArray().Select(x => (x.GetProperty("order_id").GetString(), x.GetProperty("code").GetString())).ToArray();
        // 56.36 is one fen above the band from 51.23 (46.11–56.35); 12:00 is the lunch break.
        Assert.Equal([("b2", "price_outside_band"), ("b4", "market_closed")], rejected);
        // VWAP (2,000 × 51.40 + 3,000 × 51.50) / 5,000 = 51.46.
        Assert.Equal(51.46m, root.GetProperty("close").GetDecimal());
        Assert.Equal(5000, root.GetProperty("volume").GetInt64());
        Assert.Equal(257_300m, root.GetProperty("value").GetDecimal());
    }

    [Fact]
    public void Replay_without_json_prints_tables_and_the_bulletin()
    {
        var r = CliRunner.Run(["exchange", "replay", "--orders", Write(Day), "--prev-close", "51.23"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("price_outside_band", r.Stdout);
        Assert.Contains("close 51.46", r.Stdout);
        Assert.Contains("listing volume 5,000 t, value 257300.00 yuan", r.Stdout);
    }

    [Fact]
    public void Bad_rows_are_reported_by_line_and_nothing_runs()
    {
        var text = Day + "2021-07-19T10:05:00,b5,steel-d,hold,51.60,10,new\n2021-07-19T10:06:00,b6,steel-d,buy,51.605,10,new\n";
        var r = CliRunner.Run(["exchange", "replay", "--orders", Write(text), "--json"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("line 9: side 'hold' is not buy or sell", r.Stderr);
        Assert.Contains("line 10: price '51.605'", r.Stderr);
        Assert.Equal("", r.Stdout.Trim());
    }

    [Fact]
    public void Replay_needs_the_orders_file()
    {
        Assert.Equal(2, CliRunner.Run(["exchange", "replay"]).ExitCode);
        Assert.Equal(2, CliRunner.Run(["exchange", "replay", "--orders", "no-such-file.csv"]).ExitCode);
        Assert.Equal(2, CliRunner.Run(["exchange", "replay", "--orders", Write(Day), "--prev-close", "abc"]).ExitCode);
        var wide = CliRunner.Run(["exchange", "replay", "--orders", Write(Day), "--prev-close", "838861.00"]);
        Assert.Equal(2, wide.ExitCode);
        Assert.Contains("a day's order book holds at most 1,048,576", wide.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_exchange_reports_both_books_side_by_side()
    {
        var r = CliRunner.Run(["bench", "exchange", "--orders", "20000", "--durable-orders", "2000", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("orders_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("baseline_orders_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("ratio").GetDouble() > 0);
        Assert.True(root.GetProperty("p99_us").GetDouble() >= 0);
        Assert.True(root.GetProperty("durable_orders_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("decide_orders_per_s").GetDouble() > 0);
        Assert.Equal(2000, root.GetProperty("engine_orders").GetInt32());
        Assert.Equal(8, root.GetProperty("warmup_rounds").GetInt32());
        Assert.True(root.GetProperty("jit_methods_during_run").GetInt64() >= 0);
        if (File.Exists("/proc/self/io"))
            Assert.True(root.GetProperty("durable_bytes_written_per_order").GetInt64() > 0);
    }

    [Fact]
    public void Reply_waits_are_reported_as_percentiles_of_the_waits_read()
    {
        // 1,000 waits of 1..1,000 ms in shuffled order, and 5 more past the count that are not the run's.
        var tick = System.Diagnostics.Stopwatch.Frequency / 1000;
        var waits = Enumerable.Range(1, 1000).Select(ms => ms * tick).OrderBy(t => (t * 7919) % 1009).Concat(Enumerable.Repeat(999_999 * tick, 5)).ToArray();

        var ack = OpenEts.Cli.EngineBench.AckPercentiles(waits, 1000);

        Assert.Equal(new OpenEts.Cli.AckLatency(500, 990, 999), ack);
        Assert.Equal(new OpenEts.Cli.AckLatency(0, 0, 0), OpenEts.Cli.EngineBench.AckPercentiles([], 0));
        Assert.Equal(new OpenEts.Cli.AckLatency(3, 3, 3), OpenEts.Cli.EngineBench.AckPercentiles([3 * tick], 1));
    }

    [Fact]
    public void Bench_exchange_durable_reports_the_engine_alone_after_its_warm_up()
    {
        var r = CliRunner.Run(["bench", "exchange", "--durable", "--durable-orders", "2000", "--durable-window", "256", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(2000, root.GetProperty("orders").GetInt32());
        Assert.Equal(256, root.GetProperty("durable_window").GetInt32());
        Assert.True(root.GetProperty("trades").GetInt64() > 0, "the stream crosses orders, so some trade");
        Assert.True(root.GetProperty("durable_orders_per_s").GetDouble() > 0);
        Assert.Equal(8, root.GetProperty("warmup_rounds").GetInt32());
        Assert.True(root.GetProperty("jit_ms_during_run").GetDouble() >= 0);
        // A share of the run, but a stage's clock also takes in the end of the last batch after its replies went out
        // (a few ms, a visible part of so short a run): a little above 1 is possible, far above it is not.
        foreach (var stage in new[] { "sequencer_busy", "sealer_busy", "writer_busy" })
            Assert.InRange(root.GetProperty(stage).GetDouble(), 0, 1.5);
        Assert.False(root.TryGetProperty("baseline_orders_per_s", out _), "--durable measures the engine alone");
        // Every reply waited for a commit (an fsync at least), so the slowest waits are above zero, and the percentiles rise.
        var ack = root.GetProperty("durable_ack_ms");
        var (p50, p99, p999) = (ack.GetProperty("p50").GetDouble(), ack.GetProperty("p99").GetDouble(), ack.GetProperty("p999").GetDouble());
        Assert.True(0 <= p50 && p50 <= p99 && p99 <= p999 && p999 > 0, $"p50 {p50}, p99 {p99}, p99.9 {p999}");
        if (Directory.Exists("/proc/self/task"))
        {
            // CPU by group of threads, in 10 ms ticks (5 µs per order each at 2,000 orders): named groups only, each
            // positive, together no more than the process's CPU but for one tick of rounding per group.
            var groups = root.GetProperty("durable_cpu_us_per_order_by_thread").EnumerateObject().ToList();
            Assert.NotEmpty(groups);
            Assert.All(groups, g => Assert.Contains(g.Name, new[] { "sequencer", "sealer", "writer", "checkpointer", "jit", "collector", "other" }));
            Assert.All(groups, g => Assert.True(g.Value.GetDouble() > 0, g.Name));
            Assert.True(groups.Sum(g => g.Value.GetDouble()) <= root.GetProperty("durable_cpu_us_per_order").GetDouble() + 7 * 5.01);
        }
    }
}
