// BenchmarkDotNet: the matching hot path, fast book against the naive reference book, same seeded stream.
using BenchmarkDotNet.Attributes;
using OpenEts.Exchange;

namespace OpenEts.Benchmarks;

/// <summary>Runs a seeded stream of 100,000 adds, cancels and crossing orders through each book.</summary>
[MemoryDiagnoser]
public class OrderBookBenchmarks
{
    private const int Operations = 100_000;
    private readonly PriceBand _band = TradingRulebook.National.ListingBand(51_23);
    private BookOp[] _ops = [];
    private readonly CountingFillSink _sink = new();

    /// <summary>Builds the stream once.</summary>
    [GlobalSetup]
    public void Setup() => _ops = OrderFlow.Generate(42, Operations, 51_23, _band);

    /// <summary>The fast book (arrays, pooled nodes, bitmap of levels).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long FastOrderBook() => OrderFlow.Run(new OrderBook(_band), _ops, _sink);

    /// <summary>The naive book (sorted dictionary of lists).</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long ReferenceOrderBook() => OrderFlow.Run(new OpenEts.Exchange.ReferenceOrderBook(), _ops, _sink);
}
