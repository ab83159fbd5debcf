// The MRV module's commands and events: facility registration, monthly deposits, annual reports and
// their verification. Quantities reported for compliance are whole tonnes; deposits keep decimals.
using OpenEts.Core;

namespace OpenEts.Mrv.Reporting;

/// <summary>Regulator registers a facility of a covered entity.</summary>
public sealed record RegisterFacility(string FacilityId, string EntityId, string Sector, string Province) : Command;

/// <summary>Entity deposits one month's key data (a second deposit of the same month is a new version).</summary>
public sealed record DepositMonthlyData(string FacilityId, int Year, int Month, decimal EmissionsTco2e, IReadOnlyDictionary<string, decimal> Parameters) : Command;

/// <summary>Entity submits (or amends, as a new version) the annual report of a facility-year.</summary>
public sealed record SubmitAnnualReport(string FacilityId, int Year, long ReportedTco2e, IReadOnlyList<string> DefaultsUsed) : Command;

/// <summary>Regulator assigns a verifier: submitted → under_verification.</summary>
public sealed record AssignVerifier(string FacilityId, int Year, string VerifierId) : Command;

/// <summary>One adjustment the verifier made, in whole tonnes (negative lowers the total).</summary>
public sealed record VerificationAdjustment(string Reason, long DeltaTco2e);

/// <summary>The assigned verifier records the result: under_verification → verified.</summary>
public sealed record RecordVerification(string FacilityId, int Year, IReadOnlyList<VerificationAdjustment> Adjustments, string Statement) : Command;

/// <summary>Regulator confirms the verified figure: verified → final.</summary>
public sealed record FinalizeReport(string FacilityId, int Year) : Command;

/// <summary>A facility was registered.</summary>
public sealed record FacilityRegistered(string FacilityId, string EntityId, string Sector, string Province) : Event;

/// <summary>A month's data was deposited (version 1, or a later version that supersedes it without erasing it).</summary>
public sealed record MonthlyDataDeposited(string FacilityId, int Year, int Month, int Version, decimal EmissionsTco2e, IReadOnlyDictionary<string, decimal> Parameters, DateOnly DepositedOn, DateOnly DueOn, bool Late) : Event;

/// <summary>An annual report version was submitted.</summary>
public sealed record AnnualReportSubmitted(string FacilityId, int Year, int Version, long ReportedTco2e, IReadOnlyList<string> DefaultsUsed, DateOnly SubmittedOn, DateOnly DueOn, bool Late) : Event;

/// <summary>A verifier was assigned.</summary>
public sealed record VerifierAssigned(string FacilityId, int Year, int Version, string VerifierId) : Event;

/// <summary>The verifier's result.</summary>
public sealed record VerificationRecorded(string FacilityId, int Year, int Version, string VerifierId, IReadOnlyList<VerificationAdjustment> Adjustments, string Statement, long VerifiedTco2e) : Event;

/// <summary>The report became final; its verified emissions feed compliance.</summary>
public sealed record ReportFinalized(string FacilityId, int Year, int Version, long FinalTco2e) : Event;
