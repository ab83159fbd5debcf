// Highway tunnel lighting energy saving: baseline luminaire electricity less the metered new system.
namespace OpenEts.Voluntary.Methodologies;

/// <summary>Highway tunnel lighting energy saving (公路隧道照明系统节能).</summary>
public sealed class TunnelLightingEnergySaving() : Methodology("tunnel-lighting.json")
{
    /// <inheritdoc />
    protected override ReductionTerms Compute(MethodologyInputs inputs, CcerParameters shared, Working w)
    {
        var ef = shared.CombinedMargin(inputs.Choice("grid_region"), Parameter("om_weight"), Parameter("bm_weight"), w);
        var baselineMwh = w.Step("baseline electricity", "EC_BL = P_BL × H / 1000",
            inputs.Number("baseline_lighting_power_kw") * inputs.Number("baseline_operating_hours") / 1000, "MWh");
        var baseline = w.Step("baseline emissions", "BE = EC_BL × EF_CM", baselineMwh * ef, "tCO2e");
        var project = w.Step("project emissions", "PE = EC_PJ × EF_CM", inputs.Number("project_electricity_mwh") * ef, "tCO2e");
        var leakage = w.Step("leakage", "LE = 0", 0m, "tCO2e");
        return new ReductionTerms(baseline, project, leakage);
    }
}
