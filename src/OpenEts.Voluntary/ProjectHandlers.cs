// Project lifecycle: draft → validated → public comment (working days) → registered, or rejected.
// Each eligibility rule has a stable code; the values come from the market's rulebook.
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary.Methodologies;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;

namespace OpenEts.Voluntary;

/// <summary>Decides the project commands.</summary>
internal sealed class ProjectHandlers(CcerRules rules, MethodologyCatalog methodologies)
{
    public Rejection? Accredit(DecisionContext ctx, AccreditBody c)
    {
        if (Permissions.Require(ctx, Role.Regulator, "accredit bodies") is { } denied)
            return denied;
        var bad = Checks.First(Checks.Id("body", c.BodyId), Checks.Text("name", c.Name));
        if (bad is not null)
            return bad;
        if (ctx.World.Get<RegistryState>().RoleOf(c.BodyId) is not (Role.ValidationBody or Role.Verifier))
            return new Rejection("not_a_body", $"{c.BodyId} needs the registry role ValidationBody or Verifier before it can be accredited.");
        if (ctx.World.Get<VoluntaryState>().Bodies.ContainsKey(c.BodyId))
            return new Rejection("body_exists", $"Body {c.BodyId} is already accredited.");
        ctx.Emit(new BodyAccredited(c.BodyId, c.Name));
        return null;
    }

    public Rejection? Draft(DecisionContext ctx, DraftProject c)
    {
        if (Permissions.Require(ctx, Role.ProjectOwner, "file projects") is { } denied)
            return denied;
        var state = ctx.World.Get<VoluntaryState>();
        var bad = Checks.First(Checks.ProjectId(c.ProjectId), Checks.Text("name", c.Name), Checks.Text("owner_account", c.OwnerAccount),
            Checks.Text("province", c.Province), Checks.Document("design document", c.PddSha256));
        if (bad is not null)
            return bad;
        if (OwnerAccount(ctx, c.OwnerAccount) is { } account)
            return account;
        if (state.Projects.ContainsKey(c.ProjectId))
            return new Rejection("project_exists", $"Project {c.ProjectId} already exists.");
        var methodology = methodologies.Find(c.Methodology);
        if (methodology is null)
            return new Rejection("unknown_methodology", $"No published methodology has the code {c.Methodology}.");
        if (methodology.Data.Status != "active")
            return new Rejection("methodology_not_active", $"Methodology {c.Methodology} is {methodology.Data.Status}.");
        var eligibility = Eligibility(c, methodology.Data.Forestry);
        if (eligibility is not null)
            return eligibility;
        var duplicate = Duplicate(state, c);
        if (duplicate is not null)
            return duplicate;
        var project = new Project(c.ProjectId, c.Name.Trim(), ctx.Actor, c.OwnerAccount, c.Methodology, c.Province, c.ConstructionStart, c.CreditingStart, c.CreditingEnd,
            c.OtherRegistryRefs ?? [], ProjectStatus.Draft, [new DocumentRef("project_design_document", c.PddSha256)], rules.MarketDate(ctx.Time));
        ctx.Emit(new ProjectDrafted(project));
        return null;
    }

    /// <summary>Credits go to a project-owner account of the registry that the drafting owner holds.</summary>
    private static Rejection? OwnerAccount(DecisionContext ctx, string accountId)
    {
        if (!ctx.World.Get<RegistryState>().Accounts.TryGetValue(accountId, out var account))
            return new Rejection("unknown_account", $"No registry account has the id '{accountId}'; open a project-owner account first.");
        if (account.Kind != AccountKind.ProjectOwner || account.Closed)
            return new Rejection("not_project_owner_account", $"'{accountId}' is not an open project-owner account.");
        return account.Holder == ctx.Actor ? null : Permissions.NotAuthorized(ctx.Actor, $"name '{accountId}' as the project's account (held by {account.Holder})");
    }

    /// <summary>The last date a project's construction or crediting may name: later ones are typing errors, and date arithmetic on them would overflow.</summary>
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    private Rejection? Eligibility(DraftProject c, bool forestry)
    {
        if (c.ConstructionStart > LatestDate || c.CreditingStart > LatestDate || c.CreditingEnd > LatestDate)
            return new Rejection("invalid_date", $"Construction and crediting dates are at most {LatestDate:yyyy-MM-dd}.");
        if (c.ConstructionStart <= rules.ConstructionStartAfter)
            return new Rejection("construction_start_too_early", $"Construction must have started after {rules.ConstructionStartAfter:yyyy-MM-dd}; it started {c.ConstructionStart:yyyy-MM-dd}.");
        if (c.CreditingStart <= rules.ReductionsAfter)
            return new Rejection("reductions_before_eligible_date", $"Reductions count only after {rules.ReductionsAfter:yyyy-MM-dd}; the crediting period starts {c.CreditingStart:yyyy-MM-dd}.");
        if (c.CreditingStart < c.ConstructionStart)
            return new Rejection("crediting_before_construction", "The crediting period cannot start before construction.");
        var years = forestry ? rules.ForestryCreditingPeriodYears : rules.CreditingPeriodYears;
        var shortest = c.CreditingStart.AddYears(years.Min).AddDays(-1);
        var longest = c.CreditingStart.AddYears(years.Max).AddDays(-1);
        if (c.CreditingEnd < shortest || c.CreditingEnd > longest)
            return new Rejection("crediting_period_out_of_range",
                $"A {(forestry ? "forestry" : "non-forestry")} crediting period runs {years.Min}–{years.Max} years: from {c.CreditingStart:yyyy-MM-dd} it must end between {shortest:yyyy-MM-dd} and {longest:yyyy-MM-dd}.");
        return null;
    }

    private static Rejection? Duplicate(VoluntaryState state, DraftProject c)
    {
        var nameKey = ForeignRecordBook.NameKey(c.Name);
        foreach (var p in state.Projects.Values)
        {
            if (p.Status == ProjectStatus.Rejected)
                continue;
            if (p.Documents.Any(d => d.Sha256 == c.PddSha256))
                return new Rejection("duplicate_project", $"Project {p.Id} already filed the same design document.");
            if (ForeignRecordBook.NameKey(p.Name) == nameKey)
                return new Rejection("duplicate_project", $"Project {p.Id} already has the name '{p.Name}'.");
        }
        if ((c.OtherRegistryRefs?.Count ?? 0) > Checks.MaxItems)
            return new Rejection("too_many_items", $"At most {Checks.MaxItems} references.");
        foreach (var text in c.OtherRegistryRefs ?? [])
        {
            if (ForeignProjectRef.TryParse(text) is not { } r)
                return new Rejection("bad_foreign_reference", $"'{text}' is not a reference of the form registry:id (e.g. verra:1340).");
            if (state.Foreign.Find(r) is { } f && !ForeignRecordBook.NonBlockingStatuses.Contains(f.Status))
                return new Rejection("registered_in_other_registry", $"The project is recorded in {f.Registry} as {f.ProjectId} '{f.Name}' ({f.Status}); the same reductions cannot be registered twice.");
        }
        if (state.Foreign.BlockingByName(c.Name).FirstOrDefault() is { } byName)
            return new Rejection("registered_in_other_registry", $"A project named '{byName.Name}' is recorded in {byName.Registry} as {byName.ProjectId} ({byName.Status}); the same reductions cannot be registered twice.");
        return null;
    }

    public Rejection? Validate(DecisionContext ctx, ValidateProject c)
    {
        if (Permissions.AccreditedBody(ctx, Role.ValidationBody, "validate projects") is { } denied)
            return denied;
        var state = ctx.World.Get<VoluntaryState>();
        if (Find(state, c.ProjectId, ProjectStatus.Draft, out _) is { } r)
            return r;
        if (Checks.Document("validation report", c.ReportSha256) is { } bad)
            return bad;
        ctx.Emit(new ProjectValidated(c.ProjectId, ctx.Actor, c.ReportSha256));
        return null;
    }

    public Rejection? OpenComment(DecisionContext ctx, OpenPublicComment c)
    {
        var state = ctx.World.Get<VoluntaryState>();
        if (Find(state, c.ProjectId, ProjectStatus.Validated, out var project) is { } r)
            return r;
        if (Permissions.ProjectOwner(ctx, project!, "publish the design document") is { } denied)
            return denied;
        var start = rules.MarketDate(ctx.Time);
        if (rules.Calendar.AddWorkingDays(start, rules.PublicCommentWorkingDays) is not { } end)
            return new Rejection("calendar_not_covering", $"The working-day calendar does not cover {rules.PublicCommentWorkingDays} working days after {start:yyyy-MM-dd}; add the holiday list for that year.");
        ctx.Emit(new PublicCommentOpened(c.ProjectId, start, end));
        return null;
    }

    public Rejection? Register(DecisionContext ctx, RegisterProject c)
    {
        if (Permissions.Require(ctx, Role.Regulator, "register projects") is { } denied)
            return denied;
        var state = ctx.World.Get<VoluntaryState>();
        if (Find(state, c.ProjectId, ProjectStatus.PublicComment, out var project) is { } r)
            return r;
        var today = rules.MarketDate(ctx.Time);
        if (today <= project!.CommentEnd)
            return new Rejection("public_comment_open", $"Public comment on {c.ProjectId} runs until {project.CommentEnd:yyyy-MM-dd} ({rules.PublicCommentWorkingDays} working days); register from the next day.");
        foreach (var text in project.OtherRegistryRefs)
        {
            // Records of other registries may have arrived since the draft: check again.
            if (ForeignProjectRef.TryParse(text) is { } fr && state.Foreign.Find(fr) is { } f && !ForeignRecordBook.NonBlockingStatuses.Contains(f.Status))
                return new Rejection("registered_in_other_registry", $"The project is recorded in {f.Registry} as {f.ProjectId} ({f.Status}).");
        }
        if (state.Foreign.BlockingByName(project.Name).FirstOrDefault() is { } byName)
            return new Rejection("registered_in_other_registry", $"A project named '{byName.Name}' is recorded in {byName.Registry} as {byName.ProjectId} ({byName.Status}).");
        ctx.Emit(new ProjectRegistered(c.ProjectId, today));
        return null;
    }

    public Rejection? Reject(DecisionContext ctx, RejectProject c)
    {
        if (Permissions.Require(ctx, Role.Regulator, "reject projects") is { } denied)
            return denied;
        var state = ctx.World.Get<VoluntaryState>();
        if (!state.Projects.TryGetValue(c.ProjectId, out var project))
            return new Rejection("project_not_found", $"No project {c.ProjectId}.");
        if (project.Status is ProjectStatus.Registered or ProjectStatus.Rejected)
            return new Rejection("project_closed", $"Project {c.ProjectId} is already {Name(project.Status)}.");
        if (Checks.Reasons(c.Reasons) is { } reasons)
            return reasons;
        ctx.Emit(new ProjectRejected(c.ProjectId, c.Reasons, rules.MarketDate(ctx.Time)));
        return null;
    }

    internal static Rejection? Find(VoluntaryState state, string id, ProjectStatus expected, out Project? project)
    {
        if (!state.Projects.TryGetValue(id, out project))
            return new Rejection("project_not_found", $"No project {id}.");
        return project.Status == expected ? null : new Rejection("wrong_project_status", $"Project {id} is {Name(project.Status)}, not {Name(expected)}.");
    }

    internal static string Name(ProjectStatus s) => s switch
    {
        ProjectStatus.PublicComment => "in public comment",
        _ => s.ToString().ToLowerInvariant(),
    };
}
