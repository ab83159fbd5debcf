// The voluntary market (CCER) as an engine module: its state, commands and the events that change it.
// It runs beside the registry module, which holds the credits: issuance and every move of credits
// run the registry's own commands inside the voluntary command's decision.
using OpenEts.Core;
using OpenEts.Voluntary.Methodologies;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Voluntary;

/// <summary>Registers the voluntary module with the engine, for one market's rulebook.</summary>
public sealed class VoluntaryModule(CcerRules rules, MethodologyCatalog methodologies) : IModule
{
    /// <summary>The national market with the published methodologies.</summary>
    public VoluntaryModule() : this(CcerRules.National, MethodologyCatalog.Published)
    {
    }

    /// <summary>The rules this module decides by.</summary>
    public CcerRules Rules => rules;

    /// <inheritdoc />
    public void Register(ModuleBuilder builder)
    {
        var projects = new ProjectHandlers(rules, methodologies);
        var issuance = new IssuanceHandlers(rules, methodologies);
        var credits = new CreditHandlers(rules);
        builder.State("voluntary", () => new VoluntaryState())
            .Command<AccreditBody>("voluntary.accredit_body", projects.Accredit)
            .Command<DraftProject>("voluntary.draft_project", projects.Draft)
            .Command<ValidateProject>("voluntary.validate_project", projects.Validate)
            .Command<OpenPublicComment>("voluntary.open_public_comment", projects.OpenComment)
            .Command<RegisterProject>("voluntary.register_project", projects.Register)
            .Command<RejectProject>("voluntary.reject_project", projects.Reject)
            .Command<SubmitMonitoringReport>("voluntary.submit_monitoring_report", issuance.Submit)
            .Command<VerifyMonitoringReport>("voluntary.verify_monitoring_report", issuance.Verify)
            .Command<RejectMonitoringReport>("voluntary.reject_monitoring_report", issuance.Reject)
            .Command<PublishVerifiedReport>("voluntary.publish_verified_report", issuance.Publish)
            .Command<IssueCredits>("voluntary.issue_credits", issuance.Issue)
            .Command<TransferCredits>("voluntary.transfer_credits", credits.Transfer)
            .Command<RetireCredits>("voluntary.retire_credits", credits.Retire)
            .Command<SurrenderCredits>("voluntary.surrender_credits", credits.Surrender)
            .Command<CancelCredits>("voluntary.cancel_credits", credits.Cancel)
            .Command<RecordForeignRecords>("voluntary.record_foreign_records", credits.RecordForeign)
            .Event<BodyAccredited>("voluntary.body_accredited", (w, e) => S(w).Bodies.Add(e.BodyId, e.Name))
            .Event<ProjectDrafted>("voluntary.project_drafted", (w, e) => S(w).Projects.Add(e.Project.Id, e.Project))
            .Event<ProjectValidated>("voluntary.project_validated", (w, e) => Update(w, e.ProjectId, p => p with
            {
                Status = ProjectStatus.Validated,
                ValidationBody = e.BodyId,
                Documents = [.. p.Documents, new DocumentRef("validation_report", e.ReportSha256)],
            }))
            .Event<PublicCommentOpened>("voluntary.public_comment_opened", (w, e) => Update(w, e.ProjectId, p => p with
            {
                Status = ProjectStatus.PublicComment,
                CommentStart = e.Start,
                CommentEnd = e.End,
            }))
            .Event<ProjectRegistered>("voluntary.project_registered", (w, e) => Update(w, e.ProjectId, p => p with { Status = ProjectStatus.Registered, RegisteredOn = e.On }))
            .Event<ProjectRejected>("voluntary.project_rejected", (w, e) => Update(w, e.ProjectId, p => p with
            {
                Status = ProjectStatus.Rejected,
                RejectedOn = e.On,
                RejectionReasons = e.Reasons,
            }))
            .Event<MonitoringReportSubmitted>("voluntary.monitoring_report_submitted", (w, e) => S(w).Reports.Add(e.Report.Id, e.Report))
            .Event<MonitoringReportVerified>("voluntary.monitoring_report_verified", (w, e) => UpdateReport(w, e.ReportId, r => r with
            {
                Status = ReportStatus.Verified,
                VerificationBody = e.BodyId,
                VerifiedT = e.VerifiedT,
                Documents = [.. r.Documents, new DocumentRef("verification_report", e.ReportSha256)],
            }))
            .Event<MonitoringReportRejected>("voluntary.monitoring_report_rejected", (w, e) => UpdateReport(w, e.ReportId, r => r with
            {
                Status = ReportStatus.Rejected,
                RejectedBy = e.By,
                RejectionReasons = e.Reasons,
            }))
            .Event<VerifiedReportPublished>("voluntary.verified_report_published", (w, e) => UpdateReport(w, e.ReportId, r => r with { Status = ReportStatus.Public, PublicEnd = e.End }))
            .Event<CreditsIssued>("voluntary.credits_issued", (w, e) => ApplyIssued(S(w), e.Issuance))
            .Event<CreditsUsed>("voluntary.credits_used", (w, e) => S(w).Uses.Add(e.Use))
            .Event<ForeignRecordsRecorded>("voluntary.foreign_records_recorded", (w, e) => S(w).Foreign.Add(e.Credits, e.Projects));
    }

    private static VoluntaryState S(World w) => w.Get<VoluntaryState>();

    private static void Update(World w, string id, Func<Project, Project> change)
    {
        var s = S(w);
        s.Projects[id] = change(s.Projects[id]);
    }

    private static void UpdateReport(World w, string id, Func<MonitoringReport, MonitoringReport> change)
    {
        var s = S(w);
        s.Reports[id] = change(s.Reports[id]);
    }

    private static void ApplyIssued(VoluntaryState s, IssuanceRecord i)
    {
        s.Issuances.Add(i);
        s.Reports[i.IssuanceId] = s.Reports[i.IssuanceId] with { Status = ReportStatus.Issued };
    }
}
