// Project lifecycle and eligibility: each rule's stable code, with the dates of the CCER measures.
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;

namespace OpenEts.Voluntary.Tests;

public sealed class ProjectLifecycleTests
{
    [Fact]
    public void A_project_goes_draft_validated_public_comment_registered()
    {
        var m = new Market();
        m.Accredit();
        m.Ok(Market.Wind(), "2025-09-01");
        Assert.Equal(ProjectStatus.Draft, m.State.Projects["P0001"].Status);
        Assert.Equal("wrong_project_status", m.Rejected(new OpenPublicComment("P0001"), "2025-09-05"));
        m.Ok(new ValidateProject("P0001", Market.Report), "2025-09-10");
        m.Ok(new OpenPublicComment("P0001"), "2025-09-15");
        var p = m.State.Projects["P0001"];
        Assert.Equal(ProjectStatus.PublicComment, p.Status);
        Assert.Equal(new DateOnly(2025, 10, 17), p.CommentEnd);
        Assert.Equal("public_comment_open", m.Rejected(new RegisterProject("P0001"), "2025-10-17"));
        m.Ok(new RegisterProject("P0001"), "2025-10-18");
        p = m.State.Projects["P0001"];
        Assert.Equal(ProjectStatus.Registered, p.Status);
        Assert.Equal(new DateOnly(2025, 10, 18), p.RegisteredOn);
        Assert.Equal(["project_design_document", "validation_report"], p.Documents.Select(d => d.Kind));
    }

    [Fact]
    public void Validation_needs_an_accredited_body()
    {
        var m = new Market();
        m.Accredit();
        m.Ok(Market.Wind(), "2025-09-01");
        Assert.Equal("body_not_accredited", m.Rejected(new ValidateProject("P0001", Market.Report), "2025-09-10", "VVB2"));
        Assert.Equal("wrong_project_status", m.Rejected(new OpenPublicComment("P0001"), "2025-09-10"));
    }

    [Fact]
    public void A_rejection_states_its_reasons_and_closes_the_project()
    {
        var m = new Market();
        m.Ok(Market.Wind(), "2025-09-01");
        Assert.Equal("reasons_required", m.Rejected(new RejectProject("P0001", []), "2025-09-02"));
        m.Ok(new RejectProject("P0001", ["additionality not demonstrated"]), "2025-09-02");
        Assert.Equal(["additionality not demonstrated"], m.State.Projects["P0001"].RejectionReasons);
        Assert.Equal("project_closed", m.Rejected(new RejectProject("P0001", ["again"]), "2025-09-03"));
    }

    [Theory]
    [InlineData("2012-11-08", "construction_start_too_early")]
    [InlineData("2012-11-09", null)]
    public void Construction_must_start_after_8_november_2012(string start, string? code)
    {
        var m = new Market();
        var draft = Market.Wind() with { ConstructionStart = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture) };
        if (code is null)
            m.Ok(draft, "2025-09-01");
        else
            Assert.Equal(code, m.Rejected(draft, "2025-09-01"));
    }

    [Fact]
    public void Reductions_count_only_after_22_september_2020()
    {
        var m = new Market();
        var draft = Market.Wind() with { ConstructionStart = new DateOnly(2019, 5, 1), CreditingStart = new DateOnly(2020, 9, 22), CreditingEnd = new DateOnly(2030, 9, 21) };
        Assert.Equal("reductions_before_eligible_date", m.Rejected(draft, "2025-09-01"));
        m.Ok(draft with { CreditingStart = new DateOnly(2020, 9, 23), CreditingEnd = new DateOnly(2030, 9, 22) }, "2025-09-01");
    }

    [Theory]
    [InlineData("CCER-01-002-V01", 2022, 2028, "crediting_period_out_of_range")] // 6 years 11 months
    [InlineData("CCER-01-002-V01", 2022, 2029, null)] // 7 years
    [InlineData("CCER-01-002-V01", 2022, 2032, null)] // 10 years
    [InlineData("CCER-01-002-V01", 2022, 2033, "crediting_period_out_of_range")] // 11 years
    [InlineData("CCER-14-001-V01", 2022, 2032, "crediting_period_out_of_range")] // forestry, 10 years
    [InlineData("CCER-14-001-V01", 2022, 2042, null)] // forestry, 20 years
    [InlineData("CCER-14-001-V01", 2022, 2062, null)] // forestry, 40 years
    [InlineData("CCER-14-001-V01", 2022, 2063, "crediting_period_out_of_range")] // forestry, 41 years
    public void Crediting_period_is_7_to_10_years_or_20_to_40_for_forestry(string methodology, int from, int untilExclusive, string? code)
    {
        var m = new Market();
        var draft = Market.Wind() with
        {
            Methodology = methodology,
            CreditingStart = new DateOnly(from, 1, 1),
            CreditingEnd = new DateOnly(untilExclusive, 1, 1).AddDays(-1),
        };
        if (code is null)
            m.Ok(draft, "2025-09-01");
        else
            Assert.Equal(code, m.Rejected(draft, "2025-09-01"));
    }

    [Fact]
    public void The_same_project_cannot_be_filed_twice_here()
    {
        var m = new Market();
        m.Ok(Market.Wind(), "2025-09-01");
        Assert.Equal("project_exists", m.Rejected(Market.Wind(), "2025-09-01"));
        Assert.Equal("duplicate_project", m.Rejected(Market.Wind("P0002", "Another name"), "2025-09-01"));
        Assert.Equal("duplicate_project", m.Rejected(Market.Wind("P0002", "RUDONG Offshore Wind Farm, Phase II", pdd: new string('3', 64)), "2025-09-01"));
    }

    [Fact]
    public void Documents_are_referenced_by_sha256_hex()
    {
        var m = new Market();
        Assert.Equal("bad_document_hash", m.Rejected(Market.Wind(pdd: "not-a-hash"), "2025-09-01"));
        Assert.Equal("bad_document_hash", m.Rejected(Market.Wind(pdd: new string('A', 64)), "2025-09-01"));
    }

    [Fact]
    public void Unknown_methodologies_and_bad_ids_are_refused()
    {
        var m = new Market();
        Assert.Equal("unknown_methodology", m.Rejected(Market.Wind() with { Methodology = "CCER-99-001-V01" }, "2025-09-01"));
        Assert.Equal("bad_project_id", m.Rejected(Market.Wind("p-1"), "2025-09-01"));
    }

    [Fact]
    public void A_project_recorded_in_verra_cannot_be_registered_here()
    {
        var m = new Market();
        var verra = ForeignRegistryImportTests.Read("verra-transactions.csv", ForeignRegistryCsv.ReadVerraTransactions);
        m.Ok(new RecordForeignRecords(ForeignRegistryCsv.Verra, verra.Credits, []), "2025-08-01");
        Assert.Equal("registered_in_other_registry", m.Rejected(Market.Wind(refs: ["verra:1340"]), "2025-09-01"));
        Assert.Equal("registered_in_other_registry", m.Rejected(Market.Wind("P0009", "Tongxu Biogas Recovery and Utilization Project"), "2025-09-01"));
        Assert.Equal("bad_foreign_reference", m.Rejected(Market.Wind(refs: ["1340"]), "2025-09-01"));
        m.Ok(Market.Wind(refs: ["verra:999999"]), "2025-09-01");
    }

    [Fact]
    public void A_blank_reference_or_a_date_past_2100_is_refused_and_decides_nothing_else()
    {
        // Both used to throw inside the decision, which stopped the engine for the whole market.
        var m = new Market();
        Assert.Equal("bad_foreign_reference", m.Rejected(Market.Wind(refs: [null!]), "2025-09-01"));
        Assert.Equal("bad_foreign_reference", m.Rejected(Market.Wind(refs: [" "]), "2025-09-01"));
        var far = Market.Wind() with { ConstructionStart = new DateOnly(9995, 3, 1), CreditingStart = new DateOnly(9995, 3, 1), CreditingEnd = new DateOnly(9999, 12, 31) };
        Assert.Equal("invalid_date", m.Rejected(far, "2025-09-01"));
        Assert.Equal("invalid_date", m.Rejected(Market.Wind() with { CreditingEnd = new DateOnly(2101, 1, 1) }, "2025-09-01"));
        m.Ok(Market.Wind(), "2025-09-01");
    }

    [Fact]
    public void A_project_under_validation_at_verra_blocks_registration_here_by_name()
    {
        var m = new Market();
        using var reader = new StreamReader(ForeignRegistryImportTests.OffsetsDb("verra-projects.csv"));
        m.Ok(new RecordForeignRecords(ForeignRegistryCsv.Verra, [], ForeignRegistryCsv.ReadVerraProjects(reader)), "2025-08-01");
        Assert.Equal("registered_in_other_registry", m.Rejected(Market.Wind("P0005", "KENYA HIGHLANDS GROUPED CARBON PROJECT"), "2025-09-01"));
    }
}
