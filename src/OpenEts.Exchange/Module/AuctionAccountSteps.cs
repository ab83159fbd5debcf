// What the exchange's commands that empty the market's auction account share (exchange.fund_reserve,
// exchange.pay_proceeds): who may order them, and the registry transfer they run as a step of their own on behalf of
// the exchange operator, the only way the registry lets cash leave an auction account.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>Checks and registry steps of the commands that move what the auction account holds.</summary>
internal static class AuctionAccountSteps
{
    /// <summary>Null when <paramref name="actor"/> holds one of the roles the auction rulebook lets order it.</summary>
    public static Rejection? MayOrder(RegistryState registry, string actor, IReadOnlySet<Role> orderedBy, string what) =>
        registry.RoleOf(actor) is { } role && orderedBy.Contains(role)
            ? null
            : new Rejection("not_authorized", $"'{actor}' may not {what} (the {string.Join(" or ", orderedBy.Order().Select(RoleName))} only).");

    /// <summary>
    /// Runs <paramref name="transfer"/> out of the auction account <paramref name="from"/> on behalf of the exchange operator.
    /// Refused to the exchange operator, a shortfall names no balance; the one who ordered it may read the auction account's.
    /// </summary>
    public static Rejection? Run(DecisionContext ctx, RegistryState registry, Transfer transfer, string from, string currency)
    {
        if (ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(transfer) is not { } refused)
            return null;
        return refused.Code == "insufficient_cash"
            ? RegistryChecks.Reject(RegistryError.InsufficientCash, from, transfer.To, currency, transfer.Quantity, registry.Available(from, currency))
            : refused;
    }

    private static string RoleName(Role role) => role == Role.ExchangeOperator ? "exchange operator" : "regulator";
}
