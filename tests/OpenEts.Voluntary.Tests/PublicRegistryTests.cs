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
        m.Ok(new RetireCredits("T1", "owner-a", "P0001", 2025, 1_000, "Acme, Ltd", "2025 \"net zero\" claim"), "2026-04-01");
        m.Ok(new RetireCredits("T2", "owner-a", "P0001", 2025, 500, "Beta Co", "event"), "2026-04-02");
        m.Ok(new TransferCredits("owner-a", "buyer-b", "P0001", 2025, 2_000), "2026-04-03");
        return m;
    }

    [Fact]
    public void Credit_rows_split_adjacent_retirements_back_to_their_beneficiaries()
    {
        var rows = PublicRegistryView.Credits(Scenario().State, new RegistrySearch());
        Assert.Equal(
            ["CCER-P0001-2025-1-1000 retired Acme, Ltd", "CCER-P0001-2025-1001-1500 retired Beta Co", "CCER-P0001-2025-1501-3500 held ", "CCER-P0001-2025-3501-10000 held "],
            rows.Select(r => $"{r.SerialNumber} {r.Status} {r.Beneficiary}"));
        Assert.Equal(10_000, rows.Sum(r => r.Quantity));
        Assert.All(rows, r => Assert.Equal(new DateOnly(2026, 3, 19), r.IssuanceDate));
    }

    [Fact]
    public void Search_filters_by_beneficiary_status_and_vintage()
    {
        var s = Scenario().State;
        Assert.Single(PublicRegistryView.Credits(s, new RegistrySearch(Text: "acme")));
        Assert.Equal(2, PublicRegistryView.Credits(s, new RegistrySearch(Status: "retired")).Count);
        Assert.Empty(PublicRegistryView.Credits(s, new RegistrySearch(Vintage: 2024)));
        var project = Assert.Single(PublicRegistryView.Projects(s, new RegistrySearch(Text: "rudong")));
        Assert.Equal(10_000, project.IssuedT);
        Assert.Equal(1_500, project.RetiredT);
        Assert.Equal("registered", project.Status);
    }

    [Fact]
    public void Csv_export_has_the_registry_columns_and_quotes_what_needs_quoting()
    {
        var csv = PublicRegistryView.Csv(PublicRegistryView.Credits(Scenario().State, new RegistrySearch()));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("project_id,project_name,methodology,province,vintage,serial_number,serial_start,serial_end,quantity,status,issuance_date,status_date,beneficiary,purpose", lines[0]);
        Assert.Equal("P0001,Rudong offshore wind farm phase II,CCER-01-002-V01,Jiangsu,2025,CCER-P0001-2025-1-1000,1,1000,1000,retired,2026-03-19,2026-04-01,\"Acme, Ltd\",\"2025 \"\"net zero\"\" claim\"", lines[1]);
        var parsed = CsvText.Records(new StringReader(csv)).ToList();
        Assert.Equal(5, parsed.Count);
        Assert.All(parsed, r => Assert.Equal(14, r.Length));
        Assert.Equal("2025 \"net zero\" claim", parsed[1][13]);
    }
}
