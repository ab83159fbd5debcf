// Data-quality checks: each finding has its reason and its points; the score starts at 100.
using OpenEts.Mrv.Calculation;
using OpenEts.Mrv.Quality;
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Tests;

public sealed class QualityTests
{
    private static readonly QualityChecker Checker = new(MrvRulebook.ChinaNational);

    // 1,000 t × 20 GJ/t × 0.027 tC/GJ × 0.98 × 44/12 = 1,940.4 t CO2 → 1,940 t.
    private static FacilityYearInput Measured(decimal cc = 0.027m, decimal consumption = 1000m) => new()
    {
        Sector = "power",
        Year = 2023,
        Fuels = [new FuelInput { Fuel = "bituminous_coal", Consumption = consumption, NcvGjPerUnit = 20m, CarbonContentTcPerGj = cc, Oxidation = 0.98m }],
    };

    private static List<MonthlyDepositInput> Months(decimal each, int count = 12, int lateMonth = 0) =>
        Enumerable.Range(1, count).Select(m => new MonthlyDepositInput
        {
            Month = m,
            Tco2e = each,
            DepositedOn = new DateOnly(2023, m, 1).AddMonths(1).AddDays(m == lateMonth ? 45 : 10),
        }).ToList();

    private static QualityReport One(QualityReportInput input)
    {
        var r = Checker.Check(new QualityFile { Reports = [input] });
        Assert.True(r.Ok, r.Error?.ToString());
        return r.Value!.Single();
    }

    [Fact]
    public void A_clean_measured_report_scores_100()
    {
        var r = One(new QualityReportInput { FacilityId = "F", Annual = Measured(), Monthly = Months(162m), PreviousYearTco2e = 1_900 });
        Assert.Equal(1_940, r.TotalTco2e);
        Assert.Empty(r.Findings);
        Assert.Equal(100, r.Score);
    }

    [Fact]
    public void Measured_carbon_content_above_the_default_is_out_of_range()
    {
        var r = One(new QualityReportInput { FacilityId = "F", Annual = Measured(cc: 0.034m), Monthly = Months(200m) });
        var f = Assert.Single(r.Findings, f => f.Code == "parameter_out_of_range");
        Assert.Contains("carbon_content_tc_per_gj 0.034", f.Reason);
        Assert.Equal(20, f.Points);
    }

    [Fact]
    public void Defaults_missing_and_late_months_each_cost_points()
    {
        var annual = new FacilityYearInput { Sector = "power", Year = 2023, Fuels = [new FuelInput { Fuel = "bituminous_coal", Consumption = 1000m }] };
        // default NCV, CC, OF: 3 × 3; months 11 and 12 missing: 2 × 5; month 3 late: 2. Score 100 − 21 = 79.
        var r = One(new QualityReportInput { FacilityId = "F", Annual = annual, Monthly = Months(299.0013m, count: 10, lateMonth: 3) });
        Assert.Equal(3, r.Findings.Count(f => f.Code == "default_used"));
        Assert.Equal(2, r.Findings.Count(f => f.Code == "missing_month"));
        Assert.Contains(r.Findings, f => f.Code == "late_month" && f.Reason.Contains("2023-03"));
        Assert.Equal(79, r.Score);
    }

    [Fact]
    public void Monthly_deposits_far_from_the_annual_total_are_flagged()
    {
        var r = One(new QualityReportInput { FacilityId = "F", Annual = Measured(), Monthly = Months(150m) }); // 1,800 vs 1,940.4: −7.2%
        Assert.Contains(r.Findings, f => f.Code == "monthly_annual_mismatch");
    }

    [Fact]
    public void A_jump_of_more_than_30_percent_from_last_year_is_flagged()
    {
        var r = One(new QualityReportInput { FacilityId = "F", Annual = Measured(), Monthly = Months(162m), PreviousYearTco2e = 1_400 });
        Assert.Contains(r.Findings, f => f.Code == "year_on_year_outlier" && f.Reason.Contains("+38.6%"));
    }

    [Fact]
    public void A_facility_far_from_its_peers_intensity_is_flagged_and_listed_first()
    {
        QualityReportInput Peer(string id, decimal output) => new() { FacilityId = id, Annual = Measured(), Output = output, Monthly = Months(162m) };
        var r = Checker.Check(new QualityFile { Reports = [Peer("A", 2000m), Peer("B", 2100m), Peer("C", 1900m), Peer("D", 1000m)] });
        var list = r.Value!;
        Assert.Equal("D", list[0].FacilityId);
        Assert.Contains(list[0].Findings, f => f.Code == "peer_outlier");
        Assert.All(list.Skip(1), x => Assert.Equal(100, x.Score));
    }
}
