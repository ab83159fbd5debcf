// Invariants of a single buyer's auction on random offer sets (with and without fees, withdrawals included):
// units and cash are conserved in the registry, no offer above the cap is ever filled, no winner sells above
// its offer nor below the clearing price, no more is bought than announced, and every loser is fully unlocked.
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;
using static OpenEts.Exchange.Tests.BuyerAuctionModuleTests;
using static OpenEts.Exchange.Tests.TradingFloor;

namespace OpenEts.Exchange.Tests;

public sealed class BuyerAuctionPropertyTests
{
    private static readonly string[] Members = ["a", "b", "c", "d"];
    private const long CapFen = 45_00;

    // Kind 0 withdraws an earlier offer (Target), else an offer: member, price 40.00–46.00 in 0.25 steps (the last four above the cap), 1–30 lots.
    private static readonly Gen<(int WantedLots, bool Fees, (int Kind, int Member, int PriceStep, int Lots, int Target)[] Ops)> Cases =
        Gen.Select(Gen.Int[1, 100], Gen.Bool, Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3], Gen.Int[0, 24], Gen.Int[1, 30], Gen.Int[1, 40]).Array[0, 40]);

    [Fact]
    public void Random_offers_clear_within_the_cap_and_conserve_units_and_cash()
    {
        Cases.Sample(c =>
        {
            var floor = BuyerFloor(c.Fees ? WithFees : AuctionRulebook.National, Members);
            var wanted = c.WantedLots * 1_000L;
            floor.Must(Buyer, BuyNotice(quantityT: wanted, capFen: CapFen), Announced);
            var n = 0;
            for (var i = 0; i < c.Ops.Length; i++)
            {
                var (kind, member, step, lots, target) = c.Ops[i];
                var account = Members[member];
                Command cmd = kind == 0
                    ? new WithdrawAuctionBid(Auction, $"x{target}", account)
                    : new SubmitAuctionBid(Auction, $"x{++n}", account, 40_00 + 25 * step, lots * 1_000L);
                var outcome = floor.Submit(account, cmd, Opens.AddMinutes(i));
                Assert.True(outcome.Accepted || outcome.Events.Count == 0);
                Assert.True(!outcome.Accepted || kind == 0 || 40_00 + 25 * step <= CapFen, "an offer above the cap is refused");
            }
            var auction = floor.Exchange.Auction(Auction)!;
            var standing = auction.Bids.ToList();
            floor.Must(MarketSetup.ExchangeOperator, new ClearAuction(Auction), Closes);
            var result = auction.Result!;

            Assert.True(result.PlacedT <= wanted);
            Assert.Equal(wanted, result.PlacedT + result.UnplacedT);
            Assert.Equal(Math.Min(wanted, standing.Sum(b => b.QuantityT)), result.PlacedT);
            if (result.PlacedT > 0)
                Assert.InRange(result.ClearingPriceFen!.Value, 40_00, CapFen);
            foreach (var a in result.Allocations)
            {
                Assert.InRange(a.AllocatedT, 0, a.BidQuantityT);
                Assert.True(a.AllocatedT == 0 || (a.BidPriceFen <= result.ClearingPriceFen && a.BidPriceFen <= CapFen), $"offer {a.BidId} at {a.BidPriceFen} sold at {result.ClearingPriceFen}");
                Assert.True(a.AllocatedT % 1_000 == 0);
            }
            var buyerPaid = result.Trades.Sum(t => t.ValueFen + t.BuyerFeeFen);
            Assert.Equal((result.PlacedT, BuyerCashFen - buyerPaid, 0L), (floor.Units(Buyer), floor.Cash(Buyer), floor.LockedCash(Buyer)));
            foreach (var m in Members)
            {
                var sold = result.Allocations.Where(a => a.Bidder == m).Sum(a => a.AllocatedT);
                var received = result.Trades.Where(t => t.Seller == m).Sum(t => t.ValueFen - t.SellerFeeFen);
                Assert.Equal((SellerUnitsEachT - sold, received), (floor.Units(m), floor.Cash(m)));
                Assert.True(sold <= auction.Terms.MaxPerBidderT);
                // Every loser (and every winner's unsold rest) is fully unlocked.
                Assert.Equal((0L, 0L), (floor.LockedUnits(m), floor.LockedCash(m)));
            }
            // Conservation: the members' units moved to the buyer; the buyer's cash went to the members and the fee account.
            Assert.Equal(Members.Length * SellerUnitsEachT, Members.Sum(floor.Units) + floor.Units(Buyer));
            var fees = result.Trades.Sum(t => t.BuyerFeeFen + t.SellerFeeFen);
            Assert.Equal(fees, floor.Cash(ExchangeModule.DefaultFeeAccount));
            Assert.Equal(BuyerCashFen, floor.Cash(Buyer) + Members.Sum(floor.Cash) + fees);
            Assert.Empty(floor.Registry.Locks);
            Assert.Empty(RegistryInvariants.Violations(floor.Registry));
        }, iter: 80, threads: 1);
    }
}
