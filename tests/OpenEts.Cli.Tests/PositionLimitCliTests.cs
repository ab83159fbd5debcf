// Position limits on the CLI, on a real SQLite file with a Beijing pilot market (registry market "bj" under the
// cn-beijing rulebook): the regulator records a compliance entity's allocation, a buy over the limit sent through
// the engine on the same file is refused position_limit_exceeded, and `exchange large-holders` lists the holders
// above the disclosure threshold.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Journal;
using OpenEts.Registry;

namespace OpenEts.Cli.Tests;

public sealed class PositionLimitCliTests
{
    private const string At = "2021-07-19T10:00:00+08:00";
    private static readonly DateTimeOffset Morning = new(2021, 7, 19, 9, 45, 0, TimeSpan.FromHours(8));
    private readonly string _dir = CliRunner.TempDir();
    private int _n;

    private CliResult Run(params string[] args) => CliRunner.Run(["--db", "m.db", .. args], _dir);

    /// <summary>Submits commands through the engine on the CLI's database, as a server would; returns the last outcome.</summary>
    private async Task<Outcome> Submit(params (string Actor, Command Command)[] commands)
    {
        await using var engine = Engine.Open(JournalFactory.Open(Path.Combine(_dir, "m.db")), MarketHost.Catalog);
        Outcome last = null!;
        foreach (var (actor, command) in commands)
            last = await engine.SubmitAsync(new CommandEnvelope($"t{++_n}", actor, Morning, command));
        return last;
    }

    [Fact]
    public async Task The_regulator_records_an_allocation_and_large_holders_lists_who_is_above_the_disclosure_threshold()
    {
        Assert.Equal(0, CliRunner.Run(["init", "--db", "m.db"], _dir).ExitCode);
        var setup = await Submit(
            (MarketSetup.Regulator, new OpenMarket("bj", "Beijing pilot carbon market", "cn-beijing")),
            (MarketSetup.Regulator, new DefineUnitClass("BEA21", "bj", UnitType.Allowance, 2021)),
            (MarketSetup.Regulator, new Issue("BEA21", "bj-ISSUANCE", 2_000_000)),
            (MarketSetup.RegistryOperator, new OpenAccount("E1", "bj", "ent-1", AccountKind.CoveredEntity)),
            (MarketSetup.RegistryOperator, new OpenAccount("I1", "bj", "inv-1", AccountKind.Investor)),
            (MarketSetup.Regulator, new Transfer("bj-ISSUANCE", "E1", "BEA21", 1_000_000)),
            (MarketSetup.Regulator, new Transfer("bj-ISSUANCE", "I1", "BEA21", 600_000)),
            (MarketSetup.RegistryOperator, new DepositCash("E1", 100_000_000_00)),
            (MarketSetup.ExchangeOperator, new OpenTradingDay("BEA21", new DateOnly(2021, 7, 19), 50_00)));
        Assert.True(setup.Accepted, setup.Rejection?.ToString());

        var byMember = Run("exchange", "set-position-allocation", "--account", "E1", "--instrument", "BEA21", "--tonnes", "300000", "--as", "ent-1", "--at", At);
        Assert.True(byMember.ExitCode == 1 && byMember.Stderr.StartsWith("not_authorized:", StringComparison.Ordinal), byMember.Stderr);
        var set = Run("exchange", "set-position-allocation", "--account", "E1", "--instrument", "BEA21", "--tonnes", "300000", "--at", At, "--json");
        Assert.True(set.ExitCode == 0, set.Stderr);
        using (var doc = JsonDocument.Parse(set.Stdout))
            Assert.Equal(["PositionAllocationSet"], doc.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        // E1's limit is 300,000 + 1,000,000 t: 1,000,000 held + 99,999 + 99,999 + 99,999 + 3 = 1,300,000 t is the most it may reach.
        foreach (var (id, t) in new[] { ("b1", 99_999L), ("b2", 99_999L), ("b3", 99_999L), ("b4", 3L) })
            Assert.True((await Submit(("ent-1", new PlaceOrder("BEA21", id, "E1", Side.Buy, 49_00, t)))).Accepted);
        var refused = await Submit(("ent-1", new PlaceOrder("BEA21", "b5", "E1", Side.Buy, 49_00, 1)));
        Assert.Equal("position_limit_exceeded", refused.Rejection?.Code);
        Assert.Contains("is 1,300,000 t (its allocation 300,000 t + 1,000,000 t)", refused.Rejection!.Message, StringComparison.Ordinal);

        var report = Run("exchange", "large-holders", "--instrument", "BEA21", "--json");
        Assert.True(report.ExitCode == 0, report.Stderr);
        using (var doc = JsonDocument.Parse(report.Stdout))
        {
            var root = doc.RootElement;
            Assert.Equal("cn-beijing", root.GetProperty("rulebook").GetString());
            Assert.True(root.GetProperty("position_limit").GetBoolean());
            var holders = root.GetProperty("holders").EnumerateArray().ToArray();
            // ent-1: 1,300,000 against 800,000 (excess 500,000); inv-1: 600,000 against 500,000 (excess 100,000).
            Assert.Equal(["ent-1", "inv-1"], holders.Select(h => h.GetProperty("holder").GetString()));
            Assert.Equal((1_300_000L, 800_000L, 500_000L, 1_300_000L), (holders[0].GetProperty("position_t").GetInt64(), holders[0].GetProperty("disclosure_t").GetInt64(),
                holders[0].GetProperty("excess_t").GetInt64(), holders[0].GetProperty("limit_t").GetInt64()));
            Assert.Equal((600_000L, 100_000L), (holders[1].GetProperty("position_t").GetInt64(), holders[1].GetProperty("excess_t").GetInt64()));
        }
        var national = Run("exchange", "large-holders", "--instrument", "CEA21");
        Assert.True(national.ExitCode == 0, national.Stderr);
        Assert.Contains("CEA21 trades under cn-national, which sets no position limit", national.Stdout, StringComparison.Ordinal);
        var unknown = Run("exchange", "large-holders", "--instrument", "BEA99");
        Assert.True(unknown.ExitCode == 1 && unknown.Stderr.StartsWith("unknown_unit_class:", StringComparison.Ordinal), unknown.Stderr);
        Assert.Equal(2, Run("exchange", "large-holders").ExitCode);
    }
}
