// Paid allocation inside the cycle: the year's paid share is issued into the market's auction account and
// announced as one seller's auction on the exchange (one-way bidding), at the reserve price. The exchange's
// own checks decide the announcement; they run before the issue, so nothing is emitted before a step that can refuse.
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;

namespace OpenEts.Allocation.Cycle;

/// <summary>Selling the paid share by one-way bidding.</summary>
public sealed partial class ComplianceCycleModule
{
    private static Rejection? SellPaidShare(DecisionContext ctx, SellPaidShare c)
    {
        if (RegulatorOnly(ctx, "sell the paid share") is { } denied)
            return denied;
        var s = S(ctx.World);
        if (OpenYearOf(s, c.Year, out var year) is { } refused)
            return refused;
        if (s.PaidShares.TryGetValue(c.Year, out var offered))
            return Reject("paid_share_already_offered", $"The {c.Year} paid share was offered already, by auction {offered.AuctionId}.");
        if (!ctx.World.Catalog.Knows(typeof(AnnounceAuction)))
            return Reject("no_exchange", "The paid share is sold on the exchange, which this market does not run.");
        var plan = Rulebooks.Plan(year!.PlanId);
        var share = plan.PaidAllocation.Share.Value;
        if (share <= 0)
            return Reject("no_paid_share", $"Plan {plan.Id} sells no share of its allocation ({plan.PaidAllocation.Share.Source}).");
        if (plan.PaidAllocation.ReservePriceYuan is { } planYuan && planYuan * 100m != decimal.Truncate(planYuan * 100m))
            return Reject("bad_plan", $"Plan {plan.Id} states a reserve price of {planYuan} yuan, which is not a whole number of fen.");
        var reserve = plan.PaidAllocation.ReservePriceYuan is { } yuan ? (long)(yuan * 100m) : c.ReservePriceFen;
        if (plan.PaidAllocation.ReservePriceYuan is not null && c.ReservePriceFen is { } stated && stated != reserve)
            return Reject("reserve_price_set_by_plan", $"Plan {plan.Id} sets the reserve price at {new Fen(reserve!.Value).ToYuanString()} yuan.");
        if (reserve is null)
            return Reject("reserve_price_required", $"Plan {plan.Id} sets no reserve price; the sale notice must state it.");
        var allocation = s.AllocatedT(c.Year);
        if (allocation == 0)
            return Reject("no_allocation", $"Nothing is allocated for {c.Year} yet; the paid share is a share of the year's allocation.");
        var lot = ExchangeModule.State(ctx.World).AuctionRules.BidLotT;
        var quantity = DecimalMath.ToWholeTonnes(share * allocation, RoundingRule.Floor) / lot * lot;
        if (quantity == 0)
            return Reject("no_paid_share", $"{share:P1} of the {allocation:N0} t allocated for {c.Year} is less than one {lot:N0} t bid lot.");

        var account = AccountKinds.SystemAccountId(year.MarketId, AccountKind.Auction);
        var notice = new AnnounceAuction(c.AuctionId, year.AllowanceClass, quantity, reserve.Value, c.OpensAt, c.ClosesAt, SellerAccount: account);
        if (ExchangeModule.CheckAuctionAnnouncement(ctx, notice, quantity) is { } notAnnounced)
            return notAnnounced;
        if (ctx.Run(new Issue(year.AllowanceClass, account, quantity)) is { } notIssued)
            return notIssued;
        var announced = ctx.Run(notice);
        Invariant.Assert(announced is null, $"a checked paid-share auction is announced: {announced}");
        ctx.Emit(new PaidShareOffered(c.Year, c.AuctionId, account, year.AllowanceClass, allocation, share, quantity, reserve.Value));
        return null;
    }

    private static void ApplyPaidShare(World w, PaidShareOffered e)
    {
        var s = S(w);
        s.PaidShares.Add(e.Year, e);
        s.AllowancesIssuedT += e.QuantityT;
    }
}
