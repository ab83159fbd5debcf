// A voluntary market with one public history, built through the engine at the rules' dates: project PX
// "Rudong offshore wind" of owner (account OWNER-1) validated by vvb, registered, 10,000 t of 2025 credits
// issued on 19 March 2026 after vera verified them, and 1,500 t retired for "Acme, Ltd".
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary;

namespace OpenEts.Server.Tests;

/// <summary>Prepares the voluntary market on a running server.</summary>
public static class VoluntaryMarket
{
    private const string Hash = "2222222222222222222222222222222222222222222222222222222222222222";

    /// <summary>
    /// Adds the identities and runs the history (the server's own clock is later than every step); without
    /// <paramref name="issue"/> it stops once the verified report RC is published, before issuance.
    /// </summary>
    public static async Task PrepareAsync(ServerUnderTest s, bool issue = true)
    {
        foreach (var (name, role) in new[] { ("vvb", Role.ValidationBody), ("owner", Role.ProjectOwner) })
            Assert.Null((await s.Market.AddApiKeyAsync(name, role)).Rejection);
        var n = 0;
        async Task Must(string actor, string date, Command command)
        {
            var at = new DateTimeOffset(DateTime.Parse(date + "T10:00:00", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8));
            var outcome = await s.Market.Engine.SubmitAsync(new CommandEnvelope($"voluntary-market-{++n}", actor, at, command));
            Assert.True(outcome.Accepted, $"{command.GetType().Name}: {outcome.Rejection}");
        }
        await Must(MarketSetup.RegistryOperator, "2025-01-02", new OpenAccount("OWNER-1", "cn", "owner", AccountKind.ProjectOwner));
        await Must(MarketSetup.Regulator, "2025-09-01", new AccreditBody("vvb", "China Quality Certification Centre"));
        await Must(MarketSetup.Regulator, "2025-09-01", new AccreditBody("vera", "China Classification Society Certification"));
        await Must("owner", "2025-09-01", new DraftProject("PX", "Rudong offshore wind", "OWNER-1", "CCER-01-002-V01", "Jiangsu",
            new DateOnly(2021, 3, 1), new DateOnly(2022, 1, 1), new DateOnly(2031, 12, 31), new string('a', 64)));
        await Must("vvb", "2025-09-10", new ValidateProject("PX", Hash));
        await Must("owner", "2025-09-15", new OpenPublicComment("PX"));
        await Must(MarketSetup.Regulator, "2025-10-20", new RegisterProject("PX"));
        await Must("owner", "2026-02-10", new SubmitMonitoringReport("RC", "PX", new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 28), 10_000, Hash));
        await Must("vera", "2026-02-11", new VerifyMonitoringReport("RC", 10_000, Hash));
        await Must("owner", "2026-02-12", new PublishVerifiedReport("RC"));
        if (!issue)
            return;
        await Must(MarketSetup.Regulator, "2026-03-19", new IssueCredits("RC"));
        await Must("owner", "2026-04-01", new RetireCredits("T1", "OWNER-1", "PX", 2025, 1_500, "Acme, Ltd", "2025 travel"));
    }
}
