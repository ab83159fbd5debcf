// The API suite, run through a real server on loopback against SQLite and PostgreSQL: happy paths,
// problem details for bad input and rejections, idempotency, identities that survive a restart.
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

/// <summary>Scenarios shared by the SQLite and PostgreSQL test classes.</summary>
public static class ApiSuite
{
    /// <summary>Transfers, linked transfers, locks, surrender, cancellation, retirement, balances and the audit trail.</summary>
    public static async Task HappyPaths(IDatabaseSource source)
    {
        await using var s = await StartAsync(source);
        using var acme = s.As("acme");
        using var registry = s.As("registry");
        using var regulator = s.As("regulator");
        Assert.Equal((500, 0), await s.HoldingAsync("ACME-1", "CEA21"));

        var moved = await Ok(acme.PostAsJsonAsync("/api/transfers", new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 100 }));
        Assert.True(moved.GetProperty("seq").GetInt64() > 0);
        Assert.Equal("registry.units_transferred", moved.GetProperty("events")[0].GetProperty("$type").GetString());
        Assert.Equal((400, 0), await s.HoldingAsync("ACME-1", "CEA21"));
        Assert.Equal((100, 0), await s.HoldingAsync("IVY-1", "CEA21"));

        // Delivery versus payment: 50 t against 5,000.00 yuan, both legs or neither.
        await Ok(registry.PostAsJsonAsync("/api/linked-transfers", new
        {
            legs = new object[]
            {
                new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 50 },
                new { from = "IVY-1", to = "ACME-1", class_id = "CNY", quantity = 500_000 - 400_000 },
            },
        }));
        Assert.Equal((350, 0), await s.HoldingAsync("ACME-1", "CEA21"));
        Assert.Equal((100_000, 0), await s.HoldingAsync("ACME-1", "CNY"));
        Assert.Equal((0, 0), await s.HoldingAsync("IVY-1", "CNY"));

        await Ok(acme.PostAsJsonAsync("/api/locks", new { lock_id = "ESCROW-1", account_id = "ACME-1", class_id = "CEA21", quantity = 30, reason = "escrow" }));
        Assert.Equal((350, 30), await s.HoldingAsync("ACME-1", "CEA21"));
        var account = await Ok(acme.GetAsync("/api/accounts/ACME-1"));
        Assert.Equal("ESCROW-1", account.GetProperty("locks")[0].GetProperty("lock_id").GetString());
        await Ok(acme.PostAsync("/api/locks/ESCROW-1/release", null));
        Assert.Equal((350, 0), await s.HoldingAsync("ACME-1", "CEA21"));
        // A pledge is the registry operator's to register and to release; its holder cannot undo it.
        await Ok(registry.PostAsJsonAsync("/api/locks", new { lock_id = "PLEDGE-1", account_id = "ACME-1", class_id = "CEA21", quantity = 30, reason = "pledge" }));
        using (var undo = await acme.PostAsync("/api/locks/PLEDGE-1/release", null))
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, undo.StatusCode);
        await Ok(registry.PostAsync("/api/locks/PLEDGE-1/release", null));
        Assert.Equal((350, 0), await s.HoldingAsync("ACME-1", "CEA21"));

        // Cash paid out through a settlement bank, and an empty account closed, by the registry operator.
        using (var own = await acme.PostAsJsonAsync("/api/withdrawals", new { account_id = "ACME-1", amount_fen = 40_000 }))
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        await Ok(registry.PostAsJsonAsync("/api/withdrawals", new { account_id = "ACME-1", amount_fen = 40_000 }));
        Assert.Equal((60_000, 0), await s.HoldingAsync("ACME-1", "CNY"));
        // One account per holder in a market (the registration rules): ivy has IVY-1, so a second one is refused.
        using (var second = await registry.PostAsJsonAsync("/api/accounts", new { account_id = "SPARE-1", market_id = "cn", holder = "ivy", kind = "investor" }))
            Assert.Contains("'ivy' already holds IVY-1 in cn", (await AssertProblem(second, HttpStatusCode.Conflict, "holder_has_account")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var none = await registry.GetAsync("/api/accounts/SPARE-1"))
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        await Ok(registry.PostAsJsonAsync("/api/accounts", new { account_id = "SPARE-1", market_id = "cn", holder = "spare-holder", kind = "investor" }));
        using (var notEmpty = await registry.PostAsync("/api/accounts/ACME-1/close", null))
            Assert.Equal("account_not_empty", (await notEmpty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var closing = await Ok(registry.PostAsync("/api/accounts/SPARE-1/close", null));
        Assert.Equal("registry.account_closed", closing.GetProperty("events")[0].GetProperty("$type").GetString());
        Assert.True((await Ok(registry.GetAsync("/api/accounts/SPARE-1"))).GetProperty("account").GetProperty("closed").GetBoolean());
        using (var intoClosed = await registry.PostAsJsonAsync("/api/transfers", new { from = "ACME-1", to = "SPARE-1", class_id = "CEA21", quantity = 1 }))
            Assert.Equal("account_closed", (await intoClosed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        // The server runs the compliance cycle: a surrender for a year goes through it, never straight to the registry.
        using (var raw = await acme.PostAsJsonAsync("/api/surrenders", new { account_id = "ACME-1", class_id = "CEA21", quantity = 200, compliance_year = 2021 }))
            await AssertProblem(raw, HttpStatusCode.Conflict, "surrender_through_cycle");
        await Ok(acme.PostAsJsonAsync("/api/cancellations", new { account_id = "ACME-1", class_id = "CEA21", quantity = 10, reason = "Voluntary cancellation" }));
        await Ok(acme.PostAsJsonAsync("/api/retirements", new { account_id = "ACME-1", class_id = "CEA21", quantity = 40, beneficiary = "Acme Power Co.", purpose = "2021 claim" }));
        Assert.Equal((300, 0), await s.HoldingAsync("ACME-1", "CEA21"));
        Assert.Equal((0, 0), await s.HoldingAsync("cn-SURRENDER", "CEA21"));
        Assert.Equal((10, 0), await s.HoldingAsync("cn-CANCELLATION", "CEA21"));
        Assert.Equal((40, 0), await s.HoldingAsync("cn-RETIREMENT", "CEA21"));

        var balances = await Ok(acme.GetAsync("/api/balances"));
        var cea21 = balances.EnumerateArray().Single(b => b.GetProperty("class_id").GetString() == "CEA21");
        Assert.Equal(1000, cea21.GetProperty("issued").GetInt64());
        Assert.Equal(300, cea21.GetProperty("held_by_visible_accounts").GetInt64());

        var mine = await Ok(acme.GetAsync("/api/accounts"));
        Assert.Equal("ACME-1", Assert.Single(mine.EnumerateArray()).GetProperty("account_id").GetString());

        var trail = await Ok(regulator.GetAsync("/api/journal?limit=500&after=0"));
        var entries = trail.GetProperty("entries").EnumerateArray().ToList();
        var transfer = entries.Single(e => e.GetProperty("actor").GetString() == "acme" && e.GetProperty("kind").GetString() == "registry.transfer");
        Assert.True(transfer.GetProperty("accepted").GetBoolean());
        Assert.Equal(100, transfer.GetProperty("command").GetProperty("quantity").GetInt64());
        Assert.All(entries.Where(e => e.GetProperty("kind").GetString()!.StartsWith("identity.", StringComparison.Ordinal)),
            e => Assert.Equal(JsonValueKind.Null, e.GetProperty("command").ValueKind));
        Assert.Equal(trail.GetProperty("head").GetInt64(), entries[^1].GetProperty("seq").GetInt64());

        using var anon = s.Anonymous();
        Assert.Equal("ok", (await Ok(anon.GetAsync("/health"))).GetProperty("status").GetString());
        var openapi = await anon.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/transfers", openapi, StringComparison.Ordinal);
        Assert.Contains("/api/linked-transfers", openapi, StringComparison.Ordinal);
        using var scalar = await anon.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        var metrics = await anon.GetStringAsync("/metrics");
        Assert.Contains("openets_journal_batches_total ", metrics, StringComparison.Ordinal);
        Assert.Matches(@"openets_commands_total [1-9]\d*", metrics);
        if (source is SqliteSource)
        {
            // The write-ahead log's size after the latest commit: whole frames of the journal's pages, each with its 24-byte header.
            var log = long.Parse(System.Text.RegularExpressions.Regex.Match(metrics, @"\nopenets_journal_log_bytes (\d+)\n").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(log > 0 && log % (OpenEts.Journal.SqliteJournal.PageSize + 24) == 0, $"log bytes {log}");
            Assert.Contains("\nopenets_journal_checkpoint_failing 0\n", metrics, StringComparison.Ordinal);
        }
    }

    /// <summary>Every kind of malformed request gets a 4xx problem with a stable code, and changes nothing.</summary>
    public static async Task BadInput(IDatabaseSource source)
    {
        await using var s = await StartAsync(source);
        using var acme = s.As("acme");
        var seq = await s.JournalSeqAsync();

        async Task Expect(HttpContent content, HttpStatusCode status, string code)
        {
            using var response = await acme.PostAsync("/api/transfers", content);
            await AssertProblem(response, status, code);
        }

        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
        await Expect(Json("{\"from\":\"ACME-1\",\"to\":"), HttpStatusCode.BadRequest, "malformed_json");
        await Expect(Json("{\"from\":\"ACME-1\",\"to\":\"IVY-1\",\"class_id\":\"CEA21\",\"quantity\":99999999999999999999999}"), HttpStatusCode.BadRequest, "number_out_of_range");
        await Expect(Json("{\"from\":\"ACME-1\",\"to\":\"IVY-1\",\"class_id\":\"CEA21\",\"quantity\":1.5}"), HttpStatusCode.BadRequest, "number_out_of_range");
        await Expect(Json("{\"from\":\"ACME-1\",\"to\":\"IVY-1\",\"class_id\":\"CEA21\",\"quantity\":1,\"admin\":true}"), HttpStatusCode.BadRequest, "unknown_field");
        await Expect(Json("{\"from\":\"ACME-1\",\"to\":\"IVY-1\",\"quantity\":1}"), HttpStatusCode.BadRequest, "missing_field");
        await Expect(Json("{\"from\":\"ACME-1\",\"to\":\"IVY-1\",\"class_id\":\"CEA21\",\"quantity\":\"1\"}"), HttpStatusCode.BadRequest, "malformed_json");
        await Expect(new StringContent("from=ACME-1", Encoding.UTF8, "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        var huge = "{\"from\":\"ACME-1\",\"to\":\"IVY-1\",\"class_id\":\"CEA21\",\"quantity\":1,\"pad\":\"" + new string('x', 200_000) + "\"}";
        // A well-behaved client announces a large body (Expect: 100-continue) and sends it only if the
        // server does not refuse at once; without it, the server's early 413 races the upload.
        using (var oversized = new HttpRequestMessage(HttpMethod.Post, "/api/transfers") { Content = Json(huge) })
        {
            oversized.Headers.ExpectContinue = true;
            using var response = await acme.SendAsync(oversized);
            await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        }
        // A body sent chunked, with no declared length, is cut off at the limit while the endpoint reads it: the same problem.
        // Its padding is whitespace before the object, so no other fault (an unknown field) can be found before the limit.
        var justOver = new string(' ', 70_000) + "{\"from\":\"ACME-1\",\"to\":\"IVY-1\",\"class_id\":\"CEA21\",\"quantity\":1}";
        using (var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/transfers") { Content = Json(justOver) })
        {
            chunked.Headers.TransferEncodingChunked = true;
            using var response = await acme.SendAsync(chunked);
            await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        }
        using (var bad = await acme.PostAsJsonAsync("/api/locks", new { lock_id = "L1", account_id = "ACME-1", class_id = "CEA21", quantity = 1, reason = "whim" }))
            await AssertProblem(bad, HttpStatusCode.BadRequest, "malformed_json");

        Assert.Equal(seq, await s.JournalSeqAsync());
        Assert.Equal((500, 0), await s.HoldingAsync("ACME-1", "CEA21"));

        // Rejections by the rules: problem details with the engine's code; the books do not move.
        async Task Rejected(object body, HttpStatusCode status, string code)
        {
            using var response = await acme.PostAsJsonAsync("/api/transfers", body);
            var problem = await AssertProblem(response, status, code);
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        }

        await Rejected(new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 501 }, HttpStatusCode.Conflict, "insufficient_units");
        await Rejected(new { from = "ACME-1", to = "NOPE-9", class_id = "CEA21", quantity = 1 }, HttpStatusCode.NotFound, "unknown_account");
        await Rejected(new { from = "IVY-1", to = "ACME-1", class_id = "CNY", quantity = 1 }, HttpStatusCode.Forbidden, "not_authorized");
        await Rejected(new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 0 }, HttpStatusCode.UnprocessableEntity, "quantity_not_positive");
        await Rejected(new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 2_000_000_000_000_000 }, HttpStatusCode.UnprocessableEntity, "quantity_too_large");
        Assert.Equal((500, 0), await s.HoldingAsync("ACME-1", "CEA21"));

        using var nowhere = await acme.GetAsync("/api/nothing-here");
        await AssertProblem(nowhere, HttpStatusCode.NotFound, "no_such_endpoint");
        using var hidden = await acme.GetAsync("/api/accounts/IVY-1");
        await AssertProblem(hidden, HttpStatusCode.NotFound, "unknown_account");
    }

    /// <summary>Script in text fields is stored as text and never rendered unescaped.</summary>
    public static async Task HostileText(IDatabaseSource source)
    {
        await using var s = await StartAsync(source);
        using var registry = s.As("registry");
        using var acme = s.As("acme");
        const string script = "<script>alert('x')</script>";
        await Ok(registry.PostAsJsonAsync("/api/accounts", new { account_id = "EVIL-1", market_id = "cn", holder = "evil", kind = "investor", holder_name = script }));
        await Ok(acme.PostAsJsonAsync("/api/retirements", new { account_id = "ACME-1", class_id = "CEA21", quantity = 1, beneficiary = script, purpose = "<img src=x onerror=alert(1)>" }));
        using var response = await registry.GetAsync("/api/accounts/EVIL-1");
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        Assert.Equal(script, JsonDocument.Parse(raw).RootElement.GetProperty("account").GetProperty("holder_name").GetString());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());

        using var anon = s.Anonymous();
        var page = await anon.GetStringAsync("/");
        // The only script element is the site's own live-update script; the data's never becomes markup.
        const string own = "<script src=\"/ui/live.js\" defer></script>";
        Assert.Contains(own, page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page.Replace(own, "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("script-src 'self'", string.Join(' ', (await anon.GetAsync("/")).Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("CEA21", page, StringComparison.Ordinal);
    }

    /// <summary>The Idempotency-Key is the command id: a retry returns the first outcome and moves nothing twice.</summary>
    public static async Task Idempotency(IDatabaseSource source)
    {
        await using var s = await StartAsync(source);
        using var acme = s.As("acme");
        async Task<HttpResponseMessage> Send(long quantity, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/transfers")
            {
                Content = JsonContent.Create(new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await acme.SendAsync(request);
        }

        using var first = await Send(70, "order-42");
        using var retry = await Send(70, "order-42");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var a = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var b = JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(a.GetProperty("seq").GetInt64(), b.GetProperty("seq").GetInt64());
        Assert.True(b.GetProperty("replayed").GetBoolean());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((430, 0), await s.HoldingAsync("ACME-1", "CEA21"));

        using var changed = await Send(71, "order-42");
        await AssertProblem(changed, HttpStatusCode.Conflict, "command_id_reused");
        using var badKey = await Send(1, "no spaces allowed");
        await AssertProblem(badKey, HttpStatusCode.BadRequest, "invalid_idempotency_key");

        // A rejected command replays as the same rejection, even after the books would allow it.
        using var tooMuch = await Send(431, "big-1");
        await AssertProblem(tooMuch, HttpStatusCode.Conflict, "insufficient_units");
        using var registry = s.As("registry");
        await Ok(registry.PostAsJsonAsync("/api/transfers", new { from = "IVY-1", to = "ACME-1", class_id = "CEA21", quantity = 70 }));
        using var again = await Send(431, "big-1");
        await AssertProblem(again, HttpStatusCode.Conflict, "insufficient_units");
        Assert.Equal((500, 0), await s.HoldingAsync("ACME-1", "CEA21"));

        await s.RestartAsync();
        using var acme2 = s.As("acme");
        using var request2 = new HttpRequestMessage(HttpMethod.Post, "/api/transfers") { Content = JsonContent.Create(new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 70 }) };
        request2.Headers.Add("Idempotency-Key", "order-42");
        using var afterRestart = await acme2.SendAsync(request2);
        Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
        Assert.Equal(a.GetProperty("seq").GetInt64(), JsonDocument.Parse(await afterRestart.Content.ReadAsStringAsync()).RootElement.GetProperty("seq").GetInt64());
        Assert.Equal((500, 0), await s.HoldingAsync("ACME-1", "CEA21"));
    }

    /// <summary>Passwords and keys: login with a cookie, lockout after five failures, and both survive a restart.</summary>
    public static async Task Identities(IDatabaseSource source)
    {
        await using var s = await StartAsync(source);
        using var regulator = s.As("regulator");
        const string password = "correct horse battery staple", first = "bob's first passphrase";
        await Ok(regulator.PostAsJsonAsync("/api/users", new { name = "alice", role = "investor", password }));
        await Ok(regulator.PostAsJsonAsync("/api/users", new { name = "bob", role = "investor", password = first }));
        using (var weak = await regulator.PostAsJsonAsync("/api/users", new { name = "carol", role = "investor", password = "short" }))
            await AssertProblem(weak, HttpStatusCode.UnprocessableEntity, "weak_password");
        using (var anon = s.Anonymous())
        using (var nokey = await anon.GetAsync("/api/accounts"))
            await AssertProblem(nokey, HttpStatusCode.Unauthorized, "not_authenticated");
        using (var forged = s.Anonymous())
        {
            forged.DefaultRequestHeaders.Authorization = new("Bearer", s.KeyOf("acme")[..^2] + "zz");
            using var denied = await forged.GetAsync("/api/accounts");
            await AssertProblem(denied, HttpStatusCode.Unauthorized, "not_authenticated");
        }

        using var browser = s.Anonymous();
        for (var i = 1; i <= 4; i++)
        {
            using var wrong = await browser.PostAsJsonAsync("/api/session", new { name = "alice", password = "wrong password " + i });
            await AssertProblem(wrong, HttpStatusCode.Unauthorized, "login_failed");
        }
        using (var fifth = await browser.PostAsJsonAsync("/api/session", new { name = "alice", password = "wrong again" }))
            await AssertProblem(fifth, HttpStatusCode.Locked, "login_locked");
        using (var locked = await browser.PostAsJsonAsync("/api/session", new { name = "alice", password }))
            await AssertProblem(locked, HttpStatusCode.Locked, "login_locked");

        // The regulator chose bob's first password: he chooses his own before his first session. (Every password check
        // here counts towards the address's 10 a minute, so the unknown name is tried after the restart.)
        await ChooseOwnPasswordAsync(s, "bob", first, password);
        var me = await Ok(browser.PostAsJsonAsync("/api/session", new { name = "bob", password }));
        Assert.Equal("investor", me.GetProperty("role").GetString());
        Assert.Equal("bob", (await Ok(browser.GetAsync("/api/session"))).GetProperty("name").GetString());
        // A key from a browser session needs the password too (a stolen cookie alone makes no key that outlives it).
        using (var bare = await browser.PostAsJsonAsync("/api/keys", new { }))
            await AssertProblem(bare, HttpStatusCode.UnprocessableEntity, "current_password_required");
        using (var wrongKey = await browser.PostAsJsonAsync("/api/keys", new { current_password = "not bob's password" }))
            await AssertProblem(wrongKey, HttpStatusCode.Forbidden, "wrong_password");
        var bobKey = (await Ok(browser.PostAsJsonAsync("/api/keys", new { current_password = password }))).GetProperty("key").GetString()!;

        await s.RestartAsync();
        using var bobMachine = s.Anonymous();
        bobMachine.DefaultRequestHeaders.Authorization = new("Bearer", bobKey);
        Assert.Equal("bob", (await Ok(bobMachine.GetAsync("/api/session"))).GetProperty("name").GetString());
        using var browser2 = s.Anonymous();
        using (var stillLocked = await browser2.PostAsJsonAsync("/api/session", new { name = "alice", password }))
            await AssertProblem(stillLocked, HttpStatusCode.Locked, "login_locked");
        using (var nobody = await browser2.PostAsJsonAsync("/api/session", new { name = "mallory", password }))
            await AssertProblem(nobody, HttpStatusCode.Unauthorized, "login_failed");
        await Ok(browser2.PostAsJsonAsync("/api/session", new { name = "bob", password }));

        if (!s.Database.Contains('='))
        {
            await s.App.StopAsync();
            var bytes = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(s.Database)) +
                (File.Exists(s.Database + "-wal") ? Encoding.UTF8.GetString(await File.ReadAllBytesAsync(s.Database + "-wal")) : "");
            Assert.DoesNotContain(password, bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(first, bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(bobKey, bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(s.KeyOf("acme"), bytes, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// <paramref name="name"/>, whose password someone else chose (<paramref name="current"/>), chooses <paramref name="own"/>
    /// as a person without a session does: PUT /api/users/{name}/password with the current one, checked as a login is.
    /// </summary>
    public static async Task ChooseOwnPasswordAsync(ServerUnderTest s, string name, string current, string own)
    {
        using var person = s.Anonymous();
        using var changed = await person.PutAsJsonAsync($"/api/users/{name}/password", new { password = own, current_password = current });
        Assert.True(changed.StatusCode == HttpStatusCode.NoContent, $"{(int)changed.StatusCode}: {await changed.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts a problem+json response with the status and code; returns it.</summary>
    public static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
