// What a caller may read of an auction: the notice and, once cleared, the price and totals are public;
// bids are sealed, so a member sees only its own, while the exchange operator and the regulator see all. The same rule
// names the registry locks of standing bids whose amounts a reader of the registry's books may not see.
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>One bid as its reader may see it; <see cref="AllocatedT"/> once the auction has cleared.</summary>
public sealed record AuctionBidView(string BidId, string Account, DateTimeOffset Time, long PriceFen, long QuantityT, long? AllocatedT);

/// <summary>
/// An auction's notice, state and the bids the reader may see. <see cref="Side"/> is the initiator's side: Sell (a
/// seller's auction, <see cref="SellerAccount"/>, floor in <see cref="ReservePriceFen"/>) or Buy (a buyer's auction,
/// <see cref="BuyerAccount"/>, cap in <see cref="ReservePriceFen"/>; its bids are offers to sell). The fee rates are
/// those recorded on the announcement.
/// </summary>
public sealed record AuctionView(
    string AuctionId,
    string Instrument,
    string? SellerAccount,
    DateOnly TradingDay,
    long QuantityT,
    long ReservePriceFen,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    long MaxPerBidderT,
    long BidLotT,
    long MinBidT,
    bool Cleared,
    long? ClearingPriceFen,
    long? PlacedT,
    long? UnplacedT,
    bool AllBidsShown,
    IReadOnlyList<AuctionBidView> Bids,
    Side Side,
    string? BuyerAccount,
    int BuyerFeeBasisPoints,
    int SellerFeeBasisPoints)
{
    /// <summary>The auction as <paramref name="actor"/> may read it.</summary>
    public static AuctionView Of(OneWayAuction auction, RegistryState registry, string actor)
    {
        var all = ReadsAllBids(registry, actor);
        bool Shown(string account) => all || HoldsAccount(registry, actor, account);
        var t = auction.Terms;
        var r = auction.Result;
        var bids = r is null
            ? auction.Bids.Where(b => Shown(b.Bidder)).Select(b => new AuctionBidView(b.BidId, b.Bidder, b.Time, b.PriceFen, b.QuantityT, null))
            : r.Allocations.Where(a => Shown(a.Bidder)).Select(a => new AuctionBidView(a.BidId, a.Bidder, auction.Bids.First(b => b.BidId == a.BidId).Time, a.BidPriceFen, a.BidQuantityT, a.AllocatedT));
        var selling = t.InitiatorSide == Side.Sell;
        return new AuctionView(t.AuctionId, t.Instrument, selling ? t.Initiator : null, auction.Ledger.TradingDay, t.QuantityT, t.ReservePriceFen, t.OpensAt, t.ClosesAt,
            t.MaxPerBidderT, t.BidLotT, t.MinBidT, r is not null, r?.ClearingPriceFen, r?.PlacedT, r?.UnplacedT, all, bids.ToList(),
            t.InitiatorSide, selling ? null : t.Initiator, auction.Ledger.Rules.BuyerFeeBasisPoints, auction.Ledger.Rules.SellerFeeBasisPoints);
    }

    /// <summary>
    /// The registry locks whose amounts <paramref name="actor"/> may not read: the lock of each standing bid (its cash, or an
    /// offer's units) of an auction not yet cleared, for an account the actor does not hold, unless it reads every bid.
    /// A withdrawn bid's lock and a cleared auction's locks are released, so nothing is withheld after them.
    /// </summary>
    public static IReadOnlySet<string> SealedLocks(ExchangeState exchange, RegistryState registry, string actor)
    {
        if (ReadsAllBids(registry, actor))
            return new HashSet<string>(StringComparer.Ordinal);
        var sealedLocks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var auction in exchange.Auctions)
        {
            if (auction.Result is not null)
                continue;
            foreach (var bid in auction.Bids)
            {
                if (!HoldsAccount(registry, actor, bid.Bidder))
                    sealedLocks.Add(ExchangeState.BidLockId(auction.Terms.AuctionId, bid.BidId));
            }
        }
        return sealedLocks;
    }

    /// <summary>The regulator and the exchange operator read every bid (the rulebook's sealed_bids).</summary>
    private static bool ReadsAllBids(RegistryState registry, string actor) => registry.RoleOf(actor) is Role.Regulator or Role.ExchangeOperator;

    private static bool HoldsAccount(RegistryState registry, string actor, string account) =>
        registry.Accounts.TryGetValue(account, out var a) && a.Holder == actor;
}
