// The exchange module's state in the engine: holdings mirror, open trading days, and the events that built
// them. A snapshot is the list of events (replayed on restore), so book, locks and T+1 lots come back exactly.
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>State of the exchange module.</summary>
public sealed class ExchangeState : IModuleState
{
    private readonly List<Event> _applied = [];
    private readonly Dictionary<string, (TradeLedger Ledger, ListingMarket Market)> _days = [];
    private readonly Dictionary<string, long> _lastClose = [];

    /// <summary>The market's rules.</summary>
    public TradingRulebook Rules { get; } = TradingRulebook.National;

    /// <summary>Holdings as the exchange sees them.</summary>
    public InMemoryAccountBook Accounts { get; private set; } = new();

    /// <summary>The open day of an instrument, if any.</summary>
    public (TradeLedger Ledger, ListingMarket Market)? Day(string instrument) => _days.TryGetValue(instrument, out var d) ? d : null;

    /// <summary>The last official close of an instrument, if a day has closed.</summary>
    public long? LastClose(string instrument) => _lastClose.TryGetValue(instrument, out var c) ? c : null;

    /// <summary>Applies one exchange event.</summary>
    public void Apply(Event e)
    {
        switch (e)
        {
            case TradingDayOpened o:
                var ledger = new TradeLedger(Rules, Accounts, o.TradingDay);
                _days.Add(o.Instrument, (ledger, new ListingMarket(ledger, o.Instrument, o.PreviousCloseFen)));
                break;
            case HoldingsDeposited d:
                Accounts.DepositUnits(d.Account, d.Instrument, d.UnitsT);
                Accounts.DepositCash(d.Account, d.CashFen);
                break;
            case OrderAccepted a:
                var placed = _days[a.Instrument].Market.Place(a.Time, a.OrderId, a.Account, a.Side, a.PriceFen, a.QuantityT);
                Invariant.Assert(placed.Accepted, "An accepted order applies.");
                break;
            case OrderCancelled c:
                Invariant.Assert(_days[c.Instrument].Market.Cancel(c.Time, c.OrderId, c.Account) is null, "An accepted cancel applies.");
                break;
            case TradingDayClosed closed:
                _days[closed.Instrument].Market.CloseDay();
                _days.Remove(closed.Instrument);
                _lastClose[closed.Instrument] = closed.CloseFen;
                break;
            case TradeExecuted:
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
        Accounts = new InMemoryAccountBook();
        foreach (var e in snapshot.GetProperty("events").EnumerateArray())
            Apply(e.Deserialize<Event>(options) ?? throw new JsonException("A null event in the exchange snapshot."));
    }
}
