// A halt that outlives the close (halt.ends_at_close false in the instrument's rulebook): it lasts until resumed, across
// closes and openings; it may be ordered and lifted while no day is open; a day opened under it opens halted; and it stops
// one-way bidding of the instrument on any day. Where a halt ends at the close (the national rulebook) none of that is
// taken. The halt survives a replay from the journal and a restart from a snapshot taken on a later day.
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class StandingHaltTests
{
    private const string Reason = "Investigation of abnormal trading; notice 2021-12";
    private static readonly DateTimeOffset HaltedAt = new(2021, 7, 19, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset MondayClose = new(2021, 7, 19, 15, 0, 0, Beijing);
    private static readonly DateTimeOffset TuesdayOpen = new(2021, 7, 20, 9, 15, 0, Beijing);
    private static readonly DateTimeOffset Tuesday = new(2021, 7, 20, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset TuesdayClose = new(2021, 7, 20, 15, 0, 0, Beijing);
    private static readonly DateTimeOffset Evening = new(2021, 7, 20, 18, 0, 0, Beijing);
    private static readonly DateTimeOffset Wednesday = new(2021, 7, 21, 10, 0, 0, Beijing);

    /// <summary>The national rulebook with halts that outlive the close.</summary>
    internal static readonly TradingRulebook UntilResumed = TradingRulebook.National with { HaltEndsAtClose = false };

    [Fact]
    public void A_halt_that_outlives_the_close_halts_the_next_day_from_its_opening_until_resumed()
    {
        var floor = new TradingFloor(UntilResumed);
        Assert.True(floor.Order(Seller, "s1", Side.Sell, 52_00, 1_000).Accepted);
        var halted = floor.Must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), HaltedAt);
        Assert.Equal(new TradingHalted("CEA21", HaltedAt, MarketSetup.Regulator, Reason, UntilResumed: true), Assert.Single(halted.Events));
        var halt = new TradingHalt(HaltedAt, MarketSetup.Regulator, Reason);
        Assert.Equal(halt, floor.Exchange.Day("CEA21")!.Halt);

        // The close ends the day, not the halt: with no day open it stays in force and is listed as such.
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), MondayClose);
        Assert.Null(floor.Exchange.Day("CEA21"));
        Assert.Equal(halt, floor.Exchange.Halt("CEA21"));
        Assert.Equal([("CEA21", halt)], floor.Exchange.HaltsWithoutADay);
        var again = floor.Submit(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", "Again"), Evening);
        Assert.Equal(("already_halted", $"CEA21 is already halted since 2021-07-19 10:00 market time: {Reason}"), (again.Rejection!.Code, again.Rejection.Message));

        // Tuesday opens halted: every order is refused with Monday's halt; the exchange operator may not lift the regulator's.
        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 51_23), TuesdayOpen);
        Assert.Equal(halt, floor.Exchange.Day("CEA21")!.Halt);
        Assert.Empty(floor.Exchange.HaltsWithoutADay);
        var refused = floor.Submit(Seller, new PlaceOrder("CEA21", "s2", Seller, Side.Sell, 52_00, 1_000), Tuesday);
        Assert.Equal(("trading_halted", $"Trading in CEA21 is halted since 2021-07-19 10:00 market time: {Reason}"), (refused.Rejection!.Code, refused.Rejection.Message));
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.ExchangeOperator, new ResumeTrading("CEA21"), Tuesday));

        // Lifted by the regulator with no day open (Tuesday closed): nothing is halted, Wednesday opens trading.
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), TuesdayClose);
        var resumed = floor.Must(MarketSetup.Regulator, new ResumeTrading("CEA21"), Evening);
        Assert.Equal(new TradingResumed("CEA21", Evening, MarketSetup.Regulator), Assert.Single(resumed.Events));
        Assert.Null(floor.Exchange.Halt("CEA21"));
        Assert.Equal("not_halted", floor.Rejects(MarketSetup.Regulator, new ResumeTrading("CEA21"), Evening));
        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 21), 51_23), Wednesday.AddMinutes(-45));
        Assert.Null(floor.Exchange.Day("CEA21")!.Halt);
        Assert.True(floor.Order(Seller, "s3", Side.Sell, 52_00, 1_000, Wednesday).Accepted);
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void A_halt_ordered_between_days_halts_the_next_day_and_the_exchange_operator_lifts_its_own()
    {
        var floor = new TradingFloor(UntilResumed);
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), MondayClose);
        Assert.Equal("invalid_reason", floor.Rejects(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", " "), Evening));
        Assert.Equal("not_authorized", floor.Rejects(Seller, new HaltTrading("CEA21", Reason), Evening));
        Assert.Equal("not_halted", floor.Rejects(MarketSetup.ExchangeOperator, new ResumeTrading("CEA21"), Evening));
        floor.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), Evening);
        floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 51_23), TuesdayOpen);
        Assert.Equal("trading_halted", floor.Rejects(Seller, new PlaceOrder("CEA21", "s1", Seller, Side.Sell, 52_00, 1_000), Tuesday));
        floor.Must(MarketSetup.ExchangeOperator, new ResumeTrading("CEA21"), Tuesday.AddMinutes(5));
        Assert.True(floor.Order(Seller, "s1", Side.Sell, 52_00, 1_000, Tuesday.AddMinutes(6)).Accepted);
    }

    [Fact]
    public void Where_a_halt_ends_at_the_close_none_is_ordered_or_lifted_without_an_open_day()
    {
        Assert.True(TradingRulebook.National.HaltEndsAtClose);
        var floor = new TradingFloor();
        var dayHalt = floor.Must(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), HaltedAt);
        Assert.Equal(new TradingHalted("CEA21", HaltedAt, MarketSetup.ExchangeOperator, Reason), Assert.Single(dayHalt.Events));
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), MondayClose);
        Assert.Null(floor.Exchange.Halt("CEA21"));
        var refused = floor.Submit(MarketSetup.ExchangeOperator, new HaltTrading("CEA21", Reason), Evening);
        Assert.Equal(("market_closed", "No trading day is open for CEA21, and under its rulebook a halt ends when the day closes (halt.ends_at_close)."),
            (refused.Rejection!.Code, refused.Rejection.Message));
        Assert.Equal("market_closed", floor.Rejects(MarketSetup.ExchangeOperator, new ResumeTrading("CEA21"), Evening));
    }

    [Fact]
    public void The_rulebook_value_is_read_from_the_file_and_a_day_halt_is_written_as_before()
    {
        using var stream = typeof(TradingRulebook).Assembly.GetManifestResourceStream("cn-national.json")!;
        var node = JsonNode.Parse(stream)!;
        node["halt"]!["ends_at_close"]!["value"] = false;
        using var doc = JsonDocument.Parse(node.ToJsonString());
        Assert.False(TradingRulebook.Parse("carried", doc.RootElement).HaltEndsAtClose);
        node["halt"]!["ends_at_close"]!["value"] = "no";
        using var text = JsonDocument.Parse(node.ToJsonString());
        Assert.ThrowsAny<Exception>(() => TradingRulebook.Parse("carried", text.RootElement));

        // A day's halt carries no until_resumed in the journal; a halt that outlives the close says so.
        var json = new ModuleCatalog(new RegistryModule(), new ExchangeModule()).Json;
        Assert.DoesNotContain("until_resumed", JsonSerializer.Serialize<Event>(new TradingHalted("CEA21", HaltedAt, "x", Reason), json), StringComparison.Ordinal);
        var standing = JsonSerializer.Serialize<Event>(new TradingHalted("CEA21", HaltedAt, "x", Reason, UntilResumed: true), json);
        Assert.Contains("\"until_resumed\":true", standing, StringComparison.Ordinal);
        Assert.Equal(new TradingHalted("CEA21", HaltedAt, "x", Reason, UntilResumed: true), JsonSerializer.Deserialize<Event>(standing, json));
    }

    [Fact]
    public void A_halt_that_outlives_the_close_refuses_auction_bids_and_clearing_on_a_day_with_no_open_day()
    {
        var floor = new TradingFloor(UntilResumed, auctionRules: AuctionModuleTests.WithFees);
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", AuctionModuleTests.AuctionAccount, 100_000));
        floor.OpenMember(ExchangeModule.DefaultFeeAccount, 0, 0);
        floor.OpenMember("a", 0, AuctionModuleTests.MemberCashFen);
        floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), MondayClose);
        // Tuesday's auction, with no trading day of CEA21 open on Tuesday.
        floor.Must(MarketSetup.Regulator, new AnnounceAuction("paid-t", "CEA21", 100_000, 40_00, Tuesday, Tuesday.AddHours(1), AuctionModuleTests.AuctionAccount), Evening.AddDays(-1));
        floor.Must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), Evening.AddDays(-1).AddMinutes(5));
        var bid = floor.Submit("a", new SubmitAuctionBid("paid-t", "a1", "a", 42_00, 25_000), Tuesday.AddMinutes(1));
        Assert.Equal(("trading_halted", "Trading in CEA21 is halted since 2021-07-19 18:05 market time: " + Reason), (bid.Rejection!.Code, bid.Rejection.Message));
        Assert.Equal(0, floor.LockedCash("a"));
        floor.Must(MarketSetup.Regulator, new ResumeTrading("CEA21"), Tuesday.AddMinutes(2));
        floor.Must("a", new SubmitAuctionBid("paid-t", "a1", "a", 42_00, 25_000), Tuesday.AddMinutes(3));
        floor.Must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), Tuesday.AddMinutes(4));
        Assert.Equal("trading_halted", floor.Rejects(MarketSetup.ExchangeOperator, new ClearAuction("paid-t"), Tuesday.AddHours(1)));
        floor.Must(MarketSetup.Regulator, new ResumeTrading("CEA21"), Tuesday.AddHours(1).AddMinutes(1));
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-t"), Tuesday.AddHours(1).AddMinutes(2));
        Assert.Equal(25_000, floor.Units("a"));
    }

    [Fact]
    public async Task A_halt_that_outlives_the_close_replays_and_restarts_from_a_later_days_snapshot_still_in_force()
    {
        static ModuleCatalog Catalog() => new(new RegistryModule(), new ExchangeModule(UntilResumed));
        var db = Path.Combine(Path.GetTempPath(), $"openets-standing-halt-{Guid.NewGuid():N}.db");
        try
        {
            var hash = await TradingHaltTests.OnJournal(db, Catalog, async (send, must) =>
            {
                await must(Seller, new PlaceOrder("CEA21", "s1", Seller, Side.Sell, 52_00, 3_000), Morning);
                await must(MarketSetup.Regulator, new HaltTrading("CEA21", Reason), HaltedAt);
                await must(MarketSetup.ExchangeOperator, new CloseTradingDay("CEA21"), MondayClose);
                // Tuesday's opening forgets Monday's events, but not the halt still in force.
                await must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 20), 51_23), TuesdayOpen);
                Assert.Equal("trading_halted", (await send(Seller, new PlaceOrder("CEA21", "s2", Seller, Side.Sell, 52_00, 1_000), Tuesday)).Rejection?.Code);
            });
            var halt = new TradingHalt(HaltedAt, MarketSetup.Regulator, Reason);
            await AuctionReplayTests.ReopensAlike(db, Catalog, hash, w => Assert.Equal(halt, w.Get<ExchangeState>().Day("CEA21")!.Halt));
            // Restarted from the snapshot taken on Tuesday: the halt is still in force and only the regulator lifts it.
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog()))
            {
                Assert.Equal(halt, await engine.QueryAsync(w => w.Get<ExchangeState>().Halt("CEA21")));
                var refused = await engine.SubmitAsync(new CommandEnvelope("after-1", Seller, Tuesday.AddMinutes(5), new PlaceOrder("CEA21", "s3", Seller, Side.Sell, 52_00, 1_000)));
                Assert.Equal("trading_halted", refused.Rejection?.Code);
                Assert.Equal("not_authorized", (await engine.SubmitAsync(new CommandEnvelope("after-2", MarketSetup.ExchangeOperator, Tuesday.AddMinutes(6), new ResumeTrading("CEA21")))).Rejection?.Code);
                await engine.SubmitAsync(new CommandEnvelope("after-3", MarketSetup.ExchangeOperator, TuesdayClose, new CloseTradingDay("CEA21")));
                Assert.True((await engine.SubmitAsync(new CommandEnvelope("after-4", MarketSetup.Regulator, Evening, new ResumeTrading("CEA21")))).Accepted);
                Assert.Null(await engine.QueryAsync(w => w.Get<ExchangeState>().Halt("CEA21")));
            }
        }
        finally
        {
            AuctionReplayTests.DeleteDatabase(db);
        }
    }
}
