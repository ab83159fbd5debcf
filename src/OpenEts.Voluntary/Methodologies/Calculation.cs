// The result of a methodology calculator: the three terms, the rounded total and every step of the working.
namespace OpenEts.Voluntary.Methodologies;

/// <summary>One line of the working: what was computed, how, and the value.</summary>
public sealed record WorkingStep(string Step, string Formula, decimal Value, string Unit);

/// <summary>
/// Emission reductions for one monitoring period: baseline − project − leakage (decimal, unrounded), then
/// rounded once to whole tonnes by <see cref="RoundingRule"/>.
/// </summary>
public sealed record Calculation(
    string Methodology,
    decimal BaselineTco2e,
    decimal ProjectTco2e,
    decimal LeakageTco2e,
    decimal UnroundedTco2e,
    long TotalTco2e,
    string RoundingRule,
    IReadOnlyList<WorkingStep> Working);

/// <summary>Collects the working while a calculator runs.</summary>
public sealed class Working
{
    private readonly List<WorkingStep> _steps = [];

    /// <summary>The steps so far.</summary>
    public IReadOnlyList<WorkingStep> Steps => _steps;

    /// <summary>Records a step and returns its value, so a formula reads as one line.</summary>
    public decimal Step(string step, string formula, decimal value, string unit)
    {
        _steps.Add(new WorkingStep(step, formula, value, unit));
        return value;
    }
}

/// <summary>The three terms a calculator returns, in tCO2e (unrounded).</summary>
public readonly record struct ReductionTerms(decimal Baseline, decimal Project, decimal Leakage);
