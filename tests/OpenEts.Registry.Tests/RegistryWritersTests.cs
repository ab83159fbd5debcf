// The registry's hand-written journal encoders against System.Text.Json: the same payload bytes and the same
// content hash for any value, odd text included (quotes, control characters, scripts, invalid UTF-16).
using System.Text;
using System.Text.Json;
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Registry.Tests;

public sealed class RegistryWritersTests
{
    private static readonly ModuleCatalog Catalog = new(new RegistryModule());
    private static readonly DateTimeOffset Time = new(2025, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));

    private static readonly Gen<string> Text = Gen.OneOf(Gen.String, Gen.String[Gen.Char['\0', '\x7f'], 0, 12],
        Gen.Const("CEA21"), Gen.Const("配额-账户-é"), Gen.Const("quote\"back\\slash"), Gen.Const("<tag>&'"), Gen.Const("\ud800"), Gen.Const(""));

    private static readonly Gen<IReadOnlyList<SerialRange>?> SerialLists =
        Gen.Select(Gen.Long, Gen.Long, (a, b) => new SerialRange(a, b)).Array[0, 3].Select(a => (IReadOnlyList<SerialRange>)a).Null();

    private static readonly Gen<Transfer> Transfers =
        Gen.Select(Text, Text, Text, Gen.Long, Text.Null(), (f, t, c, q, l) => new Transfer(f, t, c, q, l));

    private static readonly Gen<Event> Events = Gen.OneOf<Event>(
        Gen.Select(Text, Text, Text, Gen.Long, Text.Null(), SerialLists, (f, t, c, q, l, s) => new UnitsTransferred(f, t, c, q, l, s)),
        Gen.Select(Text, Text, Text, Gen.Long, Gen.Enum<LockReason>(), (l, a, c, q, r) => new UnitsLocked(l, a, c, q, r)),
        Gen.Select(Text, Gen.Long, (l, q) => new UnitsUnlocked(l, q)));

    [Fact]
    public void Transfers_and_their_events_encode_as_the_serializer_writes_them()
    {
        Gen.Select(Transfers, Text, Events.Array[1, 4]).Sample((transfer, actor, events) =>
        {
            var envelope = new CommandEnvelope("c-1", actor, Time, transfer);
            AssertSame(envelope, Outcome.Ok(events));
        }, iter: 2_000);
    }

    [Fact]
    public void A_transfer_of_plain_values_reads_as_expected()
    {
        var envelope = new CommandEnvelope("c-1", "registry-operator", Time, new Transfer("A-1", "B-2", "CEA21", 100));
        var (payload, _) = new PayloadWriter(Catalog).Write(envelope, Outcome.Ok([new UnitsTransferred("A-1", "B-2", "CEA21", 100, null, [new SerialRange(1, 100)])]));

        Assert.Equal("""{"actor":"registry-operator","time":"2025-03-01T09:30:00+08:00","command":{"$type":"registry.transfer","from":"A-1","to":"B-2","class_id":"CEA21","quantity":100,"lock_id":null},"events":[{"$type":"registry.units_transferred","from":"A-1","to":"B-2","class_id":"CEA21","quantity":100,"lock_id":null,"serials":[{"start":1,"end":100,"count":100,"is_valid":true}]}]}""",
            Encoding.UTF8.GetString(payload));
    }

    [Theory]
    [InlineData(LockReason.Order, "\"reason\":\"order\"")]
    [InlineData(LockReason.Pledge, "\"reason\":\"pledge\"")]
    [InlineData(LockReason.Freeze, "\"reason\":\"freeze\"")]
    [InlineData(LockReason.Escrow, "\"reason\":\"escrow\"")]
    [InlineData((LockReason)(-1), null)]
    [InlineData((LockReason)4, null)]
    public void A_lock_reason_is_written_by_name_and_one_the_enum_does_not_define_is_refused_as_the_serializer_refuses_it(LockReason reason, string? written)
    {
        var envelope = new CommandEnvelope("c-1", "registry-operator", Time, new Transfer("A-1", "B-2", "CEA21", 100));
        var outcome = Outcome.Ok([new UnitsLocked("lock-1", "A-1", "CEA21", 100, reason)]);
        if (written is null)
        {
            // The module's encoder and the serializer alone (the reference) both refuse it.
            Assert.Throws<JsonException>(() => new PayloadWriter(Catalog).Write(envelope, outcome));
            Assert.Throws<JsonException>(() => new PayloadWriter(Catalog.Json).Write(envelope, outcome));
            return;
        }
        AssertSame(envelope, outcome);
        Assert.Contains(written, Encoding.UTF8.GetString(new PayloadWriter(Catalog).Write(envelope, outcome).Payload), StringComparison.Ordinal);
    }

    private static void AssertSame(CommandEnvelope envelope, Outcome outcome) => Assert.Null(PayloadWriter.Disagreement(Catalog, envelope, outcome));
}
