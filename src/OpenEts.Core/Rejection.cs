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
}
