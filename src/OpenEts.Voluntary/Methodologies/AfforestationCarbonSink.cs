// CCER-14-001-V01 afforestation carbon sink: removals by tree biomass from stock-volume measurements.
namespace OpenEts.Voluntary.Methodologies;

/// <summary>Afforestation carbon sink (造林碳汇).</summary>
public sealed class AfforestationCarbonSink() : Methodology("afforestation.json")
{
    /// <inheritdoc />
    protected override ReductionTerms Compute(MethodologyInputs inputs, CcerParameters shared, Working w)
    {
        var species = inputs.Choice("species");
        var d = w.Step($"wood density, {species}", "D", TableValue("species", species, "wood_density"), "t dm/m3");
        var bef = w.Step($"biomass expansion factor, {species}", "BEF", TableValue("species", species, "biomass_expansion_factor"), "");
        var r = w.Step($"root-shoot ratio, {species}", "R", TableValue("species", species, "root_shoot_ratio"), "");
        var cf = w.Step($"carbon fraction, {species}", "CF", TableValue("species", species, "carbon_fraction"), "t C/t dm");
        var area = inputs.Number("area_ha");
        var start = w.Step("tree carbon stock at start", "C_start = A × V_start × D × BEF × (1 + R) × CF × 44 / 12",
            area * inputs.Number("volume_start_m3_per_ha") * d * bef * (1 + r) * cf * 44 / 12, "tCO2e");
        var end = w.Step("tree carbon stock at end", "C_end = A × V_end × D × BEF × (1 + R) × CF × 44 / 12",
            area * inputs.Number("volume_end_m3_per_ha") * d * bef * (1 + r) * cf * 44 / 12, "tCO2e");
        var removals = w.Step("project removals", "ΔC_P = C_end − C_start", end - start, "tCO2e");
        var emissions = w.Step("project emissions", "GHG_E", inputs.Number("project_emissions_tco2e"), "tCO2e");
        var baseline = w.Step("baseline emissions", "BE = −ΔC_BSL", -inputs.Number("baseline_removals_tco2e"), "tCO2e");
        var project = w.Step("project emissions net of removals", "PE = GHG_E − ΔC_P", emissions - removals, "tCO2e");
        var leakage = w.Step("leakage", "LE", inputs.Number("leakage_tco2e"), "tCO2e");
        return new ReductionTerms(baseline, project, leakage);
    }
}
