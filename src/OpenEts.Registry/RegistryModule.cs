// The registry as an engine module: markets, identities, accounts, issuance, transfers, locks,
// surrender, cancellation and retirement. Handlers check everything, then emit.
using OpenEts.Core;
using static OpenEts.Registry.RegistryChecks;

namespace OpenEts.Registry;

/// <summary>Registers the registry's state, commands and events with the engine.</summary>
/// <param name="registration">The account-opening rules; the national registration rules when null.</param>
public sealed class RegistryModule(RegistrationRulebook? registration = null) : IModule
{
    /// <summary>The account-opening rules this registry holds accounts to.</summary>
    public RegistrationRulebook Registration { get; } = registration ?? RegistrationRulebook.National;

    /// <summary>The identity that holds system accounts.</summary>
    public const string SystemHolder = "system";

    /// <inheritdoc />
    public void Register(ModuleBuilder builder)
    {
        RegistryWriters.Register(builder);
        builder.State("registry", () => new RegistryState())
            .Command<GrantRole>("registry.grant_role", GrantRole)
            .Command<OpenMarket>("registry.open_market", OpenMarket)
            .Command<OpenAccount>("registry.open_account", (ctx, c) => OpenAccount(ctx, c, Registration))
            .Command<CloseAccount>("registry.close_account", CloseAccount)
            .Command<FreezeAccount>("registry.freeze_account", FreezeAccount)
            .Command<UnfreezeAccount>("registry.unfreeze_account", UnfreezeAccount)
            .Command<DefineUnitClass>("registry.define_unit_class", DefineUnitClass)
            .Command<Issue>("registry.issue", Issue)
            .Command<DepositCash>("registry.deposit_cash", DepositCash)
            .Command<WithdrawCash>("registry.withdraw_cash", WithdrawCash)
            .Command<Transfer>("registry.transfer", (ctx, c) => Move(ctx, c, [c.AsLeg()]))
            .Command<LinkedTransfer>("registry.linked_transfer", LinkedTransfer)
            .Command<Lock>("registry.lock", Lock)
            .Command<Unlock>("registry.unlock", Unlock)
            .Command<Surrender>("registry.surrender", Surrender)
            .Command<Cancel>("registry.cancel", Cancel)
            .Command<Retire>("registry.retire", Retire)
            .Event<RoleGranted>("registry.role_granted", (w, e) => R(w).Roles[e.Identity] = e.Role)
            .Event<MarketOpened>("registry.market_opened", (w, e) => R(w).Markets.Add(e.MarketId, new Market(e.MarketId, e.Name, e.Rulebook, e.Currency)))
            .Event<AccountOpened>("registry.account_opened", (w, e) => R(w).AddAccount(
                new Account { Id = e.AccountId, MarketId = e.MarketId, Holder = e.Holder, HolderName = e.HolderName, Kind = e.Kind, NaturalPerson = e.NaturalPerson }))
            .Event<AccountClosed>("registry.account_closed", (w, e) => R(w).Accounts[e.AccountId].Closed = true)
            .Event<AccountFrozen>("registry.account_frozen", (w, e) => R(w).Accounts[e.AccountId].FrozenReason = e.Reason)
            .Event<AccountUnfrozen>("registry.account_unfrozen", (w, e) => R(w).Accounts[e.AccountId].FrozenReason = null)
            .Event<UnitClassDefined>("registry.unit_class_defined", (w, e) => R(w).Classes.Add(e.ClassId,
                new UnitClass { Id = e.ClassId, MarketId = e.MarketId, Type = e.Type, Vintage = e.Vintage, ProjectId = e.ProjectId }))
            .Event<UnitsIssued>("registry.units_issued", ApplyIssued)
            .Event<CashWithdrawn>("registry.cash_withdrawn", ApplyWithdrawn)
            .Event<UnitsTransferred>("registry.units_transferred", (w, e) => R(w).ApplyTransfer(e.From, e.To, e.ClassId, e.Quantity, e.LockId, e.Serials))
            .Event<UnitsLocked>("registry.units_locked", ApplyLocked)
            .Event<UnitsUnlocked>("registry.units_unlocked", ApplyUnlocked)
            .Event<UnitsSurrendered>("registry.units_surrendered", (w, e) => R(w).Surrenders.Add(new SurrenderRecord(e.AccountId, e.ClassId, e.Quantity, e.ComplianceYear)))
            .Event<UnitsCancelled>("registry.units_cancelled", (_, _) => { })
            .Event<UnitsRetired>("registry.units_retired", (w, e) => R(w).Retirements.Add(
                new RetirementRecord(e.AccountId, e.ClassId, e.Quantity, e.Beneficiary, e.Purpose, e.Serials, e.Time)));
    }

    private static RegistryState R(World w) => w.Get<RegistryState>();

    private static bool Is(RegistryState s, string actor, Role role) => s.RoleOf(actor) == role;

    private static Rejection NotAuthorized(string actor, string what) => Reject("not_authorized", $"'{actor}' may not {what}.");

    private static Rejection? GrantRole(DecisionContext ctx, GrantRole c)
    {
        var s = R(ctx.World);
        var bootstrap = s.Roles.Count == 0 && c.Role == Role.Regulator;
        if (!bootstrap && !Is(s, ctx.Actor, Role.Regulator))
            return NotAuthorized(ctx.Actor, "grant roles (regulators only; the first grant on an empty registry must make a regulator)");
        if (!ValidId(c.Identity))
            return Reject("invalid_id", $"'{c.Identity}' is not a valid identity.");
        if (s.Roles.TryGetValue(c.Identity, out var existing))
            return Reject("role_exists", $"'{c.Identity}' is already a {existing}.");
        ctx.Emit(new RoleGranted(c.Identity, c.Role));
        return null;
    }

    private static Rejection? OpenMarket(DecisionContext ctx, OpenMarket c)
    {
        var s = R(ctx.World);
        if (!Is(s, ctx.Actor, Role.Regulator))
            return NotAuthorized(ctx.Actor, "open a market");
        if (!ValidId(c.MarketId) || !ValidId(c.Rulebook) || !ValidId(c.Currency))
            return Reject("invalid_id", "The market id, rulebook id and currency must be valid ids.");
        if (!ValidText(c.Name))
            return Reject("invalid_text", "The market needs a name.");
        if (s.Markets.ContainsKey(c.MarketId))
            return Reject("market_exists", $"Market '{c.MarketId}' is already open.");
        foreach (var (kind, _) in AccountKinds.System)
        {
            if (s.Accounts.ContainsKey(AccountKinds.SystemAccountId(c.MarketId, kind)))
                return Reject("account_exists", $"'{AccountKinds.SystemAccountId(c.MarketId, kind)}' is taken.");
        }
        ctx.Emit(new MarketOpened(c.MarketId, c.Name, c.Rulebook, c.Currency));
        foreach (var (kind, _) in AccountKinds.System)
            ctx.Emit(new AccountOpened(AccountKinds.SystemAccountId(c.MarketId, kind), c.MarketId, SystemHolder, kind, null));
        if (!s.Classes.ContainsKey(c.Currency))
            ctx.Emit(new UnitClassDefined(c.Currency, null, UnitType.Cash, 0, null));
        return null;
    }

    private static Rejection? OpenAccount(DecisionContext ctx, OpenAccount c, RegistrationRulebook rules)
    {
        var s = R(ctx.World);
        if (!Is(s, ctx.Actor, Role.RegistryOperator) && !Is(s, ctx.Actor, Role.Regulator))
            return NotAuthorized(ctx.Actor, "open accounts (registry operator or regulator)");
        if (!ValidId(c.AccountId) || !ValidId(c.Holder))
            return Reject("invalid_id", $"'{c.AccountId}' or '{c.Holder}' is not a valid id.");
        if (c.HolderName is not null && !ValidText(c.HolderName))
            return Reject("invalid_text", "The holder's name is not valid text.");
        if (!s.Markets.ContainsKey(c.MarketId))
            return Reject("unknown_market", $"No market '{c.MarketId}'.");
        if (!c.Kind.IsHolderKind() && c.Kind != AccountKind.Treasury)
            return Reject("not_a_holder_kind");
        // The registration rules foresee natural-person holders; a covered entity, a project owner and a treasury are organisations.
        if (c.NaturalPerson && c.Kind != AccountKind.Investor)
            return Reject("natural_person_not_allowed", $"'{c.AccountId}' would be a {System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Kind.ToString())} account.");
        if (s.Accounts.ContainsKey(c.AccountId))
            return Reject("account_exists", $"'{c.AccountId}' is taken.");
        if (c.Kind.IsHolderKind() && rules.HolderAccountsPerMarket is { } most)
        {
            var held = s.AccountsOf(c.Holder).Where(a => a.MarketId == c.MarketId && a.Kind.IsHolderKind() && !a.Closed)
                .Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
            if (held.Count >= most)
            {
                return Reject("holder_has_account", $"'{c.Holder}' already holds {string.Join(", ", held)} in {c.MarketId} (holder_accounts_per_market {most}).");
            }
        }
        ctx.Emit(new AccountOpened(c.AccountId, c.MarketId, c.Holder, c.Kind, c.HolderName, c.NaturalPerson));
        return null;
    }

    private static Rejection? CloseAccount(DecisionContext ctx, CloseAccount c)
    {
        var s = R(ctx.World);
        if (!Is(s, ctx.Actor, Role.RegistryOperator) && !Is(s, ctx.Actor, Role.Regulator))
            return NotAuthorized(ctx.Actor, "close accounts");
        if (!s.Accounts.TryGetValue(c.AccountId, out var account))
            return Reject("unknown_account", $"No account has the id '{c.AccountId}'.");
        if (account.Closed)
            return Reject("account_closed", $"'{c.AccountId}' is already closed.");
        if (!account.Kind.IsHolderKind())
            return Reject("not_a_holder_kind", "System accounts are never closed.");
        if (s.Holdings.Any(h => h.Key.Account == c.AccountId && h.Value.Held != 0))
            return Reject("account_not_empty", $"'{c.AccountId}' still holds units or cash.");
        ctx.Emit(new AccountClosed(c.AccountId));
        return null;
    }

    private static Rejection? FreezeAccount(DecisionContext ctx, FreezeAccount c)
    {
        var s = R(ctx.World);
        if (!Is(s, ctx.Actor, Role.Regulator))
            return NotAuthorized(ctx.Actor, "freeze accounts (regulators only)");
        if (!s.Accounts.TryGetValue(c.AccountId, out var account))
            return Reject("unknown_account", $"No account has the id '{c.AccountId}'.");
        if (!ValidText(c.Reason))
            return Reject("invalid_text", "A freeze states its reason.");
        if (account.FrozenReason is not null)
            return Reject("account_frozen", $"'{c.AccountId}' is already frozen.");
        ctx.Emit(new AccountFrozen(c.AccountId, c.Reason));
        return null;
    }

    private static Rejection? UnfreezeAccount(DecisionContext ctx, UnfreezeAccount c)
    {
        var s = R(ctx.World);
        if (!Is(s, ctx.Actor, Role.Regulator))
            return NotAuthorized(ctx.Actor, "unfreeze accounts (regulators only)");
        if (!s.Accounts.TryGetValue(c.AccountId, out var account))
            return Reject("unknown_account", $"No account has the id '{c.AccountId}'.");
        if (account.FrozenReason is null)
            return new Rejection("account_not_frozen", $"'{c.AccountId}' is not frozen.");
        ctx.Emit(new AccountUnfrozen(c.AccountId));
        return null;
    }

    private static Rejection? DefineUnitClass(DecisionContext ctx, DefineUnitClass c)
    {
        var s = R(ctx.World);
        if (!Is(s, ctx.Actor, Role.Regulator))
            return NotAuthorized(ctx.Actor, "define unit classes (regulators only)");
        if (!ValidId(c.ClassId) || (c.ProjectId is not null && !ValidId(c.ProjectId)))
            return Reject("invalid_id", $"'{c.ClassId}' is not a valid class id.");
        if (!s.Markets.ContainsKey(c.MarketId))
            return Reject("unknown_market", $"No market '{c.MarketId}'.");
        if (c.Type == UnitType.Cash)
            return Reject("wrong_unit_type", "Cash classes come with the market's currency.");
        if (c.Vintage is < 2000 or > 2100)
            return Reject("invalid_vintage", $"{c.Vintage} is not a vintage.");
        if (c.Type == UnitType.Credit && c.ProjectId is null)
            return Reject("invalid_id", "A credit class names its project.");
        if (s.Classes.ContainsKey(c.ClassId))
            return Reject("unit_class_exists", $"'{c.ClassId}' is taken.");
        ctx.Emit(new UnitClassDefined(c.ClassId, c.MarketId, c.Type, c.Vintage, c.Type == UnitType.Credit ? c.ProjectId : null));
        return null;
    }

    private static Rejection? Issue(DecisionContext ctx, Issue c)
    {
        var s = R(ctx.World);
        if (!Is(s, ctx.Actor, Role.Regulator))
            return NotAuthorized(ctx.Actor, "issue units (regulators only)");
        if (CheckQuantity(c.Quantity) is { } bad)
            return bad;
        if (!s.Classes.TryGetValue(c.ClassId, out var cls))
            return Reject("unknown_unit_class", $"No unit class has the id '{c.ClassId}'.");
        if (cls.Type == UnitType.Cash)
            return Reject("wrong_unit_type", "Cash is booked by deposits, not issued.");
        if (!s.Accounts.TryGetValue(c.ToAccount, out var to))
            return Reject("unknown_account", $"No account has the id '{c.ToAccount}'.");
        if (!to.Kind.AcceptsIssuance())
            return Reject("not_issuance_account", $"'{c.ToAccount}' is a {to.Kind} account.");
        if (to.MarketId != cls.MarketId)
            return Reject("wrong_market", $"'{c.ClassId}' belongs to market '{cls.MarketId}', '{c.ToAccount}' to '{to.MarketId}'.");
        if (cls.Issued > RegistryState.MaxQuantity - c.Quantity)
            return Reject("quantity_too_large", "The class would exceed the largest issuable total.");
        SerialRange? serials = cls.Serialized ? new SerialRange(cls.NextSerial, cls.NextSerial + c.Quantity - 1) : null;
        ctx.Emit(new UnitsIssued(c.ClassId, c.ToAccount, c.Quantity, serials));
        return null;
    }

    private static void ApplyIssued(World w, UnitsIssued e)
    {
        var s = R(w);
        var cls = s.Classes[e.ClassId];
        cls.Issued = checked(cls.Issued + e.Quantity);
        var holding = s.GetOrAddHolding(e.ToAccount, e.ClassId);
        holding.Held = checked(holding.Held + e.Quantity);
        if (e.Serials is { } range)
        {
            Invariant.Assert(range.Start == cls.NextSerial && range.Count == e.Quantity, $"serials of {e.ClassId} issued out of order");
            holding.Serials!.Add(range);
            cls.NextSerial = range.End + 1;
        }
    }

    private static Rejection? DepositCash(DecisionContext ctx, DepositCash c)
    {
        var s = R(ctx.World);
        if (!Is(s, ctx.Actor, Role.RegistryOperator))
            return NotAuthorized(ctx.Actor, "book cash (registry operator only)");
        if (CheckQuantity(c.AmountFen) is { } bad)
            return bad;
        if (!s.Accounts.TryGetValue(c.AccountId, out var account))
            return Reject("unknown_account", $"No account has the id '{c.AccountId}'.");
        if (account.Closed)
            return Reject("account_closed", $"'{c.AccountId}' is closed.");
        if (!account.Kind.IsHolderKind() && account.Kind != AccountKind.Auction)
            return Reject("wrong_unit_type", $"'{c.AccountId}' does not hold cash.");
        var currency = s.Markets[account.MarketId].Currency;
        if (s.Classes[currency].Issued > RegistryState.MaxQuantity - c.AmountFen)
            return Reject("quantity_too_large", "The deposit would exceed the largest total.");
        ctx.Emit(new UnitsIssued(currency, c.AccountId, c.AmountFen, null));
        return null;
    }

    private static Rejection? WithdrawCash(DecisionContext ctx, WithdrawCash c)
    {
        var s = R(ctx.World);
        if (!Is(s, ctx.Actor, Role.RegistryOperator))
            return NotAuthorized(ctx.Actor, "pay cash out (registry operator only)");
        if (CheckQuantity(c.AmountFen) is { } bad)
            return bad;
        if (!s.Accounts.TryGetValue(c.AccountId, out var account))
            return Reject("unknown_account", $"No account has the id '{c.AccountId}'.");
        if (AuctionAccountRule.Check(ctx, c, account) is { } auctionAccount)
            return auctionAccount;
        if (account.FrozenReason is not null)
            return Reject("account_frozen", $"'{c.AccountId}' is frozen.");
        var currency = s.Markets[account.MarketId].Currency;
        var available = s.Available(c.AccountId, currency);
        if (available < c.AmountFen)
            return RegistryChecks.Reject(RegistryError.InsufficientCash, c.AccountId, "", currency, c.AmountFen, Shown(s, ctx.Actor, c.AccountId, available));
        ctx.Emit(new CashWithdrawn(c.AccountId, currency, c.AmountFen));
        return null;
    }

    private static void ApplyWithdrawn(World w, CashWithdrawn e)
    {
        var s = R(w);
        var holding = s.GetOrAddHolding(e.AccountId, e.ClassId);
        Invariant.Assert(holding.Available >= e.AmountFen, $"withdrawal from {e.AccountId} exceeds its available cash");
        holding.Held -= e.AmountFen;
        s.Classes[e.ClassId].Issued -= e.AmountFen;
    }

    private static Rejection? LinkedTransfer(DecisionContext ctx, LinkedTransfer c)
    {
        if (c.Legs is null || c.Legs.Count == 0)
            return Reject("empty_transfer");
        if (c.Legs.Count > Registry.LinkedTransfer.MaxLegs)
            return Reject("too_many_legs", $"This one has {c.Legs.Count}.");
        return Move(ctx, c, c.Legs);
    }

    /// <summary>Checks legs together (what one leg takes, another cannot take again), then emits them all.</summary>
    private static Rejection? Move(DecisionContext ctx, Command command, IReadOnlyList<TransferLeg> legs)
    {
        var s = R(ctx.World);
        for (var i = 0; i < legs.Count; i++)
        {
            var leg = legs[i];
            if (leg is null)
                return Reject("empty_transfer", "A leg is empty.");
            // Who may move out of the account is checked before what it holds, so a refusal tells no one else its balance.
            if (s.Accounts.TryGetValue(leg.From, out var source) && Authorize(ctx, command, s, source, leg.ClassId, leg.LockId) is { } denied)
                return denied;
            if (Destination(ctx, s, source, leg) is { } wrongPlace)
                return wrongPlace;
            var error = s.CheckLeg(leg.From, leg.To, leg.ClassId, leg.Quantity, leg.LockId);
            if (error != RegistryError.None)
                return RegistryChecks.Reject(error, leg.From, leg.To, leg.ClassId, leg.Quantity, AvailableFor(s, ctx.Actor, leg.From, leg.ClassId));
            if (legs.Count > 1 && CumulativeShortfall(s, ctx.Actor, legs, i) is { } shortfall)
                return shortfall;
            if (source is not null && source.Holder == ctx.Actor && source.Kind.IsHolderKind() && leg.LockId is null && Restricted(ctx, legs, i) is { } restricted)
                return restricted;
        }
        // Indexed, not foreach: an enumerator over an IReadOnlyList is boxed, once per transfer.
        for (var i = 0; i < legs.Count; i++)
        {
            var leg = legs[i];
            ctx.Emit(new UnitsTransferred(leg.From, leg.To, leg.ClassId, leg.Quantity, leg.LockId, SerialsFor(s, leg.From, leg.ClassId, leg.Quantity)));
        }
        return null;
    }

    /// <summary>
    /// What other modules' rules say of a holder's own move of units out of its account (the exchange's T+1), counting the
    /// earlier legs of the same transfer from that account and class; null when none refuses.
    /// </summary>
    private static Rejection? Restricted(DecisionContext ctx, IReadOnlyList<TransferLeg> legs, int upTo)
    {
        var leg = legs[upTo];
        var total = SameSourceTotal(legs, upTo);
        var states = ctx.World.States;
        for (var k = 0; k < states.Count; k++)
        {
            if (states[k].State is IHoldingRestrictions rules && rules.OutflowRefusal(ctx.World, leg.From, leg.ClassId, total, ctx.Time) is { } refused)
                return refused;
        }
        return null;
    }

    /// <summary>What the legs up to <paramref name="upTo"/> take from the same account, class and lock (or free units) as that leg.</summary>
    private static long SameSourceTotal(IReadOnlyList<TransferLeg> legs, int upTo)
    {
        var leg = legs[upTo];
        long total = 0;
        for (var j = 0; j <= upTo; j++)
        {
            var other = legs[j];
            if (other.From == leg.From && other.ClassId == leg.ClassId && other.LockId == leg.LockId)
                total = checked(total + other.Quantity);
        }
        return total;
    }

    /// <summary>Rejects when legs up to <paramref name="upTo"/> together take more than a holding or a lock has.</summary>
    private static Rejection? CumulativeShortfall(RegistryState s, string actor, IReadOnlyList<TransferLeg> legs, int upTo)
    {
        var leg = legs[upTo];
        var total = SameSourceTotal(legs, upTo);
        var limit = leg.LockId is null ? s.Available(leg.From, leg.ClassId) : s.Locks[leg.LockId].Remaining;
        if (total <= limit)
            return null;
        if (leg.LockId is not null)
            return Reject("lock_insufficient", $"The legs take {total:N0} from lock '{leg.LockId}', which holds {limit:N0}.");
        return RegistryChecks.Reject(s.Classes[leg.ClassId].Type == UnitType.Cash ? RegistryError.InsufficientCash : RegistryError.InsufficientUnits,
            leg.From, leg.To, leg.ClassId, total, Shown(s, actor, leg.From, limit));
    }

    /// <summary>The amount available in a holding, when <paramref name="actor"/> may read it in a refusal: the holder or a regulator.</summary>
    private static long? AvailableFor(RegistryState s, string actor, string? accountId, string? classId) =>
        accountId is not null && classId is not null ? Shown(s, actor, accountId, s.Available(accountId, classId)) : null;

    private static long? Shown(RegistryState s, string actor, string accountId, long available) =>
        s.RoleOf(actor) == Role.Regulator || (s.Accounts.TryGetValue(accountId, out var a) && a.Holder == actor) ? available : null;

    /// <summary>The serials a move takes: the lowest held. Locks count units, not serials, so any serial may serve a lock.</summary>
    private static List<SerialRange>? SerialsFor(RegistryState s, string from, string classId, long quantity)
    {
        var holding = s.HoldingOf(from, classId);
        return holding?.Serials is { } serials ? serials.Lowest(quantity) : null;
    }

    /// <summary>
    /// Where a holder's own transfer may go: to another holder's account (a covered entity, investor or project owner) or a
    /// treasury account. The issuance, reserve and auction accounts are filled by the regulator's and the exchange's
    /// operations: a holder parking units there would block issuance (an issuance account must be empty of a vintage
    /// before it is issued) or pass them off as a reserve's. Credits in a reserve account are a buffer against reversals
    /// and leave it only by cancellation.
    /// </summary>
    private static Rejection? Destination(DecisionContext ctx, RegistryState s, Account? source, TransferLeg leg)
    {
        if (source is { Kind: AccountKind.Reserve } && s.Classes.TryGetValue(leg.ClassId, out var cls) && cls.Type == UnitType.Credit)
            return NotAuthorized(ctx.Actor, $"move credits out of '{source.Id}': credits in a reserve account are a buffer against reversals and leave it only by cancellation");
        if (!s.Accounts.TryGetValue(leg.To, out var target) || target.Kind.IsHolderKind() || target.Kind == AccountKind.Treasury || target.Kind.IsFinal())
            return null;
        return s.RoleOf(ctx.Actor) is Role.Regulator or Role.RegistryOperator or Role.ExchangeOperator
            ? null
            : NotAuthorized(ctx.Actor, $"send units to '{target.Id}': the issuance, reserve and auction accounts are filled only by the regulator's and the exchange's operations");
    }

    private static Rejection? Authorize(DecisionContext ctx, Command command, RegistryState s, Account from, string classId, string? lockId)
    {
        if (from.Kind == AccountKind.Auction)
            return AuctionAccountRule.Check(ctx, command, from);
        var actor = ctx.Actor;
        var role = s.RoleOf(actor);
        if (lockId is not null && s.Locks.TryGetValue(lockId, out var hold))
        {
            // What a lock holds moves only for the purpose it was placed for: frozen units not at all (the regulator
            // releases the freeze first), an order's units by the exchange's settlement, a pledge or an escrow by the
            // registry operator, who registers them.
            return hold.Reason switch
            {
                LockReason.Freeze => Reject("units_frozen", $"Lock '{lockId}' freezes them by a judicial or regulatory decision."),
                LockReason.Order => role is Role.ExchangeOperator or Role.RegistryOperator ? null
                    : NotAuthorized(actor, "move units held by an order's lock (exchange or registry operator only)"),
                _ => role == Role.RegistryOperator ? null
                    : NotAuthorized(actor, $"move units held by a {hold.Reason.ToString().ToLowerInvariant()} lock (registry operator only)"),
            };
        }
        if (role == Role.RegistryOperator)
            return null;
        if (lockId is not null)
            return role == Role.ExchangeOperator ? null : NotAuthorized(actor, "move units held by a lock (exchange or registry operator only)");
        if (from.Holder == actor && from.Kind.IsHolderKind())
            return null;
        // The regulator moves allowances and credits out of the issuance and reserve accounts; the reserve's money is
        // spent only through the exchange's steps that two regulators approve (a buy-back auction).
        if (role == Role.Regulator && from.Kind.AcceptsIssuance())
        {
            return s.Classes.TryGetValue(classId, out var cls) && cls.Type == UnitType.Cash
                ? NotAuthorized(actor, $"move cash out of '{from.Id}': the reserve's money is spent only by a buy-back auction (exchange.announce_auction, approved by two regulators)")
                : null;
        }
        return NotAuthorized(actor, $"move units out of '{from.Id}'");
    }

    private static Rejection? CheckQuantity(long quantity) =>
        quantity <= 0 ? Reject("quantity_not_positive", $"{quantity} is not above zero.")
        : quantity > RegistryState.MaxQuantity ? Reject("quantity_too_large")
        : null;

    private static Rejection? Lock(DecisionContext ctx, Lock c)
    {
        var s = R(ctx.World);
        if (!ValidId(c.LockId))
            return Reject("invalid_id", $"'{c.LockId}' is not a valid lock id.");
        if (CheckQuantity(c.Quantity) is { } bad)
            return bad;
        if (!s.Accounts.TryGetValue(c.AccountId, out var account))
            return Reject("unknown_account", $"No account has the id '{c.AccountId}'.");
        if (!s.Classes.TryGetValue(c.ClassId, out var cls))
            return Reject("unknown_unit_class", $"No unit class has the id '{c.ClassId}'.");
        if (AuctionAccountRule.Check(ctx, c, account) is { } auctionAccount)
            return auctionAccount;
        var role = s.RoleOf(ctx.Actor);
        var allowed = c.Reason switch
        {
            LockReason.Freeze => role == Role.Regulator,
            LockReason.Order => role is Role.ExchangeOperator or Role.RegistryOperator,
            // A pledge is registered by the registry operator on the parties' application, so its holder cannot undo it.
            LockReason.Pledge => role == Role.RegistryOperator,
            _ => role == Role.RegistryOperator || (account.Holder == ctx.Actor && account.Kind.IsHolderKind()),
        };
        if (!allowed)
            return NotAuthorized(ctx.Actor, $"lock units for {c.Reason.ToString().ToLowerInvariant()}");
        if (s.Locks.ContainsKey(c.LockId))
            return Reject("lock_exists", $"'{c.LockId}' is taken.");
        if (account.Closed)
            return Reject("account_closed", $"'{c.AccountId}' is closed.");
        if (account.Kind.IsFinal())
            return Reject("final_account");
        var available = s.Available(c.AccountId, c.ClassId);
        if (available < c.Quantity)
            return RegistryChecks.Reject(cls.Type == UnitType.Cash ? RegistryError.InsufficientCash : RegistryError.InsufficientUnits,
                c.AccountId, "", c.ClassId, c.Quantity, Shown(s, ctx.Actor, c.AccountId, available));
        ctx.Emit(new UnitsLocked(c.LockId, c.AccountId, c.ClassId, c.Quantity, c.Reason));
        return null;
    }

    private static void ApplyLocked(World w, UnitsLocked e)
    {
        var s = R(w);
        var holding = s.GetOrAddHolding(e.AccountId, e.ClassId);
        holding.Locked += e.Quantity;
        if (holding.Locked > holding.Held)  // not Invariant.Assert: its message would be built for every lock
            throw new InvariantViolationException($"lock {e.LockId} exceeds the holding");
        s.Locks.Add(e.LockId, new HoldLock { Id = e.LockId, AccountId = e.AccountId, ClassId = e.ClassId, Reason = e.Reason, Remaining = e.Quantity });
    }

    private static Rejection? Unlock(DecisionContext ctx, Unlock c)
    {
        var s = R(ctx.World);
        if (c.LockId is null || !s.Locks.TryGetValue(c.LockId, out var hold))
            return Reject("unknown_lock", $"No open lock '{c.LockId}'.");
        var role = s.RoleOf(ctx.Actor);
        var account = s.Accounts[hold.AccountId];
        var allowed = hold.Reason switch
        {
            LockReason.Freeze => role == Role.Regulator,
            LockReason.Order => role is Role.ExchangeOperator or Role.RegistryOperator,
            LockReason.Pledge => role == Role.RegistryOperator,
            _ => role == Role.RegistryOperator || account.Holder == ctx.Actor,
        };
        if (!allowed)
            return NotAuthorized(ctx.Actor, $"release a {hold.Reason.ToString().ToLowerInvariant()} lock");
        ctx.Emit(new UnitsUnlocked(c.LockId, hold.Remaining));
        return null;
    }

    private static void ApplyUnlocked(World w, UnitsUnlocked e)
    {
        var s = R(w);
        var hold = s.Locks[e.LockId];
        s.HoldingOf(hold.AccountId, hold.ClassId)!.Locked -= e.Quantity;
        s.Locks.Remove(e.LockId);
    }

    /// <summary>Checks a move into one of the market's final accounts by its owner (or the registry operator).</summary>
    private static Rejection? CheckFinalMove(DecisionContext ctx, Command command, string accountId, string classId, long quantity, AccountKind into, out string target)
    {
        var s = R(ctx.World);
        target = "";
        if (CheckQuantity(quantity) is { } bad)
            return bad;
        if (!s.Accounts.TryGetValue(accountId, out var account))
            return Reject("unknown_account", $"No account has the id '{accountId}'.");
        if (!s.Classes.TryGetValue(classId, out var cls))
            return Reject("unknown_unit_class", $"No unit class has the id '{classId}'.");
        if (cls.Type == UnitType.Cash)
            return Reject("wrong_unit_type", "Cash is never surrendered, cancelled or retired.");
        target = AccountKinds.SystemAccountId(account.MarketId, into);
        // Who may move out of the account is checked before what it holds, so a refusal tells no one else its balance.
        if (AuctionAccountRule.Check(ctx, command, account) is { } auctionAccount)
            return auctionAccount;
        var role = s.RoleOf(ctx.Actor);
        // The exchange cancels an auction's unsold units as a step of its own command (the auction-account rule let it here).
        var allowed = role == Role.RegistryOperator || (account.Holder == ctx.Actor && account.Kind.IsHolderKind())
            || (role == Role.Regulator && account.Kind.AcceptsIssuance() && into == AccountKind.Cancellation)
            || (role == Role.ExchangeOperator && account.Kind == AccountKind.Auction && into == AccountKind.Cancellation);
        if (!allowed)
            return NotAuthorized(ctx.Actor, $"move units out of '{accountId}'");
        var error = s.CheckLeg(accountId, target, classId, quantity, null, intoFinalAccount: true);
        return error == RegistryError.None ? null
            : RegistryChecks.Reject(error, accountId, target, classId, quantity, AvailableFor(s, ctx.Actor, accountId, classId));
    }

    /// <summary>The compliance cycle's surrender, which counts a surrender against the year's obligation.</summary>
    public const string CycleSurrender = "compliance.surrender";

    private static Rejection? Surrender(DecisionContext ctx, Surrender c)
    {
        if (c.ComplianceYear is < 2000 or > 2100)
            return Reject("invalid_vintage", $"{c.ComplianceYear} is not a compliance year.");
        if (CheckFinalMove(ctx, c, c.AccountId, c.ClassId, c.Quantity, AccountKind.Surrender, out var target) is { } denied)
            return denied;
        // Where a compliance cycle runs, a surrender sent on its own would destroy units that count against no obligation.
        if (ReferenceEquals(ctx.Envelope.Body, c) && ctx.World.Catalog.Runs(CycleSurrender))
            return Reject("surrender_through_cycle");
        var s = R(ctx.World);
        ctx.Emit(new UnitsTransferred(c.AccountId, target, c.ClassId, c.Quantity, null, SerialsFor(s, c.AccountId, c.ClassId, c.Quantity)));
        ctx.Emit(new UnitsSurrendered(c.AccountId, c.ClassId, c.Quantity, c.ComplianceYear));
        return null;
    }

    private static Rejection? Cancel(DecisionContext ctx, Cancel c)
    {
        if (!ValidText(c.Reason))
            return Reject("invalid_text", "A cancellation states its reason.");
        if (CheckFinalMove(ctx, c, c.AccountId, c.ClassId, c.Quantity, AccountKind.Cancellation, out var target) is { } denied)
            return denied;
        var s = R(ctx.World);
        ctx.Emit(new UnitsTransferred(c.AccountId, target, c.ClassId, c.Quantity, null, SerialsFor(s, c.AccountId, c.ClassId, c.Quantity)));
        ctx.Emit(new UnitsCancelled(c.AccountId, c.ClassId, c.Quantity, c.Reason));
        return null;
    }

    private static Rejection? Retire(DecisionContext ctx, Retire c)
    {
        if (!ValidText(c.Beneficiary) || !ValidText(c.Purpose))
            return Reject("beneficiary_required");
        if (CheckFinalMove(ctx, c, c.AccountId, c.ClassId, c.Quantity, AccountKind.Retirement, out var target) is { } denied)
            return denied;
        var s = R(ctx.World);
        List<SerialRange>? serials;
        if (c.SerialStart is { } start)
        {
            var holding = s.HoldingOf(c.AccountId, c.ClassId);
            if (!s.Classes[c.ClassId].Serialized)
                return Reject("wrong_unit_type", $"{c.ClassId} carries no serial numbers, so a retirement of it names none.");
            if (start < 1 || start > long.MaxValue - c.Quantity)
                return Reject("serial_not_held", $"'{c.AccountId}' holds no serial {start} of {c.ClassId}.");
            var range = new SerialRange(start, start + c.Quantity - 1);
            if (holding?.Serials is null || !range.IsValid || !holding.Serials.Contains(range))
                return Reject("serial_not_held", $"'{c.AccountId}' does not hold serials {range} of {c.ClassId}.");
            serials = [range];
        }
        else
        {
            serials = SerialsFor(s, c.AccountId, c.ClassId, c.Quantity);
        }
        ctx.Emit(new UnitsTransferred(c.AccountId, target, c.ClassId, c.Quantity, null, serials));
        ctx.Emit(new UnitsRetired(c.AccountId, c.ClassId, c.Quantity, c.Beneficiary, c.Purpose, serials, ctx.Time));
        return null;
    }
}
