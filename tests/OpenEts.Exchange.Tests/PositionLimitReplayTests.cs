// Position limits through the engine on a real SQLite journal: a refusal is journaled as a refused command with
// no event and changes no state; a large holder's crossing is journaled with its trade; reopening replays to the same state hash and the same positions, and so does a
// restart from a snapshot, after which the recorded allocation still sets the limit.
using System.Text;
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

public sealed class PositionLimitReplayTests
{
    private static readonly DateTimeOffset Morning = PilotFloor.Morning;

    [Fact]
    public async Task Refusals_are_journaled_without_effect_and_a_replay_gives_the_same_positions()
    {
        static ModuleCatalog Catalog() => PilotFloor.Catalog();
        var db = Path.Combine(Path.GetTempPath(), $"openets-position-{Guid.NewGuid():N}.db");
        try
        {
            string hash;
            long refusedSeq;
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog()))
            {
                var steps = new AuctionReplayTests.Steps(engine, "c");
                foreach (var step in PilotFloor.Setup())
                    await steps.Must(step.Actor, step.Command, Morning);
                await steps.Must(MarketSetup.Regulator, new Issue(PilotFloor.Instrument, "bj-ISSUANCE", 3_000_000), Morning);
                foreach (var (account, kind, units) in new[] { ("e", AccountKind.CoveredEntity, 1_180_000L), ("s", AccountKind.Investor, 400_000L), ("x", AccountKind.Investor, 499_000L) })
                {
                    await steps.Must(MarketSetup.RegistryOperator, new OpenAccount(account, PilotFloor.Market, account, kind), Morning);
                    await steps.Must(MarketSetup.Regulator, new Transfer("bj-ISSUANCE", account, PilotFloor.Instrument, units), Morning);
                    await steps.Must(MarketSetup.RegistryOperator, new DepositCash(account, 100_000_000_00), Morning);
                }
                await steps.Must(MarketSetup.ExchangeOperator, new OpenTradingDay(PilotFloor.Instrument, TradingFloor.Monday, 50_00), Morning);
                await steps.Must(MarketSetup.Regulator, new SetPositionAllocation("e", PilotFloor.Instrument, 200_000), Morning);
                await steps.Must("s", new PlaceOrder(PilotFloor.Instrument, "s1", "s", Side.Sell, 50_00, 30_000), Morning);
                var before = await engine.QueryAsync(w => w.StateHash());
                // 1,180,000 + 30,000 > 1,200,000: refused, nothing changes but the journal's record of the refusal.
                var refused = await steps.Send("e", new PlaceOrder(PilotFloor.Instrument, "b1", "e", Side.Buy, 50_00, 30_000), Morning);
                Assert.Equal(PositionLimits.Exceeded, refused.Rejection?.Code);
                Assert.Empty(refused.Events);
                Assert.Equal(before, await engine.QueryAsync(w => w.StateHash()));
                refusedSeq = refused.Seq;
                await steps.Must("e", new PlaceOrder(PilotFloor.Instrument, "b2", "e", Side.Buy, 49_00, 20_000), Morning);
                // x crosses 500,000 t held: the event goes into the journal with the trade.
                var crossing = await steps.Send("x", new PlaceOrder(PilotFloor.Instrument, "x1", "x", Side.Buy, 50_00, 2_000), Morning);
                Assert.Equal(new LargeHolderCrossed(PilotFloor.Instrument, "x", Morning, 501_000, 500_000), crossing.Events.OfType<LargeHolderCrossed>().Single());
                hash = await engine.QueryAsync(w => w.StateHash());
            }
            using (var journal = JournalFactory.Open(db))
            {
                journal.Open();
                var entry = journal.ReadOne(refusedSeq)!;
                Assert.False(entry.Accepted);
                Assert.Equal("exchange.place_order", entry.Kind);
                Assert.Contains("position_limit_exceeded", Encoding.UTF8.GetString(entry.Payload.Span));
            }
            await AuctionReplayTests.ReopensAlike(db, Catalog, hash, w =>
            {
                var p = PositionLimits.Of(w, TradingRulebook.Beijing.PositionLimit!, PilotFloor.Instrument, "e");
                Assert.Equal((1_180_000L, 20_000L, 1_200_000L, 200_000L), (p.HeldT, p.PendingBuyT, p.PositionT, p.AllocationT));
            });
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog()))
            {
                var steps = new AuctionReplayTests.Steps(engine, "after-");
                Assert.Equal(PositionLimits.Exceeded, (await steps.Send("e", new PlaceOrder(PilotFloor.Instrument, "b3", "e", Side.Buy, 49_00, 1), Morning)).Rejection?.Code);
                await steps.Must("e", new CancelOrder(PilotFloor.Instrument, "b2", "e"), Morning);
                await steps.Must("e", new PlaceOrder(PilotFloor.Instrument, "b4", "e", Side.Buy, 49_00, 1), Morning);
            }
        }
        finally
        {
            AuctionReplayTests.DeleteDatabase(db);
        }
    }
}
