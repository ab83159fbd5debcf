// The journal's contract, run on SQLite and on PostgreSQL alike: what one store does, the other does.
using System.Security.Cryptography;
using OpenEts.Core;
using OpenEts.Journal;

namespace OpenEts.Journal.Tests;

public sealed class JournalContractTests
{
    [Theory, OnSqlite, OnPostgres]
    public void A_new_database_opens_as_an_empty_journal_with_the_genesis_head(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        using var journal = store.NewJournal();

        var head = journal.Open();

        Assert.Equal(0, head.Seq);
        Assert.Equal(new byte[32], head.Hash);
        Assert.Empty(journal.Read(0));
        Assert.Null(journal.LatestSnapshot());
        Assert.Equal(["openets-journal/2"], store.Column($"SELECT value FROM {store.Table("meta")} WHERE key = 'format'"));
    }

    [Theory, OnSqlite, OnPostgres]
    public void Command_ids_and_kinds_of_any_length_and_script_read_back_exactly(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        // Ids of any length and script (where rows cannot be bound in place, ids up to 128 characters are encoded on the
        // stack and longer ones another way); in single rows, then in a large group, a small group and single rows.
        string[] ids = ["", "a", new string('x', 128), new string('y', 129), "交易-é-🙂", new string('碳', 128)];
        var entries = Chain.Of(3 + SqliteJournal.InsertGroup + SqliteJournal.InsertSmallGroup + 3,
            i => (ids[i % ids.Length] + (i < ids.Length ? "" : $"#{i}"), i % 2 == 0 ? "registry.transfer" : "配额.转让", true, Chain.Payload(i + 1)));
        using (var journal = store.OpenJournal())
        {
            journal.Append(entries[..3]);
            journal.Append(entries[3..]);
            // On SQLite, three single rows, then one large group, one small group and three single rows.
            if (journal is SqliteJournal sqlite)
                Assert.Equal([(SqliteJournal.InsertGroup, 1L), (SqliteJournal.InsertSmallGroup, 1L), (1, 6L)], sqlite.InsertStatements);
        }
        using var reopened = store.OpenJournal();
        var back = reopened.Read(0).ToList();
        Assert.Equal(entries.Select(e => (e.CommandId, e.Kind)), back.Select(e => (e.CommandId, e.Kind)));
        Assert.Equal(entries.Select(e => Convert.ToHexString(e.Hash)), back.Select(e => Convert.ToHexString(e.Hash)));
    }

    [Theory, OnSqlite, OnPostgres]
    public void Payloads_of_any_size_read_back_byte_for_byte_also_in_groups_larger_than_the_binding_buffer(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        // A large group of rows whose payloads together far exceed the 1 MB rows are first bound from (so the buffer
        // grows, then goes back to its size), a single row of one byte, a single row of 5 MB (it grows again, from
        // another statement), then, after a collection, a large group, a small group and single rows of small ones.
        var (large, small) = (SqliteJournal.InsertGroup, SqliteJournal.InsertSmallGroup);
        int[] sizes = [.. Enumerable.Range(0, large).Select(i => 8_000 + i * 97), 1, 5_000_000, .. Enumerable.Range(0, large + small + 6).Select(i => 1 + i % 50)];
        Assert.True(sizes[..large].Sum() > 4 * SqliteJournal.InsertBoundBytes, "the first group needs a larger buffer");
        var random = new Random(5);
        var entries = Chain.Of(sizes.Length, i =>
        {
            var payload = new byte[sizes[i]];
            random.NextBytes(payload);
            return ($"big-{i}", "registry.transfer", i % 3 != 0, payload);
        });
        using (var journal = store.OpenJournal())
        {
            journal.Append(entries[..large]);
            journal.Append(entries[large..(large + 1)]);
            journal.Append(entries[(large + 1)..(large + 2)]);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            journal.Append(entries[(large + 2)..]);
        }
        using var reopened = store.OpenJournal();
        var back = reopened.Read(0).ToList();
        Assert.Equal(entries.Count, back.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.True(entries[i].Payload.Span.SequenceEqual(back[i].Payload.Span), $"payload {i} of {sizes[i]} bytes");
            Assert.Equal((entries[i].Seq, entries[i].CommandId, entries[i].Accepted, entries[i].TimeUnixMs), (back[i].Seq, back[i].CommandId, back[i].Accepted, back[i].TimeUnixMs));
            Assert.Equal(entries[i].ContentHash, back[i].ContentHash);
            Assert.Equal(entries[i].PrevHash, back[i].PrevHash);
            Assert.Equal(entries[i].Hash, back[i].Hash);
        }
    }

    [Fact]
    public void On_this_platform_the_journal_binds_rows_in_place()
    {
        // The tests above then exercise that path; elsewhere the journal binds through SQLitePCLRaw's functions.
        Assert.True(SqliteJournal.BindsRowsInPlace);
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_second_writer_is_refused_before_it_writes_and_the_first_goes_on(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var entries = Chain.Build(20);
        var first = store.OpenJournal();
        first.Append(entries[..10]);
        using (var second = store.OpenJournal())
        {
            // It reads what the writer wrote, and writes nothing itself: a snapshot neither.
            Assert.Equal(10, second.RecordedHead()!.Seq);
            Assert.Equal(10, second.Read(0).Count());
            Assert.Throws<JournalInUseException>(() => second.Append(entries[10..]));
            Assert.Throws<JournalInUseException>(() => second.SaveSnapshot(new StoredSnapshot(10, entries[9].Hash, "h", [1])));
            Assert.Throws<JournalInUseException>(second.ClaimWriter);
            Assert.Equal(10, second.RecordedHead()!.Seq);
            Assert.Null(second.LatestSnapshot());
        }
        first.Append(entries[10..]);
        Assert.Equal(20, first.RecordedHead()!.Seq);
        first.Dispose();

        // The claim ends with the writer: the next one may write.
        using var next = store.OpenJournal();
        next.ClaimWriter();
        next.SaveSnapshot(new StoredSnapshot(20, entries[19].Hash, "h", [1]));
        Assert.Equal(20, next.LatestSnapshot()!.Seq);
    }

    [Fact]
    public void Two_paths_to_one_sqlite_file_share_one_writer_lock()
    {
        using var store = TestStore.Create(StoreKind.Sqlite);
        var link = store.Db + ".link";
        File.CreateSymbolicLink(link, store.Db);
        try
        {
            using var first = store.OpenJournal();
            first.ClaimWriter();
            using var throughLink = new SqliteJournal(link);
            throughLink.Open();
            Assert.Throws<JournalInUseException>(throughLink.ClaimWriter);
        }
        finally
        {
            File.Delete(link);
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public void Appended_entries_read_back_exactly_and_in_order(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var entries = Chain.Build(250);
        using (var journal = store.OpenJournal())
        {
            journal.Append(entries[..1]);
            journal.Append(entries[1..100]);
            journal.Append(entries[100..]);
        }

        using var reopened = store.NewJournal();
        var head = reopened.Open();
        var read = reopened.Read(0).ToList();

        Assert.Equal(250, head.Seq);
        Assert.Equal(entries[^1].Hash, head.Hash);
        Assert.Equal(250, read.Count);
        for (var i = 0; i < entries.Count; i++)
            AssertSame(entries[i], read[i]);
        Assert.Equal(entries[150..].Select(e => e.Seq), reopened.Read(150).Select(e => e.Seq));
        AssertSame(entries[41], reopened.ReadOne(42)!);
        Assert.Null(reopened.ReadOne(251));
        Assert.Null(reopened.ReadOne(0));
    }

    [Theory, OnSqlite, OnPostgres]
    public void The_head_is_recorded_with_each_commit(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        using var journal = store.OpenJournal();
        var entries = Chain.Build(30);

        journal.Append(entries[..10]);
        Assert.Equal(10, journal.RecordedHead()!.Seq);
        Assert.Equal(entries[9].Hash, journal.RecordedHead()!.Hash);

        journal.Append(entries[10..]);
        Assert.Equal(30, journal.RecordedHead()!.Seq);
        Assert.Equal([Convert.ToHexStringLower(entries[29].Hash)], store.Column($"SELECT value FROM {store.Table("meta")} WHERE key = 'head_hash'"));
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_batch_that_does_not_continue_the_head_is_refused_and_changes_nothing(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        using var journal = store.OpenJournal();
        var entries = Chain.Build(20);
        journal.Append(entries[..10]);

        Assert.Throws<InvalidOperationException>(() => journal.Append(entries[11..]));   // a gap: 12 after 10
        Assert.Throws<InvalidOperationException>(() => journal.Append(entries[5..12]));  // an overlap: 6 after 10
        var forked = Chain.Build(5, afterSeq: 10, prevHash: SHA256.HashData("another history"u8), prefix: "fork");
        Assert.Throws<InvalidOperationException>(() => journal.Append(forked));          // right seq, wrong link
        Assert.Throws<ArgumentException>(() => journal.Append([entries[10], entries[12]])); // a gap inside the batch

        Assert.Equal(10, journal.RecordedHead()!.Seq);
        Assert.Equal(10, journal.Read(0).Count());
        journal.Append(entries[10..]);
        Assert.Equal(20, journal.Read(0).Count());
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_batch_that_fails_partway_through_its_rows_is_rolled_back_whole(StoreKind kind)
    {
        // The head moves first, then the rows go in: a row that cannot be written (here its seq is taken by a row written
        // around the journal, inside the batch's first full group of rows) must take the head's move and the group's rows
        // before it back with it, and leave the writer able to write again.
        using var store = TestStore.Create(kind);
        using var journal = store.OpenJournal();
        var entries = Chain.Build(200);
        journal.Append(entries[..10]);
        WriteAroundTheJournal(store, 40);

        var failure = Assert.ThrowsAny<Exception>(() => journal.Append(entries[10..]));

        // The row's own uniqueness failure: SQLite's constraint code; PostgreSQL's unique_violation, which that store
        // reports as a batch that does not continue the chain.
        if (kind == StoreKind.Sqlite)
            Assert.Equal(19, Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(failure).SqliteErrorCode);
        else
            Assert.Contains("must continue the chain", Assert.IsType<InvalidOperationException>(failure).Message);
        Assert.Equal(10, journal.RecordedHead()!.Seq);
        Assert.Equal(entries[9].Hash, journal.RecordedHead()!.Hash);
        Assert.Equal(["40"], store.Column($"SELECT seq FROM {store.Table("entries")} WHERE seq > 10"));
        store.Execute($"DELETE FROM {store.Table("entries")} WHERE seq = 40");
        journal.Append(entries[10..]);
        Assert.Equal(200, journal.RecordedHead()!.Seq);
        Assert.True(ChainVerifier.Verify(journal).Sound);
    }

    [Fact]
    public void A_sqlite_transaction_larger_than_the_writer_s_page_cache_commits_whole_or_rolls_back_whole()
    {
        // 400 entries of about 60 KB, each on a 64 KiB page of its own: 24 MB in one transaction, three times the writer's
        // 8 MB cache, so SQLite writes pages to the log before the commit (a spill). The first batch commits and reads back
        // whole. The second, as large, moves the head, spills, and fails on its last row (its seq taken by a row written
        // around the journal): everything it wrote, spilled pages included, is rolled back, and the journal writes again.
        using var store = TestStore.Create(StoreKind.Sqlite);
        var entries = Chain.Of(800, i => ($"big-{i + 1}", "registry.transfer", true,
            System.Text.Encoding.UTF8.GetBytes($"{{\"pad\":\"{new string((char)('a' + i % 26), 60_000)}\"}}")));
        using (var journal = store.OpenJournal())
        {
            Assert.Equal(0, journal.Open().Seq);
            journal.Append(entries[..400]);
            var sqlite = (SqliteJournal)journal;
            Assert.True(-1024 * sqlite.WriterSettings!.CacheSize < entries[..400].Sum(e => (long)e.Payload.Length) / 2, "each transaction is over twice the cache");
            var spilled = sqlite.WriterCacheSpills!.Value;
            Assert.True(spilled > 0, "the first transaction spilled pages to the log before its commit");
            WriteAroundTheJournal(store, 800);

            var failure = Assert.ThrowsAny<Exception>(() => journal.Append(entries[400..]));

            Assert.Equal(19, Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(failure).SqliteErrorCode);
            Assert.True(sqlite.WriterCacheSpills > spilled, "the refused transaction spilled too before it failed");
            Assert.Equal(400, journal.RecordedHead()!.Seq);
            Assert.Equal(["800"], store.Column($"SELECT seq FROM {store.Table("entries")} WHERE seq > 400"));
            store.Execute($"DELETE FROM {store.Table("entries")} WHERE seq = 800");
        }
        using (var reopened = store.OpenJournal())
        {
            Assert.Equal(400, reopened.Open().Seq);
            Assert.Equal(entries[..400].Select(e => e.Hash), reopened.Read(0).Select(e => e.Hash));
            reopened.Append(entries[400..]);
        }
        using var last = store.OpenJournal();
        Assert.Equal(800, last.Open().Seq);
        Assert.Equal(60_010, last.ReadOne(800)!.Payload.Length);
        var report = ChainVerifier.Verify(last);
        Assert.True(report.Sound, report.Problem?.ToString());
    }

    [Fact]
    public void The_sqlite_writer_has_no_mutex_keeps_its_settings_and_writes_from_the_threads_it_is_handed_to()
    {
        using var store = TestStore.Create(StoreKind.Sqlite);
        var journal = (SqliteJournal)store.OpenJournal();
        try
        {
            // As SQLite reports them: each commit synced, no automatic checkpoint, the statement journal in memory.
            Assert.Equal(new SqliteWriterSettings(Synchronous: 2, WalAutocheckpoint: 0, JournalSizeLimit: 64L << 20, CacheSize: -8192, TempStore: 2,
                BusyTimeoutMs: SqliteJournal.BusyTimeoutMs, WithoutMutex: true, PageSize: SqliteJournal.PageSize), journal.WriterSettings);
            // Opened on this thread, written from others in turn, as the engine hands it to its writer thread.
            var entries = Chain.Build(300);
            OnItsOwnThread(() => journal.Append(entries[..150]));
            OnItsOwnThread(() => journal.SaveSnapshot(new StoredSnapshot(150, entries[149].Hash, "state-150", "{}"u8.ToArray())));
            OnItsOwnThread(() => journal.Append(entries[150..]));
        }
        finally
        {
            journal.Dispose();
        }
        using var reopened = store.OpenJournal();
        Assert.Equal(300, reopened.RecordedHead()!.Seq);
        Assert.Equal(150, reopened.LatestSnapshot()!.Seq);
        Assert.True(ChainVerifier.Verify(reopened).Sound);
    }

    /// <summary>A row at <paramref name="seq"/> written straight into the entries table, not through the journal: a batch that reaches it fails there.</summary>
    private static void WriteAroundTheJournal(TestStore store, long seq) =>
        store.Execute($"INSERT INTO {store.Table("entries")} (seq, command_id, kind, accepted, time_unix_ms, content_hash, payload, prev_hash, hash) "
            + $"VALUES ({seq}, 'stray', 'stray', @p0, 0, @p1, @p1, @p1, @p1)", true, new byte[32]);

    private static void OnItsOwnThread(Action work)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                work();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
            throw new InvalidOperationException("The work failed on its thread.", failure);
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_command_id_recorded_twice_is_named_by_verify_and_the_entries_table_has_no_index_on_ids(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        using var journal = store.OpenJournal();
        var entries = Chain.Build(5);
        journal.Append(entries);
        Assert.True(ChainVerifier.Verify(journal).Sound);
        var payload = Chain.Payload(6);
        var repeat = HashChain.Seal(6, entries[^1].Hash, "cmd-3", "registry.transfer", true, 1, SHA256.HashData(payload), payload);

        // The store appends at the end of the table and leaves command ids to the engine, which loads them all at open:
        // an index on random ids would rewrite pages all over it at every commit.
        journal.Append([repeat]);

        var report = ChainVerifier.Verify(journal);
        Assert.False(report.Sound);
        Assert.Equal(new ChainProblem(6, ChainProblemKind.Repeated, "entry 6 repeats the command id of entry 3: one command was recorded twice"), report.Problem);
        Assert.Equal(5, report.EntriesChecked);
        Assert.DoesNotContain("command_id", store.IndexedColumns("entries"));
    }

    [Theory, OnSqlite, OnPostgres]
    public void The_command_index_lists_every_id_with_its_content_hash_and_seq(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        using var journal = store.OpenJournal();
        var entries = Chain.Build(40);
        journal.Append(entries);

        var index = journal.ReadCommandIndex().ToList();

        Assert.Equal(entries.Select(e => (e.CommandId, Convert.ToHexString(e.ContentHash), e.Seq)),
            index.Select(i => (i.CommandId, Convert.ToHexString(i.ContentHash), i.Seq)));
    }

    [Theory, OnSqlite, OnPostgres]
    public void The_latest_snapshot_is_the_one_with_the_highest_seq(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var entries = Chain.Build(30);
        using (var journal = store.OpenJournal())
        {
            journal.Append(entries);
            journal.SaveSnapshot(new StoredSnapshot(20, entries[19].Hash, "hash-20", "{\"at\":20}"u8.ToArray()));
            journal.SaveSnapshot(new StoredSnapshot(10, entries[9].Hash, "hash-10", "{\"at\":10}"u8.ToArray()));
        }
        using var reopened = store.OpenJournal();

        var latest = reopened.LatestSnapshot()!;

        Assert.Equal(20, latest.Seq);
        Assert.Equal(entries[19].Hash, latest.ChainHash);
        Assert.Equal("hash-20", latest.StateHash);
        Assert.Equal("{\"at\":20}"u8.ToArray(), latest.State);
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_snapshot_that_does_not_match_its_entry_is_not_saved(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        using var journal = store.OpenJournal();
        var entries = Chain.Build(10);
        journal.Append(entries);

        Assert.Throws<InvalidOperationException>(() => journal.SaveSnapshot(new StoredSnapshot(5, entries[6].Hash, "h", "{}"u8.ToArray())));
        Assert.Throws<InvalidOperationException>(() => journal.SaveSnapshot(new StoredSnapshot(11, entries[9].Hash, "h", "{}"u8.ToArray())));

        Assert.Null(journal.LatestSnapshot());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Reads_run_while_another_thread_appends(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        using var journal = store.OpenJournal();
        var entries = Chain.Build(3000);
        var appender = Task.Run(() =>
        {
            for (var i = 0; i < entries.Count; i += 100)
                journal.Append(entries[i..(i + 100)]);
        });

        var reads = 0;
        while (!appender.IsCompleted || reads == 0)
        {
            var seen = journal.Read(0).Select(e => e.Seq).ToList();
            Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen);   // always a whole prefix
            if (seen.Count > 0)
                AssertSame(entries[seen.Count - 1], journal.ReadOne(seen.Count)!);
            reads++;
        }
        await appender;

        Assert.Equal(3000, journal.Read(0).Count());
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_journal_of_another_format_version_is_refused(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        using (store.OpenJournal())
        {
        }
        store.Execute($"UPDATE {store.Table("meta")} SET value = 'openets-journal/3' WHERE key = 'format'");

        using var journal = store.NewJournal();
        var ex = Assert.Throws<JournalFormatException>(() => journal.Open());

        Assert.Contains("openets-journal/3", ex.Message);
        Assert.Contains("reads 'openets-journal/2' and 'openets-journal/1' only", ex.Message);
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_journal_of_the_previous_format_is_read_as_it_is_and_marked_current_by_its_first_write(StoreKind kind)
    {
        // Format 1's payloads also carry the command id and acceptance; this build reads them. A build of format 1 could not
        // answer a retry from an entry of this build's, so the first write marks the journal as this build's: then such a
        // build refuses it (as above) instead of failing on a retry.
        using var store = TestStore.Create(kind);
        var entries = Chain.Build(4);
        using (var journal = store.OpenJournal())
            journal.Append(entries[..2]);
        var format = $"SELECT value FROM {store.Table("meta")} WHERE key = 'format'";
        store.Execute($"UPDATE {store.Table("meta")} SET value = 'openets-journal/1' WHERE key = 'format'");

        using (var journal = store.NewJournal())
        {
            Assert.Equal(2, journal.Open().Seq);
            Assert.Equal(2, journal.Read(0).Count());
            Assert.True(ChainVerifier.Verify(journal).Sound);
        }
        Assert.Equal(["openets-journal/1"], store.Column(format));   // only read: left as it was

        using (var journal = store.NewJournal())
        {
            journal.Open();
            journal.Append(entries[2..3]);
            Assert.Equal(["openets-journal/2"], store.Column(format));
            journal.Append(entries[3..]);
        }
        using (var again = store.NewJournal())
            Assert.Equal(4, again.Open().Seq);

        // A snapshot, the other write, marks it too.
        store.Execute($"UPDATE {store.Table("meta")} SET value = 'openets-journal/1' WHERE key = 'format'");
        using (var journal = store.NewJournal())
        {
            journal.Open();
            journal.SaveSnapshot(new StoredSnapshot(4, entries[3].Hash, "state-hash", "{}"u8.ToArray()));
        }
        Assert.Equal(["openets-journal/2"], store.Column(format));
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_database_with_other_tables_and_no_journal_is_refused_and_left_untouched(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        store.Execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, holder TEXT NOT NULL)");
        store.Execute("INSERT INTO accounts (id, holder) VALUES (1, 'someone else')");
        var before = kind == StoreKind.Sqlite ? SHA256.HashData(File.ReadAllBytes(store.Db)) : null;

        using var journal = store.NewJournal();
        var ex = Assert.Throws<JournalFormatException>(() => journal.Open());

        Assert.Contains("accounts", ex.Message);
        Assert.Contains("not an OpenETS journal", ex.Message.Replace("no OpenETS journal", "not an OpenETS journal"));
        if (kind == StoreKind.Sqlite)
        {
            Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(store.Db)));
            Assert.Equal(["delete"], store.Column("PRAGMA journal_mode"));
            Assert.Equal(["accounts"], store.Column("SELECT name FROM sqlite_master WHERE type = 'table'"));
        }
        else
        {
            Assert.Empty(store.Column("SELECT nspname FROM pg_namespace WHERE nspname = 'openets'"));
        }
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_refused_and_left_untouched()
    {
        using var store = TestStore.Create(StoreKind.Sqlite);
        RefusedUntouched(store, 4096, seed: 7);
        Assert.False(File.Exists(store.Db + "-wal"));
    }

    /// <summary>Writes random bytes where the journal is, and asserts its opening is refused with those bytes left as they were.</summary>
    private static void RefusedUntouched(TestStore store, int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(store.Db, bytes);
        using var journal = store.NewJournal();
        var ex = Assert.Throws<JournalFormatException>(() => journal.Open());
        Assert.Contains("not an SQLite database", ex.Message);
        Assert.Equal(bytes, File.ReadAllBytes(store.Db));
    }

    [Fact]
    public void A_text_file_is_refused_and_left_untouched()
    {
        using var store = TestStore.Create(StoreKind.Sqlite);
        File.WriteAllText(store.Db, "date,price\n2026-01-02,60.5\n");

        using var journal = store.NewJournal();

        Assert.Throws<JournalFormatException>(() => journal.Open());
        Assert.Equal("date,price\n2026-01-02,60.5\n", File.ReadAllText(store.Db));
    }

    [Fact]
    public void A_file_that_is_not_sqlite_with_a_leftover_rollback_journal_beside_it_is_refused_and_left_untouched()
    {
        // A rollback journal left by a crash is replayed into its database at SQLite's first read, before SQLite looks at
        // the database's header: the header is checked before that, or the foreign file would be overwritten.
        using var store = TestStore.Create(StoreKind.Sqlite);
        var other = store.Db + ".other";
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = other, Pooling = false };
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(builder.ToString()))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = DELETE");
            // A cache of one page spills the changed pages into the file mid-transaction, after syncing the journal.
            Execute(connection, "PRAGMA cache_size = 1");
            Execute(connection, "CREATE TABLE t (x BLOB)");
            Execute(connection, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) INSERT INTO t SELECT randomblob(1000) FROM n");
            using var tx = connection.BeginTransaction();
            Execute(connection, "UPDATE t SET x = randomblob(1000)", tx);
            // Mid-transaction the journal is hot: synced, it holds the pages as they were, to be put back after a crash.
            File.Copy(other + "-journal", store.Db + "-journal");
            tx.Rollback();
        }
        File.Delete(other);
        RefusedUntouched(store, 64 << 10, seed: 11);
        Assert.True(File.Exists(store.Db + "-journal"));

        static void Execute(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, Microsoft.Data.Sqlite.SqliteTransaction? tx = null)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    [Fact]
    public void The_sqlite_journal_is_durable_wal()
    {
        using var store = TestStore.Create(StoreKind.Sqlite);
        using var journal = store.OpenJournal();

        Assert.Equal(["wal"], store.Column("PRAGMA journal_mode"));
        Assert.Equal([SqliteJournal.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)], store.Column("PRAGMA page_size"));
    }

    [Fact]
    public void Using_a_journal_before_opening_it_is_a_bug_that_says_so()
    {
        using var store = TestStore.Create(StoreKind.Sqlite);
        using var journal = store.NewJournal();

        var ex = Assert.Throws<InvalidOperationException>(() => journal.Append(Chain.Build(1)));

        Assert.Contains("Open the journal", ex.Message);
    }

    internal static void AssertSame(JournalEntry expected, JournalEntry actual)
    {
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.CommandId, actual.CommandId);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Accepted, actual.Accepted);
        Assert.Equal(expected.TimeUnixMs, actual.TimeUnixMs);
        Assert.Equal(expected.ContentHash, actual.ContentHash);
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
        Assert.Equal(expected.PrevHash, actual.PrevHash);
        Assert.Equal(expected.Hash, actual.Hash);
    }
}
