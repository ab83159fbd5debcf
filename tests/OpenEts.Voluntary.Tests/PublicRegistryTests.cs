// The public registry: search and the CSV export of credit blocks with status, dates and beneficiary.
using OpenEts.Voluntary.PublicRegistry;
using OpenEts.Voluntary.Registries;

namespace OpenEts.Voluntary.Tests;

public sealed class PublicRegistryTests
{
    private static Market Scenario()
    {
        var m = new Market();
        m.Register(Market.Wind());
        m.Issue("P0001", "R1", 10_000);
        m.Ok(new RetireCredits("T1", "OWNER-A", "P0001", 2025, 1_000, "Acme, Ltd", "2025 \"net zero\" claim"), "2026-04-01");
        m.Ok(new RetireCredits("T2", "OWNER-A", "P0001", 2025, 500, "Beta Co", "event"), "2026-04-02");
        m.Ok(new TransferCredits("OWNER-A", "BUYER-B", "P0001", 2025, 2_000), "2026-04-03");
        return m;
    }

    private static IReadOnlyList<CreditRow> Credits(Market m, RegistrySearch q) => PublicRegistryView.Credits(m.State, m.Registry, q);

    [Fact]
    public void A_retirement_made_directly_in_the_registry_shows_with_its_beneficiary()
    {
        var m = Scenario();
        m.Ok(new OpenEts.Registry.Retire("BUYER-B", "CCER-P0001-2025", 100, "Gamma Corp", "direct claim"), "2026-04-05", "buyer-b");
        var row = Assert.Single(Credits(m, new RegistrySearch(Text: "gamma")));
        Assert.Equal(("CCER-P0001-2025-1501-1600", "retired", new DateOnly(2026, 4, 5)), (row.SerialNumber, row.Status, row.StatusDate));
        Assert.Equal(1_600, Assert.Single(PublicRegistryView.Projects(m.State, m.Registry, new RegistrySearch())).RetiredT);

        // The list of retirements has it too, after the module's own (each once), under the registry's numbering.
        var uses = PublicRegistryView.Uses(m.State, m.Registry, new RegistrySearch());
        Assert.Equal(["T1 Acme, Ltd 1000", "T2 Beta Co 500", "registry-retirement-3 Gamma Corp 100"], uses.Select(u => $"{u.UseId} {u.Beneficiary} {u.QuantityT}"));
        var direct = uses[2];
        Assert.Equal(("BUYER-B", "P0001", 2025, "direct claim", new DateOnly(2026, 4, 5)), (direct.Account, direct.ProjectId, direct.Vintage, direct.Purpose, direct.On));
        Assert.Equal([new OpenEts.Registry.SerialRange(1501, 1600)], direct.Ranges);
        Assert.Equal("registry-retirement-3", Assert.Single(PublicRegistryView.Uses(m.State, m.Registry, new RegistrySearch(Text: "gamma"))).UseId);

        // Those ids, and the cycle's, are the public record's own: no retirement takes one.
        foreach (var id in new[] { "registry-retirement-9", "compliance:c-1", " Registry-Retirement-3", "COMPLIANCE:x" })
            Assert.Equal("bad_id", m.Rejected(new RetireCredits(id, "OWNER-A", "P0001", 2025, 1, "Acme, Ltd", "claim"), "2026-04-06"));
    }

    [Fact]
    public void Credit_rows_split_adjacent_retirements_back_to_their_beneficiaries()
    {
        var rows = Credits(Scenario(), new RegistrySearch());
        Assert.Equal(
            ["CCER-P0001-2025-1-1000 retired Acme, Ltd", "CCER-P0001-2025-1001-1500 retired Beta Co", "CCER-P0001-2025-1501-10000 held "],
            rows.Select(r => $"{r.SerialNumber} {r.Status} {r.Beneficiary}"));
        // Two holders hold 1501–3500 and 3501–10000; the public list shows one held range, so it tells no one's balance.
        var m = Scenario();
        Assert.True(m.Registry.HoldingOf("BUYER-B", "CCER-P0001-2025")!.Held > 0);
        Assert.True(m.Registry.HoldingOf("OWNER-A", "CCER-P0001-2025")!.Held > 0);
        Assert.Equal(10_000, rows.Sum(r => r.Quantity));
        Assert.All(rows, r => Assert.Equal(new DateOnly(2026, 3, 19), r.IssuanceDate));
    }

    [Fact]
    public void Search_filters_by_beneficiary_status_and_vintage()
    {
        var m = Scenario();
        Assert.Single(Credits(m, new RegistrySearch(Text: "acme")));
        Assert.Equal(2, Credits(m, new RegistrySearch(Status: "retired")).Count);
        Assert.Empty(Credits(m, new RegistrySearch(Vintage: 2024)));
        var project = Assert.Single(PublicRegistryView.Projects(m.State, m.Registry, new RegistrySearch(Text: "rudong")));
        Assert.Equal(10_000, project.IssuedT);
        Assert.Equal(1_500, project.RetiredT);
        Assert.Equal("registered", project.Status);
    }

    [Fact]
    public void Csv_export_has_the_registry_columns_and_quotes_what_needs_quoting()
    {
        var csv = PublicRegistryView.Csv(Credits(Scenario(), new RegistrySearch()));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("project_id,project_name,methodology,province,vintage,serial_number,serial_start,serial_end,quantity,status,issuance_date,status_date,beneficiary,purpose", lines[0]);
        Assert.Equal("P0001,Rudong offshore wind farm phase II,CCER-01-002-V01,Jiangsu,2025,CCER-P0001-2025-1-1000,1,1000,1000,retired,2026-03-19,2026-04-01,\"Acme, Ltd\",\"2025 \"\"net zero\"\" claim\"", lines[1]);
        var parsed = CsvText.Records(new StringReader(csv)).ToList();
        Assert.Equal(4, parsed.Count);
        Assert.All(parsed, r => Assert.Equal(14, r.Length));
        Assert.Equal("2025 \"net zero\" claim", parsed[1][13]);
    }
}
