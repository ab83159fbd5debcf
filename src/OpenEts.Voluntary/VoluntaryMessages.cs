// The voluntary module's commands (requests) and events (facts). Dates are market dates (UTC+8).
using OpenEts.Core;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;

namespace OpenEts.Voluntary;

/// <summary>Accredit a validation body or verifier (regulator); <c>BodyId</c> is the body's identity, with the registry role ValidationBody or Verifier.</summary>
public sealed record AccreditBody(string BodyId, string Name) : Command;

/// <summary>
/// File a project design document (the project owner, who holds <c>OwnerAccount</c>: the project-owner
/// registry account its credits go to). <c>OtherRegistryRefs</c> lists "registry:id" entries the project is known by.
/// </summary>
public sealed record DraftProject(
    string ProjectId, string Name, string OwnerAccount, string Methodology, string Province,
    DateOnly ConstructionStart, DateOnly CreditingStart, DateOnly CreditingEnd, string PddSha256,
    IReadOnlyList<string>? OtherRegistryRefs = null) : Command;

/// <summary>Record the validation of a draft project (the acting accredited validation body).</summary>
public sealed record ValidateProject(string ProjectId, string ReportSha256) : Command;

/// <summary>Open the public comment period on a validated project (its owner publishes the design document).</summary>
public sealed record OpenPublicComment(string ProjectId) : Command;

/// <summary>Register a project whose public comment period is over (regulator).</summary>
public sealed record RegisterProject(string ProjectId) : Command;

/// <summary>Reject a project that is not yet registered, with reasons (regulator).</summary>
public sealed record RejectProject(string ProjectId, IReadOnlyList<string> Reasons) : Command;

/// <summary>Submit a monitoring report and apply for issuance of its reductions (owner).</summary>
public sealed record SubmitMonitoringReport(string ReportId, string ProjectId, DateOnly PeriodStart, DateOnly PeriodEnd, long ClaimedT, string ReportSha256) : Command;

/// <summary>Record the verification of a monitoring report (the acting accredited verifier).</summary>
public sealed record VerifyMonitoringReport(string ReportId, long VerifiedT, string ReportSha256) : Command;

/// <summary>An accredited verifier or the regulator rejects a submitted monitoring report, with reasons; its period may be reported again.</summary>
public sealed record RejectMonitoringReport(string ReportId, IReadOnlyList<string> Reasons) : Command;

/// <summary>Publish a verified report for its public period (the project owner).</summary>
public sealed record PublishVerifiedReport(string ReportId) : Command;

/// <summary>Issue the verified reductions of a report as serial-numbered credits into the owner's registry account (regulator).</summary>
public sealed record IssueCredits(string ReportId) : Command;

/// <summary>Move credits between registry accounts (lowest serials first), by the registry's transfer.</summary>
public sealed record TransferCredits(string From, string To, string ProjectId, int Vintage, long QuantityT) : Command;

/// <summary>Retire credits of a registry account for a claim, with beneficiary and purpose (public record), by the registry's retirement.</summary>
public sealed record RetireCredits(string RetirementId, string Account, string ProjectId, int Vintage, long QuantityT, string Beneficiary, string Purpose) : Command;

/// <summary>Surrender credits of a registry account as offsets towards a compliance year, within the offset cap.</summary>
public sealed record SurrenderCredits(string SurrenderId, string Account, string ProjectId, int Vintage, long QuantityT, int ComplianceYear, long AllowancesDueT) : Command;

/// <summary>Cancel credits: errors, reversals, buffer draw-downs (from the market's reserve account, by the regulator).</summary>
public sealed record CancelCredits(string CancellationId, string Account, string ProjectId, int Vintage, long QuantityT, string Reason) : Command;

/// <summary>Record credits and projects of another registry, as published there.</summary>
public sealed record RecordForeignRecords(string Registry, IReadOnlyList<ForeignCredit> Credits, IReadOnlyList<ForeignProject> Projects) : Command;

/// <summary>A body was accredited.</summary>
public sealed record BodyAccredited(string BodyId, string Name) : Event;

/// <summary>A project was drafted.</summary>
public sealed record ProjectDrafted(Project Project) : Event;

/// <summary>A project was validated.</summary>
public sealed record ProjectValidated(string ProjectId, string BodyId, string ReportSha256) : Event;

/// <summary>Public comment opened, from <c>Start</c> to <c>End</c> inclusive.</summary>
public sealed record PublicCommentOpened(string ProjectId, DateOnly Start, DateOnly End) : Event;

/// <summary>A project was registered.</summary>
public sealed record ProjectRegistered(string ProjectId, DateOnly On) : Event;

/// <summary>A project was rejected.</summary>
public sealed record ProjectRejected(string ProjectId, IReadOnlyList<string> Reasons, DateOnly On) : Event;

/// <summary>A monitoring report was submitted.</summary>
public sealed record MonitoringReportSubmitted(MonitoringReport Report) : Event;

/// <summary>A monitoring report was verified.</summary>
public sealed record MonitoringReportVerified(string ReportId, string BodyId, long VerifiedT, string ReportSha256) : Event;

/// <summary>A monitoring report was rejected before verification.</summary>
public sealed record MonitoringReportRejected(string ReportId, string By, IReadOnlyList<string> Reasons) : Event;

/// <summary>A verified report became public until <c>End</c>.</summary>
public sealed record VerifiedReportPublished(string ReportId, DateOnly Start, DateOnly End) : Event;

/// <summary>Credits were issued (the registry's own events carry the units and serials).</summary>
public sealed record CreditsIssued(IssuanceRecord Issuance) : Event;

/// <summary>Credits were retired, surrendered or cancelled: the public record of a final move the registry made.</summary>
public sealed record CreditsUsed(CreditUse Use) : Event;

/// <summary>Records of another registry were added.</summary>
public sealed record ForeignRecordsRecorded(string Registry, IReadOnlyList<ForeignCredit> Credits, IReadOnlyList<ForeignProject> Projects) : Event;
