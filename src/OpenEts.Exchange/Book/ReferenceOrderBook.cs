// A deliberately simple order book (sorted dictionary of lists) that the fast book is checked against.
namespace OpenEts.Exchange;

/// <summary>
/// The naive reference book: a sorted dictionary of price → FIFO list per side. Obviously correct, slow.
/// Used by property tests (same fills as <see cref="OrderBook"/> for the same stream) and as the benchmark baseline.
/// </summary>
public sealed class ReferenceOrderBook : IOrderBook
{
    private sealed class Resting(long id, long quantity)
    {
        public long Id { get; } = id;
        public long Quantity { get; set; } = quantity;
    }

    private readonly SortedDictionary<long, List<Resting>> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<long, List<Resting>> _asks = new();
    private readonly Dictionary<long, (Side Side, long PriceFen)> _where = [];

    /// <inheritdoc />
    public long BestBidFen => _bids.Count == 0 ? 0 : _bids.First().Key;

    /// <inheritdoc />
    public long BestAskFen => _asks.Count == 0 ? 0 : _asks.First().Key;

    /// <inheritdoc />
    public int OrderCount => _where.Count;

    /// <inheritdoc />
    public long RestingQuantity(Side side) => (side == Side.Buy ? _bids : _asks).Values.Sum(l => l.Sum(o => o.Quantity));

    /// <inheritdoc />
    public long Submit(long orderId, Side side, long priceFen, long quantityT, IFillSink sink)
    {
        var opposite = side == Side.Buy ? _asks : _bids;
        var left = quantityT;
        while (left > 0 && opposite.Count > 0)
        {
            var (price, queue) = opposite.First();
            var crosses = side == Side.Buy ? price <= priceFen : price >= priceFen;
            if (!crosses)
                break;
            var maker = queue[0];
            var traded = Math.Min(left, maker.Quantity);
            left -= traded;
            maker.Quantity -= traded;
            sink.OnFill(new Fill(orderId, maker.Id, side, price, traded));
            if (maker.Quantity == 0)
            {
                queue.RemoveAt(0);
                _where.Remove(maker.Id);
                if (queue.Count == 0)
                    opposite.Remove(price);
            }
        }
        if (left > 0)
        {
            var own = side == Side.Buy ? _bids : _asks;
            if (!own.TryGetValue(priceFen, out var list))
                own[priceFen] = list = [];
            list.Add(new Resting(orderId, left));
            _where.Add(orderId, (side, priceFen));
        }
        return left;
    }

    /// <inheritdoc />
    public bool Cancel(long orderId, out long remainingT)
    {
        remainingT = 0;
        if (!_where.Remove(orderId, out var at))
            return false;
        var side = at.Side == Side.Buy ? _bids : _asks;
        var list = side[at.PriceFen];
        var i = list.FindIndex(o => o.Id == orderId);
        remainingT = list[i].Quantity;
        list.RemoveAt(i);
        if (list.Count == 0)
            side.Remove(at.PriceFen);
        return true;
    }

    /// <inheritdoc />
    public int Depth(Side side, Span<DepthLevel> levels)
    {
        var n = 0;
        foreach (var (price, list) in side == Side.Buy ? _bids : _asks)
        {
            if (n == levels.Length)
                break;
            levels[n++] = new DepthLevel(price, list.Sum(o => o.Quantity), list.Count);
        }
        return n;
    }
}
