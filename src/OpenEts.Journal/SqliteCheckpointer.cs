// Copies the SQLite write-ahead log back into the database file on a thread of its own, so the
// journal's writer never stalls a commit to checkpoint (measured: commits take about half as long).
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace OpenEts.Journal;

/// <summary>Runs passive WAL checkpoints on its own connection when the writer says the log has grown.</summary>
internal sealed partial class SqliteCheckpointer : IDisposable
{
    /// <summary>
    /// Bytes appended to the log between two checkpoints, unless told otherwise. Small, so that what is left to copy when the
    /// writer restarts the log is small too (with 16 MB the writer's catch-up took up to 90 ms, with 4 MB 5 to 20 ms).
    /// </summary>
    public const long DefaultEveryBytes = 4L << 20;

    private readonly long _everyBytes;
    private readonly long _keepCachedBytes;

    /// <summary>
    /// The database file's descriptor, borrowed from this checkpointer's own connection to tell the kernel which of its
    /// pages to drop from its cache (null where that advice is not given). Never closed here: see <see cref="SqliteDescriptor"/>.
    /// </summary>
    private readonly int? _descriptor;

    private long _droppedThrough;
    private long _requested;
    private long _run;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _nudged = new(0, 1);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _sinceLast;

    public SqliteCheckpointer(string connectionString, int busyTimeoutMs, long everyBytes, long keepCachedBytes)
    {
        _everyBytes = everyBytes;
        _keepCachedBytes = keepCachedBytes;
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMs}";
                command.ExecuteNonQuery();
            }
            if (DropsCheckpointedPages)
                _descriptor = SqliteDescriptor.Of(_connection, new SqliteConnectionStringBuilder(connectionString).DataSource);
            _thread = new Thread(Run) { IsBackground = true, Name = SqliteJournal.CheckpointThreadName };
            _thread.Start();
        }
        catch
        {
            _connection.Dispose();
            _nudged.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True where the kernel may be told, after each background checkpoint, to drop from its cache the database file's
    /// pages, but for its last <c>keepCachedBytes</c> (Linux on 64-bit x86 or Arm, through <c>posix_fadvise</c>; whether
    /// it is, for a journal, is <see cref="AdvisesCache"/>). Pages the checkpoints have synced, or the kernel has written
    /// back since, are clean and go at once (the advice also starts writing back those still dirty, and the next
    /// checkpoints advise them again); the next checkpoint's pages are then made from memory just given back. Without it
    /// every checkpoint wrote into memory the kernel had to find anew, growing the cache by every byte ever journaled: on a
    /// virtual machine that found its memory for it page by page, the checkpointer's copying cost 0.9 to 1.4 µs per order
    /// in <c>bench exchange</c> and 0.5 to 0.8 µs with the pages dropped. Nothing on the write path reads those pages
    /// back: the writer keeps the pages it appends to in its own cache, and readers of old entries read them from the file.
    /// </summary>
    public static bool DropsCheckpointedPages =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Whether this journal's checkpoints give the cache advice (the descriptor was found and checked).</summary>
    public bool AdvisesCache => _descriptor is not null;

    /// <summary>The offset in the database file below which its pages were last dropped from the kernel's cache (0: never).</summary>
    public long DroppedThrough => Volatile.Read(ref _droppedThrough);

    /// <summary>Whether every checkpoint asked for has run (and given its advice): none waits and none is running.</summary>
    public bool Idle => Volatile.Read(ref _run) == Volatile.Read(ref _requested);

    /// <summary>The latest failure to give the cache advice, if it failed (checkpoints and durability do not depend on it).</summary>
    public Exception? CacheAdviceError { get; private set; }

    /// <summary>The latest checkpoint's failure, if it failed (the next checkpoint retries; durability does not depend on it).</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Called by the writer after a commit of about <paramref name="bytes"/> bytes.</summary>
    public void Committed(long bytes)
    {
        _sinceLast += bytes;
        if (_sinceLast < _everyBytes)
            return;
        _sinceLast = 0;
        if (_nudged.CurrentCount == 0)
        {
            Interlocked.Increment(ref _requested);
            try
            {
                _nudged.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already nudged: one checkpoint covers both.
                Interlocked.Decrement(ref _requested);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        try
        {
            _nudged.Release();
        }
        catch (SemaphoreFullException)
        {
        }
        _thread.Join();
        _connection.Dispose();
        _nudged.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _nudged.Wait();
            if (_stopping)
                return;
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                command.ExecuteNonQuery();
                LastError = null;
                DropCheckpointedPages();
            }
            catch (SqliteException ex)
            {
                LastError = ex;
            }
            finally
            {
                Interlocked.Increment(ref _run);
            }
        }
    }

    /// <summary>
    /// Bytes below the last mark advised again at each checkpoint: pages still dirty when first advised (a checkpoint that
    /// could not copy the whole log does not sync the file) are written back meanwhile and go at a later try.
    /// </summary>
    private const long AdviseAgainBytes = 16L << 20;

    /// <summary>Drops from the kernel's cache the database file's pages below its last <c>keepCachedBytes</c>, from a little below the last mark.</summary>
    private void DropCheckpointedPages()
    {
        if (_descriptor is not { } fd)
            return;
        try
        {
            var page = Environment.SystemPageSize;
            var through = (new FileInfo(_connection.DataSource).Length - _keepCachedBytes) / page * page;
            var from = Math.Max(0, Math.Min(_droppedThrough, through) - AdviseAgainBytes);
            if (through <= 0 || through <= from)
                return;
            var rc = PosixFadvise(fd, from, through - from, PosixFadviseDontNeed);
            if (rc != 0)
            {
                CacheAdviceError = new IOException($"posix_fadvise could not drop checkpointed pages of the journal from the cache (error {rc}).");
                return;
            }
            CacheAdviceError = null;
            Volatile.Write(ref _droppedThrough, Math.Max(_droppedThrough, through));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Advice only: the checkpoints go on whatever becomes of it.
            CacheAdviceError = ex;
        }
    }

    private const int PosixFadviseDontNeed = 4;  // on x86-64 and Arm64 Linux

    /// <summary>posix_fadvise(2): advice only; returns 0 or an error number (the page cache is the kernel's, the data is on disk).</summary>
    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fd, long offset, long length, int advice);
}
