// The verifier on real damage: each test changes the stored database with raw SQL, the way an
// intruder or a broken disk would, and checks that ChainVerifier names the right entry and kind.
using System.Text;
using OpenEts.Core;

namespace OpenEts.Journal.Tests;

public sealed class TamperingTests
{
    private const int Entries = 10;

    [Theory, OnSqlite, OnPostgres]
    public void An_untouched_journal_is_sound(StoreKind kind)
    {
        using var store = Seeded(kind, out var entries);

        var report = Verify(store);

        Assert.True(report.Sound);
        Assert.Equal(Entries, report.EntriesChecked);
        Assert.Equal(Entries, report.LastSeq);
        Assert.Equal(Convert.ToHexStringLower(entries[^1].Hash), report.LastHash);
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_changed_payload_byte_is_altered_at_that_entry(StoreKind kind)
    {
        using var store = Seeded(kind, out var entries);
        var payload = entries[3].Payload.ToArray();
        var at = Encoding.UTF8.GetString(payload).IndexOf("\"quantity_t\":", StringComparison.Ordinal) + "\"quantity_t\":".Length;
        payload[at] = payload[at] == (byte)'9' ? (byte)'8' : (byte)'9';   // still whole JSON, another quantity
        store.Execute($"UPDATE {store.Table("entries")} SET payload = @p0 WHERE seq = 4", payload);

        var report = Verify(store);

        Assert.Equal(new ChainProblem(4, ChainProblemKind.Altered, "entry 4 does not match its hash: its content was changed"), report.Problem);
        Assert.Equal(3, report.EntriesChecked);
    }

    [Theory, OnSqlite, OnPostgres]
    public void An_entry_deleted_in_the_middle_is_missing(StoreKind kind)
    {
        using var store = Seeded(kind, out _);
        store.Execute($"DELETE FROM {store.Table("entries")} WHERE seq = 5");

        var report = Verify(store);

        Assert.Equal(5, report.Problem!.Seq);
        Assert.Equal(ChainProblemKind.Missing, report.Problem.Kind);
        Assert.Equal(4, report.LastSeq);
    }

    [Theory, OnSqlite, OnPostgres]
    public void The_last_entries_deleted_are_missing_against_the_recorded_head(StoreKind kind)
    {
        using var store = Seeded(kind, out _);
        store.Execute($"DELETE FROM {store.Table("entries")} WHERE seq >= 9");

        var report = Verify(store);

        Assert.Equal(9, report.Problem!.Seq);
        Assert.Equal(ChainProblemKind.Missing, report.Problem.Kind);
        Assert.Contains("recorded entry 10", report.Problem.Detail);
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_journal_whose_tail_was_cut_cannot_be_extended(StoreKind kind)
    {
        using var store = Seeded(kind, out var entries);
        store.Execute($"DELETE FROM {store.Table("entries")} WHERE seq >= 9");
        using var journal = store.OpenJournal();

        var after8 = Chain.Build(3, afterSeq: 8, prevHash: entries[7].Hash, prefix: "late");

        Assert.Throws<InvalidOperationException>(() => journal.Append(after8));
        Assert.Equal(8, journal.Read(0).Count());
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_short_hash_is_torn(StoreKind kind)
    {
        using var store = Seeded(kind, out var entries);
        store.Execute($"UPDATE {store.Table("entries")} SET hash = @p0 WHERE seq = 6", entries[5].Hash[..16]);

        var report = Verify(store);

        Assert.Equal(new ChainProblem(6, ChainProblemKind.Torn, "entry 6 has an empty or short field"), report.Problem);
    }

    [Theory, OnSqlite, OnPostgres]
    public void The_schema_itself_refuses_a_null_hash(StoreKind kind)
    {
        using var store = Seeded(kind, out _);

        Assert.ThrowsAny<Exception>(() => store.Execute($"UPDATE {store.Table("entries")} SET hash = NULL WHERE seq = 6"));
        Assert.True(Verify(store).Sound);
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_truncated_payload_is_torn_even_when_rehashed(StoreKind kind)
    {
        using var store = Seeded(kind, out var entries);
        var e = entries[6];
        var cut = e.Payload[..(e.Payload.Length / 2)].ToArray();
        var rehashed = HashChain.Compute(e.PrevHash, e.Seq, e.CommandId, e.Kind, e.Accepted, e.TimeUnixMs, e.ContentHash, cut);
        store.Execute($"UPDATE {store.Table("entries")} SET payload = @p0, hash = @p1 WHERE seq = 7", cut, rehashed);

        var report = Verify(store);

        Assert.Equal(new ChainProblem(7, ChainProblemKind.Torn, "entry 7 has a payload that is not whole JSON"), report.Problem);
    }

    [Theory, OnSqlite, OnPostgres]
    public void An_emptied_payload_is_torn(StoreKind kind)
    {
        using var store = Seeded(kind, out var entries);
        var e = entries[6];
        var rehashed = HashChain.Compute(e.PrevHash, e.Seq, e.CommandId, e.Kind, e.Accepted, e.TimeUnixMs, e.ContentHash, []);
        store.Execute($"UPDATE {store.Table("entries")} SET payload = @p0, hash = @p1 WHERE seq = 7", Array.Empty<byte>(), rehashed);

        var report = Verify(store);

        Assert.Equal(7, report.Problem?.Seq);
        Assert.Equal(ChainProblemKind.Torn, report.Problem?.Kind);
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_rewritten_link_is_altered(StoreKind kind)
    {
        using var store = Seeded(kind, out _);
        store.Execute($"UPDATE {store.Table("entries")} SET prev_hash = @p0 WHERE seq = 3", new byte[32]);

        var report = Verify(store);

        Assert.Equal(new ChainProblem(3, ChainProblemKind.Altered, "entry 3 does not link to the hash of entry 2"), report.Problem);
    }

    [Theory, OnSqlite, OnPostgres]
    public void A_recorded_head_that_differs_from_the_last_entry_is_altered(StoreKind kind)
    {
        using var store = Seeded(kind, out _);
        store.Execute($"UPDATE {store.Table("meta")} SET value = @p0 WHERE key = 'head_hash'", new string('a', 64));

        var report = Verify(store);

        Assert.Equal(10, report.Problem?.Seq);
        Assert.Equal(ChainProblemKind.Altered, report.Problem?.Kind);
    }

    [Theory, OnSqlite, OnPostgres]
    public void An_entry_slipped_in_after_the_recorded_head_is_not_sound(StoreKind kind)
    {
        using var store = Seeded(kind, out var entries);
        var forged = Chain.Build(1, afterSeq: Entries, prevHash: entries[^1].Hash, prefix: "forged")[0];
        store.Execute($"INSERT INTO {store.Table("entries")} (seq, command_id, kind, accepted, time_unix_ms, content_hash, payload, prev_hash, hash) "
            + "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)",
            forged.Seq, forged.CommandId, forged.Kind, forged.Accepted, forged.TimeUnixMs, forged.ContentHash, forged.Payload.ToArray(), forged.PrevHash, forged.Hash);

        var report = Verify(store);

        Assert.False(report.Sound);
        Assert.Equal(Entries + 1, report.Problem!.Seq);
    }

    private static TestStore Seeded(StoreKind kind, out List<JournalEntry> entries)
    {
        var store = TestStore.Create(kind);
        entries = Chain.Build(Entries);
        using var journal = store.OpenJournal();
        journal.Append(entries[..4]);
        journal.Append(entries[4..]);
        return store;
    }

    private static ChainReport Verify(TestStore store)
    {
        using var journal = store.OpenJournal();
        return ChainVerifier.Verify(journal);
    }
}
