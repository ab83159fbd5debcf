// One-way bidding in the engine: the seller's units and each bid's cash are locked in the registry; clearing
// settles each allocation as one linked transfer from the two locks (RegistrySettlement) and releases every
// lock. Every check comes before the first event.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>Decides auction announcements, bids, withdrawals and clearing.</summary>
internal sealed class Auctions(string feeAccount)
{
    /// <summary>Longest auction or bid id (both are part of a registry lock id, itself at most 64 characters).</summary>
    public const int MaxIdLength = 24;

    /// <summary>Every check of an announcement; <paramref name="unitsToArriveT"/> counts units a caller will put in the selling account first.</summary>
    public static Rejection? CheckAnnounce(DecisionContext ctx, AnnounceAuction cmd, long unitsToArriveT)
    {
        var state = ExchangeModule.State(ctx.World);
        var registry = ctx.World.Get<RegistryState>();
        if (ListingOrders.CheckExchangeIdentity(registry) is { } missing)
            return missing;
        if (BadId(cmd.AuctionId, "An auction id") is { } badId)
            return badId;
        if (state.Auction(cmd.AuctionId) is not null)
            return new Rejection(ExchangeRejections.DuplicateId, $"Auction id {cmd.AuctionId} was already used.");
        if (cmd.Instrument is not { Length: <= ListingOrders.MaxInstrumentLength } || !registry.Classes.TryGetValue(cmd.Instrument, out var cls)
            || cls.Type == UnitType.Cash || cls.MarketId is null)
            return new Rejection("unknown_unit_class", $"'{cmd.Instrument}' is not a unit class the registry holds.");
        if (state.Rulebooks.For(cls) is var instrumentRules && (!instrumentRules.AuctionOffered || !ReferenceEquals(instrumentRules, state.Rules)))
            return new Rejection(ExchangeRejections.TradingModeNotOffered, $"One-way bidding is not offered for {cmd.Instrument} under the {instrumentRules.Market} rulebook.");
        if (cmd.SellerAccount is null || !registry.Accounts.TryGetValue(cmd.SellerAccount, out var seller))
            return new Rejection("unknown_account", $"No account has the id '{cmd.SellerAccount}'.");
        if (seller.MarketId != cls.MarketId)
            return new Rejection("wrong_market", $"'{seller.Id}' is not in the market of {cmd.Instrument}.");
        var mayAnnounce = seller.Kind.IsHolderKind() ? seller.Holder == ctx.Actor
            : seller.Kind is AccountKind.Auction or AccountKind.Reserve && registry.RoleOf(ctx.Actor) == Role.Regulator;
        if (!mayAnnounce)
            return new Rejection("not_authorized", $"'{ctx.Actor}' may not sell from '{seller.Id}' by auction (its holder only; the regulator for the market's auction and reserve accounts).");
        if (RegistrySettlement.Usable(seller) is { } unusable)
            return unusable;
        if (ctx.Time >= cmd.ClosesAt)
            return new Rejection(ExchangeRejections.AuctionNotOpen, "An auction is announced before its window closes.");
        var limit = state.AuctionRules.MaxPerMemberT(cmd.QuantityT);
        if (cmd.MaxPerBidderT > limit)
            return new Rejection(ExchangeRejections.BidderLimitExceeded, $"The rulebook lets one member bid for at most {limit:N0} t of {cmd.QuantityT:N0} t; a notice may lower that, not raise it.");
        var terms = Terms(state, cmd);
        var day = state.Rules.MarketDate(cmd.OpensAt);
        if (OneWayAuction.CheckTerms(state.Rules, terms, day) is { } badTerms)
            return badTerms;
        var available = registry.Available(seller.Id, cmd.Instrument) + unitsToArriveT;
        if (available < cmd.QuantityT)
            return new Rejection(ExchangeRejections.InsufficientUnits, $"{seller.Id} has {available:N0} t of {cmd.Instrument} free; the auction offers {cmd.QuantityT:N0} t.");
        if (state.Holdings.SellableUnits(seller.Id, cmd.Instrument, day) + unitsToArriveT < cmd.QuantityT)
            return new Rejection(ExchangeRejections.UnitsNotYetSellable, $"{seller.Id} bought some of these units today; they can be sold from the next trading day.");
        return null;
    }

    /// <summary>Announces an auction: checks, then records it and locks the offered units.</summary>
    public static Rejection? Announce(DecisionContext ctx, AnnounceAuction cmd)
    {
        if (CheckAnnounce(ctx, cmd, 0) is { } rejection)
            return rejection;
        var state = ExchangeModule.State(ctx.World);
        var t = Terms(state, cmd);
        ctx.Emit(new AuctionAnnounced(t.AuctionId, t.Instrument, t.Initiator, state.Rules.MarketDate(t.OpensAt), t.QuantityT, t.ReservePriceFen,
            t.OpensAt, t.ClosesAt, t.MaxPerBidderT, t.BidLotT, t.MinBidT));
        var locked = ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new OpenEts.Registry.Lock(ExchangeState.AuctionLockId(t.AuctionId), t.Initiator, t.Instrument, t.QuantityT, LockReason.Order));
        Invariant.Assert(locked is null, $"A checked announcement locks the offered units: {locked}");
        return null;
    }

    /// <summary>A member's sealed bid: checks, then records it and locks its cash.</summary>
    public static Rejection? Bid(DecisionContext ctx, SubmitAuctionBid cmd)
    {
        var registry = ctx.World.Get<RegistryState>();
        if (Standing(ctx, cmd.AuctionId) is not { } auction)
            return NotStanding(ctx, cmd.AuctionId);
        if (BadId(cmd.BidId, "A bid id") is { } badId)
            return badId;
        if (ListingOrders.CheckMember(ctx, registry, auction.Terms.Instrument, cmd.Account) is { } denied)
            return denied;
        if (auction.CheckBid(ctx.Time, cmd.BidId, cmd.Account, cmd.PriceFen, cmd.QuantityT) is { } rejection)
            return rejection;
        // The limit is per member: a holder's standing bids from all its accounts count together.
        var holder = registry.Accounts[cmd.Account].Holder;
        var holderBidT = auction.Bids.Where(b => registry.Accounts.TryGetValue(b.Bidder, out var a) && a.Holder == holder).Sum(b => b.QuantityT);
        if (holderBidT + cmd.QuantityT > auction.Terms.MaxPerBidderT)
            return new Rejection(ExchangeRejections.BidderLimitExceeded,
                $"'{holder}' already bids for {holderBidT:N0} t from its accounts; one member may bid for at most {auction.Terms.MaxPerBidderT:N0} t in auction {cmd.AuctionId}.");
        ctx.Emit(new AuctionBidSubmitted(cmd.AuctionId, ctx.Time, cmd.BidId, cmd.Account, cmd.PriceFen, cmd.QuantityT));
        var lockFen = auction.Ledger.BuyLockFen(cmd.PriceFen, cmd.QuantityT);
        var locked = ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new OpenEts.Registry.Lock(ExchangeState.BidLockId(cmd.AuctionId, cmd.BidId), cmd.Account, Currency(registry, cmd.Account), lockFen, LockReason.Order));
        Invariant.Assert(locked is null, $"A checked bid locks its cash: {locked}");
        return null;
    }

    /// <summary>Withdraws a standing bid before the window closes and releases its lock.</summary>
    public static Rejection? Withdraw(DecisionContext ctx, WithdrawAuctionBid cmd)
    {
        var registry = ctx.World.Get<RegistryState>();
        if (Standing(ctx, cmd.AuctionId) is not { } auction)
            return NotStanding(ctx, cmd.AuctionId);
        if (ListingOrders.CheckExchangeIdentity(registry) is { } missing)
            return missing;
        if (!ListingOrders.MayAct(registry, ctx.Actor, cmd.Account))
            return new Rejection(ExchangeRejections.NotYours, $"'{ctx.Actor}' may not withdraw bids of account '{cmd.Account}'.");
        if (auction.CheckWithdraw(ctx.Time, cmd.BidId, cmd.Account) is { } rejection)
            return rejection;
        var lockId = ExchangeState.BidLockId(cmd.AuctionId, cmd.BidId);
        if (registry.Locks.ContainsKey(lockId))
            Invariant.Assert(ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new Unlock(lockId)) is null, "The exchange releases its own locks.");
        ctx.Emit(new AuctionBidWithdrawn(cmd.AuctionId, ctx.Time, cmd.BidId, cmd.Account));
        return null;
    }

    /// <summary>
    /// Clears an auction after its window: bids of accounts that can no longer settle are set aside (all of them when
    /// the offered units are no longer locked), the rest allocated at one price; each allocation settles as one
    /// linked transfer; every lock is released.
    /// </summary>
    public Rejection? Clear(DecisionContext ctx, ClearAuction cmd)
    {
        var registry = ctx.World.Get<RegistryState>();
        if (ExchangeModule.RequireOperator(ctx, "clear auctions") is { } denied)
            return denied;
        if (Standing(ctx, cmd.AuctionId) is not { } auction)
            return NotStanding(ctx, cmd.AuctionId);
        var terms = auction.Terms;
        if (ctx.Time < terms.ClosesAt)
            return new Rejection(ExchangeRejections.AuctionNotOpen, $"Auction {terms.AuctionId} clears after its window closes at {auction.Ledger.Rules.LocalTime(terms.ClosesAt):HH:mm}.");
        var sellLock = ExchangeState.AuctionLockId(terms.AuctionId);
        // The registry operator may release an exchange lock, and the seller's account may have been frozen or closed since
        // the announcement: offered units that cannot be delivered are not sold, so every bid is set aside and unlocked.
        var offerStands = RegistrySettlement.Usable(registry.Accounts[terms.Initiator]) is null
            && registry.Locks.TryGetValue(sellLock, out var held) && held.Remaining == terms.QuantityT;
        var setAside = auction.Bids.Where(b => !offerStands || !CanSettle(registry, terms.AuctionId, b, auction.Ledger)).Select(b => b.BidId).ToList();
        var fees = auction.Ledger.Rules.BuyerFeeBasisPoints + auction.Ledger.Rules.SellerFeeBasisPoints > 0 && auction.Bids.Count > setAside.Count ? 1 : 0;
        if (RegistrySettlement.CheckFeeAccount(registry, feeAccount, fees) is { } noFees)
            return noFees;

        var (clearing, placed) = auction.Preview(setAside);
        ctx.Emit(new AuctionCleared(terms.AuctionId, ctx.Time, setAside, clearing, placed, terms.QuantityT - placed));
        var exchange = ctx.OnBehalfOf(MarketSetup.ExchangeOperator);
        var currency = Currency(registry, terms.Initiator);
        foreach (var t in auction.Result!.Trades)
            RegistrySettlement.Settle(exchange, t, sellLock, ExchangeState.BidLockId(terms.AuctionId, t.BuyOrder), currency, feeAccount, releaseBuyLock: true);
        foreach (var lockId in auction.Result.Allocations.Select(a => ExchangeState.BidLockId(terms.AuctionId, a.BidId)).Concat(setAside.Select(b => ExchangeState.BidLockId(terms.AuctionId, b))).Append(sellLock))
        {
            if (registry.Locks.ContainsKey(lockId))
                Invariant.Assert(exchange.Run(new Unlock(lockId)) is null, "The exchange releases its own locks.");
        }
        return null;
    }

    /// <summary>The seller's auction terms of an announcement, with the rulebook's lot, minimum and per-member limit.</summary>
    private static AuctionTerms Terms(ExchangeState state, AnnounceAuction cmd)
    {
        var rules = state.AuctionRules;
        return new AuctionTerms(cmd.AuctionId, cmd.Instrument, cmd.SellerAccount, Side.Sell, cmd.QuantityT, cmd.ReservePriceFen, cmd.OpensAt, cmd.ClosesAt,
            cmd.MaxPerBidderT ?? rules.MaxPerMemberT(cmd.QuantityT), rules.BidLotT, checked(rules.MinBidLots * rules.BidLotT));
    }

    /// <summary>A bid settles when its account can give cash and its lock still holds what it locked.</summary>
    private static bool CanSettle(RegistryState registry, string auctionId, AuctionBid bid, TradeLedger ledger) =>
        RegistrySettlement.Usable(registry.Accounts[bid.Bidder]) is null
        && registry.Locks.TryGetValue(ExchangeState.BidLockId(auctionId, bid.BidId), out var hold)
        && hold.Remaining == ledger.BuyLockFen(bid.PriceFen, bid.QuantityT);

    private static OneWayAuction? Standing(DecisionContext ctx, string? auctionId) =>
        ExchangeModule.State(ctx.World).Auction(auctionId) is { Result: null } a ? a : null;

    private static Rejection NotStanding(DecisionContext ctx, string? auctionId) =>
        ExchangeModule.State(ctx.World).Auction(auctionId) is null
            ? new Rejection(ExchangeRejections.UnknownId, $"No auction {auctionId}.")
            : new Rejection(ExchangeRejections.AuctionAlreadyCleared, $"Auction {auctionId} has been cleared.");

    private static Rejection? BadId(string? id, string what) =>
        id is not { Length: <= MaxIdLength } || !RegistryChecks.ValidId(id)
            ? new Rejection("invalid_id", $"{what} is 1 to {MaxIdLength} letters, digits, '-', '_', '.' or ':'.")
            : null;

    private static string Currency(RegistryState registry, string account) => registry.Markets[registry.Accounts[account].MarketId].Currency;
}
