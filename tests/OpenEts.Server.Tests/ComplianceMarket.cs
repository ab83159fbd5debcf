// A market in the middle of its 2024 compliance year, shared by the allocation API, web page and browser
// tests: the server's clock stands at 1 June 2025 (Beijing 10:00), the year is open under plan cn-power-2024,
// acme (account ACME-1) has 100,000 t of CEA24 allocated, and two facilities have filed 2024 reports:
// F-A of acme (90,000 t, assigned to verifier vera) and F-B of beta (50,000 t, assigned to verifier walt).
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Server.Tests;

/// <summary>Starts and prepares the compliance market.</summary>
public static class ComplianceMarket
{
    /// <summary>The server's time at the start: 1 June 2025, 10:00 in Beijing.</summary>
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Starts a seeded server (four-eyes off) on <paramref name="clock"/> and prepares the year.</summary>
    public static async Task<ServerUnderTest> StartAsync(ManualClock clock)
    {
        var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = false, Clock = clock });
        foreach (var (name, role) in new[] { ("beta", Role.CoveredEntity), ("walt", Role.Verifier) })
        {
            var (key, rejection) = await s.Market.AddApiKeyAsync(name, role);
            Assert.Null(rejection);
            s.AddKey(name, key!);
        }
        var steps = new (string Actor, Command Command)[]
        {
            ("regulator", new RegisterFacility("F-A", "acme", "power", "hebei")),
            ("regulator", new RegisterFacility("F-B", "beta", "power", "shanxi")),
            ("regulator", new OpenComplianceYear(2024, "cn-power-2024")),
            ("regulator", new RegisterEntity("acme", "power", "hebei", Fuel.Coal, "ACME-1")),
            ("regulator", new IssueAllocation("acme", 2024, "U1", 100_000)),
            ("acme", new SubmitAnnualReport("F-A", 2024, 90_000, [])),
            ("beta", new SubmitAnnualReport("F-B", 2024, 50_000, [])),
            ("regulator", new AssignVerifier("F-A", 2024, "vera")),
            ("regulator", new AssignVerifier("F-B", 2024, "walt")),
        };
        var n = 0;
        foreach (var (actor, command) in steps)
        {
            var outcome = await s.Market.SubmitAsync($"compliance-market-{n++}", actor, command);
            Assert.True(outcome.Accepted, $"{command.GetType().Name}: {outcome.Rejection}");
        }
        return s;
    }
}
