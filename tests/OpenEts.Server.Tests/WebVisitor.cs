// A person in a browser, without the browser: a cookie jar, the login form, and form posts that carry the
// antiforgery token of the page they come from. Redirects are not followed, so a test sees them.
using System.Net;
using System.Text.RegularExpressions;

namespace OpenEts.Server.Tests;

/// <summary>A logged-in (or anonymous) visitor of the server.</summary>
public sealed partial class WebVisitor : IDisposable
{
    private WebVisitor(Uri server)
    {
        Http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server };
    }

    /// <summary>The client with this visitor's cookies.</summary>
    public HttpClient Http { get; }

    /// <summary>A visitor who has not logged in.</summary>
    public static WebVisitor Anonymous(ServerUnderTest s) => new(s.BaseAddress);

    /// <summary>Logs in through the form; fails the test unless the server redirects.</summary>
    public static async Task<WebVisitor> LogInAsync(ServerUnderTest s, string name, string password)
    {
        var visitor = new WebVisitor(s.BaseAddress);
        using var response = await visitor.PostAsync("/login", "/login", new() { ["name"] = name, ["password"] = password, ["return"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return visitor;
    }

    /// <summary>Opens <paramref name="page"/>, then posts the fields (and the page's antiforgery token) to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string page, string action, Dictionary<string, string> fields)
    {
        var html = await Http.GetStringAsync(page);
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"No form token on {page}.");
        fields["form_token"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await Http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <inheritdoc />
    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"form_token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
