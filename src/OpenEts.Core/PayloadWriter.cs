// The sequencer's encoder: writes a journal payload and the command's content hash in one pass,
// into one reused buffer, so the hot path serializes each command once and allocates only the result.
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenEts.Core;

/// <summary>
/// Encodes payloads {"command_id","actor","time","command",outcome} and computes the content hash
/// (SHA-256 over the actor, a zero byte and the command's JSON) from the bytes just written.
/// Not thread-safe: one per writer thread.
/// </summary>
public sealed class PayloadWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly JsonTypeInfo<Command> _command;
    private readonly JsonTypeInfo<Event> _event;

    /// <summary>A writer using the catalog's JSON options.</summary>
    public PayloadWriter(JsonSerializerOptions json)
    {
        _writer = new Utf8JsonWriter(_buffer);
        _command = (JsonTypeInfo<Command>)json.GetTypeInfo(typeof(Command));
        _event = (JsonTypeInfo<Event>)json.GetTypeInfo(typeof(Event));
    }

    /// <summary>The payload bytes and the content hash of a decided command.</summary>
    public (byte[] Payload, byte[] ContentHash) Write(CommandEnvelope envelope, Outcome outcome)
    {
        _buffer.ResetWrittenCount();
        var w = _writer;
        w.Reset(_buffer);
        w.WriteStartObject();
        w.WriteString("command_id", envelope.CommandId);
        w.WriteString("actor", envelope.Actor);
        w.WriteString("time", envelope.Time);
        w.WritePropertyName("command");
        w.Flush();
        var start = _buffer.WrittenCount;
        JsonSerializer.Serialize(w, envelope.Body, _command);
        w.Flush();
        var end = _buffer.WrittenCount;
        w.WriteBoolean("accepted", outcome.Accepted);
        if (outcome.Rejection is { } r)
        {
            w.WriteString("code", r.Code);
            w.WriteString("message", r.Message);
        }
        else
        {
            w.WritePropertyName("events");
            w.WriteStartArray();
            foreach (var e in outcome.Events)
                JsonSerializer.Serialize(w, e, _event);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.Flush();
        var written = _buffer.WrittenSpan;
        return (written.ToArray(), Payload.ContentHash(envelope.Actor, written[start..end]));
    }

    /// <summary>The content hash of a command alone: what a retry with the same id must repeat.</summary>
    public byte[] ContentHashOf(CommandEnvelope envelope)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, envelope.Body, _command);
        _writer.Flush();
        return Payload.ContentHash(envelope.Actor, _buffer.WrittenSpan);
    }
}
