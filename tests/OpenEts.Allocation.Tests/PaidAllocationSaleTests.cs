// The paid share sold through the exchange: under a plan that sells 5% (a policy variant of cn-power-2023; no
// published plan sells any), allocation.sell_paid_share issues 5% of the year's allocation into cn-AUCTION and announces one auction at the reserve price; members bid; the exchange clears it and the buyers'
// units and the auction account's proceeds are in the registry. Every refusal changes nothing.
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Allocation.Tests;

public sealed class PaidAllocationSaleTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Opens = new(2024, 11, 4, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset Closes = new(2024, 11, 4, 11, 0, 0, Beijing);
    private const long CashFen = 2_000_000_00;

    private static CycleMarket Market()
    {
        var m = CycleMarket.Open2023(PlanVariants.PaidShare2023(), true, ("S-COAL", Fuel.Coal, 1_200_000, 1_250_000), ("G-COAL", Fuel.Coal, 800_000, 790_000));
        foreach (var investor in new[] { "I1", "I2", "I3" })
            m.Ok(new OpenAccount(investor, "cn", investor, AccountKind.Investor), MarketSetup.RegistryOperator);
        foreach (var account in new[] { "S-COAL", "G-COAL", "I1", "I2", "I3" })
            m.Ok(new DepositCash(account, CashFen), MarketSetup.RegistryOperator);
        return m;
    }

    private static SellPaidShare Sale(int year = 2023, long? reserveFen = 40_00, DateTimeOffset? opens = null) =>
        new(year, $"paid-{year}", opens ?? Opens, (opens ?? Opens).AddHours(1), reserveFen);

    [Fact]
    public void The_paid_share_is_five_percent_of_the_years_allocation_sold_from_cn_AUCTION_and_settled_through_the_registry()
    {
        var m = Market();
        var sold = m.Ok(Sale());
        // 5% of 2,000,000 t allocated for 2023 = 100,000 t of CEA23, issued into cn-AUCTION and locked by the announcement.
        Assert.Equal(["UnitsIssued", "AuctionAnnounced", "UnitsLocked", "PaidShareOffered"], sold.Events.Select(e => e.GetType().Name));
        var offer = Assert.IsType<PaidShareOffered>(sold.Events[^1]);
        Assert.Equal(("cn-AUCTION", "CEA23", 2_000_000L, 0.05m, 100_000L, 40_00L), (offer.Account, offer.ClassId, offer.AllocationT, offer.Share, offer.QuantityT, offer.ReservePriceFen));
        Assert.Equal((100_000L, 100_000L), (m.Held("cn-AUCTION", "CEA23"), m.Registry.HoldingOf("cn-AUCTION", "CEA23")!.Locked));
        Assert.Equal("paid_share_already_offered", m.Code(Sale()));

        // Members bid within 25,000 t each; 110,000 t bid for 100,000 t: the 40.00 bid loses, everyone else pays 40.50.
        void Bid(string account, long priceFen, long quantityT, int minute) =>
            m.Ok(new SubmitAuctionBid("paid-2023", $"{account}-1", account, priceFen, quantityT), account, Opens.AddMinutes(minute));
        Bid("S-COAL", 42_00, 25_000, 0);
        Bid("G-COAL", 41_00, 25_000, 1);
        Bid("I1", 40_50, 25_000, 2);
        Bid("I2", 40_50, 25_000, 3);
        Bid("I3", 40_00, 10_000, 4);
        m.Ok(new ClearAuction("paid-2023"), MarketSetup.ExchangeOperator, Closes);

        Assert.Equal(1_200_000L + 25_000, m.Held("S-COAL", "CEA23"));
        Assert.Equal(CashFen - 25_000L * 40_50, m.Held("S-COAL", "CNY"));
        Assert.Equal((25_000L, CashFen - 25_000L * 40_50), (m.Held("I2", "CEA23"), m.Held("I2", "CNY")));
        Assert.Equal((0L, CashFen), (m.Held("I3", "CEA23"), m.Held("I3", "CNY")));
        Assert.Equal((0L, 100_000L * 40_50), (m.Held("cn-AUCTION", "CEA23"), m.Held("cn-AUCTION", "CNY")));
        Assert.Empty(m.Registry.Locks);
        Assert.Empty(RegistryInvariants.Violations(m.Registry));
        // The cycle counts the paid share among what it issued: 2,000,000 t free + 100,000 t sold.
        Assert.Equal(2_100_000, m.State.AllowancesIssuedT);
        Assert.Equal(2_100_000, m.Registry.Classes["CEA23"].Issued);
    }

    [Fact]
    public void Refusals_have_their_codes_and_issue_nothing()
    {
        var m = Market();
        string Refused(Command c, string actor = MarketSetup.Regulator, DateTimeOffset? time = null)
        {
            var before = m.World.StateHash();
            var code = m.Code(c, actor, time);
            Assert.Equal(before, m.World.StateHash());
            return code;
        }
        Assert.Equal("not_authorized", Refused(Sale(), "S-COAL"));
        Assert.Equal("reserve_price_required", Refused(Sale(reserveFen: null)));
        Assert.Equal("no_paid_share", Refused(Sale(2024))); // 2024 runs under cn-power-2024, which sells no share
        Assert.Equal("no_allocation", CycleMarket.Open2023(PlanVariants.PaidShare2023(), true).Code(Sale()));
        Assert.Equal("unknown_year", Refused(Sale(2022)));
        // A window already past, off the calendar, or a floor off the tick: the exchange's own codes, before anything is issued.
        Assert.Equal("auction_not_open", Refused(Sale(opens: CycleMarket.BeforeDeadline2023.AddDays(-3))));
        Assert.Equal("market_closed", Refused(Sale(opens: new DateTimeOffset(2024, 11, 9, 10, 0, 0, Beijing))));
        Assert.Equal("off_tick", Refused(Sale(reserveFen: -1)));
        Assert.Equal(2_000_000, m.Registry.Classes["CEA23"].Issued);

        var noExchange = CycleMarket.Open2023(("S-COAL", Fuel.Coal, 1_200_000, 1_250_000));
        Assert.Equal("no_exchange", noExchange.Code(Sale()));
    }

    [Fact]
    public void Under_the_national_plans_which_sell_no_share_the_sale_is_refused_and_issues_nothing()
    {
        Assert.All(Rulebooks.PowerPlans(), p => Assert.Equal(0m, p.PaidAllocation.Share.Value));
        var m = CycleMarket.Open2023(true, ("S-COAL", Fuel.Coal, 1_200_000, 1_250_000));
        var before = m.World.StateHash();
        Assert.Equal("no_paid_share", m.Code(Sale()));
        Assert.Equal(before, m.World.StateHash());
        Assert.Contains("china-ets-sources.md", PaidAllocationSale.National.About, StringComparison.Ordinal);
    }

    [Fact]
    public void The_offer_survives_a_snapshot_round_trip()
    {
        var m = Market();
        m.Ok(Sale());
        var copy = new ModuleCatalog(new RegistryModule(), new MrvModule(), new ExchangeModule(), new ComplianceCycleModule()).CreateWorld();
        copy.Restore(m.World.Snapshot());
        Assert.Equal(m.World.StateHash(), copy.StateHash());
        Assert.Equal(100_000, copy.Get<CycleState>().PaidShares[2023].QuantityT);
    }
}
