// The exchange module's state in the engine: open trading days (book and trades) per instrument, last
// closes, and purchase dates for T+1. Balances and locks live in the registry. A snapshot is the list of
// exchange events (replayed on restore), so book and purchase dates come back exactly.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>State of the exchange module.</summary>
public sealed class ExchangeState(TradingRulebook rules) : IModuleState
{
    private readonly List<Event> _applied = [];
    private readonly Dictionary<string, (TradeLedger Ledger, ListingMarket Market)> _days = [];
    private readonly Dictionary<string, long> _lastClose = [];

    /// <summary>The market's rules.</summary>
    public TradingRulebook Rules { get; } = rules;

    /// <summary>Balances (from the registry) and purchase dates (T+1).</summary>
    public RegistryHoldings Holdings { get; } = new();

    /// <summary>The open day of an instrument, if any.</summary>
    public (TradeLedger Ledger, ListingMarket Market)? Day(string instrument) => _days.TryGetValue(instrument, out var d) ? d : null;

    /// <summary>Instruments with an open trading day, in id order.</summary>
    public IEnumerable<string> OpenInstruments => _days.Keys.Order(StringComparer.Ordinal);

    /// <summary>The last official close of an instrument, if a day has closed.</summary>
    public long? LastClose(string instrument) => _lastClose.TryGetValue(instrument, out var c) ? c : null;

    /// <summary>The registry lock that holds an order's units (sell) or cash (buy).</summary>
    public static string OrderLockId(string instrument, DateOnly day, string orderId) => $"order:{day:yyyyMMdd}:{instrument}:{orderId}";

    /// <summary>Reads balances from this registry from now on.</summary>
    public void Attach(RegistryState registry) => Holdings.Registry ??= registry;

    /// <summary>Applies one exchange event.</summary>
    public void Apply(Event e)
    {
        switch (e)
        {
            case TradingDayOpened o:
                Holdings.ForgetSellable(o.Instrument, o.TradingDay);
                var ledger = new TradeLedger(Rules, Holdings, o.TradingDay);
                _days.Add(o.Instrument, (ledger, new ListingMarket(ledger, o.Instrument, o.PreviousCloseFen)));
                break;
            case OrderAccepted a:
                Invariant.Assert(_days[a.Instrument].Market.Accept(a.Time, a.OrderId, a.Account, a.Side, a.PriceFen, a.QuantityT).Accepted, "An accepted order applies.");
                break;
            case OrderCancelled c:
                Invariant.Assert(_days[c.Instrument].Market.Cancel(c.Time, c.OrderId, c.Account) is null, "An accepted cancel applies.");
                break;
            case TradingDayClosed closed:
                _days[closed.Instrument].Market.CloseDay();
                _days.Remove(closed.Instrument);
                _lastClose[closed.Instrument] = closed.CloseFen;
                break;
            case TradeExecuted or SelfTradePrevented:
                break;
            default:
                throw new InvalidOperationException($"Not an exchange event: {e.GetType().Name}.");
        }
        _applied.Add(e);
    }

    /// <inheritdoc />
    public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("events");
        writer.WriteStartArray();
        foreach (var e in _applied)
            JsonSerializer.Serialize(writer, e, options);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
    {
        _applied.Clear();
        _days.Clear();
        _lastClose.Clear();
        Holdings.Clear();
        foreach (var e in snapshot.GetProperty("events").EnumerateArray())
            Apply(e.Deserialize<Event>(options) ?? throw new JsonException("A null event in the exchange snapshot."));
    }
}
