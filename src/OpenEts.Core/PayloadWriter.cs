// The sequencer's encoder: writes a journal payload and the command's content hash in one pass,
// into one reused buffer, so the hot path serializes each command once and allocates only the result.
//
// Commands and events are written as their concrete type, with the "$type" discriminator put in front
// by hand: the same bytes System.Text.Json writes through the polymorphic base type (discriminator
// first, then the properties), at a fraction of the cost — polymorphic dispatch looks up the derived
// contract and allocates on every call. A test compares both encodings for every type a demo market uses.
// Built from a catalog, it also uses the modules' hand-written encoders for their hottest types (a transfer, an
// order): those skip the serializer's metadata altogether; each module's tests hold them to the serializer's bytes.
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenEts.Core;

/// <summary>
/// Encodes payloads {"actor","time","command",outcome} and computes the content hash
/// (SHA-256 over the actor, a zero byte and the command's JSON) from the bytes just written.
/// Not thread-safe: one per writer thread.
/// </summary>
public sealed class PayloadWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly ArrayBufferWriter<byte> _value = new(1024);
    private readonly ArrayBufferWriter<byte> _tagged = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly Utf8JsonWriter _valueWriter;
    private readonly JsonSerializerOptions _json;
    private readonly IReadOnlyDictionary<Type, PropertyWriter<object>> _writers;
    private readonly Dictionary<Type, Contract> _contracts = [];

    /// <summary>A writer using JSON options alone (System.Text.Json for every type): the reference encoding.</summary>
    public PayloadWriter(JsonSerializerOptions json)
        : this(json, new Dictionary<Type, PropertyWriter<object>>())
    {
    }

    /// <summary>A writer using the catalog's JSON options and its modules' hand-written encoders.</summary>
    public PayloadWriter(ModuleCatalog catalog)
        : this(catalog.Json, catalog.Writers)
    {
    }

    private PayloadWriter(JsonSerializerOptions json, IReadOnlyDictionary<Type, PropertyWriter<object>> writers)
    {
        _json = json;
        _writers = writers;
        _writer = new Utf8JsonWriter(_buffer);
        _valueWriter = new Utf8JsonWriter(_value);
    }

    /// <summary>The payload bytes and the content hash of a decided command.</summary>
    public (byte[] Payload, byte[] ContentHash) Write(CommandEnvelope envelope, Outcome outcome)
    {
        var payload = WritePayload(envelope, outcome, out var command);
        return (payload, Payload.ContentHash(envelope.Actor, payload.AsSpan(command)));
    }

    /// <summary>
    /// The payload bytes of a decided command, and where in them the command's JSON lies: what the content hash
    /// covers (with the actor), for whoever computes it later.
    /// </summary>
    public byte[] WritePayload(CommandEnvelope envelope, Outcome outcome, out Range command) =>
        Encode(envelope, outcome, out command).ToArray();

    /// <summary>
    /// The payload bytes of a decided command, copied into <paramref name="arena"/> (valid until it is cleared), and where
    /// in them the command's JSON lies: the engine's path, with no array per payload.
    /// </summary>
    public ReadOnlyMemory<byte> WritePayload(CommandEnvelope envelope, Outcome outcome, out Range command, PayloadArena arena)
    {
        ArgumentNullException.ThrowIfNull(arena);
        return arena.Copy(Encode(envelope, outcome, out command));
    }

    /// <summary>Encodes into the reused buffer; the span is valid until the next call.</summary>
    private ReadOnlySpan<byte> Encode(CommandEnvelope envelope, Outcome outcome, out Range command)
    {
        _buffer.ResetWrittenCount();
        var w = _writer;
        w.Reset(_buffer);
        w.WriteStartObject();
        // The command id and whether it was accepted are the entry's own columns, under the same chain hash: the payload
        // does not repeat them (older entries do; their readers take the columns).
        w.WriteString("actor", envelope.Actor);
        w.WriteString("time", envelope.Time);
        w.WritePropertyName("command");
        var start = (int)(w.BytesCommitted + w.BytesPending);
        WriteTagged(w, envelope.Body, typeof(Command));
        command = new Range(start, (int)(w.BytesCommitted + w.BytesPending));
        if (outcome.Rejection is { } r)
        {
            w.WriteString("code", r.Code);
            w.WriteString("message", r.Message);
        }
        else
        {
            w.WritePropertyName("events");
            w.WriteStartArray();
            // By index: a foreach over the interface would box the list's enumerator, an object per payload.
            var events = outcome.Events;
            for (var i = 0; i < events.Count; i++)
                WriteTagged(w, events[i], typeof(Event));
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>
    /// Where a catalog's hand-written encoders and System.Text.Json disagree on one payload: null when both write the
    /// same bytes and content hash (or both refuse the value, as for invalid UTF-16), else the two encodings. For the
    /// tests of modules that register writers.
    /// </summary>
    public static string? Disagreement(ModuleCatalog catalog, CommandEnvelope envelope, Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var written = Describe(new PayloadWriter(catalog), envelope, outcome);
        var reference = Describe(new PayloadWriter(catalog.Json), envelope, outcome);
        return written == reference ? null : $"the module writers give {written} where System.Text.Json gives {reference}";

        static string Describe(PayloadWriter writer, CommandEnvelope envelope, Outcome outcome)
        {
            try
            {
                var (payload, hash) = writer.Write(envelope, outcome);
                return System.Text.Encoding.UTF8.GetString(payload) + " with content hash " + Convert.ToHexStringLower(hash);
            }
            catch (ArgumentException ex)
            {
                return "a refusal (" + ex.GetType().Name + ")";
            }
        }
    }

    /// <summary>The content hash of a command alone: what a retry with the same id must repeat.</summary>
    public byte[] ContentHashOf(CommandEnvelope envelope) => Payload.ContentHash(envelope.Actor, Tagged(envelope.Body, typeof(Command)));

    /// <summary>
    /// A command or event as JSON with its discriminator first: {"$type":"name",...properties}. The span
    /// stays valid until the next call.
    /// </summary>
    private ReadOnlySpan<byte> Tagged(object value, Type polymorphicBase)
    {
        var contract = ContractOf(value, polymorphicBase);
        _value.ResetWrittenCount();
        _valueWriter.Reset(_value);
        if (contract.Properties is { } write)
        {
            _valueWriter.WriteStartObject();
            _valueWriter.WriteString(contract.Discriminator!.Value, contract.Name!.Value);
            write(_valueWriter, value, _json);
            _valueWriter.WriteEndObject();
            _valueWriter.Flush();
            return _value.WrittenSpan;
        }
        JsonSerializer.Serialize(_valueWriter, value, contract.Info);
        _valueWriter.Flush();
        var body = _value.WrittenSpan;
        if (contract.Prefix is null)
            return body;
        _tagged.ResetWrittenCount();
        _tagged.Write(contract.Prefix);
        if (body.Length > 2)
        {
            _tagged.Write(","u8);
            _tagged.Write(body[1..]);
        }
        else
        {
            _tagged.Write("}"u8);
        }
        return _tagged.WrittenSpan;
    }

    /// <summary>
    /// Writes a command or event tagged, in place: a type with a module's hand-written encoder straight into
    /// <paramref name="w"/> (the same bytes, without writing them apart and copying them in), any other through
    /// <see cref="Tagged"/>.
    /// </summary>
    private void WriteTagged(Utf8JsonWriter w, object value, Type polymorphicBase)
    {
        var contract = ContractOf(value, polymorphicBase);
        if (contract.Properties is { } write)
        {
            w.WriteStartObject();
            w.WriteString(contract.Discriminator!.Value, contract.Name!.Value);
            write(w, value, _json);
            w.WriteEndObject();
        }
        else
        {
            w.WriteRawValue(Tagged(value, polymorphicBase), skipInputValidation: true);
        }
    }

    private Contract ContractOf(object value, Type polymorphicBase)
    {
        var type = value.GetType();
        if (!_contracts.TryGetValue(type, out var contract))
            _contracts[type] = contract = Contract.For(type, polymorphicBase, _json, _writers.GetValueOrDefault(type));
        return contract;
    }

    /// <summary>
    /// A concrete type's own contract and the bytes that open its tagged object: {"$type":"name". A type that is
    /// not a plain registered object (a custom converter, say) keeps the polymorphic base's contract and no prefix.
    /// With a module's hand-written encoder, the discriminator's name and value and that encoder.
    /// </summary>
    private sealed record Contract(JsonTypeInfo Info, byte[]? Prefix)
    {
        public JsonEncodedText? Discriminator { get; init; }

        public JsonEncodedText? Name { get; init; }

        public PropertyWriter<object>? Properties { get; init; }

        public static Contract For(Type type, Type polymorphicBase, JsonSerializerOptions json, PropertyWriter<object>? properties)
        {
            var derived = json.GetTypeInfo(polymorphicBase).PolymorphismOptions?.DerivedTypes.FirstOrDefault(d => d.DerivedType == type);
            var info = json.GetTypeInfo(type);
            if (derived?.TypeDiscriminator is not string name || info.Kind != JsonTypeInfoKind.Object || info.PolymorphismOptions is not null)
                return new Contract(json.GetTypeInfo(polymorphicBase), null);
            var discriminator = json.GetTypeInfo(polymorphicBase).PolymorphismOptions!.TypeDiscriminatorPropertyName;
            if (properties is not null)
                return new Contract(info, null) { Discriminator = JsonEncodedText.Encode(discriminator), Name = JsonEncodedText.Encode(name), Properties = properties };
            var prefix = new ArrayBufferWriter<byte>(64);
            using (var w = new Utf8JsonWriter(prefix))
            {
                w.WriteStartObject();
                w.WriteString(discriminator, name);
                w.Flush();
            }
            return new Contract(info, prefix.WrittenSpan.ToArray());
        }
    }
}
