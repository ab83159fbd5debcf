// The exchange's order path through the engine: deciding orders and cancels (checks, lock, match, settlement
// in the registry, events) and encoding their journal payloads, per order, with the bytes each allocates.
using BenchmarkDotNet.Attributes;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;

namespace OpenEts.Benchmarks;

/// <summary>
/// The seeded order stream of <c>bench exchange</c> (64 members, settled in the registry): the first
/// <see cref="BookOrders"/> operations build a realistic book in the iteration setup, then each invocation
/// decides the next <see cref="Orders"/> orders and cancels. Reported figures are per order.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OrderDecisionBenchmarks
{
    private const int Members = 64;
    private const int BookOrders = 20_000;
    private const int Orders = 50_000;
    private readonly ModuleCatalog _catalog = new(new RegistryModule(), new ExchangeModule(TradingRulebook.National));
    private List<CommandEnvelope> _setup = [];
    private CommandEnvelope[] _commands = [];
    private Outcome[] _outcomes = [];
    private PayloadWriter _payloads = null!;
    private PayloadWriter _serializerOnly = null!;
    private World _world = null!;

    /// <summary>Builds the stream once, and decides it once for the encoding benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var ops = OrderFlow.Generate(42, BookOrders + Orders, 51_23, TradingRulebook.National.ListingBand(51_23));
        _setup = EngineOrderFlow.Setup(Members, 51_23);
        _commands = EngineOrderFlow.Orders(ops, Members);
        NewWorld();
        _outcomes = new Outcome[Orders];
        for (var i = 0; i < Orders; i++)
            _outcomes[i] = DecisionContext.Decide(_world, _commands[BookOrders + i]);
        _payloads = new PayloadWriter(_catalog);
        _serializerOnly = new PayloadWriter(_catalog.Json);
    }

    /// <summary>A fresh world with the book the first operations leave.</summary>
    [IterationSetup(Target = nameof(DecideOrder))]
    public void NewWorld()
    {
        _world = _catalog.CreateWorld();
        foreach (var c in _setup)
            Invariant.Assert(DecisionContext.Decide(_world, c).Accepted, "The benchmark's setup is accepted.");
        for (var i = 0; i < BookOrders; i++)
            DecisionContext.Decide(_world, _commands[i]);
    }

    /// <summary>Decide one order or cancel: the checks, the registry lock, the match, one linked transfer per trade.</summary>
    [Benchmark(OperationsPerInvoke = Orders)]
    [BenchmarkCategory("decide")]
    public int DecideOrder()
    {
        var accepted = 0;
        for (var i = 0; i < Orders; i++)
        {
            if (DecisionContext.Decide(_world, _commands[BookOrders + i]).Accepted)
                accepted++;
        }
        return accepted;
    }

    /// <summary>
    /// Encode one decided order's journal payload (command, outcome and events) and its content hash with the encoders
    /// the engine uses: the modules' hand-written ones for their hottest types (each payload here its own array).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Orders)]
    [BenchmarkCategory("encode")]
    public int EncodeOrder() => Encode(_payloads);

    /// <summary>The same bytes through System.Text.Json alone (the reference encoding the hand-written encoders are held to).</summary>
    [Benchmark(OperationsPerInvoke = Orders, Baseline = true)]
    [BenchmarkCategory("encode")]
    public int EncodeOrderSerializerOnly() => Encode(_serializerOnly);

    /// <summary>Encodes each decided order of the measured stretch with <paramref name="writer"/>; the payloads' total length.</summary>
    private int Encode(PayloadWriter writer)
    {
        var bytes = 0;
        for (var i = 0; i < Orders; i++)
            bytes += writer.Write(_commands[BookOrders + i], _outcomes[i]).Payload.Length;
        return bytes;
    }
}
