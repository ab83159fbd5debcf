// Commands (what someone asks for) and events (what happened). Modules derive their own records.
using System.Text.Json.Serialization;

namespace OpenEts.Core;

/// <summary>The body of a request to change state. Modules derive sealed records from it.</summary>
public abstract record Command;

/// <summary>A fact that changed state. State is the fold of events; modules derive sealed records from it.</summary>
public abstract record Event;

/// <summary>
/// A command as submitted: the client-chosen <paramref name="CommandId"/> (a retry reuses it), the
/// acting identity, and the time supplied by the caller (the engine never reads a clock).
/// </summary>
public sealed record CommandEnvelope(string CommandId, string Actor, DateTimeOffset Time, Command Body)
{
    /// <summary>Longest accepted command id.</summary>
    public const int MaxCommandIdLength = 128;

    /// <summary>Longest accepted actor id.</summary>
    public const int MaxActorLength = 128;
}

/// <summary>The result of one command: accepted with the events it produced (and its journal sequence), or rejected.</summary>
public sealed record Outcome
{
    /// <summary>Journal sequence number of the entry that recorded this outcome; 0 when not journaled.</summary>
    public long Seq { get; init; }

    /// <summary>True when the command changed state.</summary>
    public bool Accepted => Rejection is null;

    /// <summary>Why the command was refused, when it was.</summary>
    public Rejection? Rejection { get; init; }

    /// <summary>The events the command produced (empty when rejected).</summary>
    public IReadOnlyList<Event> Events { get; init; } = [];

    /// <summary>True when this outcome is the stored answer to an earlier command with the same id.</summary>
    [JsonIgnore]
    public bool Replayed { get; init; }

    /// <summary>An accepted outcome.</summary>
    public static Outcome Ok(IReadOnlyList<Event> events, long seq = 0) => new() { Events = events, Seq = seq };

    /// <summary>A rejection with its code and sentence.</summary>
    public static Outcome Reject(string code, string message, long seq = 0) => new() { Rejection = new Rejection(code, message), Seq = seq };
}
