// Sessions and credentials: a logout ends the session on the server (a copy of the cookie stops working), a regulator
// cannot make another regulator, nor take the key or password of an identity that exists, over HTTP while four-eyes is on
// (it could approve its own proposals or act as that identity), a refused new user grants no role, and malformed requests
// get their own codes.
using System.Net;
using System.Net.Http.Json;
using OpenEts.Registry;
using static OpenEts.Server.Tests.ApiSuite;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

public sealed class CredentialTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_logout_ends_the_session_for_good_and_a_copy_of_its_cookie_no_longer_works()
    {
        await using var s = await StartAsync(new SqliteSource());
        using var regulator = s.As("regulator");
        await Ok(regulator.PostAsJsonAsync("/api/users", new { name = "alice", role = "investor", password = Password }));
        using var raw = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = s.BaseAddress };
        using var login = await raw.PostAsJsonAsync("/api/session", new { name = "alice", password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("openets_session=", StringComparison.Ordinal)).Split(';')[0];

        async Task<HttpResponseMessage> WithCookie(HttpMethod method)
        {
            using var request = new HttpRequestMessage(method, "/api/session");
            request.Headers.Add("Cookie", cookie);
            return await raw.SendAsync(request);
        }

        using (var before = await WithCookie(HttpMethod.Get))
            Assert.Equal("alice", (await before.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("name").GetString());
        using (var logout = await WithCookie(HttpMethod.Delete))
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using (var replayed = await WithCookie(HttpMethod.Get))
            await AssertProblem(replayed, HttpStatusCode.Unauthorized, "not_authenticated");
    }

    [Fact]
    public async Task With_four_eyes_on_a_regulator_makes_no_regulator_and_takes_no_other_regulators_key_over_http()
    {
        await using var s = await StartAsync(new SqliteSource(), fourEyes: true);
        Assert.Null(await s.Market.AddUserAsync("bob", Role.Regulator, Password)); // on the host, as the CLI does
        using var regulator = s.As("regulator");
        var before = await s.Market.Engine.StateHashAsync();

        using (var key = await regulator.PostAsJsonAsync("/api/keys", new { identity = "sock", role = "regulator" }))
            await AssertProblem(key, HttpStatusCode.Forbidden, "four_eyes_required");
        using (var user = await regulator.PostAsJsonAsync("/api/users", new { name = "sock", role = "regulator", password = Password }))
            await AssertProblem(user, HttpStatusCode.Forbidden, "four_eyes_required");
        using (var theirs = await regulator.PostAsJsonAsync("/api/keys", new { identity = "bob" }))
            await AssertProblem(theirs, HttpStatusCode.Forbidden, "four_eyes_required");
        // Nor the key or a password of an identity that exists (it could act as acme alone).
        using (var entityKey = await regulator.PostAsJsonAsync("/api/keys", new { identity = "acme" }))
            await AssertProblem(entityKey, HttpStatusCode.Forbidden, "four_eyes_required");
        using (var entityLogin = await regulator.PostAsJsonAsync("/api/users", new { name = "acme", role = "covered_entity", password = Password }))
            await AssertProblem(entityLogin, HttpStatusCode.Forbidden, "four_eyes_required");
        Assert.Null(await s.Market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf("sock")));
        Assert.Equal(before, await s.Market.Engine.StateHashAsync());

        // Its own key, and new people and machines of other roles, as before; acme asks for its own further keys.
        await Ok(regulator.PostAsJsonAsync("/api/keys", new { }));
        await Ok(regulator.PostAsJsonAsync("/api/users", new { name = "carol", role = "investor", password = Password }));
        await Ok(regulator.PostAsJsonAsync("/api/keys", new { identity = "gateway-1", role = "investor" }));
        using var acme = s.As("acme");
        await Ok(acme.PostAsJsonAsync("/api/keys", new { }));
    }

    [Fact]
    public async Task A_refused_new_user_grants_no_role_and_the_servers_login_identity_gets_no_key()
    {
        await using var s = await StartAsync(new SqliteSource());
        using var regulator = s.As("regulator");
        var before = await s.Market.Engine.StateHashAsync();
        using (var reserved = await regulator.PostAsJsonAsync("/api/users", new { name = "login", role = "regulator", password = Password }))
            await AssertProblem(reserved, HttpStatusCode.UnprocessableEntity, "invalid_id");
        using (var key = await regulator.PostAsJsonAsync("/api/keys", new { identity = "login", role = "investor" }))
            await AssertProblem(key, HttpStatusCode.UnprocessableEntity, "invalid_id");
        Assert.Null(await s.Market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf("login")));
        Assert.Equal(before, await s.Market.Engine.StateHashAsync());

        await Ok(regulator.PostAsJsonAsync("/api/users", new { name = "alice", role = "investor", password = Password }));
        using (var again = await regulator.PostAsJsonAsync("/api/users", new { name = "alice", role = "verifier", password = Password }))
            await AssertProblem(again, HttpStatusCode.Conflict, "user_exists");
        Assert.Equal(Role.Investor, await s.Market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf("alice")));
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_415_and_a_form_without_its_token_is_antiforgery_failed()
    {
        await using var s = await StartAsync(new SqliteSource());
        using var regulator = s.As("regulator");
        using (var body = new StringContent("{}", System.Text.Encoding.UTF8))
        {
            body.Headers.ContentType = new("application/jsonfoo");
            using var odd = await regulator.PostAsync("/api/transfers", body);
            await AssertProblem(odd, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }
        Assert.Null(await s.Market.AddUserAsync("reg", Role.Regulator, Password));
        using var reg = await WebVisitor.LogInAsync(s, "reg", Password);
        using var forged = await reg.Http.PostAsync("/exchange-desk/days/CEA21/halt", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "x" }));
        await AssertProblem(forged, HttpStatusCode.BadRequest, "antiforgery_failed");
    }
}
