// A read model rebuilt from the journal: every delivery-versus-payment settlement (units one way,
// cash the other, in one linked transfer) is a trade at cash ÷ units. The dashboard's price and
// volume chart is drawn from it. It reads only entries it has not seen yet.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Server.Web;

/// <summary>One day of settled trades in a unit class.</summary>
public sealed record TradingDay(DateOnly Day, long VolumeT, long ValueFen, long LastPriceFen, int Trades)
{
    /// <summary>The volume-weighted average price, fen per tonne (rounded down).</summary>
    public long AveragePriceFen => VolumeT == 0 ? 0 : ValueFen / VolumeT;
}

/// <summary>Daily settled volume and price per unit class.</summary>
public sealed class SettlementTape(MarketRuntime market) : JournalReadModel(market)
{
    private readonly SortedDictionary<(string Class, DateOnly Day), TradingDay> _days = [];
    private HashSet<string> _cash = [];

    /// <summary>Reads the journal up to its durable head and returns the last <paramref name="days"/> trading days of the most traded class.</summary>
    public async Task<(string? ClassId, IReadOnlyList<TradingDay> Days)> RecentAsync(int days)
    {
        var cash = await Market.Engine.QueryAsync(w => w.Get<RegistryState>().Classes.Values.Where(c => c.Type == UnitType.Cash).Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
        lock (Gate)
        {
            _cash = cash;
            CatchUp();
            var top = _days.GroupBy(d => d.Key.Class).OrderByDescending(g => g.Sum(d => d.Value.VolumeT)).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
            return top is null ? (null, []) : (top.Key, top.Select(d => d.Value).TakeLast(days).ToList());
        }
    }

    /// <inheritdoc />
    protected override void Read(JournalEntry entry)
    {
        var cash = _cash;
        if (!entry.Accepted)
            return;
        using var doc = JsonDocument.Parse(entry.Payload);
        if (!doc.RootElement.TryGetProperty("events", out var events))
            return;
        // Legs of one entry: a units leg A→B and a cash leg B→A make a trade.
        var legs = new List<(string From, string To, string Class, long Quantity)>();
        foreach (var e in events.EnumerateArray())
        {
            if (e.GetProperty("$type").GetString() == "registry.units_transferred")
                legs.Add((e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!, e.GetProperty("class_id").GetString()!, e.GetProperty("quantity").GetInt64()));
        }
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(entry.TimeUnixMs).UtcDateTime);
        foreach (var units in legs.Where(l => !cash.Contains(l.Class) && l.Quantity > 0))
        {
            var pay = legs.FirstOrDefault(l => cash.Contains(l.Class) && l.From == units.To && l.To == units.From);
            if (pay.Class is null)
                continue;
            var key = (units.Class, day);
            var d = _days.GetValueOrDefault(key) ?? new TradingDay(day, 0, 0, 0, 0);
            _days[key] = d with { VolumeT = d.VolumeT + units.Quantity, ValueFen = d.ValueFen + pay.Quantity, LastPriceFen = pay.Quantity / units.Quantity, Trades = d.Trades + 1 };
        }
    }
}
