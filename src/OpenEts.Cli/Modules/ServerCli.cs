// The server's commands on the CLI: serve, and user add / user key for the first identities
// (no default passwords: a password comes on stdin, an API key is printed once).
using System.ComponentModel;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server;
using OpenEts.Server.Identity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers the server's CLI commands.</summary>
public static class ServerCli
{
    /// <summary>Adds the module's commands.</summary>
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ServeCommand>("serve").WithDescription("Run the HTTP API, OpenAPI reference and dashboard on the database.");
        config.AddBranch("user", b =>
        {
            b.SetDescription("People and machines that use the server.");
            b.AddCommand<UserAddCommand>("add").WithDescription("Give a person a role and a temporary password (read from stdin).");
            b.AddCommand<UserKeyCommand>("key").WithDescription("Give an identity a role and a new API key (printed once).");
            b.AddCommand<UserPasswordCommand>("password").WithDescription("Set a person's password (read from stdin) and clear a lockout.");
            b.AddCommand<UserKeysCommand>("keys").WithDescription("List API keys by key id, those revoked too (never a key or its hash).");
            b.AddCommand<UserRevokeKeyCommand>("revoke-key").WithDescription("Revoke an API key by its key id: it authenticates nothing from then on.");
        });
    }

    /// <summary>Adds the module's benchmarks under "bench".</summary>
    public static void RegisterBench(IConfigurator<CommandSettings> bench)
    {
        bench.AddCommand<BenchHttpCommand>("http").WithDescription("Requests/s and p50/p99 latency of transfers and dashboard reads through the HTTP server on loopback.");
    }

    /// <summary>Parses a role name: "regulator", "registry_operator", "covered-entity"...</summary>
    public static Role ParseRole(string text)
    {
        var plain = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse<Role>(plain, ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : throw CliException.BadInput($"'{text}' is not a role; one of: {string.Join(", ", Enum.GetNames<Role>())}.");
    }
}

/// <summary>Settings of serve.</summary>
public sealed class ServeSettings : CommandSettings
{
    /// <summary>Where to listen.</summary>
    [CommandOption("--urls <URLS>")]
    [Description("Addresses to listen on (default http://127.0.0.1:5080, loopback only).")]
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Let a lone regulator issue, allocate and freeze directly.</summary>
    [CommandOption("--single-approver")]
    [Description("Allow issuance, allocation and freezes without a second regulator's approval (a pilot with one regulator). Default: four-eyes.")]
    public bool SingleApprover { get; init; }

    /// <summary>JSON console logs.</summary>
    [CommandOption("--json-logs")]
    [Description("Write logs as JSON lines (one per request, with method, path, status and milliseconds).")]
    public bool JsonLogs { get; init; }

    /// <summary>OpenTelemetry collector for metrics.</summary>
    [CommandOption("--otlp <URL>")]
    [Description("Export metrics by OTLP/HTTP to this OpenTelemetry collector (e.g. http://127.0.0.1:4318); default: the OTEL_EXPORTER_OTLP_ENDPOINT variable, else none.")]
    public string? Otlp { get; init; }

    /// <summary>Room made in the engine's index of command ids for the commands expected beyond the journal's.</summary>
    [CommandOption("--expected-commands <N>")]
    [Description("Commands the market expects beyond those its journal holds (a busy day's orders), made room for when it opens, so the engine's index of command ids does not grow while they wait; 0 to 100,000,000, default 0 (grows as needed).")]
    public int ExpectedCommands { get; init; }

    /// <summary>Room made in each listing day's index of order ids for the orders a day of one instrument is expected to take.</summary>
    [CommandOption("--expected-orders <N>")]
    [Description("Orders one instrument's listing day is expected to take (a busy day's), made room for in that day's index of order ids when it opens (a day a restart replays or restores: once it has taken 1,024), so the index does not grow during trading (the room is per open instrument, about 28 bytes an order); 0 to 100,000,000, default 0 (grows as needed).")]
    public int ExpectedOrders { get; init; }
}

/// <summary>openets serve.</summary>
public sealed class ServeCommand : AsyncCommand<ServeSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            var otlp = settings.Otlp ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
            Uri? endpoint = null;
            if (!string.IsNullOrWhiteSpace(otlp) && (!Uri.TryCreate(otlp.EndsWith('/') ? otlp : otlp + "/", UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
                throw CliException.BadInput($"--otlp must be an http(s) URL such as http://127.0.0.1:4318, not '{otlp}'.");
            if (settings.ExpectedCommands is < 0 or > OpenEts.Core.EngineOptions.MaxExpectedCommands)
                throw CliException.BadInput($"--expected-commands must be between 0 and {OpenEts.Core.EngineOptions.MaxExpectedCommands:N0}, not {settings.ExpectedCommands}.");
            if (settings.ExpectedOrders is < 0 or > ExchangeModule.MaxExpectedOrdersPerDay)
                throw CliException.BadInput($"--expected-orders must be between 0 and {ExchangeModule.MaxExpectedOrdersPerDay:N0}, not {settings.ExpectedOrders}.");
            var options = new ServerOptions
            {
                FourEyes = !settings.SingleApprover,
                JsonLogs = settings.JsonLogs,
                OtlpEndpoint = endpoint,
                ExpectedCommands = settings.ExpectedCommands,
                Exchange = settings.ExpectedOrders == 0 ? null : new ExchangeModule { ExpectedOrdersPerDay = settings.ExpectedOrders },
            };
            await ServerHost.RunAsync(GlobalOptions.Current.Database, settings.Urls, options, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of user add.</summary>
public sealed class UserAddSettings : CommandSettings
{
    /// <summary>The person's identity name.</summary>
    [CommandArgument(0, "<NAME>")]
    public string Name { get; init; } = "";

    /// <summary>The role.</summary>
    [CommandOption("--role <ROLE>")]
    [Description("regulator, registry_operator, exchange_operator, covered_entity, verifier, validation_body, project_owner, investor.")]
    public string Role { get; init; } = "";

    /// <summary>Read the password from stdin (the only way; flag kept explicit for scripts).</summary>
    [CommandOption("--password-stdin")]
    public bool PasswordStdin { get; init; }
}

/// <summary>openets user add NAME --role ROLE [--password-stdin].</summary>
public sealed class UserAddCommand : AsyncCommand<UserAddSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, UserAddSettings s, CancellationToken cancellationToken)
    {
        var role = ServerCli.ParseRole(s.Role);
        var password = await ReadPasswordAsync(s.PasswordStdin, cancellationToken);
        using var market = await MarketRuntime.OpenAsync(GlobalOptions.Current.Database);
        // Whoever holds the host chose this password, so it is temporary, as the host's resets are: marked so even for the
        // setup regulator's own name (the host acts as it). The demo makes no logins, so a market's first login, this one,
        // opens the change form (or PUT /api/users/NAME/password) and then a session on the person's own password.
        if (await market.AddUserAsync(s.Name, role, password, temporary: true) is { } r)
            throw CliException.Rejected(r.Code, r.Message);
        if (GlobalOptions.Current.Json)
            JsonOut.Write(new { name = s.Name, role, must_change_at_login = true });
        else
            Console.WriteLine($"User '{s.Name}' added as {role}. The password is temporary: '{s.Name}' chooses a new one before logging in (the form at /password, or PUT /api/users/{s.Name}/password).");
        return ExitCodes.Ok;
    }

    /// <summary>A password from stdin (piped, or with --password-stdin), else asked for without echo.</summary>
    internal static async Task<string> ReadPasswordAsync(bool fromStdin, CancellationToken cancellationToken)
    {
        var password = fromStdin || Console.IsInputRedirected
            ? (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r')
            : AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());
        return string.IsNullOrEmpty(password)
            ? throw CliException.BadInput("No password given: pipe it in with --password-stdin.", "weak_password")
            : password;
    }
}

/// <summary>Settings of user password.</summary>
public sealed class UserPasswordSettings : CommandSettings
{
    /// <summary>The person's identity name.</summary>
    [CommandArgument(0, "<NAME>")]
    public string Name { get; init; } = "";

    /// <summary>Read the password from stdin.</summary>
    [CommandOption("--password-stdin")]
    public bool PasswordStdin { get; init; }
}

/// <summary>openets user password NAME [--password-stdin]: on the host, as the setup regulator.</summary>
public sealed class UserPasswordCommand : AsyncCommand<UserPasswordSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, UserPasswordSettings s, CancellationToken cancellationToken)
    {
        var password = await UserAddCommand.ReadPasswordAsync(s.PasswordStdin, cancellationToken);
        using var market = await MarketRuntime.OpenAsync(MarketHost.ExistingDatabase());
        if (await market.SetPasswordAsync(s.Name, password, temporary: true) is { } r)
            throw CliException.Rejected(r.Code, r.Message);
        // Set on the host, the password is temporary: the person chooses a new one before logging in.
        if (GlobalOptions.Current.Json)
            JsonOut.Write(new { name = s.Name, password_set = true, must_change_at_login = true });
        else
            Console.WriteLine($"Password of '{s.Name}' set; a lockout is cleared. It is temporary: '{s.Name}' chooses a new one before logging in (the form at /password, or PUT /api/users/{s.Name}/password).");
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of user keys.</summary>
public sealed class UserKeysSettings : CommandSettings
{
    /// <summary>Only this identity's keys.</summary>
    [CommandArgument(0, "[NAME]")]
    public string? Name { get; init; }
}

/// <summary>openets user keys [NAME].</summary>
public sealed class UserKeysCommand : AsyncCommand<UserKeysSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, UserKeysSettings s, CancellationToken cancellationToken)
    {
        using var market = await MarketRuntime.OpenAsync(MarketHost.ExistingDatabase());
        var keys = await market.ApiKeysAsync(s.Name, cancellationToken);
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { keys = keys.Select(k => new { key_id = k.KeyId, identity = k.Identity, revoked = k.Revoked }) });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("key id", "identity", "status");
        foreach (var k in keys)
            table.AddRow(k.KeyId, Markup.Escape(k.Identity), k.Revoked ? "revoked" : "active");
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of user revoke-key.</summary>
public sealed class UserRevokeKeySettings : CommandSettings
{
    /// <summary>The key id: the 12 hex digits after "oets_".</summary>
    [CommandArgument(0, "<KEY_ID>")]
    public string KeyId { get; init; } = "";
}

/// <summary>openets user revoke-key KEY_ID: on the host, as the setup regulator.</summary>
public sealed class UserRevokeKeyCommand : AsyncCommand<UserRevokeKeySettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, UserRevokeKeySettings s, CancellationToken cancellationToken)
    {
        using var market = await MarketRuntime.OpenAsync(MarketHost.ExistingDatabase());
        if (await market.RevokeApiKeyAsync(s.KeyId) is { } r)
            throw CliException.Rejected(r.Code, r.Message);
        if (GlobalOptions.Current.Json)
            JsonOut.Write(new { key_id = s.KeyId, revoked = true });
        else
            Console.WriteLine($"Key '{s.KeyId}' revoked.");
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of user key.</summary>
public sealed class UserKeySettings : CommandSettings
{
    /// <summary>The identity.</summary>
    [CommandArgument(0, "<NAME>")]
    public string Name { get; init; } = "";

    /// <summary>The role to give if the identity has none.</summary>
    [CommandOption("--role <ROLE>")]
    public string? Role { get; init; }
}

/// <summary>openets user key NAME [--role ROLE]: prints a new API key once.</summary>
public sealed class UserKeyCommand : AsyncCommand<UserKeySettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, UserKeySettings s, CancellationToken cancellationToken)
    {
        Role? role = s.Role is null ? null : ServerCli.ParseRole(s.Role);
        using var market = await MarketRuntime.OpenAsync(GlobalOptions.Current.Database);
        var (key, rejection) = await market.AddApiKeyAsync(s.Name, role);
        if (rejection is { } r)
            throw CliException.Rejected(r.Code, r.Message);
        if (GlobalOptions.Current.Json)
            JsonOut.Write(new { name = s.Name, key });
        else
            Console.WriteLine(key);
        return ExitCodes.Ok;
    }
}
