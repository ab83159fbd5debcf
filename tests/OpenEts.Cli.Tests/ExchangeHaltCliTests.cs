// Market halts on the CLI, on a real SQLite file: the exchange operator halts CEA21 with a reason, an order then
// sent through the engine on the same file is refused trading_halted, a member may not halt or resume, halting twice
// and resuming twice exit 1 with already_halted and not_halted, and after the resume the order is taken.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Journal;
using OpenEts.Registry;

namespace OpenEts.Cli.Tests;

public sealed class ExchangeHaltCliTests
{
    private const string At = "2021-07-19T10:00:00+08:00";
    private static readonly DateTimeOffset Morning = new(2021, 7, 19, 9, 45, 0, TimeSpan.FromHours(8));
    private readonly string _dir = CliRunner.TempDir();

    private CliResult Run(params string[] args) => CliRunner.Run(["--db", "m.db", .. args], _dir);

    private void Refused(string code, params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 1, $"openets {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        Assert.StartsWith(code + ":", r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Submits one command through the engine on the CLI's database, as a server would.</summary>
    private async Task<Outcome> Submit(string id, string actor, Command command)
    {
        await using var engine = Engine.Open(JournalFactory.Open(Path.Combine(_dir, "m.db")), MarketHost.Catalog);
        return await engine.SubmitAsync(new CommandEnvelope(id, actor, Morning.AddMinutes(30), command));
    }

    [Fact]
    public async Task The_exchange_operator_halts_and_resumes_an_instrument_and_orders_wait_for_the_resume()
    {
        Assert.Equal(0, CliRunner.Run(["init", "--db", "m.db"], _dir).ExitCode);
        Assert.Equal(0, Run("issue", "--class", "CEA21", "--quantity", "1000", "--to", "cn-ISSUANCE").ExitCode);
        Assert.Equal(0, Run("account", "open", "E1", "--holder", "ent-1", "--kind", "covered_entity").ExitCode);
        Assert.Equal(0, Run("transfer", "--from", "cn-ISSUANCE", "--to", "E1", "--class", "CEA21", "--quantity", "1000").ExitCode);
        Refused("market_closed", "exchange", "halt", "--instrument", "CEA21", "--reason", "No day yet", "--at", At);
        Assert.True((await Submit("open", MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 19), 51_23))).Accepted);

        Refused("not_authorized", "exchange", "halt", "--instrument", "CEA21", "--reason", "Member", "--as", "ent-1", "--at", At);
        var halted = Run("exchange", "halt", "--instrument", "CEA21", "--reason", "Abnormal price swings", "--at", At, "--json");
        Assert.True(halted.ExitCode == 0, halted.Stderr);
        using (var doc = JsonDocument.Parse(halted.Stdout))
            Assert.Equal(["TradingHalted"], doc.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Refused("already_halted", "exchange", "halt", "--instrument", "CEA21", "--reason", "Again", "--at", At);

        var order = new PlaceOrder("CEA21", "s1", "E1", Side.Sell, 52_00, 100);
        var refused = await Submit("order-1", "ent-1", order);
        Assert.Equal("trading_halted", refused.Rejection?.Code);
        Assert.Contains("Abnormal price swings", refused.Rejection!.Message, StringComparison.Ordinal);

        Refused("not_authorized", "exchange", "resume", "--instrument", "CEA21", "--as", "ent-1", "--at", At);
        Assert.Equal(0, Run("exchange", "resume", "--instrument", "CEA21", "--as", MarketSetup.Regulator, "--at", At).ExitCode);
        Refused("not_halted", "exchange", "resume", "--instrument", "CEA21", "--at", At);
        Assert.True((await Submit("order-2", "ent-1", order)).Accepted);
    }

    [Fact]
    public async Task An_option_given_no_value_is_refused_before_anything_runs_and_a_time_without_offset_is_market_time()
    {
        Assert.Equal(0, CliRunner.Run(["init", "--db", "m.db"], _dir).ExitCode);
        var head = Run("history", "--json").Stdout;
        foreach (var args in new[]
        {
            new[] { "account", "open", "E9", "--holder", "--kind", "investor" },
            ["account", "open", "E9", "--kind", "investor", "--holder"],
            ["exchange", "halt", "--instrument", "CEA21", "--reason", "--at", At],
            ["exchange", "halt", "--instrument", "CEA21", "--reason", "Swings", "--id", "--at", At],
        })
        {
            var r = Run(args);
            Assert.True(r.ExitCode == 2, $"openets {string.Join(' ', args)} exited {r.ExitCode}: {r.Stdout}{r.Stderr}");
            Assert.Matches("^missing_option: --(holder|reason|id) needs a value", r.Stderr);
        }
        Assert.Equal(head, Run("history", "--json").Stdout);

        // 10:00 typed without an offset is 10:00 market time (Beijing), not 10:00 UTC (18:00 in Beijing).
        Assert.True((await Submit("open", MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", new DateOnly(2021, 7, 19), 51_23))).Accepted);
        var halted = Run("exchange", "halt", "--instrument", "CEA21", "--reason", "Swings", "--at", "2021-07-19T10:00");
        Assert.True(halted.ExitCode == 0, halted.Stderr);
        await using var engine = Engine.Open(JournalFactory.Open(Path.Combine(_dir, "m.db")), MarketHost.Catalog);
        var since = await engine.QueryAsync(w => w.Get<ExchangeState>().Halt("CEA21")?.Since);
        Assert.Equal(new DateTimeOffset(2021, 7, 19, 10, 0, 0, TimeSpan.FromHours(8)), since);
        var bad = Run("exchange", "resume", "--instrument", "CEA21", "--at", "19/07/2021 10:00");
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("bad_time: --at '19/07/2021 10:00' is neither a date", bad.Stderr, StringComparison.Ordinal);
    }
}
