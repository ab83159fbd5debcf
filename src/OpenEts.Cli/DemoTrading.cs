// The demo's year of trading: deficit companies buy from surplus companies and investors, investors
// buy early and sell late, the project owner sells CCER to companies that use offsets; every trade
// settles delivery-versus-payment as one linked transfer in the registry. The daily close is the
// volume-weighted average price of the day's trades, else the previous close.
using OpenEts.Allocation.Demo;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Cli;

/// <summary>Simulates a year of trades among the demo's holders.</summary>
internal sealed class DemoTrading(DemoRun demo, IReadOnlyList<FleetEntity> fleet, Dictionary<string, long> allocation, string vintage,
    string ccerClass, string projectOwner, int investors, int seed, DemoStats stats)
{
    private readonly Random _random = new(seed);

    public async Task Run(int days, Action tick)
    {
        // Deficit companies buy their whole gap; a few buy nothing (the real market's ~0.5% non-compliance).
        // Surplus companies sell 70% of their surplus and bank the rest; the auction account sells the paid share.
        var need = fleet.Where(f => f.VerifiedEmissionsT > allocation[f.Entity])
            .ToDictionary(f => f.Entity, f => _random.Next(200) == 0 ? 0 : f.VerifiedEmissionsT - allocation[f.Entity], StringComparer.Ordinal);
        var supply = fleet.Where(f => f.VerifiedEmissionsT < allocation[f.Entity])
            .ToDictionary(f => f.Entity, f => (allocation[f.Entity] - f.VerifiedEmissionsT) * 7 / 10, StringComparer.Ordinal);
        supply[AuctionAccount] = PaidShare(need, supply);
        var investorHeld = Enumerable.Range(1, investors).ToDictionary(i => $"INV{i:D3}", _ => 0L, StringComparer.Ordinal);
        var ccerLeft = 3_000_000L;
        var ccerWanted = need.Keys.ToDictionary(e => e, e => fleet.First(f => f.Entity == e).VerifiedEmissionsT * 4 / 100, StringComparer.Ordinal);
        long close = 5_500;
        var day = demo.Time;
        var n = 0;
        for (var d = 0; d < days; d++)
        {
            var trades = new List<(string Buyer, string Seller, string Class, long Quantity, long Price)>();
            var count = 200 + _random.Next(200);
            for (var k = 0; k < count; k++)
            {
                var price = Math.Clamp(close + (close * (_random.Next(201) - 100) / 10_000), close * 90 / 100 + 1, close * 110 / 100);
                var roll = _random.Next(10);
                if (roll == 0 && investors > 0 && d < days / 2)
                {
                    var inv = $"INV{1 + _random.Next(investors):D3}";
                    var seller = Pick(supply);
                    if (seller is null)
                        continue;
                    var q = Math.Min(supply[seller], 1_000 + _random.Next(20_000));
                    supply[seller] -= q;
                    investorHeld[inv] += q;
                    trades.Add((inv, seller, vintage, q, price));
                }
                else if (roll == 1 && ccerLeft > 0)
                {
                    var buyer = Pick(ccerWanted);
                    if (buyer is null)
                        continue;
                    var q = Math.Min(Math.Min(ccerWanted[buyer], ccerLeft), 500 + _random.Next(10_000));
                    ccerWanted[buyer] -= q;
                    ccerLeft -= q;
                    trades.Add((buyer, projectOwner, ccerClass, q, price * 8 / 10));
                }
                else
                {
                    var buyer = Pick(need);
                    if (buyer is null)
                        continue;
                    string? seller = d >= days / 2 ? Pick(investorHeld) : null;
                    var fromInvestor = seller is not null;
                    seller ??= Pick(supply);
                    if (seller is null)
                        continue;
                    var available = fromInvestor ? investorHeld[seller] : supply[seller];
                    var q = Math.Min(Math.Min(need[buyer], available), 1_000 + _random.Next(99_000));
                    need[buyer] -= q;
                    if (fromInvestor)
                        investorHeld[seller] -= q;
                    else
                        supply[seller] -= q;
                    trades.Add((buyer, seller, vintage, q, price));
                }
            }
            var cmds = trades.Select(t => demo.Cmd($"demo:trade:{++n}", MarketSetup.RegistryOperator, new LinkedTransfer(
                [new TransferLeg(t.Buyer, t.Seller, "CNY", checked(t.Quantity * t.Price)), new TransferLeg(t.Seller, t.Buyer, t.Class, t.Quantity)])));
            await demo.All(cmds);
            var allowanceTrades = trades.Where(t => t.Class == vintage).ToList();
            var volume = allowanceTrades.Sum(t => t.Quantity);
            if (volume > 0)
                close = (allowanceTrades.Sum(t => t.Quantity * t.Price) + volume / 2) / volume;
            stats.ClosePath.Add(close);
            stats.Trades += trades.Count;
            stats.TradedT += trades.Sum(t => t.Quantity);
            stats.TradedValueFen += trades.Sum(t => t.Quantity * t.Price);
            day = NextTradingDay(day);
            demo.Time = day;
            tick();
        }
    }

    /// <summary>The market's auction account, which sells the paid share.</summary>
    public const string AuctionAccount = "cn-AUCTION";

    /// <summary>What the auction account sells: the gap buyers cannot fill from surplus companies, plus 5%.</summary>
    public static long PaidShare(Dictionary<string, long> need, Dictionary<string, long> supply) =>
        Math.Max(0, need.Values.Sum() * 105 / 100 - supply.Where(kv => kv.Key != AuctionAccount).Sum(kv => kv.Value));

    private string? Pick(Dictionary<string, long> remaining)
    {
        var open = remaining.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToList();
        return open.Count == 0 ? null : open[_random.Next(open.Count)];
    }

    private static DateTimeOffset NextTradingDay(DateTimeOffset day)
    {
        do
            day = day.AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        return day;
    }
}
