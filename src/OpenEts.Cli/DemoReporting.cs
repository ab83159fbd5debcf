// The MRV filings the demo makes for each company: one facility, its annual report, the verifier's result
// and the regulator's confirmation, so compliance reads final verified emissions from MRV. Who may file is
// MRV's rule: with registry roles, the regulator, the company (CoveredEntity) and the verifier (Verifier)
// act under their registry identities, which the demo grants first; while MRV still reads roles from
// "regulator:", "entity:" and "verifier:" prefixes, the same filings go under prefixed names. Which rule
// the market runs is found by deciding one facility registration in a scratch world.
using OpenEts.Core;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Cli;

/// <summary>The identities that file, verify and confirm MRV reports.</summary>
public sealed record MrvIdentities(string Regulator, string Verifier, string VerifierId, bool PrefixedNames)
{
    /// <summary>The identity a company files under.</summary>
    public string Entity(string entityId) => PrefixedNames ? "entity:" + entityId : entityId;
}

/// <summary>MRV filings for demo companies (also used by tests to put final verified emissions in a database).</summary>
public static class DemoReporting
{
    /// <summary>The demo's verification body.</summary>
    public const string VerifierId = "VERIFIER-01";

    /// <summary>Finds who may file in a market of this catalog: registry roles, or prefixed names.</summary>
    public static MrvIdentities Identities(ModuleCatalog catalog)
    {
        var world = catalog.CreateWorld();
        var time = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var step in MarketSetup.National())
            DecisionContext.Decide(world, new CommandEnvelope(step.CommandId, step.Actor, time, step.Command));
        DecisionContext.Decide(world, new CommandEnvelope("probe:role", MarketSetup.Regulator, time, new GrantRole("PROBE", Role.CoveredEntity)));
        var probe = DecisionContext.Decide(world, new CommandEnvelope("probe", MarketSetup.Regulator, time, new RegisterFacility("PROBE-F1", "PROBE", "power", "Beijing")));
        return probe.Accepted
            ? new MrvIdentities(MarketSetup.Regulator, VerifierId, VerifierId, false)
            : new MrvIdentities("regulator:" + MarketSetup.Regulator, "verifier:" + VerifierId, VerifierId, true);
    }

    /// <summary>Registry roles for the companies and the verifier, where they have none yet.</summary>
    public static IReadOnlyList<SetupStep> Roles(World world, IEnumerable<string> entities)
    {
        var r = world.Get<RegistryState>();
        var steps = entities.Where(e => r.RoleOf(e) is null)
            .Select(e => new SetupStep($"role:{e}", MarketSetup.Regulator, new GrantRole(e, Role.CoveredEntity))).ToList();
        if (r.RoleOf(VerifierId) is null)
            steps.Add(new($"role:{VerifierId}", MarketSetup.Regulator, new GrantRole(VerifierId, Role.Verifier)));
        return steps;
    }

    /// <summary>
    /// The five steps that make one facility-year's report final, grouped by step so that each phase can be
    /// submitted for every company at once: register, submit, assign, verify, confirm.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<SetupStep>> Filings(MrvIdentities who, IReadOnlyList<(string Entity, string Province, long VerifiedT)> companies, int year)
    {
        string F(string entity) => entity + "-F1";
        return
        [
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:register", who.Regulator, new RegisterFacility(F(c.Entity), c.Entity, "power", c.Province))).ToList(),
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:{year}:submit", who.Entity(c.Entity), new SubmitAnnualReport(F(c.Entity), year, c.VerifiedT, []))).ToList(),
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:{year}:assign", who.Regulator, new AssignVerifier(F(c.Entity), year, who.VerifierId))).ToList(),
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:{year}:verify", who.Verifier, new RecordVerification(F(c.Entity), year, [], "Reasonable assurance; no misstatement found."))).ToList(),
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:{year}:final", who.Regulator, new FinalizeReport(F(c.Entity), year))).ToList(),
        ];
    }
}
