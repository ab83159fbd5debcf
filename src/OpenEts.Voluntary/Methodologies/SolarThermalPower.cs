// CCER-01-001-V01 grid-connected solar thermal power: displaced grid electricity less auxiliary fossil use.
namespace OpenEts.Voluntary.Methodologies;

/// <summary>Grid-connected solar thermal power (并网光热发电).</summary>
public sealed class SolarThermalPower() : Methodology("solar-thermal.json")
{
    /// <inheritdoc />
    protected override ReductionTerms Compute(MethodologyInputs inputs, CcerParameters shared, Working w)
    {
        var ef = shared.CombinedMargin(inputs.Choice("grid_region"), Parameter("om_weight"), Parameter("bm_weight"), w);
        var baseline = w.Step("baseline emissions", "BE = EG × EF_CM", inputs.Number("net_electricity_supplied_mwh") * ef, "tCO2e");
        var efGas = w.Step("natural gas CO2 factor", "EF_fuel", shared.Value("natural_gas_co2_factor"), "tCO2/GJ");
        var fuel = w.Step("auxiliary fuel emissions", "FC_aux × EF_fuel", inputs.Number("auxiliary_natural_gas_gj") * efGas, "tCO2e");
        var imported = w.Step("imported electricity emissions", "EG_import × EF_CM", inputs.Number("grid_electricity_imported_mwh") * ef, "tCO2e");
        var project = w.Step("project emissions", "PE = FC_aux × EF_fuel + EG_import × EF_CM", fuel + imported, "tCO2e");
        var leakage = w.Step("leakage", "LE = 0", 0m, "tCO2e");
        return new ReductionTerms(baseline, project, leakage);
    }
}
