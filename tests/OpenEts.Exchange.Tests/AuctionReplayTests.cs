// An auction run through the engine on a real SQLite journal: reopening the journal replays every entry
// (announcement, bids, a withdrawal, clearing with its registry transfers) to the same state hash, and so
// does a restart from a snapshot.
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;

namespace OpenEts.Exchange.Tests;

public sealed class AuctionReplayTests
{
    private static ModuleCatalog Catalog() => new(new RegistryModule(), new ExchangeModule(auctionRules: WithFees));

    [Fact]
    public async Task Replaying_the_journal_of_an_auction_gives_the_same_state_hash()
    {
        var db = Path.Combine(Path.GetTempPath(), $"openets-auction-{Guid.NewGuid():N}.db");
        try
        {
            var n = 0;
            async Task Must(Engine engine, string actor, Command command, DateTimeOffset time)
            {
                var outcome = await engine.SubmitAsync(new CommandEnvelope($"c{++n}", actor, time, command));
                Assert.True(outcome.Accepted, outcome.Rejection?.ToString());
            }
            string hash;
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog()))
            {
                foreach (var step in MarketSetup.National())
                    await Must(engine, step.Actor, step.Command, Announced);
                await Must(engine, MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 100_000), Announced);
                foreach (var m in new[] { "a", "b", "c", ExchangeModule.DefaultFeeAccount })
                    await Must(engine, MarketSetup.RegistryOperator, new OpenAccount(m, "cn", m, AccountKind.CoveredEntity), Announced);
                foreach (var m in new[] { "a", "b", "c" })
                    await Must(engine, MarketSetup.RegistryOperator, new DepositCash(m, MemberCashFen), Announced);
                await Must(engine, MarketSetup.Regulator, Notice(), Announced);
                await Must(engine, "a", new SubmitAuctionBid("paid-2021", "a1", "a", 44_00, 25_000), Opens);
                await Must(engine, "b", new SubmitAuctionBid("paid-2021", "b1", "b", 40_50, 25_000), Opens.AddMinutes(1));
                await Must(engine, "c", new SubmitAuctionBid("paid-2021", "c1", "c", 40_50, 25_000), Opens.AddMinutes(2));
                await Must(engine, "c", new WithdrawAuctionBid("paid-2021", "c1", "c"), Opens.AddMinutes(3));
                await Must(engine, "c", new SubmitAuctionBid("paid-2021", "c2", "c", 40_50, 20_000), Opens.AddMinutes(4));
                await Must(engine, MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
                hash = await engine.QueryAsync(w => w.StateHash());
            }
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog()))
            {
                Assert.Equal(hash, await engine.QueryAsync(w => w.StateHash()));
                var (price, units) = await engine.QueryAsync(w => (w.Get<ExchangeState>().Auction("paid-2021")!.Result!.ClearingPriceFen, w.Get<RegistryState>().HoldingOf("c", "CEA21")!.Held));
                Assert.Equal((40_50L, 20_000L), (price!.Value, units));
                await engine.SnapshotAsync();
            }
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog()))
                Assert.Equal(hash, await engine.QueryAsync(w => w.StateHash()));
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(db + suffix);
        }
    }
}
