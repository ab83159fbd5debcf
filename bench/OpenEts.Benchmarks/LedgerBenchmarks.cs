// The in-memory hot path of the registry: check and apply one transfer (target: under 200 ns, no allocation).
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
