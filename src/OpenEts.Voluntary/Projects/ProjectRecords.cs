// What the registry records about a project and its monitoring reports, issuances and credit uses.
using OpenEts.Registry;

namespace OpenEts.Voluntary.Projects;

/// <summary>Where a project stands: draft → validated → public comment → registered, or rejected.</summary>
public enum ProjectStatus
{
    /// <summary>Design document filed, not yet validated.</summary>
    Draft,

    /// <summary>Validated by an accredited validation body.</summary>
    Validated,

    /// <summary>Design document open for public comment.</summary>
    PublicComment,

    /// <summary>Registered: may apply for issuance.</summary>
    Registered,

    /// <summary>Rejected, with reasons.</summary>
    Rejected,
}

/// <summary>A document the registry refers to by its SHA-256 (lowercase hex): the bytes live elsewhere.</summary>
public sealed record DocumentRef(string Kind, string Sha256);

/// <summary>A voluntary emission-reduction project: <c>Owner</c> is the owner's identity, <c>OwnerAccount</c> the registry account its credits go to.</summary>
public sealed record Project(
    string Id,
    string Name,
    string Owner,
    string OwnerAccount,
    string Methodology,
    string Province,
    DateOnly ConstructionStart,
    DateOnly CreditingStart,
    DateOnly CreditingEnd,
    IReadOnlyList<string> OtherRegistryRefs,
    ProjectStatus Status,
    IReadOnlyList<DocumentRef> Documents,
    DateOnly DraftedOn)
{
    /// <summary>The accredited body that validated the project.</summary>
    public string? ValidationBody { get; init; }

    /// <summary>First day of public comment.</summary>
    public DateOnly? CommentStart { get; init; }

    /// <summary>Last day of public comment (the 20th working day).</summary>
    public DateOnly? CommentEnd { get; init; }

    /// <summary>Day of registration.</summary>
    public DateOnly? RegisteredOn { get; init; }

    /// <summary>Day of rejection.</summary>
    public DateOnly? RejectedOn { get; init; }

    /// <summary>Why the project was rejected.</summary>
    public IReadOnlyList<string>? RejectionReasons { get; init; }
}

/// <summary>Where a monitoring report stands on its way to issuance.</summary>
public enum ReportStatus
{
    /// <summary>Submitted with the owner's application.</summary>
    Submitted,

    /// <summary>Verified by an accredited verification body.</summary>
    Verified,

    /// <summary>Public before issuance.</summary>
    Public,

    /// <summary>Credits issued.</summary>
    Issued,

    /// <summary>Rejected before verification (a wrong claim, or no reductions found): its period may be reported again.</summary>
    Rejected,
}

/// <summary>A monitoring report for one period of one project (within one vintage year).</summary>
public sealed record MonitoringReport(
    string Id,
    string ProjectId,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    long ClaimedT,
    DateOnly AppliedOn,
    ReportStatus Status,
    IReadOnlyList<DocumentRef> Documents)
{
    /// <summary>The vintage: the year the reductions occurred in.</summary>
    public int Vintage => PeriodStart.Year;

    /// <summary>The body that verified the report.</summary>
    public string? VerificationBody { get; init; }

    /// <summary>Verified reductions, whole tonnes.</summary>
    public long? VerifiedT { get; init; }

    /// <summary>Last day the verified report is public before issuance.</summary>
    public DateOnly? PublicEnd { get; init; }

    /// <summary>Who rejected the report (its verifier or the regulator), with the reasons; its period may then be reported again.</summary>
    public string? RejectedBy { get; init; }

    /// <summary>Why the report was rejected.</summary>
    public IReadOnlyList<string>? RejectionReasons { get; init; }
}

/// <summary>An issuance: the owner's block and the buffer block of one report's verified reductions, in registry class <c>ClassId</c>.</summary>
public sealed record IssuanceRecord(
    string IssuanceId,
    string ProjectId,
    int Vintage,
    string ClassId,
    string OwnerAccount,
    long QuantityT,
    SerialRange? OwnerRange,
    SerialRange? BufferRange,
    DateOnly IssuedOn);

/// <summary>How credits were spent for good.</summary>
public enum CreditUseKind
{
    /// <summary>Voluntary retirement for a claim, with beneficiary and purpose.</summary>
    Retirement,

    /// <summary>Surrendered as offsets in compliance.</summary>
    Surrender,

    /// <summary>Cancelled by the registry.</summary>
    Cancellation,
}

/// <summary>A public record of credits retired, surrendered or cancelled.</summary>
public sealed record CreditUse(
    string UseId,
    CreditUseKind Kind,
    string Account,
    string ProjectId,
    int Vintage,
    IReadOnlyList<SerialRange> Ranges,
    long QuantityT,
    string Beneficiary,
    string Purpose,
    DateOnly On)
{
    /// <summary>For a surrender: the compliance year it counts towards.</summary>
    public int? ComplianceYear { get; init; }

    /// <summary>The id prefix of the record of CCER surrendered through the compliance cycle (then the command's id).</summary>
    public const string CyclePrefix = "compliance:";

    /// <summary>The id prefix under which the public list shows a retirement made directly in the registry (then its number).</summary>
    public const string RegistryPrefix = "registry-retirement-";

    /// <summary>
    /// True for an id the public record gives its own entries, which no retirement, surrender or cancellation may take: one
    /// that begins with either prefix, in any case, after any leading blanks (it would read the same on the public page).
    /// </summary>
    public static bool IsReservedId(string id)
    {
        var trimmed = id.TrimStart();
        return trimmed.StartsWith(CyclePrefix, StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith(RegistryPrefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The registry's final account kind a use of this kind puts its serials in.</summary>
    public static AccountKind FinalAccountOf(CreditUseKind kind) => kind switch
    {
        CreditUseKind.Retirement => AccountKind.Retirement,
        CreditUseKind.Surrender => AccountKind.Surrender,
        _ => AccountKind.Cancellation,
    };
}
