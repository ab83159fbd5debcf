// Reads generating units from CSV text; every bad row is reported with its line number, nothing is guessed.
using System.Globalization;
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Allocation;

/// <summary>A problem in the input: the line it is on (1 = header) and what is wrong.</summary>
public sealed record InputError(int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line}: {Message}";
}

/// <summary>
/// Parses the unit CSV: unit_id, entity, fuel (coal/gas), category (coal_gt300 / coal_le300 /
/// coal_unconventional / gas), cooling (water/air), supplied_mwh (generated_mwh for generation-based
/// plans), supplied_heat_gj, heat_supply_ratio, load_rate (ratios as decimals).
/// </summary>
public static class UnitCsv
{
    /// <summary>Longest accepted file, in rows.</summary>
    public const int MaxRows = 200_000;

    private const int MaxIdLength = 128;

    /// <summary>The columns a plan's CSV must have.</summary>
    public static IReadOnlyList<string> Columns(PowerPlan plan) =>
        ["unit_id", "entity", "fuel", "category", "cooling", OutputColumn(plan), "supplied_heat_gj", "heat_supply_ratio", "load_rate"];

    /// <summary>supplied_mwh for supply-based plans, generated_mwh from 2023.</summary>
    public static string OutputColumn(PowerPlan plan) => plan.OutputBasis.Value == OutputBasis.Generated ? "generated_mwh" : "supplied_mwh";

    /// <summary>The units, or every error found (then no unit is returned).</summary>
    public static (IReadOnlyList<GeneratingUnit> Units, IReadOnlyList<InputError> Errors) Parse(TextReader text, PowerPlan plan)
    {
        var errors = new List<InputError>();
        var units = new List<GeneratingUnit>();
        using var rows = CsvLines.Read(text).GetEnumerator();
        if (!rows.MoveNext())
            return ([], [new InputError(1, "The file is empty; the first line must name the columns " + string.Join(",", Columns(plan)) + ".")]);
        if (rows.Current.Fields is not { } headerFields)
            return ([], [new InputError(rows.Current.Line, rows.Current.Error!)]);
        var header = headerFields.Select(h => h.Trim()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
            index.TryAdd(header[i], i);
        var missing = Columns(plan).Where(c => !index.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            var hint = plan.OutputBasis.Value == OutputBasis.Generated && index.ContainsKey("supplied_mwh")
                ? $" Plan {plan.Id} allocates on electricity generated, so the output column is generated_mwh."
                : plan.OutputBasis.Value == OutputBasis.Supplied && index.ContainsKey("generated_mwh")
                    ? $" Plan {plan.Id} allocates on electricity supplied, so the output column is supplied_mwh."
                    : "";
            return ([], [new InputError(rows.Current.Line, $"Missing column(s) {string.Join(", ", missing)}.{hint}")]);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (rows.MoveNext())
        {
            var (line, row, error) = rows.Current;
            if (units.Count + errors.Count >= MaxRows)
            {
                errors.Add(new InputError(line, $"More than {MaxRows} rows; split the file."));
                break;
            }
            if (row is null)
            {
                errors.Add(new InputError(line, error!));
                continue;
            }
            if (row.Length != header.Length)
            {
                errors.Add(new InputError(line, $"The row has {row.Length} fields; the header has {header.Length}."));
                continue;
            }
            string Field(string name) => row[index[name]].Trim();
            var unit = ParseRow(Field, plan, seen, out var why);
            if (unit is null)
                errors.Add(new InputError(line, why!));
            else
                units.Add(unit);
        }
        if (errors.Count == 0 && units.Count == 0)
            errors.Add(new InputError(2, "There are no units after the header."));
        return errors.Count > 0 ? ([], errors) : (units, []);
    }

    private static GeneratingUnit? ParseRow(Func<string, string> field, PowerPlan plan, HashSet<string> seen, out string? why)
    {
        why = null;
        var id = field("unit_id");
        var entity = field("entity");
        if (id.Length == 0 || id.Length > MaxIdLength)
            return Fail($"unit_id must be 1 to {MaxIdLength} characters.", out why);
        if (entity.Length == 0 || entity.Length > MaxIdLength)
            return Fail($"entity must be 1 to {MaxIdLength} characters.", out why);
        if (!seen.Add(id))
            return Fail($"unit_id '{id}' appears twice.", out why);
        Fuel? fuel = field("fuel") switch { "coal" => Fuel.Coal, "gas" => Fuel.Gas, _ => null };
        if (fuel is null)
            return Fail($"fuel '{field("fuel")}' is not coal or gas.", out why);
        UnitCategory? category = field("category") switch
        {
            "coal_gt300" => UnitCategory.CoalGt300,
            "coal_le300" => UnitCategory.CoalLe300,
            "coal_unconventional" => UnitCategory.CoalUnconventional,
            "gas" => UnitCategory.Gas,
            _ => null,
        };
        if (category is null)
            return Fail($"category '{field("category")}' is not coal_gt300, coal_le300, coal_unconventional or gas.", out why);
        if ((category == UnitCategory.Gas) != (fuel == Fuel.Gas))
            return Fail($"category {field("category")} does not match fuel {field("fuel")}.", out why);
        Cooling? cooling = field("cooling") switch { "water" => Cooling.Water, "air" => Cooling.Air, _ => null };
        if (cooling is null)
            return Fail($"cooling '{field("cooling")}' is not water or air.", out why);
        var outputColumn = OutputColumn(plan);
        if (!Quantity(field(outputColumn), outputColumn, out var output, out why)
            || !Quantity(field("supplied_heat_gj"), "supplied_heat_gj", out var heat, out why)
            || !Ratio(field("heat_supply_ratio"), "heat_supply_ratio", out var ratio, out why)
            || !Ratio(field("load_rate"), "load_rate", out var load, out why))
            return null;
        // A unit that supplies heat is a cogeneration unit, which takes the heat-supply factor instead of the
        // pure-condensing load factor: declaring ratio 0 beside supplied heat would earn the load bonus it does not
        // qualify for.
        if (heat > 0 && ratio == 0)
            return Fail($"supplied_heat_gj is {heat} but heat_supply_ratio is 0: a unit that supplies heat states its heat-supply ratio (a cogeneration unit takes the heat-supply factor, not the pure-condensing load factor).", out why);
        return new GeneratingUnit(id, entity, fuel.Value, category.Value, cooling.Value, output, heat, ratio, load);
    }

    private static GeneratingUnit? Fail(string message, out string why)
    {
        why = message;
        return null;
    }

    private static bool Quantity(string text, string column, out decimal value, out string? why)
    {
        why = null;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            why = $"{column} '{text}' is not a number of zero or more (plain digits, '.' for decimals).";
        else if (value > 1_000_000_000_000m)
            why = $"{column} {text} is beyond any real unit.";
        return why is null;
    }

    private static bool Ratio(string text, string column, out decimal value, out string? why)
    {
        if (!Quantity(text, column, out value, out why))
            return false;
        if (value > 1m)
            why = $"{column} {text} must be a decimal between 0 and 1 (0.78 for 78%).";
        return why is null;
    }
}
