// Formatting of decimals in the working lines: invariant culture, thousands separators, no trailing zeros.
using System.Globalization;

namespace OpenEts.Mrv.Calculation;

/// <summary>Formats numbers for working lines.</summary>
public static class Num
{
    /// <summary>"1,000,000", "20.9", "0.03085".</summary>
    public static string F(decimal value) => value.ToString("#,##0.############", CultureInfo.InvariantCulture);

    /// <summary>The same value without trailing zeros (2340496.95 rather than 2340496.95000000), for JSON.</summary>
    public static decimal Normal(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>"2340496.95": no separators, for CSV.</summary>
    public static string Plain(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}
