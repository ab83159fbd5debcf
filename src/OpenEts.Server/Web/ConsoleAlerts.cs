// What the regulator console points out: late reports, low data-quality scores, reports waiting for a
// verifier or for the final step, proposals expired or about to, compliance years past their deadline;
// and the bundled allocation plans. Read from the engine's state as the regulator; nothing changes.
using System.Globalization;
using System.Text;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Mrv.Quality;
using OpenEts.Mrv.Reporting;
using OpenEts.Mrv.Rules;
using OpenEts.Server.Api;
using OpenEts.Server.Approvals;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>One thing for the regulator to look at: its kind (a stable code), a sentence, and where to act.</summary>
public sealed record ConsoleAlert(string Kind, string Text, string Link);

/// <summary>Builds the console's alerts and plan list.</summary>
public static class ConsoleAlerts
{
    /// <summary>A data-quality score below this is flagged (100 is clean; each finding takes its points off).</summary>
    public const int QualityFlagBelow = 80;

    /// <summary>A pending proposal expiring within this is flagged.</summary>
    public static readonly TimeSpan ExpirySoon = TimeSpan.FromHours(24);

    /// <summary>Alerts shown at most.</summary>
    public const int MaxAlerts = 50;

    /// <summary>The alerts as <paramref name="regulator"/> sees them at <paramref name="now"/>.</summary>
    public static IReadOnlyList<ConsoleAlert> For(World w, string regulator, DateTimeOffset now)
    {
        var alerts = new List<ConsoleAlert>();
        foreach (var r in MrvAccess.VisibleReportViews(w, regulator))
        {
            var link = $"/emissions?year={r.Year}";
            if (r.Late && r.Status != "final")
                alerts.Add(new("late_report", $"{r.FacilityId} ({r.EntityId}) filed its {r.Year} report late, on {r.SubmittedOn:yyyy-MM-dd}.", link));
            if (r.Status == "submitted")
                alerts.Add(new("needs_verifier", $"{r.FacilityId}'s {r.Year} report has no verifier yet.", link));
            if (r.Status == "verified")
                alerts.Add(new("awaiting_final", $"{r.FacilityId}'s {r.Year} report is verified at {N(r.VerifiedTco2e ?? 0)} t CO2e and waits to be made final.", link));
        }
        if (new ReportedQuality(MrvRulebook.ChinaNational).For(w, regulator).Value is { } quality)
        {
            foreach (var q in quality.Where(q => q.Score < QualityFlagBelow))
                alerts.Add(new("data_quality", $"{q.FacilityId} {q.Year}: data-quality score {q.Score} ({string.Join(", ", q.Findings.Select(f => f.Code).Distinct())}).", $"/emissions?year={q.Year}"));
        }
        foreach (var p in w.Get<ApprovalsState>().Proposals.Values.Where(p => p.Status == ProposalStatus.Pending).OrderBy(p => p.Number))
        {
            if (p.ExpiresAt is not { } expires)
                continue;
            if (expires <= now)
                alerts.Add(new("proposal_expired", $"Proposal {p.Id} ({p.Kind}) expired at {T(expires)}; reject or withdraw it.", "/console#pending"));
            else if (expires - now <= ExpirySoon)
                alerts.Add(new("proposal_expiring", $"Proposal {p.Id} ({p.Kind}) expires at {T(expires)}.", "/console#pending"));
        }
        var cycle = w.Get<CycleState>();
        var today = TradingRulebook.National.MarketDate(now);
        foreach (var y in cycle.Years.Values.Where(y => !y.Closed && y.Deadline < today))
            alerts.Add(new("deadline_passed", $"The {y.Year} compliance deadline ({y.Deadline:yyyy-MM-dd}) has passed; close the year.", $"/compliance?year={y.Year}"));
        return alerts;
    }

    /// <summary>The alerts section of the console.</summary>
    public static string Html(IReadOnlyList<ConsoleAlert> alerts)
    {
        var sb = new StringBuilder("<h2>Alerts</h2>");
        if (alerts.Count == 0)
            return sb.Append("<p>Nothing needs attention.</p>").ToString();
        sb.Append("<ul id=\"alerts\">");
        foreach (var a in alerts.Take(MaxAlerts))
            sb.Append(CultureInfo.InvariantCulture, $"<li data-kind=\"{E(a.Kind)}\"><a href=\"{E(a.Link)}\">{E(a.Text)}</a></li>");
        if (alerts.Count > MaxAlerts)
            sb.Append(CultureInfo.InvariantCulture, $"<li>{N(alerts.Count - MaxAlerts)} more.</li>");
        return sb.Append("</ul>").ToString();
    }

    /// <summary>The bundled allocation plans as tables: power, then the industrial sectors (method, benchmark status).</summary>
    public static string Plans()
    {
        var sb = new StringBuilder("<h2>Allocation plans</h2><div class=\"scroll\"><table id=\"plans\"><caption>Power plans (rulebook data)</caption><tr><th scope=\"col\">Plan</th><th scope=\"col\">Years</th><th scope=\"col\">Output basis</th><th scope=\"col\">Borrowing</th><th scope=\"col\">Banking cap</th><th scope=\"col\">Penalty</th><th scope=\"col\">Deadline</th></tr>");
        foreach (var p in Rulebooks.PowerPlans().Select(AllocationApi.View))
        {
            var penalty = p.Penalty == PenaltyKind.FixedRange ? "fixed range" : "multiple of market value";
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td title=\"{E(p.Title)}\">{E(p.Id)}</td><td>{E(string.Join("–", p.Years))}</td><td>{E(p.OutputBasis.ToString().ToLowerInvariant())}</td><td>{(p.Borrowing ? "yes" : "no")}</td><td>{(p.BankingCap ? "yes" : "no")}</td><td>{penalty}</td><td>{p.Deadline:yyyy-MM-dd}</td></tr>");
        }
        sb.Append("</table></div>");
        sb.Append("<div class=\"scroll\"><table id=\"sector-plans\"><caption>Industrial sector plans (rulebook data; one plan per sector in a year)</caption><tr><th scope=\"col\">Sector</th><th scope=\"col\">Plan</th><th scope=\"col\">Years</th><th scope=\"col\">Method</th><th scope=\"col\">Benchmark</th><th scope=\"col\">Deadline</th></tr>");
        foreach (var p in Rulebooks.SectorPlans())
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Sector)}</td><td title=\"{E(p.Title)}\">{E(p.Id)}</td><td>{E(string.Join("–", p.Years))}</td><td>{Method(p)}</td><td>{Benchmark(p.Allocation.Benchmark)}</td><td>{p.Deadline.Value:yyyy-MM-dd}</td></tr>");
        return sb.Append("</table></div>").ToString();
    }

    // Grandfathered (allocation = verified emissions) or a pre-allocation share of the base year, trued up to output × benchmark.
    private static string Method(SectorPlan p) => p.Allocation.Method.Value switch
    {
        SectorAllocationMethod.VerifiedEmissions => "grandfathered (verified emissions)",
        _ => p.Allocation.PreAllocation is { } pre
            ? $"pre-allocation {(pre.ShareOfVerifiedEmissions.Value * 100m).ToString("0.##", CultureInfo.InvariantCulture)}% of {pre.BaseYear} + intensity true-up"
            : "intensity true-up",
    };

    private static string Benchmark(IntensityBenchmark? b) => b switch
    {
        null => "—",
        { Status: BenchmarkStatus.NotPublished } => $"{E(b.Product.Replace('_', ' '))}: not published",
        _ => $"{E(b.Product.Replace('_', ' '))}: {b.ValueTPerUnit?.ToString(CultureInfo.InvariantCulture)} t per {E(b.OutputUnit)} ({b.Status.ToString().ToLowerInvariant()})",
    };
}
