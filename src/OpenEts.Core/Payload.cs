// The journal payload of one entry: the command as submitted and its outcome, as JSON.
using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpenEts.Core;

/// <summary>
/// Encodes and decodes journal payloads: {"actor","time","command",{outcome}}, the outcome being "events" or "code" and
/// "message". The command id and whether it was accepted are the entry's columns; entries written before this format also
/// carry them as "command_id" and "accepted", which readers ignore.
/// </summary>
public static class Payload
{
    /// <summary>The command body as JSON bytes (with its type name).</summary>
    public static byte[] EncodeCommand(Command body, JsonSerializerOptions json) => JsonSerializer.SerializeToUtf8Bytes(body, json);

    /// <summary>SHA-256 over the actor and the command body: what a retry must repeat exactly.</summary>
    public static byte[] ContentHash(string actor, ReadOnlySpan<byte> commandJson)
    {
        var length = Encoding.UTF8.GetMaxByteCount(actor.Length) + 1;
        byte[]? rented = null;
        var prefix = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var n = Encoding.UTF8.GetBytes(actor, prefix);
            prefix[n++] = 0;
            return HashParts.Sha256(prefix[..n], commandJson);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The payload for a decided command (one call; the engine reuses a <see cref="PayloadWriter"/>).</summary>
    public static byte[] Encode(CommandEnvelope envelope, Outcome outcome, JsonSerializerOptions json) =>
        new PayloadWriter(json).Write(envelope, outcome).Payload;

    /// <summary>The envelope and outcome a payload records.</summary>
    public static (CommandEnvelope Envelope, Outcome Outcome) Decode(JournalEntry entry, JsonSerializerOptions json)
    {
        using var doc = JsonDocument.Parse(entry.Payload);
        var root = doc.RootElement;
        var body = root.GetProperty("command").Deserialize<Command>(json)
            ?? throw new JsonException($"Entry {entry.Seq} has no command.");
        var envelope = new CommandEnvelope(entry.CommandId, root.GetProperty("actor").GetString()!, root.GetProperty("time").GetDateTimeOffset(), body);
        Outcome outcome;
        if (entry.Accepted)
        {
            var events = new List<Event>();
            foreach (var e in root.GetProperty("events").EnumerateArray())
                events.Add(e.Deserialize<Event>(json) ?? throw new JsonException($"Entry {entry.Seq} has an empty event."));
            outcome = Outcome.Ok(events, entry.Seq);
        }
        else
        {
            outcome = Outcome.Reject(root.GetProperty("code").GetString()!, root.GetProperty("message").GetString()!, entry.Seq);
        }
        return (envelope, outcome);
    }

    /// <summary>Only the events of an accepted entry (the replay path).</summary>
    public static void ApplyEvents(JournalEntry entry, World world, JsonSerializerOptions json)
    {
        if (!entry.Accepted)
            return;
        var reader = new Utf8JsonReader(entry.Payload.Span);
        using var doc = JsonDocument.ParseValue(ref reader);
        foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
            world.Apply(e.Deserialize<Event>(json) ?? throw new JsonException($"Entry {entry.Seq} has an empty event."));
    }
}
