// Builders for generating units used across the tests.
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Tests;

internal static class Units
{
    public static GeneratingUnit Coal(decimal outputMwh, UnitCategory category = UnitCategory.CoalGt300, Cooling cooling = Cooling.Water,
        decimal heatGj = 0, decimal heatRatio = 0, decimal loadRate = 0.90m, string id = "U1", string entity = "E1") =>
        new(id, entity, Fuel.Coal, category, cooling, outputMwh, heatGj, heatRatio, loadRate);

    public static GeneratingUnit Gas(decimal outputMwh, decimal heatGj = 0, decimal heatRatio = 0, string id = "G1", string entity = "E1") =>
        new(id, entity, Fuel.Gas, UnitCategory.Gas, Cooling.Water, outputMwh, heatGj, heatRatio, 0.60m);
}
