// Debian's Chromium driven by Playwright (never a downloaded browser), shared by the web tests, and
// where their screenshots go: a "screenshots" folder beside the test assembly.
using Microsoft.Playwright;

namespace OpenEts.Web.Tests;

/// <summary>One headless Chromium for the test class.</summary>
public sealed class Browser : IAsyncLifetime
{
    /// <summary>The system Chromium (apt-get install chromium; scripts/test.sh does it).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Chromium { get; private set; } = null!;

    /// <summary>Where screenshots are saved.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install chromium (scripts/test.sh does it).");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (its own cookies) on the server, at a laptop or a phone width.</summary>
    public async Task<IPage> NewPageAsync(Uri server, bool phone = false)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        // A script that ran from data would most likely call alert or similar: any dialog fails the test.
        page.Dialog += (_, d) => throw new InvalidOperationException($"A dialog opened: {d.Message}");
        return page;
    }

    /// <summary>Saves a full-page screenshot under <see cref="Screenshots"/>.</summary>
    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Chromium is not null)
            await Chromium.DisposeAsync();
        _playwright?.Dispose();
    }
}
