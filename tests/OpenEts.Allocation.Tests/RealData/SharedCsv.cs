// Reads the shared public data files (never copied into the repository) as rows keyed by header.
using OpenEts.Allocation.Allocation;
using OpenEts.Core;

namespace OpenEts.Allocation.Tests.RealData;

internal static class SharedCsv
{
    public static string PathOf(params string[] parts) => Path.Combine([RepoPaths.SharedData(), .. parts]);

    /// <summary>Header and rows of a CSV file in the shared data folder.</summary>
    public static (string[] Header, List<string[]> Rows) Read(params string[] parts)
    {
        using var reader = new StreamReader(PathOf(parts));
        string[]? header = null;
        var rows = new List<string[]>();
        foreach (var (_, fields, error) in CsvLines.Read(reader))
        {
            Assert.Null(error);
            if (header is null)
                header = fields!;
            else
                rows.Add(fields!);
        }
        return (header!, rows);
    }

    public static long? Long(string text) => long.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
}
