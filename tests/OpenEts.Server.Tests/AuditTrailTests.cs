// The audit trail read from the journal says from where: logins carry the client address (their
// bodies stay hidden), as do four-eyes proposals and decisions.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenEts.Registry;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

/// <summary>Who, what, when and from where.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task Logins_are_in_the_trail_with_the_client_address_and_no_secrets()
    {
        await using var s = await StartAsync(new SqliteSource());
        Assert.Null(await s.AddPersonAsync("acme", Role.CoveredEntity, "a long enough password"));
        using var anon = s.Anonymous();
        using (var wrong = await anon.PostAsJsonAsync("/api/session", new { name = "acme", password = "not the password at all" }))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        await Ok(anon.PostAsJsonAsync("/api/session", new { name = "acme", password = "a long enough password" }));

        using var regulator = s.As("regulator");
        var entries = (await Ok(regulator.GetAsync("/api/journal?after=0&limit=500"))).GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString()!.StartsWith("identity.record_login", StringComparison.Ordinal)).ToList();
        Assert.Equal(["identity.record_login_failure", "identity.record_login_success"], entries.Select(e => e.GetProperty("kind").GetString()).ToList());
        Assert.All(entries, e =>
        {
            Assert.Equal("login", e.GetProperty("actor").GetString());
            Assert.Equal("127.0.0.1", e.GetProperty("client_address").GetString());
            Assert.Equal(JsonValueKind.Null, e.GetProperty("command").ValueKind);
        });
    }
}
