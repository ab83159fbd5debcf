// The registry's commands and events. Quantities are whole tonnes for units and fen for cash.
using System.Text.Json.Serialization;
using OpenEts.Core;

namespace OpenEts.Registry;

/// <summary>Gives an identity its role. The very first grant (on an empty registry) bootstraps the first regulator.</summary>
public sealed record GrantRole(string Identity, Role Role) : Command;

/// <summary>Opens a market with its rulebook id and currency; creates its system accounts and its cash class.</summary>
public sealed record OpenMarket(string MarketId, string Name, string Rulebook, string Currency = "CNY") : Command;

/// <summary>
/// Opens a holder's account in a market. <see cref="NaturalPerson"/>: the holder is a natural person, not a legal person or
/// other organisation (an investor account only; written only when true, so an organisation's command reads as before).
/// </summary>
public sealed record OpenAccount(string AccountId, string MarketId, string Holder, AccountKind Kind, string? HolderName = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool NaturalPerson = false) : Command;

/// <summary>Closes an empty account with no locks (dissolution, bankruptcy, death).</summary>
public sealed record CloseAccount(string AccountId) : Command;

/// <summary>Freezes an account (judicial or regulatory): nothing leaves it until unfrozen.</summary>
public sealed record FreezeAccount(string AccountId, string Reason) : Command;

/// <summary>Lifts a freeze.</summary>
public sealed record UnfreezeAccount(string AccountId) : Command;

/// <summary>Defines a unit class: an allowance vintage of a market, or a project's credit vintage (serialized).</summary>
public sealed record DefineUnitClass(string ClassId, string MarketId, UnitType Type, int Vintage, string? ProjectId = null) : Command;

/// <summary>Creates units of a class in one of the market's issuance, reserve or auction accounts (regulator only).</summary>
public sealed record Issue(string ClassId, string ToAccount, long Quantity) : Command;

/// <summary>Books cash received through a settlement bank into an account (registry operator).</summary>
public sealed record DepositCash(string AccountId, long AmountFen) : Command;

/// <summary>Pays cash out of an account through a settlement bank (registry operator).</summary>
public sealed record WithdrawCash(string AccountId, long AmountFen) : Command;

/// <summary>One leg of a transfer; with <see cref="LockId"/> it consumes units held by that lock.</summary>
public sealed record TransferLeg(string From, string To, string ClassId, long Quantity, string? LockId = null);

/// <summary>Moves units or cash between two accounts.</summary>
public sealed record Transfer(string From, string To, string ClassId, long Quantity, string? LockId = null) : Command
{
    /// <summary>The transfer as one leg.</summary>
    public TransferLeg AsLeg() => new(From, To, ClassId, Quantity, LockId);
}

/// <summary>Legs that succeed or fail together (delivery versus payment).</summary>
public sealed record LinkedTransfer(IReadOnlyList<TransferLeg> Legs) : Command
{
    /// <summary>Most legs in one linked transfer.</summary>
    public const int MaxLegs = 16;
}

/// <summary>Locks part of a holding (an order, a pledge, a freeze, an escrow) under a caller-chosen lock id.</summary>
public sealed record Lock(string LockId, string AccountId, string ClassId, long Quantity, LockReason Reason) : Command;

/// <summary>Releases what remains of a lock.</summary>
public sealed record Unlock(string LockId) : Command;

/// <summary>Surrenders units for a compliance year into the market's surrender account (final).</summary>
public sealed record Surrender(string AccountId, string ClassId, long Quantity, int ComplianceYear) : Command;

/// <summary>Cancels units into the market's cancellation account (final): they never come back.</summary>
public sealed record Cancel(string AccountId, string ClassId, long Quantity, string Reason) : Command;

/// <summary>Retires units for a claim, with beneficiary and purpose, into the retirement account (final).</summary>
public sealed record Retire(string AccountId, string ClassId, long Quantity, string Beneficiary, string Purpose, long? SerialStart = null) : Command;

/// <summary>An identity was given a role.</summary>
public sealed record RoleGranted(string Identity, Role Role) : Event;

/// <summary>A market was opened.</summary>
public sealed record MarketOpened(string MarketId, string Name, string Rulebook, string Currency) : Event;

/// <summary>An account was opened (holders' and system accounts alike); <see cref="NaturalPerson"/> written only when true.</summary>
public sealed record AccountOpened(string AccountId, string MarketId, string Holder, AccountKind Kind, string? HolderName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool NaturalPerson = false) : Event;

/// <summary>An account was closed.</summary>
public sealed record AccountClosed(string AccountId) : Event;

/// <summary>An account was frozen.</summary>
public sealed record AccountFrozen(string AccountId, string Reason) : Event;

/// <summary>An account's freeze was lifted.</summary>
public sealed record AccountUnfrozen(string AccountId) : Event;

/// <summary>A unit class was defined.</summary>
public sealed record UnitClassDefined(string ClassId, string? MarketId, UnitType Type, int Vintage, string? ProjectId) : Event;

/// <summary>Units (or cash) came into existence in an account; serialized classes carry their range.</summary>
public sealed record UnitsIssued(string ClassId, string ToAccount, long Quantity, SerialRange? Serials) : Event;

/// <summary>Cash left the system through a settlement bank.</summary>
public sealed record CashWithdrawn(string AccountId, string ClassId, long AmountFen) : Event;

/// <summary>Units or cash moved; serialized classes name the exact serials moved.</summary>
public sealed record UnitsTransferred(string From, string To, string ClassId, long Quantity, string? LockId, IReadOnlyList<SerialRange>? Serials) : Event;

/// <summary>Part of a holding was locked.</summary>
public sealed record UnitsLocked(string LockId, string AccountId, string ClassId, long Quantity, LockReason Reason) : Event;

/// <summary>What remained of a lock was released.</summary>
public sealed record UnitsUnlocked(string LockId, long Quantity) : Event;

/// <summary>Units were surrendered for a compliance year (the transfer into the surrender account is its own event).</summary>
public sealed record UnitsSurrendered(string AccountId, string ClassId, long Quantity, int ComplianceYear) : Event;

/// <summary>Units were cancelled (the transfer into the cancellation account is its own event).</summary>
public sealed record UnitsCancelled(string AccountId, string ClassId, long Quantity, string Reason) : Event;

/// <summary>Units were retired for a claim (the transfer into the retirement account is its own event).</summary>
public sealed record UnitsRetired(string AccountId, string ClassId, long Quantity, string Beneficiary, string Purpose, IReadOnlyList<SerialRange>? Serials, DateTimeOffset Time) : Event;
