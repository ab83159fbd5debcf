// A national market with the registry and MRV modules, and the identities the MRV tests act as.
using OpenEts.Core;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Mrv.Tests;

/// <summary>Builds worlds for decision-path tests.</summary>
public static class MrvMarket
{
    /// <summary>The registry and MRV modules.</summary>
    public static readonly ModuleCatalog Catalog = new(new RegistryModule(), new MrvModule());

    /// <summary>The national setup, then two covered entities (e1, e2), two verifiers (v8, v9) and an investor (ivy).</summary>
    public static World National(DateTimeOffset time, out int commands)
    {
        var world = Catalog.CreateWorld();
        var steps = MarketSetup.National().ToList();
        foreach (var (identity, role) in new[] { ("e1", Role.CoveredEntity), ("e2", Role.CoveredEntity), ("v8", Role.Verifier), ("v9", Role.Verifier), ("ivy", Role.Investor) })
            steps.Add(new SetupStep($"grant:{identity}", MarketSetup.Regulator, new GrantRole(identity, role)));
        foreach (var step in steps)
            Assert.True(DecisionContext.Decide(world, new CommandEnvelope(step.CommandId, step.Actor, time, step.Command)).Accepted, step.CommandId);
        commands = steps.Count;
        return world;
    }
}
