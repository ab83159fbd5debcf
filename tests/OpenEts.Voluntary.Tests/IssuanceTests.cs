// Issuance: monitoring report → verification → public period → serial-numbered credits, with the buffer.
using OpenEts.Registry;
using OpenEts.Voluntary.Credits;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;
using OpenEts.Voluntary.Serials;

namespace OpenEts.Voluntary.Tests;

public sealed class IssuanceTests
{
    [Fact]
    public void Verified_reductions_are_issued_as_one_serial_block_to_the_owner_after_the_public_period()
    {
        var m = new Market();
        m.Register(Market.Wind());
        m.Ok(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 69082, Market.Report), "2026-02-10");
        Assert.Equal("wrong_report_status", m.Rejected(new IssueCredits("R1"), "2026-02-10"));
        Assert.Equal("verified_exceeds_claimed", m.Rejected(new VerifyMonitoringReport("R1", 69083, Market.Report), "2026-02-11"));
        m.Ok(new VerifyMonitoringReport("R1", 69082, Market.Report), "2026-02-11");
        m.Ok(new PublishVerifiedReport("R1"), "2026-02-12");
        Assert.Equal(new DateOnly(2026, 3, 18), m.State.Reports["R1"].PublicEnd);
        Assert.Equal("public_period_open", m.Rejected(new IssueCredits("R1"), "2026-03-18"));
        m.Ok(new IssueCredits("R1"), "2026-03-19");
        var issuance = Assert.Single(m.State.Issuances);
        Assert.Equal(new SerialRange(1, 69082), issuance.OwnerRange);
        Assert.Null(issuance.BufferRange);
        // The credits are in the registry: the class of the project's vintage, all serials in the owner's account.
        var cls = m.Registry.Classes["CCER-P0001-2025"];
        Assert.Equal((UnitType.Credit, "P0001", 2025, 69082L, "cn"), (cls.Type, cls.ProjectId, cls.Vintage, cls.Issued, cls.MarketId));
        Assert.Equal([new SerialRange(1, 69082)], m.Serials("OWNER-A"));
        Assert.Equal(0, m.Held("cn-ISSUANCE"));
        Assert.Equal("CCER-P0001-2025-1-69082", new CcerSerial("P0001", 2025, issuance.OwnerRange!.Value).ToString());
        Assert.Empty(RegistryInvariants.Violations(m.Registry));
        Assert.Equal(ReportStatus.Issued, m.State.Reports["R1"].Status);
        Assert.Equal("wrong_report_status", m.Rejected(new IssueCredits("R1"), "2026-03-20"));
    }

    [Fact]
    public void Forestry_issuance_sets_the_buffer_share_aside_rounded_up()
    {
        // Afforestation buffer share 10%: 3,525 t → buffer ceil(352.5) = 353 t, owner 3,172 t.
        var m = new Market();
        m.Register(Market.Wind() with
        {
            Name = "Qiandongnan Chinese fir afforestation",
            Methodology = "CCER-14-001-V01",
            CreditingEnd = new DateOnly(2041, 12, 31),
        });
        m.Issue("P0001", "R1", 3525);
        var i = Assert.Single(m.State.Issuances);
        Assert.Equal(new SerialRange(1, 3172), i.OwnerRange);
        Assert.Equal(new SerialRange(3173, 3525), i.BufferRange);
        Assert.Equal([new SerialRange(1, 3172)], m.Serials("OWNER-A"));
        Assert.Equal([new SerialRange(3173, 3525)], m.Serials(Market.Reserve));
        Assert.Equal(3525, m.Registry.Classes["CCER-P0001-2025"].Issued);
    }

    [Fact]
    public void A_report_with_a_wrong_claim_is_rejected_with_reasons_and_its_period_reported_again()
    {
        var m = new Market();
        m.Register(Market.Wind());
        // A typo: 6,908 t claimed for 69,082. Verification above the claim is refused, and the period is taken.
        m.Ok(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 6908, Market.Report), "2026-02-10");
        Assert.Equal("verified_exceeds_claimed", m.Rejected(new VerifyMonitoringReport("R1", 69082, Market.Report), "2026-02-11"));
        Assert.Equal("monitoring_period_overlap",
            m.Rejected(new SubmitMonitoringReport("R2", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 69082, Market.Report), "2026-02-11"));
        Assert.Equal("not_authorized", m.Rejected(new RejectMonitoringReport("R1", ["claim typed wrong"]), "2026-02-11", "owner-a"));
        Assert.Equal("reasons_required", m.Rejected(new RejectMonitoringReport("R1", []), "2026-02-11", "VER1"));
        m.Ok(new RejectMonitoringReport("R1", ["The claim of 6,908 t disagrees with the metered 69,082 MWh."]), "2026-02-11", "VER1");
        Assert.Equal((ReportStatus.Rejected, "VER1"), (m.State.Reports["R1"].Status, m.State.Reports["R1"].RejectedBy));
        Assert.Equal("wrong_report_status", m.Rejected(new VerifyMonitoringReport("R1", 6908, Market.Report), "2026-02-12"));
        Assert.Equal("wrong_report_status", m.Rejected(new RejectMonitoringReport("R1", ["again"]), "2026-02-12"));

        m.Ok(new SubmitMonitoringReport("R2", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 69082, Market.Report), "2026-02-12");
        m.Ok(new VerifyMonitoringReport("R2", 69082, Market.Report), "2026-02-13");
        // A verified report is not rejected; the regulator may reject a submitted one too.
        Assert.Equal("wrong_report_status", m.Rejected(new RejectMonitoringReport("R2", ["late doubts"]), "2026-02-13"));
        m.Ok(new PublishVerifiedReport("R2"), "2026-02-14");
        m.Ok(new IssueCredits("R2"), "2026-04-30");
        Assert.Equal(69_082, m.Registry.Classes["CCER-P0001-2025"].Issued);
    }

    [Fact]
    public void A_second_report_continues_the_serials_of_its_vintage()
    {
        var m = new Market();
        m.Register(Market.Wind());
        m.Ok(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), 30000, Market.Report), "2026-02-10");
        m.Ok(new SubmitMonitoringReport("R2", "P0001", new DateOnly(2025, 7, 1), new DateOnly(2025, 12, 31), 39082, Market.Report), "2026-02-10");
        Assert.Equal("monitoring_period_overlap",
            m.Rejected(new SubmitMonitoringReport("R3", "P0001", new DateOnly(2025, 6, 30), new DateOnly(2025, 7, 31), 1, Market.Report), "2026-02-10"));
        foreach (var r in new[] { "R1", "R2" })
        {
            m.Ok(new VerifyMonitoringReport(r, r == "R1" ? 30000 : 39082, Market.Report), "2026-02-11");
            m.Ok(new PublishVerifiedReport(r), "2026-02-12");
            m.Ok(new IssueCredits(r), "2026-03-19");
        }
        Assert.Equal([new SerialRange(1, 30000), new SerialRange(30001, 69082)], m.State.Issuances.Select(i => i.OwnerRange!.Value));
        Assert.Equal([new SerialRange(1, 69082)], m.Serials("OWNER-A"));
    }

    [Theory]
    [InlineData("2020-10-01", "2020-12-31", "2026-02-10", "outside_issuance_window")] // earliest 2021-02-10
    [InlineData("2021-02-10", "2021-12-31", "2026-02-10", null)]
    [InlineData("2025-01-01", "2026-01-31", "2026-02-10", "period_spans_vintages")]
    [InlineData("2026-01-01", "2026-02-10", "2026-02-10", "period_not_over")]
    public void Each_issuance_covers_only_the_5_years_before_its_application(string from, string to, string applied, string? code)
    {
        var m = new Market();
        m.Register(Market.Wind() with { ConstructionStart = new DateOnly(2019, 1, 1), CreditingStart = new DateOnly(2020, 10, 1), CreditingEnd = new DateOnly(2030, 9, 30) });
        var submit = new SubmitMonitoringReport("R1", "P0001", DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), 100, Market.Report);
        if (code is null)
            m.Ok(submit, applied);
        else
            Assert.Equal(code, m.Rejected(submit, applied));
    }

    [Fact]
    public void Reports_need_a_registered_project_and_a_period_in_its_crediting_period()
    {
        var m = new Market();
        m.Ok(Market.Wind(), "2025-09-01");
        Assert.Equal("project_not_registered",
            m.Rejected(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 1, Market.Report), "2026-02-10"));
        var m2 = new Market();
        m2.Register(Market.Wind());
        Assert.Equal("outside_crediting_period",
            m2.Rejected(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2021, 6, 1), new DateOnly(2021, 12, 31), 1, Market.Report), "2026-02-10"));
    }

    [Fact]
    public void Reductions_already_issued_in_gold_standard_are_not_issued_again()
    {
        var m = new Market();
        m.Register(Market.Wind(refs: ["gold_standard:11236"]));
        m.Ok(new SubmitMonitoringReport("R1", "P0001", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), 500, Market.Report), "2026-02-10");
        m.Ok(new VerifyMonitoringReport("R1", 500, Market.Report), "2026-02-11");
        m.Ok(new PublishVerifiedReport("R1"), "2026-02-12");
        var gs = ForeignRegistryImportTests.Read("gold-standard-issuances.csv", ForeignRegistryCsv.ReadGoldStandard);
        m.Ok(new RecordForeignRecords(ForeignRegistryCsv.GoldStandard, gs.Credits, []), "2026-03-01");
        Assert.Equal("issued_in_other_registry", m.Rejected(new IssueCredits("R1"), "2026-03-19"));
        Assert.False(m.Registry.Classes.ContainsKey(CreditClasses.Id("P0001", 2024)));
    }

    [Fact]
    public void Foreign_records_whose_range_disagrees_with_the_quantity_are_refused()
    {
        var m = new Market();
        var bad = new ForeignCredit("verra", "1", "X", 2020, "1-1-10-VCS-VCU-1", "VCS", new SerialRange(1, 10), 9, "Issued", "2026-01-01", null, null, null);
        Assert.Equal("serial_quantity_mismatch", m.Rejected(new RecordForeignRecords("verra", [bad], []), "2026-01-02"));
        Assert.Equal("unknown_registry", m.Rejected(new RecordForeignRecords("cadt", [], []), "2026-01-02"));
    }
}
