// The MRV module's state: facilities, monthly deposits and annual reports with every version kept.
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Mrv.Reporting;

/// <summary>Where an annual report stands.</summary>
public enum ReportStatus
{
    /// <summary>Submitted by the entity, waiting for a verifier.</summary>
    Submitted,

    /// <summary>A verifier is assigned and working.</summary>
    UnderVerification,

    /// <summary>The verifier has given a result.</summary>
    Verified,

    /// <summary>Confirmed by the regulator; feeds compliance.</summary>
    Final,
}

/// <summary>A registered facility.</summary>
public sealed record FacilityInfo(string FacilityId, string EntityId, string Sector, string Province);

/// <summary>One version of an annual report.</summary>
public sealed record ReportVersion(int Version, long ReportedTco2e, IReadOnlyList<string> DefaultsUsed, DateOnly SubmittedOn, bool Late);

/// <summary>The annual report of a facility-year with its full history.</summary>
public sealed record AnnualReport
{
    /// <summary>Facility.</summary>
    public required string FacilityId { get; init; }

    /// <summary>Reporting year.</summary>
    public required int Year { get; init; }

    /// <summary>Every version, oldest first; the last one is current. Nothing is removed.</summary>
    public required List<ReportVersion> Versions { get; init; }

    /// <summary>Current status.</summary>
    public ReportStatus Status { get; set; }

    /// <summary>The assigned verifier of the current version.</summary>
    public string? VerifierId { get; set; }

    /// <summary>The verifier's adjustments to the current version.</summary>
    public List<VerificationAdjustment> Adjustments { get; set; } = [];

    /// <summary>The verifier's statement.</summary>
    public string? Statement { get; set; }

    /// <summary>Verified emissions (reported + adjustments).</summary>
    public long? VerifiedTco2e { get; set; }

    /// <summary>The current version.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ReportVersion Current => Versions[^1];
}

/// <summary>All MRV data held by the engine.</summary>
public sealed class MrvState : IModuleState
{
    /// <summary>Facilities by id.</summary>
    public SortedDictionary<string, FacilityInfo> Facilities { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Monthly deposits by "facility/year/month", every version kept, oldest first.</summary>
    public SortedDictionary<string, List<MonthlyDataDeposited>> Deposits { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Annual reports by "facility/year".</summary>
    public SortedDictionary<string, AnnualReport> Reports { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>The key of a facility-year.</summary>
    public static string Key(string facilityId, int year) => $"{facilityId}/{year}";

    /// <summary>The key of a facility-month.</summary>
    public static string Key(string facilityId, int year, int month) => $"{facilityId}/{year}/{month:00}";

    /// <summary>The report of a facility-year, or null.</summary>
    public AnnualReport? Report(string facilityId, int year) => Reports.GetValueOrDefault(Key(facilityId, year));

    /// <summary>Final verified emissions of a facility-year; null while the report is not final.</summary>
    public Tonnes? FinalVerifiedEmissions(string facilityId, int year) =>
        Report(facilityId, year) is { Status: ReportStatus.Final, VerifiedTco2e: long t } ? new Tonnes(t) : null;

    /// <summary>
    /// THE query for compliance: a covered entity's final verified emissions of a year — the sum, over the
    /// facilities registered to it, of each facility-year's verified figure once the regulator made it final —
    /// and the facilities whose report is not final yet (missing, submitted, under verification or verified),
    /// in facility id order. Compliance should settle only when that list is empty.
    /// <paramref name="entityId"/> is the covered entity's registry identity, the holder of its compliance
    /// account (<c>Account.Holder</c>). An entity with no facility gets (0, []). Only the current version of
    /// an amended report counts; earlier versions never do.
    /// </summary>
    public (Tonnes Total, IReadOnlyList<string> NotFinal) EntityFinalVerifiedEmissions(string entityId, int year)
    {
        var total = Tonnes.Zero;
        var notFinal = new List<string>();
        foreach (var f in Facilities.Values.Where(f => f.EntityId == entityId))
        {
            if (FinalVerifiedEmissions(f.FacilityId, year) is { } t)
                total += t;
            else
                notFinal.Add(f.FacilityId);
        }
        return (total, notFinal);
    }

    /// <summary>Final verified emissions of every facility-year, as coverage decisions read them (entity name = id).</summary>
    public IReadOnlyList<Coverage.FacilityYear> FinalFacilityYears() =>
        Reports.Values.Where(r => r.Status == ReportStatus.Final && Facilities.ContainsKey(r.FacilityId))
            .Select(r =>
            {
                var f = Facilities[r.FacilityId];
                return new Coverage.FacilityYear(f.EntityId, f.EntityId, f.FacilityId, f.FacilityId, f.Sector, f.Province, r.Year, r.VerifiedTco2e!.Value);
            }).ToList();

    /// <summary>The current (latest) deposit of each month of a facility-year.</summary>
    public IReadOnlyList<MonthlyDataDeposited> CurrentDeposits(string facilityId, int year) =>
        Enumerable.Range(1, 12).Select(m => Deposits.GetValueOrDefault(Key(facilityId, year, m))?[^1]).OfType<MonthlyDataDeposited>().ToList();

    /// <inheritdoc />
    public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new Snapshot(Facilities, Deposits, Reports), options);

    /// <inheritdoc />
    public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
    {
        var s = snapshot.Deserialize<Snapshot>(options) ?? throw new InvalidOperationException("Empty MRV snapshot.");
        Facilities = new SortedDictionary<string, FacilityInfo>(s.Facilities, StringComparer.Ordinal);
        Deposits = new SortedDictionary<string, List<MonthlyDataDeposited>>(s.Deposits, StringComparer.Ordinal);
        Reports = new SortedDictionary<string, AnnualReport>(s.Reports, StringComparer.Ordinal);
    }

    private sealed record Snapshot(
        SortedDictionary<string, FacilityInfo> Facilities,
        SortedDictionary<string, List<MonthlyDataDeposited>> Deposits,
        SortedDictionary<string, AnnualReport> Reports);
}
