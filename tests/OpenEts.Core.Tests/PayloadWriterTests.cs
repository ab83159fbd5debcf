// The journal writer puts each command's and event's "$type" in front by hand and serializes the concrete
// type; these tests hold it to the bytes System.Text.Json writes through the polymorphic base type.
using System.Text;
using System.Text.Json;
using CsCheck;

namespace OpenEts.Core.Tests;

public sealed class PayloadWriterTests
{
    private enum Colour
    {
        DarkRed,
        Green,
    }

    private sealed record Nothing : Command;

    private sealed record Note(string Text, string? Extra, long Amount, Colour Colour, IReadOnlyList<string> Tags) : Command;

    private sealed record Noted(string Text, IReadOnlyList<Part> Parts, decimal Share, DateTimeOffset At) : Event;

    private sealed record Empty : Event;

    private sealed record Part(string Name, long? Count);

    private sealed class NotesModule : IModule
    {
        public void Register(ModuleBuilder builder) => builder
            .Command<Nothing>("notes.nothing", (ctx, c) =>
            {
                ctx.Emit(new Empty());
                return null;
            })
            .Command<Note>("notes.note", (ctx, c) =>
            {
                ctx.Emit(new Noted(c.Text, [new Part(c.Extra ?? "none", c.Amount), new Part("second", null)], 0.05m, ctx.Time));
                ctx.Emit(new Empty());
                return null;
            })
            .Event<Noted>("notes.noted", (w, e) => { })
            .Event<Empty>("notes.empty", (w, e) => { });
    }

    private static readonly ModuleCatalog Catalog = new(new NotesModule());

    /// <summary>The notes module with a hand-written encoder for <see cref="Note"/>.</summary>
    private sealed class WrittenNotesModule : IModule
    {
        public void Register(ModuleBuilder builder)
        {
            new NotesModule().Register(builder);
            builder.Writer<Note>((w, n, o) =>
            {
                w.WriteString("text", n.Text);
                w.WriteString("extra", n.Extra);
                w.WriteNumber("amount", n.Amount);
                w.WriteString("colour", n.Colour == Colour.DarkRed ? "dark_red" : "green");
                w.WritePropertyName("tags");
                JsonSerializer.Serialize(w, n.Tags, o);
            });
        }
    }

    private sealed class StrayWriterModule : IModule
    {
        public void Register(ModuleBuilder builder) => builder.Writer<Part>((w, p, o) => w.WriteString("name", p.Name));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quotes \" and \\ back")]
    [InlineData("<script>+&'</script>")]
    [InlineData("配额 CEA 履约 é")]
    [InlineData("")]
    public void Commands_and_events_are_written_as_the_polymorphic_serializer_writes_them(string text)
    {
        AssertSameAsReference(new Note(text, text.Length % 2 == 0 ? null : text, -42, Colour.DarkRed, [text, "b"]));
        AssertSameAsReference(new Nothing());
    }

    [Fact]
    public void Random_commands_encode_as_the_reference_and_hash_the_same()
    {
        Gen.Select(Gen.String, Gen.String.Null(), Gen.Long, Gen.Enum<Colour>(), Gen.String.Array[0, 4])
            .Sample((text, extra, amount, colour, tags) => AssertSameAsReference(new Note(text, extra, amount, colour, tags)), iter: 300);
    }

    [Fact]
    public void A_module_writer_is_used_and_writes_what_the_serializer_writes()
    {
        var written = new ModuleCatalog(new WrittenNotesModule());
        var time = new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));
        Gen.Select(Gen.String[Gen.Char['\0', '\x7f'], 0, 10], Gen.String.Null(), Gen.Long, Gen.Enum<Colour>(), Gen.String.Array[0, 4])
            .Sample((text, extra, amount, colour, tags) =>
            {
                var envelope = new CommandEnvelope("c-1", "member-7", time, new Note(text, extra, amount, colour, tags));
                Assert.Null(PayloadWriter.Disagreement(written, envelope, Outcome.Ok([new Empty()])));
            }, iter: 300);

        // Used, not bypassed: a writer that leaves out a property shows.
        var lossy = new ModuleCatalog(new NotesModule(), new LossyNoteWriter());
        var note = new CommandEnvelope("c-1", "member-7", time, new Note("x", null, 1, Colour.Green, []));
        Assert.Contains("\"command\":{\"$type\":\"notes.note\",\"text\":\"x\"}", Encoding.UTF8.GetString(new PayloadWriter(lossy).Write(note, Outcome.Ok([])).Payload));
        Assert.StartsWith("the module writers give {", PayloadWriter.Disagreement(lossy, note, Outcome.Ok([])));
    }

    [Fact]
    public void A_writer_for_a_type_no_module_registers_is_refused()
    {
        var catalog = new ModuleCatalog(new NotesModule(), new StrayWriterModule());
        var refused = Assert.Throws<InvalidOperationException>(() => new PayloadWriter(catalog));
        Assert.Equal("A writer is registered for Part, which is not a registered command or event.", refused.Message);
    }

    private sealed class LossyNoteWriter : IModule
    {
        public void Register(ModuleBuilder builder) => builder.Writer<Note>((w, n, o) => w.WriteString("text", n.Text));
    }

    private static void AssertSameAsReference(Command body)
    {
        var time = new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));
        var envelope = new CommandEnvelope("c-1", "member-7", time, body);
        var outcome = DecisionContext.Decide(Catalog.CreateWorld(), envelope);
        Assert.True(outcome.Accepted);
        var writer = new PayloadWriter(Catalog.Json);
        var (payload, contentHash) = writer.Write(envelope, outcome);

        using var doc = JsonDocument.Parse(payload);
        var reference = JsonSerializer.SerializeToUtf8Bytes(body, Catalog.Json);
        Assert.Equal(Encoding.UTF8.GetString(reference), doc.RootElement.GetProperty("command").GetRawText());
        var events = doc.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()).ToList();
        Assert.Equal(outcome.Events.Select(e => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(e, Catalog.Json))), events);
        Assert.Equal(Payload.ContentHash("member-7", reference), contentHash);
        Assert.Equal(contentHash, writer.ContentHashOf(envelope));

        // And it reads back to what was written.
        var entry = HashChain.Seal(1, HashChain.Genesis, "c-1", "notes", true, 0, contentHash, payload);
        var (decoded, decodedOutcome) = Payload.Decode(entry, Catalog.Json);
        Assert.Equal(envelope.CommandId, decoded.CommandId);
        Assert.Equal(JsonSerializer.Serialize(body, Catalog.Json), JsonSerializer.Serialize(decoded.Body, Catalog.Json));
        Assert.Equal(outcome.Events.Count, decodedOutcome.Events.Count);
    }
}
