// A national market in memory for tests: the registry and the voluntary module in one engine world,
// set up with the national market, the identities of a project's life and their registry accounts.
// Commands are decided at a market date, by the identity whose role does that step unless one is given.
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary.Credits;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Voluntary.Tests;

internal sealed class Market
{
    public const string Pdd = "1111111111111111111111111111111111111111111111111111111111111111";
    public const string Report = "2222222222222222222222222222222222222222222222222222222222222222";

    /// <summary>The identities, their roles and (for holders) their registry accounts.</summary>
    public static readonly (string Identity, Role Role, string? Account, AccountKind Kind)[] People =
    [
        ("owner-a", Role.ProjectOwner, "OWNER-A", AccountKind.ProjectOwner),
        ("owner-b", Role.ProjectOwner, "OWNER-B", AccountKind.ProjectOwner),
        ("buyer-b", Role.Investor, "BUYER-B", AccountKind.Investor),
        ("buyer-c", Role.Investor, "BUYER-C", AccountKind.Investor),
        ("acme", Role.CoveredEntity, "ACME-1", AccountKind.CoveredEntity),
        ("VVB1", Role.ValidationBody, null, default),
        ("VVB2", Role.ValidationBody, null, default),
        ("VER1", Role.Verifier, null, default),
    ];

    public const string Reserve = "cn-RESERVE";

    private int _next;

    public Market()
    {
        foreach (var step in MarketSetup.National())
        {
            var outcome = DecisionContext.Decide(World, new CommandEnvelope(step.CommandId, step.Actor, At("2025-01-02"), step.Command));
            Must(outcome);
            Events.AddRange(outcome.Events);
        }
        foreach (var (identity, role, account, kind) in People)
        {
            Must(Decide(new GrantRole(identity, role), "2025-01-02", MarketSetup.Regulator));
            if (account is not null)
                Must(Decide(new OpenAccount(account, "cn", identity, kind), "2025-01-02", MarketSetup.RegistryOperator));
        }
    }

    public World World { get; } = new ModuleCatalog(new RegistryModule(), new VoluntaryModule()).CreateWorld();

    public List<Event> Events { get; } = [];

    public VoluntaryState State => World.Get<VoluntaryState>();

    public RegistryState Registry => World.Get<RegistryState>();

    /// <summary>10:00 Beijing time on a market date.</summary>
    public static DateTimeOffset At(string date) => new(DateTime.Parse(date + "T10:00:00", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    public Outcome Decide(Command command, string date, string? actor = null)
    {
        var outcome = DecisionContext.Decide(World, new CommandEnvelope($"c{++_next}", actor ?? ActorOf(command), At(date), command));
        Events.AddRange(outcome.Events);
        return outcome;
    }

    public void Ok(Command command, string date, string? actor = null)
    {
        var outcome = Decide(command, date, actor);
        Assert.True(outcome.Accepted, $"{command.GetType().Name} was rejected: {outcome.Rejection}");
    }

    /// <summary>Asserts a rejection that changed nothing (same state hash) and returns its code.</summary>
    public string Rejected(Command command, string date, string? actor = null)
    {
        var before = World.StateHash();
        var outcome = Decide(command, date, actor);
        Assert.False(outcome.Accepted, $"{command.GetType().Name} was accepted");
        Assert.Empty(outcome.Events);
        Assert.Equal(before, World.StateHash());
        return outcome.Rejection!.Code;
    }

    /// <summary>The identity whose role does this step: regulator, the project's owner, the bodies, or the account's holder.</summary>
    public string ActorOf(Command command) => command switch
    {
        DraftProject d => HolderOf(d.OwnerAccount),
        OpenPublicComment c => OwnerOf(c.ProjectId),
        SubmitMonitoringReport r => OwnerOf(r.ProjectId),
        PublishVerifiedReport p => State.Reports.TryGetValue(p.ReportId, out var r) ? OwnerOf(r.ProjectId) : "owner-a",
        ValidateProject => "VVB1",
        VerifyMonitoringReport => "VER1",
        TransferCredits t => HolderOf(t.From),
        RetireCredits r => HolderOf(r.Account),
        SurrenderCredits s => HolderOf(s.Account),
        CancelCredits c => HolderOf(c.Account),
        _ => MarketSetup.Regulator,
    };

    private string OwnerOf(string projectId) => State.Projects.TryGetValue(projectId, out var p) ? p.Owner : "owner-a";

    private string HolderOf(string accountId) =>
        Registry.Accounts.TryGetValue(accountId, out var a) && a.Kind.IsHolderKind() ? a.Holder : MarketSetup.Regulator;

    /// <summary>Units of a project's vintage an account holds.</summary>
    public long Held(string account, string projectId = "P0001", int vintage = 2025) =>
        Registry.HoldingOf(account, CreditClasses.Id(projectId, vintage))?.Held ?? 0;

    /// <summary>The serials of a project's vintage an account holds.</summary>
    public IReadOnlyList<SerialRange> Serials(string account, string projectId = "P0001", int vintage = 2025) =>
        CreditClasses.SerialsOf(Registry, account, CreditClasses.Id(projectId, vintage));

    public static DraftProject Wind(string id = "P0001", string name = "Rudong offshore wind farm phase II", string? pdd = null, IReadOnlyList<string>? refs = null) =>
        new(id, name, "OWNER-A", "CCER-01-002-V01", "Jiangsu", new DateOnly(2021, 3, 1), new DateOnly(2022, 1, 1), new DateOnly(2031, 12, 31), pdd ?? Pdd, refs);

    /// <summary>Accredits VVB1 and VER1 and takes a project from draft to registered (comment opened 2025-09-15, registered 2025-10-20).</summary>
    public void Register(DraftProject draft)
    {
        Accredit();
        Ok(draft, "2025-09-01");
        Ok(new ValidateProject(draft.ProjectId, Report), "2025-09-10");
        Ok(new OpenPublicComment(draft.ProjectId), "2025-09-15");
        Ok(new RegisterProject(draft.ProjectId), "2025-10-20");
        Assert.Equal(ProjectStatus.Registered, State.Projects[draft.ProjectId].Status);
    }

    /// <summary>Accredits the validation body VVB1 and the verifier VER1, once.</summary>
    public void Accredit()
    {
        if (!State.Bodies.ContainsKey("VVB1"))
            Ok(new AccreditBody("VVB1", "China Quality Certification Centre"), "2025-09-01");
        if (!State.Bodies.ContainsKey("VER1"))
            Ok(new AccreditBody("VER1", "China Classification Society Certification"), "2025-09-01");
    }

    /// <summary>Reports, verifies, publishes and issues the 2025 vintage of a registered project.</summary>
    public void Issue(string projectId, string reportId, long quantity, int vintage = 2025)
    {
        Ok(new SubmitMonitoringReport(reportId, projectId, new DateOnly(vintage, 1, 1), new DateOnly(vintage, 12, 31), quantity, Report), "2026-02-10");
        Ok(new VerifyMonitoringReport(reportId, quantity, Report), "2026-02-11");
        Ok(new PublishVerifiedReport(reportId), "2026-02-12");
        Ok(new IssueCredits(reportId), "2026-03-19");
    }

    private static void Must(Outcome outcome) => Assert.True(outcome.Accepted, outcome.Rejection?.ToString());
}
