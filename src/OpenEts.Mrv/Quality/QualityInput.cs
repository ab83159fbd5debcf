// What the data-quality checks read for one facility-year: the annual activity data (calculator input),
// output for intensity, last year's verified total and the monthly deposits with their dates.
using OpenEts.Mrv.Calculation;

namespace OpenEts.Mrv.Quality;

/// <summary>The file `mrv quality --input` reads.</summary>
public sealed record QualityFile
{
    /// <summary>The reports to check together (peers are the other reports of the same sector and year).</summary>
    public IReadOnlyList<QualityReportInput>? Reports { get; init; }
}

/// <summary>One facility-year to check.</summary>
public sealed record QualityReportInput
{
    /// <summary>Facility id.</summary>
    public string? FacilityId { get; init; }

    /// <summary>Annual activity data, as for `mrv calc`.</summary>
    public FacilityYearInput? Annual { get; init; }

    /// <summary>Output (MWh, t clinker, t steel, t aluminium) for the intensity peer check; null: no peer check.</summary>
    public decimal? Output { get; init; }

    /// <summary>Last year's verified emissions; null: no year-on-year check.</summary>
    public long? PreviousYearTco2e { get; init; }

    /// <summary>Monthly deposits; null: the deposit checks report every month missing.</summary>
    public IReadOnlyList<MonthlyDepositInput>? Monthly { get; init; }
}

/// <summary>One month's deposit as seen by the checks.</summary>
public sealed record MonthlyDepositInput
{
    /// <summary>1–12.</summary>
    public int? Month { get; init; }

    /// <summary>The month's emissions.</summary>
    public decimal? Tco2e { get; init; }

    /// <summary>The day it was deposited.</summary>
    public DateOnly? DepositedOn { get; init; }
}
