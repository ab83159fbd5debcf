// The exchange module's state in the engine: open trading days (book and trades) per instrument, last
// closes, and purchase dates for T+1. Balances and locks live in the registry. A snapshot writes the state
// itself: the last closes, each open day (its opening, halt, order ids, open orders in time priority, trades
// and block proposals), the halts that outlive the close, and the purchases still waiting for T+1; it grows
// with the open days, not with history, and nothing of a day is kept as events in memory.
// Auctions are few (a handful a year) and their results stay readable, so their events are kept and replayed
// on restore; so are the allocations the regulator records for position limits (few, and not tied to a day).
// A snapshot written before (format 1) kept the days' events instead: it is still read, by replaying them.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>One instrument's open trading day: its trades, listing market and block desk.</summary>
public sealed class OpenDay(TradingDayOpened opened, TradeLedger ledger, ListingMarket market, BlockTradeDesk blocks)
{
    /// <summary>The event that opened the day: the terms it trades under.</summary>
    public TradingDayOpened Opened { get; } = opened;

    /// <summary>The day's trades (listing and block) and rules.</summary>
    public TradeLedger Ledger { get; } = ledger;

    /// <summary>The continuous listing market.</summary>
    public ListingMarket Market { get; } = market;

    /// <summary>Block proposals awaiting an answer.</summary>
    public BlockTradeDesk Blocks { get; } = blocks;

    /// <summary>
    /// The halt in force, if trading is halted; it ends when resumed or when the day closes, unless the rulebook lets it
    /// outlive the close (then the day may open under it).
    /// </summary>
    public TradingHalt? Halt { get; internal set; }
}

/// <summary>State of the exchange module.</summary>
public sealed class ExchangeState(InstrumentRulebooks rulebooks, AuctionRulebook? auctionRules = null) : IModuleState, IHoldingRestrictions
{
    /// <summary>The snapshot format this build writes: 2, the state itself (1, which has no number, kept the days' events).</summary>
    private const int SnapshotFormat = 2;

    /// <summary>Events kept for the snapshot, replayed on restore: those of auctions, unsold units and position allocations.</summary>
    private readonly List<Event> _kept = [];
    private readonly Dictionary<string, OpenDay> _days = [];
    private readonly Dictionary<string, OneWayAuction> _auctions = [];
    private readonly Dictionary<string, long> _lastClose = [];

    /// <summary>
    /// The trading day of each instrument's last close. In a snapshot only once a day has closed under this build (a
    /// snapshot written before it has none, and restores to the same state hash); until then a day is not checked against it.
    /// </summary>
    private readonly Dictionary<string, DateOnly> _lastDay = [];
    private readonly Dictionary<(string Instrument, string Account), UnsoldUnits> _unsold = [];

    /// <summary>Halts that outlive the close (halt.ends_at_close false), by instrument.</summary>
    private readonly Dictionary<string, TradingHalt> _standing = [];

    /// <summary>The rulebooks instruments trade under (allowances, credits).</summary>
    public InstrumentRulebooks Rulebooks { get; } = rulebooks;

    /// <summary>Room each new listing day makes in its index of order ids (see <see cref="ExchangeModule.ExpectedOrdersPerDay"/>).</summary>
    public int ExpectedOrdersPerDay { get; internal init; }

    /// <summary>The rulebook one-way bidding runs under: the allowances' (the credit rulebook offers no auctions).</summary>
    public TradingRulebook Rules => Rulebooks.Allowances;

    /// <summary>The rules of one-way bidding.</summary>
    public AuctionRulebook AuctionRules { get; } = auctionRules ?? AuctionRulebook.National;

    /// <summary>The allocations position limits count for compliance entities (exchange.set_position_allocation).</summary>
    public PositionAllocations PositionAllocations { get; } = new();

    /// <summary>Balances (from the registry) and purchase dates (T+1).</summary>
    public RegistryHoldings Holdings { get; } = new();

    /// <summary>
    /// The fills of the order being decided: one list for every order, so planning allocates nothing. Only the
    /// decision of a listing order uses it (applying an event never does), and nothing keeps it past that decision.
    /// </summary>
    internal List<PlannedFill> PlannedFills { get; } = [];

    /// <summary>The open day of an instrument, if any.</summary>
    public OpenDay? Day(string instrument) => _days.GetValueOrDefault(instrument);

    /// <summary>The halt of <paramref name="instrument"/> in force: its open day's, or one that outlives the close; null when none is.</summary>
    public TradingHalt? Halt(string instrument) => StandingHalt(instrument) ?? Day(instrument)?.Halt;

    /// <summary>The halt of <paramref name="instrument"/> that outlives the close (halt.ends_at_close false), whether a day is open or not.</summary>
    public TradingHalt? StandingHalt(string instrument) => _standing.GetValueOrDefault(instrument);

    /// <summary>Instruments halted with no day open: halts that outlive the close, ordered before or between days.</summary>
    public IEnumerable<(string Instrument, TradingHalt Halt)> HaltsWithoutADay =>
        _standing.Where(h => !_days.ContainsKey(h.Key)).Select(h => (h.Key, h.Value)).OrderBy(h => h.Key, StringComparer.Ordinal);

    /// <summary>The rulebook <paramref name="instrument"/> trades under: its open day's, else the one its registry class names; null for no such class.</summary>
    public TradingRulebook? RulesOf(string instrument) =>
        Day(instrument)?.Ledger.Rules
        ?? (Holdings.Registry is { } registry && registry.Classes.TryGetValue(instrument, out var cls) ? Rulebooks.For(cls, registry) : null);

    /// <summary>Instruments with an open trading day, in id order.</summary>
    public IEnumerable<string> OpenInstruments => _days.Keys.Order(StringComparer.Ordinal);

    /// <summary>An auction by id (standing or cleared), if any.</summary>
    public OneWayAuction? Auction(string? auctionId) => auctionId is not null ? _auctions.GetValueOrDefault(auctionId) : null;

    /// <summary>Every auction announced, in id order.</summary>
    public IEnumerable<OneWayAuction> Auctions => _auctions.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value);

    /// <summary>Every auction announced, in no particular order: for sums, which need no sort.</summary>
    internal IEnumerable<OneWayAuction> AuctionsUnordered => _auctions.Values;

    /// <summary>
    /// What the latest cleared sell auction of <paramref name="instrument"/> from <paramref name="account"/> left unsold, what
    /// earlier ones left unsold and it did not offer again, and how much of that has been cancelled or returned to the reserve
    /// since (exchange.cancel_unsold, exchange.return_unsold); null before any such auction has cleared.
    /// </summary>
    public UnsoldUnits? Unsold(string instrument, string account) => _unsold.TryGetValue((instrument, account), out var u) ? u : null;

    /// <summary>The last official close of an instrument, if a day has closed.</summary>
    public long? LastClose(string instrument) => _lastClose.TryGetValue(instrument, out var c) ? c : null;

    /// <summary>
    /// The figures of an instrument's open day (null when none is open): its listing and block trades, and the trades of
    /// its auctions cleared on that trading day (an auction's trades are numbered within the auction).
    /// </summary>
    public DailyStatistics? DayStatistics(string instrument)
    {
        if (Day(instrument) is not { } day)
            return null;
        var auctionTrades = _auctions.Values
            .Where(a => a.Result is not null && a.Terms.Instrument == instrument && a.Ledger.TradingDay == day.Ledger.TradingDay)
            .SelectMany(a => a.Result!.Trades);
        return DailyStatistics.From(day.Ledger.Trades.Concat(auctionTrades), instrument, day.Ledger.TradingDay, day.Market.PreviousCloseFen,
            day.Ledger.Rules.CloseIncludesBlockTrades);
    }

    /// <summary>The trading day of an instrument's last close, where known (see <see cref="_lastDay"/>).</summary>
    public DateOnly? LastClosedDay(string instrument) => _lastDay.TryGetValue(instrument, out var d) ? d : null;

    /// <summary>The registry lock that holds an order's units (sell) or cash (buy).</summary>
    public static string OrderLockId(string instrument, DateOnly day, string orderId) => $"order:{Compact(day)}:{instrument}:{orderId}";

    /// <summary>
    /// The registry's open lock of an order, or null. Found by its id written into a stack buffer, not a new string:
    /// the order path looks up a lock for every fill and every cancel, and the lock it finds carries its id string.
    /// </summary>
    public static HoldLock? OrderLock(RegistryState registry, string instrument, DateOnly day, string orderId)
    {
        // A lock id is at most 64 characters; a longer one is no lock the registry holds.
        Span<char> id = stackalloc char[64];
        return id.TryWrite($"order:{Compact(day)}:{instrument}:{orderId}", out var length)
            && registry.Locks.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id[..length], out var hold)
            ? hold
            : null;
    }

    /// <summary>The registry lock of a block proposal's side (<paramref name="accepting"/>: the counterparty's side).</summary>
    public static string BlockLockId(string instrument, DateOnly day, string proposalId, bool accepting = false) =>
        $"blk:{Compact(day)}:{instrument}:{proposalId}" + (accepting ? ":a" : "");

    /// <summary>yyyyMMdd as one number (20240716): formats as integer digits, without the date formatter's cost on every order.</summary>
    private static int Compact(DateOnly day) => (day.Year * 100 + day.Month) * 100 + day.Day;

    /// <summary>The registry lock that holds an auction's offered units.</summary>
    public static string AuctionLockId(string auctionId) => $"auc:{auctionId}";

    /// <summary>The registry lock that holds an auction bid's cash.</summary>
    public static string BidLockId(string auctionId, string bidId) => $"auc:{auctionId}:{bidId}";

    /// <summary>Reads balances from this registry from now on.</summary>
    public void Attach(RegistryState registry) => Holdings.Registry ??= registry;

    /// <summary>
    /// T+1 on a holder's own transfer: units bought today may leave the account they were bought into from the next trading
    /// day, as they may be sold from then (else a transfer to another account would sell them the same day).
    /// </summary>
    public Rejection? OutflowRefusal(World world, string account, string classId, long quantity, DateTimeOffset time)
    {
        // Most transfers meet no purchase at all: nothing is looked up for them (cash, units held before today).
        if (!Holdings.RemembersPurchases(account, classId))
            return null;
        Attach(world.Get<RegistryState>());
        if (RulesOf(classId) is not { } rules)
            return null;
        var day = rules.MarketDate(time);
        var waiting = Holdings.NotYetSellable(account, classId, day);
        var free = Math.Max(0, Holdings.AvailableUnits(account, classId) - waiting);
        if (waiting == 0 || quantity <= free)
            return null;
        return new Rejection(ExchangeRejections.UnitsNotYetSellable,
            $"{account} bought {waiting:N0} t of {classId} that may leave it from the next trading day (T+1), by sale or by transfer; {free:N0} t may move now.");
    }

    /// <summary>Applies one exchange event.</summary>
    public void Apply(Event e)
    {
        switch (e)
        {
            case TradingDayOpened o:
                Holdings.ForgetSellable(o.Instrument, o.TradingDay);
                // A halt that outlives the close is in force from the opening.
                _days.Add(o.Instrument, NewDay(o, StandingHalt(o.Instrument)));
                break;
            case OrderAccepted a:
                _days[a.Instrument].Market.Enter(a.Time, a.OrderId, a.Account, a.Side, a.PriceFen, a.QuantityT);
                break;
            case OrderCancelled c:
                // What was decided is recorded; the session and ownership checks are not run again (the hours may have changed).
                _days[c.Instrument].Market.RecordCancel(c.OrderId, c.Account);
                break;
            case BlockTradeProposed b:
                // What was decided is recorded; the decision's checks are not run again (balances have moved since).
                _days[b.Instrument].Blocks.RecordProposal(b.Time, b.ProposalId, b.Proposer, b.Counterparty, b.ProposerSide, b.PriceFen, b.QuantityT);
                break;
            case BlockTradeAccepted b:
                Invariant.Assert(_days[b.Instrument].Blocks.Pending.ContainsKey(b.ProposalId), "An accepted block trade applies to a pending proposal.");
                _days[b.Instrument].Blocks.RecordAcceptance(b.Time, b.ProposalId, b.Account);
                break;
            case BlockTradeDeclined b:
                Invariant.Assert(_days[b.Instrument].Blocks.Decline(b.Time, b.ProposalId, b.Account) is null, "A decline applies.");
                break;
            case TradingDayClosed closed:
                _days[closed.Instrument].Market.CloseDay();
                _days[closed.Instrument].Blocks.CloseDay();
                _days.Remove(closed.Instrument);
                _lastClose[closed.Instrument] = closed.CloseFen;
                _lastDay[closed.Instrument] = closed.TradingDay;
                break;
            case AuctionAnnounced a:
                // The rates recorded on the announcement; an announcement of an older journal has none: the configured ones.
                var fees = AuctionRules with
                {
                    BuyerFeeBasisPoints = a.BuyerFeeBasisPoints ?? AuctionRules.BuyerFeeBasisPoints,
                    SellerFeeBasisPoints = a.SellerFeeBasisPoints ?? AuctionRules.SellerFeeBasisPoints,
                };
                var auctionLedger = new TradeLedger(fees.Apply(Rules), Holdings, a.TradingDay);
                _auctions.Add(a.AuctionId, OneWayAuction.Open(auctionLedger, new AuctionTerms(a.AuctionId, a.Instrument, a.Initiator(), a.Side, a.QuantityT,
                    a.ReservePriceFen, a.OpensAt, a.ClosesAt, a.MaxPerBidderT, a.BidLotT, a.MinBidT)));
                break;
            case AuctionBidSubmitted b:
                _auctions[b.AuctionId].RecordBid(b.Time, b.BidId, b.Account, b.PriceFen, b.QuantityT);
                break;
            case AuctionBidWithdrawn w:
                Invariant.Assert(_auctions[w.AuctionId].Withdraw(w.Time, w.BidId, w.Account) is null, "An accepted withdrawal applies.");
                break;
            case AuctionCleared c:
                var auction = _auctions[c.AuctionId];
                foreach (var bidId in c.SetAsideBids)
                    auction.SetAside(bidId);
                var (result, rejection) = auction.Clear(c.Time);
                Invariant.Assert(rejection is null && result!.ClearingPriceFen == c.ClearingPriceFen && result.PlacedT == c.PlacedT, "A clearing applies as decided.");
                if (auction.Terms.InitiatorSide == Side.Sell)
                {
                    var seller = (auction.Terms.Instrument, auction.Terms.Initiator);
                    _unsold[seller] = UnsoldUnits.After(_unsold.GetValueOrDefault(seller), c.AuctionId, auction.Terms.QuantityT, c.UnplacedT);
                }
                break;
            case UnsoldCancelled u:
                Disposed(u.Instrument, u.FromAccount, u.QuantityT);
                break;
            case UnsoldReturned u:
                Disposed(u.Instrument, u.FromAccount, u.QuantityT);
                break;
            case TradingHalted h:
                Invariant.Assert(Halt(h.Instrument) is null, "A halt applies to an instrument not halted.");
                var halt = new TradingHalt(h.Time, h.Actor, h.Reason);
                if (h.UntilResumed)
                    _standing[h.Instrument] = halt;
                if (Day(h.Instrument) is { } haltedDay)
                    haltedDay.Halt = halt;
                else
                    Invariant.Assert(h.UntilResumed, "A halt of a day applies to an open day.");
                break;
            case TradingResumed r:
                Invariant.Assert(Halt(r.Instrument) is not null, "A resumption applies to a halted instrument.");
                _standing.Remove(r.Instrument);
                if (Day(r.Instrument) is { } resumedDay)
                    resumedDay.Halt = null;
                break;
            case TradeExecuted or SelfTradePrevented:
                break;
            case PositionAllocationSet p:
                PositionAllocations.Apply(p);
                break;
            default:
                throw new InvalidOperationException($"Not an exchange event: {e.GetType().Name}.");
        }
        if (!IsDayEvent(e))
            _kept.Add(e);
    }

    /// <summary>A new day's market, ledger and desk, under the terms it was opened with (recorded on the event), not the rulebook as it stands now.</summary>
    private OpenDay NewDay(TradingDayOpened o, TradingHalt? halt)
    {
        var ledger = new TradeLedger(o.RulesFrom(Rulebooks.Named(o.Rulebook)), Holdings, o.TradingDay, o.UnitsSellableFrom);
        return new OpenDay(o, ledger, new ListingMarket(ledger, o.Instrument, o.PreviousCloseFen, ExpectedOrdersPerDay), new BlockTradeDesk(ledger, o.Instrument, o.PreviousCloseFen))
        {
            Halt = halt,
        };
    }

    private void Disposed(string instrument, string account, long quantityT)
    {
        var unsold = _unsold[(instrument, account)];
        Invariant.Assert(quantityT <= unsold.LeftT, "An accepted cancellation or return takes no more than is still unsold.");
        _unsold[(instrument, account)] = unsold with { DisposedT = unsold.DisposedT + quantityT };
    }

    /// <summary>
    /// True for an event of a trading day or of a halt: what it does is in the state a snapshot writes (days, halts,
    /// purchases), so it is not kept. The others (auctions, unsold units, position allocations) are kept and replayed.
    /// </summary>
    private static bool IsDayEvent(Event e) => e is TradingDayOpened or OrderAccepted or OrderCancelled or TradeExecuted or SelfTradePrevented
        or BlockTradeProposed or BlockTradeAccepted or BlockTradeDeclined or TradingDayClosed or TradingHalted or TradingResumed;

    /// <summary>Exchange events the state keeps for its snapshot (those of auctions, unsold units and position allocations; none of a day's).</summary>
    public int RetainedEvents => _kept.Count;

    /// <inheritdoc />
    public bool ReadOlderFormat { get; private set; }

    /// <inheritdoc />
    public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("format", SnapshotFormat);
        writer.WritePropertyName("last_close");
        writer.WriteStartObject();
        foreach (var (instrument, close) in _lastClose.OrderBy(c => c.Key, StringComparer.Ordinal))
            writer.WriteNumber(instrument, close);
        writer.WriteEndObject();
        if (_lastDay.Count > 0)
        {
            writer.WritePropertyName("last_day");
            writer.WriteStartObject();
            foreach (var (instrument, day) in _lastDay.OrderBy(c => c.Key, StringComparer.Ordinal))
                writer.WriteString(instrument, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }
        writer.WritePropertyName("events");
        writer.WriteStartArray();
        foreach (var e in _kept)
            JsonSerializer.Serialize(writer, e, options);
        writer.WriteEndArray();
        if (_standing.Count > 0)
        {
            writer.WritePropertyName("standing_halts");
            writer.WriteStartObject();
            foreach (var (instrument, halt) in _standing.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(instrument);
                WriteHalt(writer, halt);
            }
            writer.WriteEndObject();
        }
        if (_days.Count > 0)
        {
            writer.WritePropertyName("days");
            writer.WriteStartObject();
            foreach (var (instrument, day) in _days.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(instrument);
                writer.WriteStartObject();
                writer.WritePropertyName("opened");
                JsonSerializer.Serialize<Event>(writer, day.Opened, options);
                if (day.Halt is { } halt)
                {
                    writer.WritePropertyName("halt");
                    WriteHalt(writer, halt);
                }
                day.Market.WriteState(writer);
                writer.WritePropertyName("trades");
                day.Ledger.WriteTrades(writer, instrument);
                if (day.Blocks.Used)
                    day.Blocks.WriteState(writer);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        Holdings.WritePurchases(writer);
        writer.WriteEndObject();
    }

    /// <summary>A halt as [since, actor, reason].</summary>
    private static void WriteHalt(Utf8JsonWriter writer, TradingHalt halt)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(halt.Since);
        writer.WriteStringValue(halt.Actor);
        writer.WriteStringValue(halt.Reason);
        writer.WriteEndArray();
    }

    private static TradingHalt ReadHalt(JsonElement halt) =>
        new(halt[0].GetDateTimeOffset(), halt[1].GetString() ?? throw new JsonException("A halt of the snapshot names no actor."),
            halt[2].GetString() ?? throw new JsonException("A halt of the snapshot gives no reason."));

    /// <inheritdoc />
    public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
    {
        _kept.Clear();
        _days.Clear();
        _auctions.Clear();
        _lastClose.Clear();
        _lastDay.Clear();
        _unsold.Clear();
        _standing.Clear();
        PositionAllocations.Clear();
        Holdings.Clear();
        if (snapshot.TryGetProperty("last_close", out var closes))
        {
            foreach (var c in closes.EnumerateObject())
                _lastClose[c.Name] = c.Value.GetInt64();
        }
        var format = snapshot.TryGetProperty("format", out var number) ? number.GetInt32() : 1;
        if (format is < 1 or > SnapshotFormat)
            throw new JsonException($"The exchange snapshot is in format {format}; this build reads formats 1 to {SnapshotFormat}.");
        // Format 1 kept the events of the days that still mattered with the others: replaying them gives the days, the
        // halts and the purchases. Format 2 keeps only the others, and writes the rest as it stands.
        foreach (var e in snapshot.GetProperty("events").EnumerateArray())
            Apply(e.Deserialize<Event>(options) ?? throw new JsonException("A null event in the exchange snapshot."));
        ReadOlderFormat = format < SnapshotFormat;
        if (format == SnapshotFormat)
        {
            if (snapshot.TryGetProperty("standing_halts", out var standing))
            {
                foreach (var h in standing.EnumerateObject())
                    _standing.Add(h.Name, ReadHalt(h.Value));
            }
            if (snapshot.TryGetProperty("days", out var open))
            {
                foreach (var d in open.EnumerateObject())
                {
                    var opened = d.Value.GetProperty("opened").Deserialize<Event>(options) as TradingDayOpened
                        ?? throw new JsonException($"The snapshot's day of {d.Name} has no opening.");
                    if (opened.Instrument != d.Name)
                        throw new JsonException($"The snapshot's day of {d.Name} was opened for {opened.Instrument}.");
                    var day = NewDay(opened, d.Value.TryGetProperty("halt", out var halt) ? ReadHalt(halt) : null);
                    day.Market.ReadState(d.Value);
                    day.Ledger.ReadTrades(d.Value.GetProperty("trades"), d.Name);
                    if (d.Value.TryGetProperty("block_ids", out _))
                        day.Blocks.ReadState(d.Value);
                    _days.Add(d.Name, day);
                }
            }
            // The kept events' replay recorded what auctions bought; the snapshot's purchases are every one still waiting.
            Holdings.ReadPurchases(snapshot);
        }
        // The last closed days are the snapshot's, not what its kept events say: a snapshot written before they were
        // kept has none, whatever closes it retains, and must restore to the state hash it was written with.
        _lastDay.Clear();
        if (snapshot.TryGetProperty("last_day", out var days))
        {
            foreach (var d in days.EnumerateObject())
                _lastDay[d.Name] = DateOnly.ParseExact(d.Value.GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
