// The voluntary module's state: bodies, projects, reports, issuances, credit uses (the public record)
// and the records of other registries. The credits themselves (holdings, serials) live in the registry.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;

namespace OpenEts.Voluntary;

/// <summary>Everything the voluntary registry knows.</summary>
public sealed class VoluntaryState : IModuleState
{
    /// <summary>Accredited validation bodies and verifiers, by identity.</summary>
    public SortedDictionary<string, string> Bodies { get; } = new(StringComparer.Ordinal);

    /// <summary>Projects, by id.</summary>
    public SortedDictionary<string, Project> Projects { get; } = new(StringComparer.Ordinal);

    /// <summary>Monitoring reports, by id.</summary>
    public SortedDictionary<string, MonitoringReport> Reports { get; } = new(StringComparer.Ordinal);

    /// <summary>Issuances, in order.</summary>
    public List<IssuanceRecord> Issuances { get; } = [];

    /// <summary>Retirements, surrenders and cancellations, in order (the public record).</summary>
    public List<CreditUse> Uses { get; } = [];

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
        IReadOnlyList<ForeignCredit> ForeignCredits,
        IReadOnlyList<ForeignProject> ForeignProjects);
}
