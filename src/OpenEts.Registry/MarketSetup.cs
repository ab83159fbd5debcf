// The commands that set up a market on an empty registry: the first identities, the market with
// its system accounts, and its allowance vintages. Fixed command ids make a repeat harmless.
using OpenEts.Core;

namespace OpenEts.Registry;

/// <summary>One command of a setup script, with its actor and fixed command id.</summary>
public sealed record SetupStep(string CommandId, string Actor, Command Command);

/// <summary>Setup scripts for markets.</summary>
public static class MarketSetup
{
    /// <summary>The identity of the first regulator.</summary>
    public const string Regulator = "regulator";

    /// <summary>The identity of the registry operator.</summary>
    public const string RegistryOperator = "registry";

    /// <summary>The identity of the exchange operator.</summary>
    public const string ExchangeOperator = "exchange";

    /// <summary>
    /// The national market: regulator, registry and exchange identities, market "cn" with its system
    /// accounts and cash in CNY, and the traded allowance vintages CEA19-20 to CEA25 (as the exchange lists them).
    /// </summary>
    public static IReadOnlyList<SetupStep> National(string marketId = "cn", string name = "National carbon emission trading market", string rulebook = "cn-national")
    {
        var steps = new List<SetupStep>
        {
            new("setup:role:regulator", Regulator, new GrantRole(Regulator, Role.Regulator)),
            new("setup:role:registry", Regulator, new GrantRole(RegistryOperator, Role.RegistryOperator)),
            new("setup:role:exchange", Regulator, new GrantRole(ExchangeOperator, Role.ExchangeOperator)),
            new($"setup:{marketId}:market", Regulator, new OpenMarket(marketId, name, rulebook)),
        };
        foreach (var (id, vintage) in AllowanceVintages)
            steps.Add(new($"setup:{marketId}:class:{id}", Regulator, new DefineUnitClass(ClassId(marketId, id), marketId, UnitType.Allowance, vintage)));
        return steps;
    }

    /// <summary>
    /// Submits setup steps in order. A step already applied replays its first outcome; a step whose
    /// thing already exists under another command (a role, market or class) is passed over. Returns
    /// how many steps changed state, or the first step refused for another reason.
    /// </summary>
    public static async Task<(int Applied, SetupStep? FailedStep, Rejection? Rejection)> RunAsync(Engine engine, IReadOnlyList<SetupStep> steps, DateTimeOffset time)
    {
        var applied = 0;
        foreach (var step in steps)
        {
            var outcome = await engine.SubmitAsync(new CommandEnvelope(step.CommandId, step.Actor, time, step.Command)).ConfigureAwait(false);
            if (outcome.Rejection is { } r && r.Code is not ("role_exists" or "market_exists" or "unit_class_exists"))
                return (applied, step, r);
            if (outcome.Accepted && !outcome.Replayed)
                applied++;
        }
        return (applied, null, null);
    }

    /// <summary>The allowance products of the national market and their vintage years (CEA19-20 counts as 2020).</summary>
    public static readonly (string Id, int Vintage)[] AllowanceVintages =
        [("CEA19-20", 2020), ("CEA21", 2021), ("CEA22", 2022), ("CEA23", 2023), ("CEA24", 2024), ("CEA25", 2025)];

    /// <summary>The class id of an allowance product in a market: the bare product for "cn", prefixed elsewhere.</summary>
    public static string ClassId(string marketId, string product) => marketId == "cn" ? product : $"{marketId}:{product}";
}
