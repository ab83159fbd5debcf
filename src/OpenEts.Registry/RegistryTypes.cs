// The registry's vocabulary: roles, account kinds, unit types and lock reasons.
namespace OpenEts.Registry;

/// <summary>What an identity may do. One role per identity.</summary>
public enum Role
{
    /// <summary>National or provincial authority: rulebooks, issuance, allocation, freezes.</summary>
    Regulator,

    /// <summary>Opens accounts, executes transfers, keeps the books, books cash from settlement banks.</summary>
    RegistryOperator,

    /// <summary>Runs trading sessions and settlement; moves units and cash under the locks of orders.</summary>
    ExchangeOperator,

    /// <summary>A key emitter with a compliance obligation.</summary>
    CoveredEntity,

    /// <summary>Verifies emission reports and monitoring reports.</summary>
    Verifier,

    /// <summary>Validates voluntary projects.</summary>
    ValidationBody,

    /// <summary>Registers voluntary projects and receives credits.</summary>
    ProjectOwner,

    /// <summary>An institution or person that holds, buys, sells and retires.</summary>
    Investor,
}

/// <summary>The kind of an account: holders' accounts and the market's system accounts.</summary>
public enum AccountKind
{
    /// <summary>A covered entity's holding account.</summary>
    CoveredEntity,

    /// <summary>An investor's holding account.</summary>
    Investor,

    /// <summary>A voluntary project owner's account.</summary>
    ProjectOwner,

    /// <summary>Where the regulator creates units.</summary>
    Issuance,

    /// <summary>The allowance reserve (market stability).</summary>
    Reserve,

    /// <summary>Units for sale by one-way bidding (paid allocation, reserve releases).</summary>
    Auction,

    /// <summary>Units surrendered for compliance: final.</summary>
    Surrender,

    /// <summary>Units cancelled voluntarily or by the regulator: final.</summary>
    Cancellation,

    /// <summary>Credits and allowances retired for a claim: final.</summary>
    Retirement,

    /// <summary>
    /// A government account of a market that receives its auction proceeds for the state treasury: opened by a regulator
    /// or the registry operator, held by no trader; only the registry operator pays out of it (through a settlement bank).
    /// </summary>
    Treasury,
}

/// <summary>What a unit class counts.</summary>
public enum UnitType
{
    /// <summary>A compliance allowance (CEA): market and vintage.</summary>
    Allowance,

    /// <summary>A voluntary credit (CCER): project and vintage, with serial numbers.</summary>
    Credit,

    /// <summary>Money, counted in the currency's minor unit (fen).</summary>
    Cash,
}

/// <summary>Why a part of a holding is locked.</summary>
public enum LockReason
{
    /// <summary>Held for an open order on the exchange.</summary>
    Order,

    /// <summary>Pledged as collateral.</summary>
    Pledge,

    /// <summary>Frozen by a judicial or regulatory decision.</summary>
    Freeze,

    /// <summary>Held in escrow for a block trade, auction or other two-phase transfer.</summary>
    Escrow,
}

/// <summary>Helpers on account kinds.</summary>
public static class AccountKinds
{
    /// <summary>System accounts every market has, with the suffix of their ids.</summary>
    public static readonly (AccountKind Kind, string Suffix)[] System =
    [
        (AccountKind.Issuance, "ISSUANCE"),
        (AccountKind.Reserve, "RESERVE"),
        (AccountKind.Auction, "AUCTION"),
        (AccountKind.Surrender, "SURRENDER"),
        (AccountKind.Cancellation, "CANCELLATION"),
        (AccountKind.Retirement, "RETIREMENT"),
    ];

    /// <summary>True for the accounts holders open (not system accounts).</summary>
    public static bool IsHolderKind(this AccountKind kind) => kind is AccountKind.CoveredEntity or AccountKind.Investor or AccountKind.ProjectOwner;

    /// <summary>True for accounts units never leave: surrender, cancellation, retirement.</summary>
    public static bool IsFinal(this AccountKind kind) => kind is AccountKind.Surrender or AccountKind.Cancellation or AccountKind.Retirement;

    /// <summary>True for system accounts the regulator may issue into.</summary>
    public static bool AcceptsIssuance(this AccountKind kind) => kind is AccountKind.Issuance or AccountKind.Reserve or AccountKind.Auction;

    /// <summary>The id of a market's system account of this kind ("cn-SURRENDER").</summary>
    public static string SystemAccountId(string market, AccountKind kind) =>
        market + "-" + System.First(s => s.Kind == kind).Suffix;
}
