// The MRV filings the demo makes for each company: one facility, its annual report, the verifier's result
// and the regulator's confirmation, so compliance reads final verified emissions from MRV. The regulator,
// the company (registry role CoveredEntity) and the verifier (Verifier) act under their registry
// identities, which the demo grants first.
using OpenEts.Core;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Cli;

/// <summary>MRV filings for demo companies (also used by tests to put final verified emissions in a database).</summary>
public static class DemoReporting
{
    /// <summary>The demo's verification body.</summary>
    public const string VerifierId = "VERIFIER-01";

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
    public static IReadOnlyList<IReadOnlyList<SetupStep>> Filings(IReadOnlyList<(string Entity, string Province, long VerifiedT)> companies, int year)
    {
        string F(string entity) => entity + "-F1";
        return
        [
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:register", MarketSetup.Regulator, new RegisterFacility(F(c.Entity), c.Entity, "power", c.Province))).ToList(),
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:{year}:submit", c.Entity, new SubmitAnnualReport(F(c.Entity), year, c.VerifiedT, []))).ToList(),
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:{year}:assign", MarketSetup.Regulator, new AssignVerifier(F(c.Entity), year, VerifierId))).ToList(),
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:{year}:verify", VerifierId, new RecordVerification(F(c.Entity), year, [], "Reasonable assurance; no misstatement found."))).ToList(),
            companies.Select(c => new SetupStep($"mrv:{F(c.Entity)}:{year}:final", MarketSetup.Regulator, new FinalizeReport(F(c.Entity), year))).ToList(),
        ];
    }
}
