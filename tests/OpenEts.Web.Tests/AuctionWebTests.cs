// An auction in a real browser against the real server: a member finds it from the navigation, bids sealed from
// its page at phone width, the exchange operator clears it from the same page once the window has closed, and the
// member's page then shows the clearing price and its allocation. The server's clock is moved by the test.
// The regulator funds the reserve from the auctions page; with four-eyes on, a second regulator approves it.
using Microsoft.Playwright;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server;
using OpenEts.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace OpenEts.Web.Tests;

/// <summary>Browser tests of the auction pages.</summary>
public sealed partial class WebUiTests
{
    [Fact]
    public async Task A_member_bids_from_the_auction_page_and_after_clearing_sees_the_price_and_its_allocation()
    {
        var beijing = TimeSpan.FromHours(8);
        var clock = new ManualClock(new DateTimeOffset(2021, 7, 19, 10, 30, 0, beijing));
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = false, Clock = clock });
        foreach (var (actor, command) in new (string, OpenEts.Core.Command)[]
        {
            (MarketSetup.Regulator, new Issue("CEA21", "cn-AUCTION", 20_000)),
            (MarketSetup.RegistryOperator, new DepositCash("IVY-1", 100_000_00)),
            (MarketSetup.Regulator, new AnnounceAuction("auc-1", "CEA21", 20_000, 1_00,
                new DateTimeOffset(2021, 7, 19, 10, 0, 0, beijing), new DateTimeOffset(2021, 7, 19, 11, 0, 0, beijing), "cn-AUCTION")),
        })
            Assert.Null((await s.Market.SubmitAsync(MarketRuntime.NewId(), actor, command)).Rejection);
        Assert.Null(await s.AddPersonAsync("ivy", Role.Investor, Password));
        Assert.Null(await s.AddPersonAsync("exchange", Role.ExchangeOperator, Password));

        var ivy = await browser.NewPageAsync(s.BaseAddress, phone: true);
        await LogInAsync(ivy, "ivy");
        await ivy.GetByRole(AriaRole.Link, new() { Name = "Auctions" }).ClickAsync();
        await Expect(ivy.Locator("#auctions")).ToContainTextAsync("open");
        await ivy.GetByRole(AriaRole.Link, new() { Name = "auc-1" }).ClickAsync();
        await ivy.GetByLabel("Account").SelectOptionAsync("IVY-1");
        await ivy.GetByLabel("Quantity (tonnes, whole lots)").FillAsync("2000");
        await ivy.GetByLabel("Price (yuan per tonne)").FillAsync("1.50");
        await ivy.GetByRole(AriaRole.Button, new() { Name = "Submit sealed bid" }).ClickAsync();
        await Expect(ivy.GetByRole(AriaRole.Status)).ToContainTextAsync("stays sealed until the auction is cleared");
        await Expect(ivy.Locator("#bids")).ToContainTextAsync("2,000");
        await Expect(ivy.Locator("#clearing-price")).ToHaveCountAsync(0);
        var overflow = await ivy.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The auction page scrolls sideways at phone width.");
        await Browser.ShotAsync(ivy, "auction-bid-phone");

        clock.Advance(TimeSpan.FromMinutes(30)); // 11:00: the window has closed
        var exchange = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(exchange, "exchange");
        await exchange.GotoAsync("/auctions/auc-1");
        await exchange.GetByRole(AriaRole.Button, new() { Name = "Clear the auction" }).ClickAsync();
        await Expect(exchange.GetByRole(AriaRole.Status)).ToHaveTextAsync("Auction auc-1 cleared.");
        await Expect(exchange.Locator("#bids")).ToContainTextAsync("IVY-1");

        await ivy.ReloadAsync();
        await Expect(ivy.Locator("#auction-status")).ToHaveTextAsync("cleared");
        await Expect(ivy.Locator("#clearing-price")).ToHaveTextAsync("1.50 yuan/t");
        await Expect(ivy.GetByRole(AriaRole.Heading, new() { Name = "Your allocation" })).ToBeVisibleAsync();
        var row = ivy.Locator("#bids tr", new() { HasText = "IVY-1" });
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("2,000");
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("3,000.00");
        await Browser.ShotAsync(ivy, "auction-cleared-phone");
        Assert.Equal((2_000L, 0L), await s.HoldingAsync("IVY-1", "CEA21"));
    }

    [Fact]
    public async Task A_regulator_proposes_funding_the_reserve_from_the_auctions_page_and_a_second_regulator_approves_it()
    {
        await using var s = await StartAsync(true, ("regulator", Role.Regulator), ("rita", Role.Regulator));
        Assert.Null((await s.Market.SubmitAsync(MarketRuntime.NewId(), MarketSetup.RegistryOperator, new DepositCash("cn-AUCTION", 30_000_00))).Rejection);

        var first = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(first, "regulator");
        await first.GetByRole(AriaRole.Link, new() { Name = "Auctions" }).ClickAsync();
        var cash = first.Locator("#reserve-cash tr", new() { HasText = "cn-AUCTION" });
        await Expect(cash.Locator("td").Nth(2)).ToHaveTextAsync("30,000.00");
        await Expect(cash.Locator("td").Nth(4)).ToHaveTextAsync("0.00");

        await first.GetByLabel("Amount to move into the reserve (yuan)").FillAsync("20,000");
        await first.GetByRole(AriaRole.Button, new() { Name = "Fund the reserve" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Alert)).ToContainTextAsync("Refused (invalid_funding)");
        await first.GetByLabel("Amount to move into the reserve (yuan)").FillAsync("20000.00");
        await first.Locator("#funding-note").FillAsync("Buy-back of July, notice 2021-07");
        await first.GetByRole(AriaRole.Button, new() { Name = "Fund the reserve" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Status)).ToContainTextAsync("Funding of the reserve proposed as P-1");
        await Expect(first.Locator("#pending-fundings")).ToContainTextAsync("20,000.00");
        await Browser.ShotAsync(first, "auctions-reserve-funding-proposed");
        Assert.Equal((0L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));

        var second = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(second, "rita");
        await second.GotoAsync("/console");
        await Expect(second.Locator("#pending")).ToContainTextAsync("Buy-back of July, notice 2021-07");
        await second.GetByRole(AriaRole.Button, new() { Name = "Approve P-1" }).ClickAsync();
        await Expect(second.GetByRole(AriaRole.Status)).ToHaveTextAsync("Proposal P-1 approved; its command ran.");

        await first.ReloadAsync();
        await Expect(cash.Locator("td").Nth(2)).ToHaveTextAsync("10,000.00");
        await Expect(cash.Locator("td").Nth(4)).ToHaveTextAsync("20,000.00");
        await Expect(first.Locator("#pending-fundings")).ToHaveCountAsync(0);
        await Browser.ShotAsync(first, "auctions-reserve-funded");
        Assert.Equal((20_000_00L, 0L), await s.HoldingAsync("cn-RESERVE", "CNY"));
    }

    [Fact]
    public async Task A_regulator_pays_auction_proceeds_to_the_treasury_from_the_auctions_page()
    {
        await using var s = await StartAsync(false, ("regulator", Role.Regulator));
        Assert.Null((await s.Market.SubmitAsync(MarketRuntime.NewId(), MarketSetup.RegistryOperator, new DepositCash("cn-AUCTION", 30_000_00))).Rejection);
        Assert.Null((await s.Market.SubmitAsync(MarketRuntime.NewId(), MarketSetup.Regulator, new Issue("CEA21", "cn-AUCTION", 5_000))).Rejection);

        var page = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(page, "regulator");
        await page.GetByRole(AriaRole.Link, new() { Name = "Auctions" }).ClickAsync();
        var cash = page.Locator("#treasury-cash tr", new() { HasText = "cn-AUCTION" });
        await Expect(cash.Locator("td").Nth(2)).ToHaveTextAsync("30,000.00");
        await Expect(cash.Locator("td").Nth(4)).ToHaveTextAsync("not open");
        await page.GetByLabel("Amount to pay to the treasury (yuan)").FillAsync("12000.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay to the treasury" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Refused (unknown_account)");
        Assert.Null((await s.Market.SubmitAsync(MarketRuntime.NewId(), MarketSetup.Regulator, new OpenAccount("cn-TREASURY", "cn", "finance", AccountKind.Treasury))).Rejection);

        await page.GetByLabel("Amount to pay to the treasury (yuan)").FillAsync("12,000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay to the treasury" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Refused (invalid_payment)");
        await page.GetByLabel("Amount to pay to the treasury (yuan)").FillAsync("12000.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay to the treasury" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The auction proceeds were paid to the treasury account.");
        await Expect(cash.Locator("td").Nth(2)).ToHaveTextAsync("18,000.00");
        await Expect(cash.Locator("td").Nth(4)).ToHaveTextAsync("12,000.00");

        // No auction has cleared, so nothing is unsold yet.
        await Expect(page.Locator("#auction-units tr", new() { HasText = "CEA21" }).Locator("td").Nth(4)).ToHaveTextAsync("5,000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dispose of unsold units" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Refused (no_unsold_units)");
        await Browser.ShotAsync(page, "auctions-proceeds-paid");
        Assert.Equal((12_000_00L, 0L), await s.HoldingAsync("cn-TREASURY", "CNY"));
        Assert.Equal((5_000L, 0L), await s.HoldingAsync("cn-AUCTION", "CEA21"));
    }
}
