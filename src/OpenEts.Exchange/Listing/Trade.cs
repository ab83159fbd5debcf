// A trade as the market records it: who, what, at which price, how it was made, and the fees.
namespace OpenEts.Exchange;

/// <summary>How a trade was made.</summary>
public enum TradeKind : byte
{
    /// <summary>Listing agreement: matched on the continuous order book.</summary>
    Listing,

    /// <summary>Block agreement: negotiated between two named members.</summary>
    Block,

    /// <summary>One-way bidding (auction).</summary>
    Auction,
}

/// <summary>One trade. <see cref="BuyOrder"/> and <see cref="SellOrder"/> are the ids the members gave.</summary>
public sealed record Trade(
    long Sequence,
    DateTimeOffset Time,
    TradeKind Kind,
    string Instrument,
    string BuyOrder,
    string SellOrder,
    string Buyer,
    string Seller,
    long PriceFen,
    long QuantityT,
    long BuyerFeeFen,
    long SellerFeeFen)
{
    /// <summary>Price × quantity, fen.</summary>
    public long ValueFen => checked(PriceFen * QuantityT);
}
