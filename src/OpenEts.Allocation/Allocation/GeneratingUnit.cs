// A generating unit's data for one year, as the allocation needs it.
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Allocation;

/// <summary>
/// One generating unit in one year. Output in MWh (supplied up to 2022, generated from 2023), heat in GJ,
/// ratios as decimals (0.78 for 78%).
/// </summary>
public sealed record GeneratingUnit(
    string UnitId,
    string Entity,
    Fuel Fuel,
    UnitCategory Category,
    Cooling Cooling,
    decimal OutputMwh,
    decimal SuppliedHeatGj,
    decimal HeatSupplyRatio,
    decimal LoadRate);
