// The demo's compliance goes through the cycle module: on a demo database, compliance run finds the year
// closed, with every company's obligation set from MRV and its surrenders recorded, and changes nothing.
using System.Text.Json;

namespace OpenEts.Cli.Tests;

public sealed class DemoComplianceCliTests
{
    [Fact]
    public void Demo_compliance_is_the_cycle_modules_closed_year_and_compliance_run_agrees_without_changing_anything()
    {
        var dir = CliRunner.TempDir();
        var demo = CliRunner.Run(["demo", "--db", "d.db", "--entities", "40", "--investors", "3", "--json"], dir);
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        var stats = JsonDocument.Parse(demo.Stdout).RootElement;
        var head = JsonDocument.Parse(CliRunner.Run(["verify", "--db", "d.db", "--json"], dir).Stdout).RootElement.GetProperty("last_seq").GetInt64();

        var run = CliRunner.Run(["compliance", "run", "--year", "2022", "--db", "d.db", "--json"], dir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(report.GetProperty("closed").GetBoolean());
        Assert.Equal(0, report.GetProperty("obligations_set_now").GetInt32());
        Assert.Equal(40, report.GetProperty("entities").GetArrayLength());
        Assert.All(report.GetProperty("entities").EnumerateArray(), e => Assert.NotEqual("no_obligation", e.GetProperty("status").GetString()));
        Assert.Equal(stats.GetProperty("obligation_t").GetInt64(), report.GetProperty("obligation_t").GetInt64());
        Assert.Equal(stats.GetProperty("surrendered_t").GetInt64(), report.GetProperty("surrendered_t").GetInt64());
        Assert.Equal(stats.GetProperty("compliance_rate").GetDecimal(), report.GetProperty("compliance_rate").GetDecimal());
        // Verified emissions in the report are MRV's final figures: their sum is the demo's verified total.
        Assert.Equal(stats.GetProperty("verified_t").GetInt64(), report.GetProperty("entities").EnumerateArray().Sum(e => e.GetProperty("verified_t").GetInt64()));
        Assert.Equal(head, JsonDocument.Parse(CliRunner.Run(["verify", "--db", "d.db", "--json"], dir).Stdout).RootElement.GetProperty("last_seq").GetInt64());
    }
}
