// The MRV workflow on a market database, run as a user runs it: the real binary on a temporary SQLite
// file, identities with registry roles, exit codes, and the reports each identity may see.
using System.Text.Json;

namespace OpenEts.Cli.Tests;

public sealed class MrvWorkflowCliTests
{
    // 1,000,000 t coal at NCV 20.9 with default CC and OF = 2,340,496.95 t; + 5,000 MWh × 0.5703 = 2,851.5 t;
    // + 2.5 t CH4 × 28 = 70 t: 2,343,418.45 → 2,343,418 t CO2e.
    private const string Calc2024 = """{"facility_id":"F1","sector":"power","year":2024,"gwp":"AR5","fuels":[{"fuel":"bituminous_coal","consumption":1000000,"unit":"t","ncv_gj_per_unit":20.9,"carbon_content_tc_per_gj":null,"oxidation":null}],"purchased_electricity_mwh":5000,"purchased_heat_gj":0,"process":[],"other_gases":[{"gas":"CH4","tonnes":2.5}]}""";

    private readonly string _dir = CliRunner.TempDir();

    public MrvWorkflowCliTests()
    {
        Ok("init", "--db", "m.db");
        foreach (var (name, role) in new[] { ("acme", "covered_entity"), ("beta", "covered_entity"), ("vera", "verifier"), ("walt", "verifier") })
            Ok("--db", "m.db", "user", "key", name, "--role", role);
        Ok("--db", "m.db", "mrv", "facility", "add", "F1", "--entity", "acme", "--sector", "power", "--province", "hebei");
        File.WriteAllText(Path.Combine(_dir, "calc.json"), Calc2024);
    }

    private CliResult Run(params string[] args) => CliRunner.Run(args, _dir);

    private JsonElement Ok(params string[] args)
    {
        var r = Run([.. args, "--json"]);
        Assert.True(r.ExitCode == 0, $"openets {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    private JsonElement Reports(string actor, params string[] filters) => Ok(["--db", "m.db", "mrv", "reports", "--as", actor, .. filters]).GetProperty("reports");

    private void Rejected(string code, params string[] args)
    {
        var before = Run("--db", "m.db", "mrv", "reports", "--json").Stdout;
        var r = Run(["--db", "m.db", .. args]);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith(code + ":", r.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Equal(before, Run("--db", "m.db", "mrv", "reports", "--json").Stdout);
    }

    [Fact]
    public void Full_cycle_submit_assign_verify_finalize()
    {
        var submitted = Ok("--db", "m.db", "mrv", "submit", "--as", "acme", "--input", "calc.json");
        Assert.Equal(2_343_418, submitted.GetProperty("detail").GetProperty("total_tco2e").GetInt64());
        // 2024 power allowances do not cover the 2,851.5 t of purchased electricity: the report states 2,340,566.95 → 2,340,567 t.
        Assert.Equal(2_340_567, submitted.GetProperty("detail").GetProperty("covered_tco2e").GetInt64());
        Assert.Equal(["bituminous_coal.carbon_content_tc_per_gj", "bituminous_coal.oxidation"],
            submitted.GetProperty("detail").GetProperty("defaults_used").EnumerateArray().Select(d => d.GetString()));
        Ok("--db", "m.db", "mrv", "assign", "--facility", "F1", "--year", "2024", "--verifier", "vera");
        Assert.Empty(Reports("walt").EnumerateArray());
        Assert.Equal("under_verification", Reports("vera")[0].GetProperty("status").GetString());
        var verified = Ok("--db", "m.db", "mrv", "verify", "--as", "vera", "--facility", "F1", "--year", "2024",
            "--adjust", "coal weighbridge error=-1200", "--statement", "Reasonable assurance; one adjustment.");
        Assert.Equal(2_339_367, verified.GetProperty("events")[0].GetProperty("event").GetProperty("verified_tco2e").GetInt64()); // 2,340,567 − 1,200
        Ok("--db", "m.db", "mrv", "finalize", "--facility", "F1", "--year", "2024");

        var final = Reports("regulator", "--year", "2024", "--status", "final");
        var report = Assert.Single(final.EnumerateArray());
        Assert.Equal("acme", report.GetProperty("entity_id").GetString());
        Assert.Equal(2_339_367, report.GetProperty("verified_tco2e").GetInt64());
        Assert.Equal("Reasonable assurance; one adjustment.", report.GetProperty("statement").GetString());
        Assert.Empty(Reports("regulator", "--status", "submitted").EnumerateArray());
        Assert.Empty(Reports("beta").EnumerateArray());
        Assert.Single(Reports("acme").EnumerateArray());
        Assert.Single(Reports("registry").EnumerateArray());

        // The regulator's quality list on the database: two declared defaults (−3 each), no deposits (12 × −5),
        // submitted after 31 March 2025 (the CLI's clock is real; −5): 100 − 71 = 29.
        var quality = Assert.Single(Ok("--db", "m.db", "mrv", "quality", "--year", "2024").GetProperty("reports").EnumerateArray());
        Assert.Equal(29, quality.GetProperty("score").GetInt32());
        var denied = Run("--db", "m.db", "mrv", "quality", "--as", "acme");
        Assert.Equal(1, denied.ExitCode);
        Assert.StartsWith("not_authorized:", denied.Stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verifier_not_assigned_and_entity_not_owner_are_rejected_with_exit_1_and_nothing_changes()
    {
        Ok("--db", "m.db", "mrv", "submit", "--as", "acme", "--input", "calc.json");
        Ok("--db", "m.db", "mrv", "assign", "--facility", "F1", "--year", "2024", "--verifier", "vera");
        Rejected("not_assigned_verifier", "mrv", "verify", "--as", "walt", "--facility", "F1", "--year", "2024", "--statement", "ok");
        Rejected("not_authorized", "mrv", "verify", "--as", "acme", "--facility", "F1", "--year", "2024", "--statement", "ok");
        Rejected("not_facility_owner", "mrv", "submit", "--as", "beta", "--input", "calc.json");
        Rejected("not_authorized", "mrv", "finalize", "--facility", "F1", "--year", "2024", "--as", "vera");
        Rejected("not_a_covered_entity", "mrv", "facility", "add", "F2", "--entity", "vera", "--sector", "power", "--province", "hebei");
        Assert.Equal("under_verification", Reports("regulator")[0].GetProperty("status").GetString());

        var missingActor = Run("--db", "m.db", "mrv", "submit", "--input", "calc.json");
        Assert.Equal(2, missingActor.ExitCode);
        Assert.StartsWith("missing_option: --as is required.", missingActor.Stderr.Trim(), StringComparison.Ordinal);
        var badStatus = Run("--db", "m.db", "mrv", "reports", "--status", "done");
        Assert.Equal(2, badStatus.ExitCode);
    }

    [Fact]
    public void An_amendment_is_a_new_version_and_the_first_is_kept()
    {
        Ok("--db", "m.db", "mrv", "submit", "--as", "acme", "--input", "calc.json");
        Ok("--db", "m.db", "mrv", "assign", "--facility", "F1", "--year", "2024", "--verifier", "vera");
        // Carbon content now measured at 0.027 tC/GJ: 1,000,000 × 20.9 × 0.027 × 0.99 × 44/12 = 2,048,409 t; + 2,851.5 + 70 = 2,051,330.5 → 2,051,331.
        File.WriteAllText(Path.Combine(_dir, "amended.json"), Calc2024.Replace("\"carbon_content_tc_per_gj\":null", "\"carbon_content_tc_per_gj\":0.027", StringComparison.Ordinal));
        var amended = Ok("--db", "m.db", "mrv", "submit", "--as", "acme", "--input", "amended.json");
        Assert.Equal(2_051_331, amended.GetProperty("detail").GetProperty("total_tco2e").GetInt64());

        var report = Reports("acme")[0];
        Assert.Equal(2, report.GetProperty("version").GetInt32());
        Assert.Equal("submitted", report.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("verifier_id").ValueKind);
        var versions = report.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([2_340_567L, 2_048_479L], versions.Select(v => v.GetProperty("reported_tco2e").GetInt64())); // direct only, 2024
        Assert.Equal(["bituminous_coal.oxidation"], versions[1].GetProperty("defaults_used").EnumerateArray().Select(d => d.GetString()));
        Assert.Empty(Reports("vera").EnumerateArray()); // the old assignment ended with the amendment
    }

    [Fact]
    public void Deposits_come_from_a_json_file_or_options_and_a_redeposit_is_version_2()
    {
        File.WriteAllText(Path.Combine(_dir, "jan.json"), """{"facility_id":"F1","year":2025,"month":1,"tco2e":200000.5,"parameters":{"coal_t":85000}}""");
        var first = Ok("--db", "m.db", "mrv", "deposit", "--as", "acme", "--input", "jan.json");
        var e1 = first.GetProperty("events")[0].GetProperty("event");
        Assert.Equal(1, e1.GetProperty("version").GetInt32());
        Assert.Equal(200_000.5m, e1.GetProperty("emissions_tco2e").GetDecimal());
        Assert.Equal(85_000m, e1.GetProperty("parameters").GetProperty("coal_t").GetDecimal());
        var second = Ok("--db", "m.db", "mrv", "deposit", "--as", "acme", "--facility", "F1", "--year", "2025", "--month", "1", "--tco2e", "200100", "--param", "coal_t=85050");
        Assert.Equal(2, second.GetProperty("events")[0].GetProperty("event").GetProperty("version").GetInt32());
        var r = Run("--db", "m.db", "mrv", "deposit", "--as", "acme", "--facility", "F1", "--year", "2025", "--month", "2", "--tco2e", "abc");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("bad_number:", r.Stderr.Trim(), StringComparison.Ordinal);
    }
}
