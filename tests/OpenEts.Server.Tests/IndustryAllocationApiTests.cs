// The industrial sectors' allocation over HTTP: the grandfathered allocation issues allowances, so it is a
// four-eyes proposal (one regulator proposes, a different one approves); the year shows each sector's plan; the
// 2025 true-up under the bundled plan is refused benchmark_not_published when approved, and the proposal stays pending.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Server.Tests;

public sealed class IndustryAllocationApiTests
{
    [Fact]
    public async Task A_steel_plants_grandfathered_allocation_takes_two_regulators_and_the_true_up_waits_for_a_benchmark()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 6, 16, 10, 0, 0, TimeSpan.FromHours(8)));
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = true, Clock = clock });
        var (key, rejection) = await s.Market.AddApiKeyAsync("rita", Role.Regulator);
        Assert.Null(rejection);
        s.AddKey("rita", key!);
        var n = 0;
        foreach (var (actor, command) in new (string, OpenEts.Core.Command)[]
        {
            (MarketSetup.Regulator, new GrantRole("baowu", Role.CoveredEntity)),
            (MarketSetup.RegistryOperator, new OpenAccount("BAOWU-1", "cn", "baowu", AccountKind.CoveredEntity)),
            (MarketSetup.Regulator, new RegisterFacility("BAOWU-F1", "baowu", "steel", "Shanghai")),
            ("baowu", new SubmitAnnualReport("BAOWU-F1", 2024, 5_000_000, [])),
            (MarketSetup.Regulator, new AssignVerifier("BAOWU-F1", 2024, "vera")),
            ("vera", new RecordVerification("BAOWU-F1", 2024, [], "Verified without adjustment.")),
            (MarketSetup.Regulator, new FinalizeReport("BAOWU-F1", 2024)),
            (MarketSetup.Regulator, new OpenComplianceYear(2024, "cn-power-2024")),
            (MarketSetup.Regulator, new OpenComplianceYear(2024, "cn-steel-2024")),
            (MarketSetup.Regulator, new OpenComplianceYear(2025, "cn-steel-2025")),
            (MarketSetup.Regulator, new RegisterEntity("baowu", "steel", "Shanghai", Fuel.Coal, "BAOWU-1")),
        })
        {
            var outcome = await s.Market.SubmitAsync($"industry-{n++}", actor, command);
            Assert.True(outcome.Accepted, $"{command.GetType().Name}: {outcome.Rejection}");
        }

        using var regulator = s.As("regulator");
        using var rita = s.As("rita");
        var plans = await ServerUnderTest.Ok(regulator.GetAsync("/api/allocation/sector-plans"));
        Assert.Equal(["cn-steel-2024", "cn-cement-2024", "cn-aluminium-2024", "cn-steel-2025", "cn-cement-2025", "cn-aluminium-2025"],
            plans.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal("verified_emissions", plans[0].GetProperty("allocation").GetProperty("method").GetProperty("value").GetString());
        var benchmark = plans[3].GetProperty("allocation").GetProperty("benchmark");
        Assert.Equal(("crude_steel", "not_published", JsonValueKind.Null), (benchmark.GetProperty("product").GetString(), benchmark.GetProperty("status").GetString(),
            benchmark.GetProperty("value_t_per_unit").ValueKind));
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "allocation.issue_grandfathered", action = new { entity = "baowu", year = 2024 } }));
        using (var same = await regulator.PostAsync("/api/proposals/P-1/approve", null))
            await ApiSuite.AssertProblem(same, HttpStatusCode.Forbidden, "same_approver");
        Assert.Equal((0L, 0L), await s.HoldingAsync("BAOWU-1", "CEA24"));
        await ServerUnderTest.Ok(rita.PostAsync("/api/proposals/P-1/approve", null));
        Assert.Equal((5_000_000L, 0L), await s.HoldingAsync("BAOWU-1", "CEA24"));

        // The year holds power's plan and steel's side by side; the steel plant's row carries its sector.
        var year = await ServerUnderTest.Ok(regulator.GetAsync("/api/compliance/2024"));
        Assert.Equal(("cn-power-2024", "cn-steel-2024"), (year.GetProperty("plans").GetProperty("power").GetString(), year.GetProperty("plans").GetProperty("steel").GetString()));
        var row = year.GetProperty("entities").EnumerateArray().Single();
        Assert.Equal(("baowu", "steel", 5_000_000L), (row.GetProperty("entity").GetString(), row.GetProperty("sector").GetString(), row.GetProperty("allocation_t").GetInt64()));

        // 2025: the pre-allocation (70% of 5,000,000 t) through a second proposal; the true-up is refused on approval.
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "allocation.pre_allocate", action = new { entity = "baowu", year = 2025 } }));
        await ServerUnderTest.Ok(rita.PostAsync("/api/proposals/P-2/approve", null));
        Assert.Equal((3_500_000L, 0L), await s.HoldingAsync("BAOWU-1", "CEA25"));
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "allocation.true_up", action = new { entity = "baowu", year = 2025, verified_output = 2_600_000 } }));
        using (var refused = await rita.PostAsync("/api/proposals/P-3/approve", null))
            await ApiSuite.AssertProblem(refused, HttpStatusCode.Conflict, "benchmark_not_published");
        Assert.Equal("pending", (await ServerUnderTest.Ok(regulator.GetAsync("/api/proposals/P-3"))).GetProperty("status").GetString());
        Assert.Equal((3_500_000L, 0L), await s.HoldingAsync("BAOWU-1", "CEA25"));
    }
}
