// Records of credits and projects held in other registries (Verra, Gold Standard), kept with their own
// serials and statuses: the guard against registering or issuing the same reductions twice.
using OpenEts.Registry;

namespace OpenEts.Voluntary.Registries;

/// <summary>One block of credits as another registry publishes it.</summary>
/// <param name="Registry">verra or gold_standard.</param>
/// <param name="ProjectId">The project's id in that registry (Verra ID, Gold Standard GSID).</param>
/// <param name="ProjectName">The project's name there.</param>
/// <param name="Vintage">Vintage year.</param>
/// <param name="Serial">The serial string exactly as published.</param>
/// <param name="SerialNamespace">The part of the serial a range is unique within (the registry for Verra, the batch for Gold Standard).</param>
/// <param name="Range">The serial numbers parsed from the serial.</param>
/// <param name="Quantity">Tonnes as published; always equal to the range's size once recorded.</param>
/// <param name="Status">Status as the registry gives it (Issued, Retired, Canceled…).</param>
/// <param name="IssuanceDate">Issuance date, ISO.</param>
/// <param name="StatusDate">Retirement or cancellation date, ISO, if any.</param>
/// <param name="Beneficiary">Retirement beneficiary, if any.</param>
/// <param name="Purpose">Retirement reason or use, if any.</param>
public sealed record ForeignCredit(
    string Registry,
    string ProjectId,
    string ProjectName,
    int Vintage,
    string Serial,
    string SerialNamespace,
    SerialRange Range,
    long Quantity,
    string Status,
    string IssuanceDate,
    string? StatusDate,
    string? Beneficiary,
    string? Purpose);

/// <summary>A project as another registry lists it.</summary>
public sealed record ForeignProject(string Registry, string ProjectId, string Name, string Status, string Country, string Methodology);

/// <summary>A row that could not be read as a credit record, with the reason.</summary>
public sealed record ForeignRowProblem(int Row, string Serial, string Reason);

/// <summary>What reading one registry file gave: the records, and the rows refused.</summary>
public sealed record ForeignImport(IReadOnlyList<ForeignCredit> Credits, IReadOnlyList<ForeignProject> Projects, IReadOnlyList<ForeignRowProblem> Problems)
{
    /// <summary>Rows whose serial parsed by the given form.</summary>
    public IReadOnlyDictionary<string, int> SerialForms { get; init; } = new Dictionary<string, int>();
}

/// <summary>A reference to a project in another registry, written "registry:id" (e.g. verra:1340).</summary>
public readonly record struct ForeignProjectRef(string Registry, string ProjectId)
{
    /// <summary>Reads "registry:id"; null when malformed.</summary>
    public static ForeignProjectRef? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var i = text.IndexOf(':', StringComparison.Ordinal);
        return i <= 0 || i == text.Length - 1 ? null : new ForeignProjectRef(text[..i].Trim().ToLowerInvariant(), text[(i + 1)..].Trim());
    }

    /// <inheritdoc />
    public override string ToString() => $"{Registry}:{ProjectId}";
}

/// <summary>All foreign records known to this registry, indexed for the double-issuance guard.</summary>
public sealed class ForeignRecordBook
{
    private readonly List<ForeignCredit> _credits = [];
    private readonly SortedDictionary<string, ForeignProject> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ForeignProject>> _byName = new(StringComparer.Ordinal);

    /// <summary>Statuses of a foreign project that do not block registering it here.</summary>
    public static readonly IReadOnlySet<string> NonBlockingStatuses = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Withdrawn", "Rejected", "Inactive" };

    /// <summary>Every foreign credit record, in import order.</summary>
    public IReadOnlyList<ForeignCredit> Credits => _credits;

    /// <summary>Every foreign project, by registry and id.</summary>
    public IEnumerable<ForeignProject> Projects => _projects.Values;

    /// <summary>A name reduced to lowercase letters and digits, so spacing and punctuation do not hide a duplicate.</summary>
    public static string NameKey(string name) => new([.. name.ToLowerInvariant().Where(char.IsLetterOrDigit)]);

    /// <summary>Forgets everything (snapshot restore).</summary>
    public void Clear()
    {
        _credits.Clear();
        _projects.Clear();
        _byName.Clear();
    }

    /// <summary>Adds credits (and the projects they name) to the book.</summary>
    public void Add(IEnumerable<ForeignCredit> credits, IEnumerable<ForeignProject> projects)
    {
        foreach (var p in projects)
            AddProject(p);
        foreach (var c in credits)
        {
            _credits.Add(c);
            if (!_projects.ContainsKey(Key(c.Registry, c.ProjectId)))
                AddProject(new ForeignProject(c.Registry, c.ProjectId, c.ProjectName, "Issued credits", "", ""));
        }
    }

    private void AddProject(ForeignProject p)
    {
        var key = Key(p.Registry, p.ProjectId);
        if (_projects.TryGetValue(key, out var old))
            _byName[NameKey(old.Name)].Remove(old);
        _projects[key] = p;
        var nameKey = NameKey(p.Name);
        if (!_byName.TryGetValue(nameKey, out var list))
            _byName[nameKey] = list = [];
        list.Add(p);
    }

    /// <summary>The foreign project a reference names, if recorded.</summary>
    public ForeignProject? Find(ForeignProjectRef r) => _projects.GetValueOrDefault(Key(r.Registry, r.ProjectId));

    /// <summary>Foreign projects with the same name (after <see cref="NameKey"/>) that still block registration.</summary>
    public IEnumerable<ForeignProject> BlockingByName(string name) =>
        _byName.TryGetValue(NameKey(name), out var list) ? list.Where(p => !NonBlockingStatuses.Contains(p.Status)) : [];

    /// <summary>Foreign credits of a project in a vintage.</summary>
    public IEnumerable<ForeignCredit> CreditsOf(ForeignProjectRef r, int vintage) =>
        _credits.Where(c => c.Registry == r.Registry && c.ProjectId == r.ProjectId && c.Vintage == vintage);

    /// <summary>A foreign record whose serial string is exactly <paramref name="serial"/>, if any.</summary>
    public ForeignCredit? FindSerial(string serial) => _credits.FirstOrDefault(c => string.Equals(c.Serial, serial, StringComparison.Ordinal));

    private static string Key(string registry, string id) => registry + ":" + id;
}
