// An auction settles at the fee rates recorded on its announcement: a restart with other configured rates clears
// an auction announced before it at the old rates (and a new one at the new rates); an announcement of an older
// journal, which records no rates (nor a side), falls back to the configured rates as a seller's auction.
using System.Text.Json.Nodes;
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;

namespace OpenEts.Exchange.Tests;

public sealed class AuctionFeeRecordTests
{
    // After the restart the exchange's fee notice says 30 bp for the buyer and 20 bp for the seller.
    private static readonly AuctionRulebook Raised = AuctionRulebook.National with { BuyerFeeBasisPoints = 30, SellerFeeBasisPoints = 20 };

    private static ModuleCatalog Catalog(AuctionRulebook rules) => new(new RegistryModule(), new ExchangeModule(auctionRules: rules));

    [Fact]
    public async Task A_restart_with_other_configured_rates_clears_an_earlier_auction_at_its_recorded_rates()
    {
        var db = Path.Combine(Path.GetTempPath(), $"openets-auction-fees-{Guid.NewGuid():N}.db");
        try
        {
            var n = 0;
            async Task<Outcome> Must(Engine engine, string actor, Command command, DateTimeOffset time)
            {
                var outcome = await engine.SubmitAsync(new CommandEnvelope($"c{++n}", actor, time, command));
                Assert.True(outcome.Accepted, outcome.Rejection?.ToString());
                return outcome;
            }
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog(WithFees)))
            {
                foreach (var step in MarketSetup.National())
                    await Must(engine, step.Actor, step.Command, Announced);
                await Must(engine, MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 100_000), Announced);
                foreach (var m in new[] { "a", "b", ExchangeModule.DefaultFeeAccount })
                    await Must(engine, MarketSetup.RegistryOperator, new OpenAccount(m, "cn", m, AccountKind.CoveredEntity), Announced);
                foreach (var m in new[] { "a", "b" })
                    await Must(engine, MarketSetup.RegistryOperator, new DepositCash(m, MemberCashFen), Announced);
                var announced = await Must(engine, MarketSetup.Regulator, Notice("early", 50_000), Announced);
                Assert.Equal((10, 5), (((AuctionAnnounced)announced.Events[0]).BuyerFeeBasisPoints, ((AuctionAnnounced)announced.Events[0]).SellerFeeBasisPoints));
                await Must(engine, "a", new SubmitAuctionBid("early", "a1", "a", 45_00, 12_000), Opens);
            }
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog(Raised)))
            {
                await Must(engine, MarketSetup.Regulator, Notice("late", 50_000), Opens.AddMinutes(5));
                await Must(engine, "b", new SubmitAuctionBid("late", "b1", "b", 45_00, 12_000), Opens.AddMinutes(6));
                var early = await Must(engine, MarketSetup.ExchangeOperator, new ClearAuction("early"), Closes);
                var late = await Must(engine, MarketSetup.ExchangeOperator, new ClearAuction("late"), Closes);
                // 12,000 t × 45.00 = 540,000.00 yuan: at the recorded 10 bp / 5 bp, 540.00 and 270.00; at 30 bp / 20 bp, 1,620.00 and 1,080.00.
                var t1 = Assert.Single(early.Events.OfType<TradeExecuted>());
                var t2 = Assert.Single(late.Events.OfType<TradeExecuted>());
                Assert.Equal((540_00L, 270_00L), (t1.BuyerFeeFen, t1.SellerFeeFen));
                Assert.Equal((1_620_00L, 1_080_00L), (t2.BuyerFeeFen, t2.SellerFeeFen));
                var (aCash, bCash, fees, views) = await engine.QueryAsync(w =>
                {
                    var r = w.Get<RegistryState>();
                    var views = w.Get<ExchangeState>().Auctions.Select(a => AuctionView.Of(a, r, "a")).Select(v => (v.AuctionId, v.BuyerFeeBasisPoints, v.SellerFeeBasisPoints)).ToList();
                    return (r.HoldingOf("a", "CNY")!.Held, r.HoldingOf("b", "CNY")!.Held, r.HoldingOf(ExchangeModule.DefaultFeeAccount, "CNY")!.Held, views);
                });
                Assert.Equal((MemberCashFen - 540_000_00 - 540_00, MemberCashFen - 540_000_00 - 1_620_00), (aCash, bCash));
                Assert.Equal(540_00 + 270_00 + 1_620_00 + 1_080_00, fees);
                Assert.Equal([("early", 10, 5), ("late", 30, 20)], views);
            }
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-lock" })
                File.Delete(db + suffix);
        }
    }

    [Fact]
    public void An_announcement_without_recorded_rates_or_side_replays_as_a_sellers_auction_at_the_configured_rates()
    {
        var floor = AuctionFloor(WithFees);
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Bid(floor, "a", "a1", 45_00, 25_000);
        // The snapshot as an older journal wrote it: the announcement has no side, buyer account or fee rates.
        var snapshot = JsonNode.Parse(floor.World.Snapshot())!;
        var announcement = snapshot["exchange"]!["events"]!.AsArray().Select(e => e!.AsObject()).Single(e => e.ContainsKey("min_bid_t"));
        foreach (var field in new[] { "side", "buyer_account", "buyer_fee_basis_points", "seller_fee_basis_points" })
            Assert.True(announcement.Remove(field), field);
        var old = System.Text.Encoding.UTF8.GetBytes(snapshot.ToJsonString());

        foreach (var configured in new[] { WithFees, Raised })
        {
            var world = Catalog(configured).CreateWorld();
            world.Restore(old);
            var auction = world.Get<ExchangeState>().Auction("paid-2021")!;
            Assert.Equal((Side.Sell, AuctionAccount), (auction.Terms.InitiatorSide, auction.Terms.Initiator));
            Assert.Equal((configured.BuyerFeeBasisPoints, configured.SellerFeeBasisPoints), (auction.Ledger.Rules.BuyerFeeBasisPoints, auction.Ledger.Rules.SellerFeeBasisPoints));
            if (configured != WithFees)
                continue;
            var cleared = DecisionContext.Decide(world, new CommandEnvelope("clear", MarketSetup.ExchangeOperator, Closes, new ClearAuction("paid-2021")));
            // 25,000 t × 45.00 = 1,125,000.00 yuan at the configured 10 bp / 5 bp: 1,125.00 and 562.50.
            var trade = Assert.Single(cleared.Events.OfType<TradeExecuted>());
            Assert.Equal((1_125_00L, 562_50L), (trade.BuyerFeeFen, trade.SellerFeeFen));
        }
    }
}
