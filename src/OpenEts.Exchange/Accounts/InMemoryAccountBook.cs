// Holdings in memory for tests and replays: units with a list of recently bought lots (T+1), cash, locks.
namespace OpenEts.Exchange;

/// <summary>An <see cref="IAccountBook"/> in memory. Never lets a balance go negative (a bug if asked to).</summary>
public sealed class InMemoryAccountBook : IAccountBook
{
    /// <summary>The account that collects fees.</summary>
    public const string FeeAccount = "exchange-fees";

    private sealed class Position
    {
        public long Available;
        public long Locked;
        public List<(long QuantityT, DateOnly SellableFrom)> RecentLots { get; } = [];
    }

    private sealed class Cash
    {
        public long Available;
        public long Locked;
    }

    private readonly Dictionary<(string, string), Position> _units = [];
    private readonly Dictionary<string, Cash> _cash = [];

    /// <summary>Credits units that are sellable at once (an opening balance).</summary>
    public void DepositUnits(string account, string instrument, long quantityT)
    {
        Require(quantityT >= 0, "A deposit is not negative.");
        Units(account, instrument).Available += quantityT;
    }

    /// <summary>Credits cash (an opening balance).</summary>
    public void DepositCash(string account, long amountFen)
    {
        Require(amountFen >= 0, "A deposit is not negative.");
        CashOf(account).Available += amountFen;
    }

    /// <inheritdoc />
    public long AvailableCashFen(string account) => _cash.TryGetValue(account, out var c) ? c.Available : 0;

    /// <summary>Locked cash, fen.</summary>
    public long LockedCashFen(string account) => _cash.TryGetValue(account, out var c) ? c.Locked : 0;

    /// <inheritdoc />
    public long AvailableUnits(string account, string instrument) => _units.TryGetValue((account, instrument), out var p) ? p.Available : 0;

    /// <summary>Locked units.</summary>
    public long LockedUnits(string account, string instrument) => _units.TryGetValue((account, instrument), out var p) ? p.Locked : 0;

    /// <inheritdoc />
    public long SellableUnits(string account, string instrument, DateOnly tradingDay)
    {
        if (!_units.TryGetValue((account, instrument), out var p))
            return 0;
        long waiting = 0;
        foreach (var (q, from) in p.RecentLots)
        {
            if (from > tradingDay)
                waiting += q;
        }
        return Math.Max(0, p.Available - waiting);
    }

    /// <summary>Every account's cash, total of available and locked: conserved by trading (fees included).</summary>
    public long TotalCashFen => _cash.Values.Sum(c => c.Available + c.Locked);

    /// <summary>Every account's units of an instrument, total of available and locked: conserved by trading.</summary>
    public long TotalUnits(string instrument) => _units.Where(kv => kv.Key.Item2 == instrument).Sum(kv => kv.Value.Available + kv.Value.Locked);

    /// <summary>True when no balance or lock is negative.</summary>
    public bool NoNegativeBalance => _cash.Values.All(c => c.Available >= 0 && c.Locked >= 0) && _units.Values.All(p => p.Available >= 0 && p.Locked >= 0);

    /// <inheritdoc />
    public void LockUnits(string account, string instrument, long quantityT)
    {
        var p = Units(account, instrument);
        Require(quantityT > 0 && p.Available >= quantityT, "Units locked beyond the available balance.");
        p.Available -= quantityT;
        p.Locked += quantityT;
    }

    /// <inheritdoc />
    public void UnlockUnits(string account, string instrument, long quantityT)
    {
        var p = Units(account, instrument);
        Require(quantityT >= 0 && p.Locked >= quantityT, "Units unlocked beyond the locked balance.");
        p.Locked -= quantityT;
        p.Available += quantityT;
    }

    /// <inheritdoc />
    public void LockCash(string account, long amountFen)
    {
        var c = CashOf(account);
        Require(amountFen >= 0 && c.Available >= amountFen, "Cash locked beyond the available balance.");
        c.Available -= amountFen;
        c.Locked += amountFen;
    }

    /// <inheritdoc />
    public void UnlockCash(string account, long amountFen)
    {
        var c = CashOf(account);
        Require(amountFen >= 0 && c.Locked >= amountFen, "Cash unlocked beyond the locked balance.");
        c.Locked -= amountFen;
        c.Available += amountFen;
    }

    /// <inheritdoc />
    public void Settle(in SettlementInstruction instruction)
    {
        var s = instruction;
        var seller = Units(s.Seller, s.Instrument);
        var buyerCash = CashOf(s.Buyer);
        Require(s.QuantityT > 0 && seller.Locked >= s.QuantityT, "Settlement needs the seller's units locked.");
        Require(buyerCash.Locked >= s.BuyerPaysFen, "Settlement needs the buyer's cash locked.");
        Require(s.SellerFeeFen <= s.ValueFen, "A fee larger than the trade.");
        seller.Locked -= s.QuantityT;
        var buyer = Units(s.Buyer, s.Instrument);
        buyer.Available += s.QuantityT;
        buyer.RecentLots.Add((s.QuantityT, s.SellableFrom));
        var tradeDate = s.TradeDate;
        buyer.RecentLots.RemoveAll(l => l.SellableFrom <= tradeDate);
        buyerCash.Locked -= s.BuyerPaysFen;
        CashOf(s.Seller).Available += s.SellerReceivesFen;
        CashOf(FeeAccount).Available += s.BuyerFeeFen + s.SellerFeeFen;
    }

    private Position Units(string account, string instrument)
    {
        if (!_units.TryGetValue((account, instrument), out var p))
            _units[(account, instrument)] = p = new Position();
        return p;
    }

    private Cash CashOf(string account)
    {
        if (!_cash.TryGetValue(account, out var c))
            _cash[account] = c = new Cash();
        return c;
    }

    private static void Require(bool ok, string what) => OpenEts.Core.Invariant.Assert(ok, what);
}
