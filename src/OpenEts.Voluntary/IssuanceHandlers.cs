// Issuance: monitoring report (the application) → verification → public period → serial-numbered credits
// in the registry: the project's vintage class, the owner's share into the owner's account and a buffer
// share for forestry non-permanence into the market's reserve account, where the methodology sets one.
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary.Credits;
using OpenEts.Voluntary.Methodologies;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;
using OpenEts.Voluntary.Serials;

namespace OpenEts.Voluntary;

/// <summary>Decides the issuance commands.</summary>
internal sealed class IssuanceHandlers(CcerRules rules, MethodologyCatalog methodologies)
{
    public Rejection? Submit(DecisionContext ctx, SubmitMonitoringReport c)
    {
        if (Permissions.Require(ctx, Role.ProjectOwner, "submit monitoring reports") is { } denied)
            return denied;
        var state = ctx.World.Get<VoluntaryState>();
        var bad = Checks.First(Checks.Id("report", c.ReportId), Checks.Quantity(c.ClaimedT), Checks.Document("monitoring report", c.ReportSha256));
        if (bad is not null)
            return bad;
        if (state.Reports.ContainsKey(c.ReportId))
            return new Rejection("report_exists", $"Report {c.ReportId} already exists.");
        if (ProjectHandlers.Find(state, c.ProjectId, ProjectStatus.Registered, out var project) is { } r)
            return r.Code == "wrong_project_status" ? new Rejection("project_not_registered", r.Message) : r;
        if (Permissions.ProjectOwner(ctx, project!, "report on") is { } notOwner)
            return notOwner;
        var applied = rules.MarketDate(ctx.Time);
        var period = Period(c, project!, applied);
        if (period is not null)
            return period;
        foreach (var other in state.Reports.Values)
        {
            if (other.ProjectId == c.ProjectId && other.Status != ReportStatus.Rejected && other.PeriodStart <= c.PeriodEnd && c.PeriodStart <= other.PeriodEnd)
                return new Rejection("monitoring_period_overlap", $"Report {other.Id} already covers {other.PeriodStart:yyyy-MM-dd}–{other.PeriodEnd:yyyy-MM-dd}; a reduction is reported once.");
        }
        ctx.Emit(new MonitoringReportSubmitted(new MonitoringReport(c.ReportId, c.ProjectId, c.PeriodStart, c.PeriodEnd, c.ClaimedT, applied,
            ReportStatus.Submitted, [new DocumentRef("monitoring_report", c.ReportSha256)])));
        return null;
    }

    private Rejection? Period(SubmitMonitoringReport c, Project project, DateOnly applied)
    {
        if (c.PeriodEnd < c.PeriodStart)
            return new Rejection("bad_period", "The monitoring period ends before it starts.");
        if (c.PeriodStart.Year != c.PeriodEnd.Year)
            return new Rejection("period_spans_vintages", "A monitoring report covers one vintage year; split the period at 31 December.");
        if (c.PeriodStart < project.CreditingStart || c.PeriodEnd > project.CreditingEnd)
            return new Rejection("outside_crediting_period", $"The period must lie in the crediting period {project.CreditingStart:yyyy-MM-dd}–{project.CreditingEnd:yyyy-MM-dd}.");
        if (c.PeriodStart <= rules.ReductionsAfter)
            return new Rejection("reductions_before_eligible_date", $"Reductions count only after {rules.ReductionsAfter:yyyy-MM-dd}.");
        if (c.PeriodEnd >= applied)
            return new Rejection("period_not_over", $"The period must be over before the application ({applied:yyyy-MM-dd}).");
        var earliest = applied.AddYears(-rules.IssuanceLookbackYears);
        if (c.PeriodStart < earliest)
            return new Rejection("outside_issuance_window", $"An issuance covers only reductions of the {rules.IssuanceLookbackYears} years before its application: from {earliest:yyyy-MM-dd}.");
        return null;
    }

    public Rejection? Verify(DecisionContext ctx, VerifyMonitoringReport c)
    {
        if (Permissions.AccreditedBody(ctx, Role.Verifier, "verify monitoring reports") is { } denied)
            return denied;
        var state = ctx.World.Get<VoluntaryState>();
        if (Find(state, c.ReportId, ReportStatus.Submitted, out var report) is { } r)
            return r;
        var bad = Checks.First(Checks.Quantity(c.VerifiedT), Checks.Document("verification report", c.ReportSha256));
        if (bad is not null)
            return bad;
        if (c.VerifiedT > report!.ClaimedT)
            return new Rejection("verified_exceeds_claimed", $"Verified {c.VerifiedT} t exceeds the {report.ClaimedT} t claimed.");
        ctx.Emit(new MonitoringReportVerified(c.ReportId, ctx.Actor, c.VerifiedT, c.ReportSha256));
        return null;
    }

    /// <summary>
    /// Rejects a submitted report (a wrong claim, or no reductions found) so its period can be reported again: an accredited
    /// verifier or the regulator, with reasons, before verification. A verified report is not rejected.
    /// </summary>
    public Rejection? Reject(DecisionContext ctx, RejectMonitoringReport c)
    {
        var regulator = ctx.World.Get<RegistryState>().RoleOf(ctx.Actor) == Role.Regulator;
        if (!regulator && Permissions.AccreditedBody(ctx, Role.Verifier, "reject monitoring reports") is { } denied)
            return denied;
        var state = ctx.World.Get<VoluntaryState>();
        if (Find(state, c.ReportId, ReportStatus.Submitted, out _) is { } r)
            return r;
        if (Checks.Reasons(c.Reasons) is { } reasons)
            return reasons;
        ctx.Emit(new MonitoringReportRejected(c.ReportId, ctx.Actor, c.Reasons));
        return null;
    }

    public Rejection? Publish(DecisionContext ctx, PublishVerifiedReport c)
    {
        var state = ctx.World.Get<VoluntaryState>();
        if (Find(state, c.ReportId, ReportStatus.Verified, out var report) is { } r)
            return r;
        if (Permissions.ProjectOwner(ctx, state.Projects[report!.ProjectId], "publish the verified report") is { } denied)
            return denied;
        var start = rules.MarketDate(ctx.Time);
        if (rules.Calendar.AddWorkingDays(start, rules.ReductionPublicityWorkingDays) is not { } end)
            return new Rejection("calendar_not_covering", $"The working-day calendar does not cover {rules.ReductionPublicityWorkingDays} working days after {start:yyyy-MM-dd}.");
        ctx.Emit(new VerifiedReportPublished(c.ReportId, start, end));
        return null;
    }

    public Rejection? Issue(DecisionContext ctx, IssueCredits c)
    {
        if (Permissions.Require(ctx, Role.Regulator, "issue credits") is { } denied)
            return denied;
        var state = ctx.World.Get<VoluntaryState>();
        if (Find(state, c.ReportId, ReportStatus.Public, out var report) is { } r)
            return r;
        var today = rules.MarketDate(ctx.Time);
        if (today <= report!.PublicEnd)
            return new Rejection("public_period_open", $"Report {c.ReportId} is public until {report.PublicEnd:yyyy-MM-dd}; issue from the next day.");
        var project = state.Projects[report.ProjectId];
        if (IssuedElsewhere(state.Foreign, project, report.Vintage) is { } elsewhere)
            return elsewhere;
        var quantity = report.VerifiedT!.Value;
        var buffer = BufferT(quantity, methodologies.Find(project.Methodology)?.Data.BufferShare);
        var plan = new IssuancePlan(project, report.Vintage, quantity - buffer, buffer);
        if (plan.Check(ctx.World.Get<RegistryState>(), out var first) is { } refused)
            return refused;
        var serial = new CcerSerial(project.Id, report.Vintage, SerialRange.OfCount(first, quantity)).ToString();
        if (state.Foreign.FindSerial(serial) is { } foreign)
            return new Rejection("serial_recorded_elsewhere", $"Serial {serial} is already recorded in {foreign.Registry}.");
        var (ownerRange, bufferRange) = plan.Run(ctx);
        ctx.Emit(new CreditsIssued(new IssuanceRecord(report.Id, project.Id, report.Vintage, plan.ClassId, project.OwnerAccount, quantity, ownerRange, bufferRange, today)));
        return null;
    }

    /// <summary>The buffer contribution: the methodology's share of the quantity, rounded up to whole tonnes (ccer-national.json).</summary>
    internal static long BufferT(long quantity, SourcedValue? share) =>
        share is null || share.Value <= 0 ? 0 : Math.Min(quantity, (long)decimal.Ceiling(quantity * share.Value));

    private static Rejection? IssuedElsewhere(ForeignRecordBook foreign, Project project, int vintage)
    {
        foreach (var text in project.OtherRegistryRefs)
        {
            if (ForeignProjectRef.TryParse(text) is not { } fr)
                continue;
            if (foreign.CreditsOf(fr, vintage).FirstOrDefault() is { } f)
                return new Rejection("issued_in_other_registry", $"{f.Registry} project {f.ProjectId} already has vintage {vintage} credits ({f.Serial}, {f.Status}); the same reductions cannot be issued twice.");
        }
        return null;
    }

    private static Rejection? Find(VoluntaryState state, string id, ReportStatus expected, out MonitoringReport? report)
    {
        if (!state.Reports.TryGetValue(id, out report))
            return new Rejection("report_not_found", $"No monitoring report {id}.");
        return report.Status == expected ? null : new Rejection("wrong_report_status", $"Report {id} is {report.Status.ToString().ToLowerInvariant()}, not {expected.ToString().ToLowerInvariant()}.");
    }
}
