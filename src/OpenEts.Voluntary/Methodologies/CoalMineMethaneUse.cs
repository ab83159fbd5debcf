// Coal-mine low-concentration and ventilation-air methane use: methane destroyed instead of vented,
// plus grid electricity displaced, less the CO2 of oxidation and the electricity the plant uses.
namespace OpenEts.Voluntary.Methodologies;

/// <summary>Coal-mine low-concentration and ventilation-air methane use (煤矿低浓度瓦斯和风排瓦斯利用).</summary>
public sealed class CoalMineMethaneUse() : Methodology("coal-mine-methane.json")
{
    /// <inheritdoc />
    protected override ReductionTerms Compute(MethodologyInputs inputs, CcerParameters shared, Working w)
    {
        var rho = w.Step("methane density", "ρ_CH4", shared.Value("methane_density"), "t/Nm3");
        var eta = w.Step("destruction efficiency", "η", Parameter("destruction_efficiency"), "");
        var gwp = w.Step("methane GWP", "GWP_CH4", shared.Gwp["ch4"].Value, "tCO2e/t");
        var destroyed = w.Step("methane destroyed", "MD = V_CH4 × ρ_CH4 × η", inputs.Number("methane_destroyed_nm3") * rho * eta, "t CH4");
        var ef = shared.CombinedMargin(inputs.Choice("grid_region"), Parameter("om_weight"), Parameter("bm_weight"), w);
        var baseline = w.Step("baseline emissions", "BE = MD × GWP_CH4 + EG × EF_CM", destroyed * gwp + inputs.Number("electricity_supplied_mwh") * ef, "tCO2e");
        // Burning a tonne of CH4 gives 44/16 t CO2 (molar masses), a fact of chemistry, not a rule value.
        var project = w.Step("project emissions", "PE = MD × 44 / 16 + EC × EF_CM", destroyed * 44 / 16 + inputs.Number("electricity_consumed_mwh") * ef, "tCO2e");
        var leakage = w.Step("leakage", "LE = 0", 0m, "tCO2e");
        return new ReductionTerms(baseline, project, leakage);
    }
}
