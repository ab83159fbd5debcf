// The regulator's data-quality list over the reports the engine holds: declared defaults, late reports,
// missing, late and mismatched monthly deposits, and the change from last year's final figure.
using OpenEts.Core;
using OpenEts.Mrv.Quality;
using OpenEts.Mrv.Reporting;
using OpenEts.Mrv.Rules;
using OpenEts.Registry;

namespace OpenEts.Mrv.Tests;

public sealed class ReportedQualityTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly World _world;
    private int _n;

    public ReportedQualityTests()
    {
        _world = MrvMarket.National(new DateTimeOffset(2024, 1, 2, 9, 0, 0, Beijing), out _n);
        Ok(MarketSetup.Regulator, new RegisterFacility("F1", "e1", "power", "hebei"), 2024, 1, 2);
        Ok(MarketSetup.Regulator, new RegisterFacility("F2", "e1", "power", "hebei"), 2024, 1, 2);
    }

    private void Ok(string actor, Command c, int y, int m, int d)
    {
        var o = DecisionContext.Decide(_world, new CommandEnvelope($"q{++_n}", actor, new DateTimeOffset(y, m, d, 10, 0, 0, Beijing), c));
        Assert.True(o.Accepted, o.Rejection?.ToString());
    }

    private void Final(string facility, int year, long tco2e)
    {
        Ok("e1", new SubmitAnnualReport(facility, year, tco2e, []), year + 1, 2, 1);
        Ok(MarketSetup.Regulator, new AssignVerifier(facility, year, "v9"), year + 1, 2, 2);
        Ok("v9", new RecordVerification(facility, year, [], "Reasonable assurance."), year + 1, 2, 3);
        Ok(MarketSetup.Regulator, new FinalizeReport(facility, year), year + 1, 2, 4);
    }

    private void Deposit(string facility, int month, decimal tco2e, int daysAfterMonthEnd)
    {
        var on = new DateOnly(2024, month, 1).AddMonths(1).AddDays(-1).AddDays(daysAfterMonthEnd);
        Ok("e1", new DepositMonthlyData(facility, 2024, month, tco2e, new Dictionary<string, decimal>()), on.Year, on.Month, on.Day);
    }

    [Fact]
    public void Reports_are_scored_from_engine_state_lowest_first_with_reasons()
    {
        Final("F1", 2023, 100_000);
        Final("F2", 2023, 100_000);
        for (var m = 1; m <= 12; m++)
            Deposit("F1", m, 10_000m, 10);
        Ok("e1", new SubmitAnnualReport("F1", 2024, 120_000, []), 2025, 2, 10); // +20% on 2023: inside ±30%
        for (var m = 1; m <= 11; m++)
            Deposit("F2", m, 10_000m, m == 3 ? 50 : 10); // March deposited 50 days after the month (due: 40)
        Ok("e1", new SubmitAnnualReport("F2", 2024, 200_000, ["bituminous_coal.carbon_content_tc_per_gj"]), 2025, 4, 1); // after 31 March

        var list = new ReportedQuality(MrvRulebook.ChinaNational).Check(_world.Get<MrvState>(), 2024);

        Assert.Equal(["F2", "F1"], list.Select(r => r.FacilityId));
        var poor = list[0];
        // 100 − default 3 − late report 5 − year on year (+100%) 10 − missing December 5 − late March 2 − monthly 110,000 vs 200,000 (−45%) 20 = 55.
        Assert.Equal(55, poor.Score);
        Assert.Equal(["default_used", "late_report", "year_on_year_outlier", "late_month", "missing_month", "monthly_annual_mismatch"], poor.Findings.Select(f => f.Code));
        Assert.Contains("2024-12", poor.Findings.Single(f => f.Code == "missing_month").Reason);
        Assert.Contains("+100.0%", poor.Findings.Single(f => f.Code == "year_on_year_outlier").Reason);
        Assert.Equal(100, list[1].Score);
        Assert.Empty(list[1].Findings);
        // Without a year: the 2023 reports had no deposits at all, 12 missing months each (100 − 60).
        var all = new ReportedQuality(MrvRulebook.ChinaNational).Check(_world.Get<MrvState>());
        Assert.Equal([40, 40, 55, 100], all.Select(r => r.Score));
    }
}
