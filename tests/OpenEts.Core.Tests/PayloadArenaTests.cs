// The sealer copies a batch's payloads into a few reused chunks: every copy must keep its bytes until the batch is
// cleared, whatever sizes arrive, and a cleared arena reuses its chunks instead of allocating more.
using CsCheck;

namespace OpenEts.Core.Tests;

public sealed class PayloadArenaTests
{
    [Fact]
    public void Every_copy_keeps_its_bytes_until_the_arena_is_cleared_whatever_the_sizes()
    {
        var sizes = Gen.Int[0, PayloadArena.ChunkBytes + 10].Array[1, 60];
        Gen.Select(sizes, Gen.Int).Sample((lengths, seed) =>
        {
            var arena = new PayloadArena();
            var random = new Random(seed);
            var originals = new List<byte[]>();
            var copies = new List<ReadOnlyMemory<byte>>();
            foreach (var length in lengths)
            {
                var bytes = new byte[length];
                random.NextBytes(bytes);
                originals.Add(bytes);
                copies.Add(arena.Copy(bytes));
            }
            for (var i = 0; i < originals.Count; i++)
                Assert.True(copies[i].Span.SequenceEqual(originals[i]), $"copy {i} of {originals[i].Length} bytes changed before the arena was cleared");
        }, iter: 60);
    }

    [Fact]
    public void A_cleared_arena_reuses_its_chunks_and_a_payload_larger_than_a_chunk_gets_its_own_array()
    {
        var arena = new PayloadArena();
        var half = new byte[(PayloadArena.ChunkBytes / 2) + 1];
        arena.Copy(half);
        arena.Copy(half);   // does not fit beside the first: a second chunk
        Assert.Equal(2, arena.Chunks);
        arena.Clear();
        var again = arena.Copy(half);
        arena.Copy(half);
        Assert.Equal(2, arena.Chunks);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(again, out var segment));
        Assert.Equal(0, segment.Offset);

        // A burst that needed more chunks than the arena keeps gives the rest back when cleared.
        arena.Clear();
        var chunk = new byte[PayloadArena.ChunkBytes];
        for (var i = 0; i < PayloadArena.MaxKeptChunks + 3; i++)
            arena.Copy(chunk);
        Assert.Equal(PayloadArena.MaxKeptChunks + 3, arena.Chunks);
        arena.Clear();
        Assert.Equal(PayloadArena.MaxKeptChunks, arena.Chunks);
        arena.Copy(half);
        arena.Copy(half);

        var large = new byte[PayloadArena.ChunkBytes + 1];
        large[^1] = 7;
        var copy = arena.Copy(large);
        Assert.Equal(PayloadArena.MaxKeptChunks, arena.Chunks);
        Assert.Equal(large.Length, copy.Length);
        Assert.Equal(7, copy.Span[^1]);
    }
}
