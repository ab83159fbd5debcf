// CCER-14-002-V01 mangrove vegetation restoration: removals by biomass growth and soil carbon accumulation.
namespace OpenEts.Voluntary.Methodologies;

/// <summary>Mangrove vegetation restoration (红树林营造).</summary>
public sealed class MangroveRestoration() : Methodology("mangrove.json")
{
    /// <inheritdoc />
    protected override ReductionTerms Compute(MethodologyInputs inputs, CcerParameters shared, Working w)
    {
        var r = w.Step("root-shoot ratio", "R", Parameter("root_shoot_ratio"), "");
        var cf = w.Step("carbon fraction", "CF", Parameter("carbon_fraction"), "t C/t dm");
        var rate = w.Step("soil carbon accumulation rate", "SOC_rate", Parameter("soil_carbon_rate"), "t C/ha/yr");
        var area = inputs.Number("area_ha");
        var growth = inputs.Number("biomass_end_t_per_ha") - inputs.Number("biomass_start_t_per_ha");
        var biomass = w.Step("biomass carbon removals", "ΔC_biomass = A × (B_end − B_start) × (1 + R) × CF × 44 / 12",
            area * growth * (1 + r) * cf * 44 / 12, "tCO2e");
        var soil = w.Step("soil carbon removals", "ΔC_soil = A × SOC_rate × T × 44 / 12", area * rate * inputs.Number("years") * 44 / 12, "tCO2e");
        var emissions = w.Step("project emissions", "GHG_E", inputs.Number("project_emissions_tco2e"), "tCO2e");
        var baseline = w.Step("baseline emissions", "BE = −ΔC_BSL", -inputs.Number("baseline_removals_tco2e"), "tCO2e");
        var project = w.Step("project emissions net of removals", "PE = GHG_E − ΔC_biomass − ΔC_soil", emissions - biomass - soil, "tCO2e");
        var leakage = w.Step("leakage", "LE", inputs.Number("leakage_tco2e"), "tCO2e");
        return new ReductionTerms(baseline, project, leakage);
    }
}
