// Reads rows from CSV (CsvHelper) or JSON (an array of objects) into typed records, all or nothing:
// every bad row is reported with its line (CSV) or item number (JSON), and then nothing is returned.
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using OpenEts.Core;
using OpenEts.Mrv.Calculation;

namespace OpenEts.Mrv.Import;

/// <summary>One row, its fields by column name, and where it is in the file.</summary>
public sealed class TabularRow(string where, IReadOnlyDictionary<string, string?> fields)
{
    /// <summary>"line 7" (CSV) or "item 3" (JSON).</summary>
    public string Where { get; } = where;

    /// <summary>The field's text, or null when absent or empty.</summary>
    public string? Text(string column) =>
        fields.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) && v != "null" ? v.Trim() : null;

    /// <summary>A required text field.</summary>
    public string Required(string column, List<string> errors)
    {
        var v = Text(column);
        if (v is null)
            errors.Add($"{column} is empty");
        return v ?? "";
    }

    /// <summary>An optional decimal; an unreadable number is an error.</summary>
    public decimal? Decimal(string column, List<string> errors)
    {
        var v = Text(column);
        if (v is null)
            return null;
        if (decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        errors.Add($"{column} \"{v}\" is not a number");
        return null;
    }

    /// <summary>An optional whole number; an unreadable one is an error.</summary>
    public long? Long(string column, List<string> errors)
    {
        var v = Text(column);
        if (v is null)
            return null;
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return n;
        errors.Add($"{column} \"{v}\" is not a whole number");
        return null;
    }

    /// <summary>An optional ISO date (yyyy-MM-dd).</summary>
    public DateOnly? Date(string column, List<string> errors)
    {
        var v = Text(column);
        if (v is null)
            return null;
        if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d;
        errors.Add($"{column} \"{v}\" is not a date (yyyy-MM-dd)");
        return null;
    }
}

/// <summary>All-or-nothing reading of CSV and JSON files.</summary>
public static class TabularFile
{
    /// <summary>Most rows read from one file.</summary>
    public const int MaxRows = 1_000_000;

    /// <summary>Most bad rows listed in one rejection.</summary>
    public const int MaxErrorsListed = 20;

    /// <summary>
    /// Maps every row with <paramref name="map"/> (which adds error sentences to the list it is given).
    /// Any error: a bad_row rejection naming each bad row, and no records.
    /// </summary>
    public static Checked<IReadOnlyList<T>> Read<T>(string text, bool json, IReadOnlyList<string> requiredColumns, Func<TabularRow, List<string>, T> map)
    {
        var rows = json ? JsonRows(text) : CsvRows(text, requiredColumns);
        if (!rows.Ok)
            return rows.Error!;
        var result = new List<T>();
        var bad = new List<string>();
        foreach (var row in rows.Value!)
        {
            var errors = new List<string>();
            var record = map(row, errors);
            if (errors.Count > 0)
                bad.Add($"{row.Where}: {string.Join("; ", errors)}");
            else
                result.Add(record);
        }
        if (bad.Count > 0)
        {
            var listed = string.Join(". ", bad.Take(MaxErrorsListed)) + (bad.Count > MaxErrorsListed ? $". (and {bad.Count - MaxErrorsListed} more)" : "");
            return new Rejection("bad_row", $"{bad.Count} bad row(s), nothing imported. {listed}.");
        }
        return Checked<IReadOnlyList<T>>.Of(result);
    }

    private static Checked<List<TabularRow>> CsvRows(string text, IReadOnlyList<string> requiredColumns)
    {
        try
        {
            using var csv = CsvReader.FromText(text, new CsvReaderOptions { TrackLineNumbers = true, FieldCountMismatch = CsvFieldCountHandling.Allow });
            var header = csv.Headers.Select(h => h.Trim()).ToArray();
            var missing = requiredColumns.Where(c => !header.Contains(c)).ToList();
            if (missing.Count > 0)
                return Checked<List<TabularRow>>.Fail("bad_row", $"line 1: the header lacks column(s) {string.Join(", ", missing)}; nothing imported.");
            var rows = new List<TabularRow>();
            while (csv.Read())
            {
                if (rows.Count >= MaxRows)
                    return Checked<List<TabularRow>>.Fail("too_many_rows", $"The file has more than {MaxRows:N0} rows.");
                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < header.Length; i++)
                    fields[header[i]] = i < csv.FieldCount ? csv.GetString(i) : null;
                var where = $"line {csv.LineNumber}";
                if (csv.FieldCount != header.Length)
                    fields["__field_count"] = $"{where} has {csv.FieldCount} fields, the header {header.Length}";
                rows.Add(new TabularRow(where, fields));
            }
            return Checked<List<TabularRow>>.Of(rows);
        }
        catch (CsvFormatException ex)
        {
            return Checked<List<TabularRow>>.Fail("bad_row", $"line {ex.LineNumber}: malformed CSV ({ex.Message}); nothing imported.");
        }
    }

    private static Checked<List<TabularRow>> JsonRows(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                return Checked<List<TabularRow>>.Fail("malformed_json", "The JSON file must hold an array of objects.");
            var rows = new List<TabularRow>();
            var n = 0;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                n++;
                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                if (item.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in item.EnumerateObject())
                    {
                        fields[p.Name] = p.Value.ValueKind switch
                        {
                            JsonValueKind.String => p.Value.GetString(),
                            JsonValueKind.Null => null,
                            _ => p.Value.GetRawText(),
                        };
                    }
                }
                else
                    fields["__field_count"] = $"item {n} is not an object";
                rows.Add(new TabularRow($"item {n}", fields));
            }
            return Checked<List<TabularRow>>.Of(rows);
        }
        catch (JsonException ex)
        {
            return Checked<List<TabularRow>>.Fail("malformed_json", $"The JSON is malformed (line {ex.LineNumber + 1}): {ex.Message}");
        }
    }

    /// <summary>Adds the row-shape error (wrong number of CSV fields) if there is one.</summary>
    public static void CheckShape(TabularRow row, List<string> errors)
    {
        if (row.Text("__field_count") is { } shape)
            errors.Add(shape);
    }
}
