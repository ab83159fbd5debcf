// The end-of-day settlement report: every trade's two legs, and each account's net units and cash.
// It balances to the fen: cash paid by buyers = cash received by sellers + fees; units delivered = units received.
using System.Globalization;
using System.Text;
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>One account's net position from a day's trades, per instrument for units.</summary>
public sealed record AccountSettlement(string Account, string Instrument, long UnitsReceivedT, long UnitsDeliveredT, long CashPaidFen, long CashReceivedFen, long FeesFen)
{
    /// <summary>Net units: received less delivered.</summary>
    public long NetUnitsT => UnitsReceivedT - UnitsDeliveredT;

    /// <summary>Net cash: received less paid (fees included in what was paid or withheld).</summary>
    public long NetCashFen => CashReceivedFen - CashPaidFen;
}

/// <summary>A day's settlement: per-trade instructions, per-account nets and the totals that must balance.</summary>
public sealed record SettlementReport(
    DateOnly TradingDay,
    IReadOnlyList<SettlementInstruction> Instructions,
    IReadOnlyList<AccountSettlement> Accounts,
    long TradeValueFen,
    long FeesFen)
{
    /// <summary>Sum of every account's net cash plus the fees collected: zero when the report balances.</summary>
    public long CashImbalanceFen => Accounts.Sum(a => a.NetCashFen) + FeesFen;

    /// <summary>Sum of every account's net units: zero when the report balances.</summary>
    public long UnitImbalanceT => Accounts.Sum(a => a.NetUnitsT);

    /// <summary>True when cash and units both balance to zero.</summary>
    public bool Balances => CashImbalanceFen == 0 && UnitImbalanceT == 0;

    /// <summary>The report of a day's trades.</summary>
    public static SettlementReport From(DateOnly day, IEnumerable<Trade> trades, DateOnly sellableFrom)
    {
        var instructions = new List<SettlementInstruction>();
        var nets = new SortedDictionary<(string, string), long[]>();
        long value = 0, fees = 0;
        foreach (var t in trades.OrderBy(t => t.Sequence))
        {
            instructions.Add(new SettlementInstruction(t.Instrument, t.Buyer, t.Seller, t.QuantityT, t.ValueFen, t.BuyerFeeFen, t.SellerFeeFen, day, sellableFrom));
            var b = Net(nets, t.Buyer, t.Instrument);
            b[0] += t.QuantityT;
            b[2] += t.ValueFen + t.BuyerFeeFen;
            b[4] += t.BuyerFeeFen;
            var s = Net(nets, t.Seller, t.Instrument);
            s[1] += t.QuantityT;
            s[3] += t.ValueFen - t.SellerFeeFen;
            s[4] += t.SellerFeeFen;
            value += t.ValueFen;
            fees += t.BuyerFeeFen + t.SellerFeeFen;
        }
        var accounts = nets.Select(kv => new AccountSettlement(kv.Key.Item1, kv.Key.Item2, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3], kv.Value[4])).ToArray();
        return new SettlementReport(day, instructions, accounts, value, fees);
    }

    /// <summary>The report as CSV: one row per account and instrument, then a totals row.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("account,instrument,units_received_t,units_delivered_t,net_units_t,cash_paid,cash_received,net_cash,fees\n");
        foreach (var a in Accounts)
            sb.Append(CultureInfo.InvariantCulture, $"{a.Account},{a.Instrument},{a.UnitsReceivedT},{a.UnitsDeliveredT},{a.NetUnitsT},{Y(a.CashPaidFen)},{Y(a.CashReceivedFen)},{Y(a.NetCashFen)},{Y(a.FeesFen)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"total,,{Accounts.Sum(a => a.UnitsReceivedT)},{Accounts.Sum(a => a.UnitsDeliveredT)},{UnitImbalanceT},{Y(Accounts.Sum(a => a.CashPaidFen))},{Y(Accounts.Sum(a => a.CashReceivedFen))},{Y(Accounts.Sum(a => a.NetCashFen))},{Y(FeesFen)}\n");
        return sb.ToString();
    }

    private static string Y(long fen) => new Fen(fen).ToYuanString();

    private static long[] Net(SortedDictionary<(string, string), long[]> nets, string account, string instrument)
    {
        if (!nets.TryGetValue((account, instrument), out var n))
            nets[(account, instrument)] = n = new long[5];
        return n;
    }
}
