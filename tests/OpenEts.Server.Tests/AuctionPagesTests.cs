// The auction pages through the real server, as people with logins and the page's antiforgery token: who sees
// which form (announce, bid, withdraw, clear), the API's permissions behind each post, refusals with their code
// that change nothing, four-eyes on an announcement from cn-AUCTION, and the public result once cleared.
// The server's clock is moved by the test: 09:30, then inside the 10:00–11:00 window, then at its close.
using System.Net;
using OpenEts.Registry;

namespace OpenEts.Server.Tests;

public sealed class AuctionPagesTests
{
    private const string Password = "correct horse battery staple";
    private static readonly DateTimeOffset Morning = new(2021, 7, 19, 9, 30, 0, TimeSpan.FromHours(8));

    private static async Task<(ServerUnderTest Server, ManualClock Clock)> StartAsync(bool fourEyes)
    {
        var clock = new ManualClock(Morning);
        var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = fourEyes, Clock = clock });
        Assert.Null((await s.Market.SubmitAsync("seed-issue-auction", MarketSetup.Regulator, new Issue("CEA21", "cn-AUCTION", 20_000))).Rejection);
        Assert.Null((await s.Market.SubmitAsync("seed-cash-ivy", MarketSetup.RegistryOperator, new DepositCash("IVY-1", 100_000_00))).Rejection);
        foreach (var (name, role) in new[] { ("regulator", Role.Regulator), ("rita", Role.Regulator), ("exchange", Role.ExchangeOperator), ("acme", Role.CoveredEntity), ("ivy", Role.Investor), ("vera", Role.Verifier) })
            Assert.Null(await s.AddPersonAsync(name, role, Password));
        return (s, clock);
    }

    private static Dictionary<string, string> Notice(string id, string account, string quantity = "10000", string side = "sell", string price = "1.00") => new()
    {
        ["auction_id"] = id,
        ["instrument"] = "CEA21",
        ["side"] = side,
        ["account"] = account,
        ["quantity"] = quantity,
        ["price"] = price,
        ["trading_day"] = "2021-07-19",
        ["opens"] = "10:00",
        ["closes"] = "11:00",
        ["max_per_member"] = "",
    };

    private static async Task<string> Page(WebVisitor who, string path) => await who.Http.GetStringAsync(path);

    /// <summary>
    /// Posts a form of <paramref name="page"/> that must be refused with <paramref name="status"/> and a page containing
    /// <paramref name="text"/>, adding at most its own journal entry and leaving the account's cash (held, locked) as given.
    /// </summary>
    private static async Task AssertRefusedAsync(ServerUnderTest s, WebVisitor who, string page, string action, Dictionary<string, string> form, HttpStatusCode status, string text,
        (string Account, (long Held, long Locked) Cash) unchanged)
    {
        var seq = await s.JournalSeqAsync();
        using var response = await who.PostAsync(page, action, form);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(text, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await s.JournalSeqAsync() - seq <= 1, "a refusal adds at most its own journal entry");
        Assert.Equal(unchanged.Cash, await s.HoldingAsync(unchanged.Account, "CNY"));
    }

    [Fact]
    public async Task Each_person_sees_the_announce_form_for_the_accounts_it_may_sell_from_and_cn_auction_waits_for_a_second_regulator()
    {
        var (s, _) = await StartAsync(fourEyes: true);
        await using (s)
        {
            using var anon = WebVisitor.Anonymous(s);
            var index = await Page(anon, "/auctions");
            Assert.Contains("<a href=\"/auctions\">Auctions</a>", index, StringComparison.Ordinal);
            Assert.Contains("No auction has been announced.", index, StringComparison.Ordinal);
            Assert.DoesNotContain("Announce auction", index, StringComparison.Ordinal);

            using var regulator = await WebVisitor.LogInAsync(s, "regulator", Password);
            using var rita = await WebVisitor.LogInAsync(s, "rita", Password);
            using var acme = await WebVisitor.LogInAsync(s, "acme", Password);
            var forRegulator = await Page(regulator, "/auctions");
            Assert.Contains("<option value=\"cn-AUCTION\">cn-AUCTION</option>", forRegulator, StringComparison.Ordinal);
            Assert.DoesNotContain("ACME-1", forRegulator, StringComparison.Ordinal);
            var forAcme = await Page(acme, "/auctions");
            Assert.Contains("<option value=\"ACME-1\">ACME-1</option>", forAcme, StringComparison.Ordinal);
            Assert.DoesNotContain("cn-AUCTION", forAcme, StringComparison.Ordinal);
            foreach (var name in new[] { "vera", "exchange" })
            {
                using var other = await WebVisitor.LogInAsync(s, name, Password);
                Assert.DoesNotContain("Announce auction", await Page(other, "/auctions"), StringComparison.Ordinal);
            }

            // A member may not sell the market's units: the proposal it would need is refused, nothing is locked.
            var seq = await s.JournalSeqAsync();
            using (var refused = await acme.PostAsync("/auctions", "/auctions", Notice("auc-x", "cn-AUCTION")))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                Assert.Contains("Refused (not_authorized)", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            Assert.Equal(seq + 1, await s.JournalSeqAsync());

            // From cn-AUCTION with four-eyes on: a proposal, shown to regulators as waiting; nothing announced or locked until rita approves.
            using (var proposed = await regulator.PostAsync("/auctions", "/auctions", Notice("auc-1", "cn-AUCTION")))
            {
                Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
                Assert.Equal("/auctions?done=proposed&id=P-1", proposed.Headers.Location?.OriginalString);
            }
            Assert.Equal((20_000L, 0L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
            var waiting = await Page(regulator, "/auctions?done=proposed&id=P-1");
            Assert.Contains("Announcement proposed as P-1", waiting, StringComparison.Ordinal);
            Assert.Contains("<td>P-1</td><td>auc-1</td><td>cn-AUCTION</td>", waiting, StringComparison.Ordinal);
            Assert.Contains("No auction has been announced.", waiting, StringComparison.Ordinal);
            Assert.DoesNotContain("P-1", await Page(acme, "/auctions"), StringComparison.Ordinal);

            using (var approved = await rita.PostAsync("/console", "/console/proposals/P-1/approve", []))
                Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
            Assert.Equal((20_000L, 10_000L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
            var announced = await Page(anon, "/auctions");
            Assert.Contains("<a href=\"/auctions/auc-1\">auc-1</a>", announced, StringComparison.Ordinal);
            Assert.Contains("<td>2021-07-19 10:00–11:00</td>", announced, StringComparison.Ordinal);
            Assert.DoesNotContain("Waiting for approval", await Page(regulator, "/auctions"), StringComparison.Ordinal);

            // A member's own account needs no second regulator: the engine decides at once (ACME-1 holds only 500 t).
            using (var own = await acme.PostAsync("/auctions", "/auctions", Notice("auc-2", "ACME-1", "1000")))
            {
                Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
                Assert.Contains("Refused (insufficient_units)", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            Assert.DoesNotContain("P-2", await Page(regulator, "/auctions"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Members_bid_and_withdraw_for_their_own_accounts_and_only_the_exchange_clears_after_the_window()
    {
        var (s, clock) = await StartAsync(fourEyes: false);
        await using (s)
        {
            using var anon = WebVisitor.Anonymous(s);
            using var regulator = await WebVisitor.LogInAsync(s, "regulator", Password);
            using var exchange = await WebVisitor.LogInAsync(s, "exchange", Password);
            using var acme = await WebVisitor.LogInAsync(s, "acme", Password);
            using var ivy = await WebVisitor.LogInAsync(s, "ivy", Password);
            using (var announced = await regulator.PostAsync("/auctions", "/auctions", Notice("auc-1", "cn-AUCTION", "20000")))
                Assert.Equal("/auctions/auc-1?done=announced", announced.Headers.Location?.OriginalString);
            Assert.Contains("Bidding opens at 10:00", await Page(ivy, "/auctions/auc-1"), StringComparison.Ordinal);

            clock.Advance(TimeSpan.FromHours(1)); // 10:30, inside the window
            var forIvy = await Page(ivy, "/auctions/auc-1");
            Assert.Contains("<option value=\"IVY-1\">IVY-1</option>", forIvy, StringComparison.Ordinal);
            Assert.DoesNotContain("ACME-1", forIvy, StringComparison.Ordinal);
            Assert.Contains("<option value=\"ACME-1\">ACME-1</option>", await Page(acme, "/auctions/auc-1"), StringComparison.Ordinal);
            foreach (var other in new[] { regulator, exchange, anon })
            {
                var page = await Page(other, "/auctions/auc-1");
                Assert.DoesNotContain("Submit sealed bid", page, StringComparison.Ordinal);
                Assert.DoesNotContain("Clear the auction", page, StringComparison.Ordinal);
            }
            Assert.DoesNotContain("Clear the auction", forIvy, StringComparison.Ordinal);

            Dictionary<string, string> Bid(string account, string quantity, string price) => new() { ["account"] = account, ["quantity"] = quantity, ["price"] = price };
            Task Refused(WebVisitor who, Dictionary<string, string> form, HttpStatusCode status, string text) =>
                AssertRefusedAsync(s, who, "/auctions/auc-1", "/auctions/auc-1/bids", form, status, text, ("IVY-1", (100_000L + 100_000_00, 0L)));
            await Refused(acme, Bid("IVY-1", "1000", "1.00"), HttpStatusCode.Forbidden, "Refused (not_authorized): &#x27;acme&#x27; may trade only for accounts it holds.");
            await Refused(ivy, Bid("IVY-1", "1000", "0.99"), HttpStatusCode.Conflict, "Refused (bid_beyond_reserve_price)");
            await Refused(ivy, Bid("IVY-1", "1000", "1.5x"), HttpStatusCode.UnprocessableEntity, "Refused (invalid_bid)");
            await Refused(regulator, Bid("IVY-1", "1000", "1.00"), HttpStatusCode.Forbidden, "Bids are placed by members");
            using (var noToken = await ivy.Http.PostAsync("/auctions/auc-1/bids", new FormUrlEncodedContent(Bid("IVY-1", "1000", "1.00"))))
                Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

            using (var bid = await ivy.PostAsync("/auctions/auc-1", "/auctions/auc-1/bids", Bid("IVY-1", "2000", "1.50")))
                Assert.StartsWith("/auctions/auc-1?done=bid&bid=w-", bid.Headers.Location?.OriginalString, StringComparison.Ordinal);
            Assert.Equal((100_000L + 100_000_00, 2_000L * 1_50), await s.HoldingAsync("IVY-1", "CNY"));
            using (var second = await ivy.PostAsync("/auctions/auc-1", "/auctions/auc-1/bids", Bid("IVY-1", "1000", "1.00")))
                Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
            var mine = await Page(ivy, "/auctions/auc-1");
            Assert.Contains("Your bids", mine, StringComparison.Ordinal);
            Assert.Contains("<td class=\"n\">1.50</td><td class=\"n\">2,000</td>", mine, StringComparison.Ordinal);
            Assert.DoesNotContain("IVY-1</td>", await Page(acme, "/auctions/auc-1"), StringComparison.Ordinal); // sealed from other members
            Assert.Contains("IVY-1</td>", await Page(regulator, "/auctions/auc-1"), StringComparison.Ordinal);

            // Withdraw the 1.00 bid from its form: only its owner may, and its cash is released.
            var withdrawAction = System.Text.RegularExpressions.Regex.Matches(mine, "action=\"(/auctions/auc-1/bids/w-[0-9a-f]+/withdraw)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(2, withdrawAction.Count);
            var secondBid = withdrawAction[1]; // rows in the order bids were submitted
            using (var foreign = await acme.PostAsync("/auctions/auc-1", secondBid, new() { ["account"] = "IVY-1" }))
                Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            using (var withdrawn = await ivy.PostAsync("/auctions/auc-1", secondBid, new() { ["account"] = "IVY-1" }))
                Assert.Contains("done=withdrawn", withdrawn.Headers.Location?.OriginalString, StringComparison.Ordinal);
            Assert.Equal((100_000L + 100_000_00, 2_000L * 1_50), await s.HoldingAsync("IVY-1", "CNY"));

            clock.Advance(TimeSpan.FromMinutes(30)); // 11:00: the window has closed
            Assert.Contains("Clear the auction", await Page(exchange, "/auctions/auc-1"), StringComparison.Ordinal);
            var closed = await Page(ivy, "/auctions/auc-1");
            Assert.DoesNotContain("Clear the auction", closed, StringComparison.Ordinal);
            Assert.Contains("The window has closed", closed, StringComparison.Ordinal);
            using (var notOperator = await ivy.PostAsync("/auctions/auc-1", "/auctions/auc-1/clear", []))
            {
                Assert.Equal(HttpStatusCode.Forbidden, notOperator.StatusCode);
                Assert.Contains("Refused (not_authorized)", await notOperator.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            using (var cleared = await exchange.PostAsync("/auctions/auc-1", "/auctions/auc-1/clear", []))
                Assert.Equal("/auctions/auc-1?done=cleared", cleared.Headers.Location?.OriginalString);

            var result = await Page(anon, "/auctions/auc-1");
            Assert.Contains("id=\"clearing-price\">1.50 yuan/t<", result, StringComparison.Ordinal);
            Assert.Contains("id=\"placed\">2,000 t<", result, StringComparison.Ordinal);
            Assert.DoesNotContain("IVY-1", result, StringComparison.Ordinal);
            Assert.Contains("<td class=\"n\">1.50</td><td class=\"n\">2,000</td><td class=\"n\">2,000</td><td class=\"n\">3,000.00</td>", await Page(ivy, "/auctions/auc-1"), StringComparison.Ordinal);
            Assert.Contains("No bid of yours stood at clearing.", await Page(acme, "/auctions/auc-1"), StringComparison.Ordinal);
            Assert.Contains("<td class=\"n\">20,000</td><td class=\"n\">1.00</td><td>cleared</td><td class=\"n\">1.50</td><td class=\"n\">2,000</td><td class=\"n\">18,000</td>",
                await Page(anon, "/auctions"), StringComparison.Ordinal);
            Assert.Equal((2_000L, 0L), await s.HoldingAsync("IVY-1", "CEA21"));
            using (var unknown = await anon.Http.GetAsync("/auctions/%3Cb%3Ex"))
            {
                Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
                Assert.Contains("&lt;b&gt;x", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_member_announces_a_buyers_auction_for_its_own_account_members_offer_to_sell_and_one_for_a_system_account_is_refused()
    {
        var (s, clock) = await StartAsync(fourEyes: true);
        await using (s)
        {
            using var regulator = await WebVisitor.LogInAsync(s, "regulator", Password);
            using var exchange = await WebVisitor.LogInAsync(s, "exchange", Password);
            using var acme = await WebVisitor.LogInAsync(s, "acme", Password);
            using var ivy = await WebVisitor.LogInAsync(s, "ivy", Password);

            // Members choose the side for their own accounts; the regulator a sale or a buy-back into the reserve.
            Assert.Contains("<option value=\"buy\">buy: a buyer's auction for your account", await Page(ivy, "/auctions"), StringComparison.Ordinal);
            Assert.Contains("<option value=\"buy\">buy: a buy-back into the reserve account", await Page(regulator, "/auctions"), StringComparison.Ordinal);

            // A buyer's auction into a system account is refused by the engine at once (no proposal, nothing locked), as is a bad side.
            var seq = await s.JournalSeqAsync();
            foreach (var who in new[] { ivy, regulator })
            {
                using var refused = await who.PostAsync("/auctions", "/auctions", Notice("auc-x", "cn-AUCTION", "1000", "buy"));
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                Assert.Contains("Refused (not_authorized)", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            using (var badSide = await ivy.PostAsync("/auctions", "/auctions", Notice("auc-x", "IVY-1", "1000", "both")))
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, badSide.StatusCode);
                Assert.Contains("Refused (invalid_auction)", await badSide.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            Assert.Equal(seq + 2, await s.JournalSeqAsync()); // the two refused announcements, nothing else
            Assert.DoesNotContain("Waiting for approval", await Page(regulator, "/auctions"), StringComparison.Ordinal);
            Assert.Equal((100_000L + 100_000_00, 0L), await s.HoldingAsync("IVY-1", "CNY"));

            // IVY-1 buys 4,000 t at a cap of 2.00 (no second regulator for a member's own account): 8,000.00 yuan locked.
            using (var announced = await ivy.PostAsync("/auctions", "/auctions", Notice("buy-1", "IVY-1", "4000", "buy", "2.00")))
                Assert.Equal("/auctions/buy-1?done=announced", announced.Headers.Location?.OriginalString);
            Assert.Equal((100_000L + 100_000_00, 4_000L * 2_00), await s.HoldingAsync("IVY-1", "CNY"));
            Assert.Contains("<td>IVY-1 (buyer)</td>", await Page(regulator, "/auctions"), StringComparison.Ordinal);
            var notice = await Page(acme, "/auctions/buy-1");
            Assert.Contains("Buyer: IVY-1. Bids are offers to sell in lots of 1,000 t", notice, StringComparison.Ordinal);
            Assert.Contains("at or below the cap", notice, StringComparison.Ordinal);

            // ACME-1 (500 t of CEA21 seeded, plus 1,000 t here) offers 1,000 t at 1.80 in the window; its units are locked.
            Assert.Null((await s.Market.SubmitAsync("seed-acme-units", MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 1_000))).Rejection);
            Assert.Null((await s.Market.SubmitAsync("seed-acme-move", MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "ACME-1", "CEA21", 1_000))).Rejection);
            clock.Advance(TimeSpan.FromHours(1));
            using (var bid = await acme.PostAsync("/auctions/buy-1", "/auctions/buy-1/bids", new() { ["account"] = "ACME-1", ["quantity"] = "1000", ["price"] = "1.80" }))
                Assert.StartsWith("/auctions/buy-1?done=bid", bid.Headers.Location?.OriginalString, StringComparison.Ordinal);
            Assert.Equal((1_500L, 1_000L), await s.HoldingAsync("ACME-1", "CEA21"));
            clock.Advance(TimeSpan.FromMinutes(30));
            using (var cleared = await exchange.PostAsync("/auctions/buy-1", "/auctions/buy-1/clear", []))
                Assert.Equal("/auctions/buy-1?done=cleared", cleared.Headers.Location?.OriginalString);
            Assert.Contains("id=\"clearing-price\">1.80 yuan/t<", await Page(ivy, "/auctions/buy-1"), StringComparison.Ordinal);
            Assert.Equal((1_000L, 0L), await s.HoldingAsync("IVY-1", "CEA21"));
            Assert.Equal((100_000L + 100_000_00 - 1_800_00, 0L), await s.HoldingAsync("IVY-1", "CNY"));
            Assert.Equal((500L, 0L), await s.HoldingAsync("ACME-1", "CEA21"));
        }
    }

    [Fact]
    public async Task A_regulator_proposes_a_buy_back_into_cn_reserve_from_the_form_and_it_runs_once_a_second_regulator_approves()
    {
        var (s, clock) = await StartAsync(fourEyes: true);
        await using (s)
        {
            // 10,000.00 yuan of proceeds in cn-AUCTION, 8,000.00 of them moved to cn-RESERVE; ACME-1 holds 1,500 t of CEA21.
            Assert.Null((await s.Market.SubmitAsync("seed-proceeds", MarketSetup.RegistryOperator, new DepositCash("cn-AUCTION", 10_000_00))).Rejection);
            Assert.Null((await s.Market.SubmitAsync("seed-fund", MarketSetup.Regulator, new OpenEts.Exchange.FundReserve("cn", 8_000_00))).Rejection);
            Assert.Null((await s.Market.SubmitAsync("seed-acme-units", MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 1_000))).Rejection);
            Assert.Null((await s.Market.SubmitAsync("seed-acme-move", MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "ACME-1", "CEA21", 1_000))).Rejection);
            using var regulator = await WebVisitor.LogInAsync(s, "regulator", Password);
            using var rita = await WebVisitor.LogInAsync(s, "rita", Password);
            using var exchange = await WebVisitor.LogInAsync(s, "exchange", Password);
            using var acme = await WebVisitor.LogInAsync(s, "acme", Password);

            // The buy-back waits for a second regulator: nothing announced, nothing locked.
            using (var proposed = await regulator.PostAsync("/auctions", "/auctions", Notice("bb-1", "cn-RESERVE", "4000", "buy", "2.00")))
                Assert.Equal("/auctions?done=proposed&id=P-1", proposed.Headers.Location?.OriginalString);
            Assert.Equal((8_000_00L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));
            Assert.Contains("<td>P-1</td><td>bb-1</td><td>cn-RESERVE (buyer)</td>", await Page(regulator, "/auctions"), StringComparison.Ordinal);
            using (var approved = await rita.PostAsync("/console", "/console/proposals/P-1/approve", []))
                Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
            // 4,000 t at a 2.00 cap: the reserve's 8,000.00 yuan locked.
            Assert.Equal((8_000_00L, 8_000_00L), await s.HoldingAsync("cn-RESERVE", "CNY"));
            Assert.Contains("<td>cn-RESERVE (buyer)</td>", await Page(acme, "/auctions"), StringComparison.Ordinal);

            clock.Advance(TimeSpan.FromHours(1));
            using (var offer = await acme.PostAsync("/auctions/bb-1", "/auctions/bb-1/bids", new() { ["account"] = "ACME-1", ["quantity"] = "1000", ["price"] = "1.80" }))
                Assert.StartsWith("/auctions/bb-1?done=bid", offer.Headers.Location?.OriginalString, StringComparison.Ordinal);
            clock.Advance(TimeSpan.FromMinutes(30));
            using (var cleared = await exchange.PostAsync("/auctions/bb-1", "/auctions/bb-1/clear", []))
                Assert.Equal("/auctions/bb-1?done=cleared", cleared.Headers.Location?.OriginalString);
            // Cleared at 1.80: the reserve holds 1,000 t and 8,000.00 − 1,800.00 yuan, nothing locked; ACME-1 was paid 1,800.00.
            Assert.Equal((1_000L, 0L), await s.HoldingAsync("cn-RESERVE", "CEA21"));
            Assert.Equal((6_200_00L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));
            Assert.Equal((500L, 0L), await s.HoldingAsync("ACME-1", "CEA21"));
            Assert.Equal((1_800_00L, 0L), await s.HoldingAsync("ACME-1", "CNY"));
        }
    }

    [Fact]
    public async Task The_regulator_funds_the_reserve_from_the_auctions_page_and_refusals_move_nothing()
    {
        var (s, _) = await StartAsync(fourEyes: false);
        await using (s)
        {
            Assert.Null((await s.Market.SubmitAsync("seed-proceeds", MarketSetup.RegistryOperator, new DepositCash("cn-AUCTION", 10_000_00))).Rejection);
            using var regulator = await WebVisitor.LogInAsync(s, "regulator", Password);
            using var acme = await WebVisitor.LogInAsync(s, "acme", Password);
            Assert.Contains("<tr><td>cn</td><td>cn-AUCTION</td><td class=\"n\">10,000.00</td><td>cn-RESERVE</td><td class=\"n\">0.00</td></tr>", await Page(regulator, "/auctions"), StringComparison.Ordinal);
            Assert.DoesNotContain("Fund the reserve", await Page(acme, "/auctions"), StringComparison.Ordinal);

            Dictionary<string, string> Funding(string amount) => new() { ["market"] = "cn", ["amount"] = amount, ["note"] = "" };
            Task Refused(WebVisitor who, Dictionary<string, string> fields, HttpStatusCode status, string text) =>
                AssertRefusedAsync(s, who, "/auctions", "/auctions/reserve-funding", fields, status, text, ("cn-AUCTION", (10_000_00L, 0L)));
            await Refused(regulator, Funding("12.345"), HttpStatusCode.UnprocessableEntity, "Refused (invalid_funding)");
            await Refused(regulator, new() { ["market"] = "nowhere", ["amount"] = "1.00" }, HttpStatusCode.NotFound, "Refused (unknown_market)");
            await Refused(regulator, Funding("10000.01"), HttpStatusCode.Conflict, "Refused (insufficient_cash)");
            await Refused(acme, Funding("1.00"), HttpStatusCode.Forbidden, "Refused (not_authorized)");
            using (var noToken = await regulator.Http.PostAsync("/auctions/reserve-funding", new FormUrlEncodedContent(Funding("1.00"))))
                Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
            Assert.Equal((10_000_00L, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));

            using (var funded = await regulator.PostAsync("/auctions", "/auctions/reserve-funding", Funding("6000.00")))
                Assert.Equal("/auctions?done=funded", funded.Headers.Location?.OriginalString);
            Assert.Equal((4_000_00L, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));
            Assert.Equal((6_000_00L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));
            var after = await Page(regulator, "/auctions?done=funded");
            Assert.Contains("The reserve was funded from the auction proceeds.", after, StringComparison.Ordinal);
            Assert.Contains("<td>cn-AUCTION</td><td class=\"n\">4,000.00</td><td>cn-RESERVE</td><td class=\"n\">6,000.00</td>", after, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_regulator_pays_proceeds_returns_and_cancels_unsold_units_from_the_auctions_page_with_a_second_regulator()
    {
        var (s, clock) = await StartAsync(fourEyes: true);
        await using (s)
        {
            // 10,000 t of the 20,000 in cn-AUCTION offered and left unsold (no bid); 10,000.00 yuan of proceeds booked in.
            Assert.Null((await s.Market.SubmitAsync("seed-proceeds", MarketSetup.RegistryOperator, new DepositCash("cn-AUCTION", 10_000_00))).Rejection);
            Assert.Null((await s.Market.SubmitAsync("seed-treasury", MarketSetup.Regulator, new OpenAccount("cn-TREASURY", "cn", "finance", AccountKind.Treasury))).Rejection);
            Assert.Null((await s.Market.SubmitAsync("seed-auction", MarketSetup.Regulator, new OpenEts.Exchange.AnnounceAuction("u-1", "CEA21", 10_000, 1_00,
                new(2021, 7, 19, 10, 0, 0, TimeSpan.FromHours(8)), new(2021, 7, 19, 11, 0, 0, TimeSpan.FromHours(8)), "cn-AUCTION"))).Rejection);
            clock.Advance(TimeSpan.FromMinutes(90));
            Assert.Null((await s.Market.SubmitAsync("seed-clear", MarketSetup.ExchangeOperator, new OpenEts.Exchange.ClearAuction("u-1"))).Rejection);
            using var regulator = await WebVisitor.LogInAsync(s, "regulator", Password);
            using var rita = await WebVisitor.LogInAsync(s, "rita", Password);
            using var acme = await WebVisitor.LogInAsync(s, "acme", Password);
            var page = await Page(regulator, "/auctions");
            Assert.Contains("<tr><td>cn</td><td>cn-AUCTION</td><td class=\"n\">10,000.00</td><td>cn-TREASURY</td><td class=\"n\">0.00</td></tr>", page, StringComparison.Ordinal);
            Assert.Contains("<tr><td>cn-AUCTION</td><td>CEA21</td><td class=\"n\">20,000</td><td class=\"n\">0</td><td class=\"n\">20,000</td></tr>", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Pay to the treasury", await Page(acme, "/auctions"), StringComparison.Ordinal);

            Dictionary<string, string> Payment(string amount, string to = "") => new() { ["market"] = "cn", ["amount"] = amount, ["to"] = to, ["note"] = "" };
            Task Refused(WebVisitor who, string action, Dictionary<string, string> fields, HttpStatusCode status, string text) =>
                AssertRefusedAsync(s, who, "/auctions", action, fields, status, text, ("cn-AUCTION", (10_000_00L, 0L)));
            await Refused(regulator, "/auctions/proceeds-payment", Payment("1.234"), HttpStatusCode.UnprocessableEntity, "Refused (invalid_payment)");
            await Refused(regulator, "/auctions/unsold-cancellation", new() { ["class"] = "CEA21", ["quantity"] = "-5", ["note"] = "" }, HttpStatusCode.UnprocessableEntity, "Refused (invalid_cancellation)");
            await Refused(regulator, "/auctions/unsold-cancellation", new() { ["class"] = "CEA21", ["disposal"] = "burn", ["quantity"] = "", ["note"] = "" }, HttpStatusCode.UnprocessableEntity, "Refused (invalid_cancellation)");
            // Nothing is cancelled for good unless the regulator says so.
            await Refused(regulator, "/auctions/unsold-cancellation", new() { ["class"] = "CEA21", ["quantity"] = "", ["note"] = "" }, HttpStatusCode.UnprocessableEntity, "Refused (invalid_cancellation)");
            // A member's proposal is refused by the approvals module; nothing waits and nothing moves.
            await Refused(acme, "/auctions/proceeds-payment", Payment("1.00"), HttpStatusCode.Forbidden, "Refused (not_authorized)");

            using (var proposed = await regulator.PostAsync("/auctions", "/auctions/proceeds-payment", Payment("6000.00")))
                Assert.Equal("/auctions?done=payment-proposed&id=P-1", proposed.Headers.Location?.OriginalString);
            using (var proposed = await regulator.PostAsync("/auctions", "/auctions/unsold-cancellation", new() { ["class"] = "CEA21", ["disposal"] = "reserve", ["quantity"] = "4000", ["note"] = "back to the reserve" }))
                Assert.Equal("/auctions?done=return-proposed&id=P-2", proposed.Headers.Location?.OriginalString);
            using (var proposed = await regulator.PostAsync("/auctions", "/auctions/unsold-cancellation", new() { ["class"] = "CEA21", ["disposal"] = "cancel", ["quantity"] = "", ["note"] = "unsold in u-1" }))
                Assert.Equal("/auctions?done=cancellation-proposed&id=P-3", proposed.Headers.Location?.OriginalString);
            var waiting = await Page(regulator, "/auctions");
            Assert.Contains("id=\"pending-payouts\"", waiting, StringComparison.Ordinal);
            Assert.Contains("6,000.00 yuan of cn to the rulebook&#x27;s treasury account", waiting, StringComparison.Ordinal);
            Assert.Contains("every tonne still unsold of CEA21", waiting, StringComparison.Ordinal);
            Assert.Contains("<td>exchange.return_unsold</td><td>4,000 t of CEA21</td>", waiting, StringComparison.Ordinal);
            Assert.Equal((0L, 0L), await s.HoldingAsync("cn-TREASURY", "CNY"));

            foreach (var id in new[] { "P-1", "P-2", "P-3" })
            {
                using var approved = await rita.PostAsync("/console", $"/console/proposals/{id}/approve", []);
                Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
            }
            Assert.Equal((4_000_00L, 0L), await s.HoldingAsync("cn-AUCTION", "CNY"));
            Assert.Equal((6_000_00L, 0L), await s.HoldingAsync("cn-TREASURY", "CNY"));
            // Of the 10,000 t u-1 left unsold, 4,000 t went back to the reserve and 6,000 t are cancelled; the 10,000 t it
            // did not offer wait for a later auction.
            Assert.Equal((10_000L, 0L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
            Assert.Equal((6_000L, 0L), await s.HoldingAsync("cn-CANCELLATION", "CEA21"));
            Assert.Equal((4_000L, 0L), await s.HoldingAsync("cn-RESERVE", "CEA21"));
            var after = await Page(regulator, "/auctions");
            Assert.DoesNotContain("id=\"pending-payouts\"", after, StringComparison.Ordinal);
            Assert.Contains("<td>cn-AUCTION</td><td class=\"n\">4,000.00</td><td>cn-TREASURY</td><td class=\"n\">6,000.00</td>", after, StringComparison.Ordinal);
        }
    }
}
