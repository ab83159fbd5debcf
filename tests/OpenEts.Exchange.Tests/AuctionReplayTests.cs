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

    /// <summary>Commands sent through an engine, each with a fresh id.</summary>
    internal sealed class Steps(Engine engine, string prefix)
    {
        private int _n;

        /// <summary>Submits a command and returns its outcome.</summary>
        public Task<Outcome> Send(string actor, Command command, DateTimeOffset time) =>
            engine.SubmitAsync(new CommandEnvelope($"{prefix}{++_n}", actor, time, command));

        /// <summary>Submits a command that must be accepted.</summary>
        public async Task Must(string actor, Command command, DateTimeOffset time)
        {
            var outcome = await Send(actor, command, time);
            Assert.True(outcome.Accepted, outcome.Rejection?.ToString());
        }
    }

    /// <summary>
    /// Runs the national setup, members a, b, c (2,000,000.00 yuan and <paramref name="unitsEachT"/> t of CEA21 each), the fee
    /// account and <paramref name="auction"/> through an engine on a fresh SQLite file; reopens it (a full replay), then
    /// snapshots and reopens again. Each reopening must reach the same state hash; <paramref name="check"/> reads the replayed world,
    /// and <paramref name="afterRestart"/> sends more commands to the engine restarted from the snapshot.
    /// </summary>
    internal static async Task RunReplayAndRestart(long unitsEachT, Func<Steps, Task> auction, Action<World> check, Func<Steps, Task>? afterRestart = null)
    {
        var db = Path.Combine(Path.GetTempPath(), $"openets-auction-{Guid.NewGuid():N}.db");
        try
        {
            string hash;
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog()))
            {
                var steps = new Steps(engine, "c");
                foreach (var step in MarketSetup.National())
                    await steps.Must(step.Actor, step.Command, Announced);
                await steps.Must(MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 100_000), Announced);
                foreach (var m in new[] { "a", "b", "c", ExchangeModule.DefaultFeeAccount })
                    await steps.Must(MarketSetup.RegistryOperator, new OpenAccount(m, "cn", m, AccountKind.CoveredEntity), Announced);
                // Members' units come from the issuance account: nothing leaves the auction account but by the exchange.
                if (unitsEachT > 0)
                    await steps.Must(MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 3 * unitsEachT), Announced);
                foreach (var m in new[] { "a", "b", "c" })
                {
                    await steps.Must(MarketSetup.RegistryOperator, new DepositCash(m, MemberCashFen), Announced);
                    if (unitsEachT > 0)
                        await steps.Must(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", m, "CEA21", unitsEachT), Announced);
                }
                await auction(steps);
                hash = await engine.QueryAsync(w => w.StateHash());
            }
            await ReopensAlike(db, Catalog, hash, check);
            if (afterRestart is not null)
            {
                await using var engine = Engine.Open(JournalFactory.Open(db), Catalog());
                await afterRestart(new Steps(engine, "after-"));
            }
        }
        finally
        {
            DeleteDatabase(db);
        }
    }

    /// <summary>Reopens the journal at <paramref name="db"/> (a full replay), then snapshots and reopens again; each must reach <paramref name="hash"/>.</summary>
    internal static async Task ReopensAlike(string db, Func<ModuleCatalog> catalog, string hash, Action<World>? check = null)
    {
        await using (var engine = Engine.Open(JournalFactory.Open(db), catalog()))
        {
            Assert.Equal(hash, await engine.QueryAsync(w => w.StateHash()));
            await engine.QueryAsync(w =>
            {
                check?.Invoke(w);
                return 0;
            });
            await engine.SnapshotAsync();
        }
        await using (var engine = Engine.Open(JournalFactory.Open(db), catalog()))
            Assert.Equal(hash, await engine.QueryAsync(w => w.StateHash()));
    }

    /// <summary>Deletes a SQLite journal and its WAL files.</summary>
    internal static void DeleteDatabase(string db)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-lock" })
            File.Delete(db + suffix);
    }

    [Fact]
    public Task Replaying_the_journal_of_an_auction_gives_the_same_state_hash() =>
        RunReplayAndRestart(0, async steps =>
        {
            var must = steps.Must;
            await must(MarketSetup.Regulator, Notice(), Announced);
            await must("a", new SubmitAuctionBid("paid-2021", "a1", "a", 44_00, 25_000), Opens);
            await must("b", new SubmitAuctionBid("paid-2021", "b1", "b", 40_50, 25_000), Opens.AddMinutes(1));
            await must("c", new SubmitAuctionBid("paid-2021", "c1", "c", 40_50, 25_000), Opens.AddMinutes(2));
            await must("c", new WithdrawAuctionBid("paid-2021", "c1", "c"), Opens.AddMinutes(3));
            await must("c", new SubmitAuctionBid("paid-2021", "c2", "c", 40_50, 20_000), Opens.AddMinutes(4));
            await must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        }, w => Assert.Equal((40_50L, 20_000L), (w.Get<ExchangeState>().Auction("paid-2021")!.Result!.ClearingPriceFen!.Value, w.Get<RegistryState>().HoldingOf("c", "CEA21")!.Held)));

    [Fact]
    public Task Replaying_the_journal_of_a_buyers_auction_gives_the_same_state_hash() =>
        RunReplayAndRestart(20_000, async steps =>
        {
            var must = steps.Must;
            // a buys 20,000 t at a 42.00 cap (at most 5,000 t per member); b and c offer, c withdraws one offer and offers again.
            await must("a", new AnnounceAuction("buy-a", "CEA21", 20_000, 42_00, Opens, Closes, Side: Side.Buy, BuyerAccount: "a"), Announced);
            await must("b", new SubmitAuctionBid("buy-a", "b1", "b", 41_00, 5_000), Opens);
            await must("c", new SubmitAuctionBid("buy-a", "c1", "c", 40_00, 5_000), Opens.AddMinutes(1));
            await must("c", new WithdrawAuctionBid("buy-a", "c1", "c"), Opens.AddMinutes(2));
            await must("c", new SubmitAuctionBid("buy-a", "c2", "c", 41_50, 4_000), Opens.AddMinutes(3));
            await must(MarketSetup.ExchangeOperator, new ClearAuction("buy-a"), Closes);
        }, w =>
        {
            var registry = w.Get<RegistryState>();
            Assert.Equal((41_50L, 9_000L), (w.Get<ExchangeState>().Auction("buy-a")!.Result!.ClearingPriceFen!.Value, w.Get<ExchangeState>().Auction("buy-a")!.Result!.PlacedT));
            Assert.Equal((29_000L, 16_000L), (registry.HoldingOf("a", "CEA21")!.Held, registry.HoldingOf("c", "CEA21")!.Held));
            Assert.Empty(registry.Locks);
        });
}
