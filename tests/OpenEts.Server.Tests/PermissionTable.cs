// Runs a permission table: every endpoint × every caller, each answer reduced to a letter
// (A allowed 2xx, D 403, U 401, table-specific letters, else the status class digit), all mismatches reported at once.
using System.Net;
using System.Net.Http.Json;

namespace OpenEts.Server.Tests;

/// <summary>The shared runner of the API permission tables.</summary>
public static class PermissionTable
{
    /// <summary>Sends every row as every caller and asserts the table's letters.</summary>
    public static async Task AssertAsync(
        IEnumerable<(string Endpoint, string Expected)> table,
        string[] callers,
        Func<string, HttpClient> client,
        Func<string, string, object?> body,
        IReadOnlyDictionary<HttpStatusCode, char>? letters = null,
        Func<string, string, string>? path = null)
    {
        var failures = new List<string>();
        foreach (var (endpoint, expected) in table)
        {
            Assert.Equal(callers.Length, expected.Length);
            for (var i = 0; i < callers.Length; i++)
            {
                var who = callers[i];
                using var http = client(who);
                var parts = endpoint.Split(' ');
                using var request = new HttpRequestMessage(new HttpMethod(parts[0]), path?.Invoke(parts[1], who) ?? parts[1]);
                if (parts[0] == "POST" && body(endpoint, who) is { } content)
                    request.Content = JsonContent.Create(content);
                using var response = await http.SendAsync(request);
                var got = Letter(response.StatusCode, letters);
                if (got != expected[i])
                    failures.Add($"{endpoint} as {who}: expected {expected[i]}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static char Letter(HttpStatusCode status, IReadOnlyDictionary<HttpStatusCode, char>? letters) => status switch
    {
        _ when letters is not null && letters.TryGetValue(status, out var letter) => letter,
        HttpStatusCode.Forbidden => 'D',
        HttpStatusCode.Unauthorized => 'U',
        var c when (int)c is >= 200 and < 300 => 'A',
        var c => (char)('0' + (int)c / 100),
    };
}
