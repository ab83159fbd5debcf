// The result of a calculation: every line with its working, and the total rounded once.
namespace OpenEts.Mrv.Calculation;

/// <summary>Where a parameter's value came from.</summary>
public enum ParameterOrigin
{
    /// <summary>Measured by the facility (given in the input).</summary>
    Measured,

    /// <summary>The rulebook's default, because it was not measured.</summary>
    Default,

    /// <summary>A rulebook factor that is never measured (grid factor, GWP, 44/12).</summary>
    Rulebook,
}

/// <summary>One parameter used in a line.</summary>
public sealed record UsedParameter(string Name, decimal Value, string Unit, ParameterOrigin Origin, string? Source);

/// <summary>One line of the calculation.</summary>
public sealed record CalculationLine(
    string Kind,
    string Item,
    string Working,
    IReadOnlyList<UsedParameter> Parameters,
    decimal Tco2e,
    bool Direct)
{
    /// <summary>True when any parameter was a default.</summary>
    public bool UsesDefaults => Parameters.Any(p => p.Origin == ParameterOrigin.Default);
}

/// <summary>The whole facility-year.</summary>
public sealed record CalculationResult(
    string? FacilityId,
    string Sector,
    int Year,
    string Gwp,
    IReadOnlyList<CalculationLine> Lines,
    decimal DirectTco2eExact,
    decimal IndirectTco2eExact,
    decimal TotalTco2eExact,
    long TotalTco2e,
    string Rounding)
{
    /// <summary>
    /// What the trading system counts: the total where the sector's allowances that year cover indirect emissions (power
    /// to 2022), else the direct emissions alone (power from 2023, steel, cement, aluminium), rounded once. A report
    /// submitted from a calculation states this figure.
    /// </summary>
    public long CoveredTco2e { get; init; }

    /// <summary>Every default the calculation fell back on, as "item.parameter" ("bituminous_coal.oxidation"): what an annual report declares.</summary>
    public IReadOnlyList<string> DefaultsUsed =>
        [.. Lines.SelectMany(l => l.Parameters.Where(p => p.Origin == ParameterOrigin.Default).Select(p => $"{l.Item}.{p.Name}"))];
}
