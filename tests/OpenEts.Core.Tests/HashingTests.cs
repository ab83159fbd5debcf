// The journal's two hashes are computed in parts (the fields framed apart from the payload, the actor apart from the
// command), by libcrypto's SHA-256 called directly where it loads, else with a hash object each thread reuses. They must equal SHA-256 over the joined bytes, as the format
// defines them and as every journal written before was hashed.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CsCheck;

namespace OpenEts.Core.Tests;

public sealed class HashingTests
{
    [Fact]
    public void Hashing_in_two_parts_equals_hashing_the_joined_bytes_on_every_thread()
    {
        var parts = Gen.Byte.Array[0, 300].Select(Gen.Byte.Array[0, 5000]);
        parts.Sample((first, second) =>
        {
            var joined = first.Concat(second).ToArray();
            Assert.Equal(SHA256.HashData(joined), HashParts.Sha256(first, second));
        }, iter: 200, threads: 4);
    }

    [Fact]
    public void Libcrypto_is_called_directly_where_it_loads_and_both_paths_give_the_same_hash()
    {
        // Where the process can load libcrypto 3 (Linux with OpenSSL 3, as .NET itself uses), the direct path is taken.
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.NativeLibrary.TryLoad("libcrypto.so.3", out _))
            Assert.True(HashParts.Direct);
        Gen.Byte.Array[0, 200].Select(Gen.Byte.Array[0, 9000]).Sample((first, second) =>
            Assert.Equal(HashParts.Sha256ThroughDotNet(first, second), HashParts.Sha256(first, second)), iter: 300, threads: 4);
        Assert.Equal(SHA256.HashData([]), HashParts.Sha256([], []));
    }

    [Fact]
    public void The_chain_hash_is_sha256_over_the_length_prefixed_fields_and_payload()
    {
        var gen = Gen.Select(Gen.Long[0, long.MaxValue], Gen.String[1, 80], Gen.Bool, Gen.Byte.Array[0, 3000], Gen.String[0, 1200]);
        gen.Sample((seq, commandId, accepted, payload, kind) =>
        {
            var prev = SHA256.HashData(BitConverter.GetBytes(seq));
            var content = SHA256.HashData(payload);
            var expected = SHA256.HashData(Join(prev, seq, commandId, kind, accepted, 1_626_000_000_000, content, payload));
            Assert.Equal(expected, HashChain.Compute(prev, seq, commandId, kind, accepted, 1_626_000_000_000, content, payload));
        }, iter: 200);
    }

    [Fact]
    public void The_content_hash_is_sha256_over_the_actor_a_zero_byte_and_the_command()
    {
        Gen.Select(Gen.String[0, 700], Gen.Byte.Array[0, 2000]).Sample((actor, command) =>
        {
            var expected = SHA256.HashData([.. Encoding.UTF8.GetBytes(actor), 0, .. command]);
            Assert.Equal(expected, Payload.ContentHash(actor, command));
        }, iter: 200);
    }

    /// <summary>The chain hash's input as the format defines it, joined in one array.</summary>
    private static byte[] Join(byte[] prev, long seq, string commandId, string kind, bool accepted, long time, byte[] content, byte[] payload)
    {
        var bytes = new List<byte>(prev);
        var eight = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(eight, seq);
        bytes.AddRange(eight);
        AddFramed(Encoding.UTF8.GetBytes(commandId));
        AddFramed(Encoding.UTF8.GetBytes(kind));
        bytes.Add(accepted ? (byte)1 : (byte)0);
        BinaryPrimitives.WriteInt64BigEndian(eight, time);
        bytes.AddRange(eight);
        AddFramed(content);
        AddFramed(payload);
        return [.. bytes];

        void AddFramed(byte[] field)
        {
            var four = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(four, field.Length);
            bytes.AddRange(four);
            bytes.AddRange(field);
        }
    }
}
