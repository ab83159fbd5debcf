// A rejected command is an expected outcome: a stable code and a sentence a person understands.
namespace OpenEts.Core;

/// <summary>Why a command was refused. <see cref="Code"/> is stable (snake_case) and safe to branch on.</summary>
public sealed record Rejection(string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Thrown only when a broken invariant is found: a bug, never a user error.</summary>
public sealed class InvariantViolationException(string message) : Exception(message);

/// <summary>Asserts invariants in code (TigerBeetle style): a failure is a bug and stops the engine.</summary>
public static class Invariant
{
    /// <summary>Throws <see cref="InvariantViolationException"/> when <paramref name="condition"/> is false.</summary>
    public static void Assert(bool condition, string what)
    {
        if (!condition)
            throw new InvariantViolationException(what);
    }

    /// <summary>
    /// The same with a message built only when the invariant is broken: an interpolated message costs nothing on
    /// the hot path, where the assertion holds.
    /// </summary>
    public static void Assert(bool condition, [System.Runtime.CompilerServices.InterpolatedStringHandlerArgument(nameof(condition))] ref Message what)
    {
        if (!condition)
            throw new InvariantViolationException(what.ToStringAndClear());
    }

    /// <summary>An assertion's message, formatted only when its condition is false.</summary>
    [System.Runtime.CompilerServices.InterpolatedStringHandler]
    public ref struct Message
    {
        private System.Runtime.CompilerServices.DefaultInterpolatedStringHandler _text;

        /// <summary>Called by the compiler: formats nothing when <paramref name="condition"/> holds.</summary>
        public Message(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
        {
            shouldAppend = !condition;
            _text = shouldAppend ? new System.Runtime.CompilerServices.DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        }

        /// <summary>Appends literal text.</summary>
        public void AppendLiteral(string value) => _text.AppendLiteral(value);

        /// <summary>Appends a value.</summary>
        public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

        /// <summary>Appends a value with a format.</summary>
        public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

        /// <summary>The message.</summary>
        public string ToStringAndClear() => _text.ToStringAndClear();
    }
}
