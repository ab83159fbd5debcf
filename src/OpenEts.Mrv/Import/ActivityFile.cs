// Activity data as flat rows (CSV or JSON), one source per row, grouped into facility-year calculator inputs;
// and monthly deposit files. All or nothing: a bad row is reported with its line, and nothing is read.
using OpenEts.Core;
using OpenEts.Mrv.Calculation;

namespace OpenEts.Mrv.Import;

/// <summary>One monthly deposit row.</summary>
public sealed record DepositRow(string FacilityId, int Year, int Month, decimal Tco2e, DateOnly DepositedOn);

/// <summary>Reads activity-line files and deposit files.</summary>
public static class ActivityFile
{
    /// <summary>Required columns of an activity file.</summary>
    public static readonly IReadOnlyList<string> Columns = ["facility_id", "sector", "year", "kind", "item", "quantity"];

    /// <summary>All columns of an activity file, in order (export writes them so).</summary>
    public static readonly IReadOnlyList<string> AllColumns = ["facility_id", "sector", "year", "gwp", "region", "kind", "item", "quantity", "unit", "ncv_gj_per_unit", "carbon_content_tc_per_gj", "oxidation", "factor_tco2_per_t", "anode_effect_minutes_per_cell_day"];

    /// <summary>Required columns of a deposit file.</summary>
    public static readonly IReadOnlyList<string> DepositColumns = ["facility_id", "year", "month", "tco2e", "deposited_on"];

    private static readonly string[] Kinds = ["fuel", "electricity", "heat", "process", "gas"];

    private sealed record Line(string Where, string FacilityId, string Sector, int Year, string? Gwp, string? Region, string Kind, string Item, decimal Quantity,
        string? Unit, decimal? Ncv, decimal? Cc, decimal? Of, decimal? Factor, decimal? Aem);

    /// <summary>Facility-year inputs, in file order of first appearance.</summary>
    public static Checked<IReadOnlyList<FacilityYearInput>> Read(string text, bool json)
    {
        var lines = TabularFile.Read(text, json, Columns, (row, errors) =>
        {
            TabularFile.CheckShape(row, errors);
            var kind = row.Required("kind", errors);
            if (kind.Length > 0 && !Kinds.Contains(kind))
                errors.Add($"kind \"{kind}\" is not one of {string.Join(", ", Kinds)}");
            var year = row.Long("year", errors);
            if (year is null or < 2005 or > 2100 && !errors.Any(e => e.StartsWith("year", StringComparison.Ordinal)))
                errors.Add(year is null ? "year is empty" : $"year {year} is outside 2005–2100");
            var quantity = row.Decimal("quantity", errors);
            if (quantity is null && !errors.Any(e => e.StartsWith("quantity", StringComparison.Ordinal)))
                errors.Add("quantity is empty");
            if (quantity < 0)
                errors.Add($"quantity {quantity} is negative");
            return new Line(row.Where, row.Required("facility_id", errors), row.Required("sector", errors), (int)(year ?? 0), row.Text("gwp"), row.Text("region"),
                kind, row.Text("item") ?? "", quantity ?? 0, row.Text("unit"), row.Decimal("ncv_gj_per_unit", errors), row.Decimal("carbon_content_tc_per_gj", errors),
                row.Decimal("oxidation", errors), row.Decimal("factor_tco2_per_t", errors), row.Decimal("anode_effect_minutes_per_cell_day", errors));
        });
        if (!lines.Ok)
            return lines.Error!;
        var result = new List<FacilityYearInput>();
        foreach (var g in lines.Value!.GroupBy(l => (l.FacilityId, l.Year)))
        {
            var first = g.First();
            if (g.FirstOrDefault(l => l.Sector != first.Sector || l.Gwp != first.Gwp || l.Region != first.Region) is { } clash)
                return new Rejection("bad_row", $"{clash.Where}: sector, gwp and region must be the same on every row of {first.FacilityId} {first.Year} (as on {first.Where}); nothing imported.");
            if (g.Count(l => l.Kind == "electricity") > 1 || g.Count(l => l.Kind == "heat") > 1)
                return new Rejection("bad_row", $"{g.Last().Where}: {first.FacilityId} {first.Year} has more than one electricity or heat row; nothing imported.");
            result.Add(new FacilityYearInput
            {
                FacilityId = first.FacilityId,
                Sector = first.Sector,
                Year = first.Year,
                Gwp = first.Gwp,
                Region = first.Region,
                Fuels = g.Where(l => l.Kind == "fuel").Select(l => new FuelInput { Fuel = l.Item, Consumption = l.Quantity, Unit = l.Unit, NcvGjPerUnit = l.Ncv, CarbonContentTcPerGj = l.Cc, Oxidation = l.Of }).ToList(),
                PurchasedElectricityMwh = g.FirstOrDefault(l => l.Kind == "electricity")?.Quantity,
                PurchasedHeatGj = g.FirstOrDefault(l => l.Kind == "heat")?.Quantity,
                Process = g.Where(l => l.Kind == "process").Select(l => new ProcessInput { Process = l.Item, QuantityT = l.Quantity, FactorTco2PerT = l.Factor, AnodeEffectMinutesPerCellDay = l.Aem }).ToList(),
                OtherGases = g.Where(l => l.Kind == "gas").Select(l => new GasInput { Gas = l.Item, Tonnes = l.Quantity }).ToList(),
            });
        }
        return Checked<IReadOnlyList<FacilityYearInput>>.Of(result);
    }

    /// <summary>Monthly deposit rows.</summary>
    public static Checked<IReadOnlyList<DepositRow>> ReadDeposits(string text, bool json) =>
        TabularFile.Read(text, json, DepositColumns, (row, errors) =>
        {
            TabularFile.CheckShape(row, errors);
            var year = row.Long("year", errors);
            var month = row.Long("month", errors);
            var t = row.Decimal("tco2e", errors);
            var on = row.Date("deposited_on", errors);
            if (month is not (>= 1 and <= 12) && !errors.Any(e => e.StartsWith("month", StringComparison.Ordinal)))
                errors.Add($"month {month?.ToString() ?? "(empty)"} is not 1–12");
            if (year is not (>= 2005 and <= 2100) && !errors.Any(e => e.StartsWith("year", StringComparison.Ordinal)))
                errors.Add($"year {year?.ToString() ?? "(empty)"} is outside 2005–2100");
            if (t is null && !errors.Any(e => e.StartsWith("tco2e", StringComparison.Ordinal)))
                errors.Add("tco2e is empty");
            if (t < 0)
                errors.Add($"tco2e {t} is negative");
            if (on is null && !errors.Any(e => e.StartsWith("deposited_on", StringComparison.Ordinal)))
                errors.Add("deposited_on is empty");
            return new DepositRow(row.Required("facility_id", errors), (int)(year ?? 0), (int)(month ?? 0), t ?? 0, on ?? default);
        });
}
