// openets bench ledger: the engine's durable transfer throughput (group commit) against the usual
// design of a registry — one SQL transaction per transfer that checks and updates two balance rows —
// side by side in one run, on SQLite (default) or PostgreSQL (--db postgres://...).
using System.ComponentModel;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Settings of bench ledger.</summary>
public sealed class BenchLedgerSettings : CommandSettings
{
    /// <summary>Transfers through the engine.</summary>
    [CommandOption("--transfers <N>")]
    [DefaultValue(300_000)]
    public int Transfers { get; init; } = 300_000;

    /// <summary>Seconds the baseline runs.</summary>
    [CommandOption("--baseline-seconds <S>")]
    [DefaultValue(5)]
    public int BaselineSeconds { get; init; } = 5;

    /// <summary>Concurrent clients, each submitting its next transfer once the last one is acknowledged.</summary>
    [CommandOption("--clients <N>")]
    [DefaultValue(4_096)]
    public int Clients { get; init; } = 4_096;

    /// <summary>Transfers sent first and not measured, so the measured run sees compiled, warmed-up code.</summary>
    [CommandOption("--warmup <N>")]
    [DefaultValue(50_000)]
    public int Warmup { get; init; } = 50_000;

    /// <summary>Accounts transfers move between.</summary>
    [CommandOption("--accounts <N>")]
    [DefaultValue(1_000)]
    public int Accounts { get; init; } = 1_000;
}

/// <summary>openets bench ledger.</summary>
public sealed class BenchLedgerCommand : AsyncCommand<BenchLedgerSettings>
{
    private const long Funding = 1_000_000;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, BenchLedgerSettings s, CancellationToken cancellationToken)
    {
        if (s.Transfers is < 1_000 or > 20_000_000 || s.Warmup is < 0 or > 20_000_000 || s.Accounts is < 2 or > 100_000 || s.BaselineSeconds is < 1 or > 600 || s.Clients is < 1 or > 100_000)
            throw CliException.BadInput("--transfers 1,000–20,000,000, --warmup 0–20,000,000, --accounts 2–100,000, --clients 1–100,000, --baseline-seconds 1–600.");
        var given = GlobalOptions.Current.Db;
        var postgres = given is not null && JournalFactory.IsPostgres(given);
        string? temp = null;
        var db = given ?? Path.Combine(temp = Directory.CreateTempSubdirectory("openets-bench-").FullName, "bench.db");
        try
        {
            var (engineTps, batches, accepted, cost) = await RunEngine(db, s);
            var baselineDb = postgres ? db : Path.ChangeExtension(db, ".baseline.db");
            var (baselineTps, baselineCount, workers) = RunBaseline(postgres, baselineDb, s);
            var ratio = engineTps / baselineTps;
            var result = new
            {
                database = postgres ? "postgresql" : "sqlite",
                transfers = s.Transfers,
                warmup_transfers = s.Warmup,
                clients = s.Clients,
                accepted,
                engine_tps = Math.Round(engineTps),
                engine_batches = batches,
                avg_batch = Math.Round((double)s.Transfers / Math.Max(1, batches), 1),
                engine_cpu_us_per_transfer = Math.Round(cost.CpuMicros / s.Transfers, 2),
                engine_bytes_allocated_per_transfer = cost.Bytes / s.Transfers,
                engine_gen0_collections = cost.Gen0,
                engine_gen1_collections = cost.Gen1,
                engine_gc_pause_ms = Math.Round(cost.GcPause.TotalMilliseconds),
                engine_lock_contentions = cost.LockContentions,
                // What goes to PostgreSQL leaves through a socket, which the count of written bytes does not include.
                engine_bytes_written_per_transfer = postgres ? null : cost.BytesWritten / s.Transfers,
                sequencer_busy = Math.Round(cost.SequencerBusy, 2),
                writer_busy_committing = Math.Round(cost.WriterBusy, 2),
                baseline_tps = Math.Round(baselineTps),
                baseline_transfers = baselineCount,
                baseline_workers = workers,
                ratio = Math.Round(ratio, 1),
                engine_database = given is null ? null : "left in the given --db for 'openets verify'",
            };
            if (GlobalOptions.Current.Json)
            {
                JsonOut.Write(result);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumn("design").AddColumn("transfers", c => c.RightAligned()).AddColumn("durable transfers/s", c => c.RightAligned());
            table.AddRow($"engine: one writer, group commit ({s.Clients:N0} clients)", s.Transfers.ToString("N0"), engineTps.ToString("N0"));
            table.AddRow($"baseline: one SQL transaction per transfer ({workers} connection(s))", baselineCount.ToString("N0"), baselineTps.ToString("N0"));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"[bold]{ratio:N1}×[/] on {result.database}; {batches:N0} batches, {result.avg_batch} transfers per commit.");
            AnsiConsole.MarkupLineInterpolated($"engine cost: {result.engine_cpu_us_per_transfer} µs of CPU and {result.engine_bytes_allocated_per_transfer:N0} bytes allocated per transfer (all threads), {cost.Gen0:N0} gen-0 collections, {result.engine_bytes_written_per_transfer:N0} bytes written per transfer.");
            return ExitCodes.Ok;
        }
        finally
        {
            if (temp is not null)
                Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task<(double Tps, long Batches, long Accepted, RunCost Cost)> RunEngine(string db, BenchLedgerSettings s)
    {
        await using var engine = Engine.Open(JournalFactory.Open(db), MarketHost.Catalog, new EngineOptions { MaxBatch = 8192 });
        var time = new DateTimeOffset(2024, 7, 16, 2, 0, 0, TimeSpan.Zero);
        var run = Guid.NewGuid().ToString("N")[..8];
        var steps = MarketSetup.National().ToList();
        steps.Add(new SetupStep($"bench:{run}:issue", MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", s.Accounts * Funding)));
        await MarketHost.Setup(engine, steps, time);
        var setup = new List<Task<Outcome>>();
        for (var i = 0; i < s.Accounts; i++)
        {
            setup.Add(engine.SubmitAsync(new CommandEnvelope($"bench:{run}:open:{i}", MarketSetup.RegistryOperator, time,
                new OpenAccount($"B{run}-{i}", "cn", $"holder-{i}", AccountKind.Investor))));
            setup.Add(engine.SubmitAsync(new CommandEnvelope($"bench:{run}:fund:{i}", MarketSetup.Regulator, time,
                new Transfer("cn-ISSUANCE", $"B{run}-{i}", "CEA21", Funding))));
        }
        await Task.WhenAll(setup);
        var random = new Random(42);
        CommandEnvelope[] Transfers(int count)
        {
            var commands = new CommandEnvelope[count];
            for (var k = 0; k < commands.Length; k++)
            {
                var from = random.Next(s.Accounts);
                var to = (from + 1 + random.Next(s.Accounts - 1)) % s.Accounts;
                // Random ids, as API clients choose them: the journal must not care in what order ids arrive.
                commands[k] = new CommandEnvelope(Guid.NewGuid().ToString(), MarketSetup.RegistryOperator, time,
                    new Transfer($"B{run}-{from}", $"B{run}-{to}", "CEA21", random.Next(1, 100)));
            }
            return commands;
        }
        var warmup = Transfers(s.Warmup);
        var measured = Transfers(s.Transfers);
        long accepted = 0;
        await Progress.Stderr.Progress().AutoClear(true).HideCompleted(true).StartAsync(async p =>
            await Send(engine, warmup, s.Clients, p.AddTask("warm-up transfers (not measured)", maxValue: Math.Max(1, warmup.Length))));
        var batchesBefore = engine.BatchesCommitted;
        var commitBefore = engine.CommitTime;
        var sequenceBefore = engine.SequenceTime;
        var meter = RunCost.Start();
        var clock = Stopwatch.StartNew();
        await Progress.Stderr.Progress().AutoClear(true).HideCompleted(true).StartAsync(async p =>
            accepted = await Send(engine, measured, s.Clients, p.AddTask("engine transfers", maxValue: measured.Length)));
        clock.Stop();
        return (measured.Length / clock.Elapsed.TotalSeconds, engine.BatchesCommitted - batchesBefore, accepted, meter.Stop() with
        {
            SequencerBusy = (engine.SequenceTime - sequenceBefore) / clock.Elapsed,
            WriterBusy = (engine.CommitTime - commitBefore) / clock.Elapsed,
        });
    }

    /// <summary>Sends the commands from <paramref name="clients"/> concurrent clients; returns how many were accepted.</summary>
    private static async Task<long> Send(Engine engine, CommandEnvelope[] commands, int clients, ProgressTask bar)
    {
        var next = -1;
        long accepted = 0;
        // Each client waits for its acknowledgement before sending the next transfer, as API clients do.
        async Task Client()
        {
            for (var k = Interlocked.Increment(ref next); k < commands.Length; k = Interlocked.Increment(ref next))
            {
                if ((await engine.SubmitAsync(commands[k]).ConfigureAwait(false)).Accepted)
                    Interlocked.Increment(ref accepted);
                if ((k & 0xFFFF) == 0)
                    bar.Value = k;
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(Client)));
        bar.Value = bar.MaxValue;
        return Interlocked.Read(ref accepted);
    }

    private static (double Tps, long Count, int Workers) RunBaseline(bool postgres, string db, BenchLedgerSettings s)
    {
        // SQLite takes one writer at a time, so the usual design runs one connection; PostgreSQL gets eight.
        var workers = postgres ? 8 : 1;
        var schema = "openets_bench_baseline";
        Func<DbConnection> connect = postgres
            ? () => new NpgsqlConnection(PostgresUri.IsUri(db) ? PostgresUri.ToConnectionString(db) : db)
            : () => new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        var table = postgres ? $"{schema}.balances" : "balances";
        var log = postgres ? $"{schema}.transfers" : "transfers";
        using (var c = connect())
        {
            c.Open();
            if (postgres)
                Exec(c, $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};");
            else
                Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            Exec(c, $"CREATE TABLE {table} (account TEXT PRIMARY KEY, held BIGINT NOT NULL CHECK (held >= 0))");
            Exec(c, $"CREATE TABLE {log} (id BIGINT PRIMARY KEY, from_account TEXT NOT NULL, to_account TEXT NOT NULL, quantity BIGINT NOT NULL)");
            using var tx = c.BeginTransaction();
            for (var i = 0; i < s.Accounts; i++)
                Exec(c, $"INSERT INTO {table} VALUES ('B{i}', {Funding})", tx);
            tx.Commit();
        }
        long count = 0;
        var deadline = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(s.BaselineSeconds);
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            var random = new Random(w);
            using var c = connect();
            c.Open();
            if (!postgres)
                Exec(c, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
            var lockRow = postgres ? " FOR UPDATE" : "";
            while (deadline.Elapsed < limit)
            {
                var from = random.Next(s.Accounts);
                var to = (from + 1 + random.Next(s.Accounts - 1)) % s.Accounts;
                var quantity = random.Next(1, 100);
                var id = Interlocked.Increment(ref count);
                using var tx = c.BeginTransaction();
                var held = (long)Scalar(c, tx, $"SELECT held FROM {table} WHERE account = @a{lockRow}", ("a", $"B{from}"))!;
                if (held < quantity)
                {
                    tx.Rollback();
                    continue;
                }
                NonQuery(c, tx, $"UPDATE {table} SET held = held - @q WHERE account = @a", ("q", quantity), ("a", $"B{from}"));
                NonQuery(c, tx, $"UPDATE {table} SET held = held + @q WHERE account = @a", ("q", quantity), ("a", $"B{to}"));
                NonQuery(c, tx, $"INSERT INTO {log} VALUES (@i, @f, @t, @q)", ("i", id), ("f", $"B{from}"), ("t", $"B{to}"), ("q", quantity));
                tx.Commit();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var seconds = deadline.Elapsed.TotalSeconds;
        using (var c = connect())
        {
            c.Open();
            count = Convert.ToInt64(Scalar(c, null, $"SELECT COUNT(*) FROM {log}"), System.Globalization.CultureInfo.InvariantCulture);
            if (postgres)
                Exec(c, $"DROP SCHEMA {schema} CASCADE");
        }
        if (!postgres)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", "-lock" })
                File.Delete(db + suffix);
        }
        return (count / seconds, count, workers);
    }

    private static void Exec(DbConnection c, string sql, DbTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(DbConnection c, DbTransaction? tx, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        return cmd.ExecuteScalar();
    }

    private static void NonQuery(DbConnection c, DbTransaction tx, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        cmd.ExecuteNonQuery();
    }

    private static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, (string Name, object Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}

/// <summary>
/// What a measured run cost the whole process: CPU time of all threads, bytes allocated and gen-0
/// collections. Unlike throughput, these barely move when other work shares the machine.
/// </summary>
internal readonly record struct RunCost(double CpuMicros, long Bytes, int Gen0, long? BytesWritten)
{
    /// <summary>Gen-1 collections (each also collects gen 0).</summary>
    public int Gen1 { get; init; }

    /// <summary>Time the collector paused the process.</summary>
    public TimeSpan GcPause { get; init; }

    /// <summary>Times a thread found a lock taken and had to wait or spin for it.</summary>
    public long LockContentions { get; init; }

    /// <summary>Share of the run the sequencer spent deciding (the rest it waited for commands).</summary>
    public double SequencerBusy { get; init; }

    /// <summary>Share of the run the journal writer spent in commits (appends and fsync).</summary>
    public double WriterBusy { get; init; }

    public static Meter Start() => new(Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), Written())
    {
        Gen1 = GC.CollectionCount(1),
        GcPause = GC.GetTotalPauseDuration(),
        LockContentions = Monitor.LockContentionCount,
    };

    /// <summary>Bytes this process has passed to write calls so far (Linux: wchar in /proc/self/io); null elsewhere.</summary>
    private static long? Written()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/io"))
            {
                if (line.StartsWith("wchar:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }

    internal readonly record struct Meter(TimeSpan Cpu, long Bytes, int Gen0, long? Written)
    {
        public int Gen1 { get; init; }

        public TimeSpan GcPause { get; init; }

        public long LockContentions { get; init; }

        public RunCost Stop() => new((Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalMicroseconds,
            GC.GetTotalAllocatedBytes(precise: true) - Bytes, GC.CollectionCount(0) - Gen0, RunCost.Written() - Written)
        {
            Gen1 = GC.CollectionCount(1) - Gen1,
            GcPause = GC.GetTotalPauseDuration() - GcPause,
            LockContentions = Monitor.LockContentionCount - LockContentions,
        };
    }
}

/// <summary>
/// CPU time of this process's threads, grouped by what they do, from <c>/proc/self/task</c> (Linux; null elsewhere): the
/// engine's named threads (sequencer, sealer, writer, checkpointer), the JIT's tiering thread, the collector's threads,
/// and the rest (the callers and pool threads).
/// </summary>
internal static class ThreadCpu
{
    /// <summary>Clock ticks per second of the values in /proc (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>CPU ticks used so far by each live thread, by thread id with its name; null where /proc is not there.</summary>
    public static Dictionary<int, (string Name, long Ticks)>? Read()
    {
        if (!Directory.Exists("/proc/self/task"))
            return null;
        var threads = new Dictionary<int, (string, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid ...: the name may hold spaces or parentheses, so split after its last ')'.
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture)] = (stat[(open + 1)..close], ticks);
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }
        return threads;
    }

    /// <summary>CPU µs per <paramref name="units"/> each group of threads used between two readings (threads started between them count from 0).</summary>
    public static SortedDictionary<string, double>? PerUnit(Dictionary<int, (string Name, long Ticks)>? before, Dictionary<int, (string Name, long Ticks)>? after, long units)
    {
        if (before is null || after is null || units <= 0)
            return null;
        var groups = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, (name, ticks)) in after)
        {
            var used = ticks - (before.TryGetValue(id, out var b) && b.Name == name ? b.Ticks : 0);
            if (used <= 0)
                continue;
            var group = Group(name);
            groups[group] = groups.GetValueOrDefault(group) + Math.Round(used / TicksPerSecond * 1_000_000 / units, 2);
        }
        return groups;
    }

    private static string Group(string name) => name switch
    {
        OpenEts.Core.Engine.SealerThreadName => "sealer",
        OpenEts.Core.Engine.WriterThreadName => "writer",
        OpenEts.Core.Engine.SequencerThreadName => "sequencer",
        OpenEts.Journal.SqliteJournal.CheckpointThreadName => "checkpointer",
        _ when name.StartsWith(".NET Tiered", StringComparison.Ordinal) => "jit",
        _ when name.StartsWith(".NET BGC", StringComparison.Ordinal) || name.StartsWith(".NET Server GC", StringComparison.Ordinal) => "collector",
        _ => "other",
    };
}

