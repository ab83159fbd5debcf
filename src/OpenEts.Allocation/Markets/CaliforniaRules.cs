// California's cap-and-trade compliance as a rulebook: the 30% annual obligation, the offset limit, the status.
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Markets;

/// <summary>The offset usage limit for emissions of a range of years, as a share of the emissions obligation.</summary>
public sealed record OffsetLimit(int FirstYear, int LastYear, Sourced<decimal> ShareOfEmissions);

/// <summary>The California rulebook (ca-cap-and-trade.json).</summary>
public sealed record CaliforniaRules(
    string Id,
    string Title,
    string Market,
    Sourced<decimal> AnnualObligationShare,
    Sourced<RoundingRule> AnnualObligationRounding,
    IReadOnlyList<OffsetLimit> OffsetLimits,
    Sourced<string> FulfilledWhen,
    Sourced<string> SurrenderDeadline)
{
    /// <summary>The bundled rulebook.</summary>
    public static CaliforniaRules Load() => Rulebooks.Load<CaliforniaRules>("ca-cap-and-trade");

    /// <summary>Annual compliance obligation: 30% of the year's emissions obligation, truncated.</summary>
    public long AnnualObligation(long emissionsObligationT) =>
        DecimalMath.ToWholeTonnes(AnnualObligationShare.Value * emissionsObligationT, AnnualObligationRounding.Value);

    /// <summary>Most offsets usable against emissions of <paramref name="year"/>: share × emissions, rounded down.</summary>
    public long OffsetLimitT(int year, long emissionsT)
    {
        foreach (var l in OffsetLimits)
            if (year >= l.FirstYear && year <= l.LastYear)
                return DecimalMath.ToWholeTonnes(l.ShareOfEmissions.Value * emissionsT, RoundingRule.Floor);
        throw new ArgumentOutOfRangeException(nameof(year), $"The rulebook has no offset limit for {year}.");
    }

    /// <summary>
    /// Surrenders against an obligation: offsets first up to the limit, then allowances for the rest,
    /// from what the entity put in its compliance account. Fulfilled when the instruments reach the obligation.
    /// </summary>
    public CaliforniaSurrender Surrender(long obligationT, long offsetLimitT, long allowancesOfferedT, long offsetsOfferedT)
    {
        var offsets = Math.Min(Math.Min(offsetsOfferedT, offsetLimitT), obligationT);
        var allowances = Math.Min(allowancesOfferedT, obligationT - offsets);
        var total = offsets + allowances;
        return new CaliforniaSurrender(obligationT, allowances, offsets, total, total >= obligationT);
    }
}

/// <summary>What was surrendered against a California obligation, and whether it is fulfilled.</summary>
public sealed record CaliforniaSurrender(long ObligationT, long AllowancesT, long OffsetsT, long TotalT, bool Fulfilled);
