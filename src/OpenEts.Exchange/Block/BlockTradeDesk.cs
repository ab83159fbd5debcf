// Block agreement trading: a member proposes a trade to a named counterparty, who accepts or declines.
// Large sizes only, the wider band, afternoon session only. The proposer's side is locked at proposal.
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>A block trade proposal awaiting the counterparty.</summary>
public sealed record BlockProposal(string Id, DateTimeOffset Time, string Proposer, string Counterparty, Side ProposerSide, long PriceFen, long QuantityT)
{
    /// <summary>The buyer's account.</summary>
    public string Buyer => ProposerSide == Side.Buy ? Proposer : Counterparty;

    /// <summary>The seller's account.</summary>
    public string Seller => ProposerSide == Side.Sell ? Proposer : Counterparty;
}

/// <summary>Block trades of one instrument on one trading day.</summary>
public sealed class BlockTradeDesk
{
    private readonly TradeLedger _ledger;
    private readonly Dictionary<string, BlockProposal> _pending = [];
    private readonly HashSet<string> _usedIds = [];

    /// <summary>A block desk for <paramref name="instrument"/> on the ledger's day.</summary>
    public BlockTradeDesk(TradeLedger ledger, string instrument, long previousCloseFen)
    {
        _ledger = ledger;
        Instrument = instrument;
        PreviousCloseFen = previousCloseFen;
        Band = ledger.Rules.BlockBand(previousCloseFen);
    }

    /// <summary>The instrument.</summary>
    public string Instrument { get; }

    /// <summary>The previous close.</summary>
    public long PreviousCloseFen { get; }

    /// <summary>The day's block band.</summary>
    public PriceBand Band { get; }

    /// <summary>Proposals awaiting an answer, by id.</summary>
    public IReadOnlyDictionary<string, BlockProposal> Pending => _pending;

    private TradingRulebook Rules => _ledger.Rules;

    /// <summary>Proposes a trade to a named counterparty and locks the proposer's side.</summary>
    public Rejection? Propose(DateTimeOffset time, string proposalId, string proposer, string counterparty, Side proposerSide, long priceFen, long quantityT)
    {
        var rejection = CheckProposal(time, proposalId, proposer, counterparty, proposerSide, priceFen, quantityT);
        if (rejection is not null)
            return rejection;
        RecordProposal(time, proposalId, proposer, counterparty, proposerSide, priceFen, quantityT);
        return null;
    }

    /// <summary>
    /// Records a proposal already decided (an event applied, from the journal or a snapshot): its side locked, no check run
    /// again. A check would read balances as they stand when the event is applied, not as they stood when it was decided.
    /// </summary>
    public void RecordProposal(DateTimeOffset time, string proposalId, string proposer, string counterparty, Side proposerSide, long priceFen, long quantityT)
    {
        Lock(proposer, proposerSide, priceFen, quantityT);
        _usedIds.Add(proposalId);
        _pending.Add(proposalId, new BlockProposal(proposalId, time, proposer, counterparty, proposerSide, priceFen, quantityT));
    }

    /// <summary>True once a proposal has been made today (its id is then taken for the day).</summary>
    internal bool Used => _usedIds.Count > 0;

    /// <summary>
    /// Writes the desk into a snapshot: the proposal ids taken today, in the order proposed, and the proposals still awaiting
    /// an answer, in that order, each as [id, time, proposer, counterparty, proposer's side, price, quantity].
    /// </summary>
    internal void WriteState(Utf8JsonWriter writer)
    {
        writer.WritePropertyName("block_ids");
        writer.WriteStartArray();
        // Ids are never removed, so the set lists them in the order proposed.
        foreach (var id in _usedIds)
            writer.WriteStringValue(id);
        writer.WriteEndArray();
        writer.WritePropertyName("proposals");
        writer.WriteStartArray();
        foreach (var id in _usedIds)
        {
            if (!_pending.TryGetValue(id, out var p))
                continue;
            writer.WriteStartArray();
            writer.WriteStringValue(p.Id);
            writer.WriteStringValue(p.Time);
            writer.WriteStringValue(p.Proposer);
            writer.WriteStringValue(p.Counterparty);
            writer.WriteStringValue(SideText.Of(p.ProposerSide));
            writer.WriteNumberValue(p.PriceFen);
            writer.WriteNumberValue(p.QuantityT);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this new desk (the proposers' locks are the registry's).</summary>
    internal void ReadState(JsonElement state)
    {
        Invariant.Assert(_usedIds.Count == 0, "A day's block desk is read into a new desk.");
        foreach (var id in state.GetProperty("block_ids").EnumerateArray())
            _usedIds.Add(Text(id));
        foreach (var p in state.GetProperty("proposals").EnumerateArray())
        {
            var side = SideText.Read(p[4]);
            var proposal = new BlockProposal(Text(p[0]), p[1].GetDateTimeOffset(), Text(p[2]), Text(p[3]), side, p[5].GetInt64(), p[6].GetInt64());
            if (!_usedIds.Contains(proposal.Id) || !_pending.TryAdd(proposal.Id, proposal))
                throw new JsonException($"Block proposal {proposal.Id} of the snapshot is not one proposed today, or comes twice.");
        }
    }

    private static string Text(JsonElement e) => e.GetString() ?? throw new JsonException("A null name in a block proposal of the snapshot.");

    /// <summary>Every check of <see cref="Propose"/>, changing nothing.</summary>
    public Rejection? CheckProposal(DateTimeOffset time, string proposalId, string proposer, string counterparty, Side proposerSide, long priceFen, long quantityT) =>
        (Rules.BlockOffered ? null : new Rejection(ExchangeRejections.TradingModeNotOffered, $"Block trades are not offered under the {Rules.Market} rulebook."))
            ?? CheckOpen(time)
            ?? CheckTerms(priceFen, quantityT)
            ?? (proposer == counterparty ? new Rejection(ExchangeRejections.SameAccount, "A block trade needs two different members.") : null)
            ?? (_usedIds.Contains(proposalId) ? new Rejection(ExchangeRejections.DuplicateId, $"Proposal id {proposalId} was already used today.") : null)
            ?? CheckSide(proposer, proposerSide, priceFen, quantityT);

    /// <summary>Every check of <see cref="Accept"/>, changing nothing.</summary>
    public Rejection? CheckAcceptance(DateTimeOffset time, string proposalId, string actor)
    {
        if (CheckOpen(time) is { } closed)
            return closed;
        if (!_pending.TryGetValue(proposalId, out var p))
            return new Rejection(ExchangeRejections.UnknownId, $"No pending block proposal {proposalId}.");
        if (p.Counterparty != actor)
            return new Rejection(ExchangeRejections.NotYours, $"Only {p.Counterparty} can accept proposal {proposalId}.");
        return CheckSide(actor, p.ProposerSide == Side.Buy ? Side.Sell : Side.Buy, p.PriceFen, p.QuantityT);
    }

    /// <summary>The named counterparty accepts: its side is checked and the trade is made and settled.</summary>
    public (Trade? Trade, Rejection? Rejection) Accept(DateTimeOffset time, string proposalId, string actor)
    {
        if (CheckAcceptance(time, proposalId, actor) is { } rejection)
            return (null, rejection);
        return (RecordAcceptance(time, proposalId, actor), null);
    }

    /// <summary>Records an acceptance already decided (an event applied): the trade is made and settled, no check run again.</summary>
    public Trade RecordAcceptance(DateTimeOffset time, string proposalId, string actor)
    {
        var p = _pending[proposalId];
        var counterSide = p.ProposerSide == Side.Buy ? Side.Sell : Side.Buy;
        Lock(actor, counterSide, p.PriceFen, p.QuantityT);
        _pending.Remove(proposalId);
        var (buyOrder, sellOrder) = p.ProposerSide == Side.Buy ? (p.Id, p.Id + "-accept") : (p.Id + "-accept", p.Id);
        var trade = _ledger.Record(time, TradeKind.Block, Instrument, buyOrder, sellOrder, p.Buyer, p.Seller, p.PriceFen, p.QuantityT);
        var lockedForBuy = _ledger.BuyLockFen(p.PriceFen, p.QuantityT);
        var spare = lockedForBuy - trade.ValueFen - trade.BuyerFeeFen;
        if (spare > 0)
            _ledger.Accounts.UnlockCash(p.Buyer, spare);
        return trade;
    }

    /// <summary>The counterparty declines, or the proposer withdraws: the proposer's lock is released.</summary>
    public Rejection? Decline(DateTimeOffset time, string proposalId, string actor)
    {
        _ = time;
        if (!_pending.TryGetValue(proposalId, out var p))
            return new Rejection(ExchangeRejections.UnknownId, $"No pending block proposal {proposalId}.");
        if (actor != p.Counterparty && actor != p.Proposer)
            return new Rejection(ExchangeRejections.NotYours, $"Only {p.Proposer} or {p.Counterparty} can decline proposal {proposalId}.");
        Release(p);
        return null;
    }

    /// <summary>Unanswered proposals lapse at the end of the day; their locks are released. Returns how many.</summary>
    public int CloseDay()
    {
        var all = _pending.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        foreach (var p in all)
            Release(p);
        return all.Length;
    }

    private void Release(BlockProposal p)
    {
        _pending.Remove(p.Id);
        if (p.ProposerSide == Side.Sell)
            _ledger.Accounts.UnlockUnits(p.Proposer, Instrument, p.QuantityT);
        else
            _ledger.Accounts.UnlockCash(p.Proposer, _ledger.BuyLockFen(p.PriceFen, p.QuantityT));
    }

    private Rejection? CheckOpen(DateTimeOffset time)
    {
        var local = Rules.LocalTime(time);
        return DateOnly.FromDateTime(local) == _ledger.TradingDay && Rules.BlockOpen(time)
            ? null
            : new Rejection(ExchangeRejections.MarketClosed, $"Block trading is open in the afternoon session only; closed at {local:yyyy-MM-dd HH:mm:ss} market time.");
    }

    private Rejection? CheckTerms(long priceFen, long quantityT)
    {
        if (quantityT < Rules.BlockMinTradeT || quantityT % Rules.LotT != 0)
            return new Rejection(ExchangeRejections.QuantityOutOfRange, $"A block trade is at least {Rules.BlockMinTradeT:N0} t; {quantityT:N0} t is not enough.");
        if (priceFen <= 0 || priceFen % Rules.TickFen != 0)
            return new Rejection(ExchangeRejections.OffTick, $"A price is a positive multiple of {Rules.TickFen} fen.");
        if (_ledger.CheckValue(priceFen, quantityT) is { } tooLarge)
            return tooLarge;
        if (!Band.Contains(priceFen))
            return new Rejection(ExchangeRejections.PriceOutsideBand,
                $"Today's block band is {new Fen(Band.LowFen).ToYuanString()}–{new Fen(Band.HighFen).ToYuanString()} yuan (±{Rules.BlockBandPercent}% of {new Fen(PreviousCloseFen).ToYuanString()}).");
        return null;
    }

    private Rejection? CheckSide(string account, Side side, long priceFen, long quantityT) =>
        side == Side.Sell
            ? ListingMarket.CheckUnits(_ledger.Accounts, Instrument, account, quantityT, _ledger.TradingDay)
            : ListingMarket.CheckCash(_ledger.Accounts, account, _ledger.BuyLockFen(priceFen, quantityT));

    private void Lock(string account, Side side, long priceFen, long quantityT)
    {
        if (side == Side.Sell)
            _ledger.Accounts.LockUnits(account, Instrument, quantityT);
        else
            _ledger.Accounts.LockCash(account, _ledger.BuyLockFen(priceFen, quantityT));
    }
}
