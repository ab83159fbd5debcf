// Every endpoint × every role, with the expected answer written out: A = allowed (2xx), D = denied
// (403), H = hidden (404: an account the caller may not see), U = unauthenticated (401). The table
// is the specification; the registry's role and holder checks are what enforce it.
using System.Net;
using System.Net.Http.Json;

namespace OpenEts.Server.Tests;

/// <summary>The permission matrix.</summary>
public sealed class PermissionMatrixTests
{
    // Columns: regulator, registry (operator), exchange (operator), acme (covered entity holding ACME-1),
    // ivy (investor holding IVY-1), vera (verifier), anonymous.
    private static readonly string[] Columns = ["regulator", "registry", "exchange", "acme", "ivy", "vera", "anonymous"];

    private static readonly (string Endpoint, string Expected)[] Table =
    [
        ("GET /api/accounts", "AAAAAAU"),
        ("GET /api/accounts/ACME-1", "AAAAHHU"),
        ("GET /api/balances", "AAAAAAU"),
        ("GET /api/session", "AAAAAAU"),
        ("POST /api/accounts", "AADDDDU"),
        ("POST /api/issuances", "ADDDDDU"),
        ("POST /api/deposits", "DADDDDU"),
        ("POST /api/withdrawals", "DADDDDU"),
        ("POST /api/transfers", "DADADDU"),
        ("POST /api/linked-transfers", "DADDDDU"),
        ("POST /api/locks", "DADADDU"),
        ("POST /api/locks/{P}/release", "DADDDDU"),
        ("POST /api/surrenders", "D4D4DDU"),
        ("POST /api/cancellations", "DADADDU"),
        ("POST /api/retirements", "DADADDU"),
        ("POST /api/accounts/ACME-1/freeze", "ADDDDDU"),
        ("POST /api/accounts/ACME-1/unfreeze", "ADDDDDU"),
        ("POST /api/accounts/{C}/close", "AADDDDU"),
        ("GET /api/journal", "AADDDDU"),
        ("POST /api/users", "ADDDDDU"),
        ("POST /api/keys", "AAAAAAU"),
    ];

    private static object? Body(string endpoint, string who) => endpoint switch
    {
        "POST /api/accounts" => new { account_id = $"M-{who}", market_id = "cn", holder = $"new-{who}", kind = "investor" },
        "POST /api/issuances" => new { class_id = "CEA21", to_account = "cn-ISSUANCE", quantity = 1 },
        "POST /api/deposits" => new { account_id = "IVY-1", amount_fen = 1 },
        "POST /api/withdrawals" => new { account_id = "IVY-1", amount_fen = 1 },
        "POST /api/transfers" => new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 1 },
        "POST /api/linked-transfers" => new { legs = new object[] { new { from = "ACME-1", to = "IVY-1", class_id = "CEA21", quantity = 1 }, new { from = "IVY-1", to = "ACME-1", class_id = "CNY", quantity = 1 } } },
        "POST /api/locks" => new { lock_id = $"L-{who}", account_id = "ACME-1", class_id = "CEA21", quantity = 1, reason = "escrow" },
        "POST /api/surrenders" => new { account_id = "ACME-1", class_id = "CEA21", quantity = 1, compliance_year = 2021 },
        "POST /api/cancellations" => new { account_id = "ACME-1", class_id = "CEA21", quantity = 1, reason = "Matrix test" },
        "POST /api/retirements" => new { account_id = "ACME-1", class_id = "CEA21", quantity = 1, beneficiary = "Matrix", purpose = "Test" },
        "POST /api/accounts/ACME-1/freeze" => new { reason = "Court order" },
        "POST /api/users" => new { name = $"u-{who}", role = "investor", password = "a long enough password" },
        "POST /api/keys" => new { },
        _ => null,
    };

    [Fact]
    public async Task Every_endpoint_answers_every_role_as_the_table_says()
    {
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource());
        using (var registry = s.As("registry"))
        {
            // A pledge lock per caller, for the release row: the registry operator registered it, so only it releases it.
            foreach (var who in Columns)
                await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/locks", new { lock_id = $"P-{who}", account_id = "ACME-1", class_id = "CEA21", quantity = 1, reason = "pledge" }));
            // An empty account per caller, for the close row.
            foreach (var who in Columns)
                await ServerUnderTest.Ok(registry.PostAsJsonAsync("/api/accounts", new { account_id = $"C-{who}", market_id = "cn", holder = $"holder-{who}", kind = "investor" }));
        }
        await PermissionTable.AssertAsync(Table, Columns, who => who == "anonymous" ? s.Anonymous() : s.As(who), Body,
            new Dictionary<HttpStatusCode, char> { [HttpStatusCode.NotFound] = 'H' },
            (path, who) => path.Replace("{P}", $"P-{who}", StringComparison.Ordinal).Replace("{C}", $"C-{who}", StringComparison.Ordinal));
    }
}
