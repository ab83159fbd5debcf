// The exchange's counters: orders accepted, orders refused by code, trades and tonnes traded through this
// server. Kept as totals for /metrics and published on the server's meter for OpenTelemetry.
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OpenEts.Core;
using OpenEts.Exchange;

namespace OpenEts.Server.Http;

/// <summary>Order and trade counters of one running market.</summary>
public sealed class ExchangeMetrics
{
    private static readonly Counter<long> OrdersAcceptedCounter = RequestLog.Meter.CreateCounter<long>("openets.orders.accepted", unit: "{order}", description: "Orders the exchange accepted.");
    private static readonly Counter<long> OrdersRejectedCounter = RequestLog.Meter.CreateCounter<long>("openets.orders.rejected", unit: "{order}", description: "Orders the exchange refused, tagged by code.");
    private static readonly Counter<long> TradesCounter = RequestLog.Meter.CreateCounter<long>("openets.trades", unit: "{trade}", description: "Trades made (listing and block).");
    private static readonly Counter<long> TonnesCounter = RequestLog.Meter.CreateCounter<long>("openets.traded_tonnes", unit: "t", description: "Tonnes traded (listing and block).");

    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private long _accepted;
    private long _trades;
    private long _tonnes;

    /// <summary>Orders accepted.</summary>
    public long OrdersAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Trades made.</summary>
    public long Trades => Interlocked.Read(ref _trades);

    /// <summary>Tonnes traded.</summary>
    public long TradedTonnes => Interlocked.Read(ref _tonnes);

    /// <summary>Orders refused, by rejection code, in code order.</summary>
    public IReadOnlyList<(string Code, long Count)> OrdersRejected =>
        _rejected.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value)).ToList();

    /// <summary>Counts what one command's first outcome did (a replayed answer is not counted again).</summary>
    public void Record(Command command, Outcome outcome)
    {
        if (outcome.Replayed)
            return;
        if (command is PlaceOrder)
        {
            if (outcome.Rejection is { } r)
            {
                _rejected.AddOrUpdate(r.Code, 1, (_, n) => n + 1);
                OrdersRejectedCounter.Add(1, new KeyValuePair<string, object?>("code", r.Code));
                return;
            }
            Interlocked.Increment(ref _accepted);
            OrdersAcceptedCounter.Add(1);
        }
        foreach (var e in outcome.Events)
        {
            if (e is not TradeExecuted t)
                continue;
            Interlocked.Increment(ref _trades);
            Interlocked.Add(ref _tonnes, t.QuantityT);
            TradesCounter.Add(1);
            TonnesCounter.Add(t.QuantityT);
        }
    }
}
