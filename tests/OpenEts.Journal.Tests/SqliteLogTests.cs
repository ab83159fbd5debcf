// The SQLite journal's write-ahead log under a steady stream of batches: the writer makes it start over, so it stays
// bounded instead of growing for as long as the stream lasts; a reader that holds old frames only delays that. And the
// database file's checkpointed pages leave the kernel's cache, but for its tail.
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using OpenEts.Core;
using OpenEts.Journal;

namespace OpenEts.Journal.Tests;

public sealed partial class SqliteLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openets-log-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Db => Path.Combine(_dir, "j.db");

    private long LogBytes => new FileInfo(Db + "-wal").Length;

    /// <summary>A journal whose background checkpointer is never nudged: only the writer's restart keeps the log bounded.</summary>
    /// <summary>A page of a new journal file: the thresholds and bounds here count pages, as the log holds whole pages.</summary>
    private const long Page = SqliteJournal.PageSize;

    /// <summary>A journal whose log starts over past 16 pages (1 MB), with no checkpointer: the writer copies the frames itself.</summary>
    private SqliteJournal Journal() => new(Db) { RestartLogBytes = 16 * Page, CheckpointEveryBytes = long.MaxValue };

    [Fact]
    public void Under_a_steady_stream_of_batches_the_log_starts_over_and_stays_small()
    {
        var entries = Chain.Build(12_000);
        using (var journal = Journal())
        {
            journal.Open();
            for (var i = 0; i < entries.Count; i += 200)
                journal.Append(entries[i..(i + 200)]);
            Assert.Null(journal.LastRestartError);
            // 12,000 entries of about 500 bytes went through the log (about 6 MB of rows, more in pages); it holds at
            // most the few batches since its last start, and SQLite's count says so too.
            Assert.InRange(LogBytes, 1, 32 * Page);
            Assert.InRange(journal.LogBytes!.Value, 1, 32 * Page);
            Assert.Equal(12_000, journal.RecordedHead()!.Seq);
        }
        using var reopened = new SqliteJournal(Db);
        Assert.Equal(entries[^1].Hash, reopened.Open().Hash);
        Assert.Equal(entries.Select(e => Convert.ToHexString(e.Hash)), reopened.Read(0).Select(e => Convert.ToHexString(e.Hash)));
    }

    [Fact]
    public void The_log_size_is_sqlites_own_count_of_frames_and_commits_of_one_entry_keep_it_bounded_too()
    {
        var entries = Chain.Build(400);
        using var journal = Journal();
        journal.Open();
        journal.Append(entries[..1]);
        // The file is the log's 32-byte header and its frames, each a page and a 24-byte header.
        Assert.Equal(LogBytes, journal.LogBytes + 32);
        Assert.Equal(0, journal.LogBytes % (Page + 24));
        // A commit of one entry writes a page or two, far more than its bytes: the size counted is the log's, so 399 such
        // commits (hundreds of pages) leave at most the threshold and one commit's frames.
        for (var i = 1; i < entries.Count; i++)
            journal.Append(entries[i..(i + 1)]);
        Assert.Null(journal.LastRestartError);
        Assert.InRange(LogBytes, 1, (16 * Page) + 4 * (Page + 24) + 32);
        Assert.Equal(400, journal.Read(0).Count());
    }

    [Fact]
    public void A_reader_holding_old_frames_lets_the_log_grow_until_it_lets_go_and_no_append_fails()
    {
        var entries = Chain.Build(16_000);
        using var journal = Journal();
        journal.Open();
        journal.Append(entries[..200]);
        long pinned;
        using (var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString()))
        {
            reader.Open();
            using var tx = reader.BeginTransaction(deferred: true);
            using (var read = reader.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = "SELECT count(*) FROM entries";
                Assert.Equal(200L, read.ExecuteScalar());
            }
            for (var i = 200; i < 8_000; i += 200)
                journal.Append(entries[i..(i + 200)]);
            pinned = LogBytes;
            // The reader's snapshot is the one it began with; the log could not start over beneath it.
            Assert.True(pinned > 2 << 20, $"the log is {pinned:N0} bytes while a reader holds its first frames");
            using (var again = reader.CreateCommand())
            {
                again.Transaction = tx;
                again.CommandText = "SELECT count(*) FROM entries";
                Assert.Equal(200L, again.ExecuteScalar());
            }
        }
        // Let go: at the next try (once the log has grown by an eighth of the threshold, here within a batch) the log starts
        // over, and grows no more: the 8,000 entries after it (over 4 MB of pages) are written over the frames already there.
        for (var i = 8_000; i < entries.Count; i += 200)
            journal.Append(entries[i..(i + 200)]);
        Assert.Null(journal.LastRestartError);
        Assert.InRange(LogBytes, pinned, pinned + (32 * Page));
        Assert.Equal(16_000, journal.RecordedHead()!.Seq);
        Assert.Equal(16_000, journal.Read(0).Count());
    }

    [OnLinux(DiskBacked = true)]
    public void Checkpointed_pages_of_the_database_file_leave_the_kernels_cache_but_for_its_tail_and_read_back_whole()
    {
        Assert.True(SqliteJournal.DropsCheckpointedPages);
        var entries = Chain.Build(16_000);
        const long keep = 1 << 20;
        long size, through;
        using (var journal = new SqliteJournal(Db) { CheckpointEveryBytes = 256 << 10, KeepCachedBytes = keep })
        {
            journal.Open();
            Assert.True(journal.AdvisesCache);
            for (var i = 0; i < entries.Count; i += 200)
                journal.Append(entries[i..(i + 200)]);
            // Every checkpoint asked for has run once the checkpointer is idle; no other starts, as nothing is appended.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!journal.CheckpointerIdle && DateTime.UtcNow < deadline)
                Thread.Sleep(10);
            Assert.True(journal.CheckpointerIdle);
            size = new FileInfo(Db).Length;
            through = journal.CacheDroppedThrough;
            Assert.True(size > 6 << 20, $"the database file is {size:N0} bytes");
            Assert.Equal((size - keep) / Environment.SystemPageSize * Environment.SystemPageSize, through);
            Assert.Null(journal.CheckpointError);
            Assert.Null(journal.CacheAdviceError);
        }

        // Looked at once the journal is closed (the mapping opens and closes a descriptor of the file, which would drop the
        // journal's locks; closing copied the log's last frames in, a few pages of the tail and of the tree's top). Written
        // a moment ago, every page would still be cached: those below the mark are not (but the last checkpoints' own,
        // which may still be on their way to the disk), those of the tail are.
        var below = through - (2 << 20);
        var (dropped, tail) = ResidentShares(Db, below, size - keep);
        Assert.True(dropped < 0.2, $"{dropped:P0} of the pages below {below:N0} are still cached");
        Assert.True(tail > 0.8, $"only {tail:P0} of the last {keep:N0} bytes are cached");

        // Read back from the file itself, every entry is whole.
        using var reopened = new SqliteJournal(Db);
        reopened.Open();
        Assert.Equal(entries.Select(e => Convert.ToHexString(e.Hash)), reopened.Read(0).Select(e => Convert.ToHexString(e.Hash)));
        Assert.Equal(entries[5_000].Payload.ToArray(), reopened.ReadOne(5_001)!.Payload.ToArray());
    }

    [OnLinux]
    public void A_second_journal_opened_and_closed_on_the_file_leaves_the_first_ones_sqlite_locks_held()
    {
        // SQLite's POSIX locks keep other processes from deleting the log beneath the writer. Closing any descriptor of the
        // file drops all of them in this process, so nothing of ours may open and close one while a journal is open (a
        // server opens two journals on one file). /proc/locks lists every lock held, by process and file.
        var entries = Chain.Build(400);
        using var first = new SqliteJournal(Db) { CheckpointEveryBytes = 16 << 10 };
        first.Open();
        first.Append(entries[..200]);
        var held = LocksOfThisProcess(Db);
        Assert.NotEmpty(held);
        using (var second = new SqliteJournal(Db) { CheckpointEveryBytes = 16 << 10 })
        {
            Assert.Equal(200, second.Open().Seq);
            Assert.Equal(200, second.Read(0).Count());
        }
        Assert.Superset(held, LocksOfThisProcess(Db));
        first.Append(entries[200..]);
        Assert.Superset(held, LocksOfThisProcess(Db));
        Assert.Equal(400, first.Read(0).Count());
    }

    /// <summary>
    /// The POSIX locks this process holds now on the file at <paramref name="path"/>, as /proc/locks lists them (kind, mode,
    /// process, device and inode, range); other tests running meanwhile lock files of their own.
    /// </summary>
    private static HashSet<string> LocksOfThisProcess(string path)
    {
        var pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var inode = ":" + Inode(path);
        return File.ReadLines("/proc/locks")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 8 && f[1] == "POSIX" && f[4] == pid && f[5].EndsWith(inode, StringComparison.Ordinal))
            .Select(f => string.Join(' ', f[1..]))
            .ToHashSet();
    }

    /// <summary>The inode number of a file, from <c>stat</c> (.NET does not say it).</summary>
    private static string Inode(string path)
    {
        var info = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var stat = System.Diagnostics.Process.Start(info)!;
        var inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        Assert.Equal(0, stat.ExitCode);
        return inode;
    }

    /// <summary>The shares of the file's pages in the kernel's cache below <paramref name="below"/> and from <paramref name="tailFrom"/> on (mincore over a mapping that touches none).</summary>
    private static (double Below, double Tail) ResidentShares(string path, long below, long tailFrom)
    {
        var length = new FileInfo(path).Length;
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        var handle = view.SafeMemoryMappedViewHandle;
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var page = Environment.SystemPageSize;
            var pages = (int)((length + page - 1) / page);
            var resident = new byte[pages];
            Assert.Equal(0, Mincore(handle.DangerousGetHandle() + (nint)view.PointerOffset, (nuint)length, resident));
            double Share(long from, long to)
            {
                var (first, last) = ((int)(from / page), (int)Math.Min(pages, (to + page - 1) / page));
                return (double)resident[first..last].Count(r => (r & 1) != 0) / Math.Max(1, last - first);
            }
            return (Share(0, below), Share(tailFrom, length));
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "mincore")]
    private static partial int Mincore(nint address, nuint length, [Out] byte[] vector);
}

/// <summary>
/// A test that runs on Linux only; with <see cref="DiskBacked"/>, only where the temporary directory is not in memory (on
/// tmpfs the page cache is the file's only copy, so the kernel keeps every page whatever it is told).
/// </summary>
public sealed class OnLinuxAttribute : FactAttribute
{
    public OnLinuxAttribute() => Skip = OperatingSystem.IsLinux() ? null : "Linux only: /proc and the kernel's page cache advice.";

    public bool DiskBacked
    {
        get => false;
        init
        {
            if (value && Skip is null && TemporaryFileSystem() is "tmpfs" or "ramfs")
                Skip = "The temporary directory is in memory (tmpfs): its files have no pages to drop.";
        }
    }

    /// <summary>The type of the file system that holds the temporary directory (the mount with the longest matching path).</summary>
    private static string? TemporaryFileSystem()
    {
        var temp = Path.GetFullPath(Path.GetTempPath());
        string? type = null;
        var best = -1;
        foreach (var fields in File.ReadLines("/proc/self/mounts").Select(line => line.Split(' ')))
        {
            if (fields.Length < 3)
                continue;
            var point = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            var inside = point == "/" || temp == point || temp.StartsWith(point.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (inside && point.Length > best)
                (best, type) = (point.Length, fields[2]);
        }
        return type;
    }
}
