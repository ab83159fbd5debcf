// The SQLite journal's write-ahead log under a steady stream of batches: the writer makes it start over, so it stays
// bounded instead of growing for as long as the stream lasts; a reader that holds old frames only delays that.
using Microsoft.Data.Sqlite;
using OpenEts.Core;
using OpenEts.Journal;

namespace OpenEts.Journal.Tests;

public sealed class SqliteLogTests : IDisposable
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
    private SqliteJournal Journal() => new(Db) { RestartLogBytes = 256 << 10, CheckpointEveryBytes = long.MaxValue };

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
            Assert.InRange(LogBytes, 1, 2 << 20);
            Assert.InRange(journal.LogBytes!.Value, 1, 512 << 10);
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
        Assert.Equal(0, journal.LogBytes % (16_384 + 24));
        // A commit of one entry writes a page or two, far more than its bytes: the size counted is the log's, so 399 such
        // commits (over 6 MB of pages) leave at most the threshold and one commit's frames.
        for (var i = 1; i < entries.Count; i++)
            journal.Append(entries[i..(i + 1)]);
        Assert.Null(journal.LastRestartError);
        Assert.InRange(LogBytes, 1, (256 << 10) + 4 * (16_384 + 24) + 32);
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
        Assert.InRange(LogBytes, pinned, pinned + (512 << 10));
        Assert.Equal(16_000, journal.RecordedHead()!.Seq);
        Assert.Equal(16_000, journal.Read(0).Count());
    }
}
