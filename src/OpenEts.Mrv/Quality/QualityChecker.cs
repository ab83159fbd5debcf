// Automatic data-quality checks, each finding with its reason and the points it costs:
// parameter ranges, year-on-year and peer outliers, monthly deposits against the annual total,
// missing and late months, use of defaults. A report starts at the rulebook's score and loses points.
using OpenEts.Core;
using OpenEts.Mrv.Calculation;
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Quality;

/// <summary>One finding.</summary>
public sealed record QualityFinding(string Code, string Reason, int Points);

/// <summary>The checks of one report.</summary>
public sealed record QualityReport(string FacilityId, string Sector, int Year, long TotalTco2e, int Score, IReadOnlyList<QualityFinding> Findings);

/// <summary>Runs the checks.</summary>
public sealed class QualityChecker(MrvRulebook rules)
{
    private readonly EmissionCalculator _calc = new(rules);

    /// <summary>Checks every report, then sorts them for the regulator: lowest score first.</summary>
    public Checked<IReadOnlyList<QualityReport>> Check(QualityFile file)
    {
        var inputs = file.Reports ?? [];
        var computed = new List<(QualityReportInput Input, CalculationResult Result)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (input.Annual is null)
                return Checked<IReadOnlyList<QualityReport>>.Fail("missing_annual", $"reports[{i}] has no \"annual\" data.");
            var r = _calc.Calculate(input.Annual with { FacilityId = input.FacilityId ?? input.Annual.FacilityId });
            if (!r.Ok)
                return new Rejection(r.Error!.Code, $"reports[{i}] ({input.FacilityId}): {r.Error.Message}");
            if (input.Output is < 0)
                return Checked<IReadOnlyList<QualityReport>>.Fail("negative_quantity", $"reports[{i}] ({input.FacilityId}): output cannot be negative.");
            computed.Add((input, r.Value!));
        }
        var result = computed.Select(c => CheckOne(c.Input, c.Result, computed)).ToList();
        return Checked<IReadOnlyList<QualityReport>>.Of(result.OrderBy(r => r.Score).ThenBy(r => r.FacilityId, StringComparer.Ordinal).ToList());
    }

    private QualityReport CheckOne(QualityReportInput input, CalculationResult result, List<(QualityReportInput Input, CalculationResult Result)> all)
    {
        var q = rules.Quality;
        var findings = new List<QualityFinding>();
        void Add(string code, string reason) => findings.Add(new QualityFinding(code, reason, q.Penalties.GetValueOrDefault(code)));

        foreach (var line in result.Lines.Where(l => l.Kind == "fuel"))
        {
            var fuelClass = rules.FindFuel(line.Item)!.FuelClass;
            foreach (var p in line.Parameters.Where(p => p.Origin == ParameterOrigin.Measured))
            {
                foreach (var range in q.Ranges.Where(r => r.Parameter == p.Name && (r.FuelClass == "any" || r.FuelClass == fuelClass)))
                {
                    if (p.Value < range.Min || p.Value > range.Max)
                        Add("parameter_out_of_range", $"{line.Item}: measured {p.Name} {Num.F(p.Value)} is outside {Num.F(range.Min)}–{Num.F(range.Max)} ({range.Source})");
                }
            }
            foreach (var p in line.Parameters.Where(p => p.Origin == ParameterOrigin.Default))
                Add("default_used", $"{line.Item}: {p.Name} not measured, default {Num.F(p.Value)} used");
        }
        foreach (var line in result.Lines.Where(l => l.Kind == "process" && l.UsesDefaults))
            Add("default_used", $"{line.Item}: default factor used");

        var total = result.TotalTco2e;
        SharedChecks.YearOnYear(q, total, input.PreviousYearTco2e, Add);

        if (input.Output is decimal output && output > 0)
        {
            var peers = all.Where(a => a.Result.Sector == result.Sector && a.Result.Year == result.Year && a.Input.Output is > 0)
                .Select(a => a.Result.TotalTco2eExact / a.Input.Output!.Value).OrderBy(x => x).ToList();
            if (peers.Count >= 3)
            {
                var median = peers.Count % 2 == 1 ? peers[peers.Count / 2] : (peers[peers.Count / 2 - 1] + peers[peers.Count / 2]) / 2;
                var intensity = result.TotalTco2eExact / output;
                if (median > 0 && Math.Abs(intensity - median) / median > q.PeerIntensityLimit)
                    Add("peer_outlier", $"intensity {intensity:0.####} t/unit vs sector median {median:0.####} ({peers.Count} reports): beyond ±{q.PeerIntensityLimit:0%}");
            }
        }

        var monthly = input.Monthly ?? [];
        var byMonth = monthly.Where(m => m.Month is >= 1 and <= 12).GroupBy(m => m.Month!.Value).ToDictionary(g => g.Key, g => (g.Last().Tco2e ?? 0m, g.Last().DepositedOn));
        SharedChecks.Monthly(rules, result.Year, byMonth, result.TotalTco2eExact, Add);

        return new QualityReport(input.FacilityId ?? result.FacilityId ?? "", result.Sector, result.Year, total, SharedChecks.Score(q, findings), findings);
    }
}

/// <summary>The checks that read only totals and deposits, shared by the file checks and the engine's reports.</summary>
internal static class SharedChecks
{
    /// <summary>The rulebook's start score less the findings' points, floored at zero.</summary>
    public static int Score(QualityRules q, IReadOnlyList<QualityFinding> findings) => Math.Max(0, q.ScoreStart - findings.Sum(f => f.Points));

    /// <summary>year_on_year_outlier when the total moved beyond the limit from last year's.</summary>
    public static void YearOnYear(QualityRules q, long total, long? previous, Action<string, string> add)
    {
        if (previous is not long prev || prev <= 0)
            return;
        var change = (total - prev) / (decimal)prev;
        if (Math.Abs(change) > q.YearOnYearChangeLimit)
            add("year_on_year_outlier", $"emissions {total:N0} t vs {prev:N0} t last year: {change:+0.0%;-0.0%} beyond ±{q.YearOnYearChangeLimit:0%}");
    }

    /// <summary>missing_month, late_month and monthly_annual_mismatch from the deposits of a year (by month: t CO2e and day deposited).</summary>
    public static void Monthly(MrvRulebook rules, int year, IReadOnlyDictionary<int, (decimal Tco2e, DateOnly? DepositedOn)> byMonth, decimal annualTco2e, Action<string, string> add)
    {
        for (var m = 1; m <= 12; m++)
        {
            if (!byMonth.TryGetValue(m, out var dep))
            {
                add("missing_month", $"no deposit for {year}-{m:00}");
                continue;
            }
            var due = rules.Deadlines.MonthlyDepositDue(year, m);
            if (dep.DepositedOn is DateOnly on && on > due)
                add("late_month", $"{year}-{m:00} deposited on {on:yyyy-MM-dd}, due {due:yyyy-MM-dd}");
        }
        if (byMonth.Count > 0 && annualTco2e > 0)
        {
            var q = rules.Quality;
            var sum = byMonth.Values.Sum(d => d.Tco2e);
            var gap = (sum - annualTco2e) / annualTco2e;
            if (Math.Abs(gap) > q.MonthlyVsAnnualTolerance)
                add("monthly_annual_mismatch", $"monthly deposits sum to {sum:N0} t, annual total {annualTco2e:N0} t: {gap:+0.0%;-0.0%} beyond ±{q.MonthlyVsAnnualTolerance:0%}");
        }
    }
}
