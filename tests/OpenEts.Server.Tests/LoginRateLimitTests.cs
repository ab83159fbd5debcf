// Logins per client address through the real server: the rulebook's 10 attempts per 60 seconds, then
// 429 too_many_logins (API and login page) before any password is checked or anything is journaled,
// and logins again once the window has moved past the oldest attempt (on the server's clock).
using System.Net;
using System.Net.Http.Json;
using OpenEts.Registry;
using OpenEts.Server.Identity;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

public sealed class LoginRateLimitTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public void The_limits_are_the_rulebooks_10_attempts_per_60_seconds()
    {
        Assert.Equal(10, LoginLimits.Default.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(60), LoginLimits.Default.Window);
        Assert.Equal(LoginLimits.Default, new ServerOptions().LoginLimits);
    }

    [Fact]
    public async Task The_eleventh_login_from_one_address_within_a_minute_is_refused_until_the_window_moves_on()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
        await using var s = await StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = false, Clock = clock });
        Assert.Null(await s.AddPersonAsync("alice", Role.Investor, Password));
        using var client = s.Anonymous();
        var form = await client.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"form_token\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        // Ten tries at names that do not exist (no lockout of a person is involved), one second apart.
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/session", new { name = $"guess{i}", password = Password });
            await ApiSuite.AssertProblem(wrong, HttpStatusCode.Unauthorized, "login_failed");
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        var seq = await s.JournalSeqAsync();
        using (var limited = await client.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }))
        {
            Assert.Equal("50", limited.Headers.RetryAfter?.ToString()); // the first try leaves the window 50 s from now
            await ApiSuite.AssertProblem(limited, (HttpStatusCode)429, "too_many_logins");
        }
        // The login page refuses the same way, with the sentence on the form.
        using (var page = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "alice", ["password"] = Password, ["form_token"] = token })))
        {
            Assert.Equal((HttpStatusCode)429, page.StatusCode);
            Assert.Contains("More than 10 logins from your address within 60 seconds", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(seq, await s.JournalSeqAsync()); // no login recorded: refused before the password check

        clock.Advance(TimeSpan.FromSeconds(50)); // the first attempt (60 s ago) leaves the window
        var me = await Ok(client.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }));
        Assert.Equal("investor", me.GetProperty("role").GetString());
        using (var next = await client.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }))
            await ApiSuite.AssertProblem(next, (HttpStatusCode)429, "too_many_logins"); // the second attempt is still inside
    }
}
