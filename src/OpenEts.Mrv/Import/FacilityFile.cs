// Facility emissions files for coverage decisions: CSV or JSON with one facility-year per row.
using OpenEts.Mrv.Calculation;
using OpenEts.Mrv.Coverage;
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Import;

/// <summary>Reads facility-year files: entity_id, entity_name, facility_id, facility_name, sector, province, year, emissions_tco2e.</summary>
public static class FacilityFile
{
    /// <summary>The columns, in order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["entity_id", "entity_name", "facility_id", "facility_name", "sector", "province", "year", "emissions_tco2e"];

    /// <summary>All rows or a bad_row rejection; sectors must be in the rulebook.</summary>
    public static Checked<IReadOnlyList<FacilityYear>> Read(string text, bool json, MrvRulebook rules) =>
        TabularFile.Read(text, json, Columns, (row, errors) =>
        {
            TabularFile.CheckShape(row, errors);
            var sector = row.Required("sector", errors);
            if (sector.Length > 0 && rules.Coverage.Sectors.All(s => s.Sector != sector))
                errors.Add($"sector \"{sector}\" is not in the rulebook");
            var year = row.Long("year", errors);
            if (year is null && errors.All(e => !e.StartsWith("year", StringComparison.Ordinal)))
                errors.Add("year is empty");
            var emissions = row.Long("emissions_tco2e", errors);
            if (emissions is null && errors.All(e => !e.StartsWith("emissions_tco2e", StringComparison.Ordinal)))
                errors.Add("emissions_tco2e is empty");
            if (emissions < 0)
                errors.Add($"emissions_tco2e {emissions} is negative");
            return new FacilityYear(row.Required("entity_id", errors), row.Text("entity_name") ?? "", row.Required("facility_id", errors),
                row.Text("facility_name") ?? "", sector, row.Text("province") ?? "", (int)(year ?? 0), emissions ?? 0);
        });
}
