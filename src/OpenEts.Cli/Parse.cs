// Parsing of option values with clear errors (exit 2), and the common output of a done command.
using System.Globalization;
using OpenEts.Core;
using Spectre.Console;

namespace OpenEts.Cli;

/// <summary>Option parsing that fails with a sentence naming the option.</summary>
public static class Parse
{
    /// <summary>A required option.</summary>
    public static string Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw CliException.BadInput($"{option} is required.", "missing_option") : value;

    /// <summary>A whole number.</summary>
    public static long Long(string? value, string option)
    {
        var text = Required(value, option).Replace("_", "", StringComparison.Ordinal);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw CliException.BadInput($"{option} must be a whole number within ±9,223,372,036,854,775,807; '{value}' is not.", "bad_number");
    }

    /// <summary>A yuan amount with at most two decimals, as fen.</summary>
    public static Fen Yuan(string? value, string option) =>
        Fen.TryParseYuan(Required(value, option), out var fen)
            ? fen
            : throw CliException.BadInput($"{option} must be an amount in yuan with at most two decimals; '{value}' is not.", "bad_amount");

    /// <summary>
    /// The time a command carries: now when absent; a market date (2026-03-19) means 10:00 Beijing time that day;
    /// otherwise an ISO 8601 time, in Beijing time (the markets' time) when it carries no offset.
    /// </summary>
    public static DateTimeOffset Time(string? at, string option)
    {
        if (at is null)
            return DateTimeOffset.UtcNow;
        if (DateOnly.TryParseExact(at, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        if (OpenEts.Core.IsoTime.TryParse(at, TimeSpan.FromHours(8), out var time))
            return time;
        throw CliException.BadInput($"{option} '{at}' is neither a date (2026-03-19) nor an ISO 8601 time ({OpenEts.Core.IsoTime.Form}; Beijing time without an offset).", "bad_time");
    }

    /// <summary>An enum value written in snake_case ("covered_entity").</summary>
    public static T Enum<T>(string value, string option) where T : struct, System.Enum
    {
        var names = System.Enum.GetValues<T>().ToDictionary(v => Snake(v.ToString()), v => v, StringComparer.OrdinalIgnoreCase);
        return names.TryGetValue(value, out var parsed)
            ? parsed
            : throw CliException.BadInput($"{option} must be one of {string.Join(", ", names.Keys)}; '{value}' is not.", "bad_option");
    }

    /// <summary>PascalCase to snake_case.</summary>
    public static string Snake(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}

/// <summary>The output of a command that changed state.</summary>
public static class Output
{
    /// <summary>Prints the outcome: JSON with --json (plus the <paramref name="extra"/> fields), else one line.</summary>
    public static void Done(Outcome outcome, string what, IReadOnlyDictionary<string, object?>? extra = null)
    {
        if (GlobalOptions.Current.Json)
        {
            var body = new Dictionary<string, object?>
            {
                ["accepted"] = true,
                ["seq"] = outcome.Seq,
                ["replayed"] = outcome.Replayed,
                ["events"] = outcome.Events.Select(e => e.GetType().Name).ToList(),
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
                body[key] = value;
            JsonOut.Write(body);
            return;
        }
        var again = outcome.Replayed ? " (a retry: the first outcome, nothing changed)" : "";
        AnsiConsole.MarkupLineInterpolated($"[green]done[/] {what} — journal entry {outcome.Seq}{again}");
    }
}
