// The exchange module's commands on the CLI: replay a day of orders, halt and resume trading (ExchangeHaltCli), and benchmark the matching engine
// (the book alone, and orders through the engine with the registry, in memory and durable on SQLite).
using System.ComponentModel;
using System.Diagnostics;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Journal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers the exchange module's CLI commands.</summary>
public static class ExchangeCli
{
    /// <summary>Adds the module's commands.</summary>
    public static void Register(IConfigurator config)
    {
        config.AddBranch("exchange", b =>
        {
            b.SetDescription("Exchange: listing trading, block trades, auctions, settlement and market data.");
            b.AddCommand<ExchangeReplayCommand>("replay")
                .WithDescription("Run a day of orders (CSV) on a fresh market; print trades, rejections and the day's figures.")
                .WithExample("exchange", "replay", "--orders", "day.csv", "--prev-close", "51.23");
            ExchangeHaltCli.Register(b);
            PositionLimitCli.Register(b);
        });
    }

    /// <summary>Adds the module's benchmarks under "bench".</summary>
    public static void RegisterBench(IConfigurator<CommandSettings> bench)
    {
        bench.AddCommand<ExchangeBenchCommand>("exchange")
            .WithDescription("In-memory matching throughput and latency of the order book, side by side with the naive book.");
    }
}

/// <summary>Options of <c>exchange replay</c>.</summary>
public sealed class ExchangeReplaySettings : CommandSettings
{
    /// <summary>The order file.</summary>
    [CommandOption("--orders <FILE>")]
    [Description("CSV with time,order_id,account,side,price,quantity,action (optional units,cash).")]
    public string? Orders { get; init; }

    /// <summary>The previous close in yuan.</summary>
    [CommandOption("--prev-close <PRICE>")]
    [Description("Previous closing price in yuan (sets the ±10% band). Default: the first order's price.")]
    public string? PrevClose { get; init; }
}

/// <summary><c>exchange replay --orders FILE.csv [--prev-close P] [--json]</c>.</summary>
public sealed class ExchangeReplayCommand : Command<ExchangeReplaySettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ExchangeReplaySettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Orders))
            throw CliException.BadInput("--orders FILE.csv is required.");
        long? prevClose = null;
        if (settings.PrevClose is not null)
        {
            if (!Fen.TryParseYuan(settings.PrevClose, out var pc) || pc.Value is <= 0 or > OrderFile.MaxPriceFen)
                throw CliException.BadInput($"--prev-close '{settings.PrevClose}' is not a yuan price above 0 and at most {OrderFile.MaxPriceFen / 100m:N2}, with at most 2 decimals.");
            prevClose = pc.Value;
        }
        if (!File.Exists(settings.Orders))
            throw CliException.BadInput($"The order file {settings.Orders} does not exist.");
        var rules = TradingRulebook.National;
        var (rows, errors) = OrderFile.Parse(File.ReadAllText(settings.Orders), rules.UtcOffset);
        if (errors.Count > 0)
        {
            foreach (var e in errors.Take(50))
                Console.Error.WriteLine($"line {e.Line}: {e.Reason}");
            if (errors.Count > 50)
                Console.Error.WriteLine($"... and {errors.Count - 50} more bad rows");
            throw CliException.BadInput($"{errors.Count} bad row(s) in {settings.Orders}; nothing was run.");
        }
        if (prevClose is null && !rows.Any(r => r.Action == OrderAction.New))
            throw CliException.BadInput($"{settings.Orders} holds no new order to set the day's reference price; give --prev-close.");
        if (rules.BandTooWide(prevClose ?? rows.First(r => r.Action == OrderAction.New).PriceFen) is { } tooWide)
            throw CliException.BadInput(tooWide + (prevClose is null ? " (the reference price is the file's first new order's)" : ""));
        var result = DayReplay.Run(rules, rows, prevClose);
        if (GlobalOptions.Current.Json)
            WriteJson(result);
        else
            WriteTables(result);
        return ExitCodes.Ok;
    }

    private static decimal Yuan(long fen) => fen / 100m;

    private static decimal? Yuan(long? fen) => fen is null ? null : fen.Value / 100m;

    private static void WriteJson(ReplayResult r)
    {
        var s = r.Statistics;
        JsonOut.Write(new
        {
            TradingDay = r.TradingDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            PreviousClose = Yuan(r.PreviousCloseFen),
            BandLow = Yuan(r.Band.LowFen),
            BandHigh = Yuan(r.Band.HighFen),
            Trades = r.Trades.Select(t => new { t.BuyOrder, t.SellOrder, Price = Yuan(t.PriceFen), Quantity = t.QuantityT, Time = t.Time.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), t.Buyer, t.Seller }),
            Rejected = r.Rejected.Select(x => new { x.Line, x.OrderId, x.Account, x.Code, x.Message }),
            Open = Yuan(s.OpenFen),
            High = Yuan(s.HighFen),
            Low = Yuan(s.LowFen),
            Close = Yuan(s.CloseFen),
            Volume = s.VolumeT,
            Value = Yuan(s.ValueFen),
            SettlementBalances = r.Settlement.Balances,
        });
    }

    private static void WriteTables(ReplayResult r)
    {
        var s = r.Statistics;
        AnsiConsole.MarkupLineInterpolated($"[bold]{r.TradingDay:yyyy-MM-dd}[/]  previous close {Yuan(r.PreviousCloseFen):0.00}, band {Yuan(r.Band.LowFen):0.00}–{Yuan(r.Band.HighFen):0.00}");
        var trades = new Table().AddColumns("buy order", "sell order", "price", "quantity (t)", "time");
        foreach (var t in r.Trades)
            trades.AddRow(Markup.Escape(t.BuyOrder), Markup.Escape(t.SellOrder), Yuan(t.PriceFen).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), t.QuantityT.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), t.Time.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        AnsiConsole.Write(trades.Title($"trades ({r.Trades.Count})"));
        var rejected = new Table().AddColumns("line", "order", "code", "why");
        foreach (var x in r.Rejected)
            rejected.AddRow(x.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(x.OrderId), x.Code, Markup.Escape(x.Message));
        AnsiConsole.Write(rejected.Title($"rejected ({r.Rejected.Count})"));
        foreach (var line in Bulletin.Lines(s, new Cumulative(s.VolumeT, s.ValueFen)))
            Console.Out.WriteLine(line);
        Console.Out.WriteLine($"volume {s.VolumeT:N0} t, value {Yuan(s.ValueFen):0.00} yuan; settlement {(r.Settlement.Balances ? "balances" : "DOES NOT BALANCE")}");
    }
}

/// <summary>Options of <c>bench exchange</c>.</summary>
public sealed class ExchangeBenchSettings : CommandSettings
{
    /// <summary>Operations per measured run.</summary>
    [CommandOption("--orders <N>")]
    [Description("Operations per run (default 1,000,000).")]
    public int Orders { get; init; } = 1_000_000;

    /// <summary>The stream's seed.</summary>
    [CommandOption("--seed <SEED>")]
    [Description("Seed of the order stream (default 42): the same seed replays the same stream.")]
    public ulong Seed { get; init; } = 42;

    /// <summary>Orders through the engine and journal.</summary>
    [CommandOption("--durable-orders <N>")]
    [Description("Orders and cancels sent through the engine with the registry, durable on SQLite (default 1,000,000: a sustained rate, past a fresh journal's start).")]
    public int DurableOrders { get; init; } = 1_000_000;

    /// <summary>Orders a gateway keeps unacknowledged at most.</summary>
    [CommandOption("--durable-window <N>")]
    [Description("Orders the gateway keeps sent and not yet acknowledged, at most (default 8,192).")]
    public int DurableWindow { get; init; } = EngineBench.DefaultWindow;

    /// <summary>Only the engine figures.</summary>
    [CommandOption("--durable")]
    [Description("Measure only the engine path: in memory (decide) and durable (SQLite journal), side by side.")]
    public bool DurableOnly { get; init; }
}

/// <summary><c>bench exchange [--json]</c>: the fast book and the naive book on the same seeded stream.</summary>
public sealed class ExchangeBenchCommand : Command<ExchangeBenchSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ExchangeBenchSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Orders is < 1_000 or > 20_000_000)
            throw CliException.BadInput("--orders must be between 1,000 and 20,000,000.");
        if (settings.DurableOrders is < 1_000 or > 2_000_000)
            throw CliException.BadInput("--durable-orders must be between 1,000 and 2,000,000.");
        if (settings.DurableWindow is < 1 or > 1_000_000)
            throw CliException.BadInput("--durable-window must be between 1 and 1,000,000.");
        if (settings.DurableOnly)
            return EngineBench.Report(EngineBench.Run(settings.DurableOrders, settings.Seed, settings.DurableWindow));
        var band = TradingRulebook.National.ListingBand(51_23);
        var ops = OrderFlow.Generate(settings.Seed, settings.Orders, 51_23, band);
        var warm = OrderFlow.Generate(settings.Seed + 1, Math.Min(200_000, settings.Orders), 51_23, band);

        // Warm both books (JIT, tiering), then measure throughput without per-operation timing.
        Throughput(() => new OrderBook(band), warm, out _, out _);
        Throughput(() => new ReferenceOrderBook(), warm, out _, out _);
        var fast = Best(3, () => Throughput(() => new OrderBook(band), ops, out _, out _));
        var naive = Best(2, () => Throughput(() => new ReferenceOrderBook(), ops, out _, out _));
        Throughput(() => new OrderBook(band), ops, out var fills, out var allocated);
        var latency = Latency(new OrderBook(band), ops);
        var naiveLatency = Latency(new ReferenceOrderBook(), ops);
        var engine = EngineBench.Run(settings.DurableOrders, settings.Seed, settings.DurableWindow);

        var result = new
        {
            Orders = ops.Length,
            Seed = settings.Seed,
            Fills = fills,
            OrdersPerS = Math.Round(fast),
            BaselineOrdersPerS = Math.Round(naive),
            Ratio = Math.Round(fast / naive, 2),
            P50Us = latency.P50,
            P99Us = latency.P99,
            P999Us = latency.P999,
            BaselineP99Us = naiveLatency.P99,
            AllocatedBytesPerOrder = Math.Round((double)allocated / ops.Length, 3),
            EngineOrders = engine.Orders,
            DecideOrdersPerS = engine.DecideOrdersPerS,
            DurableOrdersPerS = engine.DurableOrdersPerS,
            DurableTradesPerS = engine.DurableTradesPerS,
            DurableBatches = engine.Batches,
            DurableCpuUsPerOrder = engine.DurableCpuUsPerOrder,
            DurableBytesAllocatedPerOrder = engine.DurableBytesAllocatedPerOrder,
            DurableBytesWrittenPerOrder = engine.DurableBytesWrittenPerOrder,
            engine.DurableWindow,
            engine.DurableAckMs,
            engine.WarmupRounds,
            engine.JitMethodsDuringRun,
            engine.JitMsDuringRun,
        };
        if (GlobalOptions.Current.Json)
            JsonOut.Write(result);
        else
        {
            var t = new Table().AddColumns("", "fast OrderBook", "naive ReferenceOrderBook");
            t.AddRow("orders/s", $"{fast:N0}", $"{naive:N0}");
            t.AddRow("p50 µs", $"{latency.P50}", $"{naiveLatency.P50}");
            t.AddRow("p99 µs", $"{latency.P99}", $"{naiveLatency.P99}");
            t.AddRow("p99.9 µs", $"{latency.P999}", $"{naiveLatency.P999}");
            AnsiConsole.Write(t.Title($"{ops.Length:N0} operations (seed {settings.Seed}): adds, cancels, crossing orders; {fills:N0} fills"));
            Console.Out.WriteLine($"ratio {fast / naive:0.00}x; allocated {result.AllocatedBytesPerOrder} bytes/order on the fast path.");
            EngineBench.Print(engine);
        }
        return ExitCodes.Ok;
    }

    private static double Best(int runs, Func<double> run)
    {
        var best = 0.0;
        for (var i = 0; i < runs; i++)
            best = Math.Max(best, run());
        return best;
    }

    private static double Throughput(Func<IOrderBook> create, BookOp[] ops, out long fills, out long allocatedBytes)
    {
        var book = create();
        var sink = new CountingFillSink();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        OrderFlow.Run(book, ops, sink);
        var elapsed = Stopwatch.GetElapsedTime(start);
        allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        fills = sink.Fills;
        return ops.Length / elapsed.TotalSeconds;
    }

    private static (double P50, double P99, double P999) Latency(IOrderBook book, BookOp[] ops)
    {
        var sink = new CountingFillSink();
        var ticks = new long[ops.Length];
        for (var i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            var t0 = Stopwatch.GetTimestamp();
            if (op.Kind == BookOpKind.Add)
                book.Submit(op.OrderId, op.Side, op.PriceFen, op.QuantityT, sink);
            else
                book.Cancel(op.OrderId, out _);
            ticks[i] = Stopwatch.GetTimestamp() - t0;
        }
        Array.Sort(ticks);
        double Us(double q) => Math.Round(ticks[Math.Min(ticks.Length - 1, (int)(q * ticks.Length))] * 1_000_000.0 / Stopwatch.Frequency, 2);
        return (Us(0.50), Us(0.99), Us(0.999));
    }
}

/// <summary>Figures of one engine run: orders decided per second in memory and durably, trades per second.</summary>
public sealed record EngineBenchResult(int Orders, int Members, long Trades, long Rejected, double DecideOrdersPerS, double DurableOrdersPerS, double DurableTradesPerS, long Batches,
    double DurableCpuUsPerOrder, long DurableBytesAllocatedPerOrder, long? DurableBytesWrittenPerOrder)
{
    /// <summary>Orders the gateway kept unacknowledged at most.</summary>
    public int DurableWindow { get; init; }

    /// <summary>Gen-0 collections during the durable run (gen-1 ones included).</summary>
    public int DurableGen0Collections { get; init; }

    /// <summary>Gen-1 collections during the durable run.</summary>
    public int DurableGen1Collections { get; init; }

    /// <summary>Time the collector paused the process during the durable run, ms.</summary>
    public double DurableGcPauseMs { get; init; }

    /// <summary>Share of the durable run the sequencer spent deciding commands (the bound when it nears 1).</summary>
    public double SequencerBusy { get; init; }

    /// <summary>Share of the durable run the sealer spent encoding and hashing batches.</summary>
    public double SealerBusy { get; init; }

    /// <summary>Share of the durable run the journal writer spent committing batches and answering their commands.</summary>
    public double WriterBusy { get; init; }

    /// <summary>
    /// CPU µs per order of the durable run by group of threads (sequencer, sealer, writer, checkpointer, jit, collector,
    /// other: the gateway and pool threads), from /proc; null where it is not there. Counted in 10 ms ticks.
    /// </summary>
    public SortedDictionary<string, double>? DurableCpuUsPerOrderByThread { get; init; }

    /// <summary>
    /// How long the gateway waited for each reply, from sending the order to reading its durable outcome, as percentiles
    /// (ms): with a full window, about the window divided by the throughput (Little's law), so a wider window buys
    /// throughput with waiting.
    /// </summary>
    public AckLatency? DurableAckMs { get; init; }

    /// <summary>Whether the process ran the server collector (a heap per core; the openets script chooses it for bench).</summary>
    public bool GcServer { get; init; } = System.Runtime.GCSettings.IsServerGC;

    /// <summary>Warm-up rounds run before the measured one.</summary>
    public int WarmupRounds { get; init; }

    /// <summary>Methods the JIT compiled (or recompiled at a higher tier) during the timed part of the measured run.</summary>
    public long JitMethodsDuringRun { get; init; }

    /// <summary>Time the JIT spent compiling during the timed part of the measured run, on all threads, ms.</summary>
    public double JitMsDuringRun { get; init; }
}

/// <summary>Percentiles of the time from sending an order to reading its durable outcome, ms.</summary>
public sealed record AckLatency(double P50, double P99, double P999);

/// <summary>Measures orders through the engine, in memory and on SQLite.</summary>
public static class EngineBench
{
    private const int Members = 64;

    /// <summary>Orders submitted and not yet acknowledged at most, as a gateway keeps it bounded, unless told otherwise.</summary>
    public const int DefaultWindow = 8_192;

    /// <summary>Orders of each warm-up round (another seed each), not measured.</summary>
    public const int WarmupOrders = 50_000;

    /// <summary>
    /// Warm-up rounds before the measured run. Each compiles hundreds of methods more (tiering up, and a fresh market's
    /// serializers); after eight the measured run's JIT work is a few percent of it, and the result reports how much.
    /// </summary>
    public const int WarmupRounds = 8;

    /// <summary>
    /// Runs <paramref name="count"/> operations of the seeded stream through the engine, after <see cref="WarmupRounds"/>
    /// warm-up rounds on other seeds (so the measured run sees compiled, tiered code, as an exchange that has run for
    /// hours does, and not the compiler at work).
    /// </summary>
    public static EngineBenchResult Run(int count, ulong seed, int window = DefaultWindow)
    {
        for (var round = 1; round <= WarmupRounds; round++)
            RunOnce(Math.Min(count, WarmupOrders), seed + (ulong)round, window);
        return RunOnce(count, seed, window) with { WarmupRounds = WarmupRounds };
    }

    private static EngineBenchResult RunOnce(int count, ulong seed, int window)
    {
        var rules = TradingRulebook.National;
        var ops = OrderFlow.Generate(seed, count, 51_23, rules.ListingBand(51_23));
        var setup = EngineOrderFlow.Setup(Members, 51_23);
        var orders = EngineOrderFlow.Orders(ops, Members);
        // Sized for the run's orders, as a market sized for its expected day (serve --expected-orders).
        var catalog = new ModuleCatalog(new RegistryModule(), new ExchangeModule(rules) { ExpectedOrdersPerDay = orders.Length });

        var world = catalog.CreateWorld();
        foreach (var c in setup)
            Invariant.Assert(DecisionContext.Decide(world, c).Accepted, $"bench setup step {c.CommandId} is accepted");
        var start = Stopwatch.GetTimestamp();
        foreach (var c in orders)
            DecisionContext.Decide(world, c);
        var decide = orders.Length / Stopwatch.GetElapsedTime(start).TotalSeconds;

        var dir = Directory.CreateTempSubdirectory("openets-bench-exchange-");
        try
        {
            // Sized for the run's commands, as a market sized for its expected day (serve --expected-commands).
            using var engine = Engine.Open(JournalFactory.Open(Path.Combine(dir.FullName, "bench.db")), catalog,
                new EngineOptions { ExpectedCommands = setup.Count + orders.Length });
            foreach (var c in setup)
                Invariant.Assert(engine.SubmitAsync(c).GetAwaiter().GetResult().Accepted, $"bench setup step {c.CommandId} is accepted");
            var batchesBefore = engine.BatchesCommitted;
            var (sequenceBefore, sealBefore, writerBefore) = (engine.SequenceTime, engine.SealTime, engine.WriterTime);
            // One gateway submits the stream in order (so every run decides the same sequence), with at most
            // window orders unacknowledged; like a gateway, it reads each reply once and keeps only the counts.
            var inFlight = new Task<Outcome>[Math.Min(window, orders.Length)];
            // When each order in flight was sent, and how long each waited for its reply as the gateway saw it: the
            // gateway reads replies in order, so one found answered already had it by then (its batch's commit came
            // earlier) and counts the time until the gateway looked, as a gateway that reads its socket in turn would.
            // Made before the run, as the stream is, so what the run allocates is the engine's.
            var sentAt = new long[inFlight.Length];
            var waited = new long[orders.Length];
            var answered = 0;
            // The stream and these were built before the run: settle them into the oldest generation now, so the run's
            // collections see only what the engine allocates and keeps.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var threadsBefore = ThreadCpu.Read();
            // What the JIT compiles from here to the end of the timed run (not the market's setup before it).
            var (methods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            var meter = RunCost.Start();
            start = Stopwatch.GetTimestamp();
            long trades = 0, rejected = 0;
            void Tally(Outcome o, long sent)
            {
                waited[answered++] = Stopwatch.GetTimestamp() - sent;
                if (!o.Accepted)
                    rejected++;
                var events = o.Events;
                for (var k = 0; k < events.Count; k++)  // by index: a foreach over the interface boxes an enumerator per reply
                {
                    if (events[k] is TradeExecuted)
                        trades++;
                }
            }
            for (var i = 0; i < orders.Length; i++)
            {
                var at = i % inFlight.Length;
                ref var slot = ref inFlight[at];
                if (slot is not null)
                    Tally(slot.GetAwaiter().GetResult(), sentAt[at]);
                sentAt[at] = Stopwatch.GetTimestamp();
                slot = engine.SubmitAsync(orders[i]);
            }
            for (var i = orders.Length; i < orders.Length + inFlight.Length; i++)
            {
                var at = i % inFlight.Length;
                var slot = inFlight[at];
                if (slot is not null)
                    Tally(slot.GetAwaiter().GetResult(), sentAt[at]);
            }
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var cost = meter.Stop();
            var threadsAfter = ThreadCpu.Read();
            var (jitMethods, jitMs) = (System.Runtime.JitInfo.GetCompiledMethodCount() - methods,
                Math.Round((System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds));
            return new EngineBenchResult(orders.Length, Members, trades, rejected, Math.Round(decide), Math.Round(orders.Length / elapsed),
                Math.Round(trades / elapsed), engine.BatchesCommitted - batchesBefore, Math.Round(cost.CpuMicros / orders.Length, 2), cost.Bytes / orders.Length,
                cost.BytesWritten / orders.Length)
            {
                DurableWindow = window,
                DurableGen0Collections = cost.Gen0,
                DurableGen1Collections = cost.Gen1,
                DurableGcPauseMs = Math.Round(cost.GcPause.TotalMilliseconds),
                SequencerBusy = Math.Round((engine.SequenceTime - sequenceBefore).TotalSeconds / elapsed, 2),
                SealerBusy = Math.Round((engine.SealTime - sealBefore).TotalSeconds / elapsed, 2),
                WriterBusy = Math.Round((engine.WriterTime - writerBefore).TotalSeconds / elapsed, 2),
                DurableCpuUsPerOrderByThread = ThreadCpu.PerUnit(threadsBefore, threadsAfter, orders.Length),
                DurableAckMs = AckPercentiles(waited, answered),
                JitMethodsDuringRun = jitMethods,
                JitMsDuringRun = jitMs,
            };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The 50th, 99th and 99.9th percentiles (nearest rank: the smallest wait that many of the waits do not exceed) of the
    /// first <paramref name="count"/> waits (Stopwatch ticks), in ms; sorts them in place.
    /// </summary>
    public static AckLatency AckPercentiles(long[] ticks, int count)
    {
        if (count == 0)
            return new AckLatency(0, 0, 0);
        Array.Sort(ticks, 0, count);
        double Ms(double q) => Math.Round(ticks[Math.Clamp((int)Math.Ceiling(q * count) - 1, 0, count - 1)] * 1000.0 / Stopwatch.Frequency, 2);
        return new AckLatency(Ms(0.50), Ms(0.99), Ms(0.999));
    }

    /// <summary>Prints the engine figures as a table.</summary>
    public static void Print(EngineBenchResult r)
    {
        var t = new Table().AddColumns("", "engine in memory (decide)", "engine + SQLite journal (durable)");
        t.AddRow("orders/s", $"{r.DecideOrdersPerS:N0}", $"{r.DurableOrdersPerS:N0}");
        t.AddRow("trades/s", "", $"{r.DurableTradesPerS:N0}");
        t.AddRow("CPU per order (all threads)", "", $"{r.DurableCpuUsPerOrder} µs");
        t.AddRow("bytes allocated per order", "", $"{r.DurableBytesAllocatedPerOrder:N0}");
        t.AddRow("bytes written per order (journal, WAL and checkpoint)", "", $"{r.DurableBytesWrittenPerOrder:N0}");
        t.AddRow("collections (gen 0 / gen 1), pauses", "", $"{r.DurableGen0Collections:N0} / {r.DurableGen1Collections:N0}, {r.DurableGcPauseMs:N0} ms");
        t.AddRow("busy: sequencer / sealer / journal writer", "", $"{r.SequencerBusy:P0} / {r.SealerBusy:P0} / {r.WriterBusy:P0}");
        if (r.DurableAckMs is { } ack)
            t.AddRow($"reply waited p50 / p99 / p99.9 ({r.DurableWindow:N0} in flight)", "", $"{ack.P50} / {ack.P99} / {ack.P999} ms");
        if (r.DurableCpuUsPerOrderByThread is { } byThread)
            t.AddRow("CPU per order by thread (µs)", "", string.Join(", ", byThread.Select(g => $"{g.Key} {g.Value}")));
        t.AddRow("JIT during the timed run (after warm-up rounds)", "", $"{r.JitMethodsDuringRun:N0} methods, {r.JitMsDuringRun:N0} ms ({r.WarmupRounds} rounds)");
        AnsiConsole.Write(t.Title($"{r.Orders:N0} orders and cancels of {r.Members} members, settled in the registry: {r.Trades:N0} trades, {r.Rejected:N0} rejected, {r.Batches:N0} durable batches"));
    }

    /// <summary>Writes the engine figures alone (JSON or table); returns the exit code.</summary>
    public static int Report(EngineBenchResult r)
    {
        if (GlobalOptions.Current.Json)
            JsonOut.Write(r);
        else
            Print(r);
        return ExitCodes.Ok;
    }
}
