// The demo's paid share sold by one-way bidding (exchange.announce_auction, submit_auction_bid, clear_auction):
// one auction a month, on the first trading day on or after the 10th, from the market's auction account. The
// regulator offers an even part of what is left to sell (whole lots of the auction rulebook), at a floor of 95%
// of the average close of the last five trading days, rounded down to the tick; the window is 13:30–14:30 on
// that day. Deficit companies bid, sealed, for part of their remaining need (whole lots, within the rulebook's
// per-member limit) at prices around the last close; the exchange operator clears at the window's close.
// What an auction leaves unsold returns to the auction account and is offered again in the later auctions.
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;

namespace OpenEts.Cli;

/// <summary>One auction of the demo: its announcement and the companies' sealed bids.</summary>
internal sealed record DemoAuction(string AuctionId, AnnounceAuction Announcement, IReadOnlyList<(string Account, SubmitAuctionBid Bid)> Bids);

/// <summary>Plans the demo's monthly auctions of the paid share and reads their results back from the engine.</summary>
internal sealed class DemoAuctions(string vintage, long toSellT, int seed, DemoStats stats)
{
    /// <summary>Day of the month on or after which each month's auction is held.</summary>
    public const int AuctionDayOfMonth = 10;

    /// <summary>Floor: this percent of the average close of the last <see cref="FloorCloses"/> trading days.</summary>
    public const int FloorPercentOfCloses = 95;

    /// <summary>Closes averaged for the floor.</summary>
    public const int FloorCloses = 5;

    /// <summary>The bidding window, Beijing time.</summary>
    public static readonly TimeOnly WindowOpens = new(13, 30), WindowCloses = new(14, 30);

    private static readonly AuctionRulebook Rules = AuctionRulebook.National;
    private readonly Random _random = new(unchecked((seed * 31) + 17));
    private readonly Dictionary<string, long> _bidT = new(StringComparer.Ordinal);
    private long _toSellT = toSellT;

    /// <summary>The days of <paramref name="days"/> that hold an auction: each month's first trading day on or after the 10th.</summary>
    public static HashSet<DateOnly> AuctionDays(IReadOnlyList<DateOnly> days) =>
        days.Where(d => d.Day >= AuctionDayOfMonth).GroupBy(d => d.Month).Select(g => g.Min()).ToHashSet();

    /// <summary>The floor: 95% of the average of the last five closes (fewer early in the year), down to the tick.</summary>
    public static long Floor(IReadOnlyList<long> closes, long openingCloseFen)
    {
        var recent = closes.Count == 0 ? [openingCloseFen] : closes.Skip(Math.Max(0, closes.Count - FloorCloses)).ToList();
        var tick = TradingRulebook.National.TickFen;
        return recent.Sum() / recent.Count * FloorPercentOfCloses / 100 / tick * tick;
    }

    /// <summary>
    /// Today's auction: an even part of what is left over the auctions left, and the companies' bids. A bidder's
    /// quantity leaves <paramref name="need"/> until the auction clears, so its orders on the book do not ask for it too.
    /// Null when less than a lot is left to sell.
    /// </summary>
    public DemoAuction? Plan(DateOnly day, int auctionsLeft, Dictionary<string, long> need, IReadOnlyList<long> closes, long openingCloseFen, Func<DateOnly, TimeOnly, DateTimeOffset> at)
    {
        var offeredT = _toSellT / auctionsLeft / Rules.BidLotT * Rules.BidLotT;
        if (offeredT < Rules.BidLotT)
            return null;
        var id = $"A{day:yyyyMMdd}";
        var floorFen = Floor(closes, openingCloseFen);
        var lastFen = closes.Count == 0 ? openingCloseFen : closes[^1];
        var limitT = Rules.MaxPerMemberT(offeredT);
        var announcement = new AnnounceAuction(id, vintage, offeredT, floorFen, at(day, WindowOpens), at(day, WindowCloses), DemoTrading.AuctionAccount);
        var totalNeedT = Math.Max(1, need.Values.Where(v => v > 0).Sum());
        var bids = new List<(string, SubmitAuctionBid)>();
        _bidT.Clear();
        foreach (var (account, left) in need)
        {
            // About seven in ten companies with a lot or more still to buy bid, for their share of the offer, 1.2–2.4 times over.
            if (left < Rules.BidLotT || _random.Next(10) >= 7)
                continue;
            var wantedT = offeredT * left / totalNeedT * (120 + _random.Next(121)) / 100;
            var q = Math.Min(Math.Min(wantedT, left), limitT) / Rules.BidLotT * Rules.BidLotT;
            if (q < Rules.BidLotT * Rules.MinBidLots)
                continue;
            var priceFen = Math.Max(floorFen, lastFen * (10_000 + _random.Next(-300, 301)) / 10_000);
            need[account] -= q;
            _bidT[account] = q;
            bids.Add((account, new SubmitAuctionBid(id, $"b{bids.Count + 1}", account, priceFen, q)));
        }
        stats.Auctions++;
        stats.AuctionOfferedT += offeredT;
        stats.AuctionFloorsFen.Add(floorFen);
        return new DemoAuction(id, announcement, bids);
    }

    /// <summary>What the engine reported for an auction: the allocations settled from the auction account, and the clearing.</summary>
    public void Settled(IEnumerable<Event> events, Dictionary<string, long> need)
    {
        foreach (var e in events)
        {
            if (e is TradeExecuted t && t.Seller == DemoTrading.AuctionAccount)
            {
                _bidT[t.Buyer] -= t.QuantityT;
                _toSellT -= t.QuantityT;
                stats.AuctionSoldT += t.QuantityT;
                stats.AuctionValueFen += checked(t.PriceFen * t.QuantityT);
            }
            else if (e is AuctionCleared c)
            {
                stats.AuctionClearingFen.Add(c.ClearingPriceFen);
            }
        }
        // What a bid did not win is wanted on the book again.
        foreach (var (account, unfilledT) in _bidT)
            need[account] += unfilledT;
        _bidT.Clear();
    }
}
