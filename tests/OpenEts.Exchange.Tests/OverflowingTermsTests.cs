// Figures so large that their cash would not fit in 64 bits are refused quantity_out_of_range, changing nothing, and
// the market goes on: a block proposal, a member's own auction, a buyer's auction at its cap and a bid in a very large
// auction. Before, each threw an overflow inside the decision, which stops the engine for everyone.
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class OverflowingTermsTests
{
    private static readonly DateTimeOffset Afternoon = new(2021, 7, 19, 13, 30, 0, Beijing);

    [Fact]
    public void Terms_worth_more_than_a_cash_figure_holds_are_refused_and_change_nothing()
    {
        var floor = AuctionFloor();
        var hash = floor.World.StateHash();
        var refusals = new (string Actor, Command Command, DateTimeOffset Time)[]
        {
            (Buyer, new ProposeBlockTrade("CEA21", "bk7", Buyer, Seller, Side.Buy, 51_23, 2_000_000_000_000_000), Afternoon),
            (Buyer, new ProposeBlockTrade("CEA21", "bk8", Buyer, Seller, Side.Buy, 51_23, 200_000_000_000_000), Afternoon),
            (Seller, new AnnounceAuction("own", "CEA21", 1_000_000_000_000_000_000, 40_00, Opens, Closes, Seller), Announced),
            (Buyer, new AnnounceAuction("cap", "CEA21", 1_000_000_000_000, 1_000_000_00, Opens, Closes, Side: Side.Buy, BuyerAccount: Buyer), Announced),
        };
        foreach (var (actor, command, time) in refusals)
        {
            var outcome = floor.Submit(actor, command, time);
            Assert.Equal(ExchangeRejections.QuantityOutOfRange, outcome.Rejection?.Code);
        }
        Assert.Equal("200,000,000,000,000 t at 51.23 yuan is worth more than one order, proposal, bid or auction may move (10,000,000,000,000 yuan).",
            floor.Submit(Buyer, refusals[1].Command, Afternoon).Rejection!.Message);
        Assert.Equal(hash, floor.World.StateHash());

        // A bid in an auction of 10^14 t at a floor of 0.01 yuan: a bidder may bid for a tenth of it, but not at 1,000,000 yuan.
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 100_000_000_000_000 - 100_000));
        floor.Must(MarketSetup.Regulator, Notice("huge", 100_000_000_000_000, 1), Announced);
        var before = floor.World.StateHash();
        Assert.Equal(ExchangeRejections.QuantityOutOfRange, Bid(floor, "a", "a1", 1_000_000_00, 10_000_000_000_000, auction: "huge").Rejection?.Code);
        Assert.Equal(before, floor.World.StateHash());
        Assert.True(Bid(floor, "a", "a2", 50_00, 1_000, auction: "huge").Accepted);
    }
}
