// What becomes of the allowances an auction left unsold, when the regulator does not leave them to be offered again:
// once an auction of the instrument from the market's auction account has cleared with units unplaced, the regulator may
// have up to that many of the units the account holds free cancelled (exchange.cancel_unsold) or returned to the
// market's reserve account (exchange.return_unsold), each where the auction rulebook's unsold_units.disposal allows it.
// The bound is what the latest cleared auction of the instrument from that account left unsold, with what earlier ones
// left unsold and it did not offer again, less what has been cancelled or returned since: an auction offers the units
// still unsold first, so its shortfall and what it left aside are what is still unsold, and neither reaches the units
// waiting for a later auction (issued into the account and never offered). The registry's cancellation or transfer
// runs on behalf of the exchange operator, as a step of the command (the only way units leave an auction account but an
// auction's settlement). Units locked by an auction still standing are not taken.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>
/// Cancels <see cref="QuantityT"/> tonnes of <see cref="Instrument"/> (null: all still unsold and free) from the instrument's
/// market auction account into the market's cancellation account. Ordered by the roles of unsold_units.ordered_by (the regulator).
/// </summary>
public sealed record CancelUnsold(string Instrument, long? QuantityT = null) : Command;

/// <summary>
/// Returns <see cref="QuantityT"/> tonnes of <see cref="Instrument"/> (null: all still unsold and free) from the instrument's
/// market auction account to the market's reserve account. Ordered by the roles of unsold_units.ordered_by (the regulator).
/// </summary>
public sealed record ReturnUnsold(string Instrument, long? QuantityT = null) : Command;

/// <summary>Unsold units were cancelled; the registry's transfer into the cancellation account and its cancellation follow in the same entry.</summary>
public sealed record UnsoldCancelled(string MarketId, string Instrument, string FromAccount, string ToAccount, long QuantityT) : Event;

/// <summary>Unsold units were returned to the market's reserve account; the registry's transfer follows in the same entry.</summary>
public sealed record UnsoldReturned(string MarketId, string Instrument, string FromAccount, string ToAccount, long QuantityT) : Event;

/// <summary>
/// What the latest auction (<see cref="AuctionId"/>) left unsold, what earlier auctions left unsold that it did not offer
/// again (<see cref="EarlierT"/>), and how many of those tonnes have been disposed of since (cancelled or returned to the
/// reserve).
/// </summary>
public sealed record UnsoldUnits(string AuctionId, long UnsoldT, long DisposedT, long EarlierT = 0)
{
    /// <summary>Tonnes still unsold and neither cancelled nor returned.</summary>
    public long LeftT => UnsoldT + EarlierT - DisposedT;

    /// <summary>
    /// What is unsold once auction <paramref name="auctionId"/>, offering <paramref name="offeredT"/> tonnes from the same
    /// account, has cleared with <paramref name="unplacedT"/> unplaced: an offer takes the units still unsold first (they are
    /// the account's oldest), so what it did not take stays unsold beside its own shortfall.
    /// </summary>
    public static UnsoldUnits After(UnsoldUnits? before, string auctionId, long offeredT, long unplacedT) =>
        new(auctionId, unplacedT, 0, Math.Max(0, (before?.LeftT ?? 0) - offeredT));
}

/// <summary>Decides <see cref="CancelUnsold"/> and <see cref="ReturnUnsold"/>.</summary>
internal static class UnsoldDisposal
{
    /// <summary>Refusal code: no auction of the instrument from the market's auction account has cleared with units unsold.</summary>
    public const string NoUnsoldUnits = "no_unsold_units";

    /// <summary>Refusal code: more tonnes than the latest auction left unsold and not yet disposed of.</summary>
    public const string ExceedsUnsold = "exceeds_unsold";

    /// <summary>Refusal code: the units asked for are locked by an auction still standing.</summary>
    public const string UnitsInOpenAuction = "units_in_open_auction";

    /// <summary>Refusal code: the auction rulebook does not allow this disposal of unsold units.</summary>
    public const string DisposalNotAllowed = "disposal_not_allowed";

    /// <summary>The reason the registry records on the cancellation.</summary>
    public const string Reason = "unsold at auction (exchange.cancel_unsold)";

    /// <summary>Checks, then runs the registry's cancellation into the market's cancellation account.</summary>
    public static Rejection? Cancel(DecisionContext ctx, CancelUnsold cmd)
    {
        if (Check(ctx, cmd.Instrument, cmd.QuantityT, AuctionRulebook.UnsoldCancelled, "cancel", out var cls, out var from, out var quantityT) is { } refused)
            return refused;
        var to = AccountKinds.SystemAccountId(cls.MarketId!, AccountKind.Cancellation);
        if (ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new OpenEts.Registry.Cancel(from, cls.Id, quantityT, Reason)) is { } notCancelled)
            return notCancelled;
        ctx.Emit(new UnsoldCancelled(cls.MarketId!, cls.Id, from, to, quantityT));
        return null;
    }

    /// <summary>Checks, then runs the registry's transfer into the market's reserve account.</summary>
    public static Rejection? Return(DecisionContext ctx, ReturnUnsold cmd)
    {
        if (Check(ctx, cmd.Instrument, cmd.QuantityT, AuctionRulebook.UnsoldToReserve, "return", out var cls, out var from, out var quantityT) is { } refused)
            return refused;
        var to = AccountKinds.SystemAccountId(cls.MarketId!, AccountKind.Reserve);
        var registry = ctx.World.Get<RegistryState>();
        if (!registry.Accounts.TryGetValue(to, out var reserve))
            return new Rejection("unknown_account", $"The market's reserve account '{to}' is not open; unsold units cannot be returned to it.");
        if (RegistrySettlement.Usable(reserve) is { } unusable)
            return unusable;
        if (AuctionAccountSteps.Run(ctx, registry, new Transfer(from, to, cls.Id, quantityT), from, cls.Id) is { } notMoved)
            return notMoved;
        ctx.Emit(new UnsoldReturned(cls.MarketId!, cls.Id, from, to, quantityT));
        return null;
    }

    /// <summary>
    /// The checks both disposals share: who orders it, whether the rulebook allows it, the instrument, the latest auction's
    /// shortfall and the units the auction account holds free. Gives the class, the auction account and the tonnes.
    /// </summary>
    private static Rejection? Check(DecisionContext ctx, string instrument, long? asked, string disposal, string verb,
        out UnitClass cls, out string from, out long quantityT)
    {
        (cls, from, quantityT) = (null!, "", 0);
        var state = ExchangeModule.State(ctx.World);
        var registry = ctx.World.Get<RegistryState>();
        var what = disposal == AuctionRulebook.UnsoldCancelled ? "cancelled" : "returned to the reserve";
        if (AuctionAccountSteps.MayOrder(registry, ctx.Actor, state.AuctionRules.UnsoldOrderedBy, $"{verb} unsold auction units") is { } denied)
            return denied;
        if (!state.AuctionRules.UnsoldDisposals.Contains(disposal))
            return new Rejection(DisposalNotAllowed, $"The auction rulebook does not let unsold units be {what} (unsold_units.disposal: {string.Join(", ", state.AuctionRules.UnsoldDisposals.Order(StringComparer.Ordinal))}).");
        if (instrument is not { Length: <= ListingOrders.MaxInstrumentLength } || !registry.Classes.TryGetValue(instrument, out var found)
            || found.Type == UnitType.Cash || found.MarketId is null)
            return new Rejection("unknown_unit_class", $"'{instrument}' is not a unit class the registry holds.");
        cls = found;
        if (asked is <= 0)
            return new Rejection("quantity_not_positive", $"{asked} t is not a quantity to dispose of: give a positive number of tonnes, or none for all.");
        if (ListingOrders.CheckExchangeIdentity(registry) is { } missing)
            return missing;
        from = AccountKinds.SystemAccountId(found.MarketId, AccountKind.Auction);
        var unsold = state.Unsold(found.Id, from);
        if (unsold is null)
            return new Rejection(NoUnsoldUnits, $"No auction of {found.Id} from '{from}' has cleared with units unsold.");
        if (unsold.UnsoldT + unsold.EarlierT == 0)
            return new Rejection(NoUnsoldUnits, $"The latest auction of {found.Id} from '{from}', {unsold.AuctionId}, placed every tonne: nothing is unsold to dispose of.");
        if (unsold.LeftT == 0)
            return new Rejection(NoUnsoldUnits, $"The {unsold.UnsoldT + unsold.EarlierT:N0} t {Unsold(unsold)} are cancelled or returned to the reserve already.");
        var holding = registry.HoldingOf(from, found.Id);
        var (heldT, freeT) = (holding?.Held ?? 0, holding?.Available ?? 0);
        quantityT = asked ?? Math.Min(freeT, unsold.LeftT);
        if (heldT == 0 || quantityT > heldT)
            return RegistryChecks.Reject(RegistryError.InsufficientUnits, from, "", found.Id, Math.Max(quantityT, 1), heldT);
        if (quantityT > unsold.LeftT)
            return new Rejection(ExceedsUnsold, $"Auction {unsold.AuctionId} of {found.Id} left {unsold.UnsoldT:N0} t unsold{Earlier(unsold)}, {unsold.DisposedT:N0} t of them "
                + $"cancelled or returned to the reserve already: at most {unsold.LeftT:N0} t may be {what}; the rest of '{from}' waits for a later auction.");
        if (quantityT == 0 || quantityT > freeT)
            return new Rejection(UnitsInOpenAuction,
                $"'{from}' holds {heldT:N0} t of {found.Id}, {heldT - freeT:N0} t of it locked by an auction still standing; {freeT:N0} t may be {what}.");
        return null;
    }

    /// <summary>What the unsold tonnes are, for a refusal: the latest auction's shortfall, and earlier ones' it did not offer again.</summary>
    private static string Unsold(UnsoldUnits u) => u.EarlierT == 0
        ? $"auction {u.AuctionId} left unsold"
        : $"left unsold by auction {u.AuctionId} and by earlier auctions it did not offer again";

    private static string Earlier(UnsoldUnits u) => u.EarlierT == 0 ? "" : $" (and earlier auctions {u.EarlierT:N0} t it did not offer again)";
}
