// Who may do each step, from the registry's roles: the regulator accredits, registers, rejects, issues
// and records other registries; an accredited validation body validates; an accredited verifier
// verifies; the project's owner drafts, publishes and reports, and receives the credits.
using OpenEts.Registry;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;

namespace OpenEts.Voluntary.Tests;

public sealed class PermissionTests
{
    [Theory]
    [InlineData("owner-a")]
    [InlineData("VVB1")]
    [InlineData(MarketSetup.RegistryOperator)]
    public void Only_a_regulator_accredits_bodies(string actor)
    {
        var m = new Market();
        Assert.Equal("not_authorized", m.Rejected(new AccreditBody("VVB1", "CQC"), "2025-09-01", actor));
        Assert.Equal("not_a_body", m.Rejected(new AccreditBody("owner-a", "Not a body"), "2025-09-01"));
    }

    [Theory]
    [InlineData("buyer-b", "not_authorized")] // an investor is not a project owner
    [InlineData("VVB1", "not_authorized")]
    [InlineData("owner-b", "not_authorized")] // a project owner, but OWNER-A is not theirs
    public void A_project_is_drafted_by_a_project_owner_naming_their_own_account(string actor, string code)
    {
        var m = new Market();
        Assert.Equal(code, m.Rejected(Market.Wind(), "2025-09-01", actor));
        Assert.Equal("not_project_owner_account", m.Rejected(Market.Wind() with { OwnerAccount = "BUYER-B" }, "2025-09-01", "owner-a"));
        Assert.Equal("unknown_account", m.Rejected(Market.Wind() with { OwnerAccount = "NOPE-1" }, "2025-09-01", "owner-a"));
        m.Ok(Market.Wind(), "2025-09-01");
        Assert.Equal(("owner-a", "OWNER-A"), (m.State.Projects["P0001"].Owner, m.State.Projects["P0001"].OwnerAccount));
    }

    [Theory]
    [InlineData("VER1", "not_authorized")] // a verifier does not validate
    [InlineData("owner-a", "not_authorized")]
    [InlineData(MarketSetup.Regulator, "not_authorized")]
    [InlineData("VVB2", "body_not_accredited")] // a validation body, not accredited
    public void Only_an_accredited_validation_body_validates(string actor, string code)
    {
        var m = new Market();
        m.Accredit();
        m.Ok(Market.Wind(), "2025-09-01");
        Assert.Equal(code, m.Rejected(new ValidateProject("P0001", Market.Report), "2025-09-10", actor));
        m.Ok(new ValidateProject("P0001", Market.Report), "2025-09-10", "VVB1");
        Assert.Equal("VVB1", m.State.Projects["P0001"].ValidationBody);
    }

    [Theory]
    [InlineData("owner-b")]
    [InlineData("VVB1")]
    [InlineData(MarketSetup.Regulator)]
    public void Only_the_owner_opens_public_comment(string actor)
    {
        var m = new Market();
        m.Accredit();
        m.Ok(Market.Wind(), "2025-09-01");
        m.Ok(new ValidateProject("P0001", Market.Report), "2025-09-10");
        Assert.Equal("not_authorized", m.Rejected(new OpenPublicComment("P0001"), "2025-09-15", actor));
    }

    [Theory]
    [InlineData("owner-a")]
    [InlineData("VVB1")]
    [InlineData(MarketSetup.RegistryOperator)]
    public void Only_a_regulator_registers_or_rejects(string actor)
    {
        var m = new Market();
        m.Accredit();
        m.Ok(Market.Wind(), "2025-09-01");
        m.Ok(new ValidateProject("P0001", Market.Report), "2025-09-10");
        m.Ok(new OpenPublicComment("P0001"), "2025-09-15");
        Assert.Equal("not_authorized", m.Rejected(new RegisterProject("P0001"), "2025-10-20", actor));
        Assert.Equal("not_authorized", m.Rejected(new RejectProject("P0001", ["no"]), "2025-10-20", actor));
        m.Ok(new RegisterProject("P0001"), "2025-10-20");
    }

    [Theory]
    [InlineData("owner-b")]
    [InlineData("buyer-b")]
    [InlineData("VER1")]
    public void Only_the_owner_submits_and_publishes_monitoring_reports(string actor)
    {
        var m = new Market();
        m.Register(Market.Wind());
        var report = new SubmitMonitoringReport("R1", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 100, Market.Report);
        Assert.Equal("not_authorized", m.Rejected(report, "2026-02-10", actor));
        m.Ok(report, "2026-02-10");
        m.Ok(new VerifyMonitoringReport("R1", 100, Market.Report), "2026-02-11");
        Assert.Equal("not_authorized", m.Rejected(new PublishVerifiedReport("R1"), "2026-02-12", actor));
    }

    [Theory]
    [InlineData("VVB1", "not_authorized")] // a validation body does not verify
    [InlineData("owner-a", "not_authorized")]
    [InlineData(MarketSetup.Regulator, "not_authorized")]
    public void Only_an_accredited_verifier_verifies(string actor, string code)
    {
        var m = new Market();
        m.Register(Market.Wind());
        m.Ok(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 100, Market.Report), "2026-02-10");
        Assert.Equal(code, m.Rejected(new VerifyMonitoringReport("R1", 100, Market.Report), "2026-02-11", actor));
        m.Ok(new VerifyMonitoringReport("R1", 100, Market.Report), "2026-02-11", "VER1");
        Assert.Equal("VER1", m.State.Reports["R1"].VerificationBody);
    }

    [Fact]
    public void An_unaccredited_verifier_is_refused()
    {
        var m = new Market();
        m.Ok(new GrantRole("VER2", Role.Verifier), "2025-01-02");
        m.Register(Market.Wind());
        m.Ok(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 100, Market.Report), "2026-02-10");
        Assert.Equal("body_not_accredited", m.Rejected(new VerifyMonitoringReport("R1", 100, Market.Report), "2026-02-11", "VER2"));
    }

    [Theory]
    [InlineData("owner-a")]
    [InlineData(MarketSetup.RegistryOperator)]
    [InlineData("VER1")]
    public void Only_a_regulator_issues_and_the_owner_receives(string actor)
    {
        var m = new Market();
        m.Register(Market.Wind());
        m.Ok(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 100, Market.Report), "2026-02-10");
        m.Ok(new VerifyMonitoringReport("R1", 100, Market.Report), "2026-02-11");
        m.Ok(new PublishVerifiedReport("R1"), "2026-02-12");
        Assert.Equal("not_authorized", m.Rejected(new IssueCredits("R1"), "2026-03-19", actor));
        m.Ok(new IssueCredits("R1"), "2026-03-19");
        Assert.Equal(100, m.Held("OWNER-A"));
    }

    [Fact]
    public void Issuance_to_a_closed_owner_account_is_refused_with_nothing_issued()
    {
        var m = new Market();
        m.Register(Market.Wind());
        m.Ok(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 100, Market.Report), "2026-02-10");
        m.Ok(new VerifyMonitoringReport("R1", 100, Market.Report), "2026-02-11");
        m.Ok(new PublishVerifiedReport("R1"), "2026-02-12");
        m.Ok(new CloseAccount("OWNER-A"), "2026-03-01", MarketSetup.RegistryOperator);
        Assert.Equal("owner_account_unavailable", m.Rejected(new IssueCredits("R1"), "2026-03-19"));
        Assert.False(m.Registry.Classes.ContainsKey("CCER-P0001-2025"));
    }

    [Theory]
    [InlineData("owner-a")]
    [InlineData("VVB1")]
    public void Only_the_regulator_or_registry_operator_records_other_registries(string actor)
    {
        var m = new Market();
        Assert.Equal("not_authorized", m.Rejected(new RecordForeignRecords(ForeignRegistryCsv.Verra, [], []), "2025-08-01", actor));
        m.Ok(new RecordForeignRecords(ForeignRegistryCsv.Verra, [], []), "2025-08-01", MarketSetup.RegistryOperator);
    }
}
