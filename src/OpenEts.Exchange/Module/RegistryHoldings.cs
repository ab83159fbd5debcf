// Holdings as the exchange module sees them in the engine: balances read from the registry, and the
// purchase dates the T+1 rule needs. The registry's own events lock, unlock and move units and cash,
// so the lock and settle calls the listing market makes only record what T+1 needs.
using System.Globalization;
using System.Text.Json;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>An <see cref="IAccountBook"/> that reads the registry and remembers when units were bought.</summary>
public sealed class RegistryHoldings : IAccountBook
{
    private readonly Dictionary<(string Account, string Instrument), List<(long QuantityT, DateOnly SellableFrom)>> _purchases = [];

    /// <summary>The registry the balances come from; set by the module before any decision.</summary>
    public RegistryState? Registry { get; set; }

    private RegistryState R => Registry ?? throw new InvalidOperationException("The exchange reads balances from the registry; run it with the registry module.");

    /// <inheritdoc />
    public long AvailableCashFen(string account) =>
        R.Accounts.TryGetValue(account, out var a) ? R.Available(account, R.Markets[a.MarketId].Currency) : 0;

    /// <inheritdoc />
    public long AvailableUnits(string account, string instrument) => R.Available(account, instrument);

    /// <summary>Units bought that may not yet be sold on <paramref name="tradingDay"/>.</summary>
    public long NotYetSellable(string account, string instrument, DateOnly tradingDay)
    {
        if (!_purchases.TryGetValue((account, instrument), out var lots))
            return 0;
        long waiting = 0;
        foreach (var (q, from) in lots)
        {
            if (from > tradingDay)
                waiting += q;
        }
        return waiting;
    }

    /// <inheritdoc />
    public long SellableUnits(string account, string instrument, DateOnly tradingDay) =>
        Math.Max(0, AvailableUnits(account, instrument) - NotYetSellable(account, instrument, tradingDay));

    /// <summary>Forgets purchases of <paramref name="instrument"/> that are sellable on <paramref name="tradingDay"/>.</summary>
    public void ForgetSellable(string instrument, DateOnly tradingDay)
    {
        foreach (var ((_, i), lots) in _purchases)
        {
            if (i == instrument)
                lots.RemoveAll(l => l.SellableFrom <= tradingDay);
        }
    }

    /// <summary>True while <paramref name="account"/> has a purchase of <paramref name="instrument"/> remembered (not yet sellable when last opened).</summary>
    public bool RemembersPurchases(string account, string instrument) => _purchases.TryGetValue((account, instrument), out var lots) && lots.Count > 0;

    /// <summary>Forgets every purchase (before a snapshot is replayed).</summary>
    public void Clear() => _purchases.Clear();

    /// <summary>
    /// Writes the purchases still waiting for T+1 into a snapshot, as [account, instrument, [[quantity, sellable from], …]]
    /// in account then instrument order (each account's lots in the order bought); nothing when none waits.
    /// </summary>
    internal void WritePurchases(Utf8JsonWriter writer)
    {
        var waiting = _purchases.Where(p => p.Value.Count > 0)
            .OrderBy(p => p.Key.Account, StringComparer.Ordinal).ThenBy(p => p.Key.Instrument, StringComparer.Ordinal).ToList();
        if (waiting.Count == 0)
            return;
        writer.WritePropertyName("purchases");
        writer.WriteStartArray();
        foreach (var ((account, instrument), lots) in waiting)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(account);
            writer.WriteStringValue(instrument);
            writer.WriteStartArray();
            foreach (var (quantityT, sellableFrom) in lots)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(quantityT);
                writer.WriteStringValue(sellableFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    /// <summary>Replaces every purchase remembered by those <see cref="WritePurchases"/> wrote (none when the snapshot has none).</summary>
    internal void ReadPurchases(JsonElement snapshot)
    {
        _purchases.Clear();
        if (!snapshot.TryGetProperty("purchases", out var purchases))
            return;
        foreach (var p in purchases.EnumerateArray())
        {
            var key = (p[0].GetString() ?? throw new JsonException("A null account in the snapshot's purchases."),
                p[1].GetString() ?? throw new JsonException("A null instrument in the snapshot's purchases."));
            var lots = new List<(long QuantityT, DateOnly SellableFrom)>();
            foreach (var lot in p[2].EnumerateArray())
                lots.Add((lot[0].GetInt64(), DateOnly.ParseExact(lot[1].GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
            if (lots.Count == 0 || !_purchases.TryAdd(key, lots))
                throw new JsonException($"The snapshot's purchases of {key.Item2} by {key.Item1} are empty or come twice.");
        }
    }

    /// <inheritdoc />
    public void LockUnits(string account, string instrument, long quantityT)
    {
    }

    /// <inheritdoc />
    public void UnlockUnits(string account, string instrument, long quantityT)
    {
    }

    /// <inheritdoc />
    public void LockCash(string account, long amountFen)
    {
    }

    /// <inheritdoc />
    public void UnlockCash(string account, long amountFen)
    {
    }

    /// <inheritdoc />
    public void Settle(in SettlementInstruction instruction)
    {
        if (instruction.SellableFrom <= instruction.TradeDate)
            return;
        var key = (instruction.Buyer, instruction.Instrument);
        if (!_purchases.TryGetValue(key, out var lots))
            _purchases.Add(key, lots = []);
        if (lots.Count > 0 && lots[^1].SellableFrom == instruction.SellableFrom)
            lots[^1] = (lots[^1].QuantityT + instruction.QuantityT, instruction.SellableFrom);
        else
            lots.Add((instruction.QuantityT, instruction.SellableFrom));
    }
}
