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
    long BidLotT);

/// <summary>A sealed bid (or, in a buyer's auction, an offer).</summary>
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
    private readonly Dictionary<string, long> _perBidder = [];
    private AuctionResult? _result;

    private OneWayAuction(TradeLedger ledger, AuctionTerms terms)
    {
        _ledger = ledger;
        Terms = terms;
    }

    /// <summary>The published terms.</summary>
    public AuctionTerms Terms { get; }

    /// <summary>Bids received, in order.</summary>
    public IReadOnlyList<AuctionBid> Bids => _bids;

    /// <summary>The result, once cleared.</summary>
    public AuctionResult? Result => _result;

    private bool SellerAuction => Terms.InitiatorSide == Side.Sell;

    /// <summary>Publishes an auction and locks the initiator's side (units, or cash at the cap).</summary>
    public static (OneWayAuction? Auction, Rejection? Rejection) Announce(TradeLedger ledger, AuctionTerms terms)
    {
        var rules = ledger.Rules;
        if (!rules.AuctionOffered)
            return (null, new Rejection(ExchangeRejections.TradingModeNotOffered, $"One-way bidding is not offered under the {rules.Market} rulebook."));
        if (terms.QuantityT <= 0 || terms.BidLotT <= 0 || terms.QuantityT % terms.BidLotT != 0 || terms.MaxPerBidderT < terms.BidLotT)
            return (null, new Rejection(ExchangeRejections.QuantityOutOfRange, "An auction offers a positive whole number of bid lots, and each bidder may bid at least one lot."));
        if (terms.ReservePriceFen <= 0 || terms.ReservePriceFen % rules.TickFen != 0)
            return (null, new Rejection(ExchangeRejections.OffTick, "The floor or cap price is a positive multiple of the tick."));
        var opens = rules.LocalTime(terms.OpensAt);
        if (terms.ClosesAt <= terms.OpensAt || !rules.Calendar.IsTradingDay(DateOnly.FromDateTime(opens)) || DateOnly.FromDateTime(opens) != ledger.TradingDay)
            return (null, new Rejection(ExchangeRejections.MarketClosed, "An auction window opens and closes on the trading day."));
        var poor = terms.InitiatorSide == Side.Sell
            ? ListingMarket.CheckUnits(ledger.Accounts, terms.Instrument, terms.Initiator, terms.QuantityT, ledger.TradingDay)
            : ListingMarket.CheckCash(ledger.Accounts, terms.Initiator, ledger.BuyLockFen(terms.ReservePriceFen, terms.QuantityT));
        if (poor is not null)
            return (null, poor);
        Lock(ledger, terms.Instrument, terms.Initiator, terms.InitiatorSide, terms.ReservePriceFen, terms.QuantityT);
        return (new OneWayAuction(ledger, terms), null);
    }

    /// <summary>Places a sealed bid and locks the bidder's side (cash at the bid price, or units).</summary>
    public Rejection? Bid(DateTimeOffset time, string bidId, string bidder, long priceFen, long quantityT)
    {
        if (_result is not null || time < Terms.OpensAt || time >= Terms.ClosesAt)
            return new Rejection(ExchangeRejections.AuctionNotOpen, $"Auction {Terms.AuctionId} takes bids from {Terms.OpensAt:HH:mm} to {Terms.ClosesAt:HH:mm} only.");
        if (bidder == Terms.Initiator)
            return new Rejection(ExchangeRejections.SameAccount, "The initiator cannot bid in its own auction.");
        if (quantityT <= 0 || quantityT % Terms.BidLotT != 0)
            return new Rejection(ExchangeRejections.QuantityOutOfRange, $"A bid is a whole number of {Terms.BidLotT:N0} t lots.");
        if (priceFen <= 0 || priceFen % _ledger.Rules.TickFen != 0)
            return new Rejection(ExchangeRejections.OffTick, "A bid price is a positive multiple of the tick.");
        if (SellerAuction ? priceFen < Terms.ReservePriceFen : priceFen > Terms.ReservePriceFen)
            return new Rejection(ExchangeRejections.BidBeyondReservePrice,
                SellerAuction ? $"Bids start at the floor price {new Fen(Terms.ReservePriceFen).ToYuanString()}." : $"Offers stop at the cap price {new Fen(Terms.ReservePriceFen).ToYuanString()}.");
        if (_bids.Any(b => b.BidId == bidId))
            return new Rejection(ExchangeRejections.DuplicateId, $"Bid id {bidId} was already used.");
        var already = _perBidder.GetValueOrDefault(bidder);
        if (already + quantityT > Terms.MaxPerBidderT)
            return new Rejection(ExchangeRejections.BidderLimitExceeded, $"{bidder} may bid for at most {Terms.MaxPerBidderT:N0} t in this auction; {already:N0} t already bid.");
        var bidderSide = SellerAuction ? Side.Buy : Side.Sell;
        var poor = bidderSide == Side.Sell
            ? ListingMarket.CheckUnits(_ledger.Accounts, Terms.Instrument, bidder, quantityT, _ledger.TradingDay)
            : ListingMarket.CheckCash(_ledger.Accounts, bidder, _ledger.BuyLockFen(priceFen, quantityT));
        if (poor is not null)
            return poor;
        Lock(_ledger, Terms.Instrument, bidder, bidderSide, priceFen, quantityT);
        _perBidder[bidder] = already + quantityT;
        _bids.Add(new AuctionBid(_bids.Count + 1, bidId, time, bidder, priceFen, quantityT));
        return null;
    }

    /// <summary>Clears the auction after its window: one price, allocations, trades settled, locks released.</summary>
    public (AuctionResult? Result, Rejection? Rejection) Clear(DateTimeOffset time)
    {
        if (_result is not null)
            return (_result, null);
        if (time < Terms.ClosesAt)
            return (null, new Rejection(ExchangeRejections.AuctionNotOpen, $"Auction {Terms.AuctionId} clears after its window closes at {Terms.ClosesAt:HH:mm}."));
        var allocated = Allocate(out var clearing);
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

    // Quantity won per bid sequence, and the uniform price (null when nothing is placed).
    private Dictionary<long, long> Allocate(out long? clearingPriceFen)
    {
        var ranked = SellerAuction
            ? _bids.OrderByDescending(b => b.PriceFen).ThenBy(b => b.Sequence).ToList()
            : _bids.OrderBy(b => b.PriceFen).ThenBy(b => b.Sequence).ToList();
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
