// A voluntary market in memory for tests: decides commands at a given market date, keeps the events.
using OpenEts.Core;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Voluntary.Tests;

internal sealed class Market
{
    public const string Pdd = "1111111111111111111111111111111111111111111111111111111111111111";
    public const string Report = "2222222222222222222222222222222222222222222222222222222222222222";

    private int _next;

    public World World { get; } = new ModuleCatalog(new VoluntaryModule()).CreateWorld();

    public List<Event> Events { get; } = [];

    public VoluntaryState State => World.Get<VoluntaryState>();

    /// <summary>10:00 Beijing time on a market date.</summary>
    public static DateTimeOffset At(string date) => new(DateTime.Parse(date + "T10:00:00", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    public Outcome Decide(Command command, string date)
    {
        var outcome = DecisionContext.Decide(World, new CommandEnvelope($"c{++_next}", "tester", At(date), command));
        Events.AddRange(outcome.Events);
        return outcome;
    }

    public void Ok(Command command, string date)
    {
        var outcome = Decide(command, date);
        Assert.True(outcome.Accepted, $"{command.GetType().Name} was rejected: {outcome.Rejection}");
    }

    public string Rejected(Command command, string date)
    {
        var outcome = Decide(command, date);
        Assert.False(outcome.Accepted, $"{command.GetType().Name} was accepted");
        Assert.Empty(outcome.Events);
        return outcome.Rejection!.Code;
    }

    public static DraftProject Wind(string id = "P0001", string name = "Rudong offshore wind farm phase II", string? pdd = null, IReadOnlyList<string>? refs = null) =>
        new(id, name, "owner-a", "CCER-01-002-V01", "Jiangsu", new DateOnly(2021, 3, 1), new DateOnly(2022, 1, 1), new DateOnly(2031, 12, 31), pdd ?? Pdd, refs);

    /// <summary>Accredits VVB1 and takes a project from draft to registered (comment opened 2025-09-15, registered 2025-10-20).</summary>
    public void Register(DraftProject draft)
    {
        if (!State.Bodies.ContainsKey("VVB1"))
            Ok(new AccreditBody("VVB1", "China Quality Certification Centre"), "2025-09-01");
        Ok(draft, "2025-09-01");
        Ok(new ValidateProject(draft.ProjectId, "VVB1", Report), "2025-09-10");
        Ok(new OpenPublicComment(draft.ProjectId), "2025-09-15");
        Ok(new RegisterProject(draft.ProjectId), "2025-10-20");
        Assert.Equal(ProjectStatus.Registered, State.Projects[draft.ProjectId].Status);
    }

    /// <summary>Reports, verifies, publishes and issues the 2025 vintage of a registered project.</summary>
    public void Issue(string projectId, string reportId, long quantity, int vintage = 2025)
    {
        Ok(new SubmitMonitoringReport(reportId, projectId, new DateOnly(vintage, 1, 1), new DateOnly(vintage, 12, 31), quantity, Report), "2026-02-10");
        Ok(new VerifyMonitoringReport(reportId, "VVB1", quantity, Report), "2026-02-11");
        Ok(new PublishVerifiedReport(reportId), "2026-02-12");
        Ok(new IssueCredits(reportId), "2026-03-19");
    }
}
