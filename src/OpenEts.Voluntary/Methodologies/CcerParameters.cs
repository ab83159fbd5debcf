// Values several methodologies share (grid emission factors, GWP, fuel factors), from ccer-parameters.json.
using OpenEts.Voluntary.Rulebooks;

namespace OpenEts.Voluntary.Methodologies;

/// <summary>The operating and build margins of one regional grid.</summary>
public sealed record GridMargins(SourcedValue OperatingMargin, SourcedValue BuildMargin);

/// <summary>Shared parameters of the CCER methodologies.</summary>
public sealed record CcerParameters
{
    /// <summary>Which published factor set this is (the year its data describe).</summary>
    public required string GridFactorEdition { get; init; }

    /// <summary>Operating and build margins per regional grid, tCO2/MWh.</summary>
    public required IReadOnlyDictionary<string, GridMargins> GridRegions { get; init; }

    /// <summary>Global warming potentials, t CO2e per t of gas.</summary>
    public required IReadOnlyDictionary<string, SourcedValue> Gwp { get; init; }

    /// <summary>Other shared values (densities, fuel factors).</summary>
    public required IReadOnlyDictionary<string, SourcedValue> Values { get; init; }

    /// <summary>The national rulebook's shared parameters.</summary>
    public static CcerParameters National { get; } = RulebookLoader.Load<CcerParameters>("ccer-parameters.json");

    /// <summary>A shared value by name.</summary>
    public decimal Value(string name) => Values.TryGetValue(name, out var v) ? v.Value : throw new InvalidOperationException($"ccer-parameters.json has no value '{name}'.");

    /// <summary>
    /// The combined-margin grid factor EF_CM = w_OM × EF_OM + w_BM × EF_BM (CDM Tool 07), written to the working.
    /// </summary>
    public decimal CombinedMargin(string region, decimal omWeight, decimal bmWeight, Working working)
    {
        if (!GridRegions.TryGetValue(region, out var g))
            throw new InvalidOperationException($"No grid factors for region '{region}'.");
        var om = working.Step($"operating margin, {region} grid ({GridFactorEdition})", "EF_OM", g.OperatingMargin.Value, "tCO2/MWh");
        var bm = working.Step($"build margin, {region} grid ({GridFactorEdition})", "EF_BM", g.BuildMargin.Value, "tCO2/MWh");
        return working.Step("combined margin grid factor", $"EF_CM = {omWeight} × EF_OM + {bmWeight} × EF_BM", omWeight * om + bmWeight * bm, "tCO2/MWh");
    }
}
