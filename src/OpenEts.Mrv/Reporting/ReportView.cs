// An annual report as hosts show it (CLI and HTTP): its facility's entity, status name, current
// version with the verifier's result, and every version kept.
namespace OpenEts.Mrv.Reporting;

/// <summary>One annual report, flattened for output.</summary>
public sealed record ReportView(
    string FacilityId,
    string EntityId,
    int Year,
    string Status,
    int Version,
    long ReportedTco2e,
    IReadOnlyList<string> DefaultsUsed,
    DateOnly SubmittedOn,
    bool Late,
    string? VerifierId,
    IReadOnlyList<VerificationAdjustment> Adjustments,
    string? Statement,
    long? VerifiedTco2e,
    IReadOnlyList<ReportVersion> Versions)
{
    /// <summary>The view of <paramref name="report"/>.</summary>
    public static ReportView Of(MrvState state, AnnualReport report)
    {
        var current = report.Current;
        return new ReportView(report.FacilityId, state.Facilities.GetValueOrDefault(report.FacilityId)?.EntityId ?? "", report.Year, MrvModule.Name(report.Status),
            current.Version, current.ReportedTco2e, current.DefaultsUsed, current.SubmittedOn, current.Late, report.VerifierId, [.. report.Adjustments],
            report.Statement, report.VerifiedTco2e, [.. report.Versions]);
    }
}
