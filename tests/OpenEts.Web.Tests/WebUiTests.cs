// The web UI in a real browser against the real server: log in, dashboard, registry and account
// pages, four-eyes issuance by two regulators, script in a text field shown as text, live updates,
// and a phone-width layout without sideways scrolling. Screenshots are saved for a person to look at.
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenEts.Registry;
using OpenEts.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace OpenEts.Web.Tests;

/// <summary>Browser tests.</summary>
public sealed partial class WebUiTests(Browser browser) : IClassFixture<Browser>
{
    /// <summary>The password every test person gets.</summary>
    internal const string Password = "correct horse battery staple";

    /// <summary>Logs <paramref name="name"/> in through the login form.</summary>
    internal static async Task LogInAsync(IPage page, string name)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByText($"Signed in as {name}")).ToBeVisibleAsync();
    }

    private static async Task<ServerUnderTest> StartAsync(bool fourEyes, params (string Name, Role Role)[] people)
    {
        var s = await ServerUnderTest.StartAsync(new SqliteSource(), fourEyes: fourEyes);
        foreach (var (name, role) in people)
            Assert.Null(await s.AddPersonAsync(name, role, Password));
        return s;
    }

    [Fact]
    public async Task A_holder_logs_in_sees_the_dashboard_and_opens_their_account()
    {
        await using var s = await StartAsync(false, ("acme", Role.CoveredEntity));
        var page = await browser.NewPageAsync(s.BaseAddress);

        await page.GotoAsync("/registry");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await page.GetByLabel("Name").FillAsync("acme");
        await page.GetByLabel("Password").FillAsync("wrong password, long enough");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The name or password is wrong.");

        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registry", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Regulator console" })).ToHaveCountAsync(0);
        // A holder sees only their own account.
        await Expect(page.Locator("table").First.Locator("tr")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Link, new() { Name = "ACME-1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account ACME-1" })).ToBeVisibleAsync();
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "CEA21", Exact = true }) });
        await Expect(row).ToContainTextAsync("500");
        await Expect(page.GetByText("Acme Power Co.")).ToBeVisibleAsync();
        await Browser.ShotAsync(page, "account-acme");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "National carbon market" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Allowances issued")).ToContainTextAsync("1,000 t");
        await Browser.ShotAsync(page, "dashboard");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        await page.GotoAsync("/registry/accounts/ACME-1");
        await Expect(page).ToHaveURLAsync(LoginUrl());
    }

    [Fact]
    public async Task A_person_whose_password_was_reset_chooses_their_own_at_login_and_changes_it_again_from_the_header()
    {
        const string Reset = "a reset long passphrase", Own = "acme's own passphrase", Second = "acme's second passphrase";
        await using var s = await StartAsync(false, ("acme", Role.CoveredEntity), ("bob", Role.Investor));
        Assert.Null(await s.Market.SetPasswordAsync("acme", Reset)); // a regulator's reset, as on the host
        var page = await browser.NewPageAsync(s.BaseAddress);

        // Someone else was signed in on this browser: the reset person's form is theirs alone, not bob's.
        await LogInAsync(page, "bob");
        await page.GotoAsync("/login?return=%2Fregistry");
        await page.GetByLabel("Name").FillAsync("acme");
        await page.GetByLabel("Password").FillAsync(Reset);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change password" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your password was set by someone else: choose a new one to log in.");
        await Expect(page.GetByText("Signed in as")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("acme");

        async Task ChangeAsync(string current, string next, string again)
        {
            await page.GetByLabel("Current password").FillAsync(current);
            await page.GetByLabel("New password", new() { Exact = true }).FillAsync(next);
            await page.GetByLabel("New password again").FillAsync(again);
            await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        }

        await ChangeAsync(Reset, Own, "not the same passphrase");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The two new passwords differ.");
        await ChangeAsync(Reset, Reset, Reset);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The new password is the current one; choose another.");
        await Browser.ShotAsync(page, "password-change-required");
        await ChangeAsync(Reset, Own, Own);
        // Changed, signed in, and back where the person was going.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registry", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Signed in as acme")).ToBeVisibleAsync();
        Assert.False(await s.Market.Engine.QueryAsync(w => w.Get<OpenEts.Server.Identity.IdentityState>().Users["acme"].MustChangePassword));

        // Later, from the header: the name is the person's own; a wrong current password changes nothing.
        await page.GetByRole(AriaRole.Link, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("acme");
        await Expect(page.GetByLabel("Name")).ToHaveAttributeAsync("readonly", "");
        await ChangeAsync("not the password at all", Second, Second);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The name or current password is wrong; nothing was changed.");
        await ChangeAsync(Own, Second, Second);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "National carbon market" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Name").FillAsync("acme");
        await page.GetByLabel("Password").FillAsync(Second);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByText("Signed in as acme")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_regulator_proposes_an_issuance_and_a_second_regulator_approves_it()
    {
        await using var s = await StartAsync(true, ("regulator", Role.Regulator), ("rita", Role.Regulator));
        var first = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(first, "regulator");
        await first.GetByRole(AriaRole.Link, new() { Name = "Regulator console" }).ClickAsync();
        await first.GetByLabel("Unit class").SelectOptionAsync("CEA22");
        await first.GetByLabel("Into account").SelectOptionAsync("cn-ISSUANCE");
        await first.GetByLabel("Quantity (tonnes)").FillAsync("3000");
        await first.Locator("#issue-note").FillAsync("2022 allocation, first batch");
        await first.GetByRole(AriaRole.Button, new() { Name = "Propose issuance" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync("Proposal P-1 proposed; another regulator must approve it.");
        await Expect(first.Locator("#pending")).ToContainTextAsync("Yours: another regulator approves it.");
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Approve P-1" })).ToHaveCountAsync(0);
        await Browser.ShotAsync(first, "console-proposed");
        Assert.Equal(0, await IssuedAsync(s, "CEA22"));

        var second = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(second, "rita");
        await second.GotoAsync("/console");
        await Expect(second.Locator("#pending")).ToContainTextAsync("quantity: 3000");
        await second.GetByRole(AriaRole.Button, new() { Name = "Approve P-1" }).ClickAsync();
        await Expect(second.GetByRole(AriaRole.Status)).ToHaveTextAsync("Proposal P-1 approved; its command ran.");
        await Expect(second.Locator("#decided")).ToContainTextAsync("approved by rita");
        await Expect(second.Locator("#trail")).ToContainTextAsync("approvals.approve");
        await Expect(second.Locator("#trail")).ToContainTextAsync("127.0.0.1");
        await Browser.ShotAsync(second, "console-approved");
        Assert.Equal(3000, await IssuedAsync(s, "CEA22"));
    }

    [Fact]
    public async Task Script_typed_into_a_text_field_is_shown_as_text()
    {
        const string Hostile = "<script>document.title='owned'</script><img src=x onerror=\"document.title='owned'\">";
        await using var s = await StartAsync(true, ("regulator", Role.Regulator));
        var page = await browser.NewPageAsync(s.BaseAddress);

        await page.GotoAsync("/login");
        await page.GetByLabel("Name").FillAsync(Hostile[..60]);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync(Hostile[..60]);

        await LogInAsync(page, "regulator");
        await page.GotoAsync("/console");
        await page.GetByLabel("Quantity (tonnes)").FillAsync("1");
        await page.Locator("#issue-note").FillAsync(Hostile);
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose issuance" }).ClickAsync();
        await Expect(page.Locator("#pending td").Nth(3)).ToHaveTextAsync(Hostile);
        Assert.Equal(0, await page.Locator("#pending script, #pending img").CountAsync());
        Assert.NotEqual("owned", await page.TitleAsync());
        Assert.Contains("&lt;script&gt;", await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.ShotAsync(page, "console-escaped-note");
    }

    [Fact]
    public async Task The_dashboard_updates_itself_when_a_trade_settles_and_fits_a_phone()
    {
        await using var s = await StartAsync(false);
        var page = await browser.NewPageAsync(s.BaseAddress, phone: true);
        await page.GotoAsync("/");
        await Expect(page.GetByText("No trade has settled yet.")).ToBeVisibleAsync();
        var seq = await page.Locator("#journal-seq").TextContentAsync();

        // Delivery versus payment: 10 t of CEA21 against 600.00 yuan, i.e. 60.00 yuan/t.
        using var registry = s.As("registry");
        await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/linked-transfers", new
        {
            legs = new object[]
            {
                new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 10 },
                new { from = "IVY-1", to = "ACME-1", class_id = "CNY", quantity = 60_000 },
            },
        }));
        // No reload: the page polls and swaps in the new figures.
        await Expect(page.Locator("#journal-seq")).Not.ToHaveTextAsync(seq!, new() { Timeout = 15_000 });
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "CEA21: daily volume and average price" })).ToBeVisibleAsync();
        await page.GetByText("The figures as a table").ClickAsync();
        var day = page.Locator("table", new() { HasText = "CEA21 settled per day" }).Locator("tr").Nth(1);
        await Expect(day).ToContainTextAsync("600.00");
        await Expect(day).ToContainTextAsync("60.00");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The dashboard scrolls sideways at phone width.");
        await Browser.ShotAsync(page, "dashboard-phone");
    }

    private static async Task<long> IssuedAsync(ServerUnderTest s, string classId) =>
        await s.Market.Engine.QueryAsync(w => w.Get<RegistryState>().Classes[classId].Issued);

    [GeneratedRegex("/login\\?return=")]
    private static partial Regex LoginUrl();
}
