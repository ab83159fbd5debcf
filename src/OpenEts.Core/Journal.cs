// The journal's contract: an append-only, hash-chained log of command outcomes, plus snapshots.
// Implementations (SQLite, PostgreSQL) live in OpenEts.Journal and pass the same tests.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OpenEts.Core;

/// <summary>
/// One journal entry: a command and its outcome. <see cref="Hash"/> chains it to the entry before
/// (SHA-256 over the previous hash and every other field), so any change to history is detected.
/// The payload is memory, not an array of its own: the engine writes a batch's payloads into a few
/// large buffers it reuses once the batch is committed (an entry it hands to a journal lives no longer
/// than the append); entries read back from a journal own their bytes.
/// </summary>
public sealed record JournalEntry(
    long Seq,
    string CommandId,
    string Kind,
    bool Accepted,
    long TimeUnixMs,
    byte[] ContentHash,
    ReadOnlyMemory<byte> Payload,
    byte[] PrevHash,
    byte[] Hash);

/// <summary>A journal row as stored, with nothing assumed: any field may be missing when storage is damaged.</summary>
public sealed record RawJournalRow(
    long Seq,
    string? CommandId,
    string? Kind,
    bool? Accepted,
    long? TimeUnixMs,
    byte[]? ContentHash,
    byte[]? Payload,
    byte[]? PrevHash,
    byte[]? Hash);

/// <summary>The state after entry <see cref="Seq"/>, whose chain hash was <see cref="ChainHash"/>.</summary>
public sealed record StoredSnapshot(long Seq, byte[] ChainHash, string StateHash, byte[] State);

/// <summary>The last entry of a journal (0 and the genesis hash when empty).</summary>
public sealed record JournalHead(long Seq, byte[] Hash);

/// <summary>Thrown when a database exists but is not an OpenETS journal, or is of another format version.</summary>
public sealed class JournalFormatException(string message) : Exception(message);

/// <summary>
/// Thrown when another process (a running server, say) or another journal object of this one already writes the journal:
/// this one may read it, not write it.
/// </summary>
public sealed class JournalInUseException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>Durable storage for the engine. All calls come from one thread at a time.</summary>
public interface IJournal : IDisposable
{
    /// <summary>Where the journal lives, without secrets ("sqlite:market.db").</summary>
    string Description { get; }

    /// <summary>Creates the schema in an empty database, or checks that an existing one is ours; returns the head.</summary>
    JournalHead Open();

    /// <summary>Appends entries in one durable transaction: all of them or none. Returns after the commit is on disk.</summary>
    void Append(IReadOnlyList<JournalEntry> entries);

    /// <summary>
    /// Makes this object the journal's one writer, or throws <see cref="JournalInUseException"/> when another one writes it:
    /// two writers would each append after a head the other had moved, and the engine of the second to commit would stop.
    /// Idempotent; <see cref="Append"/> and <see cref="SaveSnapshot"/> claim first, so a journal only read never claims.
    /// The claim ends with <see cref="IDisposable.Dispose"/>, and with the process however it ends.
    /// </summary>
    void ClaimWriter();

    /// <summary>Entries after <paramref name="afterSeq"/>, in order.</summary>
    IEnumerable<JournalEntry> Read(long afterSeq);

    /// <summary>The entry with this sequence number, if any.</summary>
    JournalEntry? ReadOne(long seq);

    /// <summary>Every command id with its content hash and sequence number, for idempotency after a restart.</summary>
    IEnumerable<(string CommandId, byte[] ContentHash, long Seq)> ReadCommandIndex();

    /// <summary>Rows exactly as stored, for verification.</summary>
    IEnumerable<RawJournalRow> ReadRaw();

    /// <summary>The head recorded with the last commit (detects a truncated tail).</summary>
    JournalHead? RecordedHead();

    /// <summary>The latest snapshot, if any.</summary>
    StoredSnapshot? LatestSnapshot();

    /// <summary>Stores a snapshot durably.</summary>
    void SaveSnapshot(StoredSnapshot snapshot);
}

/// <summary>The hash chain's one formula.</summary>
public static class HashChain
{
    /// <summary>The previous hash of the first entry: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[32];

    /// <summary>SHA-256 over the previous hash and every field of the entry, length-prefixed.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> prevHash, long seq, string commandId, string kind, bool accepted,
        long timeUnixMs, ReadOnlySpan<byte> contentHash, ReadOnlySpan<byte> payload)
    {
        // The fields before the payload are framed in one buffer; the payload is hashed where it lies, not copied.
        var length = prevHash.Length + 8 + 4 + Encoding.UTF8.GetMaxByteCount(commandId.Length) + 4 + Encoding.UTF8.GetMaxByteCount(kind.Length)
            + 1 + 8 + 4 + contentHash.Length + 4;
        byte[]? rented = null;
        var buffer = length <= 1024 ? stackalloc byte[1024] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var at = 0;
            prevHash.CopyTo(buffer);
            at += prevHash.Length;
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], seq);
            at += 8;
            at += WriteString(buffer[at..], commandId);
            at += WriteString(buffer[at..], kind);
            buffer[at++] = accepted ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], timeUnixMs);
            at += 8;
            at += WriteBytes(buffer[at..], contentHash);
            BinaryPrimitives.WriteInt32BigEndian(buffer[at..], payload.Length);
            at += 4;
            return HashParts.Sha256(buffer[..at], payload);
        }
        finally
        {
            if (rented is not null)
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Builds the entry that follows <paramref name="prevHash"/>.</summary>
    public static JournalEntry Seal(long seq, ReadOnlySpan<byte> prevHash, string commandId, string kind, bool accepted,
        long timeUnixMs, byte[] contentHash, ReadOnlyMemory<byte> payload) =>
        Seal(seq, prevHash.ToArray(), commandId, kind, accepted, timeUnixMs, contentHash, payload);

    /// <summary>Builds the entry that follows <paramref name="prevHash"/>, sharing that array (hashes are never changed in place).</summary>
    public static JournalEntry Seal(long seq, byte[] prevHash, string commandId, string kind, bool accepted,
        long timeUnixMs, byte[] contentHash, ReadOnlyMemory<byte> payload) =>
        new(seq, commandId, kind, accepted, timeUnixMs, contentHash, payload, prevHash,
            Compute(prevHash, seq, commandId, kind, accepted, timeUnixMs, contentHash, payload.Span));

    private static int WriteString(Span<byte> buffer, string text)
    {
        var n = Encoding.UTF8.GetBytes(text, buffer[4..]);
        BinaryPrimitives.WriteInt32BigEndian(buffer, n);
        return 4 + n;
    }

    private static int WriteBytes(Span<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer, bytes.Length);
        bytes.CopyTo(buffer[4..]);
        return 4 + bytes.Length;
    }
}

/// <summary>
/// SHA-256 of data in two parts, without joining them: each thread keeps one reusable hash object, which costs less
/// per call than a one-shot hash (no native context made and freed each time) and lets a payload be hashed in place.
/// </summary>
public static class HashParts
{
    [ThreadStatic]
    private static IncrementalHash? t_hash;

    /// <summary>SHA-256 over <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public static byte[] Sha256(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) =>
        OpenSslSha256.Available ? OpenSslSha256.Hash(first, second) : Sha256ThroughDotNet(first, second);

    /// <summary>True when hashes come from libcrypto's low-level functions rather than through .NET's digest layer.</summary>
    public static bool Direct => OpenSslSha256.Available;

    /// <summary>The same hash through .NET's <see cref="IncrementalHash"/>: where libcrypto is not found, and the baseline of HashBenchmarks.</summary>
    public static byte[] Sha256ThroughDotNet(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var hash = t_hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            hash.AppendData(first);
            hash.AppendData(second);
            return hash.GetHashAndReset();
        }
        catch
        {
            // A hash object left part-way through would hash its leftovers into the next call: never reuse it.
            t_hash = null;
            hash.Dispose();
            throw;
        }
    }
}
