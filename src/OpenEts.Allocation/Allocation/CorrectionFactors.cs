// The power plans' correction factors: cooling mode, heat-supply ratio and load rate.
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Allocation;

/// <summary>The three correction factors of a unit under a plan; each is 1 where it does not apply.</summary>
public sealed record CorrectionFactors(decimal Cooling, decimal HeatSupply, decimal Load)
{
    /// <summary>Computes the factors of <paramref name="unit"/> under <paramref name="plan"/>.</summary>
    public static CorrectionFactors For(PowerPlan plan, GeneratingUnit unit)
    {
        var cogeneration = unit.HeatSupplyRatio > 0;
        return new CorrectionFactors(CoolingFactor(plan, unit), HeatSupplyFactor(plan, unit), cogeneration && plan.LoadFactor.PureCondensingOnly ? 1m : LoadFactor(plan, unit));
    }

    /// <summary>F_l: air 1.05, water 1.00 for the categories the plan names; 1 otherwise.</summary>
    public static decimal CoolingFactor(PowerPlan plan, GeneratingUnit unit)
    {
        var c = plan.CoolingFactor;
        if (!c.AppliesTo.Contains(unit.Category))
            return 1m;
        return unit.Cooling == Plans.Cooling.Air ? c.Air.Value : c.Water.Value;
    }

    /// <summary>F_r = 1 − slope × heat-supply ratio (coal 0.22, gas 0.6); 1 in plans without it (from 2023).</summary>
    public static decimal HeatSupplyFactor(PowerPlan plan, GeneratingUnit unit)
    {
        if (plan.HeatSupplyFactor is not { } h)
            return 1m;
        var slope = unit.Fuel == Fuel.Gas ? h.GasSlope.Value : h.CoalSlope.Value;
        return 1m - slope * unit.HeatSupplyRatio;
    }

    /// <summary>F_f for the load rate, by the plan's piecewise curve; 1 for categories it does not name.</summary>
    public static decimal LoadFactor(PowerPlan plan, GeneratingUnit unit) =>
        plan.LoadFactor.AppliesTo.Contains(unit.Category) ? LoadFactorAt(plan.LoadFactor, unit.LoadRate) : 1m;

    /// <summary>F_f at load rate <paramref name="rate"/> (0.78 for 78%): the first piece whose lower bound the rate reaches.</summary>
    public static decimal LoadFactorAt(LoadFactorSettings settings, decimal rate)
    {
        foreach (var piece in settings.Pieces)
        {
            if (rate < piece.FromRate)
                continue;
            return piece.Form switch
            {
                LoadFactorForm.Constant => piece.A,
                LoadFactorForm.Linear => piece.A + piece.B * (piece.PivotPercent - 100m * rate),
                LoadFactorForm.Power => DecimalMath.Pow(piece.Base, piece.C - piece.D * rate),
                _ => throw new InvalidOperationException($"Unknown load-factor form {piece.Form}."),
            };
        }
        throw new InvalidOperationException($"The load-factor curve has no piece for rate {rate}.");
    }
}
