// Walks a journal's hash chain and names the first entry that is missing, altered or torn.
using System.Text.Json;

namespace OpenEts.Core;

/// <summary>What is wrong with an entry: a gap in the sequence, content that no longer hashes, or a partial row.</summary>
public enum ChainProblemKind
{
    /// <summary>An entry is absent (a gap in the sequence, or the tail is shorter than the recorded head).</summary>
    Missing,

    /// <summary>An entry's content or link does not match its hash.</summary>
    Altered,

    /// <summary>An entry is incomplete: a field is empty, or its payload is not whole JSON.</summary>
    Torn,

    /// <summary>An entry repeats the command id of an earlier one: one command was recorded twice.</summary>
    Repeated,
}

/// <summary>The first problem found, with the sequence number it concerns.</summary>
public sealed record ChainProblem(long Seq, ChainProblemKind Kind, string Detail);

/// <summary>The result of a walk: how many entries were sound, and the first problem if any.</summary>
public sealed record ChainReport(long EntriesChecked, long LastSeq, string LastHash, ChainProblem? Problem)
{
    /// <summary>True when the whole chain is sound.</summary>
    public bool Sound => Problem is null;
}

/// <summary>Verifies a journal from its first entry to its recorded head.</summary>
public static class ChainVerifier
{
    /// <summary>Walks every row; stops at the first problem.</summary>
    public static ChainReport Verify(IJournal journal, IProgress<long>? progress = null)
    {
        var expectedSeq = 1L;
        var prev = HashChain.Genesis.ToArray();
        long checkedCount = 0;
        var recordedHead = journal.RecordedHead();
        // The engine keeps command ids unique (its index is loaded from the journal); the store does not index
        // them, so that appending stays a write at the end of the table whatever ids clients choose.
        var commands = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in journal.ReadRaw())
        {
            var problem = Check(row, expectedSeq, prev);
            if (problem is null && !commands.TryAdd(row.CommandId!, row.Seq))
                problem = new ChainProblem(row.Seq, ChainProblemKind.Repeated, $"entry {row.Seq} repeats the command id of entry {commands[row.CommandId!]}: one command was recorded twice");
            if (problem is null && recordedHead is not null && row.Seq > recordedHead.Seq)
                problem = new ChainProblem(row.Seq, ChainProblemKind.Altered, $"entry {row.Seq} lies beyond the head recorded at the last commit (entry {recordedHead.Seq})");
            if (problem is not null)
                return new ChainReport(checkedCount, expectedSeq - 1, Convert.ToHexStringLower(prev), problem);
            prev = row.Hash!;
            expectedSeq++;
            checkedCount++;
            if ((checkedCount & 0xFFFF) == 0)
                progress?.Report(checkedCount);
        }
        var recorded = recordedHead;
        // Every journal records its head from its creation on (entry 0 and the genesis hash), in the transaction of each batch.
        if (recorded is null)
            return new ChainReport(checkedCount, expectedSeq - 1, Convert.ToHexStringLower(prev),
                new ChainProblem(expectedSeq - 1, ChainProblemKind.Torn,
                    "the journal's recorded head (meta keys head_seq and head_hash) is missing or malformed, so a shortened tail could not be told from a whole one"));
        if (recorded.Seq > expectedSeq - 1)
            return new ChainReport(checkedCount, expectedSeq - 1, Convert.ToHexStringLower(prev),
                new ChainProblem(expectedSeq, ChainProblemKind.Missing,
                    $"the journal ends at entry {expectedSeq - 1} but its last commit recorded entry {recorded.Seq}"));
        if (recorded.Seq == expectedSeq - 1 && !recorded.Hash.AsSpan().SequenceEqual(prev))
            return new ChainReport(checkedCount, expectedSeq - 1, Convert.ToHexStringLower(prev),
                new ChainProblem(recorded.Seq, ChainProblemKind.Altered, "the last entry's hash differs from the hash recorded at its commit"));
        return new ChainReport(checkedCount, expectedSeq - 1, Convert.ToHexStringLower(prev), null);
    }

    private static ChainProblem? Check(RawJournalRow row, long expectedSeq, byte[] prev)
    {
        if (row.Seq < expectedSeq)
            return new ChainProblem(row.Seq, ChainProblemKind.Altered, $"entry {row.Seq} appears out of order after entry {expectedSeq - 1}");
        if (row.Seq > expectedSeq)
            return new ChainProblem(expectedSeq, ChainProblemKind.Missing, $"entry {expectedSeq} is missing (the next entry present is {row.Seq})");
        if (row.CommandId is null || row.Kind is null || row.Accepted is null || row.TimeUnixMs is null
            || row.ContentHash is not { Length: 32 } || row.Payload is null || row.PrevHash is not { Length: 32 } || row.Hash is not { Length: 32 })
            return new ChainProblem(row.Seq, ChainProblemKind.Torn, $"entry {row.Seq} has an empty or short field");
        if (!IsWholeJson(row.Payload))
            return new ChainProblem(row.Seq, ChainProblemKind.Torn, $"entry {row.Seq} has a payload that is not whole JSON");
        if (!row.PrevHash.AsSpan().SequenceEqual(prev))
            return new ChainProblem(row.Seq, ChainProblemKind.Altered, $"entry {row.Seq} does not link to the hash of entry {row.Seq - 1}");
        var hash = HashChain.Compute(row.PrevHash, row.Seq, row.CommandId, row.Kind, row.Accepted.Value, row.TimeUnixMs.Value, row.ContentHash, row.Payload);
        if (!hash.AsSpan().SequenceEqual(row.Hash))
            return new ChainProblem(row.Seq, ChainProblemKind.Altered, $"entry {row.Seq} does not match its hash: its content was changed");
        return null;
    }

    private static bool IsWholeJson(byte[] payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 64 });
            while (reader.Read())
            {
            }
            return reader.BytesConsumed == payload.Length && reader.CurrentDepth == 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
