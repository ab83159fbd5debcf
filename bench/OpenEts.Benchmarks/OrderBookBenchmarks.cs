// BenchmarkDotNet: the matching hot path, fast book against the naive reference book, same seeded stream.
using BenchmarkDotNet.Attributes;
using OpenEts.Exchange;

namespace OpenEts.Benchmarks;

/// <summary>
/// Runs a seeded stream of 100,000 adds, cancels and crossing orders through a fresh book of each kind
/// (built in the iteration setup, so construction is not measured). Reported times are per operation.
/// </summary>
[MemoryDiagnoser]
public class OrderBookBenchmarks
{
    private const int Operations = 100_000;
    private readonly PriceBand _band = TradingRulebook.National.ListingBand(51_23);
    private readonly CountingFillSink _sink = new();
    private BookOp[] _ops = [];
    private OrderBook _fast = null!;
    private ReferenceOrderBook _reference = null!;

    /// <summary>Builds the stream once.</summary>
    [GlobalSetup]
    public void Setup() => _ops = OrderFlow.Generate(42, Operations, 51_23, _band);

    /// <summary>Fresh, empty books before each iteration.</summary>
    [IterationSetup]
    public void NewBooks()
    {
        _fast = new OrderBook(_band);
        _reference = new ReferenceOrderBook();
    }

    /// <summary>The fast book (arrays, pooled nodes, bitmap of levels).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long FastOrderBook() => OrderFlow.Run(_fast, _ops, _sink);

    /// <summary>The naive book (sorted dictionary of lists).</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long ReferenceOrderBook() => OrderFlow.Run(_reference, _ops, _sink);
}
