// Auction proceeds paid on to the state: the regulator has cash moved from the market's auction account to its
// treasury account (the auction rulebook's proceeds.paid_to_account, or another treasury account of the market), as
// its own command and event beside the auctions that raised it. As with exchange.fund_reserve, the registry's transfer
// runs on behalf of the exchange operator: cash leaves an auction account no other way. Only free cash is paid; the
// auction account's cash is never locked by bids (a bid locks its bidder's cash), so what is free is every fen it holds.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>
/// Pays <see cref="AmountFen"/> of the market's currency from its auction account to a treasury account: <see cref="ToAccount"/>,
/// or by default the one the auction rulebook names (proceeds.paid_to_account). Ordered by the roles of proceeds.ordered_by (the regulator).
/// </summary>
public sealed record PayProceeds(string MarketId, long AmountFen, string? ToAccount = null) : Command;

/// <summary>Auction proceeds were paid to a treasury account; the registry's transfer follows in the same entry.</summary>
public sealed record ProceedsPaid(string MarketId, string FromAccount, string ToAccount, string Currency, long AmountFen) : Event;

/// <summary>Decides <see cref="PayProceeds"/>.</summary>
internal static class ProceedsPayment
{
    /// <summary>Refusal code: the account named to receive proceeds is not a treasury account of the market.</summary>
    public const string NotATreasuryAccount = "not_a_treasury_account";

    /// <summary>Checks the actor, the market, the amount and the treasury account, then runs the registry transfer (its refusals come back unchanged).</summary>
    public static Rejection? Pay(DecisionContext ctx, PayProceeds cmd)
    {
        var state = ExchangeModule.State(ctx.World);
        var registry = ctx.World.Get<RegistryState>();
        if (AuctionAccountSteps.MayOrder(registry, ctx.Actor, state.AuctionRules.ProceedsOrderedBy, "pay auction proceeds to the treasury") is { } denied)
            return denied;
        if (cmd.MarketId is null || !registry.Markets.TryGetValue(cmd.MarketId, out var market))
            return new Rejection("unknown_market", $"No market has the id '{cmd.MarketId}'.");
        if (cmd.AmountFen <= 0)
            return new Rejection("quantity_not_positive", $"{cmd.AmountFen} fen is not an amount to pay: proceeds are paid in a positive number of fen.");
        var to = cmd.ToAccount ?? state.AuctionRules.ProceedsAccount(market.Id);
        if (!registry.Accounts.TryGetValue(to, out var treasury))
            return new Rejection("unknown_account", cmd.ToAccount is null
                ? $"The treasury account '{to}' the auction rulebook names is not open (a regulator opens it: registry.open_account, kind treasury)."
                : $"No account has the id '{to}'.");
        if (treasury.Kind != AccountKind.Treasury || treasury.MarketId != market.Id)
            return new Rejection(NotATreasuryAccount, $"'{to}' is not a treasury account of market '{market.Id}'; auction proceeds are paid only to one.");
        if (RegistrySettlement.Usable(treasury) is { } unusable)
            return unusable;
        if (ListingOrders.CheckExchangeIdentity(registry) is { } missing)
            return missing;
        var from = AccountKinds.SystemAccountId(market.Id, AccountKind.Auction);
        if (AuctionAccountSteps.Run(ctx, registry, new Transfer(from, to, market.Currency, cmd.AmountFen), from, market.Currency) is { } refused)
            return refused;
        ctx.Emit(new ProceedsPaid(market.Id, from, to, market.Currency, cmd.AmountFen));
        return null;
    }
}
