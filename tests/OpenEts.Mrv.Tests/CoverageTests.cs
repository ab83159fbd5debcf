// Coverage: sector covered that year and ≥ 26,000 t CO2e in any year of the look-back window.
using OpenEts.Mrv.Coverage;
using OpenEts.Mrv.Import;
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Tests;

public sealed class CoverageTests
{
    private static readonly MrvRulebook Rules = MrvRulebook.ChinaNational;

    private const string File = """
        entity_id,entity_name,facility_id,facility_name,sector,province,year,emissions_tco2e
        E1,Coal power Co,F1,Unit 1,power,hebei,2015,26000
        E1,Coal power Co,F1,Unit 1,power,hebei,2016,12000
        E2,Small power Co,F2,Unit A,power,yunnan,2017,25999
        E3,Cement Co,F3,Kiln 1,cement,anhui,2018,900000
        E4,Chem Co,F4,Plant,chemicals,jiangsu,2018,5000000
        E5,Split Co,F5,Unit X,power,shanxi,2018,13000
        E5,Split Co,F6,Unit Y,power,shanxi,2018,13000
        E6,Old data Co,F7,Unit Z,power,tianjin,2010,90000
        """;

    private static IReadOnlyList<CoverageDecision> Decide(int year)
    {
        var data = FacilityFile.Read(File, json: false, Rules);
        Assert.True(data.Ok, data.Error?.ToString());
        return CoverageList.Decide(data.Value!, year, Rules.Coverage);
    }

    [Fact]
    public void Power_entity_at_exactly_26000_t_in_any_year_2013_to_2018_is_covered_in_2019()
    {
        var d = Decide(2019).Single(x => x.EntityId == "E1");
        Assert.True(d.Covered);
        Assert.Equal(2015, d.PeakYear);
        Assert.Contains("26,000 t CO2e in 2015", d.Reason);
        Assert.Equal(["F1"], d.CoveredFacilities);
    }

    [Fact]
    public void One_tonne_below_the_threshold_is_not_covered()
    {
        var d = Decide(2019).Single(x => x.EntityId == "E2");
        Assert.False(d.Covered);
        Assert.Contains("below the 26,000 t threshold", d.Reason);
    }

    [Fact]
    public void The_threshold_applies_to_the_entity_not_each_facility()
    {
        Assert.True(Decide(2019).Single(x => x.EntityId == "E5").Covered); // 13,000 + 13,000
    }

    [Fact]
    public void Cement_is_covered_from_2024_and_chemicals_not_yet()
    {
        Assert.False(Decide(2019).Single(x => x.EntityId == "E3").Covered);
        var cement = Decide(2024).Single(x => x.EntityId == "E3");
        Assert.True(cement.Covered);
        var chem = Decide(2024).Single(x => x.EntityId == "E4");
        Assert.False(chem.Covered);
        Assert.Contains("chemicals (not yet covered)", chem.Reason);
    }

    [Fact]
    public void Emissions_outside_the_look_back_window_do_not_count()
    {
        var d = Decide(2019).Single(x => x.EntityId == "E6");
        Assert.False(d.Covered);
        Assert.Contains("no emissions data for 2013–2018", d.Reason);
    }

    [Fact]
    public void A_bad_row_is_reported_with_its_line_and_nothing_is_read()
    {
        var bad = File.Replace("E2,Small power Co,F2,Unit A,power,yunnan,2017,25999", "E2,Small power Co,F2,Unit A,mining,yunnan,2017,-5");
        var r = FacilityFile.Read(bad, json: false, Rules);
        Assert.False(r.Ok);
        Assert.Equal("bad_row", r.Error!.Code);
        Assert.Contains("line 4:", r.Error.Message);
        Assert.Contains("sector \"mining\"", r.Error.Message);
        Assert.Contains("-5 is negative", r.Error.Message);
        Assert.Null(r.Value);
    }

    [Fact]
    public void Json_facility_files_read_the_same_way()
    {
        var json = """[{"entity_id":"E1","entity_name":"A","facility_id":"F1","facility_name":"U","sector":"power","province":"hebei","year":2018,"emissions_tco2e":30000}]""";
        var r = FacilityFile.Read(json, json: true, Rules);
        Assert.True(r.Ok);
        Assert.True(CoverageList.Decide(r.Value!, 2019, Rules.Coverage).Single().Covered);
        var bad = FacilityFile.Read("""[{"entity_id":"E1","facility_id":"F1","sector":"power","year":"x","emissions_tco2e":1}]""", json: true, Rules);
        Assert.Contains("item 1:", bad.Error!.Message);
    }
}
