// Times typed by people (order files, --at): ISO 8601 only, so no culture's month-first reading slips in. A time that
// names no offset is the market's local time; one that does (Z, +08:00, -0100, +08) is converted to it.
using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenEts.Core;

/// <summary>Reads an ISO 8601 date and time as a market time.</summary>
public static partial class IsoTime
{
    /// <summary>The form accepted, for messages.</summary>
    public const string Form = "YYYY-MM-DDTHH:MM[:SS[.fff]] with an optional offset (Z, +08:00, -0100)";

    /// <summary>
    /// Reads <paramref name="text"/> (date, 'T' or a space, hours and minutes, optional seconds and fraction, optional offset).
    /// Without an offset the time is taken as market time at <paramref name="marketOffset"/>; with one it is converted to
    /// that offset. False for anything else, a month 13, an hour 24 or an offset beyond ±14:00 included.
    /// </summary>
    public static bool TryParse(string? text, TimeSpan marketOffset, out DateTimeOffset time)
    {
        time = default;
        var m = text is null ? null : Pattern().Match(text);
        if (m is null || !m.Success
            || !DateOnly.TryParseExact(m.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return false;
        int hour = Int(m, "h"), minute = Int(m, "m"), second = Int(m, "s");
        if (hour > 23 || minute > 59 || second > 59)
            return false;
        var fraction = m.Groups["f"].Success ? long.Parse(m.Groups["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture) : 0;
        var local = date.ToDateTime(new TimeOnly(hour, minute, second)).AddTicks(fraction);
        if (!m.Groups["z"].Success)
        {
            time = new DateTimeOffset(local, marketOffset);
            return true;
        }
        var offset = TimeSpan.Zero;
        if (m.Groups["oh"].Success)
        {
            int oh = Int(m, "oh"), om = Int(m, "om");
            if (oh > 14 || om > 59 || (oh == 14 && om > 0))
                return false;
            offset = new TimeSpan(oh, om, 0) * (m.Groups["sign"].Value == "-" ? -1 : 1);
        }
        time = new DateTimeOffset(local, offset).ToOffset(marketOffset);
        return true;
    }

    private static int Int(Match m, string group) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?<h>[0-9]{2}):(?<m>[0-9]{2})(?::(?<s>[0-9]{2})(?:\.(?<f>[0-9]{1,7}))?)?(?<z>Z|(?<sign>[+-])(?<oh>[0-9]{2})(?::?(?<om>[0-9]{2}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
