// One entity-year's compliance under a plan: obligation after flexibilities, offsets, surrender, shortfall, penalty.
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Allocation.Compliance;

/// <summary>What is known about an entity-year when its compliance is settled. Price in fen per tonne.</summary>
public sealed record ComplianceInput(
    long AllocationT,
    long VerifiedEmissionsT,
    Fuel Fuel,
    long AllowancesHeldT,
    long CcerHeldT,
    Fen PriceFenPerT,
    long NetSalesT = 0);

/// <summary>Whether an entity met its obligation.</summary>
public enum ComplianceStatus
{
    /// <summary>Surrendered the whole obligation.</summary>
    Compliant,

    /// <summary>Surrendered part of it.</summary>
    Partly,

    /// <summary>Surrendered nothing of a positive obligation.</summary>
    Not,
}

/// <summary>
/// The settled entity-year. obligation = surrendered allowances + CCER used + borrowed + shortfall, always.
/// </summary>
public sealed record ComplianceResult(
    long ObligationT,
    long GapCapReliefT,
    long GasReliefT,
    long CcerCapT,
    long CcerUsedT,
    long AllowancesSurrenderedT,
    long BorrowableT,
    long BorrowedT,
    long ShortfallT,
    ComplianceStatus Status,
    Fen PenaltyMin,
    Fen PenaltyMax,
    long NextAllocationDeductionT,
    long AllowancesLeftT,
    long? BankableT);

/// <summary>Applies a plan's compliance rules to one entity-year.</summary>
public static class ComplianceCalculation
{
    /// <summary>Checks the input and settles the entity-year, or returns why the input is refused.</summary>
    public static (ComplianceResult? Result, Rejection? Rejection) TrySettle(ICompliancePlan plan, ComplianceInput input)
    {
        if (input.AllocationT < 0 || input.VerifiedEmissionsT < 0 || input.AllowancesHeldT < 0 || input.CcerHeldT < 0 || input.NetSalesT < 0)
            return (null, new Rejection("negative_quantity", "Allocation, verified emissions, holdings and net sales must be zero or more tonnes."));
        if (input.PriceFenPerT.Value < 0)
            return (null, new Rejection("negative_price", "The market price cannot be negative."));
        if (input.AllocationT > RegistryState.MaxQuantity || input.VerifiedEmissionsT > RegistryState.MaxQuantity || input.AllowancesHeldT > RegistryState.MaxQuantity
            || input.CcerHeldT > RegistryState.MaxQuantity || input.NetSalesT > RegistryState.MaxQuantity)
            return (null, new Rejection("quantity_out_of_range", $"Allocation, verified emissions, holdings and net sales are at most {RegistryState.MaxQuantity:N0} t (the registry's largest quantity)."));
        if (input.PriceFenPerT.Value > RegistryState.MaxQuantity)
            return (null, new Rejection("price_out_of_range", $"The market price is at most {RegistryState.MaxQuantity:N0} fen per tonne."));
        var result = Settle(plan, input, checkFine: true);
        return result is null
            ? (null, new Rejection("penalty_out_of_range", $"The fine for this shortfall at this price would exceed {new Fen(MaxFineFen).ToYuanString()} yuan; check the emissions and the price."))
            : (result, null);
    }

    /// <summary>Settles the entity-year (input already checked).</summary>
    public static ComplianceResult Settle(ICompliancePlan plan, ComplianceInput input) => Settle(plan, input, checkFine: false)!;

    private static ComplianceResult? Settle(ICompliancePlan plan, ComplianceInput input, bool checkFine)
    {
        var caps = plan.Rounding.Caps;
        var flex = plan.Flexibilities;
        var obligation = input.VerifiedEmissionsT;

        // Gap cap: owe at most allocation + share × verified emissions.
        long gapRelief = 0;
        if (flex.GapCapShareOfVerified is { } gapShare)
        {
            var ceiling = checked(input.AllocationT + DecimalMath.ToWholeTonnes(gapShare.Value * input.VerifiedEmissionsT, caps));
            if (obligation > ceiling)
            {
                gapRelief = obligation - ceiling;
                obligation = ceiling;
            }
        }

        // Gas units owe at most their allocation.
        long gasRelief = 0;
        if (input.Fuel == Fuel.Gas && flex.GasObligationCappedAtAllocation.Value && obligation > input.AllocationT)
        {
            gasRelief = obligation - input.AllocationT;
            obligation = input.AllocationT;
        }

        var ccerCap = DecimalMath.ToWholeTonnes(plan.Offsets.CcerCapShareOfObligation.Value * obligation, caps);
        var ccerUsed = Math.Min(Math.Min(input.CcerHeldT, ccerCap), obligation);
        var allowances = Math.Min(input.AllowancesHeldT, obligation - ccerUsed);
        var open = obligation - ccerUsed - allowances;

        long borrowable = 0;
        if (flex.Borrowing is { } b)
        {
            var gap = obligation - input.AllocationT;
            var threshold = b.GapThresholdShareOfAllocation.Value * input.AllocationT;
            if (gap > 0 && gap > threshold)
                borrowable = DecimalMath.ToWholeTonnes(b.MaxShareOfGap.Value * gap, caps);
        }
        var borrowed = Math.Min(borrowable, open);
        var shortfall = open - borrowed;
        Invariant.Assert(ccerUsed + allowances + borrowed + shortfall == obligation, "obligation = surrendered + borrowed + shortfall");

        var status = shortfall == 0 ? ComplianceStatus.Compliant
            : ccerUsed + allowances + borrowed > 0 ? ComplianceStatus.Partly
            : ComplianceStatus.Not;
        if (TryPenalty(plan.Penalty, shortfall, input.PriceFenPerT) is not var (penaltyMin, penaltyMax))
            return checkFine ? null : throw new OverflowException("The fine exceeds the largest amount.");
        var deduction = checked((plan.DeductShortfallFromNextAllocation.Value ? shortfall : 0) + borrowed);
        var left = input.AllowancesHeldT - allowances;
        long? bankable = flex.Banking is { } bank
            ? Math.Min(left, checked(bank.BaseT.Value + DecimalMath.ToWholeTonnes(bank.NetSalesMultiple.Value * input.NetSalesT, caps)))
            : null;
        return new ComplianceResult(obligation, gapRelief, gasRelief, ccerCap, ccerUsed, allowances, borrowable, borrowed, shortfall,
            status, penaltyMin, penaltyMax, deduction, left, bankable);
    }

    /// <summary>
    /// The fine range for a shortfall: a fixed range in yuan when there is any shortfall (2021 Measures),
    /// or min/max multiple × shortfall × price (Interim Regulations art. 24).
    /// </summary>
    public static (Fen Min, Fen Max) Penalty(PenaltySettings penalty, long shortfallT, Fen priceFenPerT) =>
        TryPenalty(penalty, shortfallT, priceFenPerT) ?? throw new OverflowException($"A fine for {shortfallT:N0} t at {priceFenPerT.Value:N0} fen/t exceeds {MaxFineFen:N0} fen.");

    /// <summary>The largest fine computed, in fen (the registry's largest amount): beyond it the inputs cannot be real.</summary>
    public const long MaxFineFen = RegistryState.MaxQuantity;

    /// <summary>
    /// The fine range as <see cref="Penalty"/> computes it, or null when either end would exceed <see cref="MaxFineFen"/>
    /// (computed in 128 bits, so no figure overflows on the way).
    /// </summary>
    public static (Fen Min, Fen Max)? TryPenalty(PenaltySettings penalty, long shortfallT, Fen priceFenPerT)
    {
        if (shortfallT == 0)
            return (Fen.Zero, Fen.Zero);
        static Fen? Bounded(Int128 fen) => fen >= 0 && fen <= MaxFineFen ? new Fen((long)fen) : null;
        var (min, max) = penalty.Kind switch
        {
            PenaltyKind.FixedRange => (Bounded((Int128)penalty.MinYuan!.Value * 100), Bounded((Int128)penalty.MaxYuan!.Value * 100)),
            PenaltyKind.MarketValueMultiple => (Bounded((Int128)penalty.MinMultiple!.Value * shortfallT * priceFenPerT.Value),
                Bounded((Int128)penalty.MaxMultiple!.Value * shortfallT * priceFenPerT.Value)),
            _ => throw new InvalidOperationException($"Unknown penalty kind {penalty.Kind}."),
        };
        return min is { } a && max is { } b ? (a, b) : null;
    }
}
