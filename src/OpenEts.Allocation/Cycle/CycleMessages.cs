// Commands and events of the compliance cycle. Units live in the registry: allocation is issued and
// surrendered through its commands; the cycle records what each entity-year was given, owes and surrendered.
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Plans;
using OpenEts.Core;

namespace OpenEts.Allocation.Cycle;

/// <summary>Registers a covered entity (regulator): its reporting groups, main fuel and registry account (default: the entity id).</summary>
public sealed record RegisterEntity(string Entity, string Sector, string Province, Fuel Fuel, string? Account = null) : Command;

/// <summary>
/// Opens a compliance year under a plan (regulator): its flexibilities, vintages, offset cap and deadline. A year holds one
/// plan per sector: opening a year already open for other sectors adds the plan of its sector (steel, cement…) beside them.
/// </summary>
public sealed record OpenComplianceYear(int Year, string PlanId) : Command;

/// <summary>
/// Issues one generating unit's allocation for a year into its entity's account (regulator). Any deduction
/// carried from earlier shortfalls is taken off first. A unit is allocated once per year.
/// </summary>
public sealed record IssueAllocation(string Entity, int Year, string UnitId, long AllocationT) : Command;

/// <summary>Sets an entity's obligation for a year from its final verified emissions in MRV (regulator).</summary>
public sealed record SetObligation(string Entity, int Year) : Command;

/// <summary>
/// Surrenders units of one class against an entity's obligation for a year, before the deadline: an allowance
/// class of an eligible vintage, or CCER within the offset cap. By the account holder, or the regulator or
/// registry operator on its behalf.
/// </summary>
public sealed record SurrenderForYear(string Entity, int Year, string ClassId, long QuantityT) : Command;

/// <summary>
/// Borrows next allocation's allowances for a year where the plan allows it (the entity's holder, or a regulator or
/// registry operator on its behalf): issued early in the plan's borrowing vintage, surrendered at once against the
/// year, and deducted from the entity's next allocation.
/// </summary>
public sealed record BorrowForYear(string Entity, int Year, long QuantityT) : Command;

/// <summary>The entity's account holder objects to its allocation for a year, within the rulebook's working days of notification.</summary>
public sealed record ObjectToAllocation(string Entity, int Year, string Reason) : Command;

/// <summary>
/// The regulator answers the pending objection: upheld (optionally adding tonnes, issued through the registry
/// before the obligation is set) or dismissed, with the answer's text.
/// </summary>
public sealed record AnswerObjection(string Entity, int Year, bool Upheld, long AdditionalT, string Answer) : Command;

/// <summary>An objection was filed; the answer is due by <paramref name="AnswerDue"/>.</summary>
public sealed record AllocationObjected(string Entity, int Year, int Number, string Reason, DateOnly FiledOn, DateOnly AnswerDue) : Event;

/// <summary>An objection was answered (late when after its due day).</summary>
public sealed record ObjectionAnswered(string Entity, int Year, int Number, bool Upheld, long AdditionalT, string Answer, DateOnly AnsweredOn, bool Late) : Event;

/// <summary>
/// Sets aside the year's reserve (regulator): the plan's reserve share of the year's cap, issued into the
/// market's reserve account. Once per year; the plan must set a reserve share.
/// </summary>
public sealed record SetAsideReserve(int Year) : Command;

/// <summary>
/// Closes a compliance year after its deadline (regulator): status per entity, the penalty range at the
/// reference price (the average of the month before the deadline, in fen per tonne), shortfalls carried to the next allocation.
/// </summary>
public sealed record CloseComplianceYear(int Year, long ReferencePriceFen = 0) : Command;

/// <summary>
/// Sells a year's paid share (regulator): the plan's share of the year's allocation (or, where the plan sets none, the
/// share in cn-paid-allocation.json), down to whole bid lots, issued into the market's auction account and announced as
/// one auction at the reserve price (the plan's, else <see cref="ReservePriceFen"/>). Once per year.
/// </summary>
public sealed record SellPaidShare(int Year, string AuctionId, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, long? ReservePriceFen = null) : Command;

/// <summary>An entity was registered.</summary>
public sealed record EntityRegistered(string Entity, string Sector, string Province, Fuel Fuel, string Account) : Event;

/// <summary>
/// A compliance year was opened under a plan, in a registry market, with the class its allocation is issued in; or, when
/// the year is already open for another sector, the plan of <paramref name="Sector"/> was added to it. No sector (journals
/// written before sectors) means power.
/// </summary>
public sealed record ComplianceYearOpened(int Year, string PlanId, DateOnly Deadline, string MarketId, string AllowanceClass, string? PlanJson = null, string? Sector = null) : Event;

/// <summary>A unit's allocation: the plan's amount, the deduction taken off, and what reached the entity's account.</summary>
public sealed record AllocationIssued(string Entity, int Year, string UnitId, long AllocationT, long DeductedT, long IssuedT, DateOnly? IssuedOn = null) : Event;

/// <summary>The year's reserve share issued into the market's reserve account: the cap it was taken from and the tonnes set aside.</summary>
public sealed record ReserveSetAside(int Year, string ClassId, string Account, long CapT, long ReserveT) : Event;

/// <summary>Final verified emissions read from MRV and the obligation set after the plan's flexibilities.</summary>
public sealed record ObligationSet(string Entity, int Year, long VerifiedT, long ObligationT, long CcerCapT) : Event;

/// <summary>Units surrendered against an obligation (final): allowances or CCER of one class.</summary>
public sealed record UnitsSurrenderedForYear(string Entity, int Year, string ClassId, long AllowancesT, long CcerT) : Event;

/// <summary>Allowances borrowed from the next allocation and surrendered against the year (carried as a deduction).</summary>
public sealed record AllowancesBorrowed(string Entity, int Year, string ClassId, long QuantityT) : Event;

/// <summary>A year's paid share was issued into the auction account and offered by the named auction.</summary>
public sealed record PaidShareOffered(int Year, string AuctionId, string Account, string ClassId, long AllocationT, decimal Share, long QuantityT, long ReservePriceFen) : Event;

/// <summary>One entity's result when its year closed; penalties in fen.</summary>
public sealed record EntityYearResult(string Entity, long ObligationT, long SurrenderedT, long ShortfallT, ComplianceStatus Status, long DeductionT,
    long PenaltyMinFen = 0, long PenaltyMaxFen = 0);

/// <summary>A compliance year closed, with every entity's result.</summary>
public sealed record ComplianceYearClosed(int Year, long ReferencePriceFen, IReadOnlyList<EntityYearResult> Results) : Event;

/// <summary>
/// Issues an industrial entity's allocation under a grandfathering plan (regulator): its final verified emissions of the
/// year in MRV, once all its reports are final (allocation line "verified-emissions").
/// </summary>
public sealed record IssueVerifiedEmissionsAllocation(string Entity, int Year) : Command;

/// <summary>
/// Pre-allocates an industrial entity's year under an intensity plan (regulator): the plan's share (70%) of its final
/// verified emissions of the plan's base year (the previous year), rounded once (allocation line "pre-allocation").
/// </summary>
public sealed record PreAllocate(string Entity, int Year) : Command;

/// <summary>
/// Trues up an industrial entity's year under an intensity plan once its output is verified (regulator): final allocation
/// = <paramref name="VerifiedOutput"/> (units of the benchmark's product) × the plan's benchmark, less what was allocated
/// already; a positive difference is issued (line "true-up"), a negative one cancelled from the entity's account.
/// </summary>
public sealed record TrueUpAllocation(string Entity, int Year, long VerifiedOutput) : Command;

/// <summary>An intensity plan's true-up: output, benchmark, the final allocation, what had been allocated, and the difference issued (positive) or cancelled (negative).</summary>
public sealed record AllocationTrueUpDone(string Entity, int Year, string PlanId, long VerifiedOutput, decimal BenchmarkTPerUnit, long FinalAllocationT, long AllocatedBeforeT, long DifferenceT) : Event;
