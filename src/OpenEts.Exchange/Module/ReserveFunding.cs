// The cash a buy-back spends: the regulator moves auction proceeds from the market's auction account to its
// reserve account, as its own command and event, so the journal shows each funding beside the auctions it pays for.
// The registry's transfer runs on behalf of the exchange operator: cash leaves an auction account no other way.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>
/// Moves <see cref="AmountFen"/> of the market's currency from its auction account (the proceeds of its auctions) to its
/// reserve account, which then buys allowances back by a single buyer's auction (regulator only).
/// </summary>
public sealed record FundReserve(string MarketId, long AmountFen) : Command;

/// <summary>The reserve account was funded from the auction account; the registry's transfer follows in the same entry.</summary>
public sealed record ReserveFunded(string MarketId, string FromAccount, string ToAccount, string Currency, long AmountFen) : Event;

/// <summary>Decides <see cref="FundReserve"/>.</summary>
internal static class ReserveFunding
{
    /// <summary>Checks the rulebook, the actor and the market, then runs the registry transfer (its refusals, such as insufficient_cash, come back unchanged).</summary>
    public static Rejection? Fund(DecisionContext ctx, FundReserve cmd)
    {
        var state = ExchangeModule.State(ctx.World);
        var registry = ctx.World.Get<RegistryState>();
        if (!state.AuctionRules.ReserveBuyBack)
            return new Rejection(ExchangeRejections.TradingModeNotOffered, "The auction rulebook offers no buy-back into the reserve, so the reserve takes no cash.");
        if (registry.RoleOf(ctx.Actor) != Role.Regulator)
            return new Rejection("not_authorized", $"'{ctx.Actor}' may not fund the reserve (regulator only).");
        if (cmd.MarketId is null || !registry.Markets.TryGetValue(cmd.MarketId, out var market))
            return new Rejection("unknown_market", $"No market has the id '{cmd.MarketId}'.");
        var from = AccountKinds.SystemAccountId(market.Id, AccountKind.Auction);
        var to = AccountKinds.SystemAccountId(market.Id, AccountKind.Reserve);
        if (ListingOrders.CheckExchangeIdentity(registry) is { } missing)
            return missing;
        // The registry lets cash leave an auction account only by the exchange acting in a command of its own.
        if (AuctionAccountSteps.Run(ctx, registry, new Transfer(from, to, market.Currency, cmd.AmountFen), from, market.Currency) is { } refused)
            return refused;
        ctx.Emit(new ReserveFunded(market.Id, from, to, market.Currency, cmd.AmountFen));
        return null;
    }
}
