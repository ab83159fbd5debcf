// Settlement of one trade in the registry: one linked transfer from the two sides' locks (delivery versus
// payment), run on behalf of the exchange operator after every check has passed.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>Moves a trade's units and cash in the registry, and the checks that make it certain to pass.</summary>
internal static class RegistrySettlement
{
    /// <summary>Null when the account can give and take; else why not.</summary>
    public static Rejection? Usable(Account a) =>
        a.Closed ? new Rejection("account_closed", $"'{a.Id}' is closed.")
        : a.FrozenReason is not null ? new Rejection("account_frozen", $"'{a.Id}' is frozen: {a.FrozenReason}.")
        : null;

    /// <summary>Null when no fees are due or the fee account can take them.</summary>
    public static Rejection? CheckFeeAccount(RegistryState registry, string feeAccount, long feesFen) =>
        feesFen > 0 && (!registry.Accounts.TryGetValue(feeAccount, out var fees) || Usable(fees) is not null)
            ? new Rejection("fee_account_missing", $"The rulebook charges fees but the fee account '{feeAccount}' is not open.")
            : null;

    /// <summary>
    /// One trade as one linked transfer from the two sides' locks: units seller→buyer, cash buyer→seller less
    /// the seller's fee, both fees buyer→fee account. With <paramref name="releaseBuyLock"/> the buy side is done
    /// and what its lock still holds goes back to the buyer. Then the trade is published.
    /// </summary>
    public static void Settle(DecisionContext exchange, Trade t, string sellLock, string buyLock, string currency, string feeAccount, bool releaseBuyLock)
    {
        var feesFen = t.BuyerFeeFen + t.SellerFeeFen;
        var legs = new TransferLeg[feesFen > 0 ? 3 : 2];
        legs[0] = new(t.Seller, t.Buyer, t.Instrument, t.QuantityT, sellLock);
        legs[1] = new(t.Buyer, t.Seller, currency, t.ValueFen - t.SellerFeeFen, buyLock);
        if (feesFen > 0)
            legs[2] = new(t.Buyer, feeAccount, currency, feesFen, buyLock);
        // Thrown here rather than through Invariant.Assert, whose message would be built for every trade.
        if (exchange.Run(new LinkedTransfer(legs)) is { } settled)
            throw new InvariantViolationException($"Trade {t.Sequence} settles after its checks: {settled}");
        if (releaseBuyLock && exchange.World.Get<RegistryState>().Locks.ContainsKey(buyLock))
            Invariant.Assert(exchange.Run(new Unlock(buyLock)) is null, "The exchange releases its own locks.");
        exchange.Emit(new TradeExecuted(t.Instrument, t.Sequence, t.BuyOrder, t.SellOrder, t.Buyer, t.Seller, t.PriceFen, t.QuantityT, t.BuyerFeeFen, t.SellerFeeFen));
    }
}
