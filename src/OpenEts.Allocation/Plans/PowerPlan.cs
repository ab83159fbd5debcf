// The shape of a power-sector allocation plan as its rulebook file states it.
namespace OpenEts.Allocation.Plans;

/// <summary>One allocation plan (one market, one or more years): benchmarks, correction factors, flexibilities, penalties.</summary>
public sealed record PowerPlan(
    string Id,
    string Title,
    string Market,
    string Sector,
    IReadOnlyList<int> Years,
    Sourced<OutputBasis> OutputBasis,
    ControlSettings Control,
    RoundingSettings Rounding,
    IReadOnlyDictionary<UnitCategory, Sourced<decimal>> ElectricityBenchmarksTPerMwh,
    IReadOnlyDictionary<Fuel, Sourced<decimal>> HeatBenchmarksTPerGj,
    CoolingFactorSettings CoolingFactor,
    HeatSupplyFactorSettings? HeatSupplyFactor,
    LoadFactorSettings LoadFactor,
    PreAllocationSettings PreAllocation,
    FlexibilitySettings Flexibilities,
    OffsetSettings Offsets,
    PenaltySettings Penalty,
    Sourced<bool> DeductShortfallFromNextAllocation,
    PaidAllocationSettings PaidAllocation,
    ReserveSettings Reserve,
    Sourced<DateOnly> Deadline,
    string? HeatSupplyFactorRemovedSource = null,
    Sourced<int>? LatestEligibleVintage = null) : ICompliancePlan
{
    /// <summary>The compliance year the plan's obligations belong to (its last year).</summary>
    public int LastYear => Years[^1];

    /// <summary>The latest allowance vintage surrendered for this plan's years (earlier, banked vintages count too).</summary>
    public int EligibleVintageUpTo => LatestEligibleVintage?.Value ?? LastYear;
}

/// <summary>What output the electricity benchmark multiplies: supplied (to 2022) or generated (from 2023).</summary>
public enum OutputBasis
{
    /// <summary>Electricity supplied to the grid (MWh).</summary>
    Supplied,

    /// <summary>Electricity generated (MWh).</summary>
    Generated,
}

/// <summary>Fuel of a generating unit.</summary>
public enum Fuel
{
    /// <summary>Coal (including gangue, slime, coal-water slurry).</summary>
    Coal,

    /// <summary>Natural gas.</summary>
    Gas,
}

/// <summary>Benchmark category of a generating unit.</summary>
public enum UnitCategory
{
    /// <summary>Conventional coal above 300 MW.</summary>
    CoalGt300,

    /// <summary>Conventional coal of 300 MW or less.</summary>
    CoalLe300,

    /// <summary>Unconventional coal (gangue, slime, coal-water slurry; circulating fluidised bed).</summary>
    CoalUnconventional,

    /// <summary>Natural-gas units.</summary>
    Gas,
}

/// <summary>Cooling mode of a generating unit.</summary>
public enum Cooling
{
    /// <summary>Water cooling.</summary>
    Water,

    /// <summary>Air cooling.</summary>
    Air,
}

/// <summary>How a decimal becomes whole tonnes.</summary>
public enum RoundingRule
{
    /// <summary>To the nearest tonne, halves away from zero.</summary>
    HalfUp,

    /// <summary>Down to the tonne below (never exceeds a cap).</summary>
    Floor,
}

/// <summary>Intensity- or total-based control, and when a sector switches.</summary>
public sealed record ControlSettings(ControlMode Mode, string Source, int? SwitchToTotalFromYear = null, TotalControlSettings? Total = null);

/// <summary>Intensity-based (benchmark × output, no fixed cap) or total-based (an absolute cap).</summary>
public enum ControlMode
{
    /// <summary>Allocation = output × benchmark; the cap is the sum.</summary>
    Intensity,

    /// <summary>An absolute cap shared out and scaled to fit.</summary>
    Total,
}

/// <summary>An absolute cap: base-year cap, yearly reduction, and how it is shared.</summary>
public sealed record TotalControlSettings(Sourced<long> BaseCapT, int BaseYear, Sourced<decimal> AnnualReduction, Sourced<ShareBasis> ShareBy);

/// <summary>How a total cap is shared among entities before scaling.</summary>
public enum ShareBasis
{
    /// <summary>By benchmark allocation (output × benchmark × factors).</summary>
    Benchmark,

    /// <summary>By historical emissions.</summary>
    History,
}

/// <summary>Rounding rules: allocations (once per unit) and percentage caps.</summary>
public sealed record RoundingSettings(RoundingRule Allocation, RoundingRule Caps, string Source);

/// <summary>Cooling-mode factor F_l and the categories it applies to.</summary>
public sealed record CoolingFactorSettings(Sourced<decimal> Air, Sourced<decimal> Water, IReadOnlyList<UnitCategory> AppliesTo, string Source, bool Assumed = false);

/// <summary>Heat-supply factor F_r = 1 − slope × heat-supply ratio (absent from 2023).</summary>
public sealed record HeatSupplyFactorSettings(Sourced<decimal> CoalSlope, Sourced<decimal> GasSlope);

/// <summary>Load factor F_f as a piecewise formula of the load rate.</summary>
public sealed record LoadFactorSettings(IReadOnlyList<UnitCategory> AppliesTo, bool PureCondensingOnly, string Source, IReadOnlyList<LoadFactorPiece> Pieces, bool Check = false);

/// <summary>
/// One piece of the load-factor curve, used for load rates at or above <see cref="FromRate"/> (pieces in
/// descending order). constant: a; linear: a + b × (pivot_percent − 100 F); power: base^(c − d F).
/// </summary>
public sealed record LoadFactorPiece(decimal FromRate, LoadFactorForm Form, decimal A = 0, decimal B = 0, decimal PivotPercent = 0, decimal Base = 0, decimal C = 0, decimal D = 0);

/// <summary>The form of a load-factor piece.</summary>
public enum LoadFactorForm
{
    /// <summary>a.</summary>
    Constant,

    /// <summary>a + b × (pivot − 100 F).</summary>
    Linear,

    /// <summary>base^(c − d F).</summary>
    Power,
}

/// <summary>Pre-allocation: a share of the allocation computed on an earlier year's output.</summary>
public sealed record PreAllocationSettings(Sourced<decimal> Share, int BaseYear, string Source, bool Assumed = false);

/// <summary>The flexibilities that lower or spread an obligation.</summary>
public sealed record FlexibilitySettings(
    Sourced<decimal>? GapCapShareOfVerified,
    Sourced<bool> GasObligationCappedAtAllocation,
    BorrowingSettings? Borrowing,
    BankingSettings? Banking,
    string? BorrowingSource = null,
    string? BankingSource = null);

/// <summary>Borrowing from next year's allocation when the gap exceeds a share of the allocation.</summary>
public sealed record BorrowingSettings(Sourced<decimal> GapThresholdShareOfAllocation, Sourced<decimal> MaxShareOfGap, int FromYear, string Source);

/// <summary>Banking cap: base + multiple × net allowance sales.</summary>
public sealed record BankingSettings(Sourced<long> BaseT, Sourced<decimal> NetSalesMultiple);

/// <summary>Voluntary credits usable as offsets.</summary>
public sealed record OffsetSettings(Sourced<decimal> CcerCapShareOfObligation);

/// <summary>The fine for a shortfall: a fixed range in yuan, or a multiple of the shortfall's market value.</summary>
public sealed record PenaltySettings(
    PenaltyKind Kind,
    Sourced<long>? MinYuan = null,
    Sourced<long>? MaxYuan = null,
    Sourced<long>? MinMultiple = null,
    Sourced<long>? MaxMultiple = null);

/// <summary>How the fine for a shortfall is set.</summary>
public enum PenaltyKind
{
    /// <summary>A fixed range in yuan (2021 Measures, before May 2024).</summary>
    FixedRange,

    /// <summary>5–10 × the shortfall's market value (Interim Regulations art. 24).</summary>
    MarketValueMultiple,
}

/// <summary>Share sold by one-way bidding, and its reserve price.</summary>
public sealed record PaidAllocationSettings(Sourced<decimal> Share, decimal? ReservePriceYuan);

/// <summary>Share of the cap set aside for the reserve.</summary>
public sealed record ReserveSettings(Sourced<decimal> Share);

/// <summary>How the cycle sells a plan's paid share (cn-paid-allocation.json): from which account, at which floor.</summary>
public sealed record PaidAllocationSale(Sourced<string> SoldBy, Sourced<string> ReservePrice,
    [property: System.Text.Json.Serialization.JsonPropertyName("_about")] string? About = null)
{
    /// <summary>The bundled national settings.</summary>
    public static PaidAllocationSale National => Rulebooks.Load<PaidAllocationSale>("cn-paid-allocation");
}
