// The public view of the voluntary registry: projects, issuances and credit blocks with their status,
// searchable, and exported as CSV in the columns large voluntary registries publish.
using System.Globalization;
using OpenEts.Voluntary.Credits;
using OpenEts.Voluntary.Methodologies;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;
using OpenEts.Voluntary.Serials;

namespace OpenEts.Voluntary.PublicRegistry;

/// <summary>What to look for: every given field must match (text matches id, name or beneficiary, ignoring case).</summary>
public sealed record RegistrySearch(string? Text = null, string? Methodology = null, string? Province = null, int? Vintage = null, string? Status = null);

/// <summary>A project as the public sees it.</summary>
public sealed record ProjectRow(string ProjectId, string Name, string Methodology, string Province, string Owner, string Status,
    DateOnly CreditingStart, DateOnly CreditingEnd, DateOnly? RegisteredOn, long IssuedT, long RetiredT);

/// <summary>One block of credits with one status, within one issuance: a line of the public credit list.</summary>
public sealed record CreditRow(string ProjectId, string ProjectName, string Methodology, string Province, int Vintage, string SerialNumber,
    long SerialStart, long SerialEnd, long Quantity, string Status, DateOnly IssuanceDate, DateOnly? StatusDate, string? Beneficiary, string? Purpose);

/// <summary>Queries over the voluntary state for the public registry.</summary>
public static class PublicRegistryView
{
    /// <summary>The CSV header, in the order of the large voluntary registries' exports.</summary>
    public static readonly string[] CsvColumns =
    [
        "project_id", "project_name", "methodology", "province", "vintage", "serial_number", "serial_start", "serial_end",
        "quantity", "status", "issuance_date", "status_date", "beneficiary", "purpose",
    ];

    /// <summary>Projects matching the search, by id.</summary>
    public static IReadOnlyList<ProjectRow> Projects(VoluntaryState s, RegistrySearch q) =>
        [.. s.Projects.Values
            .Select(p => new ProjectRow(p.Id, p.Name, p.Methodology, p.Province, p.Owner, StatusName(p.Status), p.CreditingStart, p.CreditingEnd, p.RegisteredOn,
                s.Issuances.Where(i => i.ProjectId == p.Id).Sum(i => i.QuantityT),
                s.Uses.Where(u => u.ProjectId == p.Id && u.Kind == CreditUseKind.Retirement).Sum(u => u.QuantityT)))
            .Where(p => Matches(q.Text, p.ProjectId, p.Name) && Eq(q.Methodology, p.Methodology) && Eq(q.Province, p.Province) && Eq(q.Status, p.Status))];

    /// <summary>
    /// Every credit block split at issuance boundaries, with its issuance date and, when spent, the date,
    /// beneficiary and purpose of the retirement, surrender or cancellation.
    /// </summary>
    public static IReadOnlyList<CreditRow> Credits(VoluntaryState s, RegistrySearch q)
    {
        var rows = new List<CreditRow>();
        foreach (var block in s.Book.Blocks)
        {
            var project = s.Projects[block.Class.ProjectId];
            foreach (var (use, range) in Pieces(s, block))
            {
                foreach (var issuance in s.Issuances.Where(i => i.ProjectId == block.Class.ProjectId && i.Vintage == block.Class.Vintage))
                {
                    foreach (var issued in new[] { issuance.OwnerRange, issuance.BufferRange })
                    {
                        if (issued?.Intersect(range) is not { } part)
                            continue;
                        rows.Add(new CreditRow(project.Id, project.Name, project.Methodology, project.Province, block.Class.Vintage,
                            new CcerSerial(project.Id, block.Class.Vintage, part).ToString(), part.First, part.Last, part.Count,
                            block.Status.ToString().ToLowerInvariant(), issuance.IssuedOn, use?.On, Blank(use?.Beneficiary), Blank(use?.Purpose)));
                    }
                }
            }
        }
        return [.. rows.Where(r => Matches(q.Text, r.ProjectId, r.ProjectName, r.Beneficiary) && Eq(q.Methodology, r.Methodology)
            && Eq(q.Province, r.Province) && (q.Vintage is null || q.Vintage == r.Vintage) && Eq(q.Status, r.Status))
            .OrderBy(r => r.ProjectId, StringComparer.Ordinal).ThenBy(r => r.Vintage).ThenBy(r => r.SerialStart)];
    }

    /// <summary>Retirements, surrenders and cancellations, newest last.</summary>
    public static IReadOnlyList<CreditUse> Uses(VoluntaryState s, RegistrySearch q) =>
        [.. s.Uses.Where(u => Matches(q.Text, u.ProjectId, u.Beneficiary, u.UseId) && (q.Vintage is null || q.Vintage == u.Vintage))];

    /// <summary>The credit rows as CSV text (header first, RFC 4180 quoting).</summary>
    public static string Csv(IEnumerable<CreditRow> rows)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CsvText.Line(CsvColumns)).Append('\n');
        foreach (var r in rows)
        {
            text.Append(CsvText.Line(
            [
                r.ProjectId, r.ProjectName, r.Methodology, r.Province, r.Vintage.ToString(CultureInfo.InvariantCulture), r.SerialNumber,
                r.SerialStart.ToString(CultureInfo.InvariantCulture), r.SerialEnd.ToString(CultureInfo.InvariantCulture), r.Quantity.ToString(CultureInfo.InvariantCulture),
                r.Status, r.IssuanceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.StatusDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.Beneficiary, r.Purpose,
            ])).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The methodology name for a code, or the code.</summary>
    public static string MethodologyName(string code) => MethodologyCatalog.Published.Find(code)?.Data.Name ?? code;

    // A block of final credits may hold several uses (adjacent retirements by one holder merge in the book):
    // split it back into the ranges of each use.
    private static IEnumerable<(CreditUse? Use, SerialRange Range)> Pieces(VoluntaryState s, CreditBlock block)
    {
        if (!CreditBook.IsFinal(block.Status))
        {
            yield return (null, block.Range);
            yield break;
        }
        foreach (var use in s.Uses.Where(u => u.ProjectId == block.Class.ProjectId && u.Vintage == block.Class.Vintage))
        {
            foreach (var r in use.Ranges)
            {
                if (r.Intersect(block.Range) is { } part)
                    yield return (use, part);
            }
        }
    }

    private static string StatusName(ProjectStatus s) => s == ProjectStatus.PublicComment ? "public_comment" : s.ToString().ToLowerInvariant();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static bool Eq(string? wanted, string actual) => wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);

    private static bool Matches(string? text, params string?[] fields) =>
        string.IsNullOrWhiteSpace(text) || fields.Any(f => f is not null && f.Contains(text, StringComparison.OrdinalIgnoreCase));
}
