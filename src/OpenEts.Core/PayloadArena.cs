// Where the sealer puts a batch's payloads: a few large chunks, reused from one batch to the next, instead of
// one new array per entry. An entry's payload lives only until its batch is committed, and the collector then
// has a third less to allocate per command, so fewer collections copy the commands still in flight.
namespace OpenEts.Core;

/// <summary>
/// The payload bytes of one batch, copied into chunks of <see cref="ChunkBytes"/> that the batch keeps for its next use.
/// Memory it hands out is valid until <see cref="Clear"/>; a payload larger than a chunk gets an array of its own.
/// Not thread-safe: one per batch, used by one thread at a time.
/// </summary>
public sealed class PayloadArena
{
    /// <summary>Size of one chunk: large enough for hundreds of payloads, allocated once on the large-object heap.</summary>
    public const int ChunkBytes = 1 << 18;

    /// <summary>Chunks kept past <see cref="Clear"/> (4 MB): a burst of large batches does not pin its memory for good.</summary>
    public const int MaxKeptChunks = 16;

    private readonly List<byte[]> _chunks = [];
    private int _current = -1;
    private int _used;

    /// <summary>Chunks this arena holds (for tests and metrics).</summary>
    public int Chunks => _chunks.Count;

    /// <summary>A copy of <paramref name="bytes"/>, valid until the next <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ChunkBytes)
            return bytes.ToArray();
        if (_current < 0 || _used + bytes.Length > ChunkBytes)
        {
            _current++;
            if (_current == _chunks.Count)
                _chunks.Add(new byte[ChunkBytes]);
            _used = 0;
        }
        var chunk = _chunks[_current];
        bytes.CopyTo(chunk.AsSpan(_used));
        var memory = new ReadOnlyMemory<byte>(chunk, _used, bytes.Length);
        _used += bytes.Length;
        return memory;
    }

    /// <summary>Forgets every copy made (their memory is written over from the next call on), keeping up to <see cref="MaxKeptChunks"/> chunks.</summary>
    public void Clear()
    {
        _current = -1;
        _used = 0;
        if (_chunks.Count > MaxKeptChunks)
            _chunks.RemoveRange(MaxKeptChunks, _chunks.Count - MaxKeptChunks);
    }
}
