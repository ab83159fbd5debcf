// Invariants over random inputs (CsCheck): however a chain is cut into batches it reads back whole,
// and any one changed byte anywhere in any stored payload is caught at exactly that entry.
using CsCheck;
using OpenEts.Core;

namespace OpenEts.Journal.Tests;

public sealed class JournalPropertyTests
{
    [Theory, OnSqlite, OnPostgres]
    public void Any_split_into_batches_reads_back_the_same_chain(StoreKind kind)
    {
        var entries = Chain.Build(200);
        Gen.Int[1, 64].Array[1, 40].Sample(sizes =>
        {
            using var store = TestStore.Create(kind);
            using var journal = store.OpenJournal();
            var at = 0;
            foreach (var size in sizes)
            {
                var take = Math.Min(size, entries.Count - at);
                if (take == 0)
                    break;
                journal.Append(entries.GetRange(at, take));
                at += take;
            }

            var read = journal.Read(0).ToList();
            Assert.Equal(at, read.Count);
            for (var i = 0; i < at; i++)
                JournalContractTests.AssertSame(entries[i], read[i]);
            Assert.Equal(at, journal.RecordedHead()!.Seq);
            Assert.True(ChainVerifier.Verify(journal).Sound);
        }, iter: kind == StoreKind.Sqlite ? 25 : 10, threads: 1);
    }

    [Theory, OnSqlite, OnPostgres]
    public void Any_changed_payload_byte_is_found_at_its_entry(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var entries = Chain.Build(30);
        using (var journal = store.OpenJournal())
            journal.Append(entries);
        var update = $"UPDATE {store.Table("entries")} SET payload = @p0 WHERE seq = @p1";

        Gen.Select(Gen.Int[1, 30], Gen.Int[0, 1000], Gen.Int[1, 255]).Sample((seq, offset, delta) =>
        {
            var original = entries[seq - 1].Payload.ToArray();
            var changed = entries[seq - 1].Payload.ToArray();
            var i = offset % changed.Length;
            changed[i] = (byte)(changed[i] ^ delta);
            store.Execute(update, changed, (long)seq);
            try
            {
                using var journal = store.OpenJournal();
                var problem = ChainVerifier.Verify(journal).Problem;

                Assert.NotNull(problem);
                Assert.Equal(seq, problem.Seq);
                Assert.Contains(problem.Kind, new[] { ChainProblemKind.Altered, ChainProblemKind.Torn });
            }
            finally
            {
                store.Execute(update, original, (long)seq);
            }
        }, iter: kind == StoreKind.Sqlite ? 100 : 40, threads: 1);
    }
}
