// Who may trade: the registry's rules foresee natural-person holders, but the national allowance market and CCER trade
// among legal persons and other organisations only (participants.natural_persons false). A natural person's investor
// account holds units and cash; its orders, block proposals and acceptances, and auction bids are refused
// participant_not_eligible, and so is a block proposal naming it; nothing is locked. A rulebook that admits natural persons
// lets the same order trade.
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class ParticipantTests
{
    private const string Person = "zhang-wei";
    private static readonly DateTimeOffset Afternoon = new(2021, 7, 19, 13, 30, 0, Beijing);

    /// <summary>A floor with a natural person's investor account holding 200,000 t of CEA21 and 20,000,000.00 yuan.</summary>
    private static TradingFloor WithPerson(TradingRulebook? rules = null, AuctionRulebook? auctionRules = null)
    {
        var floor = new TradingFloor(rules, auctionRules: auctionRules);
        var opened = floor.Must(MarketSetup.RegistryOperator, new OpenAccount(Person, "cn", Person, AccountKind.Investor, "Zhang Wei", NaturalPerson: true));
        Assert.Equal(new AccountOpened(Person, "cn", Person, AccountKind.Investor, "Zhang Wei", NaturalPerson: true), Assert.Single(opened.Events));
        floor.Must(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", Person, "CEA21", 200_000));
        floor.Must(MarketSetup.RegistryOperator, new DepositCash(Person, 20_000_000_00));
        Assert.True(floor.Registry.Accounts[Person].NaturalPerson);
        return floor;
    }

    [Fact]
    public void A_natural_persons_orders_and_block_trades_are_refused_where_only_organisations_trade()
    {
        Assert.False(TradingRulebook.National.NaturalPersonsMayTrade);
        var floor = WithPerson();
        var refused = floor.Submit(Person, new PlaceOrder("CEA21", "p1", Person, Side.Buy, 52_00, 1_000));
        Assert.Equal(("participant_not_eligible", $"'{Person}' is held by a natural person; CEA21 trades among legal persons and other organisations only "
            + "(participants.natural_persons in the cn-national rulebook)."), (refused.Rejection!.Code, refused.Rejection.Message));
        Assert.Equal("participant_not_eligible", floor.Rejects(Person, new PlaceOrder("CEA21", "p2", Person, Side.Sell, 52_00, 1_000)));
        // The exchange operator placing it for the account is refused the same way: it is the holder that is not eligible.
        Assert.Equal("participant_not_eligible", floor.Rejects(MarketSetup.ExchangeOperator, new PlaceOrder("CEA21", "p3", Person, Side.Sell, 52_00, 1_000)));
        Assert.Equal((0L, 0L), (floor.LockedUnits(Person), floor.LockedCash(Person)));

        // Block trades: the person may not propose, and an organisation may not propose to the person.
        Assert.Equal("participant_not_eligible", floor.Rejects(Person, new ProposeBlockTrade("CEA21", "k1", Person, Buyer, Side.Sell, 55_00, 100_000), Afternoon));
        Assert.Equal("participant_not_eligible", floor.Rejects(Buyer, new ProposeBlockTrade("CEA21", "k2", Buyer, Person, Side.Buy, 55_00, 100_000), Afternoon));

        // An organisation's order is taken as ever; the person's units and cash stay where they are, and the registry still moves them.
        Assert.True(floor.Order(Seller, "s1", Side.Sell, 52_00, 1_000).Accepted);
        floor.Must(Person, new Transfer(Person, Seller, "CEA21", 1_000));
        Assert.Equal(199_000, floor.Units(Person));
        Assert.Empty(RegistryInvariants.Violations(floor.Registry));
    }

    [Fact]
    public void A_rulebook_that_admits_natural_persons_lets_the_same_order_trade()
    {
        var floor = WithPerson(TradingRulebook.National with { NaturalPersonsMayTrade = true });
        Assert.True(floor.Order(Seller, "s1", Side.Sell, 52_00, 1_000).Accepted);
        var bought = floor.Must(Person, new PlaceOrder("CEA21", "p1", Person, Side.Buy, 52_00, 1_000));
        Assert.Single(bought.Events.OfType<TradeExecuted>());
        Assert.Equal(201_000, floor.Units(Person));
    }

    [Fact]
    public void A_natural_person_neither_bids_in_nor_announces_an_auction()
    {
        var floor = WithPerson(auctionRules: AuctionModuleTests.WithFees);
        floor.Must(MarketSetup.Regulator, new Issue("CEA21", AuctionModuleTests.AuctionAccount, 100_000));
        floor.Must(MarketSetup.Regulator, AuctionModuleTests.Notice(), AuctionModuleTests.Announced);
        var bid = floor.Submit(Person, new SubmitAuctionBid("paid-2021", "z1", Person, 45_00, 10_000), AuctionModuleTests.Opens);
        Assert.Equal("participant_not_eligible", bid.Rejection!.Code);
        Assert.Equal(0, floor.LockedCash(Person));
        var sale = new AnnounceAuction("z-sale", "CEA21", 50_000, 45_00, AuctionModuleTests.Opens, AuctionModuleTests.Closes, Person);
        Assert.Equal("participant_not_eligible", floor.Rejects(Person, sale, AuctionModuleTests.Announced));
    }

    [Fact]
    public void The_rulebooks_trade_among_organisations_and_read_the_value_from_the_file()
    {
        Assert.False(TradingRulebook.Ccer.NaturalPersonsMayTrade);
        Assert.False(TradingRulebook.Beijing.NaturalPersonsMayTrade);
        using var stream = typeof(TradingRulebook).Assembly.GetManifestResourceStream("cn-ccer.json")!;
        var node = JsonNode.Parse(stream)!;
        node["participants"]!["natural_persons"]!["value"] = true;
        using var admitted = JsonDocument.Parse(node.ToJsonString());
        Assert.True(TradingRulebook.Parse("admitted", admitted.RootElement).NaturalPersonsMayTrade);
        node.AsObject().Remove("participants");
        using var missing = JsonDocument.Parse(node.ToJsonString());
        Assert.ThrowsAny<Exception>(() => TradingRulebook.Parse("missing", missing.RootElement));
    }
}
