// The vocabulary shared by both order books: sides, fills, the sink fills go to, the book contract.
namespace OpenEts.Exchange;

/// <summary>Buy or sell.</summary>
public enum Side : byte
{
    /// <summary>Buys units, pays cash.</summary>
    Buy,

    /// <summary>Sells units, receives cash.</summary>
    Sell,
}

/// <summary>
/// One match: the incoming (taker) order traded <see cref="QuantityT"/> with a resting (maker) order at the
/// maker's price, <see cref="PriceFen"/>.
/// </summary>
public readonly record struct Fill(long TakerOrderId, long MakerOrderId, Side TakerSide, long PriceFen, long QuantityT)
{
    /// <summary>The buy order's id.</summary>
    public long BuyOrderId => TakerSide == Side.Buy ? TakerOrderId : MakerOrderId;

    /// <summary>The sell order's id.</summary>
    public long SellOrderId => TakerSide == Side.Sell ? TakerOrderId : MakerOrderId;

    /// <summary>The value of the fill, fen.</summary>
    public long ValueFen => checked(PriceFen * QuantityT);
}

/// <summary>Receives fills as the book makes them, in order. Called on the matching path: keep it cheap.</summary>
public interface IFillSink
{
    /// <summary>One fill.</summary>
    void OnFill(in Fill fill);
}

/// <summary>One price level of depth: price, total resting quantity and number of orders.</summary>
public readonly record struct DepthLevel(long PriceFen, long QuantityT, int Orders);

/// <summary>
/// A continuous limit order book for one instrument: price then time priority, prices in fen and quantities
/// in tonnes. It checks nothing the rules decide (band, tick, balances): the caller validates first.
/// </summary>
public interface IOrderBook
{
    /// <summary>
    /// Matches a new limit order against the other side, sending fills to <paramref name="sink"/>, and rests
    /// what is left. Returns the quantity left resting (0 when fully filled).
    /// </summary>
    long Submit(long orderId, Side side, long priceFen, long quantityT, IFillSink sink);

    /// <summary>Removes a resting order. Returns false when no such order rests.</summary>
    bool Cancel(long orderId, out long remainingT);

    /// <summary>Highest resting buy price, or 0 when no buy rests.</summary>
    long BestBidFen { get; }

    /// <summary>Lowest resting sell price, or 0 when no sell rests.</summary>
    long BestAskFen { get; }

    /// <summary>Number of resting orders.</summary>
    int OrderCount { get; }

    /// <summary>Total resting quantity on a side.</summary>
    long RestingQuantity(Side side);

    /// <summary>The best levels of a side, best first; returns how many were written.</summary>
    int Depth(Side side, Span<DepthLevel> levels);
}

/// <summary>A side as a snapshot writes it: "buy" or "sell".</summary>
internal static class SideText
{
    /// <summary>The side's word.</summary>
    public static string Of(Side side) => side == Side.Buy ? "buy" : "sell";

    /// <summary>The side a snapshot's word names; a <see cref="System.Text.Json.JsonException"/> for any other.</summary>
    public static Side Read(System.Text.Json.JsonElement word) => word.GetString() switch
    {
        "buy" => Side.Buy,
        "sell" => Side.Sell,
        var other => throw new System.Text.Json.JsonException($"Not a side: {other}."),
    };
}
