// The foundation's CLI, run as a user would: exit codes, JSON output, idempotent retries, verify on a
// tampered database, and a database that is not ours left untouched.
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OpenEts.Cli.Tests;

public sealed class CoreCliTests
{
    private readonly string _dir = CliRunner.TempDir();

    private CliResult Run(params string[] args) => CliRunner.Run(args, _dir);

    private JsonElement Json(params string[] args)
    {
        var r = Run([.. args, "--json"]);
        Assert.True(r.ExitCode == 0, $"openets {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    private void SetUpMarket()
    {
        Assert.Equal(0, Run("init", "--db", "m.db").ExitCode);
        Assert.Equal(0, Run("--db", "m.db", "account", "open", "E1", "--holder", "ent-1", "--kind", "covered_entity").ExitCode);
        Assert.Equal(0, Run("--db", "m.db", "account", "open", "I1", "--holder", "inv-1").ExitCode);
        Assert.Equal(0, Run("--db", "m.db", "issue", "--class", "CEA21", "--quantity", "1000000").ExitCode);
        Assert.Equal(0, Run("--db", "m.db", "transfer", "--from", "cn-ISSUANCE", "--to", "E1", "--class", "CEA21", "--quantity", "600000", "--as", "regulator").ExitCode);
    }

    [Fact]
    public void Init_is_harmless_to_repeat()
    {
        Assert.Equal(10, Json("init", "--db", "m.db").GetProperty("commands_applied").GetInt32());
        var again = Json("init", "--db", "m.db");
        Assert.Equal(0, again.GetProperty("commands_applied").GetInt32());
        Assert.Equal(10, again.GetProperty("head_seq").GetInt64());
    }

    [Fact]
    public void Transfer_moves_units_and_a_retry_with_the_same_id_changes_nothing()
    {
        SetUpMarket();
        var first = Json("--db", "m.db", "transfer", "--from", "E1", "--to", "I1", "--class", "CEA21", "--quantity", "1234", "--as", "ent-1", "--id", "t-1");
        var retry = Json("--db", "m.db", "transfer", "--from", "E1", "--to", "I1", "--class", "CEA21", "--quantity", "1234", "--as", "ent-1", "--id", "t-1");
        Assert.Equal(first.GetProperty("seq").GetInt64(), retry.GetProperty("seq").GetInt64());
        Assert.True(retry.GetProperty("replayed").GetBoolean());
        var balances = Json("--db", "m.db", "balance", "I1").GetProperty("balances");
        Assert.Equal(1234, balances[0].GetProperty("held").GetInt64());

        var reused = Run("--db", "m.db", "transfer", "--from", "E1", "--to", "I1", "--class", "CEA21", "--quantity", "1", "--as", "ent-1", "--id", "t-1");
        Assert.Equal(1, reused.ExitCode);
        Assert.StartsWith("command_id_reused:", reused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_reject_with_exit_1_and_bad_input_exits_2_changing_nothing()
    {
        SetUpMarket();
        var head = Json("--db", "m.db", "verify").GetProperty("last_seq").GetInt64();
        var short_ = Run("--db", "m.db", "transfer", "--from", "E1", "--to", "I1", "--class", "CEA21", "--quantity", "600001", "--as", "ent-1");
        Assert.Equal(1, short_.ExitCode);
        Assert.StartsWith("insufficient_units:", short_.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Run("--db", "m.db", "transfer", "--from", "E1", "--to", "I1", "--class", "CEA21", "--quantity", "5", "--as", "inv-1").ExitCode);
        Assert.Equal(head + 2, Json("--db", "m.db", "verify").GetProperty("last_seq").GetInt64());

        foreach (var bad in new[] { "-5", "0", "abc", "99999999999999999999", "1.5" })
        {
            var r = Run("--db", "m.db", "transfer", "--from", "E1", "--to", "I1", "--class", "CEA21", "--quantity", bad, "--as", "ent-1");
            Assert.True(r.ExitCode is 1 or 2, $"{bad}: exit {r.ExitCode}");
        }
        Assert.Equal(2, Run("--db", "m.db", "transfer", "--to", "I1").ExitCode);
        Assert.Equal(2, Run("--db", "m.db", "account", "open", "X", "--kind", "wizard").ExitCode);
        Assert.Equal(2, Run("--db", "m.db", "frobnicate").ExitCode);
        Assert.Equal(2, Run("--db", "missing.db", "balance").ExitCode);
        Assert.False(File.Exists(Path.Combine(_dir, "missing.db")));
        Assert.Equal(600_000, Json("--db", "m.db", "balance", "E1").GetProperty("balances")[0].GetProperty("held").GetInt64());
    }

    [Fact]
    public void The_registry_operator_pays_cash_out_and_closes_an_empty_account()
    {
        SetUpMarket();
        Assert.Equal(0, Run("--db", "m.db", "deposit", "--account", "I1", "--yuan", "500.00").ExitCode);
        Assert.Equal(0, Run("--db", "m.db", "withdraw", "--account", "I1", "--yuan", "200.50").ExitCode);
        Assert.Equal(29_950, Json("--db", "m.db", "balance", "I1").GetProperty("balances")[0].GetProperty("held").GetInt64());
        var tooMuch = Run("--db", "m.db", "withdraw", "--account", "I1", "--yuan", "300.00");
        Assert.Equal(1, tooMuch.ExitCode);
        Assert.StartsWith("insufficient_cash:", tooMuch.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Run("--db", "m.db", "withdraw", "--account", "I1", "--yuan", "1.00", "--as", "inv-1").ExitCode);

        var notEmpty = Run("--db", "m.db", "account", "close", "I1");
        Assert.Equal(1, notEmpty.ExitCode);
        Assert.StartsWith("account_not_empty:", notEmpty.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Run("--db", "m.db", "account", "open", "X1", "--holder", "x-1").ExitCode);
        Assert.Equal(0, Run("--db", "m.db", "account", "close", "X1").ExitCode);
        var intoClosed = Run("--db", "m.db", "transfer", "--from", "E1", "--to", "X1", "--class", "CEA21", "--quantity", "1", "--as", "ent-1");
        Assert.Equal(1, intoClosed.ExitCode);
        Assert.StartsWith("account_closed:", intoClosed.Stderr, StringComparison.Ordinal);
        Assert.True(Json("--db", "m.db", "verify").GetProperty("sound").GetBoolean());
    }

    [Fact]
    public void A_database_that_is_not_ours_is_refused_and_left_untouched()
    {
        var foreign = Path.Combine(_dir, "foreign.db");
        using (var c = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'a');";
            cmd.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(foreign);
        var r = Run("--db", "foreign.db", "balance");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad_database", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(foreign));
        File.WriteAllText(Path.Combine(_dir, "text.db"), "hello, not a database");
        Assert.Equal(2, Run("--db", "text.db", "init").ExitCode);
    }

    [Fact]
    public void Verify_names_the_first_altered_or_missing_entry()
    {
        SetUpMarket();
        Assert.True(Json("--db", "m.db", "verify").GetProperty("sound").GetBoolean());
        var db = Path.Combine(_dir, "m.db");
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE entries SET payload = CAST(REPLACE(CAST(payload AS TEXT), '600000', '900000') AS BLOB) WHERE seq = 14";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        var r = Run("--db", "m.db", "verify", "--json");
        Assert.Equal(1, r.ExitCode);
        var problem = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("problem");
        Assert.Equal(14, problem.GetProperty("seq").GetInt64());
        Assert.Equal("altered", problem.GetProperty("kind").GetString());
        Assert.Contains("chain_broken", r.Stderr, StringComparison.Ordinal);

        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "DELETE FROM entries WHERE seq = 12";
            cmd.ExecuteNonQuery();
        }
        var missing = JsonDocument.Parse(Run("--db", "m.db", "verify", "--json").Stdout).RootElement.GetProperty("problem");
        Assert.Equal(12, missing.GetProperty("seq").GetInt64());
        Assert.Equal("missing", missing.GetProperty("kind").GetString());
    }

    [Fact]
    public void History_lists_the_entries_that_touch_an_account_with_rejections()
    {
        SetUpMarket();
        Run("--db", "m.db", "transfer", "--from", "E1", "--to", "I1", "--class", "CEA21", "--quantity", "999999999", "--as", "ent-1");
        var entries = Json("--db", "m.db", "history", "--account", "I1").GetProperty("entries");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal("registry.open_account", entries[0].GetProperty("kind").GetString());
        Assert.Equal("insufficient_units", entries[1].GetProperty("code").GetString());
        Assert.Equal("ent-1", entries[1].GetProperty("actor").GetString());
    }

    [Fact]
    public void Bench_ledger_reports_both_designs_and_leaves_a_verifiable_database()
    {
        var result = Json("--db", "bench.db", "bench", "ledger", "--transfers", "2000", "--warmup", "500", "--accounts", "20", "--baseline-seconds", "1");
        Assert.Equal("sqlite", result.GetProperty("database").GetString());
        Assert.Equal(2000, result.GetProperty("accepted").GetInt64());
        Assert.Equal(500, result.GetProperty("warmup_transfers").GetInt32());
        if (File.Exists("/proc/self/io"))
            Assert.True(result.GetProperty("engine_bytes_written_per_transfer").GetInt64() > 0);
        Assert.True(result.GetProperty("engine_tps").GetDouble() > 0);
        Assert.True(result.GetProperty("baseline_tps").GetDouble() > 0);
        Assert.True(result.GetProperty("ratio").GetDouble() > 0);
        Assert.True(result.GetProperty("engine_batches").GetInt64() < 2000);
        var verify = Json("--db", "bench.db", "verify");
        Assert.True(verify.GetProperty("sound").GetBoolean());
        // The warm-up transfers are journaled too, before the measured ones.
        Assert.True(verify.GetProperty("last_seq").GetInt64() >= 500 + 2000 + 40);
        var refused = Run("bench", "ledger", "--warmup", "-1");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--warmup", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_http_sets_up_its_market_and_every_request_succeeds()
    {
        // Its accounts are opened as the registration rules allow (one per holder), so the set-up is accepted and no request fails.
        var phases = Json("bench", "http", "--requests", "200", "--reads", "10").GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["transfers (POST /api/transfers)", "dashboard (GET /)"], phases.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal([200, 10], phases.Select(p => p.GetProperty("requests").GetInt32()));
        Assert.All(phases, p => Assert.Equal(0, p.GetProperty("errors").GetInt32()));
    }
}

public sealed class DemoCliTests
{
    [Fact]
    public void Demo_with_the_same_seed_makes_the_same_orders_trades_and_journal()
    {
        var dir = CliRunner.TempDir();
        string[] Demo(string db) => ["demo", "--db", db, "--entities", "30", "--investors", "3", "--seed", "7", "--json"];
        var first = CliRunner.Run(Demo("a.db"), dir);
        var second = CliRunner.Run(Demo("b.db"), dir);
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Stderr + second.Stderr);
        Assert.Equal(first.Stdout, second.Stdout);
        string Hash(string db) => System.Text.Json.JsonDocument.Parse(CliRunner.Run(["verify", "--db", db, "--json"], dir).Stdout).RootElement.GetProperty("last_hash").GetString()!;
        Assert.Equal(Hash("a.db"), Hash("b.db"));
    }

    [Fact]
    public void Demo_builds_a_market_that_verifies_and_repeating_it_changes_nothing()
    {
        var dir = CliRunner.TempDir();
        var first = CliRunner.Run(["demo", "--db", "d.db", "--entities", "60", "--investors", "5", "--json"], dir);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var stats = System.Text.Json.JsonDocument.Parse(first.Stdout).RootElement;
        Assert.Equal(60, stats.GetProperty("entities").GetInt32());
        Assert.True(stats.GetProperty("allocated_t").GetInt64() > 0);
        Assert.True(stats.GetProperty("traded_t").GetInt64() > 0);
        Assert.Equal(242, stats.GetProperty("trading_days").GetInt32());
        Assert.Equal(242, stats.GetProperty("closing_prices_yuan").GetArrayLength());
        Assert.Equal(242, stats.GetProperty("ccer_closing_prices_yuan").GetArrayLength());
        Assert.InRange(stats.GetProperty("ccer_traded_t").GetInt64(), 1, stats.GetProperty("traded_t").GetInt64() - 1);
        var rate = stats.GetProperty("compliance_rate").GetDouble();
        Assert.InRange(rate, 0.9, 1.0);
        var verify = CliRunner.Run(["verify", "--db", "d.db", "--json"], dir);
        Assert.Equal(0, verify.ExitCode);

        // Every trade came from the matching engine: orders in, trades out, no transfer made by hand.
        var journal = DemoJournal.Read(Path.Combine(dir, "d.db"));
        Assert.Equal(2 * 242, journal.Kinds["exchange.open_trading_day"]);
        Assert.Equal(2 * 242, journal.Kinds["exchange.close_trading_day"]);
        Assert.True(journal.Kinds["exchange.place_order"] > stats.GetProperty("trades").GetInt64() / 2);
        Assert.False(journal.Kinds.ContainsKey("registry.linked_transfer"));
        Assert.Equal(0, journal.Rejected);
        Assert.Equal(stats.GetProperty("trades").GetInt64() + journal.AuctionTradesExecuted, journal.TradesExecuted);
        Assert.Equal(242, journal.CcerDaysUnderCcerRulebook);
        var head = System.Text.Json.JsonDocument.Parse(verify.Stdout).RootElement.GetProperty("last_seq").GetInt64();
        var again = CliRunner.Run(["demo", "--db", "d.db", "--entities", "60", "--investors", "5", "--json"], dir);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(head, System.Text.Json.JsonDocument.Parse(CliRunner.Run(["verify", "--db", "d.db", "--json"], dir).Stdout).RootElement.GetProperty("last_seq").GetInt64());
    }

    [Fact]
    public void Demo_sells_the_paid_share_by_monthly_auctions_through_the_engine_and_not_on_the_book()
    {
        var dir = CliRunner.TempDir();
        var run = CliRunner.Run(["demo", "--db", "d.db", "--entities", "60", "--investors", "5", "--seed", "11", "--json"], dir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var stats = System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement;
        var journal = DemoJournal.Read(Path.Combine(dir, "d.db"));

        // Twelve auctions, each announced by the regulator, bid and cleared by the exchange operator in the engine; nothing refused.
        Assert.Equal(12, stats.GetProperty("auctions").GetInt32());
        Assert.Equal(12, journal.Kinds["exchange.announce_auction"]);
        Assert.Equal(12, journal.Kinds["exchange.clear_auction"]);
        Assert.True(journal.Kinds["exchange.submit_auction_bid"] >= 12);
        Assert.Equal(0, journal.Rejected);
        Assert.Equal(12, journal.Auctions.Count);

        // What the auctions sold is what left the auction account, and every clearing price is at or above its floor.
        var soldT = stats.GetProperty("auction_sold_t").GetInt64();
        Assert.InRange(soldT, 1, stats.GetProperty("auction_offered_t").GetInt64());
        Assert.Equal(soldT, journal.UnitsOutOfAuctionAccountT);
        Assert.Equal(soldT, journal.Auctions.Sum(a => a.PlacedT));
        Assert.All(journal.Auctions, a => Assert.True(a.ClearingFen is null || a.ClearingFen >= a.FloorFen, $"{a.AuctionId} cleared below its floor"));
        Assert.Contains(journal.Auctions, a => a.ClearingFen is not null);
        Assert.Equal(journal.Auctions.Select(a => a.ClearingFen is { } fen ? fen / 100m : (decimal?)null),
            stats.GetProperty("auction_clearing_prices_yuan").EnumerateArray().Select(p => p.ValueKind == System.Text.Json.JsonValueKind.Null ? (decimal?)null : p.GetDecimal()));
        Assert.Equal(journal.Auctions.Select(a => a.FloorFen / 100m), stats.GetProperty("auction_floor_prices_yuan").EnumerateArray().Select(p => p.GetDecimal()));
        Assert.True(stats.GetProperty("auction_value_yuan").GetDecimal() >= journal.Auctions.Where(a => a.ClearingFen is not null).Sum(a => a.FloorFen * a.PlacedT) / 100m);

        // Auction allocations are reported apart from the book's trades (not in trades nor traded_t).
        Assert.Equal(stats.GetProperty("trades").GetInt64() + journal.AuctionTradesExecuted, journal.TradesExecuted);
        Assert.True(journal.AuctionTradesExecuted > 0);

        // The database verifies and compliance still works: the cycle closed with nearly every company and tonne covered.
        Assert.Equal(0, CliRunner.Run(["verify", "--db", "d.db", "--json"], dir).ExitCode);
        Assert.InRange(stats.GetProperty("compliance_rate").GetDouble(), 0.9, 1.0);
        Assert.InRange(stats.GetProperty("compliance_rate_by_tonnes").GetDouble(), 0.99, 1.0);
    }
}
