// The compliance cycle's state: entities, years, allocations issued per unit, obligations and what was surrendered.
// Holdings are the registry's; this state never counts units an account holds.
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Plans;
using OpenEts.Core;

namespace OpenEts.Allocation.Cycle;

/// <summary>A covered entity: reporting groups, fuel, registry account and any deduction carried.</summary>
public sealed class CoveredEntity
{
    /// <summary>Entity id.</summary>
    public required string Id { get; init; }

    /// <summary>Sector (power, steel…).</summary>
    public required string Sector { get; init; }

    /// <summary>Province.</summary>
    public required string Province { get; init; }

    /// <summary>Main fuel (gas units owe at most their allocation).</summary>
    public required Fuel Fuel { get; init; }

    /// <summary>The entity's CoveredEntity account in the registry.</summary>
    public required string Account { get; init; }

    /// <summary>Deduction owed against the next allocation (unsurrendered shortfalls).</summary>
    public long PendingDeductionT { get; set; }
}

/// <summary>An entity's obligation for one year and what has been surrendered against it.</summary>
public sealed class Obligation
{
    /// <summary>Entity id.</summary>
    public required string Entity { get; init; }

    /// <summary>Compliance year.</summary>
    public required int Year { get; init; }

    /// <summary>Allocation of the year (before deduction), as the flexibilities use it.</summary>
    public long AllocationT { get; set; }

    /// <summary>Allocation that reached the account (after deduction).</summary>
    public long IssuedT { get; set; }

    /// <summary>Generating units whose allocation has been issued, in issue order.</summary>
    public List<string> Units { get; init; } = [];

    /// <summary>Verified emissions, once recorded.</summary>
    public long? VerifiedT { get; set; }

    /// <summary>Obligation after flexibilities.</summary>
    public long ObligationT { get; set; }

    /// <summary>Most CCER usable.</summary>
    public long CcerCapT { get; set; }

    /// <summary>Allowances surrendered so far.</summary>
    public long SurrenderedAllowancesT { get; set; }

    /// <summary>CCER surrendered so far.</summary>
    public long SurrenderedCcerT { get; set; }

    /// <summary>Allowances borrowed from the next allocation and surrendered against this year.</summary>
    public long BorrowedT { get; set; }

    /// <summary>The day the allocation was last issued (the notification the objection window counts from).</summary>
    public DateOnly? AllocatedOn { get; set; }

    /// <summary>Objections to the allocation, in filing order, with their answers.</summary>
    public List<AllocationObjection> Objections { get; init; } = [];

    /// <summary>The result once the year closed.</summary>
    public EntityYearResult? Result { get; set; }

    /// <summary>Everything surrendered so far, borrowed allowances included.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long SurrenderedT => SurrenderedAllowancesT + SurrenderedCcerT + BorrowedT;
}

/// <summary>
/// A compliance year: the plan it was opened with (its registry market, allocation class and deadline; the reserve and
/// the paid share follow this plan), reference price once closed, whether it is closed, the reserve set aside, the plan's
/// rulebook JSON when it is a market's own (not bundled) plan, the sector of that plan (null in journals written before
/// sectors: power), and the plans of the other sectors opened in the same year. Each entity settles under its sector's plan.
/// The two sector fields are left out of the snapshot while null, so a year restored from an older snapshot hashes as it did.
/// </summary>
public sealed record ComplianceYear(int Year, string PlanId, DateOnly Deadline, string MarketId, string AllowanceClass, bool Closed, long ReferencePriceFen = 0, long ReserveT = 0, string? PlanJson = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sector = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<YearPlan>? SectorPlans = null)
{
    /// <summary>The sector of a plan opened by an event that names none (journals written before sectors).</summary>
    public const string PowerSector = "power";

    /// <summary>Every plan of the year, the one it was opened with first.</summary>
    public IReadOnlyList<YearPlan> AllPlans() => [new YearPlan(Sector ?? PowerSector, PlanId, Deadline, MarketId, AllowanceClass, PlanJson), .. SectorPlans ?? []];

    /// <summary>The year's plan for <paramref name="sector"/>, or null when no plan of that sector is open in the year.</summary>
    public YearPlan? PlanFor(string sector) => AllPlans().FirstOrDefault(p => p.Sector == sector);

    /// <summary>The latest deadline of the year's plans: the year closes after it.</summary>
    public DateOnly LastDeadline() => AllPlans().Max(p => p.Deadline);
}

/// <summary>One sector's plan within a compliance year: the plan, its deadline, the registry market and the class its allocation is issued in.</summary>
public sealed record YearPlan(string Sector, string PlanId, DateOnly Deadline, string MarketId, string AllowanceClass, string? PlanJson = null);

/// <summary>State of the compliance cycle.</summary>
public sealed class CycleState : IModuleState
{
    /// <summary>Entities by id.</summary>
    public SortedDictionary<string, CoveredEntity> Entities { get; } = new(StringComparer.Ordinal);

    /// <summary>Years by number.</summary>
    public SortedDictionary<int, ComplianceYear> Years { get; } = [];

    /// <summary>Obligations by (year, entity).</summary>
    public SortedDictionary<(int Year, string Entity), Obligation> Obligations { get; } = [];

    /// <summary>Paid shares offered, by year.</summary>
    public SortedDictionary<int, PaidShareOffered> PaidShares { get; } = [];

    /// <summary>Allowances ever issued through the cycle.</summary>
    public long AllowancesIssuedT { get; set; }

    /// <summary>Allowances ever surrendered.</summary>
    public long AllowancesSurrenderedT { get; set; }

    /// <summary>CCER ever surrendered.</summary>
    public long CcerSurrenderedT { get; set; }

    /// <summary>What the cycle allocated for <paramref name="year"/>: every unit's plan amount, before deductions.</summary>
    public long AllocatedT(int year) => Obligations.Values.Where(o => o.Year == year).Sum(o => o.AllocationT);

    /// <summary>The obligation record of (year, entity), created on first use.</summary>
    public Obligation ObligationOf(int year, string entity)
    {
        if (!Obligations.TryGetValue((year, entity), out var o))
            Obligations[(year, entity)] = o = new Obligation { Entity = entity, Year = year };
        return o;
    }

    /// <inheritdoc />
    public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new Snapshot(Entities.Values.ToArray(), Years.Values.ToArray(), Obligations.Values.ToArray(),
            AllowancesIssuedT, AllowancesSurrenderedT, CcerSurrenderedT, PaidShares.Values.ToArray()), options);

    /// <inheritdoc />
    public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
    {
        var s = snapshot.Deserialize<Snapshot>(options) ?? throw new JsonException("Empty compliance-cycle snapshot.");
        Entities.Clear();
        Years.Clear();
        Obligations.Clear();
        PaidShares.Clear();
        foreach (var p in s.PaidShares ?? [])
            PaidShares[p.Year] = p;
        foreach (var e in s.Entities)
            Entities[e.Id] = e;
        foreach (var y in s.Years)
        {
            foreach (var p in y.AllPlans())
            {
                if (p.PlanJson is { } json)
                    Rulebooks.RestoreFromJournal(json);
            }
            Years[y.Year] = y;
        }
        foreach (var o in s.Obligations)
            Obligations[(o.Year, o.Entity)] = o;
        (AllowancesIssuedT, AllowancesSurrenderedT, CcerSurrenderedT) = (s.AllowancesIssuedT, s.AllowancesSurrenderedT, s.CcerSurrenderedT);
    }

    private sealed record Snapshot(IReadOnlyList<CoveredEntity> Entities, IReadOnlyList<ComplianceYear> Years, IReadOnlyList<Obligation> Obligations,
        long AllowancesIssuedT, long AllowancesSurrenderedT, long CcerSurrenderedT, IReadOnlyList<PaidShareOffered>? PaidShares = null);
}
