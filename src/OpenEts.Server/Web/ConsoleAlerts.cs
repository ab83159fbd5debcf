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

    /// <summary>The bundled allocation plans as a table.</summary>
    public static string Plans()
    {
        var sb = new StringBuilder("<h2>Allocation plans</h2><div class=\"scroll\"><table id=\"plans\"><caption>Bundled plans (rulebook data)</caption><tr><th scope=\"col\">Plan</th><th scope=\"col\">Years</th><th scope=\"col\">Output basis</th><th scope=\"col\">Borrowing</th><th scope=\"col\">Banking cap</th><th scope=\"col\">Penalty</th><th scope=\"col\">Deadline</th></tr>");
        foreach (var p in Rulebooks.PowerPlans().Select(AllocationApi.View))
        {
            var penalty = p.Penalty == PenaltyKind.FixedRange ? "fixed range" : "multiple of market value";
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td title=\"{E(p.Title)}\">{E(p.Id)}</td><td>{E(string.Join("–", p.Years))}</td><td>{E(p.OutputBasis.ToString().ToLowerInvariant())}</td><td>{(p.Borrowing ? "yes" : "no")}</td><td>{(p.BankingCap ? "yes" : "no")}</td><td>{penalty}</td><td>{p.Deadline:yyyy-MM-dd}</td></tr>");
        }
        return sb.Append("</table></div>").ToString();
    }
}
