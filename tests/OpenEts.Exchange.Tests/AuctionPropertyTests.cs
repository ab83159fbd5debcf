// Invariants of one-way bidding on random bid sets (with and without fees, withdrawals included): units and
// cash are conserved in the registry, nobody gets more than it bid for nor pays above its bid price, the
// clearing price is at least the floor, no more is sold than offered, and every lock is released.
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;

namespace OpenEts.Exchange.Tests;

public sealed class AuctionPropertyTests
{
    private static readonly string[] Members = ["a", "b", "c", "d"];

    // Kind 0 withdraws an earlier bid (Target), else a bid: member, price 40.00–46.00 in 0.25 steps (a few below the floor), 1–30 lots.
    private static readonly Gen<(int OfferedLots, bool Fees, (int Kind, int Member, int PriceStep, int Lots, int Target)[] Ops)> Cases =
        Gen.Select(Gen.Int[1, 100], Gen.Bool, Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3], Gen.Int[-2, 24], Gen.Int[1, 30], Gen.Int[1, 40]).Array[0, 40]);

    [Fact]
    public void Random_bids_clear_within_the_rules_and_conserve_units_and_cash()
    {
        Cases.Sample(c =>
        {
            var floor = AuctionFloor(c.Fees ? WithFees : AuctionRulebook.National, Members);
            var offered = c.OfferedLots * 1_000L;
            floor.Must(MarketSetup.Regulator, Notice(quantityT: offered), Announced);
            var n = 0;
            for (var i = 0; i < c.Ops.Length; i++)
            {
                var (kind, member, step, lots, target) = c.Ops[i];
                var account = Members[member];
                Command cmd = kind == 0
                    ? new WithdrawAuctionBid("paid-2021", $"x{target}", account)
                    : new SubmitAuctionBid("paid-2021", $"x{++n}", account, 40_00 + 25 * step, lots * 1_000L);
                var outcome = floor.Submit(account, cmd, Opens.AddMinutes(i));
                Assert.True(outcome.Accepted || outcome.Events.Count == 0);
            }
            var auction = floor.Exchange.Auction("paid-2021")!;
            var standing = auction.Bids.ToList();
            floor.Must(MarketSetup.ExchangeOperator, new ClearAuction("paid-2021"), Closes);
            var result = auction.Result!;

            Assert.True(result.PlacedT <= offered);
            Assert.Equal(offered, result.PlacedT + result.UnplacedT);
            Assert.Equal(Math.Min(offered, standing.Sum(b => b.QuantityT)), result.PlacedT);
            if (result.PlacedT > 0)
                Assert.True(result.ClearingPriceFen >= 40_00);
            foreach (var a in result.Allocations)
            {
                Assert.InRange(a.AllocatedT, 0, a.BidQuantityT);
                Assert.True(a.AllocatedT == 0 || result.ClearingPriceFen <= a.BidPriceFen, $"bid {a.BidId} at {a.BidPriceFen} pays {result.ClearingPriceFen}");
                Assert.True(a.AllocatedT % 1_000 == 0);
            }
            foreach (var m in Members)
            {
                var won = result.Allocations.Where(a => a.Bidder == m).Sum(a => a.AllocatedT);
                var paid = result.Trades.Where(t => t.Buyer == m).Sum(t => t.ValueFen + t.BuyerFeeFen);
                Assert.Equal(won, floor.Units(m));
                Assert.Equal(MemberCashFen - paid, floor.Cash(m));
                Assert.True(won <= floor.Exchange.Auction("paid-2021")!.Terms.MaxPerBidderT);
            }
            // Conservation: the units offered are with the buyers or back with the seller; the cash is with the members, the seller and the fee account.
            Assert.Equal(100_000L, floor.Units(AuctionAccount) + Members.Sum(floor.Units));
            var fees = result.Trades.Sum(t => t.BuyerFeeFen + t.SellerFeeFen);
            Assert.Equal(fees, floor.Cash(ExchangeModule.DefaultFeeAccount));
            Assert.Equal(result.Trades.Sum(t => t.ValueFen - t.SellerFeeFen), floor.Cash(AuctionAccount));
            Assert.Equal(Members.Length * MemberCashFen, Members.Sum(floor.Cash) + floor.Cash(AuctionAccount) + fees);
            Assert.Empty(floor.Registry.Locks);
            Assert.All(floor.Registry.Holdings.Values, h => Assert.Equal(0, h.Locked));
            Assert.Empty(RegistryInvariants.Violations(floor.Registry));
        }, iter: 80, threads: 1);
    }
}
