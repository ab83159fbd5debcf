// The commands and events of one-way bidding (auctions) in the engine: announce, bid, withdraw, clear.
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>
/// Announces an auction: quantity, a reserve price and a bidding window on one trading day.
/// <see cref="Side"/> Sell (the default, and every auction of older journals): a single seller, by the holder of
/// <see cref="SellerAccount"/> (the regulator for the market's auction or reserve account), with a floor price
/// in <see cref="ReservePriceFen"/>; the offered units are locked. Buy: a single buyer, by the holder of
/// <see cref="BuyerAccount"/>, with a cap price; quantity × cap plus the buyer's fee is locked in cash.
/// <see cref="MaxPerBidderT"/> may lower the rulebook's per-member limit, never raise it.
/// </summary>
public sealed record AnnounceAuction(string AuctionId, string Instrument, long QuantityT, long ReservePriceFen, DateTimeOffset OpensAt, DateTimeOffset ClosesAt,
    string? SellerAccount = null, long? MaxPerBidderT = null, Side Side = Side.Sell, string? BuyerAccount = null) : Command;

/// <summary>
/// A member's sealed bid in an auction's window. In a seller's auction it buys and locks quantity × price plus the
/// buyer's fee in cash; in a buyer's auction it is an offer to sell and locks the quantity in units.
/// </summary>
public sealed record SubmitAuctionBid(string AuctionId, string BidId, string Account, long PriceFen, long QuantityT) : Command;

/// <summary>Withdraws a standing bid before the window closes; its lock is released.</summary>
public sealed record WithdrawAuctionBid(string AuctionId, string BidId, string Account) : Command;

/// <summary>Clears an auction after its window (exchange operator): one price, allocations settled, every lock released.</summary>
public sealed record ClearAuction(string AuctionId) : Command;

/// <summary>
/// An auction was announced on its trading day and the initiator's side locked: the seller's units, or (<see cref="Side"/>
/// Buy) the buyer's cash. It records the fee rates the auction settles at, so a later change of the configured rates
/// does not touch an auction already announced. Older journals carry neither side nor buyer (a seller's auction) nor
/// rates (the module's configured rates apply).
/// </summary>
public sealed record AuctionAnnounced(string AuctionId, string Instrument, string? SellerAccount, DateOnly TradingDay, long QuantityT, long ReservePriceFen,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, long MaxPerBidderT, long BidLotT, long MinBidT, Side Side = Side.Sell, string? BuyerAccount = null,
    int? BuyerFeeBasisPoints = null, int? SellerFeeBasisPoints = null)
    : Event
{
    /// <summary>The initiator's account: the seller's, or the buyer's in a buyer's auction.</summary>
    public string Initiator() => (Side == Side.Buy ? BuyerAccount : SellerAccount) ?? throw new InvalidOperationException($"Auction {AuctionId} names no {Side} account.");
}

/// <summary>A sealed bid (an offer, in a buyer's auction) was accepted and its cash (units) locked.</summary>
public sealed record AuctionBidSubmitted(string AuctionId, DateTimeOffset Time, string BidId, string Account, long PriceFen, long QuantityT) : Event;

/// <summary>A bid was withdrawn and its lock released.</summary>
public sealed record AuctionBidWithdrawn(string AuctionId, DateTimeOffset Time, string BidId, string Account) : Event;

/// <summary>
/// An auction cleared. Bids of accounts that could no longer settle (frozen or closed) were set aside first.
/// Applying it allocates and records the trades; the registry transfers and the trades follow it.
/// </summary>
public sealed record AuctionCleared(string AuctionId, DateTimeOffset Time, IReadOnlyList<string> SetAsideBids, long? ClearingPriceFen, long PlacedT, long UnplacedT) : Event;
