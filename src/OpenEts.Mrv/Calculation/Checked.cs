// A value or the rejection that explains why there is none: bad input is an outcome, not an exception.
using OpenEts.Core;

namespace OpenEts.Mrv.Calculation;

/// <summary>Either a value or a rejection with a stable code.</summary>
public readonly record struct Checked<T>(T? Value, Rejection? Error)
{
    /// <summary>True when there is a value.</summary>
    public bool Ok => Error is null;

    /// <summary>A value.</summary>
    public static Checked<T> Of(T value) => new(value, null);

    /// <summary>A rejection.</summary>
    public static Checked<T> Fail(string code, string message) => new(default, new Rejection(code, message));

    /// <summary>Converts a rejection.</summary>
    public static implicit operator Checked<T>(Rejection error) => new(default, error);
}
