// A buy-back into the market's reserve: the regulator sells 100,000 t of CEA21 from cn-AUCTION, moves part of the
// proceeds to cn-RESERVE (exchange.fund_reserve) and the next trading day buys 20,000 t back by a single buyer's
// auction with cn-RESERVE as the buyer. Run through the engine on a real SQLite journal, then replayed.
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class ReserveBuyBackTests
{
    private const string Reserve = "cn-RESERVE";
    private static readonly DateTimeOffset Tuesday = new(2021, 7, 20, 9, 0, 0, Beijing);
    private static readonly DateTimeOffset TuesdayOpens = new(2021, 7, 20, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset TuesdayCloses = new(2021, 7, 20, 11, 0, 0, Beijing);

    private static AnnounceAuction BuyBack(long quantityT = 20_000, long capFen = 45_00, string buyer = Reserve) =>
        new("bb-2021", "CEA21", quantityT, capFen, TuesdayOpens, TuesdayCloses, Side: Side.Buy, BuyerAccount: buyer);

    [Fact]
    public async Task Worked_example_the_reserve_funded_from_auction_proceeds_buys_back_20000_t_at_the_highest_accepted_offer()
    {
        var db = Path.Combine(Path.GetTempPath(), $"openets-buyback-{Guid.NewGuid():N}.db");
        ModuleCatalog Catalog() => new(new RegistryModule(), new ExchangeModule(auctionRules: AuctionRulebook.National));
        try
        {
            string hash;
            await using (var engine = Engine.Open(JournalFactory.Open(db), Catalog()))
            {
                var n = 0;
                Task<Outcome> Submit(string actor, Command command, DateTimeOffset time) => engine.SubmitAsync(new CommandEnvelope($"c{++n}", actor, time, command));
                async Task<Outcome> Must(string actor, Command command, DateTimeOffset time)
                {
                    var outcome = await Submit(actor, command, time);
                    Assert.True(outcome.Accepted, outcome.Rejection?.ToString());
                    return outcome;
                }
                async Task<string> Refused(string actor, Command command, DateTimeOffset time)
                {
                    var before = await engine.QueryAsync(w => w.StateHash());
                    var outcome = await Submit(actor, command, time);
                    Assert.False(outcome.Accepted);
                    Assert.Empty(outcome.Events);
                    Assert.Equal(before, await engine.QueryAsync(w => w.StateHash()));
                    return outcome.Rejection!.Code;
                }

                foreach (var step in MarketSetup.National())
                    await Must(step.Actor, step.Command, Announced);
                await Must(MarketSetup.Regulator, new Issue("CEA21", AuctionAccount, 100_000), Announced);
                foreach (var m in new[] { "a", "b", "c", "d", "e" })
                {
                    await Must(MarketSetup.RegistryOperator, new OpenAccount(m, "cn", m, AccountKind.CoveredEntity), Announced);
                    await Must(MarketSetup.RegistryOperator, new DepositCash(m, MemberCashFen), Announced);
                }

                // Monday: the paid share, 100,000 t at a 40.00 floor, clears at 40.00 with every tonne placed: 4,000,000.00 yuan of proceeds in cn-AUCTION.
                await Must(MarketSetup.Regulator, Notice(), Announced);
                foreach (var (m, price, t, minute) in new[] { ("a", 42_00L, 25_000L, 0), ("b", 41_00, 25_000, 1), ("c", 40_50, 20_000, 2), ("d", 40_00, 20_000, 3), ("e", 40_00, 10_000, 4) })
                    await Must(m, new SubmitAuctionBid("paid-2021", m + "1", m, price, t), Opens.AddMinutes(minute));
                await Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
                Assert.Equal(4_000_000_00, await engine.QueryAsync(w => w.Get<RegistryState>().Available(AuctionAccount, "CNY")));

                // Tuesday: the reserve holds no cash, so a buy-back of 20,000 t at 45.00 (900,000.00 yuan) is refused.
                Assert.Equal("insufficient_cash", await Refused(MarketSetup.Regulator, BuyBack(), Tuesday));
                Assert.Equal("not_authorized", await Refused(MarketSetup.RegistryOperator, new FundReserve("cn", 1_000_000_00), Tuesday));
                Assert.Equal("insufficient_cash", await Refused(MarketSetup.Regulator, new FundReserve("cn", 4_000_000_01), Tuesday));
                var funded = await Must(MarketSetup.Regulator, new FundReserve("cn", 1_000_000_00), Tuesday);
                Assert.Equal(new ReserveFunded("cn", AuctionAccount, Reserve, "CNY", 1_000_000_00), funded.Events.OfType<ReserveFunded>().Single());
                var moved = funded.Events.OfType<UnitsTransferred>().Single();
                Assert.Equal((AuctionAccount, Reserve, "CNY", 1_000_000_00L), (moved.From, moved.To, moved.ClassId, moved.Quantity));

                // Only the regulator buys for the reserve.
                Assert.Equal("not_authorized", await Refused("a", BuyBack(), Tuesday));
                Assert.Equal("not_authorized", await Refused(MarketSetup.ExchangeOperator, BuyBack(), Tuesday));
                await Must(MarketSetup.Regulator, BuyBack(), Tuesday);
                var reserveCash = await engine.QueryAsync(w => w.Get<RegistryState>().HoldingOf(Reserve, "CNY")!);
                Assert.Equal((1_000_000_00L, 900_000_00L), (reserveCash.Held, reserveCash.Locked));

                // Offers to sell (units bought on Monday are sellable on Tuesday); 5,000 t per member (25% of 20,000 t).
                foreach (var (m, price, minute) in new[] { ("a", 43_00L, 0), ("b", 43_50, 1), ("c", 44_00, 2), ("d", 44_50, 3) })
                    await Must(m, new SubmitAuctionBid("bb-2021", m + "-o", m, price, 5_000), TuesdayOpens.AddMinutes(minute));
                Assert.Equal("bid_beyond_reserve_price", await Refused("e", new SubmitAuctionBid("bb-2021", "e-x", "e", 45_01, 5_000), TuesdayOpens.AddMinutes(4)));
                await Must("e", new SubmitAuctionBid("bb-2021", "e-o", "e", 45_00, 5_000), TuesdayOpens.AddMinutes(5));

                var cleared = await Must(MarketSetup.ExchangeOperator, new ClearAuction("bb-2021"), TuesdayCloses);
                var result = Assert.IsType<AuctionCleared>(cleared.Events[0]);
                // The cheapest 20,000 t are a–d; the highest of them, 44.50, is the one price every seller gets.
                Assert.Equal((44_50L, 20_000L, 0L), (result.ClearingPriceFen!.Value, result.PlacedT, result.UnplacedT));
                var trades = cleared.Events.OfType<TradeExecuted>().ToList();
                Assert.Equal([("a", 5_000L), ("b", 5_000), ("c", 5_000), ("d", 5_000)], trades.Select(t => (t.Seller, t.QuantityT)));
                Assert.All(trades, t => Assert.Equal((44_50L, Reserve), (t.PriceFen, t.Buyer)));

                await engine.QueryAsync(w =>
                {
                    var r = w.Get<RegistryState>();
                    long Held(string account, string cls) => r.HoldingOf(account, cls)?.Held ?? 0;
                    // The reserve holds the 20,000 t and the rest of its cash: 1,000,000.00 − 20,000 × 44.50 = 110,000.00 yuan, nothing locked.
                    Assert.Equal((20_000L, 110_000_00L, 0L), (Held(Reserve, "CEA21"), Held(Reserve, "CNY"), r.HoldingOf(Reserve, "CNY")!.Locked));
                    Assert.Equal(3_000_000_00, Held(AuctionAccount, "CNY"));
                    // a paid 25,000 × 40.00 on Monday and sold 5,000 t at 44.50 (222,500.00) on Tuesday.
                    Assert.Equal((20_000L, MemberCashFen - 1_000_000_00 + 222_500_00), (Held("a", "CEA21"), Held("a", "CNY")));
                    Assert.Equal((15_000L, MemberCashFen - 800_000_00 + 222_500_00), (Held("d", "CEA21"), Held("d", "CNY")));
                    // e offered at the cap and sold nothing; its units are free again.
                    Assert.Equal((10_000L, 0L, MemberCashFen - 400_000_00), (Held("e", "CEA21"), r.HoldingOf("e", "CEA21")!.Locked, Held("e", "CNY")));
                    // Conservation: every tonne issued and every fen deposited is in some account, and no lock is left.
                    Assert.Equal(100_000, r.Accounts.Keys.Sum(a => Held(a, "CEA21")));
                    Assert.Equal(r.Classes["CNY"].Issued, r.Accounts.Keys.Sum(a => Held(a, "CNY")));
                    Assert.Equal(5 * MemberCashFen, r.Classes["CNY"].Issued);
                    Assert.Empty(r.Locks);
                    Assert.Empty(RegistryInvariants.Violations(r));
                    return 0;
                });
                hash = await engine.QueryAsync(w => w.StateHash());
            }
            await AuctionReplayTests.ReopensAlike(db, Catalog, hash);
        }
        finally
        {
            AuctionReplayTests.DeleteDatabase(db);
        }
    }

    [Fact]
    public void Only_the_regulator_funds_and_buys_for_the_reserve_and_an_unfunded_buy_back_is_refused()
    {
        var floor = new TradingFloor(auctionRules: AuctionRulebook.National);
        floor.OpenMember("a", 0, MemberCashFen);
        // Proceeds booked into cn-AUCTION by the registry operator from the settlement bank.
        floor.Must(MarketSetup.RegistryOperator, new DepositCash(AuctionAccount, 2_000_000_00));
        var notice = new AnnounceAuction("bb-1", "CEA21", 20_000, 45_00, Opens, Closes, Side: Side.Buy, BuyerAccount: Reserve);

        Assert.Equal("insufficient_cash", floor.Rejects(MarketSetup.Regulator, notice, Announced));
        foreach (var actor in new[] { "a", MarketSetup.RegistryOperator, MarketSetup.ExchangeOperator })
        {
            Assert.Equal("not_authorized", floor.Rejects(actor, new FundReserve("cn", 1_000_00), Announced));
            Assert.Equal("not_authorized", floor.Rejects(actor, notice, Announced));
        }
        // The auction account never buys; nor does the reserve of a notice naming both sides.
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.Regulator, notice with { BuyerAccount = AuctionAccount }, Announced));
        Assert.Equal("invalid_auction_account", floor.Rejects(MarketSetup.Regulator, notice with { SellerAccount = AuctionAccount }, Announced));
        Assert.Equal("unknown_market", floor.Rejects(MarketSetup.Regulator, new FundReserve("eu", 1_000_00), Announced));
        Assert.Equal("quantity_not_positive", floor.Rejects(MarketSetup.Regulator, new FundReserve("cn", 0), Announced));
        Assert.Equal("insufficient_cash", floor.Rejects(MarketSetup.Regulator, new FundReserve("cn", 2_000_000_01), Announced));

        // One fen short of 20,000 t × 45.00 is still refused; the last fen makes it.
        floor.Must(MarketSetup.Regulator, new FundReserve("cn", 899_999_99), Announced);
        Assert.Equal("insufficient_cash", floor.Rejects(MarketSetup.Regulator, notice, Announced));
        floor.Must(MarketSetup.Regulator, new FundReserve("cn", 1), Announced);
        floor.Must(MarketSetup.Regulator, notice, Announced);
        Assert.Equal((900_000_00L, 900_000_00L), (floor.Cash(Reserve), floor.LockedCash(Reserve)));
        Assert.Equal(1_100_000_00, floor.Cash(AuctionAccount));
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void Proceeds_leave_the_auction_account_only_by_funding_the_reserve_not_by_a_registry_transfer()
    {
        var floor = new TradingFloor(auctionRules: AuctionRulebook.National);
        floor.Must(MarketSetup.RegistryOperator, new DepositCash(AuctionAccount, 2_000_000_00));
        var plain = floor.Submit(MarketSetup.Regulator, new Transfer(AuctionAccount, Reserve, "CNY", 1_000_000_00), Announced);
        Assert.Equal("not_authorized", plain.Rejection!.Code);
        Assert.Contains("exchange.fund_reserve", plain.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.Regulator, new LinkedTransfer([new TransferLeg(AuctionAccount, Reserve, "CNY", 1_000_000_00)]), Announced));
        Assert.Equal("not_authorized", floor.Rejects(MarketSetup.ExchangeOperator, new Transfer(AuctionAccount, Reserve, "CNY", 1_000_000_00), Announced));
        Assert.Equal((2_000_000_00L, 0L), (floor.Cash(AuctionAccount), floor.Cash(Reserve)));

        // The funding moves it (the exchange runs the transfer as a step of its own command); a shortfall still shows the regulator the proceeds.
        var funded = floor.Must(MarketSetup.Regulator, new FundReserve("cn", 1_000_000_00), Announced);
        Assert.Single(funded.Events.OfType<UnitsTransferred>());
        Assert.Equal((1_000_000_00L, 1_000_000_00L), (floor.Cash(AuctionAccount), floor.Cash(Reserve)));
        var shortfall = floor.Submit(MarketSetup.Regulator, new FundReserve("cn", 1_000_000_01), Announced);
        Assert.Equal("insufficient_cash", shortfall.Rejection!.Code);
        Assert.Contains("has 1000000.00 CNY available", shortfall.Rejection.Message, StringComparison.Ordinal);
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void A_rulebook_without_buy_back_refuses_both_the_funding_and_the_buy_back()
    {
        var floor = new TradingFloor(auctionRules: AuctionRulebook.National with { ReserveBuyBack = false });
        floor.Must(MarketSetup.RegistryOperator, new DepositCash(AuctionAccount, 2_000_000_00));
        Assert.Equal("trading_mode_not_offered", floor.Rejects(MarketSetup.Regulator, new FundReserve("cn", 1_000_00), Announced));
        Assert.Equal("trading_mode_not_offered", floor.Rejects(MarketSetup.Regulator,
            new AnnounceAuction("bb-1", "CEA21", 1_000, 45_00, Opens, Closes, Side: Side.Buy, BuyerAccount: Reserve), Announced));
        Assert.True(AuctionRulebook.National.ReserveBuyBack);
    }
}
