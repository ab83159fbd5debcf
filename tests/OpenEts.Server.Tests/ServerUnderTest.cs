// Starts the real server (Kestrel on a free loopback port) on a fresh database, with an API key for
// one identity of each role, and the accounts and holdings the API tests start from.
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenEts.Registry;

namespace OpenEts.Server.Tests;

/// <summary>Where a test's database lives.</summary>
public interface IDatabaseSource
{
    /// <summary>A new, empty database for one server.</summary>
    Task<string> CreateAsync();
}

/// <summary>A temporary SQLite file.</summary>
public sealed class SqliteSource : IDatabaseSource
{
    /// <inheritdoc />
    public Task<string> CreateAsync() => Task.FromResult(Path.Combine(Path.GetTempPath(), $"openets-server-{Guid.NewGuid():N}.db"));
}

/// <summary>A new database on the PostgreSQL server named by OPENETS_TEST_PG.</summary>
public sealed class PostgresSource : IDatabaseSource
{
    /// <summary>The admin connection string, when set.</summary>
    public static string? AdminConnection => Environment.GetEnvironmentVariable("OPENETS_TEST_PG");

    /// <inheritdoc />
    public async Task<string> CreateAsync()
    {
        var admin = AdminConnection ?? throw new InvalidOperationException("OPENETS_TEST_PG is not set.");
        var name = $"s_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }
}

/// <summary>Skipped when OPENETS_TEST_PG is missing, unless CI=true (then the test runs and fails).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when PostgreSQL is not available outside CI.</summary>
    public PostgresFactAttribute()
    {
        if (PostgresSource.AdminConnection is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "OPENETS_TEST_PG is not set (run scripts/pg.sh's pg_start); CI=true makes this a failure.";
    }
}

/// <summary>A running server with clients for each role.</summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    /// <summary>Identities of the tests, by role; "regulator" and "registry" come from the national setup.</summary>
    public static readonly (string Name, Role Role)[] Identities =
    [
        ("regulator", Role.Regulator), ("registry", Role.RegistryOperator), ("exchange", Role.ExchangeOperator),
        ("acme", Role.CoveredEntity), ("ivy", Role.Investor), ("vera", Role.Verifier),
    ];

    private readonly Dictionary<string, string> _keys = [];

    private ServerUnderTest(WebApplication app, string db, Uri baseAddress, ServerOptions options)
    {
        App = app;
        Database = db;
        BaseAddress = baseAddress;
        Options = options;
    }

    /// <summary>The server's settings (four-eyes on or off).</summary>
    public ServerOptions Options { get; }

    /// <summary>The application.</summary>
    public WebApplication App { get; private set; }

    /// <summary>The database.</summary>
    public string Database { get; }

    /// <summary>The server's address.</summary>
    public Uri BaseAddress { get; private set; }

    /// <summary>The market behind the server.</summary>
    public MarketRuntime Market => App.Services.GetRequiredService<MarketRuntime>();

    /// <summary>
    /// Starts a server on a new database, adds the test identities and the starting books. Four-eyes
    /// is off unless asked for, so tests of other endpoints may issue and freeze directly.
    /// </summary>
    public static async Task<ServerUnderTest> StartAsync(IDatabaseSource source, bool seed = true, bool fourEyes = false, ServerOptions? options = null)
    {
        var db = await source.CreateAsync();
        options ??= new ServerOptions { FourEyes = fourEyes };
        var (app, address) = await Launch(db, options);
        var server = new ServerUnderTest(app, db, address, options);
        if (seed)
            await server.SeedAsync();
        return server;
    }

    /// <summary>Stops the server and starts it again on the same database.</summary>
    public async Task RestartAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        (App, BaseAddress) = await Launch(Database, Options);
    }

    private static async Task<(WebApplication, Uri)> Launch(string db, ServerOptions options)
    {
        var app = await ServerHost.BuildAppAsync(db, "http://127.0.0.1:0", quiet: true, options);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>
    /// A person as they are once they have chosen their own password: added on the host as <c>openets user add</c> does (a
    /// temporary password, which opens no session), then <paramref name="password"/> set as the person itself, the command
    /// the change form and <c>PUT /api/users/{name}/password</c> submit once the temporary one is checked. Returns the
    /// rejection, if any. Tests of the first login itself add the person with <see cref="MarketRuntime.AddUserAsync"/>.
    /// </summary>
    public async Task<OpenEts.Core.Rejection?> AddPersonAsync(string name, Role role, string password) =>
        await Market.AddUserAsync(name, role, "temporary " + password, temporary: true)
        ?? await Market.SetPasswordAsync(name, password, actor: name);

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>A client sending the API key of <paramref name="name"/>.</summary>
    public HttpClient As(string name)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _keys[name]);
        return client;
    }

    /// <summary>Remembers the API key of an identity a test added.</summary>
    public void AddKey(string name, string key) => _keys[name] = key;

    /// <summary>The API key given to <paramref name="name"/>.</summary>
    public string KeyOf(string name) => _keys[name];

    private async Task SeedAsync()
    {
        foreach (var (name, role) in Identities)
        {
            var (key, rejection) = await Market.AddApiKeyAsync(name, role);
            Assert.Null(rejection);
            _keys[name] = key!;
        }
        using var registry = As("registry");
        using var regulator = As("regulator");
        await Ok(registry.PostAsJsonAsync("/api/accounts", new { account_id = "ACME-1", market_id = "cn", holder = "acme", kind = "covered_entity", holder_name = "Acme Power Co." }));
        await Ok(registry.PostAsJsonAsync("/api/accounts", new { account_id = "IVY-1", market_id = "cn", holder = "ivy", kind = "investor" }));
        // Issued through the engine, as the setup regulator (the CLI's way), so the books are the same with four-eyes on.
        var issued = await Market.SubmitAsync("seed-issue-CEA21", MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 1000));
        Assert.Null(issued.Rejection);
        await Ok(regulator.PostAsJsonAsync("/api/transfers", new { from = "cn-ISSUANCE", to = "ACME-1", class_id = "CEA21", quantity = 500 }));
        await Ok(registry.PostAsJsonAsync("/api/deposits", new { account_id = "IVY-1", amount_fen = 100_000 }));
    }

    /// <summary>Asserts a 200 and returns the body.</summary>
    public static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// What an account holds of a class, read through the API as the regulator, who reads every lock (the registry operator
    /// does not see the amounts of standing auction bids' locks).
    /// </summary>
    public async Task<(long Held, long Locked)> HoldingAsync(string account, string classId)
    {
        using var client = As("regulator");
        var detail = await Ok(client.GetAsync($"/api/accounts/{account}"));
        foreach (var h in detail.GetProperty("holdings").EnumerateArray())
        {
            if (h.GetProperty("class_id").GetString() == classId)
                return (h.GetProperty("held").GetInt64(), h.GetProperty("locked").GetInt64());
        }
        return (0, 0);
    }

    /// <summary>The durable journal sequence from /health.</summary>
    public async Task<long> JournalSeqAsync()
    {
        using var client = Anonymous();
        return (await Ok(client.GetAsync("/health"))).GetProperty("journal_seq").GetInt64();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (!Database.Contains('='))
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-lock" })
                File.Delete(Database + suffix);
        }
    }
}
