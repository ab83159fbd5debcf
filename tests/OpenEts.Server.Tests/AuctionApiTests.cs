// The auction endpoints through a real server: who may do what (every endpoint × every identity), sealed reads,
// the engine's codes as problem details, and an auction from announcement to clearing with the registry's books.
// The server's clock is set by the test (the engine reads none), so the window is opened and passed on purpose.
using System.Net;
using System.Net.Http.Json;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Registry;

namespace OpenEts.Server.Tests;

public sealed class AuctionApiTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Opens = new(2021, 7, 19, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset Closes = new(2021, 7, 19, 11, 0, 0, Beijing);

    // Columns: regulator, registry (operator), exchange (operator), acme (covered entity holding ACME-1),
    // ivy (investor holding IVY-1), vera (verifier), anonymous.
    private static readonly string[] Columns = ["regulator", "registry", "exchange", "acme", "ivy", "vera", "anonymous"];

    // A = 2xx; C = 409 (allowed, refused by the auction's state: the window is still open); D = 403; U = 401.
    // WHO in a path is the caller's name, so each withdraws its own bid. "(buy)" rows: ivy's buyer's auction auc-b
    // (IVY-1 buys at a cap), where a bid is an offer of ACME-1's units.
    private static readonly (string Endpoint, string Expected)[] Table =
    [
        ("POST /api/exchange/auctions", "ADDDDDU"),
        ("POST /api/exchange/auctions (buy)", "DDDDADU"),
        ("POST /api/exchange/auctions/auc-b/bids (buy)", "DDAADDU"),
        ("POST /api/exchange/auctions/auc-b/bids/o-WHO/withdraw (buy)", "DDAADDU"),
        ("GET /api/exchange/auctions", "AAAAAAU"),
        ("GET /api/exchange/auctions/auc-1", "AAAAAAU"),
        ("POST /api/exchange/auctions/auc-1/bids", "DDADADU"),
        ("POST /api/exchange/auctions/auc-1/bids/b-WHO/withdraw", "DDADADU"),
        ("POST /api/exchange/auctions/auc-1/clear", "DDCDDDU"),
    ];

    private static object Notice(string id, long quantityT = 10_000) =>
        new { auction_id = id, instrument = "CEA21", seller_account = "cn-AUCTION", quantity_t = quantityT, reserve_price_fen = 1_00, opens_at = Opens, closes_at = Closes };

    private static object BuyNotice(string id, long quantityT = 10_000, long capFen = 1_00) =>
        new { auction_id = id, instrument = "CEA21", side = "buy", buyer_account = "IVY-1", quantity_t = quantityT, reserve_price_fen = capFen, opens_at = Opens, closes_at = Closes };

    private static object? Body(string endpoint, string who) => endpoint switch
    {
        "POST /api/exchange/auctions" => Notice($"t-{who}", 1_000),
        "POST /api/exchange/auctions (buy)" => BuyNotice($"tb-{who}", 1_000),
        "POST /api/exchange/auctions/auc-b/bids (buy)" => new { bid_id = $"o-{who}", account = "ACME-1", price_fen = 1_00, quantity_t = 1_000 },
        _ when endpoint.EndsWith("/withdraw (buy)", StringComparison.Ordinal) => new { account = "ACME-1" },
        "POST /api/exchange/auctions/auc-1/bids" => new { bid_id = $"b-{who}", account = "IVY-1", price_fen = 1_00, quantity_t = 1_000 },
        _ when endpoint.EndsWith("/withdraw", StringComparison.Ordinal) => new { account = "IVY-1" },
        _ => null,
    };

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }

    [Fact]
    public async Task An_auction_from_the_auction_account_takes_two_regulators_when_four_eyes_is_on()
    {
        var clock = new Clock(Opens.AddMinutes(30));
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = true, Clock = clock });
        Assert.Null((await s.Market.SubmitAsync("seed-issue-auction", MarketSetup.Regulator, new Issue("CEA21", "cn-AUCTION", 20_000))).Rejection);
        var (key, rejection) = await s.Market.AddApiKeyAsync("rita", Role.Regulator);
        Assert.Null(rejection);
        s.AddKey("rita", key!);
        using var regulator = s.As("regulator");
        using var rita = s.As("rita");
        using (var direct = await regulator.PostAsJsonAsync("/api/exchange/auctions", Notice("auc-9")))
            await ApiSuite.AssertProblem(direct, HttpStatusCode.Forbidden, "four_eyes_required");
        Assert.Equal((20_000L, 0L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "exchange.announce_auction", action = Notice("auc-9") }));
        await ServerUnderTest.Ok(rita.PostAsync("/api/proposals/P-1/approve", null));
        Assert.Equal((20_000L, 10_000L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
        // A member buying by auction for its own account needs no regulator: IVY-1 locks its 1,000.00 yuan at the 1.00 cap.
        using var ivy = s.As("ivy");
        await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions", BuyNotice("auc-ivy", 1_000)));
        Assert.Equal((100_000L, 100_000L), await s.HoldingAsync("IVY-1", "CNY"));
    }

    /// <summary>A server whose clock is inside the window, 20,000 t of CEA21 in cn-AUCTION, 100,000.00 yuan more for IVY-1, and auction auc-1 announced.</summary>
    private static async Task<(ServerUnderTest Server, Clock Clock)> Start()
    {
        var clock = new Clock(Opens.AddMinutes(30));
        var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = false, Clock = clock });
        Assert.Null((await s.Market.SubmitAsync("seed-issue-auction", MarketSetup.Regulator, new Issue("CEA21", "cn-AUCTION", 20_000))).Rejection);
        using var registry = s.As("registry");
        await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/deposits", new { account_id = "IVY-1", amount_fen = 100_000_00 }));
        using var regulator = s.As("regulator");
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/exchange/auctions", Notice("auc-1")));
        return (s, clock);
    }

    [Fact]
    public async Task Every_auction_endpoint_answers_every_identity_as_the_table_says()
    {
        var (s, _) = await Start();
        await using (s)
        {
            // ACME-1's units come from the issuance account: nothing leaves cn-AUCTION but by the exchange.
            Assert.Null((await s.Market.SubmitAsync("seed-issue-acme", MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 5_000))).Rejection);
            Assert.Null((await s.Market.SubmitAsync("seed-acme-units", MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "ACME-1", "CEA21", 5_000))).Rejection);
            using (var ivy = s.As("ivy"))
                await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions", BuyNotice("auc-b")));
            await PermissionTable.AssertAsync(Table, Columns, who => who == "anonymous" ? s.Anonymous() : s.As(who), Body,
                new Dictionary<HttpStatusCode, char> { [HttpStatusCode.Conflict] = 'C' }, (path, who) => path.Replace("WHO", who, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_auction_from_bids_to_clearing_with_sealed_reads_and_the_engines_codes()
    {
        var (s, clock) = await Start();
        await using (s)
        {
            using var ivy = s.As("ivy");
            using var acme = s.As("acme");
            using var exchange = s.As("exchange");
            using var regulator = s.As("regulator");
            // 10,000 t offered: at most 25% per member, 2,500 t down to whole 1,000 t lots = 2,000 t.
            await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions/auc-1/bids", new { bid_id = "i1", account = "IVY-1", price_fen = 1_50, quantity_t = 2_000 }));
            Assert.Equal((100_000L + 100_000_00, 2_000L * 1_50), await s.HoldingAsync("IVY-1", "CNY"));

            async Task Problem(HttpClient client, object body, HttpStatusCode status, string code)
            {
                var seq = await s.JournalSeqAsync();
                using var response = await client.PostAsJsonAsync("/api/exchange/auctions/auc-1/bids", body);
                await ApiSuite.AssertProblem(response, status, code);
                Assert.Equal((100_000L + 100_000_00, 2_000L * 1_50), await s.HoldingAsync("IVY-1", "CNY"));
                Assert.True(await s.JournalSeqAsync() - seq <= 1, "a rejection adds at most its own journal entry");
            }
            await Problem(ivy, new { bid_id = "i2", account = "IVY-1", price_fen = 99, quantity_t = 1_000 }, HttpStatusCode.Conflict, "bid_beyond_reserve_price");
            await Problem(ivy, new { bid_id = "i2", account = "IVY-1", price_fen = 1_00, quantity_t = 1_000 }, HttpStatusCode.Conflict, "bidder_limit_exceeded");
            await Problem(exchange, new { bid_id = "x1", account = "ACME-1", price_fen = 1_00, quantity_t = 1_500 }, HttpStatusCode.UnprocessableEntity, "quantity_out_of_range");
            await Problem(exchange, new { bid_id = "x1", account = "ACME-1", price_fen = 1_00, quantity_t = 1_000 }, HttpStatusCode.Conflict, "insufficient_cash");
            await Problem(acme, new { bid_id = "x1", account = "IVY-1", price_fen = 1_00, quantity_t = 1_000 }, HttpStatusCode.Forbidden, "not_authorized");

            // Sealed: ivy sees its bid, acme none, the regulator all; nobody sees a price before clearing.
            var mine = await ServerUnderTest.Ok(ivy.GetAsync("/api/exchange/auctions/auc-1"));
            Assert.Equal(1, mine.GetProperty("bids").GetArrayLength());
            Assert.Equal(0, (await ServerUnderTest.Ok(acme.GetAsync("/api/exchange/auctions/auc-1"))).GetProperty("bids").GetArrayLength());
            Assert.True((await ServerUnderTest.Ok(regulator.GetAsync("/api/exchange/auctions/auc-1"))).GetProperty("all_bids_shown").GetBoolean());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, mine.GetProperty("clearing_price_fen").ValueKind);

            using (var early = await exchange.PostAsync("/api/exchange/auctions/auc-1/clear", null))
                await ApiSuite.AssertProblem(early, HttpStatusCode.Conflict, "auction_not_open");
            clock.Now = Closes;
            using (var late = await ivy.PostAsJsonAsync("/api/exchange/auctions/auc-1/bids", new { bid_id = "i3", account = "IVY-1", price_fen = 1_00, quantity_t = 1_000 }))
                await ApiSuite.AssertProblem(late, HttpStatusCode.Conflict, "auction_not_open");
            await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/auctions/auc-1/clear", null));

            var result = await ServerUnderTest.Ok(acme.GetAsync("/api/exchange/auctions/auc-1"));
            Assert.Equal((true, 1_50L, 2_000L, 8_000L), (result.GetProperty("cleared").GetBoolean(), result.GetProperty("clearing_price_fen").GetInt64(),
                result.GetProperty("placed_t").GetInt64(), result.GetProperty("unplaced_t").GetInt64()));
            Assert.Equal((2_000L, 0L), await s.HoldingAsync("IVY-1", "CEA21"));
            Assert.Equal((100_000L + 100_000_00 - 2_000L * 1_50, 0L), await s.HoldingAsync("IVY-1", "CNY"));
            Assert.Equal((18_000L, 0L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
            Assert.Equal((2_000L * 1_50, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));
            using (var again = await exchange.PostAsync("/api/exchange/auctions/auc-1/clear", null))
                await ApiSuite.AssertProblem(again, HttpStatusCode.Conflict, "auction_already_cleared");
            using (var missing = await ivy.GetAsync("/api/exchange/auctions/nope"))
                await ApiSuite.AssertProblem(missing, HttpStatusCode.NotFound, "unknown_auction");
            Assert.Single((await ServerUnderTest.Ok(ivy.GetAsync("/api/exchange/auctions"))).EnumerateArray());

            // The public pages count the auction's trade, though no listing day of CEA21 was ever opened.
            using var anon = s.Anonymous();
            Assert.Contains("id=\"traded-volume\">2,000 t<", await anon.GetStringAsync("/"), StringComparison.Ordinal);
            Assert.Contains("<caption>CEA21 traded per day</caption>", await anon.GetStringAsync("/market/CEA21"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_buyers_auction_over_http_locks_the_cap_and_clears_at_the_marginal_offer()
    {
        var (s, clock) = await Start();
        await using (s)
        {
            // ACME-1's units come from the issuance account: nothing leaves cn-AUCTION but by the exchange.
            Assert.Null((await s.Market.SubmitAsync("seed-issue-acme", MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 5_000))).Rejection);
            Assert.Null((await s.Market.SubmitAsync("seed-acme-units", MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "ACME-1", "CEA21", 5_000))).Rejection);
            using var ivy = s.As("ivy");
            using var acme = s.As("acme");
            using var exchange = s.As("exchange");
            const long ivyCash = 100_000L + 100_000_00;
            // IVY-1 buys 10,000 t at a 1.50 cap: 15,000.00 yuan locked; at most 2,000 t per member.
            await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions", BuyNotice("auc-b", 10_000, 1_50)));
            Assert.Equal((ivyCash, 10_000L * 1_50), await s.HoldingAsync("IVY-1", "CNY"));
            using (var both = await ivy.PostAsJsonAsync("/api/exchange/auctions", new { auction_id = "auc-x", instrument = "CEA21", side = "buy", buyer_account = "IVY-1", seller_account = "ACME-1", quantity_t = 1_000, reserve_price_fen = 1_00, opens_at = Opens, closes_at = Closes }))
                await ApiSuite.AssertProblem(both, HttpStatusCode.UnprocessableEntity, "invalid_auction_account");

            await ServerUnderTest.Ok(acme.PostAsJsonAsync("/api/exchange/auctions/auc-b/bids", new { bid_id = "o1", account = "ACME-1", price_fen = 1_20, quantity_t = 1_000 }));
            await ServerUnderTest.Ok(acme.PostAsJsonAsync("/api/exchange/auctions/auc-b/bids", new { bid_id = "o2", account = "ACME-1", price_fen = 1_40, quantity_t = 1_000 }));
            Assert.Equal((5_500L, 2_000L), await s.HoldingAsync("ACME-1", "CEA21"));
            using (var above = await acme.PostAsJsonAsync("/api/exchange/auctions/auc-b/bids", new { bid_id = "o3", account = "ACME-1", price_fen = 1_51, quantity_t = 1_000 }))
                await ApiSuite.AssertProblem(above, HttpStatusCode.Conflict, "bid_beyond_reserve_price");

            var notice = await ServerUnderTest.Ok(ivy.GetAsync("/api/exchange/auctions/auc-b"));
            Assert.Equal(("buy", "IVY-1", System.Text.Json.JsonValueKind.Null, 0), (notice.GetProperty("side").GetString(), notice.GetProperty("buyer_account").GetString(),
                notice.GetProperty("seller_account").ValueKind, notice.GetProperty("bids").GetArrayLength()));

            clock.Now = Closes;
            await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/auctions/auc-b/clear", null));
            var result = await ServerUnderTest.Ok(acme.GetAsync("/api/exchange/auctions/auc-b"));
            Assert.Equal((1_40L, 2_000L, 8_000L), (result.GetProperty("clearing_price_fen").GetInt64(), result.GetProperty("placed_t").GetInt64(), result.GetProperty("unplaced_t").GetInt64()));
            Assert.Equal((2_000L, 0L), await s.HoldingAsync("IVY-1", "CEA21"));
            Assert.Equal((ivyCash - 2_000L * 1_40, 0L), await s.HoldingAsync("IVY-1", "CNY"));
            Assert.Equal((3_500L, 0L), await s.HoldingAsync("ACME-1", "CEA21"));
            Assert.Equal((2_000L * 1_40, 0L), await s.HoldingAsync("ACME-1", "CNY"));
        }
    }

    /// <summary>The bid commands of the audit trail as <paramref name="reader"/> reads them over HTTP.</summary>
    private static async Task<List<System.Text.Json.JsonElement>> BidEntries(HttpClient reader) =>
        (await ServerUnderTest.Ok(reader.GetAsync("/api/journal?after=0&limit=500"))).GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "exchange.submit_auction_bid").ToList();

    [Fact]
    public async Task Bids_in_the_audit_trail_are_sealed_from_the_registry_operator_until_the_auction_clears()
    {
        var (s, clock) = await Start();
        await using (s)
        {
            using var ivy = s.As("ivy");
            using var registry = s.As("registry");
            using var regulator = s.As("regulator");
            using var exchange = s.As("exchange");
            await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions/auc-1/bids", new { bid_id = "i1", account = "IVY-1", price_fen = 1_50, quantity_t = 2_000 }));
            using (var refused = await ivy.PostAsJsonAsync("/api/exchange/auctions/auc-1/bids", new { bid_id = "i2", account = "IVY-1", price_fen = 1_20, quantity_t = 1_000 }))
                await ApiSuite.AssertProblem(refused, HttpStatusCode.Conflict, "bidder_limit_exceeded");

            // The registry operator sees who bid, when and the outcome's code, not the price, quantity or the refusal's sentence.
            var sealedBids = await BidEntries(registry);
            Assert.Equal([("i1", true, (string?)null), ("i2", false, "bidder_limit_exceeded")],
                sealedBids.Select(e => (e.GetProperty("command").GetProperty("bid_id").GetString(), e.GetProperty("accepted").GetBoolean(), e.GetProperty("code").GetString())));
            Assert.All(sealedBids, e =>
            {
                Assert.True(e.GetProperty("redacted").GetBoolean());
                Assert.Equal("IVY-1", e.GetProperty("command").GetProperty("account").GetString());
                Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("command").GetProperty("price_fen").ValueKind);
                Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("command").GetProperty("quantity_t").ValueKind);
                Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("message").ValueKind);
                Assert.DoesNotContain("2,000", e.GetRawText(), StringComparison.Ordinal);
            });
            // The regulator reads every bid in full; the entries and their chain hashes are the same.
            var full = await BidEntries(regulator);
            Assert.Equal([(1_50L, 2_000L), (1_20L, 1_000L)], full.Select(e => (e.GetProperty("command").GetProperty("price_fen").GetInt64(), e.GetProperty("command").GetProperty("quantity_t").GetInt64())));
            Assert.All(full, e => Assert.False(e.GetProperty("redacted").GetBoolean()));
            Assert.Contains("2,000", full[1].GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(full.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("hash").GetString())), sealedBids.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("hash").GetString())));

            // Once the auction has cleared, the registry operator reads the bids as the regulator does.
            clock.Now = Closes;
            await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/auctions/auc-1/clear", null));
            var opened = await BidEntries(registry);
            Assert.Equal(full.Select(e => e.GetRawText()), opened.Select(e => e.GetRawText()));
            using var acme = s.As("acme");
            using (var member = await acme.GetAsync("/api/journal"))
                await ApiSuite.AssertProblem(member, HttpStatusCode.Forbidden, "not_authorized");
        }
    }

    [Fact]
    public async Task Refusals_do_not_read_out_a_bidders_free_cash_to_anyone_else()
    {
        var (s, _) = await Start();
        await using (s)
        {
            using var ivy = s.As("ivy");
            using var acme = s.As("acme");
            using var registry = s.As("registry");
            using var regulator = s.As("regulator");
            await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions/auc-1/bids", new { bid_id = "i1", account = "IVY-1", price_fen = 1_50, quantity_t = 2_000 }));
            var huge = new { from = "IVY-1", to = "ACME-1", class_id = "CNY", quantity = 900_000_000_000_000L };
            // Another member asking to move the bidder's cash learns only that it may not.
            using (var probe = await acme.PostAsJsonAsync("/api/transfers", huge))
            {
                await ApiSuite.AssertProblem(probe, HttpStatusCode.Forbidden, "not_authorized");
                Assert.DoesNotContain("available", await probe.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            // The registry operator may move it, but its refusal does not state what is free (net of the sealed bid).
            using (var probe = await registry.PostAsJsonAsync("/api/transfers", huge))
            {
                await ApiSuite.AssertProblem(probe, HttpStatusCode.Conflict, "insufficient_cash");
                Assert.DoesNotContain(" available, less than", await probe.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            // The holder reads its own free cash in its answer; in the audit trail only the regulator reads that sentence.
            using (var own = await ivy.PostAsJsonAsync("/api/transfers", huge))
            {
                await ApiSuite.AssertProblem(own, HttpStatusCode.Conflict, "insufficient_cash");
                Assert.Contains(" available, less than", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            async Task<System.Text.Json.JsonElement> Refusal(HttpClient reader) =>
                (await ServerUnderTest.Ok(reader.GetAsync("/api/journal?after=0&limit=500"))).GetProperty("entries").EnumerateArray()
                    .Last(e => e.GetProperty("kind").GetString() == "registry.transfer" && e.GetProperty("actor").GetString() == "ivy");
            var asOperator = await Refusal(registry);
            Assert.Equal("insufficient_cash", asOperator.GetProperty("code").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, asOperator.GetProperty("message").ValueKind);
            Assert.Contains(" available, less than", (await Refusal(regulator)).GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>cn-power-2023 selling 5% of the allocation, as a market's own plan (no published plan sells a share).</summary>
    private static string PaidSharePlan()
    {
        var plan = System.Text.Json.Nodes.JsonNode.Parse(OpenEts.Allocation.Plans.Rulebooks.BundledJson("cn-power-2023"))!.AsObject();
        plan["id"] = "variant-paid-2023";
        plan["paid_allocation"]!["share"]!["value"] = 0.05m;
        var (added, rejection) = OpenEts.Allocation.Plans.Rulebooks.AddPowerPlan(System.Text.Encoding.UTF8.GetBytes(plan.ToJsonString()));
        Assert.True(added is not null, rejection?.ToString());
        return added.Id;
    }

    [Fact]
    public async Task The_paid_share_is_sold_through_a_four_eyes_proposal_and_its_auction_is_announced()
    {
        var clock = new Clock(new DateTimeOffset(2024, 11, 1, 9, 0, 0, Beijing));
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = true, Clock = clock });
        var (key, rejection) = await s.Market.AddApiKeyAsync("rita", Role.Regulator);
        Assert.Null(rejection);
        s.AddKey("rita", key!);
        foreach (var (id, command) in new (string, OpenEts.Core.Command)[]
        {
            ("y2023", new OpenComplianceYear(2023, PaidSharePlan())),
            ("acme", new RegisterEntity("ACME", "power", "Shanxi", Fuel.Coal, "ACME-1")),
            ("alloc", new IssueAllocation("ACME", 2023, "U1", 1_000_000)),
        })
            Assert.Null((await s.Market.SubmitAsync(id, MarketSetup.Regulator, command)).Rejection);

        using var regulator = s.As("regulator");
        using var rita = s.As("rita");
        var opens = new DateTimeOffset(2024, 11, 4, 10, 0, 0, Beijing);
        var sale = new { kind = "allocation.sell_paid_share", action = new { year = 2023, auction_id = "paid-2023", opens_at = opens, closes_at = opens.AddHours(1), reserve_price_fen = 40_00 } };
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/proposals", sale));
        using (var pending = await regulator.GetAsync("/api/exchange/auctions/paid-2023"))
            await ApiSuite.AssertProblem(pending, HttpStatusCode.NotFound, "unknown_auction");
        using (var same = await regulator.PostAsync("/api/proposals/P-1/approve", null))
            await ApiSuite.AssertProblem(same, HttpStatusCode.Forbidden, "same_approver");
        await ServerUnderTest.Ok(rita.PostAsync("/api/proposals/P-1/approve", null));

        // 5% of the 1,000,000 t allocated for 2023: 50,000 t of CEA23 in cn-AUCTION, locked by the announcement.
        var auction = await ServerUnderTest.Ok(regulator.GetAsync("/api/exchange/auctions/paid-2023"));
        Assert.Equal(("cn-AUCTION", "CEA23", 50_000L, 40_00L, 12_000L), (auction.GetProperty("seller_account").GetString(), auction.GetProperty("instrument").GetString(),
            auction.GetProperty("quantity_t").GetInt64(), auction.GetProperty("reserve_price_fen").GetInt64(), auction.GetProperty("max_per_bidder_t").GetInt64()));
        Assert.Equal((50_000L, 50_000L), await s.HoldingAsync("cn-AUCTION", "CEA23"));
    }
}
