// What the exchange needs from whoever keeps the holdings: balances to check, locks, and settlement.
// The in-memory book below backs tests and replays; the registry module backs it in the engine.
namespace OpenEts.Exchange;

/// <summary>One trade's settlement: units from seller to buyer, cash from buyer to seller, fees to the exchange.</summary>
public readonly record struct SettlementInstruction(
    string Instrument,
    string Buyer,
    string Seller,
    long QuantityT,
    long ValueFen,
    long BuyerFeeFen,
    long SellerFeeFen,
    DateOnly TradeDate,
    DateOnly SellableFrom)
{
    /// <summary>Cash the buyer pays: value plus the buyer's fee.</summary>
    public long BuyerPaysFen => checked(ValueFen + BuyerFeeFen);

    /// <summary>Cash the seller receives: value less the seller's fee.</summary>
    public long SellerReceivesFen => checked(ValueFen - SellerFeeFen);
}

/// <summary>
/// Holdings as the exchange sees them. Units are per (account, instrument); cash is per account, in fen.
/// Locks set aside what an open order or proposal may need; <see cref="Settle"/> consumes them.
/// </summary>
public interface IAccountBook
{
    /// <summary>Cash not locked, fen.</summary>
    long AvailableCashFen(string account);

    /// <summary>Units not locked.</summary>
    long AvailableUnits(string account, string instrument);

    /// <summary>Units not locked that may be sold on <paramref name="tradingDay"/> (bought units wait T+n).</summary>
    long SellableUnits(string account, string instrument, DateOnly tradingDay);

    /// <summary>Sets units aside for a sell. The caller has checked the balance.</summary>
    void LockUnits(string account, string instrument, long quantityT);

    /// <summary>Returns locked units to available.</summary>
    void UnlockUnits(string account, string instrument, long quantityT);

    /// <summary>Sets cash aside for a buy. The caller has checked the balance.</summary>
    void LockCash(string account, long amountFen);

    /// <summary>Returns locked cash to available.</summary>
    void UnlockCash(string account, long amountFen);

    /// <summary>
    /// Delivery versus payment from the locks: the seller's locked units go to the buyer (sellable from
    /// <see cref="SettlementInstruction.SellableFrom"/>), the buyer's locked cash pays the seller and the fees.
    /// All or nothing.
    /// </summary>
    void Settle(in SettlementInstruction instruction);
}
