// Market halts through the engine with the registry: while an instrument is halted no order, block proposal or
// acceptance is taken (trading_halted, naming the reason and since when), cancels and declines still release their
// locks, and trading resumes after exchange.resume_trading or with the next day; the halt replays on a SQLite journal.
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class TradingHaltTests
{
    private static readonly DateTimeOffset HaltedAt = new(2021, 7, 19, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset Afternoon = new(2021, 7, 19, 13, 30, 0, Beijing);
    private const string Reason = "Abnormal price swings; notice 2021-07";

    [Fact]
    public void Orders_are_refused_trading_halted_while_cancels_release_their_locks_and_trading_resumes_after_resume()
    {
        var floor = new TradingFloor();
        Assert.True(floor.Order(Seller, "s1", Side.Sell, 52_00, 1_000).Accepted);
        Assert.True(floor.Order(Buyer, "b1", Side.Buy, 50_00, 2_000).Accepted);
        var halted = floor.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), HaltedAt);
        Assert.Equal(new TradingHalted("CEA21", HaltedAt, MarketSetup.ExchangeOperator, Reason), Assert.Single(halted.Events));
        Assert.Equal(new TradingHalt(HaltedAt, MarketSetup.ExchangeOperator, Reason), floor.Exchange.Day("CEA21")!.Halt);

        // A buy that would cross the resting sell, and a new sell: refused, nothing locked or traded.
        var refused = floor.Submit(Buyer, new PlaceOrder("CEA21", "b2", Buyer, Side.Buy, 52_00, 1_000), HaltedAt.AddMinutes(5));
        Assert.Equal("trading_halted", refused.Rejection!.Code);
        Assert.Equal($"Trading in CEA21 is halted since 2021-07-19 10:00 market time: {Reason}", refused.Rejection.Message);
        Assert.Equal("trading_halted", floor.Rejects(Buyer, new PlaceOrder("CEA21", "b2", Buyer, Side.Buy, 52_00, 1_000), HaltedAt.AddMinutes(5)));
        Assert.Equal("trading_halted", floor.Rejects(Seller, new PlaceOrder("CEA21", "s2", Seller, Side.Sell, 50_00, 500), HaltedAt.AddMinutes(5)));
        Assert.Empty(floor.Exchange.Day("CEA21")!.Ledger.Trades);

        // Members withdraw their risk during the halt: each cancel releases its lock.
        floor.Must(Seller, new CancelOrder("CEA21", "s1", Seller), HaltedAt.AddMinutes(6));
        floor.Must(Buyer, new CancelOrder("CEA21", "b1", Buyer), HaltedAt.AddMinutes(6));
        Assert.Equal((0L, 0L, 0), (floor.LockedUnits(Seller), floor.LockedCash(Buyer), floor.OrderLocks));

        var resumed = floor.Must(MarketSetup.ExchangeOperator, new ResumeTrading("CEA21"), HaltedAt.AddMinutes(30));
        Assert.Equal(new TradingResumed("CEA21", HaltedAt.AddMinutes(30), MarketSetup.ExchangeOperator), Assert.Single(resumed.Events));
        Assert.Null(floor.Exchange.Day("CEA21")!.Halt);
        Assert.True(floor.Order(Seller, "s3", Side.Sell, 52_00, 1_000, HaltedAt.AddMinutes(31)).Accepted);
        Assert.True(floor.Order(Buyer, "b3", Side.Buy, 52_00, 1_000, HaltedAt.AddMinutes(32)).Accepted);
        Assert.Equal((1_000L, 1_000L), (floor.Units(Buyer), SellerUnitsT - floor.Units(Seller)));
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void Block_proposals_and_acceptances_are_refused_while_halted_and_a_decline_releases_the_lock()
    {
        var floor = new TradingFloor();
        floor.OpenMember("fund-c", 300_000, 0);
        floor.Must("fund-c", new ProposeBlockTrade("CEA21", "k1", "fund-c", Buyer, Side.Sell, 60_00, 100_000), Afternoon);
        floor.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), Afternoon.AddMinutes(1));
        Assert.Equal("trading_halted", floor.Rejects("fund-c", new ProposeBlockTrade("CEA21", "k2", "fund-c", Buyer, Side.Sell, 60_00, 100_000), Afternoon.AddMinutes(2)));
        Assert.Equal("trading_halted", floor.Rejects(Buyer, new AcceptBlockTrade("CEA21", "k1", Buyer), Afternoon.AddMinutes(2)));
        Assert.Equal(0, floor.Units(Buyer));
        floor.Must(Buyer, new DeclineBlockTrade("CEA21", "k1", Buyer), Afternoon.AddMinutes(3));
        Assert.Equal((0L, 0), (floor.LockedUnits("fund-c"), floor.OrderLocks));
    }

    [Fact]
    public void The_exchange_operator_and_the_regulator_halt_and_resume_and_no_one_else()
    {
        var floor = new TradingFloor();
        foreach (var actor in new[] { Seller, MarketSetup.RegistryOperator, "nobody" })
        {
            Assert.Equal("not_authorized", floor.Rejects(actor, new HaltTrading("CEA21", Reason), HaltedAt));
        }
        Assert.Equal("unknown_unit_class", floor.Rejects(MarketSetup.ExchangeOperator, new HaltTrading("CEA99", Reason), HaltedAt));
        Assert.Equal("market_closed", floor.Rejects(MarketSetup.ExchangeOperator, new HaltTrading("CEA22", Reason), HaltedAt));
        Assert.Equal("invalid_reason", floor.Rejects(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", " "), HaltedAt));
        Assert.Equal("invalid_reason", floor.Rejects(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", new string('x', 201)), HaltedAt));
        Assert.Equal("not_halted", floor.Rejects(MarketSetup.ExchangeOperator, new ResumeTrading("CEA21"), HaltedAt));

        floor.Must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), HaltedAt);
        var again = floor.Submit(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", "Another reason"), HaltedAt.AddMinutes(1));
        Assert.Equal("already_halted", again.Rejection!.Code);
        Assert.Contains(Reason, again.Rejection.Message);
        Assert.Equal("already_halted", floor.Rejects(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", "Another reason"), HaltedAt.AddMinutes(1)));
        Assert.Equal("not_authorized", floor.Rejects(Seller, new ResumeTrading("CEA21"), HaltedAt.AddMinutes(2)));
        // A halt the regulator ordered is lifted by the regulator only; one the exchange ordered, by either.
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.ExchangeOperator, new ResumeTrading("CEA21"), HaltedAt.AddMinutes(2)));
        floor.Must(MarketSetup.Regulator, new ResumeTrading("CEA21"), HaltedAt.AddMinutes(2));
        floor.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), HaltedAt.AddMinutes(3));
        floor.Must(MarketSetup.Regulator, new ResumeTrading("CEA21"), HaltedAt.AddMinutes(4));
        floor.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), HaltedAt.AddMinutes(5));
        floor.Must(MarketSetup.ExchangeOperator, new ResumeTrading("CEA21"), HaltedAt.AddMinutes(6));
    }

    [Fact]
    public void A_halt_ends_when_the_trading_day_closes()
    {
        var floor = new TradingFloor();
        Assert.True(floor.Order(Seller, "s1", Side.Sell, 52_00, 1_000).Accepted);
        floor.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), HaltedAt);
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), new DateTimeOffset(2021, 7, 19, 15, 0, 0, Beijing));
        Assert.Equal(0, floor.OrderLocks);
        var tuesday = new DateTimeOffset(2021, 7, 20, 9, 45, 0, Beijing);
        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 51_23), tuesday);
        Assert.Null(floor.Exchange.Day("CEA21")!.Halt);
        Assert.True(floor.Order(Seller, "s2", Side.Sell, 52_00, 1_000, tuesday).Accepted);
    }

    [Fact]
    public void The_rulebooks_let_the_exchange_operator_and_the_regulator_halt_until_the_close()
    {
        Assert.Equal([Role.Regulator, Role.ExchangeOperator], TradingRulebook.National.HaltOrderedBy.Order());
        Assert.Equal([Role.Regulator, Role.ExchangeOperator], TradingRulebook.Ccer.HaltOrderedBy.Order());
        Assert.Equal(200, TradingRulebook.National.HaltMaxReasonChars);
        Assert.True(TradingRulebook.National.HaltEndsAtClose && TradingRulebook.Ccer.HaltEndsAtClose && TradingRulebook.Beijing.HaltEndsAtClose);
    }

    [Fact]
    public async Task A_halt_replays_from_the_journal_and_from_a_snapshot_to_the_same_state_hash()
    {
        static ModuleCatalog Catalog() => new(new RegistryModule(), new ExchangeModule());
        var db = Path.Combine(Path.GetTempPath(), $"openets-halt-{Guid.NewGuid():N}.db");
        try
        {
            var hash = await OnJournal(db, Catalog, async (send, must) =>
            {
                await must(Seller, new PlaceOrder("CEA21", "s1", Seller, Side.Sell, 52_00, 3_000), Morning);
                await must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), HaltedAt);
                Assert.Equal("trading_halted", (await send(Buyer, new PlaceOrder("CEA21", "b1", Buyer, Side.Buy, 52_00, 1_000), HaltedAt)).Rejection?.Code);
                await must(MarketSetup.Regulator, new ResumeTrading("CEA21"), HaltedAt.AddMinutes(10));
                await must(Buyer, new PlaceOrder("CEA21", "b1", Buyer, Side.Buy, 52_00, 1_000), HaltedAt.AddMinutes(11));
                // The second halt is still in force when the engine stops.
                await must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", "Second halt"), HaltedAt.AddMinutes(20));
            });
            await AuctionReplayTests.ReopensAlike(db, Catalog, hash, w =>
            {
                var day = w.Get<ExchangeState>().Day("CEA21")!;
                Assert.Equal(new TradingHalt(HaltedAt.AddMinutes(20), MarketSetup.ExchangeOperator, "Second halt"), day.Halt);
                Assert.Single(day.Ledger.Trades);
                Assert.Equal(2_000, w.Get<RegistryState>().HoldingOf(Seller, "CEA21")!.Locked);
            });
            // After a restart from the snapshot the halt still refuses orders and still resumes.
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog()))
            {
                var refused = await engine.SubmitAsync(new CommandEnvelope("after-1", Buyer, HaltedAt.AddMinutes(25), new PlaceOrder("CEA21", "b2", Buyer, Side.Buy, 52_00, 1_000)));
                Assert.Equal("trading_halted", refused.Rejection?.Code);
                Assert.True((await engine.SubmitAsync(new CommandEnvelope("after-2", MarketSetup.ExchangeOperator, HaltedAt.AddMinutes(26), new ResumeTrading("CEA21")))).Accepted);
            }
        }
        finally
        {
            AuctionReplayTests.DeleteDatabase(db);
        }
    }

    /// <summary>Sends a command through the engine and answers its outcome.</summary>
    internal delegate Task<Outcome> Send(string actor, Command command, DateTimeOffset time);

    /// <summary>Sends a command through the engine and asserts it is accepted.</summary>
    internal delegate Task Must(string actor, Command command, DateTimeOffset time);

    /// <summary>
    /// Opens an engine on the SQLite journal at <paramref name="db"/>, sets up the national market with the seller's units and
    /// the buyer's cash and Monday's CEA21 day open, runs <paramref name="steps"/> and answers the state hash at the end.
    /// </summary>
    internal static async Task<string> OnJournal(string db, Func<ModuleCatalog> catalog, Func<Send, Must, Task> steps)
    {
        var n = 0;
        await using var engine = Engine.Open(JournalFactory.Open(db), catalog());
        async Task<Outcome> SendOne(string actor, Command command, DateTimeOffset time) =>
            await engine.SubmitAsync(new CommandEnvelope($"c{++n}", actor, time, command));
        async Task MustOne(string actor, Command command, DateTimeOffset time) =>
            Assert.True((await SendOne(actor, command, time)).Accepted, command.ToString());
        foreach (var step in MarketSetup.National())
            await MustOne(step.Actor, step.Command, Morning);
        await MustOne(MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 100_000), Morning);
        await MustOne(MarketSetup.RegistryOperator, new OpenAccount(Seller, "cn", Seller, AccountKind.CoveredEntity), Morning);
        await MustOne(MarketSetup.RegistryOperator, new OpenAccount(Buyer, "cn", Buyer, AccountKind.CoveredEntity), Morning);
        await MustOne(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", Seller, "CEA21", SellerUnitsT), Morning);
        await MustOne(MarketSetup.RegistryOperator, new DepositCash(Buyer, BuyerCashFen), Morning);
        await MustOne(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", Monday, 51_23), Morning);
        await steps(SendOne, MustOne);
        return await engine.QueryAsync(w => w.StateHash());
    }
}
