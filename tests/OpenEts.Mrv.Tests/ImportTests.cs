// Import: all or nothing, bad rows named by line; activity rows group into facility-years.
using OpenEts.Mrv.Calculation;
using OpenEts.Mrv.Import;
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Tests;

public sealed class ImportTests
{
    [Fact]
    public void Activity_rows_group_into_facility_years_that_calculate()
    {
        const string csv = """
            facility_id,sector,year,gwp,kind,item,quantity,unit,ncv_gj_per_unit
            F1,power,2023,AR5,fuel,bituminous_coal,1000000,t,20.9
            F1,power,2023,AR5,electricity,grid,5000,,
            F1,power,2023,AR5,gas,CH4,2.5,,
            F2,cement,2024,,process,cement_clinker,1000,,
            """;
        var r = ActivityFile.Read(csv, json: false);
        Assert.True(r.Ok, r.Error?.ToString());
        Assert.Equal(2, r.Value!.Count);
        var calc = new EmissionCalculator(MrvRulebook.ChinaNational);
        Assert.Equal(2_343_418, calc.Calculate(r.Value[0]).Value!.TotalTco2e); // the worked example of the README
        Assert.Equal(520, calc.Calculate(r.Value[1]).Value!.TotalTco2e); // 1,000 t clinker × 0.52
    }

    [Fact]
    public void Every_bad_row_is_named_and_nothing_is_returned()
    {
        const string csv = """
            facility_id,sector,year,kind,item,quantity
            F1,power,2023,fuel,bituminous_coal,10
            F1,power,20x3,fuel,bituminous_coal,10
            F1,power,2023,smoke,bituminous_coal,-1
            """;
        var r = ActivityFile.Read(csv, json: false);
        Assert.False(r.Ok);
        Assert.Equal("bad_row", r.Error!.Code);
        Assert.Contains("2 bad row(s), nothing imported", r.Error.Message);
        Assert.Contains("line 3: year \"20x3\" is not a whole number", r.Error.Message);
        Assert.Contains("line 4: kind \"smoke\"", r.Error.Message);
        Assert.Contains("quantity -1 is negative", r.Error.Message);
    }

    [Fact]
    public void A_missing_column_is_reported_on_line_1()
    {
        var r = ActivityFile.Read("facility_id,sector,year\nF1,power,2023\n", json: false);
        Assert.Contains("line 1", r.Error!.Message);
        Assert.Contains("kind", r.Error.Message);
    }

    [Fact]
    public void Deposits_read_from_json_or_csv()
    {
        var csv = ActivityFile.ReadDeposits("facility_id,year,month,tco2e,deposited_on\nF1,2024,1,100.5,2024-02-20\n", json: false);
        Assert.Equal(100.5m, csv.Value!.Single().Tco2e);
        var bad = ActivityFile.ReadDeposits("""[{"facility_id":"F1","year":2024,"month":13,"tco2e":1,"deposited_on":"2024-02-30"}]""", json: true);
        Assert.Contains("item 1", bad.Error!.Message);
        Assert.Contains("month 13", bad.Error.Message);
        Assert.Contains("deposited_on", bad.Error.Message);
    }
}
