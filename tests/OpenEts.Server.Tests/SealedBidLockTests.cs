// Sealed bids in the registry's books, through the real server: until an auction clears, the registry operator reads a
// bidder's account without the amount of the bid's lock (cash in a seller's auction, an offer's units in a buyer's) and
// without the holding's locked and available figures, in the API and on the account page; the bidder, the regulator and
// the exchange operator (who read every bid in the auction view) see the amounts; another member sees no such account;
// after clearing everyone authorised reads the account as usual.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenEts.Registry;

namespace OpenEts.Server.Tests;

public sealed class SealedBidLockTests
{
    private const string Password = "correct horse battery staple";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Opens = new(2021, 7, 19, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset Closes = new(2021, 7, 19, 11, 0, 0, Beijing);
    private const long IvyCashFen = 100_000 + 100_000_00; // 1,000.00 yuan from the server's seed, 100,000.00 more here

    private static object Window(string id, long quantityT, long priceFen, string side, string account) => side == "buy"
        ? new { auction_id = id, instrument = "CEA21", side, buyer_account = account, quantity_t = quantityT, reserve_price_fen = priceFen, opens_at = Opens, closes_at = Closes }
        : new { auction_id = id, instrument = "CEA21", side, seller_account = account, quantity_t = quantityT, reserve_price_fen = priceFen, opens_at = Opens, closes_at = Closes };

    private static JsonElement Holding(JsonElement account, string cls) =>
        account.GetProperty("holdings").EnumerateArray().Single(h => h.GetProperty("class_id").GetString() == cls);

    private static JsonElement LockOf(JsonElement account, string id) =>
        account.GetProperty("locks").EnumerateArray().Single(l => l.GetProperty("lock_id").GetString() == id);

    private static long? Amount(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt64();

    [Fact]
    public async Task A_standing_bids_lock_is_withheld_from_the_registry_operator_until_the_auction_clears_and_shown_to_the_bidder_and_regulator()
    {
        var clock = new ManualClock(Opens.AddMinutes(30));
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = false, Clock = clock });
        Assert.Null((await s.Market.SubmitAsync("seed-issue-auction", MarketSetup.Regulator, new Issue("CEA21", "cn-AUCTION", 20_000))).Rejection);
        // ACME-1's units come from the issuance account: nothing leaves cn-AUCTION but by the exchange.
        Assert.Null((await s.Market.SubmitAsync("seed-issue-acme", MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 5_000))).Rejection);
        Assert.Null((await s.Market.SubmitAsync("seed-acme-units", MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "ACME-1", "CEA21", 5_000))).Rejection);
        Assert.Null((await s.Market.SubmitAsync("seed-cash-ivy", MarketSetup.RegistryOperator, new DepositCash("IVY-1", 100_000_00))).Rejection);
        Assert.Null(await s.AddPersonAsync("registry", Role.RegistryOperator, Password));
        Assert.Null(await s.AddPersonAsync("regulator", Role.Regulator, Password));
        using var regulator = s.As("regulator");
        using var registry = s.As("registry");
        using var exchange = s.As("exchange");
        using var ivy = s.As("ivy");
        using var acme = s.As("acme");

        // The regulator sells 10,000 t from cn-AUCTION at a 1.00 floor; ivy bids 2,000 t at 1.50 (3,000.00 yuan locked).
        // Ivy also buys 1,000 t at a 1.00 cap (1,000.00 yuan locked: the notice is public, so is that lock); acme offers 1,000 t at 0.90.
        await ServerUnderTest.Ok(regulator.PostAsJsonAsync("/api/exchange/auctions", Window("auc-1", 10_000, 1_00, "sell", "cn-AUCTION")));
        await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions", Window("auc-b", 1_000, 1_00, "buy", "IVY-1")));
        await ServerUnderTest.Ok(ivy.PostAsJsonAsync("/api/exchange/auctions/auc-1/bids", new { bid_id = "i1", account = "IVY-1", price_fen = 1_50, quantity_t = 2_000 }));
        await ServerUnderTest.Ok(acme.PostAsJsonAsync("/api/exchange/auctions/auc-b/bids", new { bid_id = "a1", account = "ACME-1", price_fen = 90, quantity_t = 1_000 }));

        // The registry operator: held, but no locked or available figure, and the bid's lock without its amount.
        var ivyText = await registry.GetStringAsync("/api/accounts/IVY-1");
        var sealedIvy = JsonDocument.Parse(ivyText).RootElement;
        var cash = Holding(sealedIvy, "CNY");
        Assert.Equal((IvyCashFen, (long?)null, (long?)null, true), (cash.GetProperty("held").GetInt64(), Amount(cash, "locked"), Amount(cash, "available"), cash.GetProperty("sealed").GetBoolean()));
        Assert.Equal(((long?)null, true), (Amount(LockOf(sealedIvy, "auc:auc-1:i1"), "remaining"), LockOf(sealedIvy, "auc:auc-1:i1").GetProperty("sealed").GetBoolean()));
        Assert.Equal(((long?)1_000_00, false), (Amount(LockOf(sealedIvy, "auc:auc-b"), "remaining"), LockOf(sealedIvy, "auc:auc-b").GetProperty("sealed").GetBoolean()));
        // Nothing in the answer gives the bid's 3,000.00 yuan, the 4,000.00 locked in all or the 97,000.00 available.
        foreach (var figure in new[] { "300000", "400000", "9700000" })
            Assert.DoesNotContain(figure, ivyText, StringComparison.Ordinal);
        // An offer's units are sealed the same way: ACME-1 holds 5,500 t; its 1,000 t offer is not shown.
        var acmeText = await registry.GetStringAsync("/api/accounts/ACME-1");
        var units = Holding(JsonDocument.Parse(acmeText).RootElement, "CEA21");
        Assert.Equal((5_500L, (long?)null, (long?)null), (units.GetProperty("held").GetInt64(), Amount(units, "locked"), Amount(units, "available")));
        Assert.DoesNotContain("4500", acmeText, StringComparison.Ordinal);

        // The bidder, the regulator and the exchange operator read the amounts; another member does not see the account at all.
        foreach (var reader in new[] { ivy, regulator, exchange })
        {
            var full = await ServerUnderTest.Ok(reader.GetAsync("/api/accounts/IVY-1"));
            var c = Holding(full, "CNY");
            Assert.Equal(((long?)4_000_00, (long?)(IvyCashFen - 4_000_00), false), (Amount(c, "locked"), Amount(c, "available"), c.GetProperty("sealed").GetBoolean()));
            Assert.Equal((long?)3_000_00, Amount(LockOf(full, "auc:auc-1:i1"), "remaining"));
        }
        var acmeOwn = Holding(await ServerUnderTest.Ok(acme.GetAsync("/api/accounts/ACME-1")), "CEA21");
        Assert.Equal(((long?)1_000, (long?)4_500), (Amount(acmeOwn, "locked"), Amount(acmeOwn, "available")));
        using (var other = await acme.GetAsync("/api/accounts/IVY-1"))
            await ApiSuite.AssertProblem(other, HttpStatusCode.NotFound, "unknown_account");

        // The account page, logged in: "sealed" for the registry operator, the figures for the regulator.
        using (var operatorPage = await WebVisitor.LogInAsync(s, "registry", Password))
        {
            var page = await operatorPage.Http.GetStringAsync("/registry/accounts/IVY-1");
            Assert.Contains("id=\"sealed-note\"", page, StringComparison.Ordinal);
            Assert.Contains("<td class=\"n\">sealed</td>", page, StringComparison.Ordinal);
            foreach (var figure in new[] { "300,000", "400,000", "9,700,000" })
                Assert.DoesNotContain(figure, page, StringComparison.Ordinal);
        }
        using (var regulatorPage = await WebVisitor.LogInAsync(s, "regulator", Password))
        {
            var page = await regulatorPage.Http.GetStringAsync("/registry/accounts/IVY-1");
            Assert.DoesNotContain("sealed", page, StringComparison.Ordinal);
            Assert.Contains("<td class=\"n\">300,000</td>", page, StringComparison.Ordinal);
            Assert.Contains("<td class=\"n\">9,700,000</td>", page, StringComparison.Ordinal);
        }

        // Cleared: ivy paid 2,000 × 1.50 and 1,000 × 0.90; every lock is released and the books read as usual.
        clock.Advance(TimeSpan.FromMinutes(30));
        await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/auctions/auc-1/clear", null));
        await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/auctions/auc-b/clear", null));
        var after = await ServerUnderTest.Ok(registry.GetAsync("/api/accounts/IVY-1"));
        var paid = Holding(after, "CNY");
        const long left = IvyCashFen - 3_000_00 - 900_00;
        Assert.Equal((left, (long?)0, (long?)left, false), (paid.GetProperty("held").GetInt64(), Amount(paid, "locked"), Amount(paid, "available"), paid.GetProperty("sealed").GetBoolean()));
        Assert.Empty(after.GetProperty("locks").EnumerateArray());
        var sold = Holding(await ServerUnderTest.Ok(registry.GetAsync("/api/accounts/ACME-1")), "CEA21");
        Assert.Equal((4_500L, (long?)0, (long?)4_500), (sold.GetProperty("held").GetInt64(), Amount(sold, "locked"), Amount(sold, "available")));
        using var operatorAfter = await WebVisitor.LogInAsync(s, "registry", Password);
        var pageAfter = await operatorAfter.Http.GetStringAsync("/registry/accounts/IVY-1");
        Assert.DoesNotContain("sealed", pageAfter, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">9,710,000</td>", pageAfter, StringComparison.Ordinal);
    }
}
