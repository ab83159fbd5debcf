// The voluntary module's state: bodies, projects, reports, issuances, credit uses, the credit book and
// the records of other registries. Changed only by the module's events.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Voluntary.Credits;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;

namespace OpenEts.Voluntary;

/// <summary>Everything the voluntary registry knows.</summary>
public sealed class VoluntaryState : IModuleState
{
    /// <summary>The holder name of the registry's non-permanence buffer pool.</summary>
    public const string BufferHolder = "buffer";

    /// <summary>Accredited validation/verification bodies, by id.</summary>
    public SortedDictionary<string, string> Bodies { get; } = new(StringComparer.Ordinal);

    /// <summary>Projects, by id.</summary>
    public SortedDictionary<string, Project> Projects { get; } = new(StringComparer.Ordinal);

    /// <summary>Monitoring reports, by id.</summary>
    public SortedDictionary<string, MonitoringReport> Reports { get; } = new(StringComparer.Ordinal);

    /// <summary>Issuances, in order.</summary>
    public List<IssuanceRecord> Issuances { get; } = [];

    /// <summary>Retirements, surrenders and cancellations, in order (the public record).</summary>
    public List<CreditUse> Uses { get; } = [];

    /// <summary>Who holds which serials, and which are final.</summary>
    public CreditBook Book { get; } = new();

    /// <summary>Credits and projects recorded in other registries.</summary>
    public ForeignRecordBook Foreign { get; } = new();

    /// <inheritdoc />
    public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new Snapshot(
            [.. Bodies.Select(b => new AccreditedBody(b.Key, b.Value))],
            [.. Projects.Values],
            [.. Reports.Values],
            Issuances,
            Uses,
            [.. Book.Blocks],
            Foreign.Credits,
            [.. Foreign.Projects]), options);

    /// <inheritdoc />
    public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
    {
        var s = snapshot.Deserialize<Snapshot>(options) ?? throw new JsonException("Empty voluntary snapshot.");
        Bodies.Clear();
        foreach (var b in s.Bodies)
            Bodies[b.BodyId] = b.Name;
        Projects.Clear();
        foreach (var p in s.Projects)
            Projects[p.Id] = p;
        Reports.Clear();
        foreach (var r in s.Reports)
            Reports[r.Id] = r;
        Issuances.Clear();
        Issuances.AddRange(s.Issuances);
        Uses.Clear();
        Uses.AddRange(s.Uses);
        Book.Load(s.Blocks);
        Foreign.Clear();
        Foreign.Add(s.ForeignCredits, s.ForeignProjects);
    }

    private sealed record AccreditedBody(string BodyId, string Name);

    private sealed record Snapshot(
        IReadOnlyList<AccreditedBody> Bodies,
        IReadOnlyList<Project> Projects,
        IReadOnlyList<MonitoringReport> Reports,
        IReadOnlyList<IssuanceRecord> Issuances,
        IReadOnlyList<CreditUse> Uses,
        IReadOnlyList<CreditBlock> Blocks,
        IReadOnlyList<ForeignCredit> ForeignCredits,
        IReadOnlyList<ForeignProject> ForeignProjects);
}
