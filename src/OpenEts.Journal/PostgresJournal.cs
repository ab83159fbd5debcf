// The journal in PostgreSQL (production): the same schema as SQLite in the schema "openets",
// one transaction per batch, written with binary COPY (large batches) or one pipelined batch (small).
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using OpenEts.Core;

namespace OpenEts.Journal;

/// <summary>How <see cref="PostgresJournal.Append"/> sends rows.</summary>
public enum PostgresAppendMethod
{
    /// <summary>Binary COPY from <see cref="PostgresJournal.CopyFromEntries"/> entries up, a pipelined batch below.</summary>
    Auto,

    /// <summary>Always binary COPY.</summary>
    Copy,

    /// <summary>Always one pipelined batch of INSERT statements.</summary>
    Batch,
}

/// <summary>
/// An <see cref="IJournal"/> in a PostgreSQL database. Appends use one dedicated connection; reads
/// take pooled connections of their own. Durability is PostgreSQL's: the session forces
/// synchronous_commit on, so a commit returns once its WAL is flushed.
/// </summary>
public sealed class PostgresJournal : JournalReads, IJournal
{
    /// <summary>The PostgreSQL schema that holds the journal's tables.</summary>
    public const string SchemaName = "openets";

    /// <summary>Batches of at least this many entries go by binary COPY under <see cref="PostgresAppendMethod.Auto"/>.</summary>
    public const int CopyFromEntries = 64;

    private const string AdvanceHeadSql =
        "UPDATE openets.meta SET value = CASE key WHEN 'head_seq' THEN $1 ELSE $2 END "
        + "WHERE (key = 'head_seq' AND value = $3) OR (key = 'head_hash' AND value = $4)";

    private const string InsertSql = $"INSERT INTO openets.entries ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    private static readonly string[] Schema =
    [
        "CREATE SCHEMA IF NOT EXISTS openets",
        "CREATE TABLE openets.meta (key text PRIMARY KEY, value text NOT NULL)",
        "CREATE TABLE openets.entries (seq bigint PRIMARY KEY, command_id text NOT NULL, kind text NOT NULL, accepted boolean NOT NULL, "
            + "time_unix_ms bigint NOT NULL, content_hash bytea NOT NULL, payload bytea NOT NULL, prev_hash bytea NOT NULL, hash bytea NOT NULL)",
        "CREATE TABLE openets.snapshots (seq bigint PRIMARY KEY, chain_hash bytea NOT NULL, state_hash text NOT NULL, state bytea NOT NULL)",
    ];

    private readonly NpgsqlDataSource _source;
    private NpgsqlConnection? _writer;

    // Whether the journal is marked with this build's format: a new one is; one of the previous format is marked so in the
    // transaction of this object's first write, and a journal only read keeps its marker.
    private bool _marked;
    private volatile bool _disposed;

    /// <summary>A journal in the database an Npgsql connection string names.</summary>
    public PostgresJournal(string connectionString)
        : base(SchemaName + ".")
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Not a valid PostgreSQL connection string: {ex.Message}", nameof(connectionString), ex);
        }
        if (string.IsNullOrEmpty(settings.Host))
            throw new ArgumentException("A PostgreSQL connection string needs a Host.", nameof(connectionString));
        settings.MaxAutoPrepare = Math.Max(settings.MaxAutoPrepare, 16);
        Description = $"postgresql://{(string.IsNullOrEmpty(settings.Username) ? "" : settings.Username + "@")}{settings.Host}:{settings.Port}/{settings.Database}";
        _source = NpgsqlDataSource.Create(settings);
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>When false, <see cref="Open"/> refuses an empty database instead of creating a journal (for read-only uses such as verify).</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>How appends send their rows (measured: see the README, "Storage: the journal").</summary>
    public PostgresAppendMethod AppendMethod { get; init; }

    /// <inheritdoc />
    public JournalHead Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is not null)
            return RecordedHead() ?? JournalFormat.EmptyHead;
        NpgsqlConnection connection;
        try
        {
            connection = _source.OpenConnection();
        }
        catch (NpgsqlException ex)
        {
            throw new IOException($"Could not connect to the PostgreSQL journal {Description}: {ex.Message}", ex);
        }
        try
        {
            Execute(connection, "SET synchronous_commit TO on");
            using (var tx = connection.BeginTransaction())
            {
                // Two processes opening one empty database must not both create the schema.
                Execute(connection, "SELECT pg_advisory_xact_lock(7170657473)", tx);
                var tables = Tables(connection, tx);
                if (tables.Count == 0 && !CreateIfMissing)
                    throw new JournalFormatException($"The PostgreSQL database {Description} holds no OpenETS journal yet.");
                if (tables.Count == 0)
                {
                    foreach (var statement in Schema)
                        Execute(connection, statement, tx);
                    using var meta = new NpgsqlCommand("INSERT INTO openets.meta (key, value) VALUES ('format', $1), ('head_seq', '0'), ('head_hash', $2)", connection, tx);
                    meta.Parameters.Add(new NpgsqlParameter { Value = JournalFormat.Marker });
                    meta.Parameters.Add(new NpgsqlParameter { Value = JournalFormat.Hex(HashChain.Genesis) });
                    meta.ExecuteNonQuery();
                    _marked = true;
                }
                else
                {
                    CheckOurs(connection, tx, tables);
                }
                tx.Commit();
            }
            _writer = connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return RecordedHead() ?? JournalFormat.EmptyHead;
    }

    /// <summary>The key of the session-level advisory lock that marks the journal's writer ("OpenETS" in ASCII).</summary>
    public const long WriterLockKey = 0x4F70656E455453;

    private bool _claimed;

    /// <inheritdoc />
    public void ClaimWriter()
    {
        var writer = Writer();
        if (_claimed)
            return;
        // Held by the writer's session: PostgreSQL drops it when that connection ends, also when the process dies.
        using var claim = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", writer);
        claim.Parameters.Add(new NpgsqlParameter { Value = WriterLockKey });
        if (claim.ExecuteScalar() is not true)
            throw JournalFormat.InUse(Description);
        _claimed = true;
    }

    /// <inheritdoc />
    public void Append(IReadOnlyList<JournalEntry> entries)
    {
        var writer = Writer();
        ClaimWriter();
        JournalFormat.CheckBatch(entries);
        if (entries.Count == 0)
            return;
        var copy = AppendMethod == PostgresAppendMethod.Copy || (AppendMethod == PostgresAppendMethod.Auto && entries.Count >= CopyFromEntries);
        using var tx = writer.BeginTransaction();
        try
        {
            if (!_marked)
                MarkCurrent(writer, tx);
            if (copy)
                AppendByCopy(writer, tx, entries);
            else
                AppendByBatch(writer, tx, entries);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            tx.Rollback();
            throw JournalFormat.NotContinuing(entries[0], RecordedHead());
        }
        tx.Commit();
        _marked = true;
    }

    /// <summary>Marks a journal of the previous format as this build's, in the transaction of its first write (see <see cref="JournalFormat.PreviousMarker"/>).</summary>
    private static void MarkCurrent(NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        using var mark = new NpgsqlCommand("UPDATE openets.meta SET value = $1 WHERE key = 'format'", connection, tx);
        mark.Parameters.Add(new NpgsqlParameter { Value = JournalFormat.Marker });
        mark.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void SaveSnapshot(StoredSnapshot snapshot)
    {
        var writer = Writer();
        ClaimWriter();
        JournalFormat.CheckSnapshot(snapshot);
        using var tx = writer.BeginTransaction();
        if (snapshot.Seq > 0)
        {
            using var check = new NpgsqlCommand("SELECT hash FROM openets.entries WHERE seq = $1", writer, tx);
            check.Parameters.Add(new NpgsqlParameter { Value = snapshot.Seq });
            if (check.ExecuteScalar() is not byte[] hash || !hash.AsSpan().SequenceEqual(snapshot.ChainHash))
                throw new InvalidOperationException($"The snapshot at entry {snapshot.Seq} does not match the journal's entry {snapshot.Seq}; it was not saved.");
        }
        else if (!snapshot.ChainHash.AsSpan().SequenceEqual(HashChain.Genesis))
        {
            throw new InvalidOperationException("A snapshot at entry 0 must carry the genesis hash; it was not saved.");
        }
        using (var save = new NpgsqlCommand(
            "INSERT INTO openets.snapshots (seq, chain_hash, state_hash, state) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT (seq) DO UPDATE SET chain_hash = EXCLUDED.chain_hash, state_hash = EXCLUDED.state_hash, state = EXCLUDED.state", writer, tx))
        {
            save.Parameters.Add(new NpgsqlParameter { Value = snapshot.Seq });
            save.Parameters.Add(new NpgsqlParameter { Value = snapshot.ChainHash });
            save.Parameters.Add(new NpgsqlParameter { Value = snapshot.StateHash });
            save.Parameters.Add(new NpgsqlParameter { Value = snapshot.State });
            save.ExecuteNonQuery();
        }
        if (!_marked)
            MarkCurrent(writer, tx);
        tx.Commit();
        _marked = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _writer?.Dispose();
        _source.Dispose();
    }

    private void AppendByCopy(NpgsqlConnection writer, NpgsqlTransaction tx, IReadOnlyList<JournalEntry> entries)
    {
        using (var advance = AdvanceHead(writer, tx, entries))
        {
            if (advance.ExecuteNonQuery() != 2)
            {
                tx.Rollback();
                throw JournalFormat.NotContinuing(entries[0], RecordedHead());
            }
        }
        using var import = writer.BeginBinaryImport($"COPY openets.entries ({Columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var e in entries)
        {
            import.StartRow();
            import.Write(e.Seq, NpgsqlDbType.Bigint);
            import.Write(e.CommandId, NpgsqlDbType.Text);
            import.Write(e.Kind, NpgsqlDbType.Text);
            import.Write(e.Accepted, NpgsqlDbType.Boolean);
            import.Write(e.TimeUnixMs, NpgsqlDbType.Bigint);
            import.Write(e.ContentHash, NpgsqlDbType.Bytea);
            import.Write(e.Payload, NpgsqlDbType.Bytea);
            import.Write(e.PrevHash, NpgsqlDbType.Bytea);
            import.Write(e.Hash, NpgsqlDbType.Bytea);
        }
        import.Complete();
    }

    private void AppendByBatch(NpgsqlConnection writer, NpgsqlTransaction tx, IReadOnlyList<JournalEntry> entries)
    {
        using var batch = new NpgsqlBatch(writer, tx);
        var advance = new NpgsqlBatchCommand(AdvanceHeadSql);
        AddHeadParameters(advance.Parameters, entries);
        batch.BatchCommands.Add(advance);
        foreach (var e in entries)
        {
            var insert = new NpgsqlBatchCommand(InsertSql);
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.Seq });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.CommandId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Kind });
            insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = e.Accepted });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.TimeUnixMs });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = e.ContentHash });
            insert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = e.Payload });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = e.PrevHash });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = e.Hash });
            batch.BatchCommands.Add(insert);
        }
        batch.ExecuteNonQuery();
        if (advance.RecordsAffected != 2)
        {
            tx.Rollback();
            throw JournalFormat.NotContinuing(entries[0], RecordedHead());
        }
    }

    private static NpgsqlCommand AdvanceHead(NpgsqlConnection writer, NpgsqlTransaction tx, IReadOnlyList<JournalEntry> entries)
    {
        var command = new NpgsqlCommand(AdvanceHeadSql, writer, tx);
        AddHeadParameters(command.Parameters, entries);
        return command;
    }

    private static void AddHeadParameters(NpgsqlParameterCollection parameters, IReadOnlyList<JournalEntry> entries)
    {
        var first = entries[0];
        var last = entries[^1];
        parameters.Add(new NpgsqlParameter<string> { TypedValue = last.Seq.ToString(CultureInfo.InvariantCulture) });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = JournalFormat.Hex(last.Hash) });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = (first.Seq - 1).ToString(CultureInfo.InvariantCulture) });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = JournalFormat.Hex(first.PrevHash) });
    }

    private NpgsqlConnection Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer ?? throw new InvalidOperationException("Open the journal before using it.");
    }

    private static List<string> Tables(NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        using var command = new NpgsqlCommand(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' ORDER BY 1", connection, tx);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    private void CheckOurs(NpgsqlConnection connection, NpgsqlTransaction tx, List<string> tables)
    {
        if (!tables.Contains("openets.meta"))
            throw new JournalFormatException(
                $"The PostgreSQL database {Description} has other tables ({string.Join(", ", tables.Take(5))}) but no OpenETS journal; it was left untouched.");
        string? format;
        try
        {
            using var command = new NpgsqlCommand("SELECT value FROM openets.meta WHERE key = 'format'", connection, tx);
            format = command.ExecuteScalar() as string;
        }
        catch (PostgresException)
        {
            format = null;
        }
        if (format is null || !format.StartsWith("openets-journal/", StringComparison.Ordinal))
            throw new JournalFormatException($"The PostgreSQL database {Description} has a table openets.meta but no OpenETS format marker; it was left untouched.");
        if (!JournalFormat.Reads(format))
            throw new JournalFormatException($"The PostgreSQL database {Description} holds an OpenETS journal of format '{format}'; this build reads {JournalFormat.ReadsWhat} only.");
        _marked = format == JournalFormat.Marker;
        foreach (var table in new[] { "openets.entries", "openets.snapshots" })
        {
            if (!tables.Contains(table))
                throw new JournalFormatException($"The PostgreSQL database {Description} is marked as an OpenETS journal but has no table {table}; it is damaged.");
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<T> Query<T>(string sql, long? argument, Func<System.Data.Common.DbDataReader, T> map)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is null)
            throw new InvalidOperationException("Open the journal before using it.");
        return Iterate(sql, argument, map);
    }

    private IEnumerable<T> Iterate<T>(string sql, long? argument, Func<System.Data.Common.DbDataReader, T> map)
    {
        using var connection = _source.OpenConnection();
        using var command = new NpgsqlCommand(sql, connection);
        if (argument is { } a)
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = a });
        using var reader = command.ExecuteReader();
        while (reader.Read())
            yield return map(reader);
    }

    private static void Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? tx = null)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        command.ExecuteNonQuery();
    }
}
