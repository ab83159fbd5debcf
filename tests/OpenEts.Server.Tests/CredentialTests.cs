// Sessions and credentials: a logout ends the session on the server (a copy of the cookie stops working), a regulator
// cannot make another regulator, nor take the key or password of an identity that exists, over HTTP while four-eyes is on
// (it could approve its own proposals or act as that identity), a refused new user grants no role, and malformed requests
// get their own codes. An API key is revoked by its identity or a regulator and then authenticates nothing; a person changes
// its password with the current one, a regulator resets one only with four-eyes off (on the host otherwise), and every
// session of the person ends; a person a regulator adds, whose first password the regulator chose, chooses its own before
// its first session; a stopped engine makes /health 503.
using System.Net;
using System.Net.Http.Json;
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Server.Tests.ApiSuite;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

public sealed class CredentialTests
{
    private const string Password = "correct horse battery staple";

    /// <summary>A first password a regulator chooses for a person it adds: temporary, the person replaces it before logging in.</summary>
    private const string First = "a first passphrase, chosen by the regulator";

    [Fact]
    public async Task A_logout_ends_the_session_for_good_and_a_copy_of_its_cookie_no_longer_works()
    {
        await using var s = await StartAsync(new SqliteSource());
        using var regulator = s.As("regulator");
        await Ok(regulator.PostAsJsonAsync("/api/users", new { name = "alice", role = "investor", password = First }));
        await ChooseOwnPasswordAsync(s, "alice", First, Password);
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
    public async Task A_revoked_api_key_authenticates_nothing_and_only_its_identity_or_a_regulator_revokes_it()
    {
        await using var s = await StartAsync(new SqliteSource());
        using var regulator = s.As("regulator");
        var first = await Ok(regulator.PostAsJsonAsync("/api/keys", new { identity = "gateway-1", role = "investor" }));
        var (key1, id1) = (first.GetProperty("key").GetString()!, first.GetProperty("key_id").GetString()!);
        Assert.StartsWith($"oets_{id1}_", key1, StringComparison.Ordinal);
        s.AddKey("gateway-1", key1);
        using var gateway = s.As("gateway-1");
        var second = await Ok(gateway.PostAsJsonAsync("/api/keys", new { }));
        var (key2, id2) = (second.GetProperty("key").GetString()!, second.GetProperty("key_id").GetString()!);

        // Its own keys, by id, never a hash; another identity's only for a regulator.
        var mine = await Ok(gateway.GetAsync("/api/keys"));
        Assert.Equal(new[] { id1, id2 }.Order(StringComparer.Ordinal), mine.EnumerateArray().Select(k => k.GetProperty("key_id").GetString()!));
        Assert.All(mine.EnumerateArray(), k => Assert.False(k.GetProperty("revoked").GetBoolean()));
        Assert.DoesNotContain("hash", mine.GetRawText(), StringComparison.Ordinal);
        using var ivy = s.As("ivy");
        using (var nosy = await ivy.GetAsync("/api/keys?identity=gateway-1"))
            await AssertProblem(nosy, HttpStatusCode.Forbidden, "not_authorized");
        Assert.Equal(2, (await Ok(regulator.GetAsync("/api/keys?identity=gateway-1"))).GetArrayLength());

        // Another identity cannot revoke it, nor learn that it exists; a malformed id is 422; nothing changes.
        var before = await s.Market.Engine.StateHashAsync();
        using (var theirs = await ivy.DeleteAsync($"/api/keys/{id1}"))
            await AssertProblem(theirs, HttpStatusCode.NotFound, "unknown_api_key");
        using (var bad = await ivy.DeleteAsync("/api/keys/not-a-key-id"))
            await AssertProblem(bad, HttpStatusCode.UnprocessableEntity, "invalid_id");
        Assert.Equal(before, await s.Market.Engine.StateHashAsync());

        // The identity revokes one of its keys: that key is refused from the next request on, the other still works.
        await Ok(gateway.DeleteAsync($"/api/keys/{id1}"));
        using (var revoked = await gateway.GetAsync("/api/session"))
            await AssertProblem(revoked, HttpStatusCode.Unauthorized, "not_authenticated");
        s.AddKey("gateway-1", key2);
        using var gateway2 = s.As("gateway-1");
        Assert.Equal("gateway-1", (await Ok(gateway2.GetAsync("/api/session"))).GetProperty("name").GetString());
        using (var again = await gateway2.DeleteAsync($"/api/keys/{id1}"))
            await AssertProblem(again, HttpStatusCode.Conflict, "api_key_revoked");

        // A regulator revokes the other; both stay revoked after a restart from a snapshot taken now (which must restore to
        // the state hash it recorded, or the engine refuses to start).
        await Ok(regulator.DeleteAsync($"/api/keys/{id2}"));
        await s.Market.Engine.SnapshotAsync();
        await s.RestartAsync();
        foreach (var key in new[] { key1, key2 })
        {
            using var old = s.Anonymous();
            old.DefaultRequestHeaders.Authorization = new("Bearer", key);
            using var refused = await old.GetAsync("/api/session");
            await AssertProblem(refused, HttpStatusCode.Unauthorized, "not_authenticated");
        }
        using var regulatorAfter = s.As("regulator");
        var listed = await Ok(regulatorAfter.GetAsync("/api/keys?identity=gateway-1"));
        Assert.All(listed.EnumerateArray(), k => Assert.True(k.GetProperty("revoked").GetBoolean()));
    }

    [Fact]
    public async Task A_person_changes_its_password_with_the_current_one_and_every_session_of_it_ends()
    {
        await using var s = await StartAsync(new SqliteSource());
        using var regulator = s.As("regulator");
        await Ok(regulator.PostAsJsonAsync("/api/users", new { name = "alice", role = "investor", password = First }));
        await ChooseOwnPasswordAsync(s, "alice", First, Password);
        using var desk = s.Anonymous();
        using var phone = s.Anonymous();
        await Ok(desk.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }));
        await Ok(phone.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }));
        const string next = "a different long passphrase";
        var before = await s.Market.Engine.StateHashAsync();

        using (var bare = await desk.PutAsJsonAsync("/api/users/alice/password", new { password = next }))
            await AssertProblem(bare, HttpStatusCode.UnprocessableEntity, "current_password_required");
        using (var weak = await desk.PutAsJsonAsync("/api/users/alice/password", new { password = "short", current_password = Password }))
            await AssertProblem(weak, HttpStatusCode.UnprocessableEntity, "weak_password");
        using (var other = await desk.PutAsJsonAsync("/api/users/bob/password", new { password = next }))
            await AssertProblem(other, HttpStatusCode.Forbidden, "not_authorized");
        Assert.Equal(before, await s.Market.Engine.StateHashAsync());
        // A wrong current password counts as a failed login (journaled, towards the lockout) and changes nothing else.
        using (var wrong = await desk.PutAsJsonAsync("/api/users/alice/password", new { password = next, current_password = "not the password" }))
            await AssertProblem(wrong, HttpStatusCode.Forbidden, "wrong_password");
        Assert.Equal(1, await s.Market.Engine.QueryAsync(w => w.Get<Identity.IdentityState>().Users["alice"].Failures));

        using (var changed = await desk.PutAsJsonAsync("/api/users/alice/password", new { password = next, current_password = Password }))
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        // Every session of alice ended, the one that changed it too; the old password no longer logs in, the new one does.
        foreach (var browser in new[] { desk, phone })
        {
            using var ended = await browser.GetAsync("/api/session");
            await AssertProblem(ended, HttpStatusCode.Unauthorized, "not_authenticated");
        }
        using (var old = await desk.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }))
            await AssertProblem(old, HttpStatusCode.Unauthorized, "login_failed");
        await Ok(desk.PostAsJsonAsync("/api/session", new { name = "alice", password = next }));

        // An identity with API keys only has no password to change.
        using var ivy = s.As("ivy");
        using (var keyOnly = await ivy.PutAsJsonAsync("/api/users/ivy/password", new { password = next, current_password = next }))
            await AssertProblem(keyOnly, HttpStatusCode.NotFound, "unknown_user");
    }

    [Fact]
    public async Task A_regulator_resets_a_locked_out_persons_password_directly_with_four_eyes_off_and_by_approved_proposal_with_it_on()
    {
        foreach (var fourEyes in new[] { true, false })
        {
            await using var s = await StartAsync(new SqliteSource(), fourEyes: fourEyes);
            Assert.Null(await s.AddPersonAsync("alice", Role.Investor, Password)); // on the host, then her own chosen
            using var browser = s.Anonymous();
            for (var i = 0; i < 5; i++)
            {
                using var _ = await browser.PostAsJsonAsync("/api/session", new { name = "alice", password = "wrong password " + i });
            }
            using (var locked = await browser.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }))
                await AssertProblem(locked, HttpStatusCode.Locked, "login_locked");
            const string reset = "a reset long passphrase";
            using var regulator = s.As("regulator");
            using (var ivy = s.As("ivy"))
            using (var notRegulator = await ivy.PutAsJsonAsync("/api/users/alice/password", new { password = "short" }))
                await AssertProblem(notRegulator, HttpStatusCode.Forbidden, "not_authorized");
            using (var nobody = await regulator.PutAsJsonAsync("/api/users/nobody/password", new { password = reset }))
                await AssertProblem(nobody, HttpStatusCode.NotFound, "unknown_user");
            using var response = await regulator.PutAsJsonAsync("/api/users/alice/password", new { password = reset });
            if (fourEyes)
            {
                // One regulator alone takes over no login: the reset waits for a different regulator's approval.
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("proposal_id").GetString()!;
                using (var stillLocked = await browser.PostAsJsonAsync("/api/session", new { name = "alice", password = reset }))
                    await AssertProblem(stillLocked, HttpStatusCode.Locked, "login_locked");
                var proposal = await Ok(regulator.GetAsync($"/api/proposals/{id}"));
                Assert.Equal("identity.set_password", proposal.GetProperty("kind").GetString());
                Assert.Equal(Identity.IdentityModule.Hidden, proposal.GetProperty("action").GetProperty("password_hash").GetString());
                using (var self = await regulator.PostAsync($"/api/proposals/{id}/approve", null))
                    await AssertProblem(self, HttpStatusCode.Forbidden, "same_approver");
                var (bobKey, denied) = await s.Market.AddApiKeyAsync("bob", Role.Regulator);
                Assert.Null(denied);
                s.AddKey("bob", bobKey!);
                using var bob = s.As("bob");
                var approved = await Ok(bob.PostAsync($"/api/proposals/{id}/approve", null));
                // Neither the approval's answer nor the audit trail shows the new password's hash.
                Assert.DoesNotContain("pbkdf2", approved.GetRawText(), StringComparison.Ordinal);
                var trail = await Ok(regulator.GetAsync("/api/journal?limit=1000"));
                Assert.DoesNotContain("pbkdf2", trail.GetRawText(), StringComparison.Ordinal);
                // Another regulator's password is not reset over HTTP at all, not even by proposal: the host does it.
                using (var theirs = await regulator.PutAsJsonAsync("/api/users/bob/password", new { password = reset }))
                    await AssertProblem(theirs, HttpStatusCode.Forbidden, "four_eyes_required");
                // Nor by a proposal made at the general endpoint with a hash of the proposer's choosing.
                var hash = Identity.PasswordHashing.Hash(reset);
                using (var generic = await regulator.PostAsJsonAsync("/api/proposals", new { kind = "identity.set_password", action = new { name = "bob", password_hash = hash } }))
                    await AssertProblem(generic, HttpStatusCode.UnprocessableEntity, "not_proposable");
            }
            else
            {
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }
            // Either way the lockout is cleared: the reset password is right, but the regulator chose it, so it opens no
            // session until alice chooses her own; the old one no longer logs in.
            using (var temporary = await browser.PostAsJsonAsync("/api/session", new { name = "alice", password = reset }))
                await AssertProblem(temporary, HttpStatusCode.Forbidden, "password_change_required");
            using var other = s.Anonymous();
            using (var old = await other.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }))
                await AssertProblem(old, HttpStatusCode.Unauthorized, "login_failed");
        }
    }

    [Fact]
    public async Task A_password_someone_else_set_opens_no_session_until_the_person_replaces_it_with_the_current_one_alone()
    {
        await using var s = await StartAsync(new SqliteSource());
        Assert.Null(await s.AddPersonAsync("alice", Role.Investor, Password));
        const string reset = "a reset long passphrase";
        using var regulator = s.As("regulator");
        using (var response = await regulator.PutAsJsonAsync("/api/users/alice/password", new { password = reset }))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(await s.Market.Engine.QueryAsync(w => w.Get<Identity.IdentityState>().Users["alice"].MustChangePassword));
        // The flag is state: a snapshot carries it to a restored world (and a state where no one must change hashes as before).
        var state = await s.Market.Engine.QueryAsync(w => w.Snapshot());
        var restored = MarketRuntime.CreateCatalog().CreateWorld();
        restored.Restore(state);
        Assert.True(restored.Get<Identity.IdentityState>().Users["alice"].MustChangePassword);
        Assert.Contains("must_change_password", System.Text.Encoding.UTF8.GetString(state), StringComparison.Ordinal);

        // Bob was signed in with this client: the refused login signs him out, so nothing after it acts as bob.
        Assert.Null(await s.AddPersonAsync("bob", Role.Investor, Password));
        using var browser = s.Anonymous();
        await Ok(browser.PostAsJsonAsync("/api/session", new { name = "bob", password = Password }));
        using (var login = await browser.PostAsJsonAsync("/api/session", new { name = "alice", password = reset }))
        {
            await AssertProblem(login, HttpStatusCode.Forbidden, "password_change_required");
            Assert.All(login.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("openets_session=", StringComparison.Ordinal)),
                c => Assert.StartsWith("openets_session=;", c, StringComparison.Ordinal));
        }
        using (var none = await browser.GetAsync("/api/session"))
            await AssertProblem(none, HttpStatusCode.Unauthorized, "not_authenticated");

        // Without a session the current password is the proof, checked as a login is; nothing below changes anything.
        var seq = await s.JournalSeqAsync();
        using (var raw = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = s.BaseAddress })
        {
            // A session that has ended is refused, not taken for the person named in the path.
            Assert.Null(await s.AddPersonAsync("rita", Role.Regulator, Password));
            using var login = await raw.PostAsJsonAsync("/api/session", new { name = "rita", password = Password });
            var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("openets_session=", StringComparison.Ordinal)).Split(';')[0];
            using (var logout = new HttpRequestMessage(HttpMethod.Delete, "/api/session"))
            {
                logout.Headers.Add("Cookie", cookie);
                using var _ = await raw.SendAsync(logout);
            }
            using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/users/alice/password");
            stale.Headers.Add("Cookie", cookie);
            stale.Content = JsonContent.Create(new { password = "alice's own passphrase", current_password = reset });
            using var ended = await raw.SendAsync(stale);
            await AssertProblem(ended, HttpStatusCode.Unauthorized, "not_authenticated");
            Assert.Contains(ended.Headers.GetValues("Set-Cookie"), c => c.StartsWith("openets_session=;", StringComparison.Ordinal));
            // The host's reset is temporary even for the setup regulator's own name (the host acts as it).
            Assert.Null(await s.Market.SetPasswordAsync("rita", reset, actor: "rita", temporary: true));
            Assert.True(await s.Market.Engine.QueryAsync(w => w.Get<Identity.IdentityState>().Users["rita"].MustChangePassword));
        }
        seq = await s.JournalSeqAsync();
        using (var same = await browser.PutAsJsonAsync("/api/users/alice/password", new { password = reset, current_password = reset }))
            await AssertProblem(same, HttpStatusCode.UnprocessableEntity, "same_password");
        using (var bare = await browser.PutAsJsonAsync("/api/users/alice/password", new { password = "alice's own passphrase" }))
            await AssertProblem(bare, HttpStatusCode.UnprocessableEntity, "current_password_required");
        using (var forged = new HttpRequestMessage(HttpMethod.Put, "/api/users/alice/password"))
        {
            forged.Headers.Authorization = new("Bearer", "oets_000000000000_notakeynotakeynotakeyno");
            forged.Content = JsonContent.Create(new { password = "alice's own passphrase", current_password = reset });
            using var badKey = await browser.SendAsync(forged);
            await AssertProblem(badKey, HttpStatusCode.Unauthorized, "not_authenticated");
        }
        Assert.Equal(seq, await s.JournalSeqAsync());
        // A wrong current password is a failed login (journaled), and an unknown name answers just the same.
        using (var wrong = await browser.PutAsJsonAsync("/api/users/alice/password", new { password = "alice's own passphrase", current_password = "not the password" }))
            await AssertProblem(wrong, HttpStatusCode.Forbidden, "wrong_password");
        using (var nobody = await browser.PutAsJsonAsync("/api/users/nobody/password", new { password = "alice's own passphrase", current_password = reset }))
            await AssertProblem(nobody, HttpStatusCode.Forbidden, "wrong_password");
        Assert.Equal(1, await s.Market.Engine.QueryAsync(w => w.Get<Identity.IdentityState>().Users["alice"].Failures));

        using (var changed = await browser.PutAsJsonAsync("/api/users/alice/password", new { password = "alice's own passphrase", current_password = reset }))
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.False(await s.Market.Engine.QueryAsync(w => w.Get<Identity.IdentityState>().Users["alice"].MustChangePassword));
        var me = await Ok(browser.PostAsJsonAsync("/api/session", new { name = "alice", password = "alice's own passphrase" }));
        Assert.Equal("alice", me.GetProperty("name").GetString());
        using var other = s.Anonymous();
        using (var old = await other.PostAsJsonAsync("/api/session", new { name = "alice", password = reset }))
            await AssertProblem(old, HttpStatusCode.Unauthorized, "login_failed");
        var aliceRow = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.UTF8.GetString(await s.Market.Engine.QueryAsync(w => w.Snapshot())), "\"name\":\"alice\"[^}]*}");
        Assert.True(aliceRow.Success);
        Assert.DoesNotContain("must_change_password", aliceRow.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_a_regulator_adds_gets_no_session_until_choosing_their_own_password_also_after_a_snapshot_and_restart()
    {
        await using var s = await StartAsync(new SqliteSource());
        using (var regulator = s.As("regulator"))
        {
            await Ok(regulator.PostAsJsonAsync("/api/users", new { name = "alice", role = "investor", password = First }));
            // A regulator giving itself a password (from its key, four-eyes off) chose it itself: that one is not temporary.
            await Ok(regulator.PostAsJsonAsync("/api/users", new { name = "regulator", role = "regulator", password = First }));
        }
        // The add says who chose alice's password, and its command carries no flag (the actor is not the person), so a
        // command of this shape is written, and hashed, as before the flag existed.
        var added = s.Market.ReadJournal(0, 10_000).Single(e => e.Kind == "identity.add_user" && e.Accepted && Payload.Decode(e, Catalog.Json).Envelope.Body is Identity.AddUser { Name: "alice" });
        Assert.Equal(new Identity.PasswordChangeRequired("alice", "regulator"), Payload.Decode(added, Catalog.Json).Outcome.Events.OfType<Identity.PasswordChangeRequired>().Single());
        Assert.DoesNotContain("\"temporary\"", System.Text.Encoding.UTF8.GetString(added.Payload.Span), StringComparison.Ordinal);
        Assert.True(await MustChangeAsync(s, "alice"));
        Assert.False(await MustChangeAsync(s, "regulator"));

        // The flag is state: the snapshot holds it for alice alone, and the server restarted from it still refuses her.
        await s.Market.Engine.SnapshotAsync();
        var rows = System.Text.Encoding.UTF8.GetString(await s.Market.Engine.QueryAsync(w => w.Snapshot()));
        Assert.Contains("must_change_password", System.Text.RegularExpressions.Regex.Match(rows, "\"name\":\"alice\"[^}]*}").Value, StringComparison.Ordinal);
        Assert.DoesNotContain("must_change_password", System.Text.RegularExpressions.Regex.Match(rows, "\"name\":\"regulator\"[^}]*}").Value, StringComparison.Ordinal);
        await s.RestartAsync();
        Assert.True(await MustChangeAsync(s, "alice"));

        using var browser = s.Anonymous();
        using (var login = await browser.PostAsJsonAsync("/api/session", new { name = "alice", password = First }))
        {
            await AssertProblem(login, HttpStatusCode.Forbidden, "password_change_required");
            // No session cookie is given (at most the empty one that clears whatever this client held).
            if (login.Headers.TryGetValues("Set-Cookie", out var cookies))
                Assert.All(cookies.Where(c => c.StartsWith("openets_session=", StringComparison.Ordinal)), c => Assert.StartsWith("openets_session=;", c, StringComparison.Ordinal));
        }
        using (var none = await browser.GetAsync("/api/session"))
            await AssertProblem(none, HttpStatusCode.Unauthorized, "not_authenticated");
        await Ok(browser.PostAsJsonAsync("/api/session", new { name = "regulator", password = First }));

        // Alice chooses her own with the regulator's as the current one, no session needed; hers logs her in, the first no longer.
        using var alice = s.Anonymous();
        using (var changed = await alice.PutAsJsonAsync("/api/users/alice/password", new { password = Password, current_password = First }))
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.False(await MustChangeAsync(s, "alice"));
        var me = await Ok(alice.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }));
        Assert.Equal(("alice", "investor"), (me.GetProperty("name").GetString(), me.GetProperty("role").GetString()));
        using var other = s.Anonymous();
        using (var old = await other.PostAsJsonAsync("/api/session", new { name = "alice", password = First }))
            await AssertProblem(old, HttpStatusCode.Unauthorized, "login_failed");
    }

    private static readonly ModuleCatalog Catalog = MarketRuntime.CreateCatalog();

    private static Task<bool> MustChangeAsync(ServerUnderTest s, string name) =>
        s.Market.Engine.QueryAsync(w => w.Get<Identity.IdentityState>().Users[name].MustChangePassword);

    [Fact]
    public async Task A_session_ends_when_the_password_changes_however_it_changes_and_a_key_from_a_session_needs_the_password()
    {
        await using var s = await StartAsync(new SqliteSource());
        Assert.Null(await s.AddPersonAsync("alice", Role.Investor, Password));
        using var browser = s.Anonymous();
        await Ok(browser.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }));
        using (var bare = await browser.PostAsJsonAsync("/api/keys", new { }))
            await AssertProblem(bare, HttpStatusCode.UnprocessableEntity, "current_password_required");
        await Ok(browser.PostAsJsonAsync("/api/keys", new { current_password = Password }));
        // A regulator in a browser session needs its own password too to add a login or set another's password.
        Assert.Null(await s.AddPersonAsync("rita", Role.Regulator, Password));
        using var ritaBrowser = s.Anonymous();
        await Ok(ritaBrowser.PostAsJsonAsync("/api/session", new { name = "rita", password = Password }));
        using (var bareUser = await ritaBrowser.PostAsJsonAsync("/api/users", new { name = "mallet", role = "investor", password = Password }))
            await AssertProblem(bareUser, HttpStatusCode.UnprocessableEntity, "current_password_required");
        using (var bareReset = await ritaBrowser.PutAsJsonAsync("/api/users/alice/password", new { password = "a reset long passphrase" }))
            await AssertProblem(bareReset, HttpStatusCode.UnprocessableEntity, "current_password_required");
        await Ok(ritaBrowser.PostAsJsonAsync("/api/users", new { name = "mallet", role = "investor", password = Password, current_password = Password }));
        // A whole key sent where its id goes is refused before the engine: the journal never holds it.
        var seq = await s.JournalSeqAsync();
        using (var pasted = await ritaBrowser.DeleteAsync("/api/keys/oets_3632e1830121_7eZzspZq6bpsR0xVMhNOWsX"))
            await AssertProblem(pasted, HttpStatusCode.UnprocessableEntity, "invalid_id");
        Assert.Equal(seq, await s.JournalSeqAsync());
        // Reset behind the server's back (through the engine, as the host or an approved proposal does): the session still
        // ends at its next request.
        Assert.Null(await s.Market.SetPasswordAsync("alice", "a reset long passphrase"));
        using var ended = await browser.GetAsync("/api/session");
        await AssertProblem(ended, HttpStatusCode.Unauthorized, "not_authenticated");
    }

    [Theory]
    [InlineData("/api/keys/oets_3632e1830121_7eZzspZq6bpsR0xVMhNOWsX", "/api/keys/oets_3632e1830121_(redacted)")]
    [InlineData("/api/keys/3632e1830121", "/api/keys/3632e1830121")]
    [InlineData("/x/oets_", "/x/oets__(redacted)")]
    public void A_whole_key_put_into_a_path_is_cut_after_its_id_in_the_request_log(string path, string logged) =>
        Assert.Equal(logged, Http.RequestLog.Redacted(path));

    [Fact]
    public async Task Health_is_503_once_the_engine_stopped_after_a_storage_failure()
    {
        await using var s = await StartAsync(new SqliteSource());
        using var anonymous = s.Anonymous();
        Assert.Equal("ok", (await Ok(anonymous.GetAsync("/health"))).GetProperty("status").GetString());
        // The storage goes away under the engine: its next write fails, and it stops rather than run ahead of the disk.
        s.Market.Engine.Journal.Dispose();
        using var regulator = s.As("regulator");
        using (var write = await regulator.PostAsJsonAsync("/api/deposits", new { account_id = "IVY-1", amount_fen = 1 }))
            await AssertProblem(write, HttpStatusCode.ServiceUnavailable, "engine_stopped");
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("engine_stopped", (await health.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("status").GetString());
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
        Assert.Null(await s.AddPersonAsync("reg", Role.Regulator, Password));
        using var reg = await WebVisitor.LogInAsync(s, "reg", Password);
        using var forged = await reg.Http.PostAsync("/exchange-desk/days/CEA21/halt", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "x" }));
        await AssertProblem(forged, HttpStatusCode.BadRequest, "antiforgery_failed");
    }
}
