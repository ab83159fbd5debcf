// Commands and events of the compliance cycle: entities, allocation issued, verified emissions, surrender, close.
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Plans;
using OpenEts.Core;

namespace OpenEts.Allocation.Cycle;

/// <summary>Registers a covered entity with the groups reports break down by.</summary>
public sealed record RegisterEntity(string Entity, string Sector, string Province, Fuel Fuel) : Command;

/// <summary>Opens a compliance year under a bundled plan (its flexibilities, offset cap and deadline).</summary>
public sealed record OpenComplianceYear(int Year, string PlanId) : Command;

/// <summary>Issues an entity's allocation for a year; any deduction carried from earlier shortfalls is taken off first.</summary>
public sealed record IssueAllocation(string Entity, int Year, long AllocationT) : Command;

/// <summary>Credits voluntary credits (CCER) to an entity (stand-in for a registry transfer from the voluntary market).</summary>
public sealed record CreditOffsets(string Entity, long QuantityT) : Command;

/// <summary>Moves allowances between two entities (stand-in for a settled trade).</summary>
public sealed record TransferAllowances(string From, string To, long QuantityT) : Command;

/// <summary>Records an entity's verified emissions for a year; the obligation follows from the year's plan.</summary>
public sealed record RecordVerifiedEmissions(string Entity, int Year, long VerifiedT) : Command;

/// <summary>Surrenders allowances and CCER against an entity's obligation for a year, before the deadline.</summary>
public sealed record SurrenderForYear(string Entity, int Year, long AllowancesT, long CcerT) : Command;

/// <summary>Closes a compliance year after its deadline: status per entity, shortfalls carried to the next allocation.</summary>
public sealed record CloseComplianceYear(int Year) : Command;

/// <summary>An entity was registered.</summary>
public sealed record EntityRegistered(string Entity, string Sector, string Province, Fuel Fuel) : Event;

/// <summary>A compliance year was opened under a plan.</summary>
public sealed record ComplianceYearOpened(int Year, string PlanId, DateOnly Deadline) : Event;

/// <summary>Allocation issued: the plan's amount, the deduction taken off, and what reached the entity.</summary>
public sealed record AllocationIssued(string Entity, int Year, long AllocationT, long DeductedT, long IssuedT) : Event;

/// <summary>CCER reached an entity.</summary>
public sealed record OffsetsCredited(string Entity, long QuantityT) : Event;

/// <summary>Allowances moved between entities.</summary>
public sealed record AllowancesTransferred(string From, string To, long QuantityT) : Event;

/// <summary>Verified emissions recorded and the obligation set after the plan's flexibilities.</summary>
public sealed record ObligationSet(string Entity, int Year, long VerifiedT, long ObligationT, long CcerCapT) : Event;

/// <summary>Units surrendered against an obligation (final).</summary>
public sealed record UnitsSurrenderedForYear(string Entity, int Year, long AllowancesT, long CcerT) : Event;

/// <summary>One entity's result when its year closed.</summary>
public sealed record EntityYearResult(string Entity, long ObligationT, long SurrenderedT, long ShortfallT, ComplianceStatus Status, long DeductionT);

/// <summary>A compliance year closed, with every entity's result.</summary>
public sealed record ComplianceYearClosed(int Year, IReadOnlyList<EntityYearResult> Results) : Event;
