// The code half of a methodology. A methodology is one subclass with a parameterless constructor
// naming its JSON rulebook file; MethodologyCatalog finds it by reflection, so adding one touches no other code.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Voluntary.Rulebooks;

namespace OpenEts.Voluntary.Methodologies;

/// <summary>A published methodology: its data (identity, inputs, parameters) and its calculator.</summary>
public abstract class Methodology
{
    /// <summary>How every CCER calculator rounds: once, at the end, down to whole tonnes.</summary>
    public const string RoundingRule =
        "baseline − project − leakage is computed unrounded in decimal, then rounded once down to whole tCO2e (conservative, as CCER and CDM practice issue whole tonnes never rounded up); a negative result issues 0.";

    /// <summary>Loads the methodology's rulebook file.</summary>
    protected Methodology(string dataFile) => Data = RulebookLoader.Load<MethodologyData>(dataFile);

    /// <summary>Identity, inputs and parameters from the rulebook file.</summary>
    public MethodologyData Data { get; }

    /// <summary>The registry code, e.g. CCER-14-001-V01.</summary>
    public string Code => Data.Code;

    /// <summary>Computes the three terms for the checked inputs, recording each step.</summary>
    protected abstract ReductionTerms Compute(MethodologyInputs inputs, CcerParameters shared, Working w);

    /// <summary>Reads inputs from JSON, computes, and rounds once; a rejection for bad or missing inputs.</summary>
    public (Calculation? Calculation, Rejection? Rejection) Calculate(JsonElement inputs, CcerParameters shared)
    {
        var (checkedInputs, rejection) = MethodologyInputs.Check(inputs, Data.Inputs);
        if (rejection is not null)
            return (null, rejection);
        var working = new Working();
        ReductionTerms terms;
        decimal unrounded;
        try
        {
            terms = Compute(checkedInputs!, shared, working);
            unrounded = working.Step("emission reductions (unrounded)", "ER = BE − PE − LE", terms.Baseline - terms.Project - terms.Leakage, "tCO2e");
        }
        catch (OverflowException)
        {
            return (null, new Rejection("quantity_out_of_range", "An input is too large for the reductions to be computed; check the monitored quantities."));
        }
        if (unrounded > MaxReductionsT)
            return (null, new Rejection("quantity_out_of_range", $"The reductions come to {unrounded:N0} t, above {MaxReductionsT:N0} t (the registry's largest quantity); check the monitored quantities."));
        var total = unrounded <= 0 ? 0L : (long)decimal.Floor(unrounded);
        working.Step("emission reductions", "floor(ER), once, never below 0", total, "tCO2e");
        return (new Calculation(Code, terms.Baseline, terms.Project, terms.Leakage, unrounded, total, RoundingRule, working.Steps), null);
    }

    /// <summary>The most reductions one calculation gives, t: the registry's largest quantity.</summary>
    public const long MaxReductionsT = OpenEts.Registry.RegistryState.MaxQuantity;

    /// <summary>A methodology parameter by name.</summary>
    protected decimal Parameter(string name) =>
        Data.Parameters.TryGetValue(name, out var v) ? v.Value : throw new InvalidOperationException($"{Code}: parameter '{name}' is missing from its rulebook file.");

    /// <summary>A parameter from the table row chosen by an input (e.g. the species' wood density).</summary>
    protected decimal TableValue(string table, string row, string name) =>
        Data.Tables.TryGetValue(table, out var rows) && rows.TryGetValue(row, out var values) && values.TryGetValue(name, out var v)
            ? v.Value
            : throw new InvalidOperationException($"{Code}: table '{table}' has no '{row}.{name}'.");
}
