// The national rulebook's values and the band arithmetic, with the real figures of the rules.
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenEts.Exchange;

namespace OpenEts.Exchange.Tests;

public sealed class RulebookTests
{
    private static readonly TradingRulebook Rules = TradingRulebook.National;

    [Fact]
    public void National_rulebook_holds_the_2021_trading_rules()
    {
        Assert.Equal(99_999, Rules.ListingMaxOrderT);
        Assert.Equal(1, Rules.ListingMinOrderT);
        Assert.Equal(100_000, Rules.BlockMinTradeT);
        Assert.Equal(10, Rules.ListingBandPercent);
        Assert.Equal(30, Rules.BlockBandPercent);
        Assert.Equal(1, Rules.TickFen);
        Assert.Equal(1, Rules.LotT);
        Assert.Equal(TimeSpan.FromHours(8), Rules.UtcOffset);
        Assert.Equal(1, Rules.BoughtUnitsSellableAfterDays);
        Assert.False(Rules.CloseIncludesBlockTrades);
        Assert.Equal(0, Rules.BuyerFeeBasisPoints);
        Assert.Equal(0, Rules.SellerFeeBasisPoints);
        Assert.Equal([new SessionWindow(new(9, 30), new(11, 30)), new SessionWindow(new(13, 0), new(15, 0))], Rules.ListingSessions);
        Assert.Equal([new SessionWindow(new(13, 0), new(15, 0))], Rules.BlockSessions);
    }

    [Fact]
    public void Every_rulebook_value_needs_a_source_note()
    {
        using var stream = typeof(TradingRulebook).Assembly.GetManifestResourceStream("cn-national.json")!;
        var node = JsonNode.Parse(stream)!;
        node["tick_fen"]!.AsObject().Remove("source");
        using var doc = JsonDocument.Parse(node.ToJsonString());
        var ex = Assert.Throws<FormatException>(() => TradingRulebook.Parse("broken", doc.RootElement));
        Assert.Contains("tick_fen", ex.Message);
    }

    [Fact]
    public void Listing_band_from_the_first_days_close_51_23_is_46_11_to_56_35_rounded_inward()
    {
        // +10% of 51.23 = 56.353 → down to 56.35; −10% = 46.107 → up to 46.11.
        Assert.Equal(new PriceBand(4611, 5635), Rules.ListingBand(5123));
    }

    [Fact]
    public void Block_band_from_51_23_is_35_87_to_66_59_rounded_inward()
    {
        // ±30%: 66.599 → 66.59 and 35.861 → 35.87.
        Assert.Equal(new PriceBand(3587, 6659), Rules.BlockBand(5123));
    }

    [Fact]
    public void Band_from_the_close_of_13_January_2026_78_31()
    {
        // 86.141 → 86.14 and 70.479 → 70.48.
        Assert.Equal(new PriceBand(7048, 8614), Rules.ListingBand(7831));
    }

    [Fact]
    public void Inward_and_half_up_rounding_differ_on_a_half_tick()
    {
        // 51.25 × 1.1 = 56.375: inward keeps 56.37, half-up gives 56.38; 51.25 × 0.9 = 46.125 → 46.13 either way.
        Assert.Equal(new PriceBand(4613, 5637), PriceBand.Around(5125, 10, 1, BandRounding.Inward));
        Assert.Equal(new PriceBand(4613, 5638), PriceBand.Around(5125, 10, 1, BandRounding.HalfUp));
    }

    [Fact]
    public void A_band_on_an_exact_tick_is_the_exact_percentage()
    {
        Assert.Equal(new PriceBand(4500, 5500), Rules.ListingBand(5000));
        Assert.True(Rules.ListingBand(5000).Contains(5500));
        Assert.False(Rules.ListingBand(5000).Contains(5501));
        Assert.False(Rules.ListingBand(5000).Contains(4499));
    }

    [Fact]
    public void Fee_is_rounded_half_up_to_the_fen()
    {
        // 3 basis points of 10,050 fen = 3.015 fen → 3; of 11,667 fen = 3.5001 → 4; of 5,000 = 1.5 → 2.
        Assert.Equal(3, TradingRulebook.Fee(10_050, 3));
        Assert.Equal(4, TradingRulebook.Fee(11_667, 3));
        Assert.Equal(2, TradingRulebook.Fee(5_000, 3));
        Assert.Equal(0, TradingRulebook.Fee(123_456_789, 0));
    }
}
