// The calculators follow the guideline's formulas with the real default values; each figure is worked by hand.
using CsCheck;
using OpenEts.Mrv.Calculation;
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Tests;

public sealed class CalculatorTests
{
    private static readonly EmissionCalculator Calc = new(MrvRulebook.ChinaNational);

    private static CalculationResult Run(string json)
    {
        var input = InputReader.Parse(json);
        Assert.True(input.Ok, input.Error?.ToString());
        var result = Calc.Calculate(input.Value!);
        Assert.True(result.Ok, result.Error?.ToString());
        return result.Value!;
    }

    private static string Fail(string json)
    {
        var input = InputReader.Parse(json);
        if (!input.Ok)
            return input.Error!.Code;
        var result = Calc.Calculate(input.Value!);
        Assert.False(result.Ok);
        return result.Error!.Code;
    }

    [Fact]
    public void Bituminous_coal_with_measured_NCV_and_default_CC_and_OF()
    {
        // 1,000,000 t × 20.9 GJ/t × 0.03085 tC/GJ × 0.99 = 638,317.35 t C; × 44/12 = 2,340,496.95 t CO2 → 2,340,497 t.
        var r = Run("""{"sector":"power","year":2023,"gwp":"AR5","fuels":[{"fuel":"bituminous_coal","consumption":1000000,"unit":"t","ncv_gj_per_unit":20.9,"carbon_content_tc_per_gj":null,"oxidation":null}]}""");
        var line = Assert.Single(r.Lines);
        Assert.Equal(2_340_496.95m, line.Tco2e);
        Assert.Equal(2_340_497, r.TotalTco2e);
        Assert.Contains("NCV 20.9 GJ/t (measured)", line.Working);
        Assert.Contains("CC 0.03085 tC/GJ (default, not measured)", line.Working);
        Assert.Contains("OF 0.99 (default, not measured)", line.Working);
        Assert.True(line.UsesDefaults);
    }

    [Fact]
    public void Issue_4_example_adds_electricity_and_methane()
    {
        // coal 2,340,496.95 + electricity 5,000 MWh × 0.5703 = 2,851.5 + CH4 2.5 t × 28 (AR5) = 70
        // = 2,343,418.45 t CO2e → 2,343,418 t.
        var r = Run("""{"sector":"power","year":2023,"gwp":"AR5","fuels":[{"fuel":"bituminous_coal","consumption":1000000,"unit":"t","ncv_gj_per_unit":20.9,"carbon_content_tc_per_gj":null,"oxidation":null}],"purchased_electricity_mwh":5000,"purchased_heat_gj":0,"process":[],"other_gases":[{"gas":"CH4","tonnes":2.5}]}""");
        Assert.Equal(3, r.Lines.Count);
        Assert.Equal(2_851.5m, r.Lines[1].Tco2e);
        Assert.Equal(70m, r.Lines[2].Tco2e);
        Assert.Equal(2_343_418.45m, r.TotalTco2eExact);
        Assert.Equal(2_343_418, r.TotalTco2e);
        Assert.Equal(2_851.5m, r.IndirectTco2eExact);
    }

    [Fact]
    public void Unmeasured_coal_takes_every_default()
    {
        // 1,000,000 t × 26.7 × 0.03085 × 0.99 = 815,458.05 t C; × 44/12 = 2,990,012.85 t → 2,990,013 t.
        var r = Run("""{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":1000000,"ncv_gj_per_unit":null,"carbon_content_tc_per_gj":null,"oxidation":null}]}""");
        Assert.Equal(2_990_012.85m, r.TotalTco2eExact);
        Assert.Equal(2_990_013, r.TotalTco2e);
        Assert.Equal("AR5", r.Gwp);
    }

    [Fact]
    public void Measured_carbon_content_replaces_the_default()
    {
        // 1,000,000 × 20.9 × 0.0265 × 0.98 = 542,773 t C; × 44/12 = 1,990,167.666… → 1,990,168 t.
        var r = Run("""{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":1000000,"ncv_gj_per_unit":20.9,"carbon_content_tc_per_gj":0.0265,"oxidation":0.98}]}""");
        Assert.Equal(1_990_168, r.TotalTco2e);
        Assert.False(r.Lines[0].UsesDefaults);
        Assert.Contains("(measured)", r.Lines[0].Working);
    }

    [Fact]
    public void Measured_element_carbon_gives_carbon_content_per_heat()
    {
        // CC = C_ar / NCV, so E = FC × C_ar × OF × 44/12 = 1,000,000 × 0.55 × 0.99 × 44/12 = 1,996,500 t.
        var r = Run("""{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":1000000,"ncv_gj_per_unit":20.9,"element_carbon_fraction":0.55}]}""");
        Assert.Equal(1_996_500, r.TotalTco2e);
        Assert.True(Math.Abs(r.TotalTco2eExact - 1_996_500m) < 0.000001m);
        Assert.Contains("C_ar 0.55", r.Lines[0].Working);
    }

    [Fact]
    public void Natural_gas_uses_the_gas_defaults_per_ten_thousand_cubic_metres()
    {
        // 1,000 × 389.31 GJ × 0.01532 tC/GJ × 0.99 = 5,904.586908 t C; × 44/12 = 21,650.151996 t → 21,650 t.
        var r = Run("""{"sector":"power","year":2023,"fuels":[{"fuel":"natural_gas","consumption":1000,"unit":"10^4 Nm3"}]}""");
        Assert.Equal(21_650.151996m, r.TotalTco2eExact);
        Assert.Equal(21_650, r.TotalTco2e);
    }

    [Fact]
    public void Purchased_heat_uses_the_heat_factor()
    {
        // 1,000 GJ × 0.11 = 110 t.
        var r = Run("""{"sector":"power","year":2023,"purchased_heat_gj":1000}""");
        Assert.Equal(110, r.TotalTco2e);
        Assert.False(r.Lines[0].Direct);
    }

    [Fact]
    public void Provincial_grid_factor_applies_when_the_region_is_given()
    {
        // 10,000 MWh × 0.1073 (Yunnan 2022) = 1,073 t.
        var r = Run("""{"sector":"power","year":2022,"region":"yunnan","purchased_electricity_mwh":10000}""");
        Assert.Equal(1_073, r.TotalTco2e);
    }

    [Fact]
    public void What_the_allowances_cover_is_direct_and_indirect_for_power_to_2022_and_direct_only_after()
    {
        // 100 t of CH4 (AR5, 28): 2,800 t direct; 10,000 MWh at the national factor of each year: indirect.
        var y2022 = Run("""{"sector":"power","year":2022,"gwp":"AR5","other_gases":[{"gas":"CH4","tonnes":100}],"purchased_electricity_mwh":10000}""");
        Assert.True(y2022.IndirectTco2eExact > 0);
        Assert.Equal(y2022.TotalTco2e, y2022.CoveredTco2e);
        var y2023 = Run("""{"sector":"power","year":2023,"gwp":"AR5","other_gases":[{"gas":"CH4","tonnes":100}],"purchased_electricity_mwh":10000}""");
        Assert.True(y2023.TotalTco2e > 2_800);
        Assert.Equal(2_800, y2023.CoveredTco2e);
        var steel = Run("""{"sector":"steel","year":2024,"gwp":"AR5","other_gases":[{"gas":"CH4","tonnes":100}],"purchased_electricity_mwh":10000}""");
        Assert.Equal(2_800, steel.CoveredTco2e);
    }

    [Fact]
    public void Cement_clinker_uses_the_default_factor()
    {
        // 1,000,000 t clinker × 0.52 = 520,000 t.
        var r = Run("""{"sector":"cement","year":2024,"process":[{"process":"cement_clinker","quantity_t":1000000,"factor_tco2_per_t":null}]}""");
        Assert.Equal(520_000, r.TotalTco2e);
        Assert.Contains("default, not measured", r.Lines[0].Working);
    }

    [Fact]
    public void Steel_fluxes_and_electrodes_use_stoichiometric_factors()
    {
        // 100,000 t limestone × 0.440 + 20,000 t dolomite × 0.471 + 1,000 t electrode × 3.663
        // = 44,000 + 9,420 + 3,663 = 57,083 t.
        var r = Run("""{"sector":"steel","year":2024,"process":[{"process":"limestone","quantity_t":100000},{"process":"dolomite","quantity_t":20000},{"process":"electrode","quantity_t":1000}]}""");
        Assert.Equal(57_083, r.TotalTco2e);
    }

    [Fact]
    public void Aluminium_anode_consumption_subtracts_sulphur_and_ash()
    {
        // 200,000 t × (1 − 0.02 − 0.004) × 44/12 = 195,200 × 44/12 = 715,733.33… → 715,733 t.
        var r = Run("""{"sector":"aluminium","year":2024,"process":[{"process":"aluminium_anode","quantity_t":200000}]}""");
        Assert.Equal(715_733, r.TotalTco2e);
    }

    [Fact]
    public void Aluminium_anode_effects_give_CF4_and_C2F6_by_the_slope_method()
    {
        // CF4 = 0.143 × 0.1 × 500,000 / 1000 = 7.15 t; C2F6 = 7.15 × 0.121 = 0.86515 t;
        // AR5: 7.15 × 6,630 + 0.86515 × 11,100 = 47,404.5 + 9,603.165 = 57,007.665 → 57,008 t.
        var r = Run("""{"sector":"aluminium","year":2024,"gwp":"AR5","process":[{"process":"aluminium_anode_effect","quantity_t":500000,"anode_effect_minutes_per_cell_day":0.1}]}""");
        Assert.Equal(57_007.665m, r.TotalTco2eExact);
        Assert.Equal(57_008, r.TotalTco2e);
    }

    [Theory]
    [InlineData("AR4", "62.5")]
    [InlineData("AR5", "70")]
    [InlineData("AR6", "69.75")]
    public void Methane_converts_with_the_named_gwp_table(string table, string expected)
    {
        var r = Run($$"""{"sector":"power","year":2023,"gwp":"{{table}}","other_gases":[{"gas":"CH4","tonnes":2.5}]}""");
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), r.TotalTco2eExact);
    }

    [Fact]
    public void The_total_is_rounded_once_not_line_by_line()
    {
        // Two lines of 12.5 t each (0.5 t CH4 × 25, AR4): rounding each would give 13 + 13 = 26; once gives 25.
        var r = Run("""{"sector":"power","year":2023,"gwp":"AR4","other_gases":[{"gas":"CH4","tonnes":0.5},{"gas":"CH4","tonnes":0.5}]}""");
        Assert.Equal(25, r.TotalTco2e);
    }

    [Theory]
    [InlineData("""{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":-1}]}""", "negative_consumption")]
    [InlineData("""{"sector":"power","year":2023,"fuels":[{"fuel":"peat","consumption":1}]}""", "unknown_fuel")]
    [InlineData("""{"sector":"power","year":2023,"other_gases":[{"gas":"XYZ","tonnes":1}]}""", "unknown_gas")]
    [InlineData("""{"sector":"power","fuels":[]}""", "missing_year")]
    [InlineData("""{"sector":"power","year":2023,""", "malformed_json")]
    [InlineData("""{"sector":"power","year":2023,"colour":"red"}""", "malformed_json")]
    [InlineData("""{"sector":"power","year":2019,"purchased_electricity_mwh":1}""", "no_grid_factor")]
    [InlineData("""{"sector":"power","year":2023,"gwp":"SAR"}""", "unknown_gwp")]
    [InlineData("""{"sector":"mining","year":2023}""", "unknown_sector")]
    [InlineData("""{"sector":"power","year":2023,"fuels":[{"fuel":"natural_gas","consumption":1,"unit":"t"}]}""", "unit_mismatch")]
    [InlineData("""{"sector":"power","year":2023,"fuels":[{"fuel":"diesel","consumption":1,"oxidation":1.2}]}""", "parameter_out_of_range")]
    [InlineData("""{"sector":"aluminium","year":2024,"process":[{"process":"aluminium_anode_effect","quantity_t":1}]}""", "missing_parameter")]
    [InlineData("""{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":1e20}]}""", "quantity_out_of_range")]
    [InlineData("""{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":7.9e28}]}""", "quantity_out_of_range")]
    [InlineData("""{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":1e15}]}""", "quantity_out_of_range")]
    public void Bad_input_is_rejected_with_a_stable_code(string json, string code)
    {
        Assert.Equal(code, Fail(json));
    }

    [Fact]
    public void Total_is_the_exact_sum_rounded_and_never_more_than_half_a_tonne_away()
    {
        Gen.Select(Gen.Decimal[0m, 10_000_000m], Gen.Decimal[10m, 30m], Gen.Decimal[0m, 1000m]).Sample((fc, ncv, ch4) =>
        {
            fc = decimal.Round(fc, 3);
            ncv = decimal.Round(ncv, 3);
            ch4 = decimal.Round(ch4, 4);
            var input = new FacilityYearInput
            {
                Sector = "power",
                Year = 2023,
                Fuels = [new FuelInput { Fuel = "bituminous_coal", Consumption = fc, NcvGjPerUnit = ncv }],
                OtherGases = [new GasInput { Gas = "CH4", Tonnes = ch4 }],
            };
            var r = Calc.Calculate(input).Value!;
            Assert.Equal(r.Lines.Sum(l => l.Tco2e), r.TotalTco2eExact);
            Assert.True(Math.Abs(r.TotalTco2e - r.TotalTco2eExact) <= 0.5m);
            Assert.True(r.TotalTco2e >= 0);
        });
    }

    [Fact]
    public void More_fuel_never_gives_fewer_emissions()
    {
        Gen.Select(Gen.Decimal[0m, 1_000_000m], Gen.Decimal[0m, 1_000_000m]).Sample((a, extra) =>
        {
            a = decimal.Round(a, 2);
            extra = decimal.Round(extra, 2);
            FacilityYearInput With(decimal fc) => new()
            {
                Sector = "power",
                Year = 2023,
                Fuels = [new FuelInput { Fuel = "diesel", Consumption = fc }],
            };
            Assert.True(Calc.Calculate(With(a + extra)).Value!.TotalTco2eExact >= Calc.Calculate(With(a)).Value!.TotalTco2eExact);
        });
    }
}
