// A small national market in memory: regulator, registry and exchange operators, two entities, an
// investor, allowances of 2021 and a voluntary credit class.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Registry.Tests;

/// <summary>Builds a world with the registry module and submits commands to it without storage.</summary>
public sealed class MarketFixture
{
    private int _next;

    /// <summary>The market, with <paramref name="others"/> beside the registry (modules that run its commands as steps of theirs).</summary>
    public MarketFixture(params IModule[] others)
        : this(null, others)
    {
    }

    /// <summary>The market under the given registration rules (the national ones when null), with <paramref name="others"/> beside the registry.</summary>
    public MarketFixture(RegistrationRulebook? registration, params IModule[] others)
    {
        World = new ModuleCatalog([new RegistryModule(registration), .. others]).CreateWorld();
        Must("regulator", new GrantRole("regulator", Role.Regulator));
        Must("regulator", new GrantRole("registry", Role.RegistryOperator));
        Must("regulator", new GrantRole("exchange", Role.ExchangeOperator));
        Must("regulator", new OpenMarket("cn", "National carbon market", "cn-national"));
        Must("regulator", new DefineUnitClass("CEA21", "cn", UnitType.Allowance, 2021));
        Must("regulator", new DefineUnitClass("CCER-P1-2024", "cn", UnitType.Credit, 2024, "P1"));
        Must("registry", new OpenAccount("E1", "cn", "ent-1", AccountKind.CoveredEntity));
        Must("registry", new OpenAccount("E2", "cn", "ent-2", AccountKind.CoveredEntity));
        Must("registry", new OpenAccount("I1", "cn", "inv-1", AccountKind.Investor));
        Must("regulator", new Issue("CEA21", "cn-ISSUANCE", 1_000_000));
        Must("regulator", new Transfer("cn-ISSUANCE", "E1", "CEA21", 600_000));
        Must("regulator", new Transfer("cn-ISSUANCE", "E2", "CEA21", 300_000));
        Must("regulator", new Issue("CCER-P1-2024", "cn-ISSUANCE", 10_000));
        Must("regulator", new Transfer("cn-ISSUANCE", "I1", "CCER-P1-2024", 10_000));
        Must("registry", new DepositCash("I1", 100_000_000));
        Must("registry", new DepositCash("E2", 50_000_000));
    }

    public World World { get; }

    public RegistryState Registry => World.Get<RegistryState>();

    public static DateTimeOffset Time { get; } = new(2024, 7, 16, 1, 30, 0, TimeSpan.Zero);

    public Outcome Submit(string actor, Command command) =>
        DecisionContext.Decide(World, new CommandEnvelope($"c{++_next}", actor, Time, command));

    public Outcome Must(string actor, Command command)
    {
        var outcome = Submit(actor, command);
        Assert.True(outcome.Accepted, $"{command} was rejected: {outcome.Rejection}");
        return outcome;
    }

    public string Rejects(string actor, Command command)
    {
        var before = World.StateHash();
        var outcome = Submit(actor, command);
        Assert.False(outcome.Accepted, $"{command} was accepted");
        Assert.Equal(before, World.StateHash());
        Assert.True(RegistryChecks.Catalogue.ContainsKey(outcome.Rejection!.Code) || outcome.Rejection.Code == "account_not_frozen",
            $"{outcome.Rejection.Code} is not in the catalogue");
        return outcome.Rejection.Code;
    }

    public long Held(string account, string cls) => Registry.HoldingOf(account, cls)?.Held ?? 0;
}
