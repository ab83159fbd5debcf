// Block trades on a journal: a proposal still pending and one accepted replay from the journal alone (a server that
// keeps no snapshot replays everything at each start) and from a snapshot, to the same state hash, and the pending
// one is still there to accept. Applying a proposal or an acceptance records what was decided; it does not check the
// proposer's balance again (on a replay the registry is not yet attached, and from a snapshot it already holds the
// proposal's lock, so a proposer who locked every unit it held would fail its own check).
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class BlockTradeReplayTests
{
    private static readonly DateTimeOffset Afternoon = new(2021, 7, 19, 13, 30, 0, Beijing);

    private static ModuleCatalog Catalog() => new(new RegistryModule(), new ExchangeModule());

    [Fact]
    public async Task Pending_and_accepted_block_trades_replay_from_the_journal_and_from_a_snapshot()
    {
        var db = Path.Combine(Path.GetTempPath(), $"openets-block-{Guid.NewGuid():N}.db");
        try
        {
            var hash = await TradingHaltTests.OnJournal(db, Catalog, async (_, must) =>
            {
                await must(MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 200_000), Afternoon);
                await must(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", Seller, "CEA21", 190_000), Afternoon);
                await must(MarketSetup.RegistryOperator, new DepositCash(Buyer, BuyerCashFen), Afternoon);
                // Every unit the seller holds (200,000 t) is locked by its two proposals.
                await must(Seller, new ProposeBlockTrade("CEA21", "p1", Seller, Buyer, Side.Sell, 51_23, 100_000), Afternoon);
                await must(Seller, new ProposeBlockTrade("CEA21", "p2", Seller, Buyer, Side.Sell, 51_00, 100_000), Afternoon.AddMinutes(1));
                await must(Buyer, new AcceptBlockTrade("CEA21", "p1", Buyer), Afternoon.AddMinutes(2));
            });
            await AuctionReplayTests.ReopensAlike(db, Catalog, hash, w =>
            {
                var day = w.Get<ExchangeState>().Day("CEA21")!;
                Assert.Equal(["p2"], day.Blocks.Pending.Keys);
                Assert.Equal(("p1", 100_000L), (day.Ledger.Trades.Single().SellOrder, day.Ledger.Trades.Single().QuantityT));
                Assert.Equal((100_000L, 100_000L), (w.Get<RegistryState>().HoldingOf(Seller, "CEA21")!.Held, w.Get<RegistryState>().HoldingOf(Seller, "CEA21")!.Locked));
            });
            // Restarted from the snapshot, the pending proposal is accepted and settles.
            await using var engine = Engine.Open(JournalFactory.Open(db), Catalog());
            var accepted = await engine.SubmitAsync(new CommandEnvelope("after-1", Buyer, Afternoon.AddMinutes(10), new AcceptBlockTrade("CEA21", "p2", Buyer)));
            Assert.True(accepted.Accepted, accepted.Rejection?.ToString());
            Assert.Equal(200_000, await engine.QueryAsync(w => w.Get<RegistryState>().HoldingOf(Buyer, "CEA21")!.Held));
        }
        finally
        {
            AuctionReplayTests.DeleteDatabase(db);
        }
    }
}
