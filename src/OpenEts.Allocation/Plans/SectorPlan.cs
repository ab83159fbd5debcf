// The shape of an industrial sector's allocation plan (steel, cement, aluminium) as its rulebook file states it:
// the first year gives each entity its verified emissions (grandfathering); the next years pre-allocate a share
// of the previous year's verified emissions and true up to output × the sector's intensity benchmark.
namespace OpenEts.Allocation.Plans;

/// <summary>One industrial sector's allocation plan for one year: scope, gases, allocation method, flexibilities, penalties.</summary>
public sealed record SectorPlan(
    string Id,
    string Title,
    string Market,
    string Sector,
    IReadOnlyList<int> Years,
    Sourced<string> Scope,
    Sourced<IReadOnlyList<string>> Gases,
    ControlSettings Control,
    RoundingSettings Rounding,
    SectorAllocationSettings Allocation,
    FlexibilitySettings Flexibilities,
    OffsetSettings Offsets,
    PenaltySettings Penalty,
    Sourced<bool> DeductShortfallFromNextAllocation,
    PaidAllocationSettings PaidAllocation,
    ReserveSettings Reserve,
    Sourced<DateOnly> Deadline,
    Sourced<int>? LatestEligibleVintage = null) : ICompliancePlan
{
    /// <summary>The compliance year the plan's obligations belong to (its last year).</summary>
    public int LastYear => Years[^1];

    /// <summary>The latest allowance vintage surrendered for this plan's years (earlier, banked vintages count too).</summary>
    public int EligibleVintageUpTo => LatestEligibleVintage?.Value ?? LastYear;
}

/// <summary>How an industrial plan allocates: the method, and for intensity plans the pre-allocation and the benchmark.</summary>
public sealed record SectorAllocationSettings(
    Sourced<SectorAllocationMethod> Method,
    SectorPreAllocationSettings? PreAllocation = null,
    IntensityBenchmark? Benchmark = null);

/// <summary>How an industrial sector's allocation is set.</summary>
public enum SectorAllocationMethod
{
    /// <summary>Allocation = the entity's verified emissions of the year (grandfathering, 2024).</summary>
    VerifiedEmissions,

    /// <summary>Allocation = verified output × the sector's intensity benchmark, pre-allocated from the previous year (2025–2026).</summary>
    IntensityBenchmark,
}

/// <summary>Pre-allocation of an intensity plan: a share of the base year's verified emissions.</summary>
public sealed record SectorPreAllocationSettings(Sourced<decimal> ShareOfVerifiedEmissions, int BaseYear, string Source);

/// <summary>
/// The intensity benchmark an allocation is trued up to: tonnes CO2e per unit of the named product. While
/// <see cref="Status"/> is <see cref="BenchmarkStatus.NotPublished"/> there is no value and no true-up.
/// </summary>
public sealed record IntensityBenchmark(string Product, string OutputUnit, decimal? ValueTPerUnit, BenchmarkStatus Status, string Source)
{
    /// <summary>The value when it may be used (published or stated by a market's own plan), else null.</summary>
    public decimal? Usable => Status != BenchmarkStatus.NotPublished && ValueTPerUnit is > 0 ? ValueTPerUnit : null;
}

/// <summary>Where a benchmark value stands.</summary>
public enum BenchmarkStatus
{
    /// <summary>Not in the sources: no value; the true-up waits for a plan that states one.</summary>
    NotPublished,

    /// <summary>Published in the official plan (source cited).</summary>
    Published,

    /// <summary>Stated by a market's own plan or a policy study, not by the national plan.</summary>
    Assumed,
}
