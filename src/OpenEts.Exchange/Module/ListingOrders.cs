// Orders in the engine: every check first (trading rules, the registry's balances and T+1, self-trade
// prevention, each counterparty), then the order's lock, the match, and one linked registry transfer per
// trade (units seller→buyer, cash buyer→seller, fees), all in the same decision: never half-settled.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>Decides new and cancelled listing orders.</summary>
internal sealed class ListingOrders(string feeAccount)
{
    /// <summary>Longest order id (it is part of the registry lock id, itself at most 64 characters).</summary>
    public const int MaxOrderIdLength = 32;

    /// <summary>Longest instrument id the exchange lists.</summary>
    public const int MaxInstrumentLength = 16;

    /// <summary>Places an order: checks, locks, matches and settles.</summary>
    public Rejection? Place(DecisionContext ctx, PlaceOrder cmd)
    {
        var state = ExchangeModule.State(ctx.World);
        var registry = ctx.World.Get<RegistryState>();
        if (state.Day(cmd.Instrument) is not { } day)
            return new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {cmd.Instrument}.");
        if (TradingHalts.Refusal(day, cmd.Instrument) is { } halted)
            return halted;
        var lockId = ExchangeState.OrderLockId(cmd.Instrument, day.Ledger.TradingDay, cmd.OrderId ?? "");
        if (cmd.OrderId is not { Length: <= MaxOrderIdLength } || !RegistryChecks.ValidId(cmd.OrderId) || !RegistryChecks.ValidId(lockId))
            return new Rejection("invalid_id", $"An order id is 1 to {MaxOrderIdLength} letters, digits, '-', '_', '.' or ':'.");
        if (CheckMember(ctx, registry, cmd.Instrument, cmd.Account, day.Ledger.Rules) is { } denied)
            return denied;
        if (day.Market.Check(ctx.Time, cmd.OrderId!, cmd.Account, cmd.Side, cmd.PriceFen, cmd.QuantityT) is { } rejection)
            return rejection;
        // Position limits (PositionLimits.cs) run only under a rulebook that sets one: otherwise this is one null check.
        if (day.Ledger.Rules.PositionLimit is { } limit && cmd.Side == Side.Buy && PositionLimits.Check(ctx.World, limit, cmd.Instrument, cmd.Account, cmd.QuantityT) is { } overLimit)
            return overLimit;
        var plan = day.Market.Plan(cmd.Account, cmd.Side, cmd.PriceFen, cmd.QuantityT, state.PlannedFills);
        if (plan.Fills.Count == 0 && plan.SelfTradeCancelledT > 0)
            return new Rejection(ExchangeRejections.SelfTradePrevented, ListingMarket.SelfTradeSentence(cmd.Account));
        if (CheckCounterparties(registry, day.Ledger, cmd, plan) is { } blocked)
            return blocked;

        var currency = registry.Markets[registry.Accounts[cmd.Account].MarketId].Currency;
        var exchange = ctx.OnBehalfOf(MarketSetup.ExchangeOperator);
        var lockClass = cmd.Side == Side.Sell ? cmd.Instrument : currency;
        var lockAmount = cmd.Side == Side.Sell ? cmd.QuantityT - plan.SelfTradeCancelledT : BuyLock(day.Ledger, cmd.PriceFen, plan);
        if (exchange.Run(new OpenEts.Registry.Lock(lockId, cmd.Account, lockClass, lockAmount, LockReason.Order)) is { } notLocked)
            return notLocked;

        var before = day.Ledger.Trades.Count;
        ctx.Emit(new OrderAccepted(cmd.Instrument, ctx.Time, cmd.OrderId!, cmd.Account, cmd.Side, cmd.PriceFen, cmd.QuantityT));
        Invariant.Assert(day.Ledger.Trades.Count - before == plan.Fills.Count, "The book makes the fills the decision planned.");
        for (var i = 0; i < plan.Fills.Count; i++)
        {
            var t = day.Ledger.Trades[before + i];
            // The maker's lock id is the string the registry keeps, not a new one per trade.
            var makerOrder = cmd.Side == Side.Sell ? t.BuyOrder : t.SellOrder;
            var makerLock = ExchangeState.OrderLock(registry, t.Instrument, day.Ledger.TradingDay, makerOrder)?.Id;
            Invariant.Assert(makerLock is not null, "The maker of a trade still holds its lock.");
            var (sellLock, buyLock) = cmd.Side == Side.Sell ? (lockId, makerLock!) : (makerLock!, lockId);
            RegistrySettlement.Settle(exchange, t, sellLock, buyLock, currency, feeAccount, releaseBuyLock: cmd.Side == Side.Sell && plan.Fills[i].FillsMaker);
        }
        if (plan.SelfTradeCancelledT > 0)
            ctx.Emit(new SelfTradePrevented(cmd.Instrument, cmd.OrderId!, cmd.Account, plan.SelfTradeCancelledT));
        if (day.Ledger.Rules.PositionLimit is { } disclosure)
            PositionLimits.ReportCrossings(ctx, disclosure, day.Ledger.Trades, before);
        Invariant.Assert(plan.RestingT > 0 || !registry.Locks.ContainsKey(lockId), "A filled order leaves no lock behind.");
        return null;
    }

    /// <summary>Cancels a resting order: releases its registry lock, then takes it off the book.</summary>
    public static Rejection? Cancel(DecisionContext ctx, CancelOrder cmd)
    {
        var state = ExchangeModule.State(ctx.World);
        var registry = ctx.World.Get<RegistryState>();
        if (state.Day(cmd.Instrument) is not { } day)
            return new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {cmd.Instrument}.");
        if (!day.Ledger.Rules.ListingOpen(ctx.Time) || DateOnly.FromDateTime(day.Ledger.Rules.LocalTime(ctx.Time)) != day.Ledger.TradingDay)
            return new Rejection(ExchangeRejections.MarketClosed, "Orders can be cancelled only during the day's listing sessions.");
        if (day.Market.Find(cmd.OrderId) is not { } order)
            return new Rejection(ExchangeRejections.UnknownId, $"No open order {cmd.OrderId}.");
        if (order.Account != cmd.Account || !MayAct(registry, ctx.Actor, cmd.Account))
            return new Rejection(ExchangeRejections.NotYours, $"Order {cmd.OrderId} is not an order of {ctx.Actor}'s account.");
        if (CheckExchangeIdentity(registry) is { } missing)
            return missing;
        if (ExchangeState.OrderLock(registry, cmd.Instrument, day.Ledger.TradingDay, cmd.OrderId) is { } hold
            && ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new Unlock(hold.Id)) is { } notUnlocked)
            return notUnlocked;
        ctx.Emit(new OrderCancelled(cmd.Instrument, ctx.Time, cmd.OrderId, cmd.Account));
        return null;
    }

    /// <summary>
    /// The account holder acts for its account; the exchange operator may act for any. No one places orders for
    /// the market's auction account: the paid share is sold by one-way bidding (exchange.announce_auction).
    /// </summary>
    internal static bool MayAct(RegistryState registry, string actor, string account) =>
        registry.RoleOf(actor) == Role.ExchangeOperator
        || (registry.Accounts.TryGetValue(account, out var a) && a.Holder == actor);

    internal static Rejection? CheckExchangeIdentity(RegistryState registry) =>
        registry.RoleOf(MarketSetup.ExchangeOperator) == Role.ExchangeOperator
            ? null
            : new Rejection("not_authorized", $"The identity '{MarketSetup.ExchangeOperator}' is not the exchange operator in this registry.");

    /// <summary>
    /// The member's account exists in the instrument's market, is open, not frozen, the actor may use it, and its holder may
    /// trade under <paramref name="rules"/> (natural persons only where participants.natural_persons allows).
    /// </summary>
    internal static Rejection? CheckMember(DecisionContext ctx, RegistryState registry, string instrument, string account, TradingRulebook rules)
    {
        if (CheckExchangeIdentity(registry) is { } missing)
            return missing;
        if (account is null || !registry.Accounts.TryGetValue(account, out var a))
            return new Rejection("unknown_account", $"No account has the id '{account}'.");
        if (!MayAct(registry, ctx.Actor, account))
            return new Rejection(ExchangeRejections.NotYours, $"'{ctx.Actor}' may not trade for account '{account}'.");
        if (a.MarketId != registry.Classes[instrument].MarketId || !a.Kind.IsHolderKind())
            return new Rejection("wrong_market", $"'{account}' is not a holder's account in the market of {instrument}.");
        return Eligible(a, instrument, rules) ?? Usable(a);
    }

    /// <summary>Null when the account's holder may trade <paramref name="instrument"/> under <paramref name="rules"/>.</summary>
    internal static Rejection? Eligible(Account a, string instrument, TradingRulebook rules) =>
        a.NaturalPerson && !rules.NaturalPersonsMayTrade
            ? new Rejection(ExchangeRejections.ParticipantNotEligible,
                $"'{a.Id}' is held by a natural person; {instrument} trades among legal persons and other organisations only (participants.natural_persons in the {rules.Market} rulebook).")
            : null;

    private static Rejection? Usable(Account a) => RegistrySettlement.Usable(a);

    /// <summary>Every resting order the plan fills can settle: its account is usable and its lock holds what the fill takes.</summary>
    private Rejection? CheckCounterparties(RegistryState registry, TradeLedger ledger, PlaceOrder cmd, OrderPlan plan)
    {
        long feesFen = 0;
        for (var i = 0; i < plan.Fills.Count; i++)  // not foreach: over an IReadOnlyList it boxes the enumerator
        {
            var f = plan.Fills[i];
            if (Usable(registry.Accounts[f.MakerAccount]) is { } unusable)
                return new Rejection("counterparty_unavailable", $"The order would trade with order {f.MakerOrderId}, which cannot settle: {unusable.Message}");
            var value = checked(f.PriceFen * f.QuantityT);
            var need = cmd.Side == Side.Buy ? f.QuantityT : checked(value + ledger.BuyerFee(value));
            feesFen = checked(feesFen + ledger.BuyerFee(value) + ledger.SellerFee(value));
            if (ExchangeState.OrderLock(registry, cmd.Instrument, ledger.TradingDay, f.MakerOrderId) is not { } hold || hold.Remaining < need)
                return new Rejection("counterparty_unavailable", $"The order would trade with order {f.MakerOrderId}, whose lock no longer covers the trade.");
        }
        return RegistrySettlement.CheckFeeAccount(registry, feeAccount, feesFen);
    }

    /// <summary>Cash an incoming buy locks: what its fills cost now, plus the limit-price lock of what will rest.</summary>
    private static long BuyLock(TradeLedger ledger, long limitFen, OrderPlan plan)
    {
        var lockFen = plan.RestingT > 0 ? ledger.BuyLockFen(limitFen, plan.RestingT) : 0;
        for (var i = 0; i < plan.Fills.Count; i++)
        {
            var f = plan.Fills[i];
            var value = checked(f.PriceFen * f.QuantityT);
            lockFen = checked(lockFen + value + ledger.BuyerFee(value));
        }
        return lockFen;
    }
}
