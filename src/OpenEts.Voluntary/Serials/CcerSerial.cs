// The CCER serial string: registry, project, vintage and range in one line a person can read.
// Format: CCER-<project id>-<vintage year>-<first>-<last>, e.g. CCER-P0001-2024-1-1000.
// Numbers restart at 1 for each project and vintage, so the prefix makes every serial unique.
using System.Globalization;
using System.Text.RegularExpressions;
using OpenEts.Registry;

namespace OpenEts.Voluntary.Serials;

/// <summary>A block of CCER credits named by its serial string.</summary>
public readonly partial record struct CcerSerial(string ProjectId, int Vintage, SerialRange Range)
{
    /// <summary>The registry prefix every CCER serial starts with.</summary>
    public const string Prefix = "CCER";

    /// <summary>The serial string: CCER-&lt;project&gt;-&lt;vintage&gt;-&lt;first&gt;-&lt;last&gt;.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{ProjectId}-{Vintage}-{Range.Start}-{Range.End}");

    /// <summary>Reads a serial string; null when it is not one.</summary>
    public static CcerSerial? TryParse(string text)
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success)
            return null;
        if (!long.TryParse(m.Groups["first"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(m.Groups["last"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var last))
            return null;
        return SerialRange.TryCreate(first, last) is { } range
            ? new CcerSerial(m.Groups["project"].Value, int.Parse(m.Groups["vintage"].Value, CultureInfo.InvariantCulture), range)
            : null;
    }

    [GeneratedRegex(@"^CCER-(?<project>[A-Z0-9]{1,20})-(?<vintage>\d{4})-(?<first>\d{1,19})-(?<last>\d{1,19})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
