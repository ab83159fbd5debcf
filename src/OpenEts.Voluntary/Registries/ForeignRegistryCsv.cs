// Reads the public exports of Verra and Gold Standard (as stored by CarbonPlan's OffsetsDB) into foreign
// records: parses each registry's serial format and checks that the range size equals the quantity.
using System.Globalization;
using System.Text.RegularExpressions;
using OpenEts.Registry;

namespace OpenEts.Voluntary.Registries;

/// <summary>A serial parsed from another registry: the namespace the range is unique in, the range, and which form matched.</summary>
public readonly record struct ForeignSerial(string Namespace, SerialRange Range, string Form);

/// <summary>Parsers for Verra and Gold Standard serials and CSV exports.</summary>
public static partial class ForeignRegistryCsv
{
    /// <summary>Registry name for Verra (VCS).</summary>
    public const string Verra = "verra";

    /// <summary>Registry name for Gold Standard.</summary>
    public const string GoldStandard = "gold_standard";

    /// <summary>Most rows read from one file (a limit on everything).</summary>
    public const int MaxRows = 1_000_000;

    // Verra: <batch>-<first>-<last>-VCS-VCU-<…>-VER-<country>-<scope>-<project>-<ddmmyyyy>-<ddmmyyyy>-<flag>;
    // first and last are VCU numbers unique across the whole registry.
    [GeneratedRegex(@"^(?<batch>\d+)-(?<first>\d+)-(?<last>\d+)-VCS-VCU-(?<rest>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VerraSerial();

    // Gold Standard block form: GS1-1-<country>-GS<id>-<n>-<vintage>-<batch>-<first>-<last>; numbers restart per batch.
    [GeneratedRegex(@"^(?<ns>GS\d+-\d+-[A-Z]{2}-GS\d+-\d+-\d{4}-\d+)-(?<first>\d+)-(?<last>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex GoldStandardSerial();

    // Gold Standard range form (older issuances): "RW-5-<first>-2-2-0-7014 - RW-5-<last>-2-2-0-7014".
    [GeneratedRegex(@"^(?<p1>[A-Z]+-\d+)-(?<first>\d+)-(?<s1>[\d-]+) - (?<p2>[A-Z]+-\d+)-(?<last>\d+)-(?<s2>[\d-]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex GoldStandardRangeSerial();

    /// <summary>Parses a Verra serial.</summary>
    public static ForeignSerial? ParseVerraSerial(string serial)
    {
        var m = VerraSerial().Match(serial.Trim());
        return m.Success && Range(m) is { } r ? new ForeignSerial("VCS", r, "verra") : null;
    }

    /// <summary>Parses a Gold Standard serial in either form.</summary>
    public static ForeignSerial? ParseGoldStandardSerial(string serial)
    {
        var text = serial.Trim();
        var m = GoldStandardSerial().Match(text);
        if (m.Success && Range(m) is { } r)
            return new ForeignSerial(m.Groups["ns"].Value, r, "gs_block");
        var rm = GoldStandardRangeSerial().Match(text);
        if (rm.Success && rm.Groups["p1"].Value == rm.Groups["p2"].Value && rm.Groups["s1"].Value == rm.Groups["s2"].Value && Range(rm) is { } rr)
            return new ForeignSerial(rm.Groups["p1"].Value + "|" + rm.Groups["s1"].Value, rr, "gs_range_form");
        return null;
    }

    private static SerialRange? Range(Match m) =>
        long.TryParse(m.Groups["first"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
        && long.TryParse(m.Groups["last"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? SerialRange.TryCreate(first, last)
            : null;

    /// <summary>Reads Verra's project list (ID, Name, Status, Country/Area, Methodology).</summary>
    public static IReadOnlyList<ForeignProject> ReadVerraProjects(TextReader reader)
    {
        var projects = new List<ForeignProject>();
        foreach (var row in Rows(reader))
            projects.Add(new ForeignProject(Verra, row.Get("ID"), row.Get("Name"), row.Get("Status"), row.Get("Country/Area"), row.Get("Methodology")));
        return projects;
    }

    /// <summary>Reads Verra's VCU transactions: a row with a retirement/cancellation date is kept as Retired, else Issued.</summary>
    public static ForeignImport ReadVerraTransactions(TextReader reader) => Read(reader, Verra, row =>
    {
        var retired = row.Get("Retirement/Cancellation Date");
        return (row.Get("ID"), row.Get("Name"), row.Get("Vintage Start")[..4], row.Get("Serial Number"), row.Get("Quantity Issued"),
            retired.Length > 0 ? "Retired" : "Issued", row.Get("Issuance Date"), retired, row.Get("Retirement Beneficiary"), row.Get("Retirement Reason"));
    }, ParseVerraSerial);

    /// <summary>Reads Gold Standard issuances or retirements (the same columns, plus retirement fields in the latter).</summary>
    public static ForeignImport ReadGoldStandard(TextReader reader) => Read(reader, GoldStandard, row =>
        (row.Get("GSID"), row.Get("Project Name"), row.Get("Vintage"), row.Get("Serial Number"), row.Get("Quantity"), row.Get("Credit Status"),
            row.Get("Issuance Date"), row.Find("Retirement Date"), row.Find("Using Entity"), row.Find("Use Case")),
        ParseGoldStandardSerial);

    private delegate (string ProjectId, string Name, string Vintage, string Serial, string Quantity, string Status, string Issued, string? StatusDate, string? Beneficiary, string? Purpose) RowMap(CsvRow row);

    private static ForeignImport Read(TextReader reader, string registry, RowMap map, Func<string, ForeignSerial?> parse)
    {
        var credits = new List<ForeignCredit>();
        var problems = new List<ForeignRowProblem>();
        var forms = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var n = 0;
        foreach (var row in Rows(reader))
        {
            n++;
            var f = map(row);
            var serial = parse(f.Serial);
            if (serial is not { } s)
            {
                problems.Add(new ForeignRowProblem(n, f.Serial, "serial_unreadable"));
                continue;
            }
            forms[s.Form] = forms.GetValueOrDefault(s.Form) + 1;
            if (!long.TryParse(f.Quantity, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var quantity) || quantity != s.Range.Count)
            {
                problems.Add(new ForeignRowProblem(n, f.Serial, $"serial_quantity_mismatch: range holds {s.Range.Count}, quantity says {f.Quantity}"));
                continue;
            }
            if (!int.TryParse(f.Vintage, NumberStyles.None, CultureInfo.InvariantCulture, out var vintage))
            {
                problems.Add(new ForeignRowProblem(n, f.Serial, "vintage_unreadable"));
                continue;
            }
            credits.Add(new ForeignCredit(registry, f.ProjectId, f.Name, vintage, f.Serial.Trim(), s.Namespace, s.Range, quantity, f.Status,
                f.Issued, Blank(f.StatusDate), Blank(f.Beneficiary), Blank(f.Purpose)));
        }
        return new ForeignImport(credits, [], problems) { SerialForms = forms };
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static IEnumerable<CsvRow> Rows(TextReader reader)
    {
        string[]? header = null;
        var count = 0;
        foreach (var record in CsvText.Records(reader))
        {
            if (header is null)
            {
                header = record;
                continue;
            }
            if (record.Length == 1 && record[0].Length == 0)
                continue;
            if (++count > MaxRows)
                throw new InvalidDataException($"More than {MaxRows} rows in one registry file.");
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length && i < record.Length; i++)
                values[header[i]] = record[i];
            yield return new CsvRow(values);
        }
    }

    private sealed class CsvRow(Dictionary<string, string> values)
    {
        public string Get(string column) => values.TryGetValue(column, out var v) ? v : throw new InvalidDataException($"The file has no column '{column}'.");

        public string? Find(string column) => values.GetValueOrDefault(column);
    }
}
