// compliance run for the industrial sectors through the real openets binary on a temporary SQLite database:
// MRV reports of a steel plant and a cement plant are filed in-process through the engine (the CLI has no filing
// command); the binary adds each sector's plan to 2024, registers and grandfathers the plants MRV knows, sets
// obligations, surrenders and closes, then pre-allocates 2025 at 70% of 2024.
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;
using static OpenEts.Cli.Tests.ComplianceRunCliTests;

namespace OpenEts.Cli.Tests;

public class IndustryComplianceRunCliTests
{
    /// <summary>baowu (steel) 5,000,000 t verified and final; conch (cement) 1,200,000 t reported, verified, not final.</summary>
    private static async Task FileReports(string db)
    {
        await using var engine = Engine.Open(JournalFactory.Open(db), MarketHost.Catalog);
        var time = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var n = 0;
        async Task Must(string actor, Command command)
        {
            var o = await engine.SubmitAsync(new CommandEnvelope($"t{++n}", actor, time, command));
            Assert.True(o.Accepted, $"{command.GetType().Name}: {o.Rejection}");
        }
        await Must(MarketSetup.Regulator, new GrantRole("vera", Role.Verifier));
        foreach (var (entity, sector, tonnes, final) in new[] { ("baowu", "steel", 5_000_000L, true), ("conch", "cement", 1_200_000L, false) })
        {
            await Must(MarketSetup.Regulator, new GrantRole(entity, Role.CoveredEntity));
            await Must(MarketSetup.Regulator, new RegisterFacility($"{entity}-F1", entity, sector, "Anhui"));
            await Must(entity, new SubmitAnnualReport($"{entity}-F1", 2024, tonnes, []));
            await Must(MarketSetup.Regulator, new AssignVerifier($"{entity}-F1", 2024, "vera"));
            await Must("vera", new RecordVerification($"{entity}-F1", 2024, [], "Verified without adjustment."));
            if (final)
                await Must(MarketSetup.Regulator, new FinalizeReport($"{entity}-F1", 2024));
        }
    }

    [Fact]
    public async Task Compliance_run_grandfathers_the_steel_plant_in_2024_waits_for_cement_and_pre_allocates_2025()
    {
        var dir = CliRunner.TempDir();
        Json(CliRunner.Run(["init", "--db", "m.db", "--json"], dir));
        await FileReports(Path.Combine(dir, "m.db"));

        var steel = Json(CliRunner.Run(["compliance", "run", "--year", "2024", "--plan", "cn-steel-2024", "--at", "2025-06-16T09:00:00Z", "--db", "m.db", "--json"], dir));
        Assert.Equal(1, steel.GetProperty("allocations_now").GetInt32());
        var baowu = steel.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("entity").GetString() == "baowu");
        Assert.Equal(("steel", 5_000_000L, 5_000_000L, 5_000_000L), (baowu.GetProperty("sector").GetString(), baowu.GetProperty("allocation_t").GetInt64(),
            baowu.GetProperty("obligation_t").GetInt64(), baowu.GetProperty("allowances_surrendered_t").GetInt64()));
        Assert.Equal("open", baowu.GetProperty("status").GetString());

        // Cement joins the same year; conch's report is not final, so it waits and nothing is issued to it.
        var cement = Json(CliRunner.Run(["compliance", "run", "--year", "2024", "--plan", "cn-cement-2024", "--at", "2025-06-16T09:00:00Z", "--db", "m.db", "--json"], dir));
        Assert.Equal(["conch"], cement.GetProperty("waiting_for_verified_emissions").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("cn-cement-2024", cement.GetProperty("plans").GetProperty("cement").GetString());
        Assert.Equal("cn-steel-2024", cement.GetProperty("plans").GetProperty("steel").GetString());
        Assert.Equal(0L, Held(dir, "conch", "CEA24"));
        var head = LastSeq(dir);
        Json(CliRunner.Run(["compliance", "run", "--year", "2024", "--plan", "cn-cement-2024", "--at", "2025-06-16T09:00:00Z", "--db", "m.db", "--json"], dir));
        Assert.Equal(head, LastSeq(dir));

        // 2025: 70% of baowu's 2024 verified emissions; the true-up waits for a benchmark.
        var y2025 = Json(CliRunner.Run(["compliance", "run", "--year", "2025", "--plan", "cn-steel-2025", "--at", "2025-07-01T09:00:00Z", "--db", "m.db", "--json"], dir));
        Assert.Equal(1, y2025.GetProperty("allocations_now").GetInt32());
        Assert.Equal(3_500_000L, Held(dir, "baowu", "CEA25"));

        // After the 2024 deadline the year closes: baowu compliant, conch never obliged.
        var closed = Json(CliRunner.Run(["compliance", "run", "--year", "2024", "--at", "2026-01-05T09:00:00Z", "--price-yuan", "60", "--db", "m.db", "--json"], dir));
        Assert.True(closed.GetProperty("closed").GetBoolean());
        var rows = closed.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("entity").GetString()!, e => e.GetProperty("status").GetString());
        Assert.Equal("compliant", rows["baowu"]);
        Assert.False(rows.ContainsKey("conch"));
        Assert.Equal(0, CliRunner.Run(["verify", "--db", "m.db"], dir).ExitCode);
    }

    [Fact]
    public async Task Compliance_true_up_is_refused_without_a_benchmark_and_issues_the_difference_under_a_plan_file_that_states_one()
    {
        // The bundled 2025 steel plan: pre-allocation works, the true-up is refused and changes nothing.
        var dir = CliRunner.TempDir();
        Json(CliRunner.Run(["init", "--db", "m.db", "--json"], dir));
        await FileReports(Path.Combine(dir, "m.db"));
        Json(CliRunner.Run(["compliance", "run", "--year", "2025", "--plan", "cn-steel-2025", "--at", "2025-07-01T09:00:00Z", "--db", "m.db", "--json"], dir));
        var refused = CliRunner.Run(["compliance", "true-up", "--year", "2025", "--entity", "baowu", "--output", "2600000", "--db", "m.db", "--json"], dir);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("benchmark_not_published", refused.Stderr + refused.Stdout, StringComparison.Ordinal);
        Assert.Equal(3_500_000L, Held(dir, "baowu", "CEA25"));

        // A market's own plan file stating 1.8 t CO2 per t crude steel (a test figure): 2,600,000 t → 4,680,000 t, 1,180,000 t more, once.
        var other = CliRunner.TempDir();
        Json(CliRunner.Run(["init", "--db", "m.db", "--json"], other));
        await FileReports(Path.Combine(other, "m.db"));
        var plan = System.Text.Json.Nodes.JsonNode.Parse(OpenEts.Allocation.Plans.Rulebooks.BundledJson("cn-steel-2025"))!.AsObject();
        plan["id"] = "pilot-steel-2025";
        plan["allocation"]!["benchmark"]!["value_t_per_unit"] = 1.8m;
        plan["allocation"]!["benchmark"]!["status"] = "assumed";
        File.WriteAllText(Path.Combine(other, "steel-2025.json"), plan.ToJsonString());
        Json(CliRunner.Run(["compliance", "run", "--year", "2025", "--plan", "steel-2025.json", "--at", "2025-07-01T09:00:00Z", "--db", "m.db", "--json"], other));
        // Another process: the plan comes back from the journal, no file needed.
        var up = Json(CliRunner.Run(["compliance", "true-up", "--year", "2025", "--entity", "baowu", "--output", "2600000", "--db", "m.db", "--json"], other));
        Assert.Equal(("pilot-steel-2025", 4_680_000L, 3_500_000L, 1_180_000L, "trued_up"), (up.GetProperty("plan").GetString(), up.GetProperty("final_allocation_t").GetInt64(),
            up.GetProperty("allocated_before_t").GetInt64(), up.GetProperty("difference_t").GetInt64(), up.GetProperty("status").GetString()));
        Assert.Equal(4_680_000L, Held(other, "baowu", "CEA25"));
        var head = LastSeq(other);
        var again = Json(CliRunner.Run(["compliance", "true-up", "--year", "2025", "--entity", "baowu", "--output", "2600000", "--db", "m.db", "--json"], other));
        Assert.Equal("already_trued_up", again.GetProperty("status").GetString());
        Assert.Equal(head, LastSeq(other));
    }
}
