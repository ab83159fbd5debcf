// Every stable rejection code of the exchange, in one place, each with the sentence it gives.
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>The exchange's rejection codes. Codes never change; sentences may.</summary>
public static class ExchangeRejections
{
    /// <summary>Price beyond the day's band.</summary>
    public const string PriceOutsideBand = "price_outside_band";

    /// <summary>Quantity below the minimum, above the maximum, or not a whole number of lots.</summary>
    public const string QuantityOutOfRange = "quantity_out_of_range";

    /// <summary>Price not on the tick grid.</summary>
    public const string OffTick = "off_tick";

    /// <summary>Not a trading day, or outside the session.</summary>
    public const string MarketClosed = "market_closed";

    /// <summary>Seller does not hold enough free units.</summary>
    public const string InsufficientUnits = "insufficient_units";

    /// <summary>Buyer does not hold enough free cash.</summary>
    public const string InsufficientCash = "insufficient_cash";

    /// <summary>Enough units, but some were bought today and may be sold only from the next trading day.</summary>
    public const string UnitsNotYetSellable = "units_not_yet_sellable";

    /// <summary>The order would trade with a resting order of the same account (wash trade); the rulebook's policy stopped it.</summary>
    public const string SelfTradePrevented = "self_trade_prevented";

    /// <summary>An order, proposal, auction or bid id already used.</summary>
    public const string DuplicateId = "duplicate_id";

    /// <summary>No such open order, proposal, auction or bid.</summary>
    public const string UnknownId = "unknown_id";

    /// <summary>The actor may not do this to someone else's order or proposal.</summary>
    public const string NotYours = "not_yours";

    /// <summary>A block trade or auction bid with oneself.</summary>
    public const string SameAccount = "same_account";

    /// <summary>A trading day opened at or before the instrument's last closed day.</summary>
    public const string DayAlreadyClosed = "day_already_closed";

    /// <summary>A trading day opened at a previous close other than the instrument's last official close.</summary>
    public const string PreviousCloseMismatch = "previous_close_mismatch";

    /// <summary>The auction is not taking bids now.</summary>
    public const string AuctionNotOpen = "auction_not_open";

    /// <summary>A bid beyond the per-bidder limit.</summary>
    public const string BidderLimitExceeded = "bidder_limit_exceeded";

    /// <summary>A bid below the floor (seller's auction) or above the cap (buyer's auction).</summary>
    public const string BidBeyondReservePrice = "bid_beyond_reserve_price";

    /// <summary>The instrument's rulebook does not offer this trading mode (block trades or one-way bidding for CCER at launch).</summary>
    public const string TradingModeNotOffered = "trading_mode_not_offered";

    /// <summary>The account's holder may not trade the instrument under its rulebook (a natural person where only organisations trade).</summary>
    public const string ParticipantNotEligible = "participant_not_eligible";

    /// <summary>The auction has been cleared already: nothing more can be bid, withdrawn or cleared.</summary>
    public const string AuctionAlreadyCleared = "auction_already_cleared";

    /// <summary>An auction notice names the wrong account for its side (a seller's auction its seller account, a buyer's its buyer account, never both).</summary>
    public const string InvalidAuctionAccount = "invalid_auction_account";

    /// <summary>Trading in the instrument is halted: no order, block proposal or acceptance, auction bid or clearing until it resumes (cancels and withdrawals still run).</summary>
    public const string TradingHalted = "trading_halted";

    /// <summary>A halt of an instrument already halted.</summary>
    public const string AlreadyHalted = "already_halted";

    /// <summary>A resumption of an instrument that is not halted.</summary>
    public const string NotHalted = "not_halted";

    internal static Rejection Reject(string code, string message) => new(code, message);
}
