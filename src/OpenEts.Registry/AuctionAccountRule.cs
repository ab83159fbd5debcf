// What a market's auction account holds (the paid share and reserve releases on sale, and their proceeds) leaves it
// only through the exchange: an auction's settlement from its locks, exchange.fund_reserve (cash to the reserve),
// exchange.pay_proceeds (cash to the market's treasury account), exchange.cancel_unsold (unsold units into the
// cancellation account) and exchange.return_unsold (unsold units to the market's reserve account) all run the
// registry's commands as a step of their own, on behalf of the exchange operator.
// Every other move, lock, withdrawal or final move out of the account is refused, whoever asks: the regulator (who
// issues into it), the registry operator (who may otherwise move anything) and the exchange operator sending a
// registry command of its own.
using OpenEts.Core;

namespace OpenEts.Registry;

/// <summary>The registry's rule for the market's auction account.</summary>
internal static class AuctionAccountRule
{
    /// <summary>The sentence of a refusal: how what the account holds may leave it instead.</summary>
    public const string HowItLeaves = "cash and units in an auction account leave only through the exchange's auction settlement, exchange.fund_reserve, exchange.pay_proceeds, exchange.cancel_unsold or exchange.return_unsold";

    /// <summary>
    /// Null when <paramref name="command"/> may take from <paramref name="from"/>: any account but an auction account,
    /// or an auction account when the exchange operator runs the command as a step of another module's command.
    /// </summary>
    public static Rejection? Check(DecisionContext ctx, Command command, Account from)
    {
        if (from.Kind != AccountKind.Auction || ByTheExchange(ctx, command))
            return null;
        return new Rejection("not_authorized", $"'{ctx.Actor}' may not move or lock what '{from.Id}' holds: {HowItLeaves}.");
    }

    /// <summary>
    /// True when the exchange operator acts inside another command (its envelope carries the outer one), not when it
    /// sends a registry command of its own.
    /// </summary>
    private static bool ByTheExchange(DecisionContext ctx, Command command) =>
        !ReferenceEquals(ctx.Envelope.Body, command) && ctx.World.Get<RegistryState>().RoleOf(ctx.Actor) == Role.ExchangeOperator;
}
