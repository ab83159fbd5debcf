// The core's value types and the hash chain's formula.
using OpenEts.Core;

namespace OpenEts.Core.Tests;

public sealed class CoreTypesTests
{
    [Theory]
    [InlineData("51.23", 5_123)]
    [InlineData("0.01", 1)]
    [InlineData("48", 4_800)]
    [InlineData("-3.50", -350)]
    public void Yuan_parse_exactly_into_fen(string text, long fen)
    {
        Assert.True(Fen.TryParseYuan(text, out var parsed));
        Assert.Equal(fen, parsed.Value);
        Assert.Equal(text.Contains('.', StringComparison.Ordinal) ? text : text + ".00", parsed.ToYuanString());
    }

    [Theory]
    [InlineData("51.234")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    public void Yuan_with_more_than_two_decimals_or_not_a_number_is_refused(string text) =>
        Assert.False(Fen.TryParseYuan(text, out _));

    [Fact]
    public void Quantity_arithmetic_is_checked()
    {
        Assert.Throws<OverflowException>(() => new Tonnes(long.MaxValue) + new Tonnes(1));
        Assert.Throws<OverflowException>(() => new Fen(long.MinValue) - new Fen(1));
        Assert.Equal(new Tonnes(5), new Tonnes(2) + new Tonnes(3));
    }

    [Fact]
    public void The_chain_hash_changes_with_every_field()
    {
        var prev = new byte[32];
        var content = new byte[32];
        byte[] payload = [1, 2, 3];
        var h = HashChain.Compute(prev, 7, "cmd", "kind", true, 1_000, content, payload);
        Assert.Equal(32, h.Length);
        Assert.Equal(h, HashChain.Compute(prev, 7, "cmd", "kind", true, 1_000, content, payload));
        var variants = new[]
        {
            HashChain.Compute([.. prev[..31], 1], 7, "cmd", "kind", true, 1_000, content, payload),
            HashChain.Compute(prev, 8, "cmd", "kind", true, 1_000, content, payload),
            HashChain.Compute(prev, 7, "cmd2", "kind", true, 1_000, content, payload),
            HashChain.Compute(prev, 7, "cmd", "kinds", true, 1_000, content, payload),
            HashChain.Compute(prev, 7, "cmd", "kind", false, 1_000, content, payload),
            HashChain.Compute(prev, 7, "cmd", "kind", true, 1_001, content, payload),
            HashChain.Compute(prev, 7, "cmd", "kind", true, 1_000, [.. content[..31], 9], payload),
            HashChain.Compute(prev, 7, "cmd", "kind", true, 1_000, content, [1, 2, 4]),
            // Length prefixes: moving a character from one field to the next must not collide.
            HashChain.Compute(prev, 7, "cm", "dkind", true, 1_000, content, payload),
        };
        Assert.All(variants, v => Assert.NotEqual(h, v));
        Assert.Equal(variants.Length, variants.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void An_invariant_formats_its_message_only_when_it_is_broken()
    {
        var formatted = 0;
        string Side()
        {
            formatted++;
            return "left";
        }

        Invariant.Assert(1 + 1 == 2, $"{Side()} and {42} do not add up");
        Assert.Equal(0, formatted);

        var broken = Assert.Throws<InvariantViolationException>(() => Invariant.Assert(1 + 1 == 3, $"{Side()} and {42} do not add up"));
        Assert.Equal("left and 42 do not add up", broken.Message);
        Assert.Equal(1, formatted);
    }
}
