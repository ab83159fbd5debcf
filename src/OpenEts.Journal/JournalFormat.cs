// What both stores share: the format marker, the names of the meta keys, and the checks every batch
// and snapshot passes before it is written.
using OpenEts.Core;

namespace OpenEts.Journal;

/// <summary>The on-disk format of a journal, the same in SQLite and PostgreSQL.</summary>
public static class JournalFormat
{
    /// <summary>
    /// The value of the meta key <see cref="FormatKey"/> in every journal this build writes. Format 2: payloads do not repeat
    /// the entry's command id and acceptance (its columns), which a build of format 1 reads from the payload and so could
    /// not answer a retry from such an entry; the marker keeps such a build away from a journal this one wrote.
    /// </summary>
    public const string Marker = "openets-journal/2";

    /// <summary>
    /// The format before <see cref="Marker"/>, whose payloads also carry the command id and acceptance: this build reads it
    /// (its readers take the columns), and marks the journal <see cref="Marker"/> in the transaction of its first write.
    /// </summary>
    public const string PreviousMarker = "openets-journal/1";

    /// <summary>True for the formats this build reads.</summary>
    public static bool Reads(string format) => format is Marker or PreviousMarker;

    /// <summary>What a refusal of another format says this build reads.</summary>
    public static string ReadsWhat => $"'{Marker}' and '{PreviousMarker}'";

    /// <summary>The meta key that marks a database as an OpenETS journal.</summary>
    public const string FormatKey = "format";

    /// <summary>The meta key holding the sequence number of the last committed entry (decimal text).</summary>
    public const string HeadSeqKey = "head_seq";

    /// <summary>The meta key holding the hash of the last committed entry (lowercase hex).</summary>
    public const string HeadHashKey = "head_hash";

    /// <summary>Length of every hash in the journal (SHA-256).</summary>
    public const int HashLength = 32;

    /// <summary>Most entries accepted in one <see cref="IJournal.Append"/>.</summary>
    public const int MaxBatch = 65536;

    /// <summary>The head of an empty journal.</summary>
    public static JournalHead EmptyHead => new(0, HashChain.Genesis.ToArray());

    /// <summary>A hash as stored in meta.</summary>
    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>
    /// Asserts that a batch is a well-formed continuation of itself: consecutive sequence numbers, each
    /// entry linked to the one before, every field present with hashes of the right length. Whether it
    /// continues the stored head is checked by the store, inside the transaction.
    /// </summary>
    public static void CheckBatch(IReadOnlyList<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count > MaxBatch)
            throw new ArgumentException($"A batch holds at most {MaxBatch} entries; this one holds {entries.Count}.", nameof(entries));
        JournalEntry? previous = null;
        foreach (var e in entries)
        {
            if (e is null || e.CommandId is null || e.Kind is null || e.Payload.IsEmpty
                || e.ContentHash is not { Length: HashLength } || e.PrevHash is not { Length: HashLength } || e.Hash is not { Length: HashLength })
                throw new ArgumentException($"Entry {e?.Seq} has a missing field or a hash that is not {HashLength} bytes.", nameof(entries));
            if (previous is not null && (e.Seq != previous.Seq + 1 || !e.PrevHash.AsSpan().SequenceEqual(previous.Hash)))
                throw new ArgumentException($"Entry {e.Seq} does not follow entry {previous.Seq} in the batch.", nameof(entries));
            previous = e;
        }
    }

    /// <summary>Asserts that a snapshot has the shape the journal stores.</summary>
    public static void CheckSnapshot(StoredSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Seq < 0 || snapshot.ChainHash is not { Length: HashLength } || string.IsNullOrEmpty(snapshot.StateHash) || snapshot.State is null)
            throw new ArgumentException("A snapshot needs a sequence number, a 32-byte chain hash, a state hash and a state.", nameof(snapshot));
    }

    /// <summary>The error for a second writer of a journal: another process (a running server, say) writes it already.</summary>
    public static JournalInUseException InUse(string journal, Exception? inner = null) =>
        new($"The journal {journal} is being written by another process (a running server?), so this one may not write it; stop that process, or send the command to its API."
            + (inner is null ? "" : $" ({inner.Message})"), inner);

    /// <summary>The error for a batch that does not continue the recorded head.</summary>
    public static InvalidOperationException NotContinuing(JournalEntry first, JournalHead? head) =>
        new(head is null
            ? $"The batch starts at entry {first.Seq} but the journal has no recorded head; run 'openets verify'."
            : $"The batch starts at entry {first.Seq} (after {Hex(first.PrevHash)[..12]}…) but the journal's recorded head is entry {head.Seq} ({Hex(head.Hash)[..12]}…); entries must continue the chain.");

    /// <summary>Parses the head stored in meta; null when either value is missing or malformed.</summary>
    public static JournalHead? ParseHead(string? seq, string? hash)
    {
        if (seq is null || hash is null || !long.TryParse(seq, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s))
            return null;
        if (hash.Length != HashLength * 2)
            return null;
        try
        {
            return new JournalHead(s, Convert.FromHexString(hash));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
