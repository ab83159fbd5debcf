// One-way bidding on the CLI, run as a user would on a real SQLite file: the regulator announces from cn-AUCTION,
// two members bid sealed, one withdraws a bid, refusals exit 1 with their code and change nothing, the exchange
// clears after the window, and the results and the registry's books show the clearing price and each allocation.
// A member's buyer's auction (--side buy) takes sealed offers to sell and clears at the highest accepted offer.
using System.Text.Json;

namespace OpenEts.Cli.Tests;

public sealed class AuctionCliTests
{
    private const string Db = "m.db";
    private const string InWindow = "2021-07-19T10:30:00+08:00";
    private readonly string _dir = CliRunner.TempDir();

    private CliResult Run(params string[] args) => CliRunner.Run(["--db", Db, .. args], _dir);

    private JsonElement Json(params string[] args)
    {
        var r = Run([.. args, "--json"]);
        Assert.True(r.ExitCode == 0, $"openets {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    private void Refused(string code, params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 1, $"openets {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        Assert.StartsWith(code + ":", r.Stderr, StringComparison.Ordinal);
    }

    private long Held(string account, string cls) =>
        Json("balance", account, "--class", cls).GetProperty("balances").EnumerateArray().Select(b => b.GetProperty("held").GetInt64()).SingleOrDefault();

    private long Locked(string account, string cls) =>
        Json("balance", account, "--class", cls).GetProperty("balances").EnumerateArray().Select(b => b.GetProperty("locked").GetInt64()).SingleOrDefault();

    private long Head() => Json("verify").GetProperty("last_seq").GetInt64();

    /// <summary>100,000 t of CEA21 in cn-AUCTION, members E1 (ent-1) and I1 (inv-1) with 2,000,000.00 yuan each, auction A1 announced.</summary>
    private void SetUp()
    {
        Assert.Equal(0, CliRunner.Run(["init", "--db", Db], _dir).ExitCode);
        Assert.Equal(0, Run("issue", "--class", "CEA21", "--quantity", "100000", "--to", "cn-AUCTION").ExitCode);
        Assert.Equal(0, Run("account", "open", "E1", "--holder", "ent-1", "--kind", "covered_entity").ExitCode);
        Assert.Equal(0, Run("account", "open", "I1", "--holder", "inv-1").ExitCode);
        Assert.Equal(0, Run("deposit", "--account", "E1", "--yuan", "2000000.00").ExitCode);
        Assert.Equal(0, Run("deposit", "--account", "I1", "--yuan", "2000000.00").ExitCode);
        var announced = Json("auction", "announce", "A1", "--class", "CEA21", "--quantity", "100000", "--floor", "40.00",
            "--day", "2021-07-19", "--window", "10:00-11:00", "--at", "2021-07-19T09:00:00+08:00");
        Assert.Equal("A1", announced.GetProperty("auction_id").GetString());
    }

    [Fact]
    public void A_regulators_auction_takes_sealed_bids_refuses_one_below_the_floor_and_clears_at_one_price()
    {
        SetUp();
        Assert.Equal(100_000, Locked("cn-AUCTION", "CEA21"));

        // Each member bids as the holder of its account (the default actor); 41.00 × 20,000 t locks 820,000.00 yuan.
        Assert.Equal("e1", Json("auction", "bid", "A1", "--account", "E1", "--price", "41.00", "--quantity", "20000", "--bid-id", "e1", "--at", InWindow).GetProperty("bid_id").GetString());
        Json("auction", "bid", "A1", "--account", "I1", "--price", "42.00", "--quantity", "25000", "--bid-id", "i1", "--at", InWindow);
        Assert.Equal(820_000_00, Locked("E1", "CNY"));

        var head = Head();
        Refused("bid_beyond_reserve_price", "auction", "bid", "A1", "--account", "E1", "--price", "39.99", "--quantity", "1000", "--at", InWindow);
        Refused("bidder_limit_exceeded", "auction", "bid", "A1", "--account", "I1", "--price", "40.00", "--quantity", "1000", "--at", InWindow);
        Refused("not_yours", "auction", "bid", "A1", "--account", "E1", "--price", "40.00", "--quantity", "1000", "--as", "inv-1", "--at", InWindow);
        Refused("auction_not_open", "auction", "bid", "A1", "--account", "E1", "--price", "40.00", "--quantity", "1000", "--at", "2021-07-19T11:00:00+08:00");
        Assert.Equal(head + 4, Head()); // each refusal is journaled, and nothing else changed
        Assert.Equal(820_000_00, Locked("E1", "CNY"));

        // A second bid of E1, withdrawn (the account found from the bid): its 200,000.00 yuan lock is released.
        Json("auction", "bid", "A1", "--account", "E1", "--price", "40.00", "--quantity", "5000", "--bid-id", "e2", "--at", InWindow);
        Assert.Equal(1_020_000_00, Locked("E1", "CNY"));
        Json("auction", "withdraw", "A1", "e2", "--at", InWindow);
        Assert.Equal(820_000_00, Locked("E1", "CNY"));

        // Sealed before clearing: the count, never a price or a quantity bid.
        var before = Json("auction", "show", "A1");
        Assert.Equal((2, "closed", JsonValueKind.Null, 0), (before.GetProperty("bids").GetInt32(), before.GetProperty("status").GetString(),
            before.GetProperty("clearing_price_fen").ValueKind, before.GetProperty("winners").GetArrayLength()));
        var text = Run("auction", "show", "A1");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("sealed bids", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("41.00", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("20,000", text.Stdout, StringComparison.Ordinal);

        Refused("not_authorized", "auction", "clear", "A1", "--as", "ent-1", "--at", "2021-07-19T11:00:00+08:00");
        Refused("auction_not_open", "auction", "clear", "A1", "--at", "2021-07-19T10:59:59+08:00");
        var cleared = Json("auction", "clear", "A1", "--at", "2021-07-19T11:00:00+08:00", "--id", "clear-A1").GetProperty("auction");
        Assert.Equal((4_100L, 45_000L, 55_000L), (cleared.GetProperty("clearing_price_fen").GetInt64(), cleared.GetProperty("placed_t").GetInt64(), cleared.GetProperty("unplaced_t").GetInt64()));
        var winners = cleared.GetProperty("winners").EnumerateArray().Select(w => (w.GetProperty("account").GetString(), w.GetProperty("allocated_t").GetInt64(), w.GetProperty("value_fen").GetInt64())).ToList();
        Assert.Equal([("E1", 20_000L, 820_000_00L), ("I1", 25_000L, 1_025_000_00L)], winners);
        Assert.True(Json("auction", "clear", "A1", "--at", "2021-07-19T11:00:00+08:00", "--id", "clear-A1").GetProperty("replayed").GetBoolean());

        // Every winner pays the one price; the unplaced 55,000 t are free again in cn-AUCTION; no lock is left.
        Assert.Equal((20_000L, 25_000L), (Held("E1", "CEA21"), Held("I1", "CEA21")));
        Assert.Equal((2_000_000_00L - 820_000_00L, 0L), (Held("E1", "CNY"), Locked("E1", "CNY")));
        Assert.Equal(2_000_000_00L - 1_025_000_00L, Held("I1", "CNY"));
        Assert.Equal((55_000L, 0L), (Held("cn-AUCTION", "CEA21"), Locked("cn-AUCTION", "CEA21")));

        var list = Json("auction", "list").GetProperty("auctions");
        Assert.Equal(("A1", "cleared", 4_100L), (list[0].GetProperty("auction_id").GetString(), list[0].GetProperty("status").GetString(), list[0].GetProperty("clearing_price_fen").GetInt64()));
        var table = Run("auction", "show", "A1").Stdout;
        Assert.Contains("41.00 yuan/t", table, StringComparison.Ordinal);
        Assert.Contains("1025000.00", table, StringComparison.Ordinal);
        Assert.Equal(0, Run("verify").ExitCode);
    }

    [Fact]
    public void Bad_usage_exits_2_an_unknown_auction_exits_1_and_neither_changes_anything()
    {
        SetUp();
        var head = Head();
        foreach (var args in new[]
        {
            new[] { "auction", "bid", "A1", "--price", "41.00", "--quantity", "1000" }, // no --account
            ["auction", "bid", "A1", "--account", "E1", "--price", "41.5x", "--quantity", "1000"],
            ["auction", "bid", "A1", "--account", "E1", "--price", "41.00", "--quantity", "ten"],
            ["auction", "bid", "A1", "--account", "E1", "--price", "41.00", "--quantity", "1000", "--at", "yesterday"],
            ["auction", "announce", "A2", "--class", "CEA21", "--quantity", "1000", "--floor", "40.00", "--day", "2021-07-19", "--window", "10-11"],
            ["auction", "announce", "A2", "--class", "CEA21", "--quantity", "1000", "--floor", "40.00", "--day", "19.07.2021", "--window", "10:00-11:00"],
            ["auction", "announce", "A2", "--class", "CEA21", "--quantity", "1000", "--floor", "40.00"],
            ["auction", "announce", "A2", "--side", "both", "--class", "CEA21", "--quantity", "1000", "--floor", "40.00", "--day", "2021-07-19", "--window", "10:00-11:00"],
            ["auction", "announce", "A2", "--side", "buy", "--for", "E1", "--class", "CEA21", "--quantity", "1000", "--floor", "40.00", "--day", "2021-07-19", "--window", "10:00-11:00"],
            ["auction", "announce", "A2", "--class", "CEA21", "--quantity", "1000", "--cap", "40.00", "--day", "2021-07-19", "--window", "10:00-11:00"],
            ["auction", "announce", "A2", "--side", "buy", "--class", "CEA21", "--quantity", "1000", "--cap", "40.00", "--day", "2021-07-19", "--window", "10:00-11:00"],
            ["auction", "show"],
            ["auction", "bid", "A1", "--account", "E1", "--colour", "red"],
            ["auction", "frobnicate"],
        })
        {
            var r = Run(args);
            Assert.True(r.ExitCode == 2, $"openets {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        }
        Refused("unknown_auction", "auction", "show", "A9");
        Refused("unknown_id", "auction", "bid", "A9", "--account", "E1", "--price", "41.00", "--quantity", "1000", "--at", InWindow);
        Assert.Equal(head + 1, Head()); // only the refused bid is journaled
        Assert.Equal(0, Locked("E1", "CNY"));
        var side = Run("auction", "announce", "A2", "--side", "both", "--class", "CEA21", "--quantity", "1000", "--floor", "40.00", "--day", "2021-07-19", "--window", "10:00-11:00");
        Assert.StartsWith("bad_option:", side.Stderr, StringComparison.Ordinal);
        var mixed = Run("auction", "announce", "A2", "--side", "buy", "--for", "E1", "--class", "CEA21", "--quantity", "1000", "--floor", "40.00", "--day", "2021-07-19", "--window", "10:00-11:00");
        Assert.StartsWith("wrong_side_option:", mixed.Stderr, StringComparison.Ordinal);
        Assert.Equal(head + 1, Head());
    }

    [Fact]
    public void A_members_buyers_auction_takes_sealed_offers_to_sell_and_clears_at_the_highest_accepted_offer()
    {
        // B1 (buy-1) wants 20,000 t of CEA21 at a cap of 45.00; five sellers S1–S5 hold 5,000 t each (the per-member
        // limit, 25% of 20,000 t), so 25,000 t are offered for 20,000 t wanted.
        Assert.Equal(0, CliRunner.Run(["init", "--db", Db], _dir).ExitCode);
        Assert.Equal(0, Run("issue", "--class", "CEA21", "--quantity", "25000", "--to", "cn-ISSUANCE").ExitCode);
        Assert.Equal(0, Run("account", "open", "B1", "--holder", "buy-1", "--kind", "covered_entity").ExitCode);
        Assert.Equal(0, Run("deposit", "--account", "B1", "--yuan", "1000000.00").ExitCode);
        foreach (var n in Enumerable.Range(1, 5))
        {
            Assert.Equal(0, Run("account", "open", $"S{n}", "--holder", $"sel-{n}").ExitCode);
            Assert.Equal(0, Run("transfer", "--from", "cn-ISSUANCE", "--to", $"S{n}", "--class", "CEA21", "--quantity", "5000", "--as", "regulator").ExitCode);
        }

        // A buyer's auction for the market's own account is refused by the engine, whoever asks; nothing is locked.
        Refused("not_authorized", "auction", "announce", "X1", "--side", "buy", "--for", "cn-AUCTION", "--class", "CEA21", "--quantity", "20000", "--cap", "45.00",
            "--day", "2021-07-19", "--window", "10:00-11:00", "--at", "2021-07-19T09:00:00+08:00");

        // Announced by B1's holder (the default actor): 20,000 t × 45.00 = 900,000.00 yuan locked.
        var announced = Json("auction", "announce", "B-1", "--side", "buy", "--for", "B1", "--class", "CEA21", "--quantity", "20000", "--cap", "45.00",
            "--day", "2021-07-19", "--window", "10:00-11:00", "--at", "2021-07-19T09:00:00+08:00");
        Assert.Equal("B-1", announced.GetProperty("auction_id").GetString());
        Assert.Equal(900_000_00, Locked("B1", "CNY"));
        var notice = Json("auction", "show", "B-1");
        Assert.Equal(("buy", "B1", JsonValueKind.Null, 4_500L), (notice.GetProperty("side").GetString(), notice.GetProperty("buyer_account").GetString(),
            notice.GetProperty("seller_account").ValueKind, notice.GetProperty("reserve_price_fen").GetInt64()));
        Assert.Contains("cap", Run("auction", "show", "B-1").Stdout, StringComparison.Ordinal);

        // Each seller offers its 5,000 t (the bid command; each offer locks its units); above the cap is refused.
        Refused("bid_beyond_reserve_price", "auction", "bid", "B-1", "--account", "S5", "--price", "45.01", "--quantity", "5000", "--at", InWindow);
        var prices = new[] { "43.00", "43.50", "44.00", "44.50", "45.00" };
        foreach (var n in Enumerable.Range(1, 5))
        {
            var offer = Run("auction", "bid", "B-1", "--account", $"S{n}", "--price", prices[n - 1], "--quantity", "5000", "--bid-id", $"s{n}", "--at", InWindow);
            Assert.True(offer.ExitCode == 0, offer.Stderr);
            Assert.Contains($"S{n} sells 5,000 t at {prices[n - 1]}", offer.Stdout, StringComparison.Ordinal);
        }
        Assert.Equal(5_000, Locked("S1", "CEA21"));

        // The cheapest 20,000 t are bought at one price, the highest accepted offer (44.50); S5's 45.00 is left out.
        var cleared = Json("auction", "clear", "B-1", "--at", "2021-07-19T11:00:00+08:00").GetProperty("auction");
        Assert.Equal((4_450L, 20_000L, 0L), (cleared.GetProperty("clearing_price_fen").GetInt64(), cleared.GetProperty("placed_t").GetInt64(), cleared.GetProperty("unplaced_t").GetInt64()));
        var winners = cleared.GetProperty("winners").EnumerateArray().Select(w => (w.GetProperty("account").GetString(), w.GetProperty("allocated_t").GetInt64(), w.GetProperty("value_fen").GetInt64())).ToList();
        Assert.Equal([("S1", 5_000L, 222_500_00L), ("S2", 5_000L, 222_500_00L), ("S3", 5_000L, 222_500_00L), ("S4", 5_000L, 222_500_00L)], winners);

        // The buyer holds 20,000 t and paid 890,000.00 yuan; its unused 10,000.00 of the lock is free; each seller got 222,500.00.
        Assert.Equal((20_000L, 1_000_000_00L - 890_000_00L, 0L), (Held("B1", "CEA21"), Held("B1", "CNY"), Locked("B1", "CNY")));
        foreach (var n in Enumerable.Range(1, 4))
            Assert.Equal((0L, 222_500_00L), (Held($"S{n}", "CEA21"), Held($"S{n}", "CNY")));
        Assert.Equal((5_000L, 0L, 0L), (Held("S5", "CEA21"), Locked("S5", "CEA21"), Held("S5", "CNY")));
        Assert.Equal(0, Run("verify").ExitCode);
    }

    [Fact]
    public void The_regulator_funds_cn_reserve_from_auction_proceeds_and_buys_back_into_it_with_side_buy()
    {
        Assert.Equal(0, CliRunner.Run(["init", "--db", Db], _dir).ExitCode);
        Assert.Equal(0, Run("issue", "--class", "CEA21", "--quantity", "10000").ExitCode);
        Assert.Equal(0, Run("account", "open", "S1", "--holder", "sel-1", "--kind", "covered_entity").ExitCode);
        Assert.Equal(0, Run("transfer", "--from", "cn-ISSUANCE", "--to", "S1", "--class", "CEA21", "--quantity", "10000", "--as", "regulator").ExitCode);
        // 100,000.00 yuan of auction proceeds booked into cn-AUCTION from the settlement bank (registry operator).
        Assert.Equal(0, Run("deposit", "--account", "cn-AUCTION", "--yuan", "100000.00").ExitCode);
        string[] buyBack = ["auction", "announce", "R1", "--side", "buy", "--for", "cn-RESERVE", "--class", "CEA21", "--quantity", "2000", "--cap", "45.00",
            "--day", "2021-07-19", "--window", "10:00-11:00", "--at", "2021-07-19T09:00:00+08:00"];
        // Unfunded: cn-RESERVE holds no cash for 2,000 t × 45.00.
        Refused("insufficient_cash", buyBack);
        Refused("not_authorized", "auction", "fund-reserve", "--yuan", "100000.00", "--as", "registry");
        var head = Head();
        Assert.Equal(10_000_000, Json("auction", "fund-reserve", "--yuan", "100000.00").GetProperty("amount_fen").GetInt64());
        Assert.Equal((10_000_000L, 0L), (Held("cn-RESERVE", "CNY"), Held("cn-AUCTION", "CNY")));
        Assert.Equal(head + 1, Head());
        Refused("not_authorized", [.. buyBack, "--as", "sel-1"]);
        Assert.Equal("R1", Json(buyBack).GetProperty("auction_id").GetString());
        Assert.Equal(9_000_000, Locked("cn-RESERVE", "CNY"));
        var notice = Json("auction", "show", "R1");
        Assert.Equal(("buy", "cn-RESERVE"), (notice.GetProperty("side").GetString(), notice.GetProperty("buyer_account").GetString()));

        Json("auction", "bid", "R1", "--account", "S1", "--price", "44.00", "--quantity", "1000", "--bid-id", "s1", "--at", InWindow);
        var cleared = Json("auction", "clear", "R1", "--at", "2021-07-19T11:00:00+08:00").GetProperty("auction");
        Assert.Equal((4_400L, 1_000L, 1_000L), (cleared.GetProperty("clearing_price_fen").GetInt64(), cleared.GetProperty("placed_t").GetInt64(), cleared.GetProperty("unplaced_t").GetInt64()));
        // cn-RESERVE holds the 1,000 t and 100,000.00 − 44,000.00 yuan, nothing locked; S1 was paid 44,000.00.
        Assert.Equal((1_000L, 5_600_000L, 0L), (Held("cn-RESERVE", "CEA21"), Held("cn-RESERVE", "CNY"), Locked("cn-RESERVE", "CNY")));
        Assert.Equal((9_000L, 4_400_000L), (Held("S1", "CEA21"), Held("S1", "CNY")));
        Assert.Equal(0, Run("verify").ExitCode);
    }

    [Fact]
    public void The_regulator_pays_the_proceeds_to_cn_treasury_returns_part_of_the_unsold_units_to_the_reserve_and_cancels_the_rest()
    {
        SetUp();
        Json("auction", "bid", "A1", "--account", "E1", "--price", "41.00", "--quantity", "20000", "--at", InWindow);
        Json("auction", "bid", "A1", "--account", "I1", "--price", "42.00", "--quantity", "25000", "--at", InWindow);
        Refused("no_unsold_units", "auction", "cancel-unsold", "--class", "CEA21", "--all");
        Json("auction", "clear", "A1", "--at", "2021-07-19T11:00:00+08:00");
        // 45,000 t placed at 41.00: 1,845,000.00 yuan of proceeds and 55,000 t unsold in cn-AUCTION.
        Assert.Equal((1_845_000_00L, 55_000L), (Held("cn-AUCTION", "CNY"), Held("cn-AUCTION", "CEA21")));

        Refused("unknown_account", "auction", "pay-proceeds", "--yuan", "1000000.00");
        Assert.Equal(0, Run("account", "open", "cn-TREASURY", "--holder", "finance", "--kind", "treasury", "--as", "regulator").ExitCode);
        Refused("not_authorized", "auction", "pay-proceeds", "--yuan", "1000000.00", "--as", "registry");
        Refused("not_a_treasury_account", "auction", "pay-proceeds", "--yuan", "1000000.00", "--to", "E1");
        Refused("insufficient_cash", "auction", "pay-proceeds", "--yuan", "1845000.01");
        var head = Head();
        var paid = Json("auction", "pay-proceeds", "--yuan", "1000000.00");
        Assert.Equal((100_000_000L, "cn-TREASURY"), (paid.GetProperty("amount_fen").GetInt64(), paid.GetProperty("to_account").GetString()));
        Assert.Equal(head + 1, Head());
        Assert.Equal((845_000_00L, 1_000_000_00L), (Held("cn-AUCTION", "CNY"), Held("cn-TREASURY", "CNY")));

        Refused("quantity_not_positive", "auction", "cancel-unsold", "--class", "CEA21", "--quantity", "0");
        Refused("insufficient_units", "auction", "cancel-unsold", "--class", "CEA21", "--quantity", "55001");
        Assert.Equal(2, Run("auction", "cancel-unsold", "--class", "CEA21", "--quantity", "1000", "--all").ExitCode);
        Assert.Equal(2, Run("auction", "return-unsold", "--class", "CEA21").ExitCode);
        Refused("not_authorized", "auction", "return-unsold", "--class", "CEA21", "--all", "--as", "exchange");
        Refused("insufficient_units", "auction", "return-unsold", "--class", "CEA21", "--quantity", "55001");
        var returned = Json("auction", "return-unsold", "--class", "CEA21", "--quantity", "15000");
        Assert.Equal((15_000L, "cn-AUCTION", "cn-RESERVE"), (returned.GetProperty("quantity_t").GetInt64(), returned.GetProperty("from_account").GetString(), returned.GetProperty("to_account").GetString()));
        var cancelled = Json("auction", "cancel-unsold", "--class", "CEA21", "--all");
        Assert.Equal((40_000L, "cn-CANCELLATION"), (cancelled.GetProperty("quantity_t").GetInt64(), cancelled.GetProperty("to_account").GetString()));
        Assert.Equal((0L, 40_000L, 15_000L), (Held("cn-AUCTION", "CEA21"), Held("cn-CANCELLATION", "CEA21"), Held("cn-RESERVE", "CEA21")));
        Refused("no_unsold_units", "auction", "return-unsold", "--class", "CEA21", "--all");
        Assert.Equal(0, Run("verify").ExitCode);
    }

    [Fact]
    public void A_natural_persons_account_is_opened_with_a_flag_and_its_bid_is_refused()
    {
        SetUp();
        Refused("natural_person_not_allowed", "account", "open", "P2", "--holder", "person-2", "--kind", "covered_entity", "--natural-person");
        var opened = Run("account", "open", "P1", "--holder", "person-1", "--name", "Li Na", "--natural-person");
        Assert.True(opened.ExitCode == 0, opened.Stderr);
        Assert.Contains("a natural person's", opened.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Run("deposit", "--account", "P1", "--yuan", "2000000.00").ExitCode);
        var head = Head();
        Refused("participant_not_eligible", "auction", "bid", "A1", "--account", "P1", "--price", "41.00", "--quantity", "1000", "--as", "person-1", "--at", InWindow);
        Assert.Equal(head + 1, Head());   // the refusal is journaled, nothing else
        Assert.Equal(0, Locked("P1", "CNY"));
    }
}

