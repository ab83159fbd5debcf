// The rulebook holds the guideline's figures, each with a source note.
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Tests;

public sealed class RulebookTests
{
    private static readonly MrvRulebook Rules = MrvRulebook.ChinaNational;

    [Fact]
    public void Coal_defaults_are_the_2022_power_guideline_values()
    {
        var coal = Rules.FindFuel("bituminous_coal")!;
        Assert.Equal(0.03085m, coal.CarbonContentTcPerGj);
        Assert.Equal(0.99m, coal.Oxidation);
        Assert.Contains("0.03085", coal.Source);
    }

    [Theory]
    [InlineData("AR4", "CH4", 25)]
    [InlineData("AR4", "N2O", 298)]
    [InlineData("AR5", "CH4", 28)]
    [InlineData("AR5", "N2O", 265)]
    [InlineData("AR5", "CF4", 6630)]
    [InlineData("AR5", "C2F6", 11100)]
    [InlineData("AR5", "SF6", 23500)]
    [InlineData("AR6", "N2O", 273)]
    [InlineData("AR6", "NF3", 17400)]
    [InlineData("AR4", "HFC-134a", 1430)]
    public void Gwp_tables_hold_the_IPCC_values(string table, string gas, double expected)
    {
        Assert.Equal((decimal)expected, Rules.FindGwp(table)!.Of(gas));
    }

    [Fact]
    public void Every_gas_of_issue_4_has_a_gwp_in_every_table()
    {
        string[] gases = ["CO2", "CH4", "N2O", "HFC-23", "HFC-32", "HFC-125", "HFC-134a", "HFC-143a", "CF4", "C2F6", "SF6", "NF3"];
        foreach (var t in Rules.GwpTables)
        {
            foreach (var g in gases)
                Assert.True(t.Of(g) > 0, $"{t.Name} lacks {g}");
        }
    }

    [Fact]
    public void Every_value_has_a_source_note()
    {
        Assert.All(Rules.GwpTables, t => Assert.False(string.IsNullOrWhiteSpace(t.Source)));
        Assert.All(Rules.Fuels, f => Assert.False(string.IsNullOrWhiteSpace(f.Source)));
        Assert.All(Rules.GridFactors, g => Assert.False(string.IsNullOrWhiteSpace(g.Source)));
        Assert.All(Rules.Processes, p => Assert.False(string.IsNullOrWhiteSpace(p.Source)));
        Assert.All(Rules.Coverage.Sectors, s => Assert.False(string.IsNullOrWhiteSpace(s.Source)));
        Assert.All(Rules.Quality.Ranges, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
        Assert.False(string.IsNullOrWhiteSpace(Rules.Rounding.Source));
    }

    [Fact]
    public void Grid_factors_are_kept_by_year_and_region()
    {
        Assert.Equal(0.5366m, Rules.FindGridFactor(2022, "national_published_average")!.Tco2PerMwh);
        Assert.Equal(0.1073m, Rules.FindGridFactor(2022, "yunnan")!.Tco2PerMwh);
        Assert.Equal(0.5703m, Rules.FindGridFactor(2023, "national")!.Tco2PerMwh);
        Assert.Null(Rules.FindGridFactor(2019, "national"));
    }

    [Fact]
    public void Inclusion_threshold_is_26000_t()
    {
        Assert.Equal(26_000, Rules.Coverage.InclusionThresholdTco2e);
    }

    [Fact]
    public void Deadlines_are_40_days_after_the_month_and_31_March()
    {
        Assert.Equal(new DateOnly(2024, 3, 11), Rules.Deadlines.MonthlyDepositDue(2024, 1)); // 31 Jan + 40 days
        Assert.Equal(new DateOnly(2025, 3, 31), Rules.Deadlines.AnnualReportDue(2024));
    }

    [Theory]
    [InlineData("12.5", 13)]
    [InlineData("-12.5", -13)]
    [InlineData("12.4999", 12)]
    [InlineData("2340496.95", 2340497)]
    public void Rounding_is_half_away_from_zero_to_whole_tonnes(string exact, long expected)
    {
        Assert.Equal(expected, Rules.Rounding.Apply(decimal.Parse(exact, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
