// Block trades in the engine: a member proposes to a named counterparty (the proposer's side locked in the
// registry), the counterparty accepts (its side locked, then one linked transfer settles both) or either
// declines (the lock released). Afternoon session, minimum size and the wider band come from the rulebook.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>Decides block proposals, acceptances and declines.</summary>
internal sealed class BlockTrades(string feeAccount)
{
    /// <summary>Proposes a block trade: checks, then records the proposal and locks the proposer's side.</summary>
    public Rejection? Propose(DecisionContext ctx, ProposeBlockTrade cmd)
    {
        var registry = ctx.World.Get<RegistryState>();
        if (ExchangeModule.State(ctx.World).Day(cmd.Instrument) is not { } day)
            return new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {cmd.Instrument}.");
        if (TradingHalts.Refusal(day, cmd.Instrument) is { } halted)
            return halted;
        var lockId = ExchangeState.BlockLockId(cmd.Instrument, day.Ledger.TradingDay, cmd.ProposalId ?? "");
        if (cmd.ProposalId is not { Length: <= ListingOrders.MaxOrderIdLength } || !RegistryChecks.ValidId(cmd.ProposalId))
            return new Rejection("invalid_id", $"A proposal id is 1 to {ListingOrders.MaxOrderIdLength} letters, digits, '-', '_', '.' or ':'.");
        if (registry.Locks.ContainsKey(lockId))
            return new Rejection(ExchangeRejections.DuplicateId, $"Proposal id {cmd.ProposalId} was already used today.");
        if (ListingOrders.CheckMember(ctx, registry, cmd.Instrument, cmd.Proposer, day.Ledger.Rules) is { } denied)
            return denied;
        if (CheckCounterparty(registry, cmd.Instrument, cmd.Counterparty, day.Ledger.Rules) is { } unavailable)
            return unavailable;
        // Two accounts of one holder are one member: a block between them would be a trade with itself.
        if (cmd.Proposer != cmd.Counterparty && registry.Accounts[cmd.Proposer].Holder is var proposerHolder
            && proposerHolder == registry.Accounts[cmd.Counterparty].Holder)
            return new Rejection(ExchangeRejections.SameAccount, $"A block trade needs two different members; '{proposerHolder}' holds both {cmd.Proposer} and {cmd.Counterparty}.");
        if (day.Blocks.CheckProposal(ctx.Time, cmd.ProposalId, cmd.Proposer, cmd.Counterparty, cmd.ProposerSide, cmd.PriceFen, cmd.QuantityT) is { } rejection)
            return rejection;
        if (cmd.ProposerSide == Side.Buy && PositionLimits.Check(ctx.World, day.Ledger.Rules.PositionLimit, cmd.Instrument, cmd.Proposer, cmd.QuantityT) is { } overLimit)
            return overLimit;
        var (lockClass, amount) = cmd.ProposerSide == Side.Sell
            ? (cmd.Instrument, cmd.QuantityT)
            : (Currency(registry, cmd.Proposer), day.Ledger.BuyLockFen(cmd.PriceFen, cmd.QuantityT));
        ctx.Emit(new BlockTradeProposed(cmd.Instrument, ctx.Time, cmd.ProposalId, cmd.Proposer, cmd.Counterparty, cmd.ProposerSide, cmd.PriceFen, cmd.QuantityT));
        var locked = ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new OpenEts.Registry.Lock(lockId, cmd.Proposer, lockClass, amount, LockReason.Order));
        Invariant.Assert(locked is null, $"A checked proposal locks its side: {locked}");
        return null;
    }

    /// <summary>The counterparty accepts: its side is checked and locked, and the trade settles as one linked transfer.</summary>
    public Rejection? Accept(DecisionContext ctx, AcceptBlockTrade cmd)
    {
        var registry = ctx.World.Get<RegistryState>();
        if (ExchangeModule.State(ctx.World).Day(cmd.Instrument) is not { } day)
            return new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {cmd.Instrument}.");
        if (TradingHalts.Refusal(day, cmd.Instrument) is { } halted)
            return halted;
        if (ListingOrders.CheckMember(ctx, registry, cmd.Instrument, cmd.Account, day.Ledger.Rules) is { } denied)
            return denied;
        if (day.Blocks.CheckAcceptance(ctx.Time, cmd.ProposalId, cmd.Account) is { } rejection)
            return rejection;
        var p = day.Blocks.Pending[cmd.ProposalId];
        if (p.ProposerSide == Side.Sell && PositionLimits.Check(ctx.World, day.Ledger.Rules.PositionLimit, cmd.Instrument, cmd.Account, p.QuantityT) is { } overLimit)
            return overLimit;
        if (RegistrySettlement.Usable(registry.Accounts[p.Proposer]) is { } proposerUnusable)
            return new Rejection("counterparty_unavailable", $"The proposer's account cannot settle: {proposerUnusable.Message}");
        var value = checked(p.PriceFen * p.QuantityT);
        if (RegistrySettlement.CheckFeeAccount(registry, feeAccount, day.Ledger.BuyerFee(value) + day.Ledger.SellerFee(value)) is { } noFees)
            return noFees;
        var proposerLock = ExchangeState.BlockLockId(cmd.Instrument, day.Ledger.TradingDay, p.Id);
        var counterLock = ExchangeState.BlockLockId(cmd.Instrument, day.Ledger.TradingDay, p.Id, accepting: true);
        var (lockClass, amount) = p.ProposerSide == Side.Buy
            ? (cmd.Instrument, p.QuantityT)
            : (Currency(registry, cmd.Account), checked(value + day.Ledger.BuyerFee(value)));

        var before = day.Ledger.Trades.Count;
        ctx.Emit(new BlockTradeAccepted(cmd.Instrument, ctx.Time, cmd.ProposalId, cmd.Account));
        Invariant.Assert(day.Ledger.Trades.Count == before + 1, "An accepted block proposal makes one trade.");
        var exchange = ctx.OnBehalfOf(MarketSetup.ExchangeOperator);
        var locked = exchange.Run(new OpenEts.Registry.Lock(counterLock, cmd.Account, lockClass, amount, LockReason.Order));
        Invariant.Assert(locked is null, $"A checked acceptance locks its side: {locked}");
        var (sellLock, buyLock) = p.ProposerSide == Side.Sell ? (proposerLock, counterLock) : (counterLock, proposerLock);
        RegistrySettlement.Settle(exchange, day.Ledger.Trades[before], sellLock, buyLock, Currency(registry, cmd.Account), feeAccount, releaseBuyLock: true);
        PositionLimits.ReportCrossings(ctx, day.Ledger.Rules.PositionLimit, day.Ledger.Trades, before);
        return null;
    }

    /// <summary>The counterparty declines or the proposer withdraws: the proposer's lock is released.</summary>
    public static Rejection? Decline(DecisionContext ctx, DeclineBlockTrade cmd)
    {
        var registry = ctx.World.Get<RegistryState>();
        if (ExchangeModule.State(ctx.World).Day(cmd.Instrument) is not { } day)
            return new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {cmd.Instrument}.");
        if (cmd.ProposalId is null || !day.Blocks.Pending.TryGetValue(cmd.ProposalId, out var p))
            return new Rejection(ExchangeRejections.UnknownId, $"No pending block proposal {cmd.ProposalId}.");
        if ((cmd.Account != p.Proposer && cmd.Account != p.Counterparty) || !ListingOrders.MayAct(registry, ctx.Actor, cmd.Account))
            return new Rejection(ExchangeRejections.NotYours, $"Only {p.Proposer} or {p.Counterparty} can decline proposal {p.Id}.");
        if (ListingOrders.CheckExchangeIdentity(registry) is { } missing)
            return missing;
        var lockId = ExchangeState.BlockLockId(cmd.Instrument, day.Ledger.TradingDay, p.Id);
        if (registry.Locks.ContainsKey(lockId) && ctx.OnBehalfOf(MarketSetup.ExchangeOperator).Run(new Unlock(lockId)) is { } notUnlocked)
            return notUnlocked;
        ctx.Emit(new BlockTradeDeclined(cmd.Instrument, ctx.Time, p.Id, cmd.Account));
        return null;
    }

    private static Rejection? CheckCounterparty(RegistryState registry, string instrument, string account, TradingRulebook rules)
    {
        if (account is null || !registry.Accounts.TryGetValue(account, out var a) || !a.Kind.IsHolderKind())
            return new Rejection("unknown_account", $"No holder's account has the id '{account}'.");
        if (a.MarketId != registry.Classes[instrument].MarketId)
            return new Rejection("wrong_market", $"'{account}' is not in the market of {instrument}.");
        return ListingOrders.Eligible(a, instrument, rules) ?? RegistrySettlement.Usable(a);
    }

    private static string Currency(RegistryState registry, string account) => registry.Markets[registry.Accounts[account].MarketId].Currency;
}
