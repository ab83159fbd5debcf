// The last ways out of the auction account: the regulator pays auction proceeds to the market's treasury account
// (exchange.pay_proceeds) and has an auction's unsold units cancelled (exchange.cancel_unsold). The paid share, 100,000 t
// of CEA21 at a 40.00 floor, places 60,000 t at 40.00 (2,400,000.00 yuan of proceeds) and leaves 40,000 t unsold.
// Every refusal changes nothing; cash and units are conserved; a replay and a snapshot give the same state.
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class AuctionProceedsTests
{
    internal const string Treasury = "cn-TREASURY";
    private const string Cancellation = "cn-CANCELLATION";
    private const string Reserve = "cn-RESERVE";
    internal const long ProceedsFen = 2_400_000_00;

    /// <summary>The paid share cleared: 60,000 t placed at 40.00, 40,000 t back in cn-AUCTION, the proceeds in it.</summary>
    internal static TradingFloor Cleared(AuctionRulebook? rules = null, bool openTreasury = true)
    {
        var floor = AuctionFloor(rules ?? AuctionRulebook.National);
        if (openTreasury)
            floor.Must(MarketSetup.Regulator, new OpenAccount(Treasury, "cn", "finance", AccountKind.Treasury, "State treasury"));
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Assert.True(Bid(floor, "a", "a1", 42_00, 25_000).Accepted);
        Assert.True(Bid(floor, "b", "b1", 41_00, 25_000, 1).Accepted);
        Assert.True(Bid(floor, "c", "c1", 40_00, 10_000, 2).Accepted);
        var cleared = Assert.IsType<AuctionCleared>(floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes).Events[0]);
        Assert.Equal((40_00L, 60_000L, 40_000L), (cleared.ClearingPriceFen!.Value, cleared.PlacedT, cleared.UnplacedT));
        Assert.Equal((ProceedsFen, 40_000L), (floor.Cash(AuctionAccount), floor.Units(AuctionAccount)));
        return floor;
    }

    private static void AssertConserved(TradingFloor floor)
    {
        var r = floor.Registry;
        foreach (var cls in new[] { "CNY", "CEA21" })
            Assert.Equal(r.Classes[cls].Issued, r.Accounts.Keys.Sum(a => r.HoldingOf(a, cls)?.Held ?? 0));
        Assert.Empty(RegistryInvariants.Violations(r));
    }

    [Fact]
    public void The_regulator_pays_proceeds_to_the_treasury_account_the_rulebook_names()
    {
        var floor = Cleared();
        var paid = floor.Must(MarketSetup.Regulator, new PayProceeds("cn", 2_000_000_00), Closes);
        Assert.Equal(new ProceedsPaid("cn", AuctionAccount, Treasury, "CNY", 2_000_000_00), paid.Events.OfType<ProceedsPaid>().Single());
        var moved = paid.Events.OfType<UnitsTransferred>().Single();
        Assert.Equal((AuctionAccount, Treasury, "CNY", 2_000_000_00L), (moved.From, moved.To, moved.ClassId, moved.Quantity));
        Assert.Equal((400_000_00L, 2_000_000_00L), (floor.Cash(AuctionAccount), floor.Cash(Treasury)));

        // The rest, named explicitly; then nothing is left to pay.
        floor.Must(MarketSetup.Regulator, new PayProceeds("cn", 400_000_00, Treasury), Closes);
        Assert.Equal((0L, ProceedsFen), (floor.Cash(AuctionAccount), floor.Cash(Treasury)));
        Assert.Equal("insufficient_cash", floor.Rejects(MarketSetup.Regulator, new PayProceeds("cn", 1), Closes));
        // The unsold units stay where they were; the treasury's holder cannot move its cash, the registry operator pays it out.
        Assert.Equal(40_000, floor.Units(AuctionAccount));
        Assert.Equal("not_authorized", floor.Rejects("finance", new Transfer(Treasury, "a", "CNY", 1_00), Closes));
        floor.Must(MarketSetup.RegistryOperator, new WithdrawCash(Treasury, ProceedsFen), Closes);
        Assert.Equal(0, floor.Cash(Treasury));
        AssertConserved(floor);
    }

    [Fact]
    public void Each_refusal_of_a_payment_has_its_code_and_moves_nothing()
    {
        var floor = Cleared();
        foreach (var actor in new[] { "a", MarketSetup.RegistryOperator, MarketSetup.ExchangeOperator, "finance" })
            Assert.Equal("not_authorized", floor.Rejects(actor, new PayProceeds("cn", 1_000_00), Closes));
        Assert.Equal("unknown_market", floor.Rejects(MarketSetup.Regulator, new PayProceeds("eu", 1_000_00), Closes));
        Assert.Equal("quantity_not_positive", floor.Rejects(MarketSetup.Regulator, new PayProceeds("cn", 0), Closes));
        Assert.Equal("quantity_not_positive", floor.Rejects(MarketSetup.Regulator, new PayProceeds("cn", -1_00), Closes));
        Assert.Equal("unknown_account", floor.Rejects(MarketSetup.Regulator, new PayProceeds("cn", 1_000_00, "nowhere"), Closes));
        // A member's account, or a system account, is no treasury account.
        foreach (var to in new[] { "a", "cn-RESERVE", "cn-ISSUANCE" })
            Assert.Equal("not_a_treasury_account", floor.Rejects(MarketSetup.Regulator, new PayProceeds("cn", 1_000_00, to), Closes));
        // More than the proceeds held: the regulator reads how much there is.
        var shortfall = floor.Submit(MarketSetup.Regulator, new PayProceeds("cn", ProceedsFen + 1), Closes);
        Assert.Equal("insufficient_cash", shortfall.Rejection!.Code);
        Assert.Contains("has 2400000.00 CNY available", shortfall.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal("insufficient_cash", floor.Rejects(MarketSetup.Regulator, new PayProceeds("cn", ProceedsFen + 1), Closes));
        // A frozen treasury account takes nothing until unfrozen.
        floor.Must(MarketSetup.Regulator, new FreezeAccount(Treasury, "court order"), Closes);
        Assert.Equal("account_frozen", floor.Rejects(MarketSetup.Regulator, new PayProceeds("cn", 1_000_00), Closes));
        floor.Must(MarketSetup.Regulator, new UnfreezeAccount(Treasury), Closes);
        Assert.Equal((ProceedsFen, 0L), (floor.Cash(AuctionAccount), floor.Cash(Treasury)));
        floor.Must(MarketSetup.Regulator, new PayProceeds("cn", ProceedsFen), Closes);
        AssertConserved(floor);
    }

    [Fact]
    public void Without_the_treasury_account_the_rulebook_names_a_payment_is_refused_with_how_to_open_it()
    {
        var floor = Cleared(openTreasury: false);
        var refused = floor.Submit(MarketSetup.Regulator, new PayProceeds("cn", 1_000_00), Closes);
        Assert.Equal("unknown_account", refused.Rejection!.Code);
        Assert.Contains("'cn-TREASURY' the auction rulebook names is not open", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal("unknown_account", floor.Rejects(MarketSetup.Regulator, new PayProceeds("cn", 1_000_00), Closes));
        // A holder's own account kinds are opened by the registry operator; the treasury kind too, but no one else's.
        Assert.Equal("not_authorized", floor.Rejects("a", new OpenAccount(Treasury, "cn", "a", AccountKind.Treasury), Closes));
        floor.Must(MarketSetup.RegistryOperator, new OpenAccount("cn-STATE", "cn", "finance", AccountKind.Treasury), Closes);
        floor.Must(MarketSetup.Regulator, new PayProceeds("cn", 1_000_00, "cn-STATE"), Closes);
        Assert.Equal(1_000_00, floor.Cash("cn-STATE"));
    }

    [Fact]
    public void The_regulator_cancels_unsold_units_it_holds_free_never_those_a_standing_auction_locks()
    {
        var floor = Cleared();
        // The unsold 40,000 t: 30,000 t offered again and locked, 10,000 t free.
        floor.Must(MarketSetup.Regulator, Notice("paid-2021b", 30_000) with { OpensAt = Opens.AddDays(1), ClosesAt = Closes.AddDays(1) }, Closes);
        Assert.Equal(30_000, floor.LockedUnits(AuctionAccount));

        Assert.Equal("not_authorized", floor.Rejects("a", new CancelUnsold("CEA21"), Closes));
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.ExchangeOperator, new CancelUnsold("CEA21", 1_000), Closes));
        Assert.Equal("unknown_unit_class", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA99"), Closes));
        Assert.Equal("unknown_unit_class", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CNY"), Closes));
        Assert.Equal("quantity_not_positive", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21", 0), Closes));
        // No auction of CEA22 has cleared.
        floor.Must(MarketSetup.Regulator, new Issue("CEA22", AuctionAccount, 5_000), Closes);
        Assert.Equal("no_unsold_units", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA22"), Closes));
        Assert.Equal("units_in_open_auction", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21", 10_001), Closes));
        Assert.Equal("insufficient_units", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21", 40_001), Closes));

        var first = floor.Must(MarketSetup.Regulator, new CancelUnsold("CEA21", 4_000), Closes);
        Assert.Equal(new UnsoldCancelled("cn", "CEA21", AuctionAccount, Cancellation, 4_000), first.Events.OfType<UnsoldCancelled>().Single());
        var registryCancel = first.Events.OfType<UnitsCancelled>().Single();
        Assert.Equal((AuctionAccount, "CEA21", 4_000L, "unsold at auction (exchange.cancel_unsold)"), (registryCancel.AccountId, registryCancel.ClassId, registryCancel.Quantity, registryCancel.Reason));
        var all = floor.Must(MarketSetup.Regulator, new CancelUnsold("CEA21"), Closes);
        Assert.Equal(6_000, all.Events.OfType<UnsoldCancelled>().Single().QuantityT);
        Assert.Equal((30_000L, 30_000L, 10_000L), (floor.Units(AuctionAccount), floor.LockedUnits(AuctionAccount), floor.Units(Cancellation)));
        // All that is left is locked by the standing auction.
        Assert.Equal("units_in_open_auction", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21"), Closes));
        // Cancelled units never come back, and the cash was not touched.
        Assert.Equal("final_account", floor.Rejects(MarketSetup.RegistryOperator, new Transfer(Cancellation, AuctionAccount, "CEA21", 1), Closes));
        Assert.Equal(ProceedsFen, floor.Cash(AuctionAccount));
        AssertConserved(floor);
    }

    [Fact]
    public void A_cancellation_takes_no_more_than_the_latest_auction_left_unsold_never_the_units_waiting_for_a_later_auction()
    {
        var floor = Cleared();   // paid-2021 left 40,000 t unsold
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 50_000), Closes);   // the share of a later auction
        Assert.Equal(90_000, floor.Units(AuctionAccount));
        var over = floor.Submit(MarketSetup.Regulator, new CancelUnsold("CEA21", 40_001), Closes);
        Assert.Equal("exceeds_unsold", over.Rejection!.Code);
        Assert.Equal("Auction paid-2021 of CEA21 left 40,000 t unsold, 0 t of them cancelled or returned to the reserve already: at most 40,000 t may be cancelled; "
            + "the rest of 'cn-AUCTION' waits for a later auction.", over.Rejection.Message);
        floor.Must(MarketSetup.Regulator, new CancelUnsold("CEA21", 15_000), Closes);
        Assert.Equal("exceeds_unsold", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21", 25_001), Closes));
        Assert.Equal(new UnsoldUnits("paid-2021", 40_000, 15_000), ExchangeModule.State(floor.World).Unsold("CEA21", AuctionAccount));
        // Without a quantity: the 25,000 t still unsold, not the 75,000 t the account holds free.
        var rest = floor.Must(MarketSetup.Regulator, new CancelUnsold("CEA21"), Closes);
        Assert.Equal(25_000, rest.Events.OfType<UnsoldCancelled>().Single().QuantityT);
        Assert.Equal((50_000L, 40_000L), (floor.Units(AuctionAccount), floor.Units(Cancellation)));
        var again = floor.Submit(MarketSetup.Regulator, new CancelUnsold("CEA21", 1), Closes);
        Assert.Equal(("no_unsold_units", "The 40,000 t auction paid-2021 left unsold are cancelled or returned to the reserve already."), (again.Rejection!.Code, again.Rejection.Message));
        AssertConserved(floor);
    }

    [Fact]
    public void Before_any_auction_of_the_class_has_cleared_nothing_is_unsold()
    {
        var floor = AuctionFloor(AuctionRulebook.National);
        Assert.Equal("no_unsold_units", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21"), Announced));
        floor.Must(MarketSetup.Regulator, Notice(), Announced);
        Assert.Equal("no_unsold_units", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21"), Closes));
        // Sold out: nothing unsold either.
        foreach (var (m, i) in new[] { "a", "b", "c", "d" }.Select((m, i) => (m, i)))
            Assert.True(Bid(floor, m, m + "1", 40_00, 25_000, i).Accepted);
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
        Assert.Equal("no_unsold_units", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21"), Closes));
    }

    [Fact]
    public void The_rulebook_says_who_orders_a_payment_and_a_cancellation()
    {
        Assert.Equal("cn-TREASURY", AuctionRulebook.National.ProceedsAccount("cn"));
        Assert.Equal(new[] { Role.Regulator }, AuctionRulebook.National.ProceedsOrderedBy);
        Assert.Equal(new[] { Role.Regulator }, AuctionRulebook.National.UnsoldOrderedBy);
        var byExchange = AuctionRulebook.National with { ProceedsOrderedBy = new HashSet<Role> { Role.ExchangeOperator }, UnsoldOrderedBy = new HashSet<Role> { Role.ExchangeOperator } };
        var floor = Cleared(byExchange);
        var refused = floor.Submit(MarketSetup.Regulator, new PayProceeds("cn", 1_00), Closes).Rejection!;
        Assert.Equal(("not_authorized", "'regulator' may not pay auction proceeds to the treasury (the exchange operator only)."), (refused.Code, refused.Message));
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21"), Closes));
        floor.Must(MarketSetup.ExchangeOperator, new PayProceeds("cn", 1_00), Closes);
        floor.Must(MarketSetup.ExchangeOperator, new CancelUnsold("CEA21", 1_000), Closes);
        Assert.Equal((1_00L, 1_000L), (floor.Cash(Treasury), floor.Units(Cancellation)));
    }

    [Fact]
    public void What_a_later_auction_did_not_offer_again_stays_unsold_beside_its_own_shortfall()
    {
        var floor = Cleared();   // paid-2021 left 40,000 t unsold
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 50_000), Closes);   // the share of a later auction, never offered
        // The next day's auction offers 8,000 t of them and sells every tonne (2,000 t each, the 25% limit).
        var (opens, closes) = (Opens.AddDays(1), Closes.AddDays(1));
        floor.Must(MarketSetup.Regulator, Notice("paid-2021b", 8_000) with { OpensAt = opens, ClosesAt = closes }, Closes);
        foreach (var (m, i) in new[] { "a", "b", "c", "d" }.Select((m, i) => (m, i)))
            floor.Must(m, new SubmitAuctionBid("paid-2021b", m + "2", m, 45_00, 2_000), opens.AddMinutes(i));
        var cleared = floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021b"), closes).Events.OfType<AuctionCleared>().Single();
        Assert.Equal((8_000L, 0L), (cleared.PlacedT, cleared.UnplacedT));
        // It placed every tonne, yet 32,000 t of paid-2021's shortfall were never offered again: still unsold, not the 50,000 t.
        Assert.Equal(new UnsoldUnits("paid-2021b", 0, 0, 32_000), ExchangeModule.State(floor.World).Unsold("CEA21", AuctionAccount));
        Assert.Equal(82_000, floor.Units(AuctionAccount));
        var over = floor.Submit(MarketSetup.Regulator, new CancelUnsold("CEA21", 32_001), closes);
        Assert.Equal(("exceeds_unsold", "Auction paid-2021b of CEA21 left 0 t unsold (and earlier auctions 32,000 t it did not offer again), 0 t of them "
            + "cancelled or returned to the reserve already: at most 32,000 t may be cancelled; the rest of 'cn-AUCTION' waits for a later auction."),
            (over.Rejection!.Code, over.Rejection.Message));
        Assert.Equal(32_000, floor.Must(MarketSetup.Regulator, new ReturnUnsold("CEA21"), closes).Events.OfType<UnsoldReturned>().Single().QuantityT);
        var again = floor.Submit(MarketSetup.Regulator, new CancelUnsold("CEA21"), closes);
        Assert.Equal(("no_unsold_units", "The 32,000 t left unsold by auction paid-2021b and by earlier auctions it did not offer again are cancelled or returned to the reserve already."),
            (again.Rejection!.Code, again.Rejection.Message));
        Assert.Equal((50_000L, 32_000L), (floor.Units(AuctionAccount), floor.Units(Reserve)));

        // An auction offering more than is unsold takes all of it: only its own shortfall is unsold after it.
        floor.Must(MarketSetup.Regulator, Notice("paid-2021c", 20_000) with { OpensAt = opens.AddDays(1), ClosesAt = closes.AddDays(1) }, closes);
        floor.Must("e", new SubmitAuctionBid("paid-2021c", "e3", "e", 45_00, 5_000), opens.AddDays(1));
        floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021c"), closes.AddDays(1));
        Assert.Equal(new UnsoldUnits("paid-2021c", 15_000, 0), ExchangeModule.State(floor.World).Unsold("CEA21", AuctionAccount));
        AssertConserved(floor);
    }

    [Fact]
    public void The_regulator_returns_unsold_units_to_the_reserve_within_the_same_bound_as_cancellation()
    {
        var floor = Cleared();   // paid-2021 left 40,000 t unsold
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 50_000), Closes);   // the share of a later auction
        Assert.Equal("not_authorized", floor.Rejects("a", new ReturnUnsold("CEA21"), Closes));
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.ExchangeOperator, new ReturnUnsold("CEA21", 1_000), Closes));
        Assert.Equal("quantity_not_positive", floor.Rejects(MarketSetup.Regulator, new ReturnUnsold("CEA21", -1), Closes));
        Assert.Equal("exceeds_unsold", floor.Rejects(MarketSetup.Regulator, new ReturnUnsold("CEA21", 40_001), Closes));

        var returned = floor.Must(MarketSetup.Regulator, new ReturnUnsold("CEA21", 15_000), Closes);
        Assert.Equal(new UnsoldReturned("cn", "CEA21", AuctionAccount, Reserve, 15_000), returned.Events.OfType<UnsoldReturned>().Single());
        var move = returned.Events.OfType<UnitsTransferred>().Single();
        Assert.Equal((AuctionAccount, Reserve, "CEA21", 15_000L), (move.From, move.To, move.ClassId, move.Quantity));
        // Returned and cancelled tonnes come out of the same 40,000 t.
        Assert.Equal("exceeds_unsold", floor.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21", 25_001), Closes));
        floor.Must(MarketSetup.Regulator, new CancelUnsold("CEA21", 5_000), Closes);
        var rest = floor.Must(MarketSetup.Regulator, new ReturnUnsold("CEA21"), Closes);
        Assert.Equal(20_000, rest.Events.OfType<UnsoldReturned>().Single().QuantityT);
        Assert.Equal(new UnsoldUnits("paid-2021", 40_000, 40_000), ExchangeModule.State(floor.World).Unsold("CEA21", AuctionAccount));
        Assert.Equal("no_unsold_units", floor.Rejects(MarketSetup.Regulator, new ReturnUnsold("CEA21", 1), Closes));
        // The later auction's share stays; the reserve holds the returned units, free to be released by a reserve auction.
        Assert.Equal((50_000L, 35_000L, 5_000L), (floor.Units(AuctionAccount), floor.Units(Reserve), floor.Units(Cancellation)));
        Assert.Equal(ProceedsFen, floor.Cash(AuctionAccount));
        AssertConserved(floor);
    }

    [Fact]
    public void A_frozen_reserve_account_takes_no_returned_units()
    {
        var floor = Cleared();
        floor.Must(MarketSetup.Regulator, new FreezeAccount(Reserve, "court order"), Closes);
        var refused = floor.Submit(MarketSetup.Regulator, new ReturnUnsold("CEA21"), Closes);
        Assert.Equal(("account_frozen", "'cn-RESERVE' is frozen: court order."), (refused.Rejection!.Code, refused.Rejection.Message));
        // Cancelling stays open to the regulator, and the refused return left the whole shortfall to dispose of.
        Assert.Equal(40_000, floor.Must(MarketSetup.Regulator, new CancelUnsold("CEA21"), Closes).Events.OfType<UnsoldCancelled>().Single().QuantityT);
        AssertConserved(floor);
    }

    [Fact]
    public void A_rulebook_that_allows_only_cancellation_refuses_a_return_to_the_reserve_and_the_reverse()
    {
        var onlyCancel = Cleared(AuctionRulebook.National with { UnsoldDisposals = new HashSet<string> { AuctionRulebook.UnsoldCancelled } });
        var refused = onlyCancel.Submit(MarketSetup.Regulator, new ReturnUnsold("CEA21"), Closes);
        Assert.Equal(("disposal_not_allowed", "The auction rulebook does not let unsold units be returned to the reserve (unsold_units.disposal: cancelled)."),
            (refused.Rejection!.Code, refused.Rejection.Message));
        onlyCancel.Must(MarketSetup.Regulator, new CancelUnsold("CEA21"), Closes);

        var onlyReserve = Cleared(AuctionRulebook.National with { UnsoldDisposals = new HashSet<string> { AuctionRulebook.UnsoldToReserve } });
        Assert.Equal("disposal_not_allowed", onlyReserve.Rejects(MarketSetup.Regulator, new CancelUnsold("CEA21"), Closes));
        onlyReserve.Must(MarketSetup.Regulator, new ReturnUnsold("CEA21"), Closes);
        Assert.Equal(40_000, onlyReserve.Units(Reserve));
    }

    [Fact]
    public void The_national_rulebook_allows_both_disposals_and_a_rulebook_naming_another_is_not_read()
    {
        Assert.Equal(new HashSet<string> { "cancelled", "reserve" }, AuctionRulebook.National.UnsoldDisposals);
        using var single = System.Text.Json.JsonDocument.Parse(RulebookText().Replace("\"value\": [\"cancelled\", \"reserve\"]", "\"value\": \"reserve\"", StringComparison.Ordinal));
        Assert.Equal(new HashSet<string> { "reserve" }, AuctionRulebook.Parse(single.RootElement).UnsoldDisposals);
        using var other = System.Text.Json.JsonDocument.Parse(RulebookText().Replace("\"value\": [\"cancelled\", \"reserve\"]", "\"value\": [\"cancelled\", \"burnt\"]", StringComparison.Ordinal));
        Assert.Contains("'burnt' is not a disposal", Assert.Throws<FormatException>(() => AuctionRulebook.Parse(other.RootElement)).Message, StringComparison.Ordinal);
        using var none = System.Text.Json.JsonDocument.Parse(RulebookText().Replace("\"value\": [\"cancelled\", \"reserve\"]", "\"value\": []", StringComparison.Ordinal));
        Assert.Throws<FormatException>(() => AuctionRulebook.Parse(none.RootElement));
        using var number = System.Text.Json.JsonDocument.Parse(RulebookText().Replace("\"value\": [\"cancelled\", \"reserve\"]", "\"value\": [\"cancelled\", 3]", StringComparison.Ordinal));
        Assert.Contains("'3' is not a disposal", Assert.Throws<FormatException>(() => AuctionRulebook.Parse(number.RootElement)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task Replaying_payments_and_cancellations_from_the_journal_and_a_snapshot_gives_the_same_state() =>
        AuctionReplayTests.RunReplayAndRestart(0, async steps =>
        {
            await steps.Must(MarketSetup.Regulator, new OpenAccount(Treasury, "cn", "finance", AccountKind.Treasury), Announced);
            await steps.Must(MarketSetup.Regulator, Notice(), Announced);
            await steps.Must("a", new SubmitAuctionBid("paid-2021", "a1", "a", 42_00, 25_000), Opens);
            await steps.Must("b", new SubmitAuctionBid("paid-2021", "b1", "b", 41_00, 25_000), Opens.AddMinutes(1));
            await steps.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
            await steps.Must(MarketSetup.Regulator, new PayProceeds("cn", 1_500_000_00), Closes);
            // The next day's auction offers 10,000 t of the 50,000 t unsold and places 2,000 t: 48,000 t stay unsold.
            await steps.Must(MarketSetup.Regulator, Notice("paid-2021b", 10_000) with { OpensAt = Opens.AddDays(1), ClosesAt = Closes.AddDays(1) }, Closes);
            await steps.Must("b", new SubmitAuctionBid("paid-2021b", "b2", "b", 45_00, 2_000), Opens.AddDays(1));
            await steps.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021b"), Closes.AddDays(1));
            await steps.Must(MarketSetup.Regulator, new CancelUnsold("CEA21", 20_000), Closes.AddDays(1));
            await steps.Must(MarketSetup.Regulator, new ReturnUnsold("CEA21"), Closes.AddDays(1));
        }, w =>
        {
            Assert.Equal(new UnsoldUnits("paid-2021b", 8_000, 48_000, 40_000), w.Get<ExchangeState>().Unsold("CEA21", AuctionAccount));
            var r = w.Get<RegistryState>();
            // 50,000 t placed at 41.00 (2,050,000.00 yuan; fees of 10 and 5 bp: the seller nets 2,048,975.00), then 2,000 t at 45.00
            // (90,000.00 yuan, the seller nets 89,955.00).
            Assert.Equal((0L, 20_000L, 28_000L), (r.HoldingOf(AuctionAccount, "CEA21")?.Held ?? 0, r.HoldingOf(Cancellation, "CEA21")!.Held, r.HoldingOf(Reserve, "CEA21")!.Held));
            Assert.Equal((638_930_00L, 1_500_000_00L), (r.HoldingOf(AuctionAccount, "CNY")!.Held, r.HoldingOf(Treasury, "CNY")!.Held));
            Assert.Empty(RegistryInvariants.Violations(r));
        });

    private static string RulebookText()
    {
        using var stream = typeof(AuctionRulebook).Assembly.GetManifestResourceStream("cn-national-auctions.json")!;
        return new StreamReader(stream).ReadToEnd();
    }
}
