// The demo's year of trading through the exchange: each trading day of the national calendar the exchange
// operator opens the allowance vintage (cn-national) and the CCER class (cn-ccer) at the previous close,
// members place limit orders — deficit companies buy, surplus companies and investors sell (investors buy
// in the first half of the year and sell in the second), the project owner sells CCER to companies that use
// offsets — and the day is closed. Once a month the regulator sells part of the paid share from the auction
// account by one-way bidding (DemoAuctions), never on the book. The matching engine makes every trade and each
// auction's allocations and settles them in the registry; closes and volumes are its own. Positions are read
// back from the trades the engine reports (auction allocations included), so the next day's orders never ask
// for more than an account holds. Same seed, same orders, same auctions, same trades.
using OpenEts.Allocation.Demo;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;

namespace OpenEts.Cli;

/// <summary>A year of limit orders on the exchange among the demo's holders.</summary>
internal sealed class DemoTrading(DemoRun demo, IReadOnlyList<FleetEntity> fleet, Dictionary<string, long> allocation, string vintage,
    string ccerClass, string projectOwner, int investors, int seed, DemoStats stats)
{
    /// <summary>The market's auction account, which holds the paid share the regulator sells by auction.</summary>
    public const string AuctionAccount = "cn-AUCTION";

    /// <summary>The CCER the project owner holds and offers through the year.</summary>
    public const long CcerIssuedT = 3_000_000;

    private const long MaxOrderT = 99_999;
    private const int UrgentDays = 15;
    private const long InvestorLimitT = 1_500_000;
    private static readonly TradingRulebook Rules = TradingRulebook.National;
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly Random _random = new(seed);

    // What each account still wants to buy or sell, and what today's orders already ask for.
    private readonly Dictionary<string, long> _need = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _supply = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _investorHeld = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _investorRoom = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _ccerWanted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _ccerOffered = new(StringComparer.Ordinal);
    private readonly Dictionary<(Dictionary<string, long> Position, string Account), long> _committed = [];

    /// <summary>The trading days of the demo: the national calendar's days from <paramref name="first"/> to the end of its year.</summary>
    public static IReadOnlyList<DateOnly> TradingDays(DateOnly first)
    {
        var days = new List<DateOnly>();
        for (DateOnly? d = Rules.Calendar.IsTradingDay(first) ? first : Rules.Calendar.NextTradingDay(first); d is { } day && day.Year == first.Year; d = Rules.Calendar.NextTradingDay(day))
            days.Add(day);
        return days;
    }

    public async Task Run(IReadOnlyList<DateOnly> days, Action tick)
    {
        // Deficit companies buy their whole gap; a few buy nothing (the real market's ~0.5% non-compliance).
        // Surplus companies sell 70% of their surplus and bank the rest; the auctions sell the paid share.
        foreach (var f in fleet.Where(f => f.VerifiedEmissionsT > allocation[f.Entity]))
        {
            _need[f.Entity] = _random.Next(200) == 0 ? 0 : f.VerifiedEmissionsT - allocation[f.Entity];
            _ccerWanted[f.Entity] = f.VerifiedEmissionsT * 4 / 100;
        }
        foreach (var f in fleet.Where(f => f.VerifiedEmissionsT < allocation[f.Entity]))
            _supply[f.Entity] = (allocation[f.Entity] - f.VerifiedEmissionsT) * 7 / 10;
        var auctions = new DemoAuctions(vintage, PaidShare(_need, _supply), seed, stats);
        var auctionDays = DemoAuctions.AuctionDays(days);
        for (var i = 1; i <= investors; i++)
            (_investorHeld[$"INV{i:D3}"], _investorRoom[$"INV{i:D3}"]) = (0, InvestorLimitT);
        _ccerOffered[projectOwner] = CcerIssuedT;

        // Members price around a value each instrument drifts to (a small random step a day, kept within a range),
        // not around yesterday's close, so the close follows the value instead of compounding its own moves.
        const long OpeningCloseFen = 55_00;
        long close = OpeningCloseFen, ccerClose = 44_00, valueFen = 55_00, ccerValueFen = 44_00;
        for (var d = 0; d < days.Count; d++)
        {
            valueFen = Math.Clamp(valueFen * (10_000 + _random.Next(-40, 46)) / 10_000, 45_00, 70_00);
            ccerValueFen = Math.Clamp(ccerValueFen * (10_000 + _random.Next(-40, 46)) / 10_000, 35_00, 60_00);
            var daysLeft = days.Count - d;
            var orders = new List<(string Actor, string Account, string Instrument, Side Side, long PriceFen, long QuantityT)>();
            _committed.Clear();
            var auction = auctionDays.Contains(days[d])
                ? auctions.Plan(days[d], auctionDays.Count(a => a >= days[d]), _need, stats.ClosePath, OpeningCloseFen, At)
                : null;
            PlanAllowances(orders, close, valueFen, daysLeft, firstHalf: d < days.Count / 2);
            PlanCcer(orders, ccerClose, ccerValueFen, daysLeft);
            var outcomes = await demo.All(DayCommands(days[d], close, ccerClose, Shuffle(orders), auction));
            if (auction is not null)
                auctions.Settled(outcomes.SelectMany(o => o.Events), _need);
            foreach (var e in outcomes.SelectMany(o => o.Events))
            {
                if (e is TradeExecuted t && t.Seller != AuctionAccount)
                    Settled(t);
                else if (e is TradingDayClosed c && c.Instrument == vintage)
                    close = c.CloseFen;
                else if (e is TradingDayClosed cc)
                    ccerClose = cc.CloseFen;
            }
            stats.ClosePath.Add(close);
            stats.CcerClosePath.Add(ccerClose);
            tick();
        }
        demo.Time = At(days[^1], new TimeOnly(15, 0));
    }

    /// <summary>What the auctions sell from the auction account: the gap buyers cannot fill from surplus companies, plus 5%.</summary>
    public static long PaidShare(Dictionary<string, long> need, Dictionary<string, long> supply) =>
        Math.Max(0, need.Values.Sum() * 105 / 100 - supply.Values.Sum());

    /// <summary>
    /// Today's allowance orders: buyers for about their remaining need over the days left (in the last weeks
    /// above every offer), investors buying in the first half and selling in the second, and sellers
    /// offering somewhat more than is bid. Prices scatter around the day's value, within the band.
    /// </summary>
    private void PlanAllowances(List<(string, string, string, Side, long, long)> orders, long close, long valueFen, int daysLeft, bool firstHalf)
    {
        var band = Rules.ListingBand(close);
        var urgent = daysLeft <= UrgentDays;
        var demand = Target(_need.Values.Sum(), daysLeft);
        var bid = demand;
        while (bid > 0 && Pick(_need) is { } buyer)
        {
            var q = Take(_need, buyer, bid);
            bid -= q;
            orders.Add((buyer, buyer, vintage, Side.Buy, urgent ? Price(band, valueFen, 150) : Price(band, valueFen, 0), q));
        }
        if (firstHalf)
        {
            for (var k = demand / 10; k > 0 && Pick(_investorRoom) is { } investor;)
            {
                var q = Take(_investorRoom, investor, Math.Min(k, 1_000 + _random.Next(20_000)));
                k -= q;
                orders.Add((investor, investor, vintage, Side.Buy, Price(band, valueFen, -20), q));
            }
        }
        var offer = (demand + demand / 10) * (110 + _random.Next(30)) / 100;
        while (offer > 0)
        {
            var seller = !firstHalf && _random.Next(2) == 0 ? Pick(_investorHeld) ?? Pick(_supply) : Pick(_supply);
            if (seller is null)
                break;
            var q = Take(_investorHeld.ContainsKey(seller) ? _investorHeld : _supply, seller, offer);
            offer -= q;
            var ask = Price(band, valueFen, urgent ? -100 : 20);
            orders.Add((seller, seller, vintage, Side.Sell, ask, q));
        }
    }

    /// <summary>Today's CCER orders: companies that use offsets bid for a share of what is left, the project owner offers a little more.</summary>
    private void PlanCcer(List<(string, string, string, Side, long, long)> orders, long close, long valueFen, int daysLeft)
    {
        var band = TradingRulebook.Ccer.ListingBand(close);
        var urgent = daysLeft <= UrgentDays;
        var demand = Target(Math.Min(_ccerOffered[projectOwner], _ccerWanted.Values.Sum()), daysLeft);
        for (var bid = demand; bid > 0 && Pick(_ccerWanted) is { } buyer;)
        {
            var q = Take(_ccerWanted, buyer, Math.Min(bid, 500 + _random.Next(20_000)));
            bid -= q;
            orders.Add((buyer, buyer, ccerClass, Side.Buy, urgent ? Price(band, valueFen, 150) : Price(band, valueFen, 0), q));
        }
        for (var offer = demand * (110 + _random.Next(30)) / 100; offer > 0 && Pick(_ccerOffered) is { } owner;)
        {
            var q = Take(_ccerOffered, owner, Math.Min(offer, 50_000));
            offer -= q;
            orders.Add((owner, owner, ccerClass, Side.Sell, Price(band, valueFen, urgent ? -100 : 20), q));
        }
    }

    /// <summary>
    /// The day in commands: both instruments opened at 09:15 (and an auction announced), the orders ten seconds apart
    /// through the sessions, the auction's bids spread over its window and its clearing at the window's close, both
    /// instruments closed at 15:00.
    /// </summary>
    private IEnumerable<Task<Outcome>> DayCommands(DateOnly day, long close, long ccerClose, IReadOnlyList<(string Actor, string Account, string Instrument, Side Side, long PriceFen, long QuantityT)> orders,
        DemoAuction? auction)
    {
        var id = $"{day:yyyyMMdd}";
        demo.Time = At(day, new TimeOnly(9, 15));
        yield return demo.Cmd($"demo:open:{id}:{vintage}", MarketSetup.ExchangeOperator, new OpenTradingDay(vintage, day, close));
        yield return demo.Cmd($"demo:open:{id}:{ccerClass}", MarketSetup.ExchangeOperator, new OpenTradingDay(ccerClass, day, ccerClose));
        if (auction is not null)
            yield return demo.Cmd($"demo:auction:{auction.AuctionId}:announce", MarketSetup.Regulator, auction.Announcement);
        // Ten seconds apart; on an auction day with more orders than fit before its window (2.5 hours of sessions), closer.
        var stepMs = auction is not null && orders.Count * 10_000L >= 9_000_000 ? 9_000_000 / (orders.Count + 1) : 10_000L;
        for (var k = 0; k < orders.Count; k++)
        {
            var o = orders[k];
            var ms = stepMs * k;
            demo.Time = At(day, new TimeOnly(9, 30)).AddMilliseconds(ms < 7_200_000 ? ms : ms + 5_400_000);
            yield return demo.Cmd($"demo:order:{id}:{k}", o.Actor, new PlaceOrder(o.Instrument, $"d{id}o{k}", o.Account, o.Side, o.PriceFen, o.QuantityT));
        }
        if (auction is not null)
        {
            var a = auction.Announcement;
            if (demo.Time >= a.OpensAt)
                throw new InvalidOperationException($"The day's {orders.Count:N0} orders run into the auction window of {day}.");
            var spacing = Math.Max(1, (long)(a.ClosesAt - a.OpensAt).TotalSeconds * 5 / 6 / Math.Max(1, auction.Bids.Count));
            for (var k = 0; k < auction.Bids.Count; k++)
            {
                demo.Time = a.OpensAt.AddSeconds(k * spacing);
                yield return demo.Cmd($"demo:auction:{auction.AuctionId}:bid:{k + 1}", auction.Bids[k].Account, auction.Bids[k].Bid);
            }
            demo.Time = a.ClosesAt;
            yield return demo.Cmd($"demo:auction:{auction.AuctionId}:clear", MarketSetup.ExchangeOperator, new ClearAuction(auction.AuctionId));
        }
        demo.Time = At(day, new TimeOnly(15, 0));
        yield return demo.Cmd($"demo:close:{id}:{vintage}", MarketSetup.ExchangeOperator, new CloseTradingDay(vintage));
        yield return demo.Cmd($"demo:close:{id}:{ccerClass}", MarketSetup.ExchangeOperator, new CloseTradingDay(ccerClass));
    }

    /// <summary>A trade the engine made: the positions move and the figures grow.</summary>
    private void Settled(TradeExecuted t)
    {
        var value = checked(t.PriceFen * t.QuantityT);
        stats.Trades++;
        stats.TradedT += t.QuantityT;
        stats.TradedValueFen += value;
        if (t.Instrument == ccerClass)
        {
            stats.CcerTradedT += t.QuantityT;
            stats.CcerTradedValueFen += value;
            _ccerWanted[t.Buyer] -= t.QuantityT;
            _ccerOffered[t.Seller] -= t.QuantityT;
            return;
        }
        if (_need.ContainsKey(t.Buyer))
            _need[t.Buyer] -= t.QuantityT;
        else
            (_investorHeld[t.Buyer], _investorRoom[t.Buyer]) = (_investorHeld[t.Buyer] + t.QuantityT, _investorRoom[t.Buyer] - t.QuantityT);
        if (_supply.ContainsKey(t.Seller))
            _supply[t.Seller] -= t.QuantityT;
        else
            _investorHeld[t.Seller] -= t.QuantityT;
    }

    /// <summary>About <paramref name="remaining"/> spread over the days left (half to one and a half times the even share); all of it on the last days.</summary>
    private long Target(long remaining, int daysLeft) =>
        daysLeft <= 3 ? remaining : remaining / daysLeft * (50 + _random.Next(101)) / 100 + 1;

    /// <summary>A limit price around the value, shifted by <paramref name="shiftBp"/> basis points, within the day's band.</summary>
    private long Price(PriceBand band, long valueFen, long shiftBp) =>
        Math.Clamp(valueFen * (10_000 + shiftBp + _random.Next(-80, 81)) / 10_000, band.LowFen, band.HighFen);

    /// <summary>An order's quantity for <paramref name="account"/>: at most what it has left today, the listing maximum and <paramref name="wanted"/>.</summary>
    private long Take(Dictionary<string, long> position, string account, long wanted)
    {
        var q = Math.Min(Math.Min(Left(position, account, position[account]), Math.Min(wanted, MaxOrderT)), 1_000 + _random.Next(99_000));
        q = Math.Max(q, 1);
        _committed[(position, account)] = _committed.GetValueOrDefault((position, account)) + q;
        return q;
    }

    /// <summary>An account with something left today, drawn with weight by what it has left (null when none).</summary>
    private string? Pick(Dictionary<string, long> position)
    {
        long total = 0;
        foreach (var (account, held) in position)
            total += Left(position, account, held);
        if (total == 0)
            return null;
        var x = _random.NextInt64(total);
        foreach (var (account, held) in position)
        {
            x -= Left(position, account, held);
            if (x < 0)
                return account;
        }
        throw new InvalidOperationException("The weighted draw ran past its total.");
    }

    /// <summary>What an account has left in a position after today's orders.</summary>
    private long Left(Dictionary<string, long> position, string account, long held) => Math.Max(0, held - _committed.GetValueOrDefault((position, account)));

    private List<T> Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), Beijing);
}
