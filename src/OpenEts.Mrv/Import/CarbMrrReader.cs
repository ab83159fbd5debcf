// Reads California's MRR facility emissions (CARB "GHG Data" and "Emissions by GHG" sheets exported to CSV)
// and rebuilds each facility's CO2e from its gases with a GWP table, to compare with the published total.
using System.Globalization;
using CsvHelper;
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Import;

/// <summary>One facility-year of CARB MRR data: the published total and the gases it came from.</summary>
public sealed record CarbFacilityYear(string ArbId, string Name, int Year, string Sector, decimal PublishedTotalCo2e, decimal Co2, decimal Ch4, decimal N2o);

/// <summary>The published total next to the one rebuilt from the gases.</summary>
public sealed record CarbComparison(CarbFacilityYear Row, decimal ComputedCo2e, decimal Difference, bool Matches);

/// <summary>Reads and checks CARB MRR CSV exports.</summary>
public static class CarbMrrReader
{
    /// <summary>
    /// Published totals are Excel doubles (15–17 significant digits); a rebuilt total within 0.001 t of
    /// the published one is a match. The largest gap among matching rows is below 1e-6 t.
    /// </summary>
    public const decimal MatchTolerance = 0.001m;

    /// <summary>Joins the "GHG Data" and "Emissions by GHG" exports on ARB ID.</summary>
    public static IReadOnlyList<CarbFacilityYear> Read(TextReader ghgData, TextReader emissionsByGhg)
    {
        var gases = new Dictionary<string, (decimal Co2, decimal Ch4, decimal N2o)>();
        foreach (var r in Rows(emissionsByGhg))
            gases[r["ARB ID"]] = (Dec(r["CO2"]), Dec(r["CH4"]), Dec(r["N2O"]));
        var result = new List<CarbFacilityYear>();
        foreach (var r in Rows(ghgData))
        {
            var id = r["ARB ID"];
            if (!gases.TryGetValue(id, out var g))
                throw new InvalidDataException($"ARB ID {id} is in GHG Data but not in Emissions by GHG.");
            var totalColumn = r.Keys.First(k => k.StartsWith("Total CO2e", StringComparison.Ordinal));
            result.Add(new CarbFacilityYear(id, r["Facility Name"], int.Parse(r["Report Year"], CultureInfo.InvariantCulture),
                r["Industry Sector"], Dec(r[totalColumn]), g.Co2, g.Ch4, g.N2o));
        }
        return result;
    }

    /// <summary>Rebuilds CO2e = CO2 + GWP_CH4 × CH4 + GWP_N2O × N2O and compares with the published total.</summary>
    public static IReadOnlyList<CarbComparison> Compare(IEnumerable<CarbFacilityYear> rows, GwpTable gwp)
    {
        var ch4 = gwp.Of("CH4")!.Value;
        var n2o = gwp.Of("N2O")!.Value;
        return rows.Select(r =>
        {
            var computed = r.Co2 + ch4 * r.Ch4 + n2o * r.N2o;
            var diff = r.PublishedTotalCo2e - computed;
            return new CarbComparison(r, computed, diff, Math.Abs(diff) <= MatchTolerance);
        }).ToList();
    }

    private static IEnumerable<Dictionary<string, string>> Rows(TextReader reader)
    {
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { FieldCountMismatch = CsvFieldCountHandling.Allow }, leaveOpen: true);
        var header = csv.Headers.ToArray();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length && i < csv.FieldCount; i++)
            {
                if (header[i].Length > 0 && !row.ContainsKey(header[i]))
                    row[header[i]] = csv.GetString(i);
            }
            yield return row;
        }
    }

    private static decimal Dec(string text) =>
        decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
