// The two stores every journal test runs on, and a throwaway database of each kind per test.
// PostgreSQL comes from OPENETS_TEST_PG; without it the PostgreSQL cases are skipped, except in CI
// (CI=true), where they fail rather than pass unseen.
using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenEts.Core;
using OpenEts.Journal;
using Xunit.Sdk;

namespace OpenEts.Journal.Tests;

/// <summary>Which store a test case runs on.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>Runs a theory on a fresh SQLite file.</summary>
public sealed class OnSqliteAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreKind.Sqlite]];
}

/// <summary>Runs a theory on a fresh PostgreSQL database; skipped (outside CI only) when none is configured.</summary>
public sealed class OnPostgresAttribute : DataAttribute
{
    public OnPostgresAttribute() => Skip = TestStore.PostgresSkipReason;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreKind.Postgres]];
}

/// <summary>A throwaway database of one kind: created for one test, removed after it.</summary>
public sealed class TestStore : IDisposable
{
    public const string PostgresVariable = "OPENETS_TEST_PG";

    private readonly string? _adminConnection;
    private readonly string? _databaseName;

    private TestStore(StoreKind kind, string db, string? adminConnection, string? databaseName)
    {
        Kind = kind;
        Db = db;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
    }

    public StoreKind Kind { get; }

    /// <summary>What --db would say for this store.</summary>
    public string Db { get; }

    /// <summary>Why PostgreSQL cases are skipped here, or null when they run (always in CI).</summary>
    public static string? PostgresSkipReason =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable)) || IsCi
            ? null
            : $"{PostgresVariable} is not set, so the PostgreSQL journal is not tested here (scripts/pg.sh starts a throwaway cluster; in CI this fails instead).";

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static TestStore Create(StoreKind kind)
    {
        if (kind == StoreKind.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "openets-journal-tests");
            Directory.CreateDirectory(dir);
            return new TestStore(kind, Path.Combine(dir, $"j-{Guid.NewGuid():N}.db"), null, null);
        }
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException($"{PostgresVariable} is not set, and CI=true: the PostgreSQL journal must be tested in CI.");
        var name = $"t_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }
        var db = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new TestStore(kind, db, admin, name);
    }

    /// <summary>A journal on this store, not yet opened.</summary>
    public IJournal NewJournal() => JournalFactory.Open(Db);

    /// <summary>A journal on this store, opened.</summary>
    public IJournal OpenJournal()
    {
        var journal = NewJournal();
        journal.Open();
        return journal;
    }

    /// <summary>The qualified name of one of the journal's tables, for raw SQL.</summary>
    public string Table(string name) => Kind == StoreKind.Sqlite ? name : "openets." + name;

    /// <summary>Runs raw SQL on the stored database, outside the journal (parameters @p0, @p1, ...).</summary>
    public int Execute(string sql, params object[] args)
    {
        if (Kind == StoreKind.Sqlite)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < args.Length; i++)
                command.Parameters.AddWithValue($"@p{i}", args[i]);
            return command.ExecuteNonQuery();
        }
        using var pg = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Db) { Pooling = false }.ConnectionString);
        pg.Open();
        using var pgCommand = new NpgsqlCommand(sql, pg);
        for (var i = 0; i < args.Length; i++)
            pgCommand.Parameters.AddWithValue($"p{i}", args[i]);
        return pgCommand.ExecuteNonQuery();
    }

    /// <summary>Runs a raw query and returns its first column as text, one string per row.</summary>
    public List<string> Column(string sql)
    {
        var rows = new List<string>();
        if (Kind == StoreKind.Sqlite)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
                rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
            return rows;
        }
        using var pg = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Db) { Pooling = false }.ConnectionString);
        pg.Open();
        using var pgCommand = new NpgsqlCommand(sql, pg);
        using var pgReader = pgCommand.ExecuteReader();
        while (pgReader.Read())
            rows.Add(Convert.ToString(pgReader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    /// <summary>The columns of a journal table that some index covers (in SQLite an INTEGER PRIMARY KEY is the table itself).</summary>
    public List<string> IndexedColumns(string table) => Column(Kind == StoreKind.Sqlite
        ? $"SELECT ii.name FROM pragma_index_list('{table}') il, pragma_index_info(il.name) ii"
        : $"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '{Table(table)}'::regclass");

    public void Dispose()
    {
        if (Kind == StoreKind.Sqlite)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-lock", "-journal" })
                File.Delete(Db + suffix);
            return;
        }
        using var connection = new NpgsqlConnection(_adminConnection);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}

/// <summary>Builds well-formed chains of entries with realistic payloads (~400 bytes).</summary>
public static class Chain
{
    public static List<JournalEntry> Build(int count, long afterSeq = 0, byte[]? prevHash = null, string prefix = "cmd") =>
        Of(count, i =>
        {
            var seq = afterSeq + 1 + i;
            return ($"{prefix}-{seq}", "registry.transfer", seq % 7 != 0, Payload(seq));
        }, afterSeq, prevHash);

    /// <summary>
    /// A chain after <paramref name="afterSeq"/> (linked to <paramref name="prevHash"/>, the genesis by default) whose command
    /// id, kind, outcome and payload <paramref name="row"/> gives for each index; the content hash is the payload's.
    /// </summary>
    public static List<JournalEntry> Of(int count, Func<int, (string CommandId, string Kind, bool Accepted, byte[] Payload)> row, long afterSeq = 0,
        byte[]? prevHash = null)
    {
        var prev = prevHash ?? HashChain.Genesis.ToArray();
        var entries = new List<JournalEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var seq = afterSeq + 1 + i;
            var (id, kind, accepted, payload) = row(i);
            var entry = HashChain.Seal(seq, prev, id, kind, accepted, 1_767_225_600_000 + seq, System.Security.Cryptography.SHA256.HashData(payload), payload);
            entries.Add(entry);
            prev = entry.Hash;
        }
        return entries;
    }

    public static byte[] Payload(long seq) => System.Text.Encoding.UTF8.GetBytes(
        $$"""{"command_id":"cmd-{{seq}}","actor":"operator-1","time":"2026-01-01T00:00:00+00:00","command":{"type":"registry.transfer","from":"CN-ENT-000{{seq % 97}}","to":"CN-ENT-000{{seq % 89}}","unit_class":"CEA-2025","quantity_t":{{seq * 13 % 10000 + 1}}},"accepted":true,"events":[{"type":"registry.transferred","from":"CN-ENT-000{{seq % 97}}","to":"CN-ENT-000{{seq % 89}}","unit_class":"CEA-2025","quantity_t":{{seq * 13 % 10000 + 1}},"from_available_t":123456,"to_available_t":654321}]}""");
}
