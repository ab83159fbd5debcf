// Exact decimal arithmetic the plans need: whole-tonne rounding and a real power without floating point.
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Allocation;

/// <summary>Decimal helpers: rounding to whole tonnes and base^exponent computed in decimal (28 digits).</summary>
public static class DecimalMath
{
    /// <summary>Rounds a decimal quantity of tonnes to whole tonnes by the given rule.</summary>
    public static long ToWholeTonnes(decimal tonnes, RoundingRule rule) => rule switch
    {
        RoundingRule.HalfUp => (long)decimal.Round(tonnes, 0, MidpointRounding.AwayFromZero),
        RoundingRule.Floor => (long)decimal.Floor(tonnes),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    /// <summary>
    /// base^exponent for a positive base, in decimal: the integer part by repeated multiplication, the
    /// fractional part as exp(f × ln base) by series. Deterministic on every machine.
    /// </summary>
    public static decimal Pow(decimal @base, decimal exponent)
    {
        if (@base <= 0)
            throw new ArgumentOutOfRangeException(nameof(@base), "The base must be positive.");
        var whole = decimal.Truncate(exponent);
        var fraction = exponent - whole;
        var result = IntegerPow(@base, (long)whole);
        if (fraction != 0)
            result *= Exp(fraction * Ln(@base));
        return result;
    }

    private static decimal IntegerPow(decimal @base, long exponent)
    {
        var negative = exponent < 0;
        var n = negative ? -exponent : exponent;
        var result = 1m;
        var square = @base;
        while (n > 0)
        {
            if ((n & 1) == 1)
                result *= square;
            n >>= 1;
            if (n > 0)
                square *= square;
        }
        return negative ? 1m / result : result;
    }

    // ln x = 2 atanh((x − 1)/(x + 1)); converges fast for x near 1 (the plans use 1.015).
    private static decimal Ln(decimal x)
    {
        var y = (x - 1m) / (x + 1m);
        var y2 = y * y;
        var term = y;
        var sum = 0m;
        for (var k = 1; k < 200; k += 2)
        {
            var add = term / k;
            if (add == 0m)
                break;
            sum += add;
            term *= y2;
        }
        return 2m * sum;
    }

    private static decimal Exp(decimal x)
    {
        var sum = 1m;
        var term = 1m;
        for (var k = 1; k < 60; k++)
        {
            term = term * x / k;
            if (term == 0m)
                break;
            sum += term;
        }
        return sum;
    }
}
