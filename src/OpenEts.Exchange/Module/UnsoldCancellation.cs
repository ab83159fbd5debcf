// An auction's unsold allowances cancelled: once an auction of the instrument from the market's auction account has
// cleared with units unplaced, the regulator may have up to that many of the units the account holds free cancelled
// (the auction rulebook's unsold_units.disposal: cancelled) instead of offering them again. The bound is what the
// latest cleared auction of the instrument from that account left unsold, less what has been cancelled since: unsold
// units are offered again in the next auction, so the latest one's shortfall is what is still unsold, and a
// cancellation never reaches the units waiting for a later auction. The registry's cancellation runs on behalf of the
// exchange operator, as a step of this command; units never leave the cancellation account. Units locked by an
// auction still standing are not cancelled.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>
/// Cancels <see cref="QuantityT"/> tonnes of <see cref="Instrument"/> (null: all it holds free) from the instrument's market
/// auction account into the market's cancellation account. Ordered by the roles of unsold_units.ordered_by (the regulator).
/// </summary>
public sealed record CancelUnsold(string Instrument, long? QuantityT = null) : Command;

/// <summary>Unsold units were cancelled; the registry's transfer into the cancellation account and its cancellation follow in the same entry.</summary>
public sealed record UnsoldCancelled(string MarketId, string Instrument, string FromAccount, string ToAccount, long QuantityT) : Event;

/// <summary>What an auction (<see cref="AuctionId"/>) left unsold, and how many of those tonnes have been cancelled since.</summary>
public sealed record UnsoldUnits(string AuctionId, long UnsoldT, long CancelledT)
{
    /// <summary>Tonnes still unsold and not cancelled.</summary>
    public long LeftT => UnsoldT - CancelledT;
}

/// <summary>Decides <see cref="CancelUnsold"/>.</summary>
internal static class UnsoldCancellation
{
    /// <summary>Refusal code: no auction of the instrument from the market's auction account has cleared with units unsold.</summary>
    public const string NoUnsoldUnits = "no_unsold_units";

    /// <summary>Refusal code: more tonnes than the latest auction left unsold and not yet cancelled.</summary>
    public const string ExceedsUnsold = "exceeds_unsold";

    /// <summary>Refusal code: the units asked for are locked by an auction still standing.</summary>
    public const string UnitsInOpenAuction = "units_in_open_auction";

    /// <summary>The reason the registry records on the cancellation.</summary>
    public const string Reason = "unsold at auction (exchange.cancel_unsold)";

    /// <summary>Checks the actor, the instrument, the auctions and the free units, then runs the registry's cancellation.</summary>
    public static Rejection? Cancel(DecisionContext ctx, CancelUnsold cmd)
    {
        var state = ExchangeModule.State(ctx.World);
        var registry = ctx.World.Get<RegistryState>();
        if (AuctionAccountSteps.MayOrder(registry, ctx.Actor, state.AuctionRules.UnsoldOrderedBy, "cancel unsold auction units") is { } denied)
            return denied;
        if (cmd.Instrument is not { Length: <= ListingOrders.MaxInstrumentLength } || !registry.Classes.TryGetValue(cmd.Instrument, out var cls)
            || cls.Type == UnitType.Cash || cls.MarketId is null)
            return new Rejection("unknown_unit_class", $"'{cmd.Instrument}' is not a unit class the registry holds.");
        if (cmd.QuantityT is <= 0)
            return new Rejection("quantity_not_positive", $"{cmd.QuantityT} t is not a quantity to cancel: give a positive number of tonnes, or none for all.");
        if (ListingOrders.CheckExchangeIdentity(registry) is { } missing)
            return missing;
        var from = AccountKinds.SystemAccountId(cls.MarketId, AccountKind.Auction);
        var unsold = state.Unsold(cls.Id, from);
        if (unsold is null)
            return new Rejection(NoUnsoldUnits, $"No auction of {cls.Id} from '{from}' has cleared with units unsold.");
        if (unsold.UnsoldT == 0)
            return new Rejection(NoUnsoldUnits, $"The latest auction of {cls.Id} from '{from}', {unsold.AuctionId}, placed every tonne: nothing is unsold to cancel.");
        if (unsold.LeftT == 0)
            return new Rejection(NoUnsoldUnits, $"The {unsold.UnsoldT:N0} t auction {unsold.AuctionId} left unsold are cancelled already.");
        var holding = registry.HoldingOf(from, cls.Id);
        var (heldT, freeT) = (holding?.Held ?? 0, holding?.Available ?? 0);
        var quantityT = cmd.QuantityT ?? Math.Min(freeT, unsold.LeftT);
        if (heldT == 0 || quantityT > heldT)
            return RegistryChecks.Reject(RegistryError.InsufficientUnits, from, "", cls.Id, Math.Max(quantityT, 1), heldT);
        if (quantityT > unsold.LeftT)
            return new Rejection(ExceedsUnsold, $"Auction {unsold.AuctionId} of {cls.Id} left {unsold.UnsoldT:N0} t unsold, {unsold.CancelledT:N0} t of them "
                + $"cancelled already: at most {unsold.LeftT:N0} t may be cancelled; the rest of '{from}' waits for a later auction.");
        if (quantityT == 0 || quantityT > freeT)
            return new Rejection(UnitsInOpenAuction,
                $"'{from}' holds {heldT:N0} t of {cls.Id}, {heldT - freeT:N0} t of it locked by an auction still standing; {freeT:N0} t may be cancelled.");
        var to = AccountKinds.SystemAccountId(cls.MarketId, AccountKind.Cancellation);
        if (ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new OpenEts.Registry.Cancel(from, cls.Id, quantityT, Reason)) is { } refused)
            return refused;
        ctx.Emit(new UnsoldCancelled(cls.MarketId, cls.Id, from, to, quantityT));
        return null;
    }
}
