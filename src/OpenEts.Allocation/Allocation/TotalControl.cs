// Total-based control: an absolute cap that falls each year, split into reserve, paid and free parts,
// with the free part shared by benchmark or history and scaled to fit exactly.
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Allocation;

/// <summary>How a year's cap is split: reserve, sold by one-way bidding, and given free.</summary>
public sealed record CapSplit(long CapT, long ReserveT, long PaidT, long FreeT);

/// <summary>Caps, splits and scaling for total-based control.</summary>
public static class TotalControl
{
    /// <summary>True when the plan runs total-based control in <paramref name="year"/> (mode total, or the switch year reached).</summary>
    public static bool IsTotalBased(ControlSettings control, int year) =>
        control.Mode == ControlMode.Total || (control.SwitchToTotalFromYear is { } from && year >= from);

    /// <summary>The cap of <paramref name="year"/>: base cap × (1 − reduction)^(year − base year), rounded down.</summary>
    public static long CapFor(TotalControlSettings total, int year)
    {
        if (year < total.BaseYear)
            throw new ArgumentOutOfRangeException(nameof(year), $"The cap starts in {total.BaseYear}.");
        var factor = DecimalMath.Pow(1m - total.AnnualReduction.Value, year - total.BaseYear);
        return DecimalMath.ToWholeTonnes(total.BaseCapT.Value * factor, RoundingRule.Floor);
    }

    /// <summary>Splits a cap: reserve and paid shares rounded down, the free part takes the rest.</summary>
    public static CapSplit Split(long capT, decimal reserveShare, decimal paidShare)
    {
        var reserve = DecimalMath.ToWholeTonnes(capT * reserveShare, RoundingRule.Floor);
        var paid = DecimalMath.ToWholeTonnes(capT * paidShare, RoundingRule.Floor);
        var free = checked(capT - reserve - paid);
        if (free < 0)
            throw new ArgumentException("The reserve and paid shares exceed the cap.");
        return new CapSplit(capT, reserve, paid, free);
    }

    /// <summary>
    /// Scales preliminary amounts (benchmark allocations or historical emissions) so they add up to
    /// exactly <paramref name="budgetT"/>: each gets floor(budget × own / sum), and the tonnes left
    /// over go one each to the largest remainders (ties by order given). Proportional and exact.
    /// </summary>
    public static long[] ScaleToFit(IReadOnlyList<long> preliminaryT, long budgetT)
    {
        var sum = 0L;
        foreach (var p in preliminaryT)
        {
            if (p < 0)
                throw new ArgumentException("Preliminary amounts cannot be negative.", nameof(preliminaryT));
            sum = checked(sum + p);
        }
        var result = new long[preliminaryT.Count];
        if (sum == 0 || budgetT == 0)
            return result;
        var remainders = new (decimal Remainder, int Index)[preliminaryT.Count];
        var given = 0L;
        for (var i = 0; i < preliminaryT.Count; i++)
        {
            var exact = (decimal)budgetT * preliminaryT[i] / sum;
            result[i] = (long)decimal.Floor(exact);
            given += result[i];
            remainders[i] = (exact - result[i], i);
        }
        var left = budgetT - given;
        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)left))
            result[index]++;
        return result;
    }
}
