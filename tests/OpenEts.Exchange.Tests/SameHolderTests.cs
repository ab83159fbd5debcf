// Two accounts of one holder are one member: a block trade between them, or a bid from one in an auction the other
// announced, would be a trade with itself, and is refused same_account, changing nothing. The national registration rules
// give a holder one account in a market, so these floors run under rules that let it keep several; nationally the
// second account is refused when it is opened (holder_has_account).
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class SameHolderTests
{
    private static readonly DateTimeOffset Afternoon = new(2021, 7, 19, 13, 30, 0, Beijing);

    private static TradingFloor WithSecondAccount()
    {
        Assert.Equal("holder_has_account", AuctionFloor().Submit(MarketSetup.RegistryOperator, new OpenAccount("power-a-2", "cn", Seller, AccountKind.CoveredEntity)).Rejection?.Code);
        var floor = AuctionFloor(null, SeveralAccounts);
        floor.Must(MarketSetup.RegistryOperator, new OpenAccount("power-a-2", "cn", Seller, AccountKind.CoveredEntity));
        floor.Must(MarketSetup.RegistryOperator, new DepositCash("power-a-2", BuyerCashFen));
        floor.Must(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", Seller, "CEA21", 200_000));
        return floor;
    }

    [Fact]
    public void A_block_trade_between_two_accounts_of_one_holder_is_refused()
    {
        var floor = WithSecondAccount();
        var hash = floor.World.StateHash();
        var refused = floor.Submit(Seller, new ProposeBlockTrade("CEA21", "wash", Seller, "power-a-2", Side.Sell, 51_23, 100_000), Afternoon);
        Assert.Equal(("same_account", $"A block trade needs two different members; '{Seller}' holds both {Seller} and power-a-2."),
            (refused.Rejection?.Code, refused.Rejection?.Message));
        Assert.Equal(hash, floor.World.StateHash());
        floor.Must(Seller, new ProposeBlockTrade("CEA21", "real", Seller, Buyer, Side.Sell, 51_23, 100_000), Afternoon);
    }

    [Fact]
    public void A_member_may_not_bid_from_another_of_its_accounts_in_its_own_auction()
    {
        var floor = WithSecondAccount();
        floor.Must(Seller, new AnnounceAuction("own", "CEA21", 100_000, 40_00, Opens, Closes, Seller), Announced);
        var hash = floor.World.StateHash();
        var refused = floor.Submit(Seller, new SubmitAuctionBid("own", "self", "power-a-2", 41_00, 1_000), Opens);
        Assert.Equal(("same_account", $"'{Seller}' holds both power-a-2 and {Seller}, the initiator's account; a member cannot bid in its own auction."),
            (refused.Rejection?.Code, refused.Rejection?.Message));
        Assert.Equal(hash, floor.World.StateHash());
        Assert.True(Bid(floor, "a", "a1", 41_00, 1_000, auction: "own").Accepted);
    }
}
