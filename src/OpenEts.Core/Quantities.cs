// Whole tonnes of CO2-equivalent and money in minor units (fen): the only quantities the ledger knows.
namespace OpenEts.Core;

/// <summary>A whole number of tonnes of CO2-equivalent. Never fractional; arithmetic is checked.</summary>
public readonly record struct Tonnes(long Value) : IComparable<Tonnes>
{
    /// <summary>No tonnes.</summary>
    public static readonly Tonnes Zero = new(0);

    /// <inheritdoc />
    public int CompareTo(Tonnes other) => Value.CompareTo(other.Value);

    /// <summary>Sum, throwing on overflow.</summary>
    public static Tonnes operator +(Tonnes a, Tonnes b) => new(checked(a.Value + b.Value));

    /// <summary>Difference, throwing on overflow.</summary>
    public static Tonnes operator -(Tonnes a, Tonnes b) => new(checked(a.Value - b.Value));

    /// <summary>Orders two quantities.</summary>
    public static bool operator <(Tonnes a, Tonnes b) => a.Value < b.Value;

    /// <summary>Orders two quantities.</summary>
    public static bool operator >(Tonnes a, Tonnes b) => a.Value > b.Value;

    /// <summary>Orders two quantities.</summary>
    public static bool operator <=(Tonnes a, Tonnes b) => a.Value <= b.Value;

    /// <summary>Orders two quantities.</summary>
    public static bool operator >=(Tonnes a, Tonnes b) => a.Value >= b.Value;

    /// <inheritdoc />
    public override string ToString() => $"{Value:N0} t";
}

/// <summary>An amount of money in the currency's minor unit (fen for CNY). Arithmetic is checked.</summary>
public readonly record struct Fen(long Value) : IComparable<Fen>
{
    /// <summary>No money.</summary>
    public static readonly Fen Zero = new(0);

    /// <inheritdoc />
    public int CompareTo(Fen other) => Value.CompareTo(other.Value);

    /// <summary>Sum, throwing on overflow.</summary>
    public static Fen operator +(Fen a, Fen b) => new(checked(a.Value + b.Value));

    /// <summary>Difference, throwing on overflow.</summary>
    public static Fen operator -(Fen a, Fen b) => new(checked(a.Value - b.Value));

    /// <summary>Orders two amounts.</summary>
    public static bool operator <(Fen a, Fen b) => a.Value < b.Value;

    /// <summary>Orders two amounts.</summary>
    public static bool operator >(Fen a, Fen b) => a.Value > b.Value;

    /// <summary>Orders two amounts.</summary>
    public static bool operator <=(Fen a, Fen b) => a.Value <= b.Value;

    /// <summary>Orders two amounts.</summary>
    public static bool operator >=(Fen a, Fen b) => a.Value >= b.Value;

    /// <summary>Parses a yuan amount with at most two decimals ("51.23") into fen, exactly.</summary>
    public static bool TryParseYuan(string text, out Fen fen)
    {
        fen = Zero;
        if (!decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var yuan))
            return false;
        var scaled = yuan * 100m;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue)
            return false;
        fen = new Fen((long)scaled);
        return true;
    }

    /// <summary>The amount in yuan with two decimals, invariant culture ("51.23").</summary>
    public string ToYuanString() => (Value / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => ToYuanString() + " CNY";
}
