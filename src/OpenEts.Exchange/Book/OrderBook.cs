// The fast order book: levels indexed by tick offset within a fixed price range, orders in pooled nodes
// linked in time order per level, a bitmap of non-empty levels to find the next best price. No allocation
// on the matching path once the pools are sized.
using System.Numerics;

namespace OpenEts.Exchange;

/// <summary>
/// A price-time priority limit order book over a fixed price range (a day's band). Each price level is a
/// doubly linked list of pooled order nodes; a per-side bitmap finds the next non-empty level in a few words.
/// </summary>
public sealed class OrderBook : IOrderBook
{
    private struct Node
    {
        public long Id;
        public long Quantity;
        public int Next;
        public int Prev;
        public int Level;
        public Side Side;
    }

    private const int None = -1;

    private readonly long _minPriceFen;
    private readonly long _tickFen;
    private readonly int _levelCount;
    private readonly int[] _bidHead, _bidTail, _askHead, _askTail;
    private readonly long[] _bidQty, _askQty;
    private readonly int[] _bidOrders, _askOrders;
    private readonly ulong[] _bidBits, _askBits;
    private readonly Dictionary<long, int> _slotById;
    private Node[] _nodes;
    private int[] _free;
    private int _freeCount;
    private int _bestBid = None;
    private int _bestAsk;
    private long _bidTotal, _askTotal;

    /// <summary>
    /// Most price levels one book holds (its arrays are sized by the band: about 20 bytes a level, so 20 MB at most). A
    /// ±10% band on a 0.01-yuan tick fits a previous close up to about 52,000 yuan; the engine refuses to open a day whose
    /// band would not fit, before any book is made.
    /// </summary>
    public const int MaxLevels = 1 << 20;

    /// <summary>A book for prices <paramref name="minPriceFen"/>..<paramref name="maxPriceFen"/> on a <paramref name="tickFen"/> grid.</summary>
    public OrderBook(long minPriceFen, long maxPriceFen, long tickFen = 1, int expectedOrders = 1 << 16)
    {
        if (tickFen <= 0 || minPriceFen <= 0 || maxPriceFen < minPriceFen || (maxPriceFen - minPriceFen) % tickFen != 0)
            throw new ArgumentException("The price range must be positive, ordered and on the tick grid.");
        var levels = (maxPriceFen - minPriceFen) / tickFen + 1;
        if (levels > MaxLevels)
            throw new ArgumentException($"The price range spans {levels:N0} ticks; one book holds at most {MaxLevels:N0}.");
        _minPriceFen = minPriceFen;
        _tickFen = tickFen;
        _levelCount = (int)levels;
        _bestAsk = _levelCount;
        _bidHead = New(_levelCount, None);
        _bidTail = New(_levelCount, None);
        _askHead = New(_levelCount, None);
        _askTail = New(_levelCount, None);
        _bidQty = new long[_levelCount];
        _askQty = new long[_levelCount];
        _bidOrders = new int[_levelCount];
        _askOrders = new int[_levelCount];
        _bidBits = new ulong[(_levelCount + 63) / 64];
        _askBits = new ulong[(_levelCount + 63) / 64];
        var capacity = Math.Max(16, expectedOrders);
        _slotById = new Dictionary<long, int>(capacity);
        _nodes = new Node[capacity];
        _free = new int[capacity];
        for (var i = 0; i < capacity; i++)
            _free[i] = capacity - 1 - i;
        _freeCount = capacity;
    }

    /// <summary>A book sized for a price band.</summary>
    public OrderBook(PriceBand band, long tickFen = 1, int expectedOrders = 1 << 16)
        : this(band.LowFen, band.HighFen, tickFen, expectedOrders)
    {
    }

    /// <summary>Lowest price the book holds.</summary>
    public long MinPriceFen => _minPriceFen;

    /// <summary>Highest price the book holds.</summary>
    public long MaxPriceFen => _minPriceFen + (_levelCount - 1) * _tickFen;

    /// <inheritdoc />
    public long BestBidFen => _bestBid == None ? 0 : PriceOf(_bestBid);

    /// <inheritdoc />
    public long BestAskFen => _bestAsk == _levelCount ? 0 : PriceOf(_bestAsk);

    /// <inheritdoc />
    public int OrderCount => _slotById.Count;

    /// <inheritdoc />
    public long RestingQuantity(Side side) => side == Side.Buy ? _bidTotal : _askTotal;

    /// <summary>True when an order with this id rests in the book.</summary>
    public bool Contains(long orderId) => _slotById.ContainsKey(orderId);

    /// <inheritdoc />
    public long Submit(long orderId, Side side, long priceFen, long quantityT, IFillSink sink)
    {
        if (quantityT <= 0 || priceFen < _minPriceFen || priceFen > MaxPriceFen || (priceFen - _minPriceFen) % _tickFen != 0)
            throw new ArgumentOutOfRangeException(nameof(priceFen), "Price off the book's grid or quantity not positive: validate before submitting.");
        if (_slotById.ContainsKey(orderId))
            throw new ArgumentException($"Order {orderId} already rests in the book.", nameof(orderId));
        var level = (int)((priceFen - _minPriceFen) / _tickFen);
        var left = side == Side.Buy
            ? MatchBuy(orderId, level, quantityT, sink)
            : MatchSell(orderId, level, quantityT, sink);
        if (left > 0)
            Rest(orderId, side, level, left);
        return left;
    }

    private long MatchBuy(long takerId, int limitLevel, long quantity, IFillSink sink)
    {
        while (quantity > 0 && _bestAsk <= limitLevel)
        {
            var level = _bestAsk;
            var price = PriceOf(level);
            var slot = _askHead[level];
            while (quantity > 0 && slot != None)
            {
                ref var maker = ref _nodes[slot];
                var traded = Math.Min(quantity, maker.Quantity);
                quantity -= traded;
                maker.Quantity -= traded;
                _askQty[level] -= traded;
                _askTotal -= traded;
                sink.OnFill(new Fill(takerId, maker.Id, Side.Buy, price, traded));
                var next = maker.Next;
                if (maker.Quantity == 0)
                    RemoveFilled(slot, _askHead, _askTail, _askOrders, level);
                slot = next;
            }
            if (_askHead[level] == None)
            {
                ClearBit(_askBits, level);
                _bestAsk = NextUp(_askBits, level + 1);
            }
        }
        return quantity;
    }

    private long MatchSell(long takerId, int limitLevel, long quantity, IFillSink sink)
    {
        while (quantity > 0 && _bestBid != None && _bestBid >= limitLevel)
        {
            var level = _bestBid;
            var price = PriceOf(level);
            var slot = _bidHead[level];
            while (quantity > 0 && slot != None)
            {
                ref var maker = ref _nodes[slot];
                var traded = Math.Min(quantity, maker.Quantity);
                quantity -= traded;
                maker.Quantity -= traded;
                _bidQty[level] -= traded;
                _bidTotal -= traded;
                sink.OnFill(new Fill(takerId, maker.Id, Side.Sell, price, traded));
                var next = maker.Next;
                if (maker.Quantity == 0)
                    RemoveFilled(slot, _bidHead, _bidTail, _bidOrders, level);
                slot = next;
            }
            if (_bidHead[level] == None)
            {
                ClearBit(_bidBits, level);
                _bestBid = NextDown(_bidBits, level - 1);
            }
        }
        return quantity;
    }

    // A filled maker is always the head of its level (time priority), so unlinking is a pop.
    private void RemoveFilled(int slot, int[] head, int[] tail, int[] orders, int level)
    {
        ref var node = ref _nodes[slot];
        head[level] = node.Next;
        if (node.Next == None)
            tail[level] = None;
        else
            _nodes[node.Next].Prev = None;
        orders[level]--;
        _slotById.Remove(node.Id);
        _free[_freeCount++] = slot;
    }

    private void Rest(long orderId, Side side, int level, long quantity)
    {
        if (_freeCount == 0)
            Grow();
        var slot = _free[--_freeCount];
        ref var node = ref _nodes[slot];
        node.Id = orderId;
        node.Quantity = quantity;
        node.Level = level;
        node.Side = side;
        node.Next = None;
        _slotById.Add(orderId, slot);
        if (side == Side.Buy)
        {
            node.Prev = _bidTail[level];
            Append(slot, _bidHead, _bidTail, level);
            _bidQty[level] += quantity;
            _bidOrders[level]++;
            _bidTotal += quantity;
            SetBit(_bidBits, level);
            if (level > _bestBid)
                _bestBid = level;
        }
        else
        {
            node.Prev = _askTail[level];
            Append(slot, _askHead, _askTail, level);
            _askQty[level] += quantity;
            _askOrders[level]++;
            _askTotal += quantity;
            SetBit(_askBits, level);
            if (level < _bestAsk)
                _bestAsk = level;
        }
    }

    private void Append(int slot, int[] head, int[] tail, int level)
    {
        var last = tail[level];
        if (last == None)
            head[level] = slot;
        else
            _nodes[last].Next = slot;
        tail[level] = slot;
    }

    /// <summary>
    /// The fills an order would make, without changing the book: makers in price-time priority up to
    /// <paramref name="limitFen"/>, written to <paramref name="fills"/> (cleared first) with taker id 0.
    /// Lets a caller check every counterparty before anything changes.
    /// </summary>
    public void PreviewFills(Side side, long limitFen, long quantityT, List<Fill> fills)
    {
        fills.Clear();
        var limit = (limitFen - _minPriceFen) / _tickFen;
        var buy = side == Side.Buy;
        var level = buy ? _bestAsk : _bestBid;
        while (quantityT > 0 && (buy ? level <= limit && level != _levelCount : level != None && level >= limit))
        {
            for (var slot = buy ? _askHead[level] : _bidHead[level]; quantityT > 0 && slot != None; slot = _nodes[slot].Next)
            {
                var traded = Math.Min(quantityT, _nodes[slot].Quantity);
                quantityT -= traded;
                fills.Add(new Fill(0, _nodes[slot].Id, side, PriceOf(level), traded));
            }
            level = buy ? NextUp(_askBits, level + 1) : NextDown(_bidBits, level - 1);
        }
    }

    /// <inheritdoc />
    public bool Cancel(long orderId, out long remainingT)
    {
        if (!_slotById.Remove(orderId, out var slot))
        {
            remainingT = 0;
            return false;
        }
        ref var node = ref _nodes[slot];
        remainingT = node.Quantity;
        var level = node.Level;
        var isBuy = node.Side == Side.Buy;
        var head = isBuy ? _bidHead : _askHead;
        var tail = isBuy ? _bidTail : _askTail;
        if (node.Prev == None)
            head[level] = node.Next;
        else
            _nodes[node.Prev].Next = node.Next;
        if (node.Next == None)
            tail[level] = node.Prev;
        else
            _nodes[node.Next].Prev = node.Prev;
        if (isBuy)
        {
            _bidQty[level] -= remainingT;
            _bidOrders[level]--;
            _bidTotal -= remainingT;
            if (head[level] == None)
            {
                ClearBit(_bidBits, level);
                if (level == _bestBid)
                    _bestBid = NextDown(_bidBits, level - 1);
            }
        }
        else
        {
            _askQty[level] -= remainingT;
            _askOrders[level]--;
            _askTotal -= remainingT;
            if (head[level] == None)
            {
                ClearBit(_askBits, level);
                if (level == _bestAsk)
                    _bestAsk = NextUp(_askBits, level + 1);
            }
        }
        _free[_freeCount++] = slot;
        return true;
    }

    /// <inheritdoc />
    public int Depth(Side side, Span<DepthLevel> levels)
    {
        var n = 0;
        if (side == Side.Buy)
        {
            for (var l = _bestBid; l != None && n < levels.Length; l = NextDown(_bidBits, l - 1))
                levels[n++] = new DepthLevel(PriceOf(l), _bidQty[l], _bidOrders[l]);
        }
        else
        {
            for (var l = _bestAsk; l != _levelCount && n < levels.Length; l = NextUp(_askBits, l + 1))
                levels[n++] = new DepthLevel(PriceOf(l), _askQty[l], _askOrders[l]);
        }
        return n;
    }

    private long PriceOf(int level) => _minPriceFen + level * _tickFen;

    private void Grow()
    {
        var old = _nodes.Length;
        Array.Resize(ref _nodes, old * 2);
        _free = new int[old * 2];
        for (var i = 0; i < old; i++)
            _free[i] = old * 2 - 1 - i;
        _freeCount = old;
    }

    private static void SetBit(ulong[] bits, int i) => bits[i >> 6] |= 1UL << (i & 63);

    private static void ClearBit(ulong[] bits, int i) => bits[i >> 6] &= ~(1UL << (i & 63));

    // Lowest set bit at or above i; the level count when none.
    private int NextUp(ulong[] bits, int i)
    {
        if (i >= _levelCount)
            return _levelCount;
        var w = i >> 6;
        var word = bits[w] & (ulong.MaxValue << (i & 63));
        while (true)
        {
            if (word != 0)
                return Math.Min((w << 6) + BitOperations.TrailingZeroCount(word), _levelCount);
            if (++w == bits.Length)
                return _levelCount;
            word = bits[w];
        }
    }

    // Highest set bit at or below i; None when none.
    private static int NextDown(ulong[] bits, int i)
    {
        if (i < 0)
            return None;
        var w = i >> 6;
        var word = bits[w] & (ulong.MaxValue >> (63 - (i & 63)));
        while (true)
        {
            if (word != 0)
                return (w << 6) + 63 - BitOperations.LeadingZeroCount(word);
            if (--w < 0)
                return None;
            word = bits[w];
        }
    }

    private static int[] New(int length, int value)
    {
        var a = new int[length];
        Array.Fill(a, value);
        return a;
    }
}
