// Listing agreement trading for one instrument on one trading day: checks each order against the rules
// and the holdings, locks what it needs, matches it on the order book and settles the fills.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>What became of one order: rejected (with the reason) or accepted (with its trades and what rests).</summary>
public sealed record OrderOutcome(Rejection? Rejection, IReadOnlyList<Trade> Trades, long RestingT, long SelfTradeCancelledT = 0)
{
    /// <summary>True when the order was accepted.</summary>
    public bool Accepted => Rejection is null;

    internal static OrderOutcome Rejected(string code, string message) => new(new Rejection(code, message), [], 0);
}

/// <summary>One fill an order would make: the resting order, its account, price, quantity, and whether it would fill the resting order completely.</summary>
public readonly record struct PlannedFill(string MakerOrderId, string MakerAccount, long PriceFen, long QuantityT, bool FillsMaker);

/// <summary>What an order would do: fills (in the list the caller gave), the part cancelled by self-trade prevention, and what would rest.</summary>
public readonly record struct OrderPlan(IReadOnlyList<PlannedFill> Fills, long SelfTradeCancelledT, long RestingT);

/// <summary>
/// The continuous listing market of one instrument for one day. Orders are day orders: <see cref="CloseDay"/>
/// cancels what rests and releases its locks.
/// </summary>
public sealed class ListingMarket : IFillSink
{
    // A struct kept in _open and changed in place there (CollectionsMarshal), so entering an order allocates no object.
    private struct OpenOrder(string id, string account, Side side, long limitFen, long remainingT)
    {
        public readonly string Id = id;
        public readonly string Account = account;
        public readonly Side Side = side;
        public readonly long LimitFen = limitFen;
        public long RemainingT = remainingT;
        public long LockedCashFen;
    }

    private readonly TradeLedger _ledger;
    private readonly OrderBook _book;
    // Every order id entered today, never removed (an id is taken once a day): its entry order is the snapshot's.
    private readonly Dictionary<string, long> _bookIdByOrderId;
    private readonly Dictionary<long, OpenOrder> _open = [];

    // Tonnes each account's open buy orders may still take: kept as buys enter, fill and leave, so a position limit's
    // check reads one account's figure instead of summing every open order. Kept only under a rulebook that sets a
    // limit (no other decision reads it), so without one the order path does no more work than before.
    private readonly Dictionary<string, long> _openBuyT = new(StringComparer.Ordinal);
    private readonly List<Trade> _newTrades = [];
    private readonly List<Fill> _preview = [];
    private long _takerBookId;
    private DateTimeOffset _takerTime;
    private long _nextBookId = 1;

    /// <summary>
    /// Orders a day takes before its index of order ids makes room for the expected orders, unless the room was made when
    /// it opened (<see cref="MakeRoomForExpectedOrders"/>): a quiet day that a restart replays or restores never holds
    /// that room, a busy one grows no more from here.
    /// </summary>
    public const int SizedFrom = 1_024;

    private readonly int _expectedOrders;

    /// <summary>
    /// A listing market for <paramref name="instrument"/> on the ledger's trading day, whose index of order ids makes room
    /// for <paramref name="expectedOrders"/> when told to (<see cref="MakeRoomForExpectedOrders"/>) or once it holds
    /// <see cref="SizedFrom"/> (0: it grows as needed).
    /// </summary>
    public ListingMarket(TradeLedger ledger, string instrument, long previousCloseFen, int expectedOrders = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedOrders);
        _expectedOrders = expectedOrders;
        _bookIdByOrderId = [];
        _ledger = ledger;
        Instrument = instrument;
        PreviousCloseFen = previousCloseFen;
        Band = ledger.Rules.ListingBand(previousCloseFen);
        _book = new OrderBook(Band, ledger.Rules.TickFen, 1 << 12);
    }

    /// <summary>The instrument traded.</summary>
    public string Instrument { get; }

    /// <summary>The previous close the band is set from.</summary>
    public long PreviousCloseFen { get; }

    /// <summary>The day's listing band.</summary>
    public PriceBand Band { get; }

    /// <summary>The order book (read-only use: depth, best prices).</summary>
    public IOrderBook Book => _book;

    private TradingRulebook Rules => _ledger.Rules;

    private IAccountBook Accounts => _ledger.Accounts;

    /// <summary>Checks, locks, matches and settles a new limit order.</summary>
    public OrderOutcome Place(DateTimeOffset time, string orderId, string account, Side side, long priceFen, long quantityT)
    {
        var rejection = Check(time, orderId, account, side, priceFen, quantityT);
        if (rejection is not null)
            return new OrderOutcome(rejection, [], 0);
        var plan = Plan(account, side, priceFen, quantityT, []);
        if (plan.Fills.Count == 0 && plan.SelfTradeCancelledT > 0)
            return OrderOutcome.Rejected(ExchangeRejections.SelfTradePrevented, SelfTradeSentence(account));
        return Execute(time, orderId, account, side, priceFen, quantityT, plan.SelfTradeCancelledT);
    }

    /// <summary>
    /// Enters an order that has passed <see cref="Check"/> and is not wholly stopped by self-trade prevention
    /// (the engine checks in its decision, then applies this).
    /// </summary>
    public OrderOutcome Accept(DateTimeOffset time, string orderId, string account, Side side, long priceFen, long quantityT) =>
        Execute(time, orderId, account, side, priceFen, quantityT, Plan(account, side, priceFen, quantityT, null).SelfTradeCancelledT);

    /// <summary>
    /// <see cref="Accept"/> without its outcome: the engine applies a decided order and reads its trades from the ledger,
    /// so it need not copy them for every order.
    /// </summary>
    internal void Enter(DateTimeOffset time, string orderId, string account, Side side, long priceFen, long quantityT) =>
        Enter(time, orderId, account, side, priceFen, quantityT, Plan(account, side, priceFen, quantityT, null).SelfTradeCancelledT);

    /// <summary>
    /// What an order would do now, changing nothing: its fills in priority order, written to <paramref name="fills"/>
    /// (cleared first; the engine reuses one list for every order), the part self-trade prevention cancels (matching
    /// stops before the account's own resting order), and what would rest. With <paramref name="fills"/> null only the
    /// quantities are worked out.
    /// </summary>
    public OrderPlan Plan(string account, Side side, long priceFen, long quantityT, List<PlannedFill>? fills)
    {
        _book.PreviewFills(side, priceFen, quantityT, _preview);
        fills?.Clear();
        IReadOnlyList<PlannedFill> planned = fills is null ? Array.Empty<PlannedFill>() : fills;
        var left = quantityT;
        foreach (var f in _preview)
        {
            var maker = _open[f.MakerOrderId];
            if (maker.Account == account && Rules.SelfTradePrevention == SelfTradePrevention.CancelIncoming)
                return new OrderPlan(planned, left, 0);
            fills?.Add(new PlannedFill(maker.Id, maker.Account, f.PriceFen, f.QuantityT, maker.RemainingT == f.QuantityT));
            left -= f.QuantityT;
        }
        return new OrderPlan(planned, 0, left);
    }

    /// <summary>The sentence of a self-trade rejection.</summary>
    public static string SelfTradeSentence(string account) =>
        $"The order would trade with a resting order of {account}; trading with oneself is not allowed, so the incoming order is cancelled.";

    private OrderOutcome Execute(DateTimeOffset time, string orderId, string account, Side side, long priceFen, long quantityT, long selfTradeCancelledT)
    {
        var resting = Enter(time, orderId, account, side, priceFen, quantityT, selfTradeCancelledT);
        return new OrderOutcome(null, _newTrades.ToArray(), resting, selfTradeCancelledT);
    }

    // Enters the order: locks, matches (its trades collect in _newTrades), and returns what rests.
    private long Enter(DateTimeOffset time, string orderId, string account, Side side, long priceFen, long quantityT, long selfTradeCancelledT)
    {
        quantityT -= selfTradeCancelledT;
        Invariant.Assert(quantityT > 0, "An order wholly stopped by self-trade prevention is rejected, not entered.");
        var order = new OpenOrder(orderId, account, side, priceFen, quantityT);
        if (side == Side.Sell)
            Accounts.LockUnits(account, Instrument, quantityT);
        else
        {
            order.LockedCashFen = _ledger.BuyLockFen(priceFen, quantityT);
            Accounts.LockCash(account, order.LockedCashFen);
        }
        var bookId = _nextBookId++;
        TakeId(orderId, bookId);
        _open.Add(bookId, order);
        if (side == Side.Buy)
            OpenBuyChanged(account, quantityT);
        _newTrades.Clear();
        _takerBookId = bookId;
        _takerTime = time;
        var resting = _book.Submit(bookId, side, priceFen, quantityT, this);
        _takerBookId = 0;
        Invariant.Assert(selfTradeCancelledT == 0 || resting == 0, "Self-trade prevention leaves nothing resting.");
        if (resting == 0)
            Finish(bookId);
        return resting;
    }

    /// <summary>
    /// Makes room in the day's index of order ids for the expected orders now (the opening's decision does, before
    /// trading starts; the index keeps its entry order). Sizing only: nothing decided, written or hashed changes.
    /// </summary>
    public void MakeRoomForExpectedOrders() => _bookIdByOrderId.EnsureCapacity(_expectedOrders);

    /// <summary>Enters an order id of the day; at the <see cref="SizedFrom"/>th, an index without room yet makes it for the expected orders (entry order is kept).</summary>
    private void TakeId(string orderId, long bookId)
    {
        _bookIdByOrderId.Add(orderId, bookId);
        if (_bookIdByOrderId.Count == SizedFrom && _expectedOrders > SizedFrom)
            _bookIdByOrderId.EnsureCapacity(_expectedOrders);  // nothing to do for a day that made its room when it opened
    }

    /// <summary>Cancels a resting order of <paramref name="account"/> and releases its locks.</summary>
    public Rejection? Cancel(DateTimeOffset time, string orderId, string account)
    {
        if (!Rules.ListingOpen(time) || DateOnly.FromDateTime(Rules.LocalTime(time)) != _ledger.TradingDay)
            return new Rejection(ExchangeRejections.MarketClosed, "Orders can be cancelled only during the day's listing sessions.");
        if (!_bookIdByOrderId.TryGetValue(orderId, out var bookId) || !_open.TryGetValue(bookId, out var order))
            return new Rejection(ExchangeRejections.UnknownId, $"No open order {orderId}.");
        if (order.Account != account)
            return new Rejection(ExchangeRejections.NotYours, $"Order {orderId} belongs to another account.");
        Remove(bookId, order.RemainingT);
        return null;
    }

    /// <summary>Records a cancel already decided (an event applied): the order leaves the book and its locks are released, no check run again.</summary>
    public void RecordCancel(string orderId, string account)
    {
        var known = _bookIdByOrderId.TryGetValue(orderId, out var bookId) & _open.TryGetValue(bookId, out var order);
        Invariant.Assert(known && order.Account == account, "A cancel applies to an open order of its account.");
        Remove(bookId, order.RemainingT);
    }

    private void Remove(long bookId, long remainingT)
    {
        var removed = _book.Cancel(bookId, out var remaining);
        Invariant.Assert(removed && remaining == remainingT, "An open order is in the book with its remaining quantity.");
        Finish(bookId);
    }

    /// <summary>Cancels every resting order at the end of the day, releasing locks. Returns how many.</summary>
    public int CloseDay()
    {
        var ids = _open.Keys.Order().ToArray();
        foreach (var id in ids)
        {
            _book.Cancel(id, out _);
            Finish(id);
        }
        return ids.Length;
    }

    /// <summary>The open order with this id: its account, side, limit and remaining quantity; null when none rests.</summary>
    public (string Account, Side Side, long LimitFen, long RemainingT)? Find(string orderId) =>
        orderId is not null && _bookIdByOrderId.TryGetValue(orderId, out var bookId) && _open.TryGetValue(bookId, out var o)
            ? (o.Account, o.Side, o.LimitFen, o.RemainingT)
            : null;

    /// <summary>Order ids the day's index holds room for before it must grow (for tests and metrics).</summary>
    public int OrderIndexCapacity => _bookIdByOrderId.EnsureCapacity(0);

    /// <summary>True when the order is open (resting) in the book.</summary>
    public bool IsOpen(string orderId) => _bookIdByOrderId.TryGetValue(orderId, out var bookId) && _open.ContainsKey(bookId);

    /// <summary>Open orders, for inspection: id, account, side, limit, remaining.</summary>
    public IEnumerable<(string OrderId, string Account, Side Side, long LimitFen, long RemainingT)> OpenOrders =>
        _open.OrderBy(kv => kv.Key).Select(kv => (kv.Value.Id, kv.Value.Account, kv.Value.Side, kv.Value.LimitFen, kv.Value.RemainingT));

    /// <summary>
    /// Writes the day's listing state into a snapshot: every order id entered today, in entry order (an id is taken once a
    /// day), and the open orders as [book id, account, side, limit, remaining, cash locked], in entry order, which is their
    /// time priority at each price.
    /// </summary>
    internal void WriteState(Utf8JsonWriter writer)
    {
        writer.WritePropertyName("orders");
        writer.WriteStartArray();
        // Ids are never removed, so the table lists them in the order entered, and an order's book id is its place there.
        long place = 0;
        foreach (var (id, bookId) in _bookIdByOrderId)
        {
            Invariant.Assert(bookId == ++place, "An order's book id is its place in the day's entry order.");
            writer.WriteStringValue(id);
        }
        writer.WriteEndArray();
        writer.WritePropertyName("open");
        writer.WriteStartArray();
        foreach (var (bookId, order) in _open.OrderBy(o => o.Key))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(bookId);
            writer.WriteStringValue(order.Account);
            writer.WriteStringValue(SideText.Of(order.Side));
            writer.WriteNumberValue(order.LimitFen);
            writer.WriteNumberValue(order.RemainingT);
            writer.WriteNumberValue(order.LockedCashFen);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// Reads what <see cref="WriteState"/> wrote into this new day's market: the ids taken, and the open orders back on the
    /// book in entry order (so each keeps its time priority; none crosses, as the book never is). Locks are the registry's.
    /// </summary>
    internal void ReadState(JsonElement state)
    {
        Invariant.Assert(_bookIdByOrderId.Count == 0, "A day's listing state is read into a new market.");
        var ids = new List<string>();
        foreach (var id in state.GetProperty("orders").EnumerateArray())
        {
            ids.Add(id.GetString() ?? throw new JsonException("A null order id in the snapshot."));
            TakeId(ids[^1], _nextBookId++);
        }
        foreach (var o in state.GetProperty("open").EnumerateArray())
        {
            var bookId = o[0].GetInt64();
            var side = SideText.Read(o[2]);
            if (bookId < 1 || bookId > ids.Count || _open.ContainsKey(bookId))
                throw new JsonException($"An open order's book id {bookId} is not that of one order entered today.");
            var order = new OpenOrder(ids[(int)bookId - 1], o[1].GetString() ?? throw new JsonException("A null account in the snapshot."), side,
                o[3].GetInt64(), o[4].GetInt64())
            { LockedCashFen = o[5].GetInt64() };
            _open.Add(bookId, order);
            if (side == Side.Buy)
                OpenBuyChanged(order.Account, order.RemainingT);
            Invariant.Assert(_book.Submit(bookId, side, order.LimitFen, order.RemainingT, this) == order.RemainingT, "An open order rests again without trading.");
        }
    }

    /// <summary>Tonnes the account's open buy orders may still take (0 when it has none); kept only where the rulebook sets a position limit.</summary>
    public long OpenBuyT(string account)
    {
        Invariant.Assert(Rules.PositionLimit is not null, "Open buys are tallied only under a rulebook that sets a position limit.");
        return _openBuyT.GetValueOrDefault(account);
    }

    /// <summary>Every check of <see cref="Place"/> without changing anything: the rejection, or null when the order would be accepted.</summary>
    public Rejection? Check(DateTimeOffset time, string orderId, string account, Side side, long priceFen, long quantityT)
    {
        var local = Rules.LocalTime(time);
        if (DateOnly.FromDateTime(local) != _ledger.TradingDay || !Rules.ListingOpen(time))
            return new Rejection(ExchangeRejections.MarketClosed, $"Listing trading is closed at {local:yyyy-MM-dd HH:mm:ss} market time.");
        if (quantityT < Rules.ListingMinOrderT || quantityT > Rules.ListingMaxOrderT || quantityT % Rules.LotT != 0)
            return new Rejection(ExchangeRejections.QuantityOutOfRange,
                $"A listing order is {Rules.ListingMinOrderT:N0} to {Rules.ListingMaxOrderT:N0} t in lots of {Rules.LotT} t; {quantityT:N0} t is not.");
        if (priceFen <= 0 || priceFen % Rules.TickFen != 0)
            return new Rejection(ExchangeRejections.OffTick, $"A price is a positive multiple of {Rules.TickFen} fen; {new Fen(priceFen).ToYuanString()} is not.");
        if (!Band.Contains(priceFen))
            return new Rejection(ExchangeRejections.PriceOutsideBand,
                $"Today's listing band is {new Fen(Band.LowFen).ToYuanString()}–{new Fen(Band.HighFen).ToYuanString()} yuan (±{Rules.ListingBandPercent}% of {new Fen(PreviousCloseFen).ToYuanString()}); {new Fen(priceFen).ToYuanString()} is outside it.");
        if (_bookIdByOrderId.ContainsKey(orderId))
            return new Rejection(ExchangeRejections.DuplicateId, $"Order id {orderId} was already used today.");
        return side == Side.Sell
            ? CheckUnits(Accounts, Instrument, account, quantityT, _ledger.TradingDay)
            : CheckCash(Accounts, account, _ledger.BuyLockFen(priceFen, quantityT));
    }

    internal static Rejection? CheckUnits(IAccountBook accounts, string instrument, string account, long quantityT, DateOnly day)
    {
        var available = accounts.AvailableUnits(account, instrument);
        if (available < quantityT)
            return new Rejection(ExchangeRejections.InsufficientUnits, $"{account} has {available:N0} t of {instrument} free; the sale needs {quantityT:N0} t.");
        var sellable = accounts.SellableUnits(account, instrument, day);
        if (sellable < quantityT)
            return new Rejection(ExchangeRejections.UnitsNotYetSellable,
                $"{account} has {available:N0} t free but only {sellable:N0} t sellable today; units bought today can be sold from the next trading day.");
        return null;
    }

    internal static Rejection? CheckCash(IAccountBook accounts, string account, long needFen)
    {
        var cash = accounts.AvailableCashFen(account);
        return cash < needFen
            ? new Rejection(ExchangeRejections.InsufficientCash, $"{account} has {new Fen(cash).ToYuanString()} yuan free; the purchase needs {new Fen(needFen).ToYuanString()} yuan.")
            : null;
    }

    void IFillSink.OnFill(in Fill fill)
    {
        // References into _open: nothing is added to it while the book matches, so its entries stay in place.
        ref var taker = ref CollectionsMarshal.GetValueRefOrNullRef(_open, _takerBookId);
        ref var maker = ref CollectionsMarshal.GetValueRefOrNullRef(_open, fill.MakerOrderId);
        Invariant.Assert(!Unsafe.IsNullRef(ref taker) && !Unsafe.IsNullRef(ref maker), "Both orders of a fill are open.");
        ref var buy = ref fill.TakerSide == Side.Buy ? ref taker : ref maker;
        ref var sell = ref fill.TakerSide == Side.Buy ? ref maker : ref taker;
        var trade = _ledger.Record(_takerTime, TradeKind.Listing, Instrument, buy.Id, sell.Id, buy.Account, sell.Account, fill.PriceFen, fill.QuantityT);
        taker.RemainingT -= fill.QuantityT;
        maker.RemainingT -= fill.QuantityT;
        OpenBuyChanged(buy.Account, -fill.QuantityT);
        // The buy lock shrinks to what the rest of the order may still need; a better price frees the difference now.
        var keep = _ledger.BuyLockFen(buy.LimitFen, buy.RemainingT);
        var freed = buy.LockedCashFen - trade.ValueFen - trade.BuyerFeeFen - keep;
        Invariant.Assert(freed >= 0, "A buy order's lock covers its fills.");
        if (freed > 0)
            Accounts.UnlockCash(buy.Account, freed);
        buy.LockedCashFen = keep;
        if (maker.RemainingT == 0)
            Finish(fill.MakerOrderId);
        _newTrades.Add(trade);
    }

    // An order leaves the market: release what its locks still hold.
    private void Finish(long bookId)
    {
        Invariant.Assert(_open.Remove(bookId, out var order), "A finished order was open.");
        if (order.Side == Side.Sell && order.RemainingT > 0)
            Accounts.UnlockUnits(order.Account, Instrument, order.RemainingT);
        if (order.Side == Side.Buy && order.LockedCashFen > 0)
            Accounts.UnlockCash(order.Account, order.LockedCashFen);
        if (order.Side == Side.Buy && order.RemainingT > 0)
            OpenBuyChanged(order.Account, -order.RemainingT);
    }

    private void OpenBuyChanged(string account, long changeT)
    {
        if (Rules.PositionLimit is null)
            return;
        ref var t = ref CollectionsMarshal.GetValueRefOrAddDefault(_openBuyT, account, out _);
        t += changeT;
        Invariant.Assert(t >= 0, "An account's open buys never fall below nothing.");
        if (t == 0)
            _openBuyT.Remove(account);
    }
}
