// Reading the Verra and Gold Standard samples: serial formats, range size = quantity, statuses kept.
using OpenEts.Core;
using OpenEts.Voluntary.Registries;

namespace OpenEts.Voluntary.Tests;

public sealed class ForeignRegistryImportTests
{
    internal static string OffsetsDb(string file) => Path.Combine(RepoPaths.SharedData(), "offsets-db", file);

    internal static ForeignImport Read(string file, Func<TextReader, ForeignImport> read)
    {
        using var reader = new StreamReader(OffsetsDb(file));
        return read(reader);
    }

    [Fact]
    public void Verra_serial_ranges_equal_quantities_in_200_of_200_rows()
    {
        var import = Read("verra-transactions.csv", ForeignRegistryCsv.ReadVerraTransactions);
        Assert.Empty(import.Problems);
        Assert.Equal(200, import.Credits.Count);
        Assert.Equal(200, import.SerialForms["verra"]);
        Assert.Equal(100, import.Credits.Count(c => c.Status == "Retired"));
        Assert.Equal(100, import.Credits.Count(c => c.Status == "Issued"));
        var first = import.Credits[0];
        Assert.Equal("1340", first.ProjectId);
        Assert.Equal(2020, first.Vintage);
        Assert.Equal(941467007, first.Range.Start);
        Assert.Equal(941467431, first.Range.End);
        Assert.Equal(425, first.Quantity);
    }

    [Fact]
    public void Gold_standard_issuances_match_in_97_block_rows_and_3_range_form_rows()
    {
        var import = Read("gold-standard-issuances.csv", ForeignRegistryCsv.ReadGoldStandard);
        Assert.Empty(import.Problems);
        Assert.Equal(100, import.Credits.Count);
        Assert.Equal(97, import.SerialForms["gs_block"]);
        Assert.Equal(3, import.SerialForms["gs_range_form"]);
        var rangeForm = import.Credits.Single(c => c.Serial.StartsWith("RW-5-1463953", StringComparison.Ordinal));
        Assert.Equal(3657, rangeForm.Quantity);
        Assert.Equal(1463953, rangeForm.Range.Start);
        Assert.Equal(1467609, rangeForm.Range.End);
        Assert.All(import.Credits, c => Assert.Equal("Issued", c.Status));
    }

    [Fact]
    public void Gold_standard_retirements_match_in_100_of_100_rows_and_keep_their_statuses()
    {
        var import = Read("gold-standard-retirements.csv", ForeignRegistryCsv.ReadGoldStandard);
        Assert.Empty(import.Problems);
        Assert.Equal(100, import.Credits.Count);
        Assert.Equal(100, import.SerialForms["gs_block"]);
        Assert.Equal(["Canceled", "Retired"], import.Credits.Select(c => c.Status).Distinct().Order(StringComparer.Ordinal));
        var hilti = import.Credits[0];
        Assert.Equal("Hilti Corporation", hilti.Beneficiary);
        Assert.Equal(5354, hilti.Quantity);
        Assert.Equal(110, hilti.Range.Start);
        Assert.Equal(5463, hilti.Range.End);
    }

    [Fact]
    public void A_serial_whose_range_disagrees_with_its_quantity_is_refused_not_trimmed()
    {
        const string csv = "Vintage,Credit Status,Quantity,GSID,Project Name,Issuance Date,Serial Number\n2024,Issued,100,1,X,2026-01-01,GS1-1-UG-GS1-16-2024-1-1-99\n";
        var import = ForeignRegistryCsv.ReadGoldStandard(new StringReader(csv));
        Assert.Empty(import.Credits);
        Assert.StartsWith("serial_quantity_mismatch", Assert.Single(import.Problems).Reason);
    }

    [Fact]
    public void Verra_projects_are_read_with_their_statuses()
    {
        using var reader = new StreamReader(OffsetsDb("verra-projects.csv"));
        var projects = ForeignRegistryCsv.ReadVerraProjects(reader);
        Assert.Equal(50, projects.Count);
        Assert.Contains(projects, p => p.ProjectId == "5962" && p.Status == "Under validation");
    }
}
