// The input of one facility-year calculation, exactly as `mrv calc --input` reads it (snake_case JSON).
// A null parameter means "not measured": the rulebook's default applies and the working says so.
namespace OpenEts.Mrv.Calculation;

/// <summary>One facility-year of activity data.</summary>
public sealed record FacilityYearInput
{
    /// <summary>Optional facility id (for reports and imports).</summary>
    public string? FacilityId { get; init; }

    /// <summary>Sector id from the rulebook ("power", "cement", ...).</summary>
    public string? Sector { get; init; }

    /// <summary>Reporting year; required.</summary>
    public int? Year { get; init; }

    /// <summary>GWP table ("AR4", "AR5", "AR6"); null: the rulebook's default.</summary>
    public string? Gwp { get; init; }

    /// <summary>Grid region for purchased electricity; null: "national".</summary>
    public string? Region { get; init; }

    /// <summary>Fuels burnt.</summary>
    public IReadOnlyList<FuelInput>? Fuels { get; init; }

    /// <summary>Purchased electricity, MWh.</summary>
    public decimal? PurchasedElectricityMwh { get; init; }

    /// <summary>Purchased heat, GJ.</summary>
    public decimal? PurchasedHeatGj { get; init; }

    /// <summary>Process emission sources.</summary>
    public IReadOnlyList<ProcessInput>? Process { get; init; }

    /// <summary>Other gases emitted directly, in tonnes of the gas.</summary>
    public IReadOnlyList<GasInput>? OtherGases { get; init; }
}

/// <summary>One fuel line: consumption and measured parameters (null: not measured).</summary>
public sealed record FuelInput
{
    /// <summary>Fuel id from the rulebook.</summary>
    public string? Fuel { get; init; }

    /// <summary>Fuel consumed, in <see cref="Unit"/>.</summary>
    public decimal? Consumption { get; init; }

    /// <summary>"t" or "1e4_nm3" (or an accepted spelling); null: the fuel's unit.</summary>
    public string? Unit { get; init; }

    /// <summary>Measured net calorific value, GJ per unit.</summary>
    public decimal? NcvGjPerUnit { get; init; }

    /// <summary>Measured carbon content per unit of heat, t C/GJ.</summary>
    public decimal? CarbonContentTcPerGj { get; init; }

    /// <summary>Measured element carbon as received (mass fraction, C_ar); gives CC = C_ar / NCV.</summary>
    public decimal? ElementCarbonFraction { get; init; }

    /// <summary>Measured oxidation rate (fraction).</summary>
    public decimal? Oxidation { get; init; }
}

/// <summary>One process source.</summary>
public sealed record ProcessInput
{
    /// <summary>Process id from the rulebook.</summary>
    public string? Process { get; init; }

    /// <summary>Quantity in tonnes of what the process counts (clinker, flux, anode, aluminium).</summary>
    public decimal? QuantityT { get; init; }

    /// <summary>Measured factor, t CO2 per t; null: the default.</summary>
    public decimal? FactorTco2PerT { get; init; }

    /// <summary>Measured anode sulphur fraction (aluminium anode).</summary>
    public decimal? SulphurFraction { get; init; }

    /// <summary>Measured anode ash fraction (aluminium anode).</summary>
    public decimal? AshFraction { get; init; }

    /// <summary>Anode-effect minutes per cell-day (aluminium anode effect); required there.</summary>
    public decimal? AnodeEffectMinutesPerCellDay { get; init; }
}

/// <summary>Tonnes of one gas.</summary>
public sealed record GasInput
{
    /// <summary>Gas as named in the GWP table ("CH4", "HFC-134a", "SF6").</summary>
    public string? Gas { get; init; }

    /// <summary>Tonnes of the gas.</summary>
    public decimal? Tonnes { get; init; }
}
