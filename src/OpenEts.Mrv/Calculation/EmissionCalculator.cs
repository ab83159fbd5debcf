// The facility-year calculator of the national accounting guidelines:
// fuel combustion E = FC × NCV × CC × OF × 44/12; purchased electricity AD × EF; purchased heat AD × EF;
// process emissions (cement clinker, steel fluxes and electrodes, aluminium anode and anode effects);
// other gases × GWP. Decimal throughout, the total rounded once by the rulebook's rule.
using OpenEts.Core;
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Calculation;

/// <summary>Computes a facility-year's emissions with its working.</summary>
public sealed class EmissionCalculator(MrvRulebook rules)
{
    /// <summary>The rulebook used.</summary>
    public MrvRulebook Rules { get; } = rules;

    /// <summary>Checks the input, then computes every line and the rounded total.</summary>
    public Checked<CalculationResult> Calculate(FacilityYearInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var result = CalculateChecked(input);
            return result.Ok && result.Value!.TotalTco2e > MaxTotalTco2e
                ? Checked<CalculationResult>.Fail("quantity_out_of_range", $"The total of {Num.F(result.Value.TotalTco2eExact)} t CO2e is above {MaxTotalTco2e:N0} t, more than any facility emits; check the consumption and the parameters.")
                : result;
        }
        catch (OverflowException)
        {
            return Checked<CalculationResult>.Fail("quantity_out_of_range", "A figure of the calculation is too large to compute; check the consumption and the parameters.");
        }
    }

    /// <summary>The largest total a calculation gives, t CO2e: the registry's largest quantity (China's whole economy emits about 1.2 × 10^10 t a year).</summary>
    public const long MaxTotalTco2e = OpenEts.Registry.RegistryState.MaxQuantity;

    private Checked<CalculationResult> CalculateChecked(FacilityYearInput input)
    {
        if (input.Year is not int year)
            return Checked<CalculationResult>.Fail("missing_year", "The input has no \"year\": say which reporting year the data are for.");
        if (year is < 2005 or > 2100)
            return Checked<CalculationResult>.Fail("bad_year", $"The year {year} is outside 2005–2100.");
        if (string.IsNullOrWhiteSpace(input.Sector))
            return Checked<CalculationResult>.Fail("missing_sector", "The input has no \"sector\" (power, steel, cement, aluminium, ...).");
        if (Rules.Coverage.Sectors.All(s => s.Sector != input.Sector))
            return Checked<CalculationResult>.Fail("unknown_sector", $"The sector \"{input.Sector}\" is not in the rulebook; known: {string.Join(", ", Rules.Coverage.Sectors.Select(s => s.Sector))}.");
        var gwpName = input.Gwp ?? Rules.GwpDefault;
        var gwp = Rules.FindGwp(gwpName);
        if (gwp is null)
            return Checked<CalculationResult>.Fail("unknown_gwp", $"The GWP table \"{gwpName}\" is not known; use AR4, AR5 or AR6.");

        var lines = new List<CalculationLine>();
        var fuels = input.Fuels ?? [];
        for (var i = 0; i < fuels.Count; i++)
        {
            var line = Fuel(fuels[i], i);
            if (!line.Ok)
                return line.Error!;
            lines.Add(line.Value!);
        }
        if (input.PurchasedElectricityMwh is decimal mwh)
        {
            var line = Electricity(mwh, year, input.Region ?? "national");
            if (!line.Ok)
                return line.Error!;
            if (mwh != 0)
                lines.Add(line.Value!);
        }
        if (input.PurchasedHeatGj is decimal gj)
        {
            if (gj < 0)
                return Checked<CalculationResult>.Fail("negative_quantity", $"purchased_heat_gj is {Num.F(gj)}: a quantity cannot be negative.");
            if (gj != 0)
                lines.Add(Heat(gj));
        }
        var processes = input.Process ?? [];
        for (var i = 0; i < processes.Count; i++)
        {
            var line = ProcessLine(processes[i], i, gwp);
            if (!line.Ok)
                return line.Error!;
            lines.Add(line.Value!);
        }
        var gases = input.OtherGases ?? [];
        for (var i = 0; i < gases.Count; i++)
        {
            var line = Gas(gases[i], i, gwp);
            if (!line.Ok)
                return line.Error!;
            lines.Add(line.Value!);
        }

        var direct = lines.Where(l => l.Direct).Sum(l => l.Tco2e);
        var indirect = lines.Where(l => !l.Direct).Sum(l => l.Tco2e);
        var total = direct + indirect;
        var rounded = Rules.Rounding.Apply(total);
        return Checked<CalculationResult>.Of(new CalculationResult(
            input.FacilityId, input.Sector, year, gwp.Name, lines, direct, indirect, total,
            rounded, Rules.Rounding.Rule)
        { CoveredTco2e = Rules.CoveredTco2e(input.Sector, year, direct, rounded) });
    }

    private Checked<CalculationLine> Fuel(FuelInput f, int index)
    {
        var at = $"fuels[{index}]";
        if (string.IsNullOrWhiteSpace(f.Fuel))
            return Checked<CalculationLine>.Fail("missing_fuel", $"{at} has no \"fuel\".");
        var d = Rules.FindFuel(f.Fuel);
        if (d is null)
            return Checked<CalculationLine>.Fail("unknown_fuel", $"{at}: the fuel \"{f.Fuel}\" is not in the rulebook; known: {string.Join(", ", Rules.Fuels.Select(x => x.Fuel))}.");
        if (f.Consumption is not decimal fc)
            return Checked<CalculationLine>.Fail("missing_consumption", $"{at} ({f.Fuel}) has no \"consumption\".");
        if (fc < 0)
            return Checked<CalculationLine>.Fail("negative_consumption", $"{at} ({f.Fuel}): consumption is {Num.F(fc)}; fuel consumed cannot be negative.");
        if (f.Unit is not null && Rules.CanonicalUnit(f.Unit) != d.Unit)
            return Checked<CalculationLine>.Fail("unit_mismatch", $"{at} ({f.Fuel}): the unit \"{f.Unit}\" does not fit; this fuel is counted in {d.Unit}.");
        foreach (var (name, value) in new[] { ("ncv_gj_per_unit", f.NcvGjPerUnit), ("carbon_content_tc_per_gj", f.CarbonContentTcPerGj), ("element_carbon_fraction", f.ElementCarbonFraction) })
        {
            if (value is <= 0)
                return Checked<CalculationLine>.Fail("parameter_out_of_range", $"{at} ({f.Fuel}): {name} is {Num.F(value.Value)}; it must be above 0.");
        }
        if (f.Oxidation is { } ofm && (ofm <= 0 || ofm > 1))
            return Checked<CalculationLine>.Fail("parameter_out_of_range", $"{at} ({f.Fuel}): oxidation is {Num.F(ofm)}; it is a fraction above 0 and at most 1.");
        if (f.ElementCarbonFraction is > 1)
            return Checked<CalculationLine>.Fail("parameter_out_of_range", $"{at} ({f.Fuel}): element_carbon_fraction is a mass fraction, at most 1.");
        if (f.ElementCarbonFraction is not null && f.CarbonContentTcPerGj is not null)
            return Checked<CalculationLine>.Fail("conflicting_parameters", $"{at} ({f.Fuel}): give carbon_content_tc_per_gj or element_carbon_fraction, not both.");

        var ncv = f.NcvGjPerUnit is { } n
            ? new UsedParameter("ncv_gj_per_unit", n, $"GJ/{d.Unit}", ParameterOrigin.Measured, null)
            : new UsedParameter("ncv_gj_per_unit", d.NcvGjPerUnit, $"GJ/{d.Unit}", ParameterOrigin.Default, d.Source);
        UsedParameter cc;
        string ccNote;
        if (f.CarbonContentTcPerGj is { } c)
        {
            cc = new UsedParameter("carbon_content_tc_per_gj", c, "tC/GJ", ParameterOrigin.Measured, null);
            ccNote = "measured";
        }
        else if (f.ElementCarbonFraction is { } car)
        {
            cc = new UsedParameter("carbon_content_tc_per_gj", car / ncv.Value, "tC/GJ", ParameterOrigin.Measured, $"element carbon C_ar {Num.F(car)} ÷ NCV {Num.F(ncv.Value)}");
            ccNote = $"measured: C_ar {Num.F(car)} ÷ NCV";
        }
        else
        {
            cc = new UsedParameter("carbon_content_tc_per_gj", d.CarbonContentTcPerGj, "tC/GJ", ParameterOrigin.Default, d.Source);
            ccNote = "default, not measured";
        }
        var of = f.Oxidation is { } o
            ? new UsedParameter("oxidation", o, "", ParameterOrigin.Measured, null)
            : new UsedParameter("oxidation", d.Oxidation, "", ParameterOrigin.Default, d.Source);
        var carbon = fc * ncv.Value * cc.Value * of.Value;
        var co2 = carbon * 44m / 12m;
        var working = $"{f.Fuel}: {Num.F(fc)} {d.Unit} × NCV {Num.F(ncv.Value)} GJ/{d.Unit} ({Note(ncv.Origin)}) × CC {Num.F(cc.Value)} tC/GJ ({ccNote}) × OF {Num.F(of.Value)} ({Note(of.Origin)}) × 44/12 = {Num.F(co2)} t CO2";
        return Checked<CalculationLine>.Of(new CalculationLine("fuel", f.Fuel, working,
            [new UsedParameter("consumption", fc, d.Unit, ParameterOrigin.Measured, null), ncv, cc, of], co2, Direct: true));
    }

    private Checked<CalculationLine> Electricity(decimal mwh, int year, string region)
    {
        if (mwh < 0)
            return Checked<CalculationLine>.Fail("negative_quantity", $"purchased_electricity_mwh is {Num.F(mwh)}: a quantity cannot be negative.");
        var ef = Rules.FindGridFactor(year, region);
        if (ef is null)
            return Checked<CalculationLine>.Fail("no_grid_factor", $"The rulebook has no grid emission factor for {region} in {year}; years with one: {string.Join(", ", Rules.GridFactors.Where(g => g.Region == region).Select(g => g.Year))}.");
        var t = mwh * ef.Tco2PerMwh;
        return Checked<CalculationLine>.Of(new CalculationLine("electricity", "purchased_electricity",
            $"purchased electricity: {Num.F(mwh)} MWh × EF {Num.F(ef.Tco2PerMwh)} t CO2/MWh ({region} grid, {year}) = {Num.F(t)} t CO2",
            [new UsedParameter("purchased_electricity_mwh", mwh, "MWh", ParameterOrigin.Measured, null),
             new UsedParameter("grid_factor", ef.Tco2PerMwh, "t CO2/MWh", ParameterOrigin.Rulebook, ef.Source)], t, Direct: false));
    }

    private CalculationLine Heat(decimal gj)
    {
        var t = gj * Rules.HeatFactor.Tco2PerGj;
        return new CalculationLine("heat", "purchased_heat",
            $"purchased heat: {Num.F(gj)} GJ × EF {Num.F(Rules.HeatFactor.Tco2PerGj)} t CO2/GJ = {Num.F(t)} t CO2",
            [new UsedParameter("purchased_heat_gj", gj, "GJ", ParameterOrigin.Measured, null),
             new UsedParameter("heat_factor", Rules.HeatFactor.Tco2PerGj, "t CO2/GJ", ParameterOrigin.Rulebook, Rules.HeatFactor.Source)], t, Direct: false);
    }

    private Checked<CalculationLine> ProcessLine(ProcessInput p, int index, GwpTable gwp)
    {
        var at = $"process[{index}]";
        if (string.IsNullOrWhiteSpace(p.Process))
            return Checked<CalculationLine>.Fail("missing_process", $"{at} has no \"process\".");
        var d = Rules.FindProcess(p.Process);
        if (d is null)
            return Checked<CalculationLine>.Fail("unknown_process", $"{at}: the process \"{p.Process}\" is not in the rulebook; known: {string.Join(", ", Rules.Processes.Select(x => x.Process))}.");
        if (p.QuantityT is not decimal q)
            return Checked<CalculationLine>.Fail("missing_quantity", $"{at} ({p.Process}) has no \"quantity_t\" ({d.What}).");
        if (q < 0)
            return Checked<CalculationLine>.Fail("negative_quantity", $"{at} ({p.Process}): quantity_t is {Num.F(q)}; it cannot be negative.");
        foreach (var (name, value) in new[] { ("factor_tco2_per_t", p.FactorTco2PerT), ("sulphur_fraction", p.SulphurFraction), ("ash_fraction", p.AshFraction), ("anode_effect_minutes_per_cell_day", p.AnodeEffectMinutesPerCellDay) })
        {
            if (value is < 0)
                return Checked<CalculationLine>.Fail("parameter_out_of_range", $"{at} ({p.Process}): {name} is {Num.F(value.Value)}; it cannot be negative.");
        }
        var quantity = new UsedParameter("quantity_t", q, "t", ParameterOrigin.Measured, d.What);
        if (d.Cf4SlopeKgPerTAlPerAem is decimal slope)
        {
            if (p.AnodeEffectMinutesPerCellDay is not decimal aem)
                return Checked<CalculationLine>.Fail("missing_parameter", $"{at} ({p.Process}): anode_effect_minutes_per_cell_day is required by the slope method.");
            var ratio = d.C2f6ToCf4WeightFraction ?? 0m;
            var gCf4 = gwp.Of("CF4")!.Value;
            var gC2f6 = gwp.Of("C2F6")!.Value;
            var cf4T = slope * aem * q / 1000m;
            var c2f6T = cf4T * ratio;
            var t = cf4T * gCf4 + c2f6T * gC2f6;
            return Checked<CalculationLine>.Of(new CalculationLine("process", p.Process,
                $"anode effects: CF4 = {Num.F(slope)} kg/(t Al·AEM) × {Num.F(aem)} min/cell-day × {Num.F(q)} t Al ÷ 1000 = {Num.F(cf4T)} t CF4; C2F6 = {Num.F(cf4T)} × {Num.F(ratio)} = {Num.F(c2f6T)} t C2F6; {Num.F(cf4T)} × GWP {Num.F(gCf4)} + {Num.F(c2f6T)} × GWP {Num.F(gC2f6)} ({gwp.Name}) = {Num.F(t)} t CO2e",
                [quantity, new UsedParameter("anode_effect_minutes_per_cell_day", aem, "min/cell-day", ParameterOrigin.Measured, null),
                 new UsedParameter("cf4_slope", slope, "kg CF4/(t Al·AEM)", ParameterOrigin.Rulebook, d.Source),
                 new UsedParameter("c2f6_to_cf4", ratio, "", ParameterOrigin.Rulebook, d.Source),
                 new UsedParameter("gwp_cf4", gCf4, "", ParameterOrigin.Rulebook, gwp.Source),
                 new UsedParameter("gwp_c2f6", gC2f6, "", ParameterOrigin.Rulebook, gwp.Source)], t, Direct: true));
        }
        if (d.SulphurFraction is decimal sDefault && p.FactorTco2PerT is null)
        {
            var s = p.SulphurFraction is { } sm ? new UsedParameter("sulphur_fraction", sm, "", ParameterOrigin.Measured, null) : new UsedParameter("sulphur_fraction", sDefault, "", ParameterOrigin.Default, d.Source);
            var aDefault = d.AshFraction ?? 0m;
            var a = p.AshFraction is { } am ? new UsedParameter("ash_fraction", am, "", ParameterOrigin.Measured, null) : new UsedParameter("ash_fraction", aDefault, "", ParameterOrigin.Default, d.Source);
            if (s.Value + a.Value >= 1)
                return Checked<CalculationLine>.Fail("parameter_out_of_range", $"{at} ({p.Process}): sulphur and ash fractions add up to 1 or more.");
            var t = q * (1 - s.Value - a.Value) * 44m / 12m;
            return Checked<CalculationLine>.Of(new CalculationLine("process", p.Process,
                $"anode consumption: {Num.F(q)} t × (1 − S {Num.F(s.Value)} ({Note(s.Origin)}) − ash {Num.F(a.Value)} ({Note(a.Origin)})) × 44/12 = {Num.F(t)} t CO2",
                [quantity, s, a], t, Direct: true));
        }
        UsedParameter factor;
        if (p.FactorTco2PerT is { } fm)
            factor = new UsedParameter("factor_tco2_per_t", fm, "t CO2/t", ParameterOrigin.Measured, null);
        else if (d.FactorTco2PerT is { } fd)
            factor = new UsedParameter("factor_tco2_per_t", fd, "t CO2/t", ParameterOrigin.Default, d.Source);
        else
            return Checked<CalculationLine>.Fail("missing_parameter", $"{at} ({p.Process}) needs factor_tco2_per_t.");
        var e = q * factor.Value;
        return Checked<CalculationLine>.Of(new CalculationLine("process", p.Process,
            $"{p.Process}: {Num.F(q)} t ({d.What}) × EF {Num.F(factor.Value)} t CO2/t ({Note(factor.Origin)}) = {Num.F(e)} t CO2",
            [quantity, factor], e, Direct: true));
    }

    private static Checked<CalculationLine> Gas(GasInput g, int index, GwpTable gwp)
    {
        var at = $"other_gases[{index}]";
        if (string.IsNullOrWhiteSpace(g.Gas))
            return Checked<CalculationLine>.Fail("missing_gas", $"{at} has no \"gas\".");
        if (gwp.Of(g.Gas) is not decimal factor)
            return Checked<CalculationLine>.Fail("unknown_gas", $"{at}: the gas \"{g.Gas}\" has no GWP in {gwp.Name}; known: {string.Join(", ", gwp.Values.Keys)}.");
        if (g.Tonnes is not decimal t)
            return Checked<CalculationLine>.Fail("missing_quantity", $"{at} ({g.Gas}) has no \"tonnes\".");
        if (t < 0)
            return Checked<CalculationLine>.Fail("negative_quantity", $"{at} ({g.Gas}): tonnes is {Num.F(t)}; it cannot be negative.");
        var e = t * factor;
        return Checked<CalculationLine>.Of(new CalculationLine("gas", g.Gas,
            $"{g.Gas}: {Num.F(t)} t × GWP {Num.F(factor)} ({gwp.Name}) = {Num.F(e)} t CO2e",
            [new UsedParameter("tonnes", t, "t", ParameterOrigin.Measured, null),
             new UsedParameter("gwp", factor, "", ParameterOrigin.Rulebook, gwp.Source)], e, Direct: true));
    }

    private static string Note(ParameterOrigin origin) => origin switch
    {
        ParameterOrigin.Measured => "measured",
        ParameterOrigin.Default => "default, not measured",
        _ => "rulebook",
    };
}
