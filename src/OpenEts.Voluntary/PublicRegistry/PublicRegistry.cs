// The public view of the voluntary registry: projects, issuances and credit blocks with their status,
// searchable, and exported as CSV in the columns large voluntary registries publish. Credit blocks are
// read from the registry's holdings (the one place serials live), annotated from the public record.
using System.Globalization;
using OpenEts.Registry;
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

    /// <summary>Projects matching the search, by id; retired tonnes are those in the registry's retirement account.</summary>
    public static IReadOnlyList<ProjectRow> Projects(VoluntaryState s, RegistryState registry, RegistrySearch q) =>
        [.. s.Projects.Values
            .Select(p => new ProjectRow(p.Id, p.Name, p.Methodology, p.Province, OwnerName(registry, p), StatusName(p.Status), p.CreditingStart, p.CreditingEnd, p.RegisteredOn,
                s.Issuances.Where(i => i.ProjectId == p.Id).Sum(i => i.QuantityT),
                ClassesOf(s, p.Id).Sum(c => RetiredT(registry, c))))
            .Where(p => Matches(q.Text, p.ProjectId, p.Name) && Eq(q.Methodology, p.Methodology) && Eq(q.Province, p.Province) && Eq(q.Status, p.Status))];

    /// <summary>The name the owner's account is registered under (not its login identity), else the account's id.</summary>
    private static string OwnerName(RegistryState registry, Project p) =>
        registry.Accounts.TryGetValue(p.OwnerAccount, out var a) && !string.IsNullOrWhiteSpace(a.HolderName) ? a.HolderName : p.OwnerAccount;

    /// <summary>
    /// Every serial range the registry holds of each issued class, split at issuance boundaries and at the
    /// boundaries of the retirements, surrenders and cancellations that put them in final accounts, with
    /// the issuance date and, when spent, the date, beneficiary and purpose.
    /// </summary>
    public static IReadOnlyList<CreditRow> Credits(VoluntaryState s, RegistryState registry, RegistrySearch q, CcerRules? rules = null)
    {
        rules ??= CcerRules.National;
        var rows = new List<CreditRow>();
        foreach (var classId in s.Issuances.Select(i => i.ClassId).Distinct())
        {
            var issuances = s.Issuances.Where(i => i.ClassId == classId).ToList();
            var project = s.Projects[issuances[0].ProjectId];
            var vintage = issuances[0].Vintage;
            var notes = Notes(s, registry, classId, rules);
            // Credits held by holders are published as one set, merged across their accounts: a range per account would
            // read out each holder's balance to anyone.
            var heldByHolders = new SerialSet();
            var byStatus = new List<(string Status, IReadOnlyList<SerialRange> Ranges)>();
            foreach (var ((accountId, _), holding) in registry.Holdings.Where(h => h.Key.Class == classId && h.Value.Serials is not null))
            {
                var status = CreditClasses.Status(registry.Accounts[accountId].Kind);
                if (status == "held")
                {
                    foreach (var r in holding.Serials!.Ranges)
                        heldByHolders.Add(r);
                }
                else
                {
                    byStatus.Add((status, holding.Serials!.Ranges));
                }
            }
            byStatus.Add(("held", heldByHolders.Ranges));
            foreach (var (status, ranges) in byStatus)
            {
                foreach (var held in ranges)
                {
                    foreach (var (note, range) in Split(held, status == "held" || status == "buffer" ? [] : notes))
                    {
                        foreach (var issuance in issuances)
                        {
                            foreach (var issued in new[] { issuance.OwnerRange, issuance.BufferRange })
                            {
                                if (issued?.Intersect(range) is not { } part)
                                    continue;
                                rows.Add(new CreditRow(project.Id, project.Name, project.Methodology, project.Province, vintage,
                                    new CcerSerial(project.Id, vintage, part).ToString(), part.Start, part.End, part.Count,
                                    status, issuance.IssuedOn, note?.On, Blank(note?.Beneficiary), Blank(note?.Purpose)));
                            }
                        }
                    }
                }
            }
        }
        return [.. rows.Where(r => Matches(q.Text, r.ProjectId, r.ProjectName, r.Beneficiary) && Eq(q.Methodology, r.Methodology)
            && Eq(q.Province, r.Province) && (q.Vintage is null || q.Vintage == r.Vintage) && Eq(q.Status, r.Status))
            .OrderBy(r => r.ProjectId, StringComparer.Ordinal).ThenBy(r => r.Vintage).ThenBy(r => r.SerialStart)];
    }

    /// <summary>
    /// Retirements, surrenders and cancellations by market date, newest last: this module's records (surrenders through the
    /// compliance cycle among them) and retirements of credits made directly with the registry's Retire, which this module
    /// did not record, each under the id <c>registry-retirement-N</c> (its place among the registry's retirements, from 1);
    /// on one date the module's records come first.
    /// </summary>
    public static IReadOnlyList<CreditUse> Uses(VoluntaryState s, RegistryState registry, RegistrySearch q, CcerRules? rules = null)
    {
        rules ??= CcerRules.National;
        var all = new List<CreditUse>(s.Uses);
        var issued = s.Issuances.Select(i => i.ClassId).ToHashSet(StringComparer.Ordinal);
        // The first serial of every range this module recorded, by project and vintage: a retirement it recorded moved those
        // very ranges (a use takes its serials whole from the registry's move), so one lookup per range tells them apart.
        var recorded = s.Uses.SelectMany(u => u.Ranges.Select(x => (u.ProjectId, u.Vintage, x.Start))).ToHashSet();
        for (var n = 0; n < registry.Retirements.Count; n++)
        {
            var r = registry.Retirements[n];
            if (r.Serials is not { Count: > 0 } serials || !issued.Contains(r.ClassId) || !registry.Classes.TryGetValue(r.ClassId, out var cls) || cls.ProjectId is null)
                continue;
            if (serials.Any(x => recorded.Contains((cls.ProjectId, cls.Vintage, x.Start))))
                continue;
            all.Add(new CreditUse($"{CreditUse.RegistryPrefix}{n + 1}", CreditUseKind.Retirement, r.AccountId, cls.ProjectId, cls.Vintage, serials, r.Quantity,
                r.Beneficiary, r.Purpose, rules.MarketDate(r.Time)));
        }
        return [.. all.OrderBy(u => u.On).Where(u => Matches(q.Text, u.ProjectId, u.Beneficiary, u.UseId) && (q.Vintage is null || q.Vintage == u.Vintage))];
    }

    /// <summary>Issuances matching the search (text in the project id or issuance id), in order.</summary>
    public static IReadOnlyList<IssuanceRecord> Issuances(VoluntaryState s, RegistrySearch q) =>
        [.. s.Issuances.Where(i => Matches(q.Text, i.ProjectId, i.IssuanceId) && (q.Vintage is null || q.Vintage == i.Vintage))];

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

    private sealed record Note(DateOnly On, string? Beneficiary, string? Purpose);

    private static IEnumerable<string> ClassesOf(VoluntaryState s, string projectId) =>
        s.Issuances.Where(i => i.ProjectId == projectId).Select(i => i.ClassId).Distinct();

    private static long RetiredT(RegistryState registry, string classId) =>
        registry.Classes.TryGetValue(classId, out var cls) && cls.MarketId is { } market
            ? registry.HoldingOf(AccountKinds.SystemAccountId(market, AccountKind.Retirement), classId)?.Held ?? 0
            : 0;

    // What the public record says about spent serials: this module's uses first, then retirements made
    // directly in the registry (which carry their own beneficiary and purpose). Disjoint by construction.
    private static List<(SerialRange Range, Note Note)> Notes(VoluntaryState s, RegistryState registry, string classId, CcerRules rules)
    {
        var notes = new List<(SerialRange, Note)>();
        var vintage = s.Issuances.First(i => i.ClassId == classId);
        foreach (var use in s.Uses.Where(u => u.ProjectId == vintage.ProjectId && u.Vintage == vintage.Vintage))
            notes.AddRange(use.Ranges.Select(r => (r, new Note(use.On, use.Beneficiary, use.Purpose))));
        var fromUses = notes.Select(n => n.Item1).ToList();
        foreach (var r in registry.Retirements.Where(r => r.ClassId == classId && r.Serials is not null))
        {
            foreach (var range in r.Serials!.Where(x => !fromUses.Any(u => u.Overlaps(x))))
                notes.Add((range, new Note(rules.MarketDate(r.Time), r.Beneficiary, r.Purpose)));
        }
        return notes;
    }

    // Cuts a held range at the edges of the notes that touch it; parts no note covers come without one.
    private static IEnumerable<(Note? Note, SerialRange Range)> Split(SerialRange held, List<(SerialRange Range, Note Note)> notes)
    {
        var next = held.Start;
        foreach (var (range, note) in notes.Where(n => n.Range.Overlaps(held)).OrderBy(n => n.Range.Start))
        {
            var part = range.Intersect(held)!.Value;
            if (part.Start > next)
                yield return (null, new SerialRange(next, part.Start - 1));
            yield return (note, part);
            next = part.End + 1;
        }
        if (next <= held.End)
            yield return (null, new SerialRange(next, held.End));
    }

    private static string StatusName(ProjectStatus s) => s == ProjectStatus.PublicComment ? "public_comment" : s.ToString().ToLowerInvariant();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static bool Eq(string? wanted, string actual) => wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);

    private static bool Matches(string? text, params string?[] fields) =>
        string.IsNullOrWhiteSpace(text) || fields.Any(f => f is not null && f.Contains(text, StringComparison.OrdinalIgnoreCase));
}
