// The two SHA-256 of every journal entry (its content hash over ~200 bytes, its chain hash over the framed fields and the
// payload, ~800 bytes), side by side: libcrypto called directly (HashParts.Sha256, where it loads) and through .NET's
// digest layer (IncrementalHash, the fallback).
using BenchmarkDotNet.Attributes;
using OpenEts.Core;

namespace OpenEts.Benchmarks;

[MemoryDiagnoser]
public class HashBenchmarks
{
    private byte[] _first = [];
    private byte[] _second = [];

    /// <summary>Bytes hashed: a content hash's and a chain hash's typical input.</summary>
    [Params(200, 800)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _first = new byte[Math.Min(120, Bytes / 2)];
        _second = new byte[Bytes - _first.Length];
        random.NextBytes(_first);
        random.NextBytes(_second);
    }

    [Benchmark(Baseline = true)]
    public byte[] ThroughDotNet() => HashParts.Sha256ThroughDotNet(_first, _second);

    [Benchmark]
    public byte[] LibcryptoDirect() => HashParts.Sha256(_first, _second);
}
