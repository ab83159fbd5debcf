// The journal's write connection, on SQLite's own handle rather than an ADO.NET connection, so that it can be opened without
// SQLite's per-connection mutex (SQLITE_OPEN_NOMUTEX), which Microsoft.Data.Sqlite has no setting for. With the mutex,
// every bind, step and reset takes it and gives it back: nine binds an entry, about 3% of the engine's CPU per order in
// 'bench exchange --durable', to guard against a use the journal never makes. SQLite asks only that a connection without
// its mutex, and each statement of it, be used by one thread at a time: the journal uses this one from the thread that
// opens it, then from the engine's writer thread, and closes it once that thread has ended. Its statements are disposed
// with it, never left to the finalizer thread.
using Microsoft.Data.Sqlite;
using SQLitePCL;
using static OpenEts.Journal.SqliteCalls;

namespace OpenEts.Journal;

/// <summary>
/// The settings of a journal's write connection, as SQLite reports them once it is open: synchronous (2: FULL, each commit
/// synced), the automatic checkpoint (0: off, the journal checkpoints), the log's size limit in bytes, the page cache (a
/// negative number: KiB), where temporary data goes (2: memory), the busy timeout in ms, whether the connection has no
/// mutex of its own (null where that cannot be told), and the page size in bytes.
/// </summary>
public sealed record SqliteWriterSettings(long Synchronous, long WalAutocheckpoint, long JournalSizeLimit, long CacheSize, long TempStore,
    long BusyTimeoutMs, bool? WithoutMutex, long PageSize);

/// <summary>The write connection of an <see cref="SqliteJournal"/>: its transactions, head, format marker and inserts.</summary>
internal sealed unsafe class SqliteWriteConnection : IDisposable
{
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> s_dbMutex =
        (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)BundledSqlite.Export("sqlite3_db_mutex");

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly sqlite3_stmt _advanceHead;
    private readonly sqlite3_stmt _mark;

    private SqliteWriteConnection(sqlite3 db, string table, string columns)
    {
        _db = db;
        try
        {
            _begin = Prepare("BEGIN IMMEDIATE");
            _commit = Prepare("COMMIT");
            _rollback = Prepare("ROLLBACK");
            // Both rows change only when both match the head the batch continues: 2 rows or none.
            _advanceHead = Prepare(
                "UPDATE meta SET value = CASE key WHEN 'head_seq' THEN ?1 ELSE ?2 END "
                + "WHERE (key = 'head_seq' AND value = ?3) OR (key = 'head_hash' AND value = ?4)");
            _mark = Prepare("UPDATE meta SET value = ?1 WHERE key = 'format'");
            Insert = new SqliteInsert(db, table, columns);
        }
        catch
        {
            // The statements prepared so far go with the failure, not to the finalizer thread (the caller closes the handle).
            DisposeStatements();
            throw;
        }
    }

    /// <summary>SQLite's handle of the connection.</summary>
    public sqlite3 Db => _db;

    /// <summary>The prepared inserts of entries.</summary>
    public SqliteInsert Insert { get; }

    /// <summary>
    /// True when the connection has no mutex of its own (it was opened with SQLITE_OPEN_NOMUTEX), false when it has one;
    /// null where the bundled SQLite's function that tells is not found.
    /// </summary>
    public bool? WithoutMutex => s_dbMutex == null ? null : s_dbMutex(_db.DangerousGetHandle()) == IntPtr.Zero;

    /// <summary>
    /// Opens the journal file at <paramref name="path"/> (it exists, with its schema) for writing, and sets what a write
    /// connection of the journal keeps: synchronous FULL, no automatic checkpoint, the statement journal in memory.
    /// </summary>
    public static SqliteWriteConnection Open(string path, int busyTimeoutMs, string table, string columns)
    {
        var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX, null);
        SqliteWriteConnection? connection = null;
        try
        {
            SqliteException.ThrowExceptionForRC(rc, db);
            Check(raw.sqlite3_busy_timeout(db, busyTimeoutMs), db);
            Exec(db, "PRAGMA synchronous = FULL");
            Exec(db, "PRAGMA wal_autocheckpoint = 0");
            Exec(db, "PRAGMA journal_size_limit = 67108864");
            // 8 MB of page cache (about 127 pages of 64 KiB): a commit of the usual batches (a few thousand entries, 20 to 40
            // pages) stays in it; a larger one (batches joined while they waited, beyond about 11,000 entries) spills pages
            // to the log before its commit, as SQLite does, with no commit mark on them until it commits. The writer only
            // appends, so it reads back little, and each page of a fresh cache is memory the kernel finds page by page:
            // with 32 MB a fresh journal's first 100,000 orders in 'bench exchange --durable' cost the writer 2.1 to 2.9 µs
            // each, with 8 MB 1.4 to 1.8.
            Exec(db, "PRAGMA cache_size = -8192");
            // Each multi-row INSERT keeps a statement journal (the pages it changes that the transaction had already
            // changed, to undo that statement alone): in memory, not in a temporary file. On disk it was most of the bytes
            // the writer wrote, about 4 KB per entry (measured with strace in 'bench ledger').
            Exec(db, "PRAGMA temp_store = MEMORY");
            connection = new SqliteWriteConnection(db, table, columns);
            connection.Settings = new SqliteWriterSettings(
                connection.Pragma("synchronous"), connection.Pragma("wal_autocheckpoint"), connection.Pragma("journal_size_limit"),
                connection.Pragma("cache_size"), connection.Pragma("temp_store"), connection.Pragma("busy_timeout"), connection.WithoutMutex,
                connection.Pragma("page_size"));
            return connection;
        }
        catch
        {
            if (connection is not null)
                connection.Dispose();
            else
                db.Dispose();
            throw;
        }
    }

    /// <summary>SQLITE_DBSTATUS_CACHE_SPILL: pages written to the log before their transaction's commit, since the connection opened.</summary>
    private const int DbStatusCacheSpill = 12;

    /// <summary>Pages this connection's cache wrote to the log before a commit (spills) since it opened.</summary>
    public int CacheSpills
    {
        get
        {
            Check(raw.sqlite3_db_status(_db, DbStatusCacheSpill, out var current, out _, 0), _db);
            return current;
        }
    }

    /// <summary>The connection's settings as SQLite reports them, read back when it was opened.</summary>
    public SqliteWriterSettings Settings { get; private set; } = null!;

    /// <summary>The value of a pragma that reports one number.</summary>
    private long Pragma(string name)
    {
        using var statement = Prepare("PRAGMA " + name);
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_ROW)
            SqliteException.ThrowExceptionForRC(rc, _db);
        return raw.sqlite3_column_int64(statement, 0);
    }

    /// <summary>Begins a write transaction, waiting for the file's write lock as long as the busy timeout allows.</summary>
    public void Begin() => Run(_begin);

    /// <summary>Commits the open transaction (durable when this returns: synchronous FULL).</summary>
    public void Commit() => Run(_commit);

    /// <summary>
    /// Rolls the open transaction back, if one is open (SQLite rolls some failures back itself). A rollback that fails
    /// leaves the failure that called for it to be the one reported; the next <see cref="Begin"/> would then fail too.
    /// </summary>
    public void RollBack()
    {
        if (raw.sqlite3_get_autocommit(_db) != 0)
            return;
        try
        {
            Run(_rollback);
        }
        catch (SqliteException)
        {
            // Reported by the caller's own failure.
        }
    }

    /// <summary>Moves the recorded head from (<paramref name="oldSeq"/>, <paramref name="oldHash"/>) on; the rows changed: 2, or 0 when the head is elsewhere.</summary>
    public int AdvanceHead(string newSeq, string newHash, string oldSeq, string oldHash)
    {
        Check(raw.sqlite3_bind_text(_advanceHead, 1, newSeq), _db);
        Check(raw.sqlite3_bind_text(_advanceHead, 2, newHash), _db);
        Check(raw.sqlite3_bind_text(_advanceHead, 3, oldSeq), _db);
        Check(raw.sqlite3_bind_text(_advanceHead, 4, oldHash), _db);
        Run(_advanceHead);
        return raw.sqlite3_changes(_db);
    }

    /// <summary>Marks the journal with this build's format, <paramref name="marker"/>.</summary>
    public void Mark(string marker)
    {
        Check(raw.sqlite3_bind_text(_mark, 1, marker), _db);
        Run(_mark);
    }

    /// <summary>The chain hash of entry <paramref name="seq"/>, or null when there is no such entry.</summary>
    public byte[]? EntryHash(long seq)
    {
        using var statement = Prepare("SELECT hash FROM entries WHERE seq = ?1");
        Check(raw.sqlite3_bind_int64(statement, 1, seq), _db);
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_DONE)
            return null;
        if (rc != raw.SQLITE_ROW)
            SqliteException.ThrowExceptionForRC(rc, _db);
        return raw.sqlite3_column_blob(statement, 0).ToArray();
    }

    /// <summary>Saves a snapshot, replacing one at the same entry.</summary>
    public void SaveSnapshot(long seq, byte[] chainHash, string stateHash, byte[] state)
    {
        using var statement = Prepare("INSERT OR REPLACE INTO snapshots (seq, chain_hash, state_hash, state) VALUES (?1, ?2, ?3, ?4)");
        Check(raw.sqlite3_bind_int64(statement, 1, seq), _db);
        Check(raw.sqlite3_bind_blob(statement, 2, chainHash), _db);
        Check(raw.sqlite3_bind_text(statement, 3, stateHash), _db);
        Check(raw.sqlite3_bind_blob(statement, 4, state), _db);
        Run(statement);
    }

    public void Dispose()
    {
        DisposeStatements();
        _db.Dispose();
    }

    private void DisposeStatements()
    {
        // Null only when the constructor failed before preparing them.
        Insert?.Dispose();
        _advanceHead?.Dispose();
        _mark?.Dispose();
        _begin?.Dispose();
        _commit?.Dispose();
        _rollback?.Dispose();
    }

    private sqlite3_stmt Prepare(string sql) => SqliteCalls.Prepare(_db, sql);

    private void Run(sqlite3_stmt statement) => Step(statement, _db);

    private static void Exec(sqlite3 db, string sql) => Check(raw.sqlite3_exec(db, sql), db);
}
