// The in-memory hot path of the registry: check and apply one transfer (target: under 200 ns, no allocation),
// and the sequencer's whole work per command: decide, encode the journal payload, seal the hash chain.
using BenchmarkDotNet.Attributes;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Benchmarks;

/// <summary>Validate + apply one unserialized transfer between funded accounts.</summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private const int Accounts = 1_000;
    private RegistryState _state = null!;
    private World _world = null!;
    private PayloadWriter _payloads = null!;
    private PayloadWriter _reference = null!;
    private CommandEnvelope[] _transfers = null!;
    private byte[] _lastHash = new byte[32];
    private Outcome? _decided;
    private string[] _ids = null!;
    private int _k;

    /// <summary>A market with 1,000 funded accounts.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var world = new ModuleCatalog(new RegistryModule()).CreateWorld();
        var n = 0;
        void Do(string actor, Command c)
        {
            var outcome = DecisionContext.Decide(world, new CommandEnvelope($"s{n++}", actor, DateTimeOffset.UnixEpoch, c));
            if (!outcome.Accepted)
                throw new InvalidOperationException(outcome.Rejection!.ToString());
        }
        foreach (var step in MarketSetup.National())
            Do(step.Actor, step.Command);
        Do(MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", Accounts * 1_000_000_000L));
        _ids = new string[Accounts];
        for (var i = 0; i < Accounts; i++)
        {
            _ids[i] = $"B{i}";
            Do(MarketSetup.RegistryOperator, new OpenAccount(_ids[i], "cn", $"h{i}", AccountKind.Investor));
            Do(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", _ids[i], "CEA21", 1_000_000_000L));
        }
        _state = world.Get<RegistryState>();
        _world = world;
        _payloads = new PayloadWriter(world.Catalog);
        _reference = new PayloadWriter(world.Catalog.Json);
        _transfers = new CommandEnvelope[4096];
        for (var k = 0; k < _transfers.Length; k++)
            _transfers[k] = new CommandEnvelope($"bench:t:{k}", MarketSetup.RegistryOperator, DateTimeOffset.UnixEpoch,
                new Transfer(_ids[k % Accounts], _ids[(k * 7 + 1) % Accounts], "CEA21", 1 + (k % 50)));
    }

    /// <summary>Decide one transfer command through the catalog (context, handler, event, outcome).</summary>
    [Benchmark]
    public Outcome DecideTransfer() => DecisionContext.Decide(_world, _transfers[_k++ & 4095]);

    /// <summary>Encode one decided transfer's journal payload and content hash.</summary>
    [Benchmark]
    public byte[] EncodePayload()
    {
        var envelope = _transfers[_k++ & 4095];
        return _payloads.Write(envelope, _decided ??= DecisionContext.Decide(_world, envelope)).Payload;
    }

    /// <summary>The same through System.Text.Json alone (no module writers): the reference the writers must match.</summary>
    [Benchmark]
    public byte[] EncodePayloadBySerializer()
    {
        var envelope = _transfers[_k++ & 4095];
        return _reference.Write(envelope, _decided ??= DecisionContext.Decide(_world, envelope)).Payload;
    }

    /// <summary>What the sequencer does per command: decide, encode the payload with its content hash, seal the chain.</summary>
    [Benchmark]
    public JournalEntry SequenceTransfer()
    {
        var envelope = _transfers[_k++ & 4095];
        var outcome = DecisionContext.Decide(_world, envelope);
        var (payload, contentHash) = _payloads.Write(envelope, outcome);
        var entry = HashChain.Seal(_k, _lastHash, envelope.CommandId, "registry.transfer", outcome.Accepted, 0, contentHash, payload);
        _lastHash = entry.Hash;
        return entry;
    }

    /// <summary>Check the leg against the books, then apply it.</summary>
    [Benchmark]
    public RegistryError CheckAndApplyTransfer()
    {
        var k = _k++;
        var from = _ids[k % Accounts];
        var to = _ids[(k + 1) % Accounts];
        var error = _state.CheckLeg(from, to, "CEA21", 1, null);
        if (error == RegistryError.None)
            _state.ApplyTransfer(from, to, "CEA21", 1, null, null);
        return error;
    }
}
