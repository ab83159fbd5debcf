// Every calculator against a worked example computed by hand from its rulebook values.
using System.Text.Json;
using OpenEts.Voluntary.Methodologies;

namespace OpenEts.Voluntary.Tests;

public sealed class MethodologyTests
{
    private static Calculation Calc(string code, string inputsJson)
    {
        var m = MethodologyCatalog.Published.Find(code) ?? throw new InvalidOperationException($"{code} not found");
        using var doc = JsonDocument.Parse(inputsJson);
        var (calc, rejection) = m.Calculate(doc.RootElement, CcerParameters.National);
        Assert.Null(rejection);
        return calc!;
    }

    [Fact]
    public void The_six_published_methodologies_are_discovered_with_distinct_codes()
    {
        var codes = MethodologyCatalog.Published.All.Select(m => m.Code).ToList();
        Assert.Equal(
            ["CCER-01-001-V01", "CCER-01-002-V01", "CCER-03-001-V01", "CCER-10-001-V01", "CCER-14-001-V01", "CCER-14-002-V01"],
            codes);
        foreach (var m in MethodologyCatalog.Published.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Data.Source));
            Assert.All(m.Data.Parameters.Values, p => Assert.False(string.IsNullOrWhiteSpace(p.Source)));
            Assert.Equal(m.Data.Forestry, m.Data.BufferShare is not null);
        }
    }

    [Fact]
    public void Afforestation_chinese_fir_100_ha_from_20_to_50_m3_per_ha()
    {
        // Per m3: 0.307 × 1.634 × 1.246 × 0.520 = 0.32502129296 t C; × 44/12 = 1.1917447408533 tCO2.
        // C_end − C_start = 100 ha × (50 − 20) m3/ha × 1.1917447408533 = 3575.23422256; less 50 t site preparation
        // = 3525.23422256 → 3525 t.
        var c = Calc("CCER-14-001-V01", """{"species":"chinese_fir","area_ha":100,"volume_start_m3_per_ha":20,"volume_end_m3_per_ha":50,"project_emissions_tco2e":50}""");
        Assert.Equal(3525, c.TotalTco2e);
        Assert.Equal(3525.2342m, decimal.Round(c.UnroundedTco2e, 4));
        Assert.Equal(0m, c.BaselineTco2e);
        Assert.Equal(-3525.2342m, decimal.Round(c.ProjectTco2e, 4));
    }

    [Fact]
    public void Offshore_wind_100_GWh_on_the_east_grid()
    {
        // EF_CM = 0.75 × 0.7921 + 0.25 × 0.3870 = 0.690825; BE = 100,000 × 0.690825 = 69,082.5 → 69,082 t.
        var c = Calc("CCER-01-002-V01", """{"grid_region":"east","net_electricity_supplied_mwh":100000}""");
        Assert.Equal(69082.5m, c.UnroundedTco2e);
        Assert.Equal(69082, c.TotalTco2e);
        Assert.Contains(c.Working, s => s.Formula.StartsWith("EF_CM") && s.Value == 0.690825m);
    }

    [Fact]
    public void Solar_thermal_200_GWh_northwest_with_auxiliary_gas_and_imports()
    {
        // EF_CM = 0.75 × 0.8922 + 0.25 × 0.4407 = 0.779325; BE = 200,000 × 0.779325 = 155,865.
        // PE = 10,000 GJ × 0.0561 + 500 MWh × 0.779325 = 561 + 389.6625 = 950.6625; ER = 154,914.3375 → 154,914 t.
        var c = Calc("CCER-01-001-V01", """{"grid_region":"northwest","net_electricity_supplied_mwh":200000,"auxiliary_natural_gas_gj":10000,"grid_electricity_imported_mwh":500}""");
        Assert.Equal(155865m, c.BaselineTco2e);
        Assert.Equal(950.6625m, c.ProjectTco2e);
        Assert.Equal(154914, c.TotalTco2e);
    }

    [Fact]
    public void Mangrove_50_ha_over_5_years()
    {
        // Biomass: 50 × (40 − 10) × 1.49 × 0.47 × 44/12 = 1050.45 t C × 44/12 = 3851.65.
        // Soil: 50 × 1.62 × 5 = 405 t C × 44/12 = 1485. ER = 5336.65 → 5336 t.
        var c = Calc("CCER-14-002-V01", """{"area_ha":50,"biomass_start_t_per_ha":10,"biomass_end_t_per_ha":40,"years":5}""");
        Assert.Equal(5336.65m, decimal.Round(c.UnroundedTco2e, 6));
        Assert.Equal(5336, c.TotalTco2e);
    }

    [Fact]
    public void Coal_mine_methane_ten_million_cubic_metres_on_the_north_grid()
    {
        // MD = 10,000,000 × 0.000716 × 0.995 = 7,124.2 t CH4; EF_CM = 0.5 × 0.9419 + 0.5 × 0.4819 = 0.7119.
        // BE = 7,124.2 × 28 + 20,000 × 0.7119 = 199,477.6 + 14,238 = 213,715.6.
        // PE = 7,124.2 × 44/16 + 2,000 × 0.7119 = 19,591.55 + 1,423.8 = 21,015.35. ER = 192,700.25 → 192,700 t.
        var c = Calc("CCER-10-001-V01", """{"grid_region":"north","methane_destroyed_nm3":10000000,"electricity_supplied_mwh":20000,"electricity_consumed_mwh":2000}""");
        Assert.Equal(213715.6m, c.BaselineTco2e);
        Assert.Equal(21015.35m, c.ProjectTco2e);
        Assert.Equal(192700, c.TotalTco2e);
    }

    [Fact]
    public void Tunnel_lighting_500_kW_retrofit_on_the_central_grid()
    {
        // EC_BL = 500 kW × 8,760 h / 1000 = 4,380 MWh; EF_CM = 0.5 × 0.8587 + 0.5 × 0.2854 = 0.57205.
        // BE = 4,380 × 0.57205 = 2,505.579; PE = 1,500 × 0.57205 = 858.075; ER = 1,647.504 → 1,647 t.
        var c = Calc("CCER-03-001-V01", """{"grid_region":"central","baseline_lighting_power_kw":500,"baseline_operating_hours":8760,"project_electricity_mwh":1500}""");
        Assert.Equal(2505.579m, c.BaselineTco2e);
        Assert.Equal(1647, c.TotalTco2e);
    }

    [Fact]
    public void A_project_that_saves_nothing_issues_zero_not_a_negative_amount()
    {
        var c = Calc("CCER-03-001-V01", """{"grid_region":"central","baseline_lighting_power_kw":100,"baseline_operating_hours":1000,"project_electricity_mwh":500}""");
        Assert.True(c.UnroundedTco2e < 0);
        Assert.Equal(0, c.TotalTco2e);
    }

    [Theory]
    [InlineData("""{"grid_region":"east"}""", "missing_input")]
    [InlineData("""{"grid_region":"mars","net_electricity_supplied_mwh":1}""", "bad_input")]
    [InlineData("""{"grid_region":"east","net_electricity_supplied_mwh":-5}""", "bad_input")]
    [InlineData("""{"grid_region":"east","net_electricity_supplied_mwh":"many"}""", "bad_input")]
    [InlineData("""{"grid_region":"east","net_electricity_supplied_mwh":1,"net_electricty":2}""", "unknown_input")]
    [InlineData("""{"grid_region":"east","net_electricity_supplied_mwh":79000000000000000000000000000}""", "quantity_out_of_range")]
    [InlineData("""{"grid_region":"east","net_electricity_supplied_mwh":10000000000000000000}""", "quantity_out_of_range")]
    public void Bad_inputs_are_refused_with_a_code(string json, string code)
    {
        using var doc = JsonDocument.Parse(json);
        var (calc, rejection) = MethodologyCatalog.Published.Find("CCER-01-002-V01")!.Calculate(doc.RootElement, CcerParameters.National);
        Assert.Null(calc);
        Assert.Equal(code, rejection!.Code);
    }
}
