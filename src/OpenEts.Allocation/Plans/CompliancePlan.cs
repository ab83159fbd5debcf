// What the compliance cycle needs of any plan, power or industrial: its market, sector and years, the
// flexibilities and offsets that set an obligation, the penalty, the deadline and the shares set aside.
namespace OpenEts.Allocation.Plans;

/// <summary>The parts of an allocation plan the compliance cycle decides with; power and industrial plans both have them.</summary>
public interface ICompliancePlan
{
    /// <summary>Plan id.</summary>
    string Id { get; }

    /// <summary>Title.</summary>
    string Title { get; }

    /// <summary>The rulebook of the registry market the plan's allowances live in.</summary>
    string Market { get; }

    /// <summary>The sector the plan covers (power, steel, cement, aluminium).</summary>
    string Sector { get; }

    /// <summary>The years the plan covers.</summary>
    IReadOnlyList<int> Years { get; }

    /// <summary>The compliance year the plan's obligations belong to (its last year).</summary>
    int LastYear { get; }

    /// <summary>The latest allowance vintage surrendered for this plan's years.</summary>
    int EligibleVintageUpTo { get; }

    /// <summary>Intensity- or total-based control.</summary>
    ControlSettings Control { get; }

    /// <summary>Rounding of allocations and caps.</summary>
    RoundingSettings Rounding { get; }

    /// <summary>Flexibilities that lower or spread an obligation.</summary>
    FlexibilitySettings Flexibilities { get; }

    /// <summary>Offsets usable.</summary>
    OffsetSettings Offsets { get; }

    /// <summary>The fine for a shortfall.</summary>
    PenaltySettings Penalty { get; }

    /// <summary>Whether a shortfall comes off the next allocation.</summary>
    Sourced<bool> DeductShortfallFromNextAllocation { get; }

    /// <summary>Share sold by one-way bidding.</summary>
    PaidAllocationSettings PaidAllocation { get; }

    /// <summary>Share set aside for the reserve.</summary>
    ReserveSettings Reserve { get; }

    /// <summary>Surrender deadline.</summary>
    Sourced<DateOnly> Deadline { get; }
}
