// The exchange in a real browser against the real server: two members in two browser contexts trade from
// their desks while a third, anonymous one watches the market page and the dashboard update without reload;
// a refused order shows the engine's code and sentence; a block trade is proposed by one member and
// accepted by the named other. Screenshots are saved for a person to look at.
using Microsoft.Playwright;
using OpenEts.Registry;
using OpenEts.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace OpenEts.Web.Tests;

/// <summary>Browser tests of the market pages and the trading desk.</summary>
public sealed partial class WebUiTests
{
    private static async Task<ServerUnderTest> StartTradingAsync(bool forBlocks = false)
    {
        var s = await TradingDay.StartAsync(forBlocks);
        Assert.Null(await s.AddPersonAsync("acme", Role.CoveredEntity, Password));
        Assert.Null(await s.AddPersonAsync("ivy", Role.Investor, Password));
        return s;
    }

    private static async Task OrderAsync(IPage desk, string side, string quantity, string price)
    {
        await desk.Locator("#order-side").SelectOptionAsync(side);
        await desk.Locator("#order-quantity").FillAsync(quantity);
        await desk.Locator("#order-price").FillAsync(price);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
    }

    [Fact]
    public async Task Two_members_trade_from_their_desks_and_the_market_page_and_dashboard_update_without_reload()
    {
        await using var s = await StartTradingAsync();
        var market = await browser.NewPageAsync(s.BaseAddress, phone: true);
        await market.GotoAsync("/market/CEA21");
        await Expect(market.Locator("#trades")).ToHaveTextAsync("No trade today yet.");
        var dashboard = await browser.NewPageAsync(s.BaseAddress);
        await dashboard.GotoAsync("/");
        await Expect(dashboard.Locator("#traded-volume")).ToHaveTextAsync("0 t");

        var acme = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(acme, "acme");
        await acme.GetByRole(AriaRole.Link, new() { Name = "Trading" }).ClickAsync();
        await OrderAsync(acme, "sell", "10", "51.23");
        await Expect(acme.GetByRole(AriaRole.Status)).ToContainTextAsync("placed; it rests in the book.");
        await Expect(acme.Locator("#open-orders")).ToContainTextAsync("51.23");
        // The watcher's page was not reloaded: it polls and swaps in the new book.
        await Expect(market.Locator("#asks")).ToContainTextAsync("51.23", new() { Timeout = 15_000 });

        var ivy = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(ivy, "ivy");
        await ivy.GotoAsync("/trading");
        await OrderAsync(ivy, "buy", "10", "51.50");
        await Expect(ivy.GetByRole(AriaRole.Status)).ToContainTextAsync("1 trade(s), 10 t traded.");
        await Expect(ivy.Locator("#my-trades")).ToContainTextAsync("bought (IVY-1)");
        await Browser.ShotAsync(ivy, "trading-desk-bought");

        await Expect(market.Locator("#trades")).ToContainTextAsync("listing", new() { Timeout = 15_000 });
        await Expect(market.Locator("#last-price")).ToHaveTextAsync("51.23");
        await Expect(market.Locator("#day-volume")).ToHaveTextAsync("10 t");
        await Expect(market.Locator("#asks")).ToContainTextAsync("None.");
        var overflow = await market.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The market page scrolls sideways at phone width.");
        await Browser.ShotAsync(market, "market-phone");
        await Expect(dashboard.Locator("#traded-volume")).ToHaveTextAsync("10 t", new() { Timeout = 15_000 });
        await Expect(dashboard.Locator("#traded-value")).ToHaveTextAsync("512.30 yuan");
        await Browser.ShotAsync(dashboard, "dashboard-exchange");
        await acme.ReloadAsync();
        await Expect(acme.Locator("#open-orders")).ToHaveTextAsync("None.");
    }

    [Fact]
    public async Task A_refused_order_shows_its_code_and_a_block_trade_is_proposed_and_accepted()
    {
        await using var s = await StartTradingAsync(forBlocks: true);
        var acme = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(acme, "acme");
        await acme.GotoAsync("/trading");
        await OrderAsync(acme, "sell", "10", "60.00");
        await Expect(acme.GetByRole(AriaRole.Alert)).ToContainTextAsync("Refused (price_outside_band): Today's listing band is 46.11–56.35 yuan");
        await Browser.ShotAsync(acme, "trading-refused");

        await acme.Locator("#block-side").SelectOptionAsync("sell");
        await acme.GetByLabel("Counterparty account").FillAsync("IVY-1");
        await acme.GetByLabel("Block quantity (tonnes)").FillAsync("100000");
        await acme.GetByLabel("Block price (yuan per tonne)").FillAsync("51.23");
        await acme.GetByRole(AriaRole.Button, new() { Name = "Propose block trade" }).ClickAsync();
        await Expect(acme.GetByRole(AriaRole.Status)).ToContainTextAsync("proposed; the counterparty may accept it until the close.");
        await Expect(acme.Locator("#blocks").GetByRole(AriaRole.Button, new() { Name = "Withdraw" })).ToBeVisibleAsync();
        await Expect(acme.Locator("#blocks").GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToHaveCountAsync(0);

        var ivy = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(ivy, "ivy");
        await ivy.GotoAsync("/trading");
        await Expect(ivy.Locator("#blocks")).ToContainTextAsync("100,000");
        await Browser.ShotAsync(ivy, "trading-block-proposed");
        await ivy.Locator("#blocks").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(ivy.GetByRole(AriaRole.Status)).ToContainTextAsync("accepted and settled.");
        await Expect(ivy.Locator("#holdings tr", new() { HasText = "CEA21" })).ToContainTextAsync("100,000");
        await Expect(ivy.Locator("#my-trades")).ToContainTextAsync("block");
        await Browser.ShotAsync(ivy, "trading-block-accepted");
        await ivy.GotoAsync("/market/CEA21");
        await Expect(ivy.Locator("#trades")).ToContainTextAsync("block");
    }
}
