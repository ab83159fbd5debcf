// The compliance cycle's state: entities, years, allocations issued per unit, obligations and what was surrendered.
// Holdings are the registry's; this state never counts units an account holds.
using System.Text.Json;
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

/// <summary>A compliance year: its plan, registry market, allocation class, reference price once closed, whether it is closed, the reserve set aside, and the plan's rulebook JSON when it is a market's own (not bundled) plan.</summary>
public sealed record ComplianceYear(int Year, string PlanId, DateOnly Deadline, string MarketId, string AllowanceClass, bool Closed, long ReferencePriceFen = 0, long ReserveT = 0, string? PlanJson = null);

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
            if (y.PlanJson is { } json)
                Rulebooks.RestoreFromJournal(json);
            Years[y.Year] = y;
        }
        foreach (var o in s.Obligations)
            Obligations[(o.Year, o.Entity)] = o;
        (AllowancesIssuedT, AllowancesSurrenderedT, CcerSurrenderedT) = (s.AllowancesIssuedT, s.AllowancesSurrenderedT, s.CcerSurrenderedT);
    }

    private sealed record Snapshot(IReadOnlyList<CoveredEntity> Entities, IReadOnlyList<ComplianceYear> Years, IReadOnlyList<Obligation> Obligations,
        long AllowancesIssuedT, long AllowancesSurrenderedT, long CcerSurrenderedT, IReadOnlyList<PaidShareOffered>? PaidShares = null);
}
