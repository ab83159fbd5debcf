// The journal in one SQLite file (the default store): WAL, synchronous=FULL, one transaction per batch.
using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using OpenEts.Core;
using SQLitePCL;

namespace OpenEts.Journal;

/// <summary>
/// An <see cref="IJournal"/> in an SQLite file. Appends go through one write connection with prepared
/// statements (<see cref="SqliteWriteConnection"/>); reads use their own pooled connections, so they may run while an
/// append commits (WAL).
/// </summary>
public sealed class SqliteJournal : JournalReads, IJournal
{
    /// <summary>How long a statement waits for a lock held by another connection.</summary>
    public const int BusyTimeoutMs = 10_000;

    /// <summary>The name of the thread that checkpoints the write-ahead log (at most 15 characters, what Linux keeps).</summary>
    public const string CheckpointThreadName = "openets-checkpt";

    /// <summary>
    /// True where rows are bound in place from a pinned buffer through the bundled SQLite's own functions; elsewhere they
    /// are bound through SQLitePCLRaw's, which copy each value.
    /// </summary>
    public static bool BindsRowsInPlace => SqliteInsert.BindsInPlace;

    /// <summary>Entries per statement of the writer's largest groups of rows (what is left goes in groups of <see cref="InsertSmallGroup"/>, then row by row).</summary>
    public const int InsertGroup = SqliteInsert.Group;

    /// <summary>Entries per statement of the writer's small groups of rows.</summary>
    public const int InsertSmallGroup = SqliteInsert.SmallGroup;

    /// <summary>Bytes of the buffer the writer binds a group's values from, and keeps after a larger group.</summary>
    public const int InsertBoundBytes = SqliteInsert.BoundBytes;

    /// <summary>
    /// The page size of a new journal file, in bytes: SQLite's largest. Large batches of entries fill pages end to end, and
    /// the fewer and larger the pages, the less the writer and the checkpointer spend per entry (the checkpointer's CPU per
    /// order a third lower than with 16 KiB pages in 'bench exchange --durable'). A commit of one entry still writes its
    /// page or two of the log whole, four times the bytes it wrote with 16 KiB pages: well within the sync that follows.
    /// </summary>
    public const int PageSize = 65_536;

    private static readonly string[] Schema =
    [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT",
        "CREATE TABLE entries (seq INTEGER PRIMARY KEY, command_id TEXT NOT NULL, kind TEXT NOT NULL, accepted INTEGER NOT NULL, "
            + "time_unix_ms INTEGER NOT NULL, content_hash BLOB NOT NULL, payload BLOB NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL) STRICT",
        "CREATE TABLE snapshots (seq INTEGER PRIMARY KEY, chain_hash BLOB NOT NULL, state_hash TEXT NOT NULL, state BLOB NOT NULL) STRICT",
    ];

    private readonly string _path;
    private readonly string _connectionString;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private SqliteWriteConnection? _writer;
    private SqliteCheckpointer? _checkpointer;
    private FileStream? _writerLock;
    private SqliteLogSize? _logSize;
    private long _nextRestartTry;

    // Whether the journal is marked with this build's format: a new one is; one of the previous format is marked so in the
    // transaction of this object's first write, and a journal only read keeps its marker.
    private bool _marked;
    private long _frameBytes;

    /// <summary>The header before each page in a write-ahead log frame.</summary>
    private const int WalFrameHeaderBytes = 24;
    private volatile bool _disposed;

    /// <summary>Held by each append and snapshot save, and by <see cref="Dispose"/>: a journal is never closed under a write.</summary>
    private readonly Lock _writing = new();

    /// <summary>A journal in the file at <paramref name="path"/> (created by <see cref="Open"/> when absent).</summary>
    public SqliteJournal(string path)
        : base("")
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("A journal file path is required.", nameof(path));
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        Description = "sqlite:" + path;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The full path of the database file.</summary>
    public string FilePath => _path;

    /// <summary>
    /// The size of the write-ahead log (frames as SQLite counts them, each a page and its 24-byte header) from which the
    /// writer makes the log start over before its next commit (see <see cref="RestartLog"/>); below
    /// <c>journal_size_limit</c>, so a log that starts over is never cut shorter and grown again.
    /// </summary>
    public long RestartLogBytes { get; init; } = 40L << 20;

    /// <summary>Bytes committed between two nudges of the background checkpointer.</summary>
    public long CheckpointEveryBytes { get; init; } = SqliteCheckpointer.DefaultEveryBytes;

    /// <summary>
    /// How much of the end of the database file stays in the kernel's cache after a background checkpoint, in bytes: the
    /// pages below it are dropped where <see cref="DropsCheckpointedPages"/> (the latest entries, those most read, stay).
    /// </summary>
    public long KeepCachedBytes { get; init; } = 64L << 20;

    /// <inheritdoc cref="SqliteCheckpointer.DropsCheckpointedPages"/>
    public static bool DropsCheckpointedPages => SqliteCheckpointer.DropsCheckpointedPages;

    /// <summary>Whether this journal's background checkpoints give the kernel that advice (once open; false before).</summary>
    public bool AdvisesCache => _checkpointer?.AdvisesCache ?? false;

    /// <summary>The offset in the database file below which the background checkpointer last dropped its pages from the kernel's cache (0: never).</summary>
    public long CacheDroppedThrough => _checkpointer?.DroppedThrough ?? 0;

    /// <summary>The latest failure to give that advice, if it failed (checkpoints and durability do not depend on it).</summary>
    public Exception? CacheAdviceError => _checkpointer?.CacheAdviceError;

    /// <summary>Whether every background checkpoint the writer asked for has run, with its advice (true before the journal is open).</summary>
    public bool CheckpointerIdle => _checkpointer?.Idle ?? true;

    /// <summary>The failure of the writer's latest own checkpoint, if it failed (the next one retries; durability does not depend on it).</summary>
    public Exception? LastRestartError { get; private set; }

    /// <summary>The failure of the latest checkpoint, the writer's or the background one's, if it failed.</summary>
    public Exception? CheckpointError => LastRestartError ?? _checkpointer?.LastError;

    /// <summary>The write-ahead log's size after the latest commit, in bytes, as SQLite counts its frames (null where it cannot be read).</summary>
    public long? LogBytes => _logSize is { } log ? (long)log.Frames * _frameBytes : null;

    /// <summary>The write connection's settings as SQLite reported them when the journal was opened (null before).</summary>
    public SqliteWriterSettings? WriterSettings => _writer?.Settings;

    /// <summary>
    /// Pages the write connection's cache wrote to the log before a commit since it opened (SQLite's cache spills: a
    /// transaction larger than the cache); null before the writer opens.
    /// </summary>
    public int? WriterCacheSpills
    {
        get
        {
            lock (_writing)
                return _writer?.CacheSpills;
        }
    }

    /// <summary>
    /// The writer's INSERT statements, as rows per statement, each with how many times it was stepped since the write
    /// connection opened, largest group first (null before the writer opens): how appends were split into groups.
    /// </summary>
    public IReadOnlyList<(int Rows, long Stepped)>? InsertStatements
    {
        get
        {
            lock (_writing)
                return _writer?.Insert is { } insert ? [.. insert.GroupSizes.Zip(insert.Stepped)] : null;
        }
    }

    /// <summary>When false, <see cref="Open"/> refuses a missing or empty file instead of creating a journal (for read-only uses such as verify).</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <inheritdoc />
    public JournalHead Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is not null)
            return RecordedHead() ?? JournalFormat.EmptyHead;
        RefuseForeignFile();
        // The file is checked, created and set to WAL through an ADO.NET connection, closed once the write connection
        // (opened while it is still open, so never the last of the file's connections, which would end its log) holds the file.
        using var connection = new SqliteConnection(_connectionString);
        SqliteWriteConnection? writer = null;
        try
        {
            try
            {
                connection.Open();
                RefuseForeignHeader(connection);
                Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs}");
                var tables = Tables(connection);
                if (tables.Count == 0 && !CreateIfMissing)
                    throw new JournalFormatException($"{_path} holds no OpenETS journal yet.");
                if (tables.Count == 0)
                {
                    // Larger pages, less work per appended entry (see PageSize); only a new file takes it: an existing one keeps its own.
                    Execute(connection, $"PRAGMA page_size = {PageSize}");
                    CreateSchema(connection);
                    _marked = true;
                }
                else
                    CheckOurs(connection, tables);
                // Only now, with the file known to be ours, change its settings.
                Execute(connection, "PRAGMA journal_mode = WAL");
                writer = SqliteWriteConnection.Open(_path, BusyTimeoutMs, "entries", Columns);
                _frameBytes = writer.Settings.PageSize + WalFrameHeaderBytes;
            }
            catch (SqliteException ex)
            {
                throw Unusable(ex);
            }
            _logSize = SqliteLogSize.Watch(writer.Db);
            _checkpointer = new SqliteCheckpointer(_connectionString, BusyTimeoutMs, CheckpointEveryBytes, KeepCachedBytes);
            _writer = writer;
        }
        catch
        {
            writer?.Dispose();
            _logSize = null;
            throw;
        }
        return RecordedHead() ?? JournalFormat.EmptyHead;
    }

    /// <summary>
    /// The file whose exclusive lock marks the journal's writer: beside the database the path leads to through any symbolic
    /// links, so two paths to one database share one lock (kept after use).
    /// </summary>
    public string WriterLockPath => (File.ResolveLinkTarget(_path, returnFinalTarget: true)?.FullName ?? _path) + "-lock";

    /// <inheritdoc />
    public void ClaimWriter()
    {
        Writer();
        if (_writerLock is not null)
            return;
        // .NET takes the lock below unless this switch turns file locking off: then nothing would keep a second writer out.
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled
            || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is { } off && (off == "1" || off.Equals("true", StringComparison.OrdinalIgnoreCase)))
            throw new JournalInUseException($"File locking is turned off in this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING), so it cannot make sure it is the only writer of {_path}; it writes nothing.");
        try
        {
            // An exclusive open takes an advisory lock (flock on Linux) that the operating system drops when the process
            // ends, however it ends: no stale lock survives a crash.
            _writerLock = new FileStream(WriterLockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw JournalFormat.InUse(_path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new JournalInUseException($"The writer's lock file {WriterLockPath} cannot be opened by this user, so it writes nothing to {_path}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public void Append(IReadOnlyList<JournalEntry> entries)
    {
        lock (_writing)
            AppendHeld(entries);
    }

    private void AppendHeld(IReadOnlyList<JournalEntry> entries)
    {
        var writer = Writer();
        ClaimWriter();
        JournalFormat.CheckBatch(entries);
        if (entries.Count == 0)
            return;
        var first = entries[0];
        var last = entries[^1];
        if (LogBytes is { } log)
        {
            if (log < RestartLogBytes)
            {
                _nextRestartTry = 0;
            }
            else if (log >= _nextRestartTry)
            {
                RestartLog(writer.Db);
                // Should the log not start over now (a reader, the checkpointer busy), the next try waits until it has
                // grown by an eighth of the threshold: a try that finds frames to copy copies and syncs them on the writer's time.
                _nextRestartTry = log + RestartLogBytes / 8;
            }
        }
        writer.Begin();
        try
        {
            var advanced = writer.AdvanceHead(
                last.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), JournalFormat.Hex(last.Hash),
                (first.Seq - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), JournalFormat.Hex(first.PrevHash));
            if (advanced != 2)
            {
                writer.RollBack();
                throw JournalFormat.NotContinuing(first, RecordedHead());
            }
            if (!_marked)
                writer.Mark(JournalFormat.Marker);
            writer.Insert.Insert(writer.Db, entries);
            writer.Commit();
        }
        catch
        {
            writer.RollBack();
            throw;
        }
        _marked = true;
        long bytes = 0;
        for (var i = 0; i < entries.Count; i++)
            bytes += entries[i].Payload.Length + 200;
        _checkpointer!.Committed(bytes);
    }

    /// <summary>
    /// SQLite starts the log over only when a write transaction begins with every frame of it copied into the database. The
    /// background checkpointer copies while commits go on, so under a steady stream of batches that moment never came and
    /// the log grew for as long as the stream lasted (785 MB after a million orders of <c>bench exchange</c>), each commit
    /// writing into new blocks of the file, which cost the writer more than the writing itself (the kernel allocating and
    /// zeroing pages). Here the writer, before a commit, when the log has grown past <see cref="RestartLogBytes"/>, copies
    /// the little the checkpointer has left (a passive checkpoint: 5 to 20 ms measured, as the checkpointer has copied the
    /// rest), so the commit writes the log from its start again, over blocks the file and the page cache already hold. SQLite
    /// says after each commit how many frames the log holds, so whether it started over is known, not guessed: while the
    /// background checkpointer is copying (SQLITE_BUSY), or a reader that began while frames were still to be copied still
    /// reads, it does not, and a commit tries again once the log has grown by an eighth of the threshold. Nothing is
    /// committed here: a failure is kept in <see cref="LastRestartError"/> and the commit goes on, never failing for it.
    /// </summary>
    private void RestartLog(sqlite3 writer)
    {
        try
        {
            var rc = raw.sqlite3_wal_checkpoint_v2(writer, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
            LastRestartError = rc is raw.SQLITE_OK or raw.SQLITE_BUSY
                ? null
                : new SqliteException($"The writer's checkpoint failed: {raw.sqlite3_errmsg(writer).utf8_to_string()}", rc);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LastRestartError = ex;
        }
    }

    /// <inheritdoc />
    public void SaveSnapshot(StoredSnapshot snapshot)
    {
        lock (_writing)
            SaveSnapshotHeld(snapshot);
    }

    private void SaveSnapshotHeld(StoredSnapshot snapshot)
    {
        var writer = Writer();
        ClaimWriter();
        JournalFormat.CheckSnapshot(snapshot);
        writer.Begin();
        try
        {
            var expected = snapshot.Seq == 0 ? HashChain.Genesis.ToArray() : writer.EntryHash(snapshot.Seq);
            if (expected is null || !expected.AsSpan().SequenceEqual(snapshot.ChainHash))
                throw new InvalidOperationException($"The snapshot at entry {snapshot.Seq} does not match the journal's entry {snapshot.Seq}; it was not saved.");
            writer.SaveSnapshot(snapshot.Seq, snapshot.ChainHash, snapshot.StateHash, snapshot.State);
            if (!_marked)
                writer.Mark(JournalFormat.Marker);
            writer.Commit();
        }
        catch
        {
            writer.RollBack();
            throw;
        }
        _marked = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // After a write under way (the write connection has no mutex: closing it while a statement steps would free what
        // the step uses); a write after this finds the journal disposed.
        lock (_writing)
        {
            if (_disposed)
                return;
            _disposed = true;
            _checkpointer?.Dispose();
            _writer?.Dispose();
            _logSize = null;  // after the connection that writes into it is closed
            _writerLock?.Dispose();
        }
        while (_readers.TryTake(out var reader))
            reader.Dispose();
    }

    private SqliteWriteConnection Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer ?? throw new InvalidOperationException("Open the journal before using it.");
    }

    private void RefuseForeignFile()
    {
        var info = new FileInfo(_path);
        if (Directory.Exists(_path))
            throw new JournalFormatException($"{_path} is a directory, not a journal file.");
        if (!info.Exists && !CreateIfMissing)
            throw new FileNotFoundException($"There is no journal at {_path}.", _path);
    }

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    /// <summary>
    /// Refuses a file that is not SQLite's before any statement runs, so before SQLite looks at a leftover log or rollback
    /// journal beside it (which it would copy into the file). The header is read with SQLite's own read method, through the
    /// connection's file object: opening and closing a descriptor of ours would drop every POSIX lock this process holds on
    /// the file, those of any journal already open on it (a server opens two) included. Where SQLite's file object cannot
    /// be had (another SQLite library), on Windows (whose locks belong to handles) the header is read with a handle of ours;
    /// elsewhere SQLite's first read refuses a file that is not SQLite's (SQLITE_NOTADB, see <see cref="Unusable"/>).
    /// </summary>
    private void RefuseForeignHeader(SqliteConnection connection)
    {
        if (new FileInfo(_path) is not { Exists: true, Length: > 0 })
            return;
        var header = SqliteDescriptor.Header(connection, SqliteHeader.Length);
        if (header is null && OperatingSystem.IsWindows())
        {
            header = new byte[SqliteHeader.Length];
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            header = header[..file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false)];
        }
        if (header is not null && !header.AsSpan().SequenceEqual(SqliteHeader))
            throw new JournalFormatException($"{_path} is not an SQLite database, so it is not an OpenETS journal; it was left untouched.");
    }

    private static List<string> Tables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    private void CreateSchema(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        foreach (var statement in Schema)
            Execute(connection, statement, tx);
        using var meta = connection.CreateCommand();
        meta.Transaction = tx;
        meta.CommandText = "INSERT INTO meta (key, value) VALUES ('format', @format), ('head_seq', '0'), ('head_hash', @genesis)";
        meta.Parameters.AddWithValue("@format", JournalFormat.Marker);
        meta.Parameters.AddWithValue("@genesis", JournalFormat.Hex(HashChain.Genesis));
        meta.ExecuteNonQuery();
        tx.Commit();
    }

    private void CheckOurs(SqliteConnection connection, List<string> tables)
    {
        if (!tables.Contains("meta"))
            throw new JournalFormatException(
                $"{_path} is an SQLite database with other tables ({string.Join(", ", tables.Take(5))}) but not an OpenETS journal; it was left untouched.");
        string? format;
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = 'format'";
            format = command.ExecuteScalar() as string;
        }
        catch (SqliteException)
        {
            format = null;
        }
        if (format is null || !format.StartsWith("openets-journal/", StringComparison.Ordinal))
            throw new JournalFormatException($"{_path} is an SQLite database but not an OpenETS journal (no format marker); it was left untouched.");
        if (!JournalFormat.Reads(format))
            throw new JournalFormatException($"{_path} is an OpenETS journal of format '{format}'; this build reads {JournalFormat.ReadsWhat} only.");
        _marked = format == JournalFormat.Marker;
        foreach (var table in new[] { "entries", "snapshots" })
        {
            if (!tables.Contains(table))
                throw new JournalFormatException($"{_path} is marked as an OpenETS journal but has no '{table}' table; it is damaged.");
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
        var connection = RentReader();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            if (argument is { } a)
                command.Parameters.AddWithValue("$1", a);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                yield return map(reader);
        }
        finally
        {
            if (_disposed)
                connection.Dispose();
            else
                _readers.Add(connection);
        }
    }

    private SqliteConnection RentReader()
    {
        if (_readers.TryTake(out var connection))
            return connection;
        connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs}");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private Exception Unusable(SqliteException ex) => ex.SqliteErrorCode switch
    {
        26 => new JournalFormatException($"{_path} is not an SQLite database, so it is not an OpenETS journal; it was left untouched."),
        11 => new JournalFormatException($"{_path} is a damaged SQLite database: {ex.Message}"),
        _ => new IOException($"The journal {_path} could not be opened: {ex.Message}", ex),
    };
}
