// Four-eyes proposals expire: the rulebook's 168 hours, counted from the proposal's time to the approval
// command's time (the server's clock, never the engine's); an expired proposal is refused with
// proposal_expired, nothing runs, and it can still be rejected.
using System.Net;
using System.Net.Http.Json;
using OpenEts.Registry;
using OpenEts.Server.Approvals;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

public sealed class ProposalExpiryTests
{
    [Fact]
    public async Task An_expired_proposal_is_refused_and_issues_nothing()
    {
        Assert.Equal(TimeSpan.FromHours(168), FourEyesRules.National.Expiry);
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
        await using var s = await StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = true, Clock = clock });
        var (key, rejection) = await s.Market.AddApiKeyAsync("rita", Role.Regulator);
        Assert.Null(rejection);
        s.AddKey("rita", key!);
        using var regulator = s.As("regulator");
        using var rita = s.As("rita");
        object Issue(long quantity) => new { kind = "registry.issue", action = new { class_id = "CEA22", to_account = "cn-ISSUANCE", quantity } };

        await Ok(regulator.PostAsJsonAsync("/api/proposals", Issue(700)));   // P-1
        await Ok(regulator.PostAsJsonAsync("/api/proposals", Issue(300)));   // P-2
        var listed = await Ok(rita.GetAsync("/api/proposals/P-1"));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 2, 0, 0, TimeSpan.Zero), listed.GetProperty("expires_at").GetDateTimeOffset());

        clock.Advance(TimeSpan.FromHours(168)); // exactly at the expiry: still allowed
        await Ok(rita.PostAsync("/api/proposals/P-1/approve", null));
        clock.Advance(TimeSpan.FromSeconds(1));
        var seq = await s.JournalSeqAsync();
        using (var late = await rita.PostAsync("/api/proposals/P-2/approve", null))
            await ApiSuite.AssertProblem(late, HttpStatusCode.Conflict, "proposal_expired");
        Assert.Equal(seq + 1, await s.JournalSeqAsync()); // the refusal is journaled, nothing else
        Assert.Equal((700L, 0L), await s.HoldingAsync("cn-ISSUANCE", "CEA22"));
        Assert.Equal("pending", (await Ok(rita.GetAsync("/api/proposals/P-2"))).GetProperty("status").GetString());
        // The console tells the regulator so.
        var console = await rita.GetStringAsync("/console");
        Assert.Contains("<li data-kind=\"proposal_expired\"><a href=\"/console#pending\">Proposal P-2 (registry.issue) expired at 2026-03-09 02:00:00 UTC; reject or withdraw it.</a></li>", console, StringComparison.Ordinal);

        await Ok(regulator.PostAsJsonAsync("/api/proposals/P-2/reject", new { reason = "Expired; proposed again with fresh figures." }));
        Assert.Equal("rejected", (await Ok(rita.GetAsync("/api/proposals/P-2?"))).GetProperty("status").GetString());
        Assert.Equal((700L, 0L), await s.HoldingAsync("cn-ISSUANCE", "CEA22"));
    }
}
