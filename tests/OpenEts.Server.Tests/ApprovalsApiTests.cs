// Four-eyes approvals through the real server: issuance and freezes run only after a different
// regulator approves; the proposer cannot approve; a refused or failing step changes nothing; every
// step is in the journal with who, when and from where.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenEts.Registry;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

/// <summary>Propose, approve, reject, list and trail.</summary>
public sealed class ApprovalsApiTests
{
    // Columns as in the permission matrix: regulator, registry, exchange, acme, ivy, vera, anonymous.
    private static readonly string[] Columns = ["regulator", "registry", "exchange", "acme", "ivy", "vera", "anonymous"];

    private static readonly (string Endpoint, string Expected)[] Table =
    [
        ("POST /api/proposals", "ADDDDDU"),
        ("GET /api/proposals", "AADDDDU"),
        ("GET /api/proposals/P-1", "AADDDDU"),
        ("POST /api/proposals/P-1/approve", "ADDDDDU"),
        ("POST /api/proposals/P-2/reject", "ADDDDDU"),
    ];

    private static async Task<ServerUnderTest> StartWithSecondRegulator()
    {
        var s = await StartAsync(new SqliteSource(), fourEyes: true);
        var (key, rejection) = await s.Market.AddApiKeyAsync("rita", Role.Regulator);
        Assert.Null(rejection);
        s.AddKey("rita", key!);
        return s;
    }

    private static object IssueProposal(string classId, long quantity, string to = "cn-ISSUANCE", string? note = null) =>
        new { kind = "registry.issue", action = new { class_id = classId, to_account = to, quantity }, note };

    private static async Task<(HttpStatusCode Status, string? Code)> Call(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (body.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            code = JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
        return (response.StatusCode, code);
    }

    private static async Task<long> IssuedAsync(ServerUnderTest s, string classId)
    {
        using var regulator = s.As("regulator");
        var balances = await Ok(regulator.GetAsync("/api/balances"));
        return balances.EnumerateArray().Single(b => b.GetProperty("class_id").GetString() == classId).GetProperty("issued").GetInt64();
    }

    [Fact]
    public async Task Issuance_runs_only_after_a_different_regulator_approves()
    {
        await using var s = await StartWithSecondRegulator();
        using var regulator = s.As("regulator");
        using var rita = s.As("rita");

        Assert.Equal((HttpStatusCode.Forbidden, "four_eyes_required"),
            await Call(regulator.PostAsJsonAsync("/api/issuances", new { class_id = "CEA22", to_account = "cn-ISSUANCE", quantity = 2000 })));
        Assert.Equal(0, await IssuedAsync(s, "CEA22"));

        var proposed = await Ok(regulator.PostAsJsonAsync("/api/proposals", IssueProposal("CEA22", 2000, note: "2022 allocation, first batch")));
        var made = proposed.GetProperty("events")[0];
        Assert.Equal("approvals.proposal_made", made.GetProperty("$type").GetString());
        Assert.Equal("P-1", made.GetProperty("proposal_id").GetString());
        Assert.Equal(0, await IssuedAsync(s, "CEA22"));

        var pending = await Ok(rita.GetAsync("/api/proposals"));
        var listed = Assert.Single(pending.EnumerateArray());
        Assert.Equal("registry.issue", listed.GetProperty("kind").GetString());
        Assert.Equal(2000, listed.GetProperty("action").GetProperty("quantity").GetInt64());
        Assert.Equal("regulator", listed.GetProperty("proposer").GetString());

        var seqBefore = await s.JournalSeqAsync();
        Assert.Equal((HttpStatusCode.Forbidden, "same_approver"), await Call(regulator.PostAsync("/api/proposals/P-1/approve", null)));
        Assert.Equal(0, await IssuedAsync(s, "CEA22"));
        Assert.Equal(seqBefore + 1, await s.JournalSeqAsync()); // the refusal is journaled, nothing else

        var approved = await Ok(rita.PostAsync("/api/proposals/P-1/approve", null));
        var kinds = approved.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("$type").GetString()).ToList();
        Assert.Equal(["registry.units_issued", "approvals.proposal_approved"], kinds);
        Assert.Equal(2000, await IssuedAsync(s, "CEA22"));
        Assert.Equal((2000, 0), await s.HoldingAsync("cn-ISSUANCE", "CEA22"));

        Assert.Equal((HttpStatusCode.Conflict, "proposal_closed"), await Call(rita.PostAsync("/api/proposals/P-1/approve", null)));
        Assert.Equal((HttpStatusCode.NotFound, "unknown_proposal"), await Call(rita.PostAsync("/api/proposals/P-9/approve", null)));
        Assert.Equal(2000, await IssuedAsync(s, "CEA22"));
        Assert.Empty((await Ok(rita.GetAsync("/api/proposals"))).EnumerateArray());

        // The trail from the journal: who proposed, who was refused, who approved, from which address.
        var trail = (await Ok(regulator.GetAsync("/api/journal?after=0&limit=500"))).GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString()!.StartsWith("approvals.", StringComparison.Ordinal))
            .Select(e => (Kind: e.GetProperty("kind").GetString(), Actor: e.GetProperty("actor").GetString(), Accepted: e.GetProperty("accepted").GetBoolean(),
                Code: e.GetProperty("code").GetString(), From: e.GetProperty("client_address").GetString()))
            .ToList();
        Assert.Equal(
            [
                ("approvals.propose", "regulator", true, null, "127.0.0.1"),
                ("approvals.approve", "regulator", false, "same_approver", "127.0.0.1"),
                ("approvals.approve", "rita", true, null, "127.0.0.1"),
                ("approvals.approve", "rita", false, "proposal_closed", "127.0.0.1"),
                ("approvals.approve", "rita", false, "unknown_proposal", "127.0.0.1"),
            ],
            trail);

        // Folded from the journal again after a restart: same proposal, same books.
        await s.RestartAsync();
        using var again = s.As("registry");
        var p1 = await Ok(again.GetAsync("/api/proposals/P-1"));
        Assert.Equal("approved", p1.GetProperty("status").GetString());
        Assert.Equal("rita", p1.GetProperty("decided_by").GetString());
        Assert.Equal("127.0.0.1", p1.GetProperty("decided_from").GetString());
        Assert.Equal("2022 allocation, first batch", p1.GetProperty("note").GetString());
        Assert.Equal(2000, await IssuedAsync(s, "CEA22"));
    }

    [Fact]
    public async Task A_rejected_freeze_never_freezes_and_an_approved_one_does()
    {
        await using var s = await StartWithSecondRegulator();
        using var regulator = s.As("regulator");
        using var rita = s.As("rita");
        using var acme = s.As("acme");
        var freeze = new { kind = "registry.freeze_account", action = new { account_id = "ACME-1", reason = "Court order 2024-17" } };

        Assert.Equal((HttpStatusCode.Forbidden, "four_eyes_required"), await Call(regulator.PostAsJsonAsync("/api/accounts/ACME-1/freeze", new { reason = "Court order" })));
        await Ok(regulator.PostAsJsonAsync("/api/proposals", freeze));
        await Ok(acme.PostAsJsonAsync("/api/transfers", new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 10 }));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid_reason"), await Call(rita.PostAsJsonAsync("/api/proposals/P-1/reject", new { reason = " " })));
        await Ok(rita.PostAsJsonAsync("/api/proposals/P-1/reject", new { reason = "The order names another company." }));
        Assert.Equal((HttpStatusCode.Conflict, "proposal_closed"), await Call(rita.PostAsync("/api/proposals/P-1/approve", null)));
        await Ok(acme.PostAsJsonAsync("/api/transfers", new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 10 }));
        Assert.Equal((480, 0), await s.HoldingAsync("ACME-1", "CEA21"));

        await Ok(rita.PostAsJsonAsync("/api/proposals", freeze));
        await Ok(regulator.PostAsync("/api/proposals/P-2/approve", null));
        Assert.Equal((HttpStatusCode.Conflict, "account_frozen"),
            await Call(acme.PostAsJsonAsync("/api/transfers", new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 10 })));
        Assert.Equal((480, 0), await s.HoldingAsync("ACME-1", "CEA21"));
        var account = await Ok(regulator.GetAsync("/api/accounts/ACME-1"));
        Assert.Equal("Court order 2024-17", account.GetProperty("account").GetProperty("frozen_reason").GetString());

        var all = (await Ok(regulator.GetAsync("/api/proposals?status=all"))).EnumerateArray()
            .Select(p => (p.GetProperty("proposal_id").GetString(), p.GetProperty("status").GetString(), p.GetProperty("proposer").GetString(), p.GetProperty("decided_by").GetString())).ToList();
        Assert.Equal([("P-1", "rejected", "regulator", "rita"), ("P-2", "approved", "rita", "regulator")], all);
    }

    [Fact]
    public async Task A_proposal_whose_command_fails_stays_pending_and_the_code_comes_back()
    {
        await using var s = await StartWithSecondRegulator();
        using var regulator = s.As("regulator");
        using var rita = s.As("rita");
        await Ok(regulator.PostAsJsonAsync("/api/proposals", IssueProposal("CEA22", 500, to: "NO-SUCH-ACCOUNT")));
        await Ok(regulator.PostAsJsonAsync("/api/proposals", IssueProposal("CEA22", 500, to: "ACME-1")));

        Assert.Equal((HttpStatusCode.NotFound, "unknown_account"), await Call(rita.PostAsync("/api/proposals/P-1/approve", null)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "not_issuance_account"), await Call(rita.PostAsync("/api/proposals/P-2/approve", null)));
        Assert.Equal(0, await IssuedAsync(s, "CEA22"));
        var pending = (await Ok(rita.GetAsync("/api/proposals"))).EnumerateArray().Select(p => p.GetProperty("proposal_id").GetString()).ToList();
        Assert.Equal(["P-1", "P-2"], pending);

        // The proposer withdraws their own proposal.
        await Ok(regulator.PostAsJsonAsync("/api/proposals/P-1/reject", new { reason = "Wrong account." }));
        Assert.Equal(["P-2"], (await Ok(rita.GetAsync("/api/proposals"))).EnumerateArray().Select(p => p.GetProperty("proposal_id").GetString()).ToList());
    }

    [Fact]
    public async Task Bad_proposals_get_problems_and_change_nothing()
    {
        await using var s = await StartWithSecondRegulator();
        using var regulator = s.As("regulator");
        var seq = await s.JournalSeqAsync();

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "not_proposable"),
            await Call(regulator.PostAsJsonAsync("/api/proposals", new { kind = "registry.transfer", action = new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 1 } })));
        Assert.Equal((HttpStatusCode.BadRequest, "missing_field"),
            await Call(regulator.PostAsJsonAsync("/api/proposals", new { kind = "registry.issue", action = new { class_id = "CEA22", to_account = "cn-ISSUANCE" } })));
        Assert.Equal((HttpStatusCode.BadRequest, "unknown_field"),
            await Call(regulator.PostAsJsonAsync("/api/proposals", new { kind = "registry.issue", action = new { class_id = "CEA22", to_account = "cn-ISSUANCE", quantity = 1, extra = 1 } })));
        Assert.Equal((HttpStatusCode.BadRequest, "unknown_field"),
            await Call(regulator.PostAsJsonAsync("/api/proposals", new Dictionary<string, object> { ["kind"] = "registry.issue", ["action"] = new Dictionary<string, object> { ["$type"] = "registry.transfer", ["quantity"] = 1 } })));
        Assert.Equal((HttpStatusCode.BadRequest, "number_out_of_range"),
            await Call(regulator.PostAsync("/api/proposals", new StringContent("""{"kind":"registry.issue","action":{"class_id":"CEA22","to_account":"cn-ISSUANCE","quantity":1e30}}""", System.Text.Encoding.UTF8, "application/json"))));
        Assert.Equal((HttpStatusCode.BadRequest, "malformed_json"),
            await Call(regulator.PostAsJsonAsync("/api/proposals", new { kind = "registry.issue", action = 5 })));
        Assert.Equal(seq, await s.JournalSeqAsync()); // malformed proposals never reach the engine

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid_note"),
            await Call(regulator.PostAsJsonAsync("/api/proposals", IssueProposal("CEA22", 1, note: new string('x', 501)))));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid_status"), await Call(regulator.GetAsync("/api/proposals?status=maybe")));
        Assert.Empty((await Ok(regulator.GetAsync("/api/proposals?status=all"))).EnumerateArray());
        Assert.Equal(0, await IssuedAsync(s, "CEA22"));
    }

    [Fact]
    public async Task Every_approval_endpoint_answers_every_role_as_the_table_says()
    {
        await using var s = await StartWithSecondRegulator();
        using (var rita = s.As("rita"))
        {
            // P-1 and P-2 are rita's, so the regulator column may approve and reject them; the rest are spares.
            for (var i = 0; i < 8; i++)
                await Ok(rita.PostAsJsonAsync("/api/proposals", IssueProposal("CEA23", 1)));
        }
        var failures = new List<string>();
        foreach (var (endpoint, expected) in Table)
        {
            for (var col = 0; col < Columns.Length; col++)
            {
                var who = Columns[col];
                using var client = who == "anonymous" ? s.Anonymous() : s.As(who);
                var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
                var body = endpoint switch
                {
                    "POST /api/proposals" => (object)IssueProposal("CEA23", 1),
                    "POST /api/proposals/P-2/reject" => new { reason = "Matrix test" },
                    _ => null,
                };
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
                using var response = await client.SendAsync(request);
                var got = (int)response.StatusCode switch
                {
                    >= 200 and < 300 => 'A',
                    403 => 'D',
                    401 => 'U',
                    _ => '?',
                };
                if (got != expected[col])
                    failures.Add($"{endpoint} as {who}: expected {expected[col]}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.Empty(failures);
    }
}
