// The exchange's hand-written journal encoders against System.Text.Json: the same payload bytes and the same
// content hash for any order, cancel, fill or cancellation, odd text included.
using System.Text;
using System.Text.Json;
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

public sealed class ExchangeWritersTests
{
    private static readonly ModuleCatalog Catalog = new(new RegistryModule(), new ExchangeModule());

    private static readonly Gen<string> Text = Gen.OneOf(Gen.String, Gen.String[Gen.Char['\0', '\x7f'], 0, 12],
        Gen.Const("CEA21"), Gen.Const("会员-é"), Gen.Const("quote\"back\\slash"), Gen.Const("<tag>&'"), Gen.Const(""));

    private static readonly Gen<DateTimeOffset> Times =
        Gen.Select(Gen.Long[0, 4_102_444_800_000], Gen.Int[-14 * 4, 14 * 4], (ms, quarter) =>
            DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(TimeSpan.FromMinutes(quarter * 15)));

    private static readonly Gen<Command> Commands = Gen.OneOf<Command>(
        Gen.Select(Text, Text, Text, Gen.Enum<Side>(), Gen.Long, Gen.Long, (i, o, a, s, p, q) => new PlaceOrder(i, o, a, s, p, q)),
        Gen.Select(Text, Text, Text, (i, o, a) => new CancelOrder(i, o, a)));

    private static readonly Gen<Event> Events = Gen.OneOf<Event>(
        Gen.Select(Text, Times, Text, Text, Gen.Enum<Side>(), Gen.Long, Gen.Long, (i, t, o, a, s, p, q) => new OrderAccepted(i, t, o, a, s, p, q)),
        Gen.Select(Text, Times, Text, Text, (i, t, o, a) => new OrderCancelled(i, t, o, a)),
        Gen.Select(Text, Gen.Long, Text, Text, Gen.Select(Text, Text, Gen.Long, Gen.Long), Gen.Long, Gen.Long,
            (i, n, b, s, parties, bf, sf) => new TradeExecuted(i, n, b, s, parties.Item1, parties.Item2, parties.Item3, parties.Item4, bf, sf)));

    [Fact]
    public void Orders_cancels_and_their_events_encode_as_the_serializer_writes_them()
    {
        Gen.Select(Commands, Text, Times, Events.Array[1, 5]).Sample((command, actor, time, events) =>
        {
            var envelope = new CommandEnvelope("c-1", actor, time, command);
            Assert.Null(PayloadWriter.Disagreement(Catalog, envelope, Outcome.Ok(events)));
        }, iter: 2_000);
    }

    [Theory]
    [InlineData(Side.Buy, "\"side\":\"buy\"")]
    [InlineData(Side.Sell, "\"side\":\"sell\"")]
    [InlineData((Side)7, null)]
    public void A_side_is_written_by_name_and_one_the_enum_does_not_define_is_refused_as_the_serializer_refuses_it(Side side, string? written)
    {
        // Each side appears twice in an order's payload: in the command and in its acceptance.
        var time = new DateTimeOffset(2021, 7, 19, 10, 0, 0, TimeSpan.FromHours(8));
        var envelope = new CommandEnvelope("c-1", "m001", time, new PlaceOrder("CEA21", "o1", "m001", side, 51_23, 100));
        var outcome = Outcome.Ok([new OrderAccepted("CEA21", time, "o1", "m001", side, 51_23, 100)]);
        if (written is null)
        {
            // The module's encoder and the serializer alone (the reference) both refuse it.
            Assert.Throws<JsonException>(() => new PayloadWriter(Catalog).Write(envelope, outcome));
            Assert.Throws<JsonException>(() => new PayloadWriter(Catalog.Json).Write(envelope, outcome));
            return;
        }
        Assert.Null(PayloadWriter.Disagreement(Catalog, envelope, outcome));
        var payload = Encoding.UTF8.GetString(new PayloadWriter(Catalog).Write(envelope, outcome).Payload);
        Assert.Equal(2, payload.Split(written).Length - 1);
    }
}
