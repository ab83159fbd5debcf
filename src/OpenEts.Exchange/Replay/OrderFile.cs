// Reads a day of orders from CSV text (time, order_id, account, side, price, quantity, action, and optional
// units and cash opening balances). Every bad row is reported with its line number and why; nothing partial.
using System.Globalization;
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>new or cancel.</summary>
public enum OrderAction : byte
{
    /// <summary>A new limit order.</summary>
    New,

    /// <summary>Cancel an earlier order.</summary>
    Cancel,
}

/// <summary>One row of an order file, with its line number (1 = header).</summary>
public sealed record OrderRow(int Line, DateTimeOffset Time, string OrderId, string Account, Side Side, long PriceFen, long QuantityT, OrderAction Action, long? UnitsT, long? CashFen);

/// <summary>A row that could not be read.</summary>
public sealed record BadRow(int Line, string Reason);

/// <summary>Parses order files.</summary>
public static class OrderFile
{
    /// <summary>Most rows one file may hold.</summary>
    public const int MaxRows = 10_000_000;

    /// <summary>Highest price a file (or a previous close) may state, fen: 100,000,000.00 yuan per tonne, far above any market's.</summary>
    public const long MaxPriceFen = 100_000_000_00;

    /// <summary>Largest quantity or opening balance of units a row may state, t (the registry's largest quantity).</summary>
    public const long MaxQuantityT = OpenEts.Registry.RegistryState.MaxQuantity;

    /// <summary>Largest opening cash balance a row may state, fen.</summary>
    public const long MaxCashFen = 1_000_000_000_000_000_00;

    private static readonly string[] Required = ["time", "order_id", "account", "side", "price", "quantity", "action"];

    /// <summary>
    /// Parses the whole text. Times are ISO 8601 market-local time (an explicit offset is converted to market
    /// time). Returns the rows, or every bad row when any row is bad.
    /// </summary>
    public static (IReadOnlyList<OrderRow> Rows, IReadOnlyList<BadRow> Errors) Parse(string text, TimeSpan marketOffset)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var errors = new List<BadRow>();
        if (lines.Length == 0 || lines[0].Trim().Length == 0)
            return ([], [new BadRow(1, "the file is empty; expected a header: " + string.Join(',', Required))]);
        var header = lines[0].Trim().TrimStart('\uFEFF').Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = Required.Where(r => !header.Contains(r)).ToArray();
        if (missing.Length > 0)
            return ([], [new BadRow(1, "the header lacks the column(s) " + string.Join(", ", missing))]);
        int Col(string name) => Array.IndexOf(header, name);
        int iTime = Col("time"), iId = Col("order_id"), iAcc = Col("account"), iSide = Col("side"), iPrice = Col("price"), iQty = Col("quantity"), iAct = Col("action");
        int iUnits = Col("units"), iCash = Col("cash");
        var rows = new List<OrderRow>();
        // An account's opening balance is stated once (or repeated the same): the line that first gave it, and the value.
        var givenUnits = new Dictionary<string, (int Line, long Value)>(StringComparer.Ordinal);
        var givenCash = new Dictionary<string, (int Line, long Value)>(StringComparer.Ordinal);
        DateOnly? day = null;
        DateTimeOffset? last = null;
        for (var n = 1; n < lines.Length; n++)
        {
            var line = n + 1;
            if (lines[n].Trim().Length == 0)
                continue;
            if (rows.Count + errors.Count >= MaxRows)
            {
                errors.Add(new BadRow(line, $"more than {MaxRows:N0} rows"));
                break;
            }
            var c = lines[n].Split(',').Select(s => s.Trim()).ToArray();
            if (c.Length != header.Length)
            {
                errors.Add(new BadRow(line, $"{c.Length} fields where the header has {header.Length}"));
                continue;
            }
            var why = ParseRow(c, iTime, iId, iAcc, iSide, iPrice, iQty, iAct, iUnits, iCash, marketOffset, line, out var row);
            if (why is null && day is not null && DateOnly.FromDateTime(row!.Time.DateTime) != day)
                why = $"the date {row.Time:yyyy-MM-dd} differs from the first order's {day:yyyy-MM-dd}; a file holds one trading day";
            if (why is null && last is not null && row!.Time < last)
                why = $"time {row.Time:HH:mm:ss} goes back before the previous row's {last:HH:mm:ss}";
            why ??= Conflict(givenUnits, row!, row!.UnitsT, "units", v => $"{v:N0} t")
                ?? Conflict(givenCash, row!, row!.CashFen, "cash", v => $"{new Fen(v).ToYuanString()} yuan");
            if (why is not null)
            {
                errors.Add(new BadRow(line, why));
                continue;
            }
            day ??= DateOnly.FromDateTime(row!.Time.DateTime);
            last = row!.Time;
            rows.Add(row);
        }
        if (errors.Count == 0 && rows.Count == 0)
            errors.Add(new BadRow(2, "the file has a header but no orders"));
        return errors.Count > 0 ? ([], errors) : (rows, []);
    }

    /// <summary>Why a row's opening balance contradicts one an earlier row gave the same account; null when it does not (and records it).</summary>
    private static string? Conflict(Dictionary<string, (int Line, long Value)> given, OrderRow row, long? value, string column, Func<long, string> show)
    {
        if (value is not { } v)
            return null;
        if (!given.TryGetValue(row.Account, out var earlier))
        {
            given[row.Account] = (row.Line, v);
            return null;
        }
        return earlier.Value == v ? null
            : $"{column} {show(v)} for {row.Account} contradicts the {show(earlier.Value)} line {earlier.Line} gave; an account's opening balance is given once";
    }

    private static string? ParseRow(string[] c, int iTime, int iId, int iAcc, int iSide, int iPrice, int iQty, int iAct, int iUnits, int iCash,
        TimeSpan marketOffset, int line, out OrderRow? row)
    {
        row = null;
        // A time without an offset is market-local; one with an offset is converted to market time.
        if (!IsoTime.TryParse(c[iTime], marketOffset, out var time))
            return $"time '{c[iTime]}' is not an ISO 8601 date and time ({IsoTime.Form})";
        var id = c[iId];
        if (id.Length is 0 or > 64)
            return "order_id is empty or longer than 64 characters";
        var account = c[iAcc];
        if (account.Length is 0 or > 64)
            return "account is empty or longer than 64 characters";
        OrderAction action;
        switch (c[iAct].ToLowerInvariant())
        {
            case "new": action = OrderAction.New; break;
            case "cancel": action = OrderAction.Cancel; break;
            default: return $"action '{c[iAct]}' is not new or cancel";
        }
        var side = Side.Buy;
        long price = 0, qty = 0;
        if (action == OrderAction.New || c[iSide].Length > 0)
        {
            switch (c[iSide].ToLowerInvariant())
            {
                case "buy": side = Side.Buy; break;
                case "sell": side = Side.Sell; break;
                default: return $"side '{c[iSide]}' is not buy or sell";
            }
        }
        if (action == OrderAction.New)
        {
            if (!Fen.TryParseYuan(c[iPrice], out var p) || c[iPrice].Contains('-') || c[iPrice].Contains('+'))
                return $"price '{c[iPrice]}' is not a yuan amount with at most 2 decimals";
            if (p.Value is <= 0 or > MaxPriceFen)
                return $"price '{c[iPrice]}' is not above 0 and at most {MaxPriceFen / 100m:N2} yuan";
            price = p.Value;
            if (!long.TryParse(c[iQty], NumberStyles.None, CultureInfo.InvariantCulture, out qty) || qty > MaxQuantityT)
                return $"quantity '{c[iQty]}' is not a whole number of tonnes up to {MaxQuantityT:N0}";
        }
        long? units = null, cash = null;
        if (iUnits >= 0 && c[iUnits].Length > 0)
        {
            if (!long.TryParse(c[iUnits], NumberStyles.None, CultureInfo.InvariantCulture, out var u) || u > MaxQuantityT)
                return $"units '{c[iUnits]}' is not a whole number of tonnes up to {MaxQuantityT:N0}";
            units = u;
        }
        if (iCash >= 0 && c[iCash].Length > 0)
        {
            if (!Fen.TryParseYuan(c[iCash], out var f) || f.Value < 0 || f.Value > MaxCashFen)
                return $"cash '{c[iCash]}' is not a yuan amount with at most 2 decimals, up to {MaxCashFen / 100m:N2}";
            cash = f.Value;
        }
        row = new OrderRow(line, time, id, account, side, price, qty, action, units, cash);
        return null;
    }
}
