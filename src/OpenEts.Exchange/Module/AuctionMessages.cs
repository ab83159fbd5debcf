// The commands and events of one-way bidding (auctions) in the engine: announce, bid, withdraw, clear.
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>
/// Announces a seller's auction (by the holder of the selling account; the regulator for the market's auction
/// or reserve account): quantity, floor price and bidding window on one trading day. The offered units are locked.
/// <see cref="MaxPerBidderT"/> may lower the rulebook's per-member limit, never raise it.
/// </summary>
public sealed record AnnounceAuction(string AuctionId, string Instrument, string SellerAccount, long QuantityT, long ReservePriceFen,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, long? MaxPerBidderT = null) : Command;

/// <summary>A member's sealed bid in an auction's window; locks quantity × price plus the buyer's fee in cash.</summary>
public sealed record SubmitAuctionBid(string AuctionId, string BidId, string Account, long PriceFen, long QuantityT) : Command;

/// <summary>Withdraws a standing bid before the window closes; its lock is released.</summary>
public sealed record WithdrawAuctionBid(string AuctionId, string BidId, string Account) : Command;

/// <summary>Clears an auction after its window (exchange operator): one price, allocations settled, every lock released.</summary>
public sealed record ClearAuction(string AuctionId) : Command;

/// <summary>An auction was announced on its trading day and the seller's units locked.</summary>
public sealed record AuctionAnnounced(string AuctionId, string Instrument, string SellerAccount, DateOnly TradingDay, long QuantityT, long ReservePriceFen,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, long MaxPerBidderT, long BidLotT, long MinBidT) : Event;

/// <summary>A sealed bid was accepted and its cash locked.</summary>
public sealed record AuctionBidSubmitted(string AuctionId, DateTimeOffset Time, string BidId, string Account, long PriceFen, long QuantityT) : Event;

/// <summary>A bid was withdrawn and its lock released.</summary>
public sealed record AuctionBidWithdrawn(string AuctionId, DateTimeOffset Time, string BidId, string Account) : Event;

/// <summary>
/// An auction cleared. Bids of accounts that could no longer settle (frozen or closed) were set aside first.
/// Applying it allocates and records the trades; the registry transfers and the trades follow it.
/// </summary>
public sealed record AuctionCleared(string AuctionId, DateTimeOffset Time, IReadOnlyList<string> SetAsideBids, long? ClearingPriceFen, long PlacedT, long UnplacedT) : Event;
