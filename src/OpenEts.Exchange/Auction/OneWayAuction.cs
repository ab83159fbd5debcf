// One-way bidding (单向竞价): one seller (or one buyer) offers a quantity with a floor (or cap); members
// bid sealed in a window; one uniform clearing price; ties at the marginal price shared pro rata.
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>
/// The terms an auction notice publishes. <see cref="InitiatorSide"/> Sell: a single seller (the regulator's
/// paid allocation or reserve release, or a member) with a floor price; Buy: a single buyer with a cap.
/// </summary>
public sealed record AuctionTerms(
    string AuctionId,
    string Instrument,
    string Initiator,
    Side InitiatorSide,
    long QuantityT,
    long ReservePriceFen,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    long MaxPerBidderT,
    long BidLotT,
    long MinBidT = 0);

/// <summary>A sealed bid (or, in a buyer's auction, an offer). <see cref="Sequence"/> orders bids in time.</summary>
public sealed record AuctionBid(long Sequence, string BidId, DateTimeOffset Time, string Bidder, long PriceFen, long QuantityT);

/// <summary>What one bid won.</summary>
public sealed record AuctionAllocation(string BidId, string Bidder, long BidPriceFen, long BidQuantityT, long AllocatedT);

/// <summary>The published result: uniform price, quantity placed and not placed, every bid's allocation, the trades.</summary>
public sealed record AuctionResult(string AuctionId, long? ClearingPriceFen, long PlacedT, long UnplacedT, IReadOnlyList<AuctionAllocation> Allocations, IReadOnlyList<Trade> Trades);

/// <summary>
/// One auction. Clearing: bids are ranked by price (highest first in a seller's auction, lowest first in a
/// buyer's), then by time. Bids are accepted down the ranking until the quantity is placed; the clearing price
/// is the price of the last accepted bid and every winner trades at it. When the bids at that marginal price
/// ask for more than is left, what is left is shared among them pro rata to their quantities, rounded down to
/// whole lots, and the lots still left go one at a time to those bids in time priority. This follows WCI
/// practice (pro rata at the settlement price) with a deterministic remainder rule instead of a random draw,
/// so the same bids always give the same result. When bids fall short, every valid bid is filled at the
/// price of the worst accepted bid and the rest stays with the initiator.
/// </summary>
public sealed class OneWayAuction
{
    private readonly TradeLedger _ledger;
    private readonly List<AuctionBid> _bids = [];
    private readonly HashSet<string> _usedBidIds = [];
    private readonly Dictionary<string, long> _perBidder = [];
    private long _lastSequence;
    private AuctionResult? _result;

    private OneWayAuction(TradeLedger ledger, AuctionTerms terms)
    {
        _ledger = ledger;
        Terms = terms;
    }

    /// <summary>The published terms.</summary>
    public AuctionTerms Terms { get; }

    /// <summary>The holdings and rules the auction settles under (its trading day, its fees).</summary>
    public TradeLedger Ledger => _ledger;

    /// <summary>Bids standing, in the order received.</summary>
    public IReadOnlyList<AuctionBid> Bids => _bids;

    /// <summary>The result, once cleared.</summary>
    public AuctionResult? Result => _result;

    private bool SellerAuction => Terms.InitiatorSide == Side.Sell;

    /// <summary>Publishes an auction and locks the initiator's side (units, or cash at the cap).</summary>
    public static (OneWayAuction? Auction, Rejection? Rejection) Announce(TradeLedger ledger, AuctionTerms terms)
    {
        if (!ledger.Rules.AuctionOffered)
            return (null, new Rejection(ExchangeRejections.TradingModeNotOffered, $"One-way bidding is not offered under the {ledger.Rules.Market} rulebook."));
        if ((CheckTerms(ledger.Rules, terms, ledger.TradingDay) ?? ledger.CheckValue(terms.ReservePriceFen, terms.QuantityT)) is { } bad)
            return (null, bad);
        var poor = terms.InitiatorSide == Side.Sell
            ? ListingMarket.CheckUnits(ledger.Accounts, terms.Instrument, terms.Initiator, terms.QuantityT, ledger.TradingDay)
            : ListingMarket.CheckCash(ledger.Accounts, terms.Initiator, ledger.BuyLockFen(terms.ReservePriceFen, terms.QuantityT));
        if (poor is not null)
            return (null, poor);
        return (Open(ledger, terms), null);
    }

    /// <summary>
    /// Checks the terms alone (no balances): a positive whole number of lots, a per-bidder limit of at least one lot
    /// and a minimum bid within it, a floor or cap on the tick, and a window that opens and closes on <paramref name="tradingDay"/>.
    /// </summary>
    public static Rejection? CheckTerms(TradingRulebook rules, AuctionTerms terms, DateOnly tradingDay)
    {
        if (terms.QuantityT <= 0 || terms.BidLotT <= 0 || terms.QuantityT % terms.BidLotT != 0 || terms.MaxPerBidderT < terms.BidLotT
            || terms.MaxPerBidderT > terms.QuantityT || terms.MinBidT > terms.MaxPerBidderT)
            return new Rejection(ExchangeRejections.QuantityOutOfRange, "An auction offers a positive whole number of bid lots, and each bidder may bid at least one lot and at most the quantity offered.");
        if (terms.ReservePriceFen <= 0 || terms.ReservePriceFen % rules.TickFen != 0 || terms.ReservePriceFen > 1_000_000_00)
            return new Rejection(ExchangeRejections.OffTick, "The floor or cap price is a positive multiple of the tick, at most 1,000,000.00 yuan.");
        var opens = rules.MarketDate(terms.OpensAt);
        var closes = rules.MarketDate(terms.ClosesAt);
        if (terms.ClosesAt <= terms.OpensAt || opens != closes || !rules.Calendar.IsTradingDay(opens) || opens != tradingDay)
            return new Rejection(ExchangeRejections.MarketClosed, "An auction window opens and closes on one trading day.");
        return null;
    }

    /// <summary>An auction whose terms were checked: locks the initiator's side and takes bids (applies an announcement).</summary>
    public static OneWayAuction Open(TradeLedger ledger, AuctionTerms terms)
    {
        Lock(ledger, terms.Instrument, terms.Initiator, terms.InitiatorSide, terms.ReservePriceFen, terms.QuantityT);
        return new OneWayAuction(ledger, terms);
    }

    /// <summary>Places a sealed bid and locks the bidder's side (cash at the bid price, or units).</summary>
    public Rejection? Bid(DateTimeOffset time, string bidId, string bidder, long priceFen, long quantityT)
    {
        if (CheckBid(time, bidId, bidder, priceFen, quantityT) is { } rejection)
            return rejection;
        RecordBid(time, bidId, bidder, priceFen, quantityT);
        return null;
    }

    /// <summary>Every check of a bid, balances included; changes nothing.</summary>
    public Rejection? CheckBid(DateTimeOffset time, string bidId, string bidder, long priceFen, long quantityT)
    {
        if (CheckOpen(time) is { } closed)
            return closed;
        if (bidder == Terms.Initiator)
            return new Rejection(ExchangeRejections.SameAccount, "The initiator cannot bid in its own auction.");
        if (quantityT <= 0 || quantityT % Terms.BidLotT != 0 || quantityT < Terms.MinBidT)
            return new Rejection(ExchangeRejections.QuantityOutOfRange, $"A bid is a whole number of {Terms.BidLotT:N0} t lots, at least {Math.Max(Terms.MinBidT, Terms.BidLotT):N0} t.");
        if (priceFen <= 0 || priceFen % _ledger.Rules.TickFen != 0 || priceFen > 1_000_000_00)
            return new Rejection(ExchangeRejections.OffTick, "A bid price is a positive multiple of the tick, at most 1,000,000.00 yuan.");
        if (SellerAuction ? priceFen < Terms.ReservePriceFen : priceFen > Terms.ReservePriceFen)
            return new Rejection(ExchangeRejections.BidBeyondReservePrice,
                SellerAuction ? $"Bids start at the floor price {new Fen(Terms.ReservePriceFen).ToYuanString()}." : $"Offers stop at the cap price {new Fen(Terms.ReservePriceFen).ToYuanString()}.");
        if (_usedBidIds.Contains(bidId))
            return new Rejection(ExchangeRejections.DuplicateId, $"Bid id {bidId} was already used.");
        if (_ledger.CheckValue(priceFen, quantityT) is { } tooLarge)
            return tooLarge;
        var already = _perBidder.GetValueOrDefault(bidder);
        if (already + quantityT > Terms.MaxPerBidderT)
            return new Rejection(ExchangeRejections.BidderLimitExceeded, $"{bidder} may bid for at most {Terms.MaxPerBidderT:N0} t in this auction; {already:N0} t already bid.");
        return SellerAuction
            ? ListingMarket.CheckCash(_ledger.Accounts, bidder, _ledger.BuyLockFen(priceFen, quantityT))
            : ListingMarket.CheckUnits(_ledger.Accounts, Terms.Instrument, bidder, quantityT, _ledger.TradingDay);
    }

    /// <summary>Records a checked bid and locks its side (applies a bid).</summary>
    public void RecordBid(DateTimeOffset time, string bidId, string bidder, long priceFen, long quantityT)
    {
        Lock(_ledger, Terms.Instrument, bidder, SellerAuction ? Side.Buy : Side.Sell, priceFen, quantityT);
        _perBidder[bidder] = _perBidder.GetValueOrDefault(bidder) + quantityT;
        _usedBidIds.Add(bidId);
        _bids.Add(new AuctionBid(++_lastSequence, bidId, time, bidder, priceFen, quantityT));
    }

    /// <summary>The standing bid with this id, if any.</summary>
    public AuctionBid? FindBid(string? bidId) => _bids.Find(b => b.BidId == bidId);

    /// <summary>Withdraws a standing bid before the window closes; its lock is released.</summary>
    public Rejection? Withdraw(DateTimeOffset time, string bidId, string bidder)
    {
        if (CheckWithdraw(time, bidId, bidder) is { } rejection)
            return rejection;
        SetAside(bidId);
        return null;
    }

    /// <summary>Every check of a withdrawal; changes nothing.</summary>
    public Rejection? CheckWithdraw(DateTimeOffset time, string? bidId, string bidder)
    {
        if (CheckOpen(time) is { } closed)
            return closed;
        if (FindBid(bidId) is not { } bid)
            return new Rejection(ExchangeRejections.UnknownId, $"Auction {Terms.AuctionId} has no standing bid {bidId}.");
        return bid.Bidder != bidder ? new Rejection(ExchangeRejections.NotYours, $"Bid {bidId} is not a bid of {bidder}.") : null;
    }

    /// <summary>Takes a standing bid out of the auction (withdrawn, or set aside at clearing) and releases its lock.</summary>
    public void SetAside(string bidId)
    {
        var bid = FindBid(bidId) ?? throw new InvalidOperationException($"No standing bid {bidId}.");
        var bidder = bid.Bidder;
        if (SellerAuction)
            _ledger.Accounts.UnlockCash(bidder, _ledger.BuyLockFen(bid.PriceFen, bid.QuantityT));
        else
            _ledger.Accounts.UnlockUnits(bidder, Terms.Instrument, bid.QuantityT);
        _perBidder[bidder] -= bid.QuantityT;
        _bids.Remove(bid);
    }

    private Rejection? CheckOpen(DateTimeOffset time) =>
        _result is not null || time < Terms.OpensAt || time >= Terms.ClosesAt
            ? new Rejection(ExchangeRejections.AuctionNotOpen, $"Auction {Terms.AuctionId} takes bids from {_ledger.Rules.LocalTime(Terms.OpensAt):HH:mm} to {_ledger.Rules.LocalTime(Terms.ClosesAt):HH:mm} only.")
            : null;

    /// <summary>Clears the auction after its window: one price, allocations, trades settled, locks released.</summary>
    public (AuctionResult? Result, Rejection? Rejection) Clear(DateTimeOffset time)
    {
        if (_result is not null)
            return (_result, null);
        if (time < Terms.ClosesAt)
            return (null, new Rejection(ExchangeRejections.AuctionNotOpen, $"Auction {Terms.AuctionId} clears after its window closes at {_ledger.Rules.LocalTime(Terms.ClosesAt):HH:mm}."));
        var allocated = Allocate(_bids, out var clearing);
        var trades = new List<Trade>();
        var allocations = new List<AuctionAllocation>();
        foreach (var bid in _bids)
        {
            var won = allocated.GetValueOrDefault(bid.Sequence);
            allocations.Add(new AuctionAllocation(bid.BidId, bid.Bidder, bid.PriceFen, bid.QuantityT, won));
            if (won > 0)
            {
                var (buyer, seller) = SellerAuction ? (bid.Bidder, Terms.Initiator) : (Terms.Initiator, bid.Bidder);
                var (buyOrder, sellOrder) = SellerAuction ? (bid.BidId, Terms.AuctionId) : (Terms.AuctionId, bid.BidId);
                trades.Add(_ledger.Record(time, TradeKind.Auction, Terms.Instrument, buyOrder, sellOrder, buyer, seller, clearing!.Value, won));
            }
        }
        ReleaseLocks(allocated, clearing);
        var placed = allocated.Values.Sum();
        _result = new AuctionResult(Terms.AuctionId, clearing, placed, Terms.QuantityT - placed, allocations, trades);
        return (_result, null);
    }

    /// <summary>What clearing would give without the bids named in <paramref name="setAside"/>: the uniform price and the quantity placed.</summary>
    public (long? ClearingPriceFen, long PlacedT) Preview(IReadOnlyCollection<string> setAside)
    {
        var won = Allocate(_bids.Where(b => !setAside.Contains(b.BidId)).ToList(), out var clearing);
        return (clearing, won.Values.Sum());
    }

    // Quantity won per bid sequence, and the uniform price (null when nothing is placed).
    private Dictionary<long, long> Allocate(List<AuctionBid> bids, out long? clearingPriceFen)
    {
        var ranked = SellerAuction
            ? bids.OrderByDescending(b => b.PriceFen).ThenBy(b => b.Sequence).ToList()
            : bids.OrderBy(b => b.PriceFen).ThenBy(b => b.Sequence).ToList();
        var won = new Dictionary<long, long>();
        clearingPriceFen = null;
        var left = Terms.QuantityT;
        var i = 0;
        while (i < ranked.Count && left > 0)
        {
            var price = ranked[i].PriceFen;
            var tier = ranked.Skip(i).TakeWhile(b => b.PriceFen == price).ToList();
            var asked = tier.Sum(b => b.QuantityT);
            clearingPriceFen = price;
            if (asked <= left)
            {
                foreach (var b in tier)
                    won[b.Sequence] = b.QuantityT;
                left -= asked;
            }
            else
            {
                ShareProRata(tier, left, asked, won);
                left = 0;
            }
            i += tier.Count;
        }
        return won;
    }

    private void ShareProRata(List<AuctionBid> tier, long left, long asked, Dictionary<long, long> won)
    {
        var lot = Terms.BidLotT;
        var lotsLeft = left / lot;
        foreach (var b in tier)
        {
            // Integer pro rata in lots: floor(lotsLeft × bidLots / askedLots).
            var share = (long)((Int128)lotsLeft * (b.QuantityT / lot) / (asked / lot));
            won[b.Sequence] = share * lot;
        }
        var remaining = lotsLeft - tier.Sum(b => won[b.Sequence] / lot);
        for (var k = 0; remaining > 0; k = (k + 1) % tier.Count)
        {
            var b = tier[k];
            if (won[b.Sequence] < b.QuantityT)
            {
                won[b.Sequence] += lot;
                remaining--;
            }
        }
    }

    private void ReleaseLocks(Dictionary<long, long> won, long? clearing)
    {
        var accounts = _ledger.Accounts;
        var placed = won.Values.Sum();
        foreach (var bid in _bids)
        {
            var w = won.GetValueOrDefault(bid.Sequence);
            if (SellerAuction)
            {
                var used = w == 0 ? 0 : w * clearing!.Value + _ledger.BuyerFee(w * clearing.Value);
                accounts.UnlockCash(bid.Bidder, _ledger.BuyLockFen(bid.PriceFen, bid.QuantityT) - used);
            }
            else
                accounts.UnlockUnits(bid.Bidder, Terms.Instrument, bid.QuantityT - w);
        }
        if (SellerAuction)
            accounts.UnlockUnits(Terms.Initiator, Terms.Instrument, Terms.QuantityT - placed);
        else
        {
            var paid = _ledger.Trades.Where(t => t.Kind == TradeKind.Auction && t.BuyOrder == Terms.AuctionId).Sum(t => t.ValueFen + t.BuyerFeeFen);
            accounts.UnlockCash(Terms.Initiator, _ledger.BuyLockFen(Terms.ReservePriceFen, Terms.QuantityT) - paid);
        }
    }

    private static void Lock(TradeLedger ledger, string instrument, string account, Side side, long priceFen, long quantityT)
    {
        if (side == Side.Sell)
            ledger.Accounts.LockUnits(account, instrument, quantityT);
        else
            ledger.Accounts.LockCash(account, ledger.BuyLockFen(priceFen, quantityT));
    }
}
