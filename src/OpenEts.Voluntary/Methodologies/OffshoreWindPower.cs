// CCER-01-002-V01 grid-connected offshore wind power: displaced grid electricity.
namespace OpenEts.Voluntary.Methodologies;

/// <summary>Grid-connected offshore wind power (并网海上风力发电).</summary>
public sealed class OffshoreWindPower() : Methodology("offshore-wind.json")
{
    /// <inheritdoc />
    protected override ReductionTerms Compute(MethodologyInputs inputs, CcerParameters shared, Working w)
    {
        var ef = shared.CombinedMargin(inputs.Choice("grid_region"), Parameter("om_weight"), Parameter("bm_weight"), w);
        var baseline = w.Step("baseline emissions", "BE = EG × EF_CM", inputs.Number("net_electricity_supplied_mwh") * ef, "tCO2e");
        var project = w.Step("project emissions", "PE = 0", 0m, "tCO2e");
        var leakage = w.Step("leakage", "LE = 0", 0m, "tCO2e");
        return new ReductionTerms(baseline, project, leakage);
    }
}
