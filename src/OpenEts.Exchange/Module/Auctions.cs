// One-way bidding in the engine: the initiator's side (a seller's units, or a buyer's cash at the cap) and each
// bid's other side (cash, or an offer's units) are locked in the registry; clearing settles each allocation as
// one linked transfer from the two locks (RegistrySettlement) and releases every lock. Every check comes before
// the first event. A halt of the instrument in force refuses bids and clearing (TradingHalts.AuctionRefusal), not
// an announcement (it trades nothing, and its window may lie after the halt) nor a withdrawal (it only releases a lock).
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
        if (state.Rulebooks.For(cls, registry) is var instrumentRules && (!instrumentRules.AuctionOffered || !ReferenceEquals(instrumentRules, state.Rules)))
            return new Rejection(ExchangeRejections.TradingModeNotOffered, $"One-way bidding is not offered for {cmd.Instrument} under the {instrumentRules.Market} rulebook.");
        if (InitiatorAccount(cmd) is not { } initiatorId)
            return new Rejection(ExchangeRejections.InvalidAuctionAccount,
                "A seller's auction names its seller_account and no buyer_account; a buyer's auction (side buy) its buyer_account and no seller_account.");
        if (!registry.Accounts.TryGetValue(initiatorId, out var initiator))
            return new Rejection("unknown_account", $"No account has the id '{initiatorId}'.");
        if (initiator.MarketId != cls.MarketId)
            return new Rejection("wrong_market", $"'{initiator.Id}' is not in the market of {cmd.Instrument}.");
        var buying = cmd.Side == Side.Buy;
        var regulator = registry.RoleOf(ctx.Actor) == Role.Regulator;
        // A buy-back: the regulator buys into the market's reserve account, where the rulebook offers it.
        var buyBack = buying && initiator.Kind == AccountKind.Reserve;
        if (buyBack && regulator && !state.AuctionRules.ReserveBuyBack)
            return new Rejection(ExchangeRejections.TradingModeNotOffered, $"The auction rulebook offers no buy-back into '{initiator.Id}'.");
        var mayAnnounce = initiator.Kind.IsHolderKind() ? initiator.Holder == ctx.Actor
            : buying ? buyBack && regulator
            : initiator.Kind is AccountKind.Auction or AccountKind.Reserve && regulator;
        if (!mayAnnounce)
            return new Rejection("not_authorized", buying
                ? $"'{ctx.Actor}' may not buy for '{initiator.Id}' by auction (a holder's account, by its holder only; the market's reserve account, by the regulator)."
                : $"'{ctx.Actor}' may not sell from '{initiator.Id}' by auction (its holder only; the regulator for the market's auction and reserve accounts).");
        if ((ListingOrders.Eligible(initiator, cmd.Instrument, instrumentRules) ?? RegistrySettlement.Usable(initiator)) is { } unusable)
            return unusable;
        if (ctx.Time >= cmd.ClosesAt)
            return new Rejection(ExchangeRejections.AuctionNotOpen, "An auction is announced before its window closes.");
        // Bounded first: the per-member limit is a share of the quantity, and the cash at the cap its product with the price.
        if (cmd.QuantityT is <= 0 or > RegistryState.MaxQuantity)
            return new Rejection(ExchangeRejections.QuantityOutOfRange, $"An auction offers 1 to {RegistryState.MaxQuantity:N0} t.");
        var limit = state.AuctionRules.MaxPerMemberT(cmd.QuantityT);
        if (cmd.MaxPerBidderT > limit)
            return new Rejection(ExchangeRejections.BidderLimitExceeded, $"The rulebook lets one member bid for at most {limit:N0} t of {cmd.QuantityT:N0} t; a notice may lower that, not raise it.");
        var terms = Terms(state, cmd, initiatorId);
        var day = state.Rules.MarketDate(cmd.OpensAt);
        if ((OneWayAuction.CheckTerms(state.Rules, terms, day) ?? Ledger(state, day).CheckValue(cmd.ReservePriceFen, cmd.QuantityT)) is { } badTerms)
            return badTerms;
        if (buying && PositionLimits.Check(ctx.World, instrumentRules.PositionLimit, cmd.Instrument, initiatorId, cmd.QuantityT) is { } overLimit)
            return overLimit;
        if (buying)
        {
            var needFen = Ledger(state, day).BuyLockFen(cmd.ReservePriceFen, cmd.QuantityT);
            var cash = registry.Available(initiatorId, Currency(registry, initiatorId));
            return cash < needFen
                ? new Rejection(ExchangeRejections.InsufficientCash, $"{initiatorId} has {new Fen(cash).ToYuanString()} yuan free; buying {cmd.QuantityT:N0} t at the cap needs {new Fen(needFen).ToYuanString()} yuan"
                    + (buyBack ? " (the regulator funds the reserve from auction proceeds first: exchange.fund_reserve)." : "."))
                : null;
        }
        var available = registry.Available(initiatorId, cmd.Instrument) + unitsToArriveT;
        if (available < cmd.QuantityT)
            return new Rejection(ExchangeRejections.InsufficientUnits, $"{initiatorId} has {available:N0} t of {cmd.Instrument} free; the auction offers {cmd.QuantityT:N0} t.");
        if (state.Holdings.SellableUnits(initiatorId, cmd.Instrument, day) + unitsToArriveT < cmd.QuantityT)
            return new Rejection(ExchangeRejections.UnitsNotYetSellable, $"{initiatorId} bought some of these units today; they can be sold from the next trading day.");
        return null;
    }

    /// <summary>Announces an auction: checks, then records it and locks the offered units (a buyer's auction: the cash at the cap).</summary>
    public static Rejection? Announce(DecisionContext ctx, AnnounceAuction cmd)
    {
        if (CheckAnnounce(ctx, cmd, 0) is { } rejection)
            return rejection;
        var state = ExchangeModule.State(ctx.World);
        var registry = ctx.World.Get<RegistryState>();
        var t = Terms(state, cmd, InitiatorAccount(cmd)!);
        ctx.Emit(new AuctionAnnounced(t.AuctionId, t.Instrument, cmd.SellerAccount, state.Rules.MarketDate(t.OpensAt), t.QuantityT, t.ReservePriceFen,
            t.OpensAt, t.ClosesAt, t.MaxPerBidderT, t.BidLotT, t.MinBidT, cmd.Side, cmd.BuyerAccount, state.AuctionRules.BuyerFeeBasisPoints, state.AuctionRules.SellerFeeBasisPoints));
        var (lockClass, amount) = cmd.Side == Side.Sell
            ? (t.Instrument, t.QuantityT)
            : (Currency(registry, t.Initiator), state.Auction(t.AuctionId)!.Ledger.BuyLockFen(t.ReservePriceFen, t.QuantityT));
        var locked = ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new OpenEts.Registry.Lock(ExchangeState.AuctionLockId(t.AuctionId), t.Initiator, lockClass, amount, LockReason.Order));
        Invariant.Assert(locked is null, $"A checked announcement locks the initiator's side: {locked}");
        return null;
    }

    /// <summary>A member's sealed bid: checks, then records it and locks its cash (an offer in a buyer's auction: its units).</summary>
    public static Rejection? Bid(DecisionContext ctx, SubmitAuctionBid cmd)
    {
        var registry = ctx.World.Get<RegistryState>();
        if (Standing(ctx, cmd.AuctionId) is not { } auction)
            return NotStanding(ctx, cmd.AuctionId);
        if (TradingHalts.AuctionRefusal(ExchangeModule.State(ctx.World), auction.Terms.Instrument, ctx.Time) is { } halted)
            return halted;
        if (BadId(cmd.BidId, "A bid id") is { } badId)
            return badId;
        if (ListingOrders.CheckMember(ctx, registry, auction.Terms.Instrument, cmd.Account, ExchangeModule.State(ctx.World).Rules) is { } denied)
            return denied;
        if (auction.CheckBid(ctx.Time, cmd.BidId, cmd.Account, cmd.PriceFen, cmd.QuantityT) is { } rejection)
            return rejection;
        // The limit is per member: a holder's standing bids from all its accounts count together.
        var holder = registry.Accounts[cmd.Account].Holder;
        // Nor may a member bid in its own auction from another of its accounts (a trade with itself).
        if (registry.Accounts.TryGetValue(auction.Terms.Initiator, out var initiator) && initiator.Kind.IsHolderKind() && initiator.Holder == holder)
            return new Rejection(ExchangeRejections.SameAccount, $"'{holder}' holds both {cmd.Account} and {initiator.Id}, the initiator's account; a member cannot bid in its own auction.");
        var holderBidT = auction.Bids.Where(b => registry.Accounts.TryGetValue(b.Bidder, out var a) && a.Holder == holder).Sum(b => b.QuantityT);
        if (holderBidT + cmd.QuantityT > auction.Terms.MaxPerBidderT)
            return new Rejection(ExchangeRejections.BidderLimitExceeded,
                $"'{holder}' already bids for {holderBidT:N0} t from its accounts; one member may bid for at most {auction.Terms.MaxPerBidderT:N0} t in auction {cmd.AuctionId}.");
        if (auction.Terms.InitiatorSide == Side.Sell
            && PositionLimits.Check(ctx.World, PositionLimits.LimitOf(ctx.World, auction.Terms.Instrument), auction.Terms.Instrument, cmd.Account, cmd.QuantityT) is { } overLimit)
            return overLimit;
        ctx.Emit(new AuctionBidSubmitted(cmd.AuctionId, ctx.Time, cmd.BidId, cmd.Account, cmd.PriceFen, cmd.QuantityT));
        var (lockClass, amount) = auction.Terms.InitiatorSide == Side.Sell
            ? (Currency(registry, cmd.Account), auction.Ledger.BuyLockFen(cmd.PriceFen, cmd.QuantityT))
            : (auction.Terms.Instrument, cmd.QuantityT);
        var locked = ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new OpenEts.Registry.Lock(ExchangeState.BidLockId(cmd.AuctionId, cmd.BidId), cmd.Account, lockClass, amount, LockReason.Order));
        Invariant.Assert(locked is null, $"A checked bid locks its side: {locked}");
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
        if (TradingHalts.AuctionRefusal(ExchangeModule.State(ctx.World), terms.Instrument, ctx.Time) is { } halted)
            return halted;
        var initiatorLock = ExchangeState.AuctionLockId(terms.AuctionId);
        var selling = terms.InitiatorSide == Side.Sell;
        // The registry operator may release an exchange lock, and the initiator's account may have been frozen or closed since
        // the announcement: units (or cash) that cannot be delivered are not traded, so every bid is set aside and unlocked.
        var initiatorNeeds = selling ? terms.QuantityT : auction.Ledger.BuyLockFen(terms.ReservePriceFen, terms.QuantityT);
        var offerStands = RegistrySettlement.Usable(registry.Accounts[terms.Initiator]) is null
            && registry.Locks.TryGetValue(initiatorLock, out var held) && held.Remaining == initiatorNeeds;
        var setAside = auction.Bids.Where(b => !offerStands || !CanSettle(registry, auction, b)).Select(b => b.BidId).ToList();
        var fees = auction.Ledger.Rules.BuyerFeeBasisPoints + auction.Ledger.Rules.SellerFeeBasisPoints > 0 && auction.Bids.Count > setAside.Count ? 1 : 0;
        if (RegistrySettlement.CheckFeeAccount(registry, feeAccount, fees) is { } noFees)
            return noFees;

        var (clearing, placed) = auction.Preview(setAside);
        ctx.Emit(new AuctionCleared(terms.AuctionId, ctx.Time, setAside, clearing, placed, terms.QuantityT - placed));
        var exchange = ctx.OnBehalfOf(MarketSetup.ExchangeOperator);
        var currency = Currency(registry, terms.Initiator);
        foreach (var t in auction.Result!.Trades)
        {
            if (selling)
                RegistrySettlement.Settle(exchange, t, initiatorLock, ExchangeState.BidLockId(terms.AuctionId, t.BuyOrder), currency, feeAccount, releaseBuyLock: true);
            else
                RegistrySettlement.Settle(exchange, t, ExchangeState.BidLockId(terms.AuctionId, t.SellOrder), initiatorLock, currency, feeAccount, releaseBuyLock: false);
        }
        PositionLimits.ReportCrossings(ctx, PositionLimits.LimitOf(ctx.World, terms.Instrument), auction.Result.Trades, 0);
        foreach (var lockId in auction.Result.Allocations.Select(a => ExchangeState.BidLockId(terms.AuctionId, a.BidId)).Concat(setAside.Select(b => ExchangeState.BidLockId(terms.AuctionId, b))).Append(initiatorLock))
        {
            if (registry.Locks.ContainsKey(lockId))
                Invariant.Assert(exchange.Run(new Unlock(lockId)) is null, "The exchange releases its own locks.");
        }
        return null;
    }

    /// <summary>The initiator's account of an announcement: the one its side names, when it names no other; else null.</summary>
    private static string? InitiatorAccount(AnnounceAuction cmd) => cmd.Side switch
    {
        Side.Sell when cmd.BuyerAccount is null => cmd.SellerAccount,
        Side.Buy when cmd.SellerAccount is null => cmd.BuyerAccount,
        _ => null,
    };

    /// <summary>The auction terms of an announcement, with the rulebook's lot, minimum and per-member limit.</summary>
    private static AuctionTerms Terms(ExchangeState state, AnnounceAuction cmd, string initiator)
    {
        var rules = state.AuctionRules;
        return new AuctionTerms(cmd.AuctionId, cmd.Instrument, initiator, cmd.Side, cmd.QuantityT, cmd.ReservePriceFen, cmd.OpensAt, cmd.ClosesAt,
            cmd.MaxPerBidderT ?? rules.MaxPerMemberT(cmd.QuantityT), rules.BidLotT, checked(rules.MinBidLots * rules.BidLotT));
    }

    /// <summary>The ledger an auction announced now on <paramref name="day"/> would settle under (its fees).</summary>
    private static TradeLedger Ledger(ExchangeState state, DateOnly day) => new(state.AuctionRules.Apply(state.Rules), state.Holdings, day);

    /// <summary>A bid settles when its account can give cash (an offer: units) and its lock still holds what it locked.</summary>
    private static bool CanSettle(RegistryState registry, OneWayAuction auction, AuctionBid bid) =>
        RegistrySettlement.Usable(registry.Accounts[bid.Bidder]) is null
        && registry.Locks.TryGetValue(ExchangeState.BidLockId(auction.Terms.AuctionId, bid.BidId), out var hold)
        && hold.Remaining == (auction.Terms.InitiatorSide == Side.Sell ? auction.Ledger.BuyLockFen(bid.PriceFen, bid.QuantityT) : bid.QuantityT);

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
