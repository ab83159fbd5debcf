// The data-quality list of the reports the engine holds, for the regulator: what can be checked from
// the submitted totals, the defaults the entity declared, its monthly deposits and last year's final
// figure. (Parameter ranges and peer intensities need the activity data and output, which a submitted
// report does not carry: `mrv quality --input` checks those from files.)
using OpenEts.Core;
using OpenEts.Mrv.Calculation;
using OpenEts.Mrv.Reporting;
using OpenEts.Mrv.Rules;
using OpenEts.Registry;

namespace OpenEts.Mrv.Quality;

/// <summary>Checks the engine's annual reports.</summary>
public sealed class ReportedQuality(MrvRulebook rules)
{
    /// <summary>The list as <paramref name="actor"/> asks for it: regulators only, else not_authorized.</summary>
    public Checked<IReadOnlyList<QualityReport>> For(World world, string actor, int? year = null) =>
        MrvAccess.Require(world, actor, Role.Regulator, "read the data-quality list (regulators only)") is { } denied
            ? denied
            : Checked<IReadOnlyList<QualityReport>>.Of(Check(world.Get<MrvState>(), year));

    /// <summary>One report per facility-year (of <paramref name="year"/> when given), lowest score first, then by facility.</summary>
    public IReadOnlyList<QualityReport> Check(MrvState state, int? year = null)
    {
        var list = new List<QualityReport>();
        foreach (var report in state.Reports.Values)
        {
            if (year is not null && report.Year != year)
                continue;
            list.Add(CheckOne(state, report));
        }
        return list.OrderBy(r => r.Score).ThenBy(r => r.FacilityId, StringComparer.Ordinal).ThenBy(r => r.Year).ToList();
    }

    private QualityReport CheckOne(MrvState state, AnnualReport report)
    {
        var q = rules.Quality;
        var findings = new List<QualityFinding>();
        void Add(string code, string reason) => findings.Add(new QualityFinding(code, reason, q.Penalties.GetValueOrDefault(code)));

        var current = report.Current;
        foreach (var d in current.DefaultsUsed)
            Add("default_used", $"{d}: not measured, default used (declared in version {current.Version})");
        if (current.Late)
            Add("late_report", $"version {current.Version} submitted on {current.SubmittedOn:yyyy-MM-dd}, after the deadline {rules.Deadlines.AnnualReportDue(report.Year):yyyy-MM-dd}");
        var total = report.VerifiedTco2e ?? current.ReportedTco2e;
        SharedChecks.YearOnYear(q, total, state.FinalVerifiedEmissions(report.FacilityId, report.Year - 1)?.Value, Add);
        var byMonth = state.CurrentDeposits(report.FacilityId, report.Year).ToDictionary(d => d.Month, d => (d.EmissionsTco2e, (DateOnly?)d.DepositedOn));
        SharedChecks.Monthly(rules, report.Year, byMonth, current.ReportedTco2e, Add);
        var sector = state.Facilities.GetValueOrDefault(report.FacilityId)?.Sector ?? "";
        return new QualityReport(report.FacilityId, sector, report.Year, total, SharedChecks.Score(q, findings), findings);
    }
}
