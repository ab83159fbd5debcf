// The EU ETS annual reconciliation as a rulebook: status from cumulative surrenders and emissions per phase.
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Markets;

/// <summary>Our reading of an EU installation-year.</summary>
public enum EuStatus
{
    /// <summary>Cumulative surrendered ≥ cumulative verified (EUTL code A).</summary>
    Compliant,

    /// <summary>Cumulative surrendered &lt; cumulative verified (EUTL code B).</summary>
    NotCompliant,

    /// <summary>Verified emissions not reported or not calculated (EUTL code C).</summary>
    NotReported,

    /// <summary>Nothing to reconcile: no cumulative figures (excluded, not in the scheme that year).</summary>
    NotApplicable,
}

/// <summary>How EUTL compliance codes map to our statuses.</summary>
public sealed record EuStatusCodes(IReadOnlyList<string> Compliant, IReadOnlyList<string> NotCompliant, IReadOnlyList<string> NotReported, string Source);

/// <summary>The EU rulebook (eu-ets.json).</summary>
public sealed record EuRules(
    string Id,
    string Title,
    string Market,
    Sourced<string> ReconciliationBasis,
    Sourced<IReadOnlyList<string>> NotReportedWhen,
    Sourced<string> SurrenderDeadline,
    EuStatusCodes StatusCodes)
{
    /// <summary>The bundled rulebook.</summary>
    public static EuRules Load() => Rulebooks.Load<EuRules>("eu-ets");

    /// <summary>
    /// The status of an installation-year from its cumulative figures within the trading phase.
    /// <paramref name="cumulativeVerifiedText"/> is kept as text because the EUTL writes "Not Calculated" there.
    /// </summary>
    public EuStatus Reconcile(long? cumulativeSurrenderedT, long? cumulativeVerifiedT, string cumulativeVerifiedText, string verifiedText)
    {
        if (cumulativeSurrenderedT is { } s && cumulativeVerifiedT is { } v)
            return s >= v ? EuStatus.Compliant : EuStatus.NotCompliant;
        if (NotReportedWhen.Value.Contains(cumulativeVerifiedText) || NotReportedWhen.Value.Contains(verifiedText))
            return EuStatus.NotReported;
        return EuStatus.NotApplicable;
    }

    /// <summary>Our status for a published EUTL code, or null when the code is outside A/B/C (for example '-').</summary>
    public EuStatus? StatusOfCode(string code) =>
        StatusCodes.Compliant.Contains(code) ? EuStatus.Compliant
        : StatusCodes.NotCompliant.Contains(code) ? EuStatus.NotCompliant
        : StatusCodes.NotReported.Contains(code) ? EuStatus.NotReported
        : null;
}
