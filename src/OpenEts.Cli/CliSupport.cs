// Shared pieces of the CLI: exit codes, global options, errors that map to exit codes, JSON output.
using System.Text.Json;
using Spectre.Console.Cli;
using System.Text.Json.Serialization;

namespace OpenEts.Cli;

/// <summary>Exit codes: 0 done, 1 rejected by the rules (code on stderr), 2 bad usage or bad input.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The rules refused the request.</summary>
    public const int Rejected = 1;

    /// <summary>The request was malformed: bad usage, a missing or unreadable file, bad input.</summary>
    public const int BadInput = 2;
}

/// <summary>A failure that ends a command with a given exit code and a message on stderr.</summary>
public sealed class CliException(int exitCode, string? code, string message) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>The stable error code, if the rules gave one.</summary>
    public string? Code { get; } = code;

    /// <summary>Bad usage or bad input (exit 2).</summary>
    public static CliException BadInput(string message, string? code = null) => new(ExitCodes.BadInput, code ?? "bad_input", message);

    /// <summary>Refused by the rules (exit 1).</summary>
    public static CliException Rejected(string code, string message) => new(ExitCodes.Rejected, code, message);
}

/// <summary>Options that every command takes, wherever they stand on the line: --db and --json.</summary>
public sealed record GlobalOptions(string? Db, bool Json, string? Error)
{
    /// <summary>The default database file when --db is not given.</summary>
    public const string DefaultDb = "openets.db";

    /// <summary>The options of this run.</summary>
    public static GlobalOptions Current { get; set; } = new(null, false, null);

    /// <summary>The database to use: --db, else OPENETS_DB, else openets.db.</summary>
    public string Database => Db ?? Environment.GetEnvironmentVariable("OPENETS_DB") ?? DefaultDb;

    /// <summary>Takes --db VALUE (or --db=VALUE) and --json out of the arguments.</summary>
    public static (GlobalOptions Options, string[] Remaining) Extract(string[] args)
    {
        string? db = null;
        var json = false;
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--json")
                json = true;
            else if (a == "--db")
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    return (new GlobalOptions(null, json, "--db needs a value: a file path, or a postgres:// or Host=... connection string."), []);
                db = args[++i];
            }
            else if (a.StartsWith("--db=", StringComparison.Ordinal))
                db = a["--db=".Length..];
            else
                rest.Add(a);
        }
        return (new GlobalOptions(db, json, null), rest.ToArray());
    }
}

/// <summary>Writes machine-readable output: one JSON object, snake_case keys.</summary>
public static class JsonOut
{
    /// <summary>Options for --json output.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes <paramref name="value"/> as JSON to stdout.</summary>
    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}

/// <summary>Settings of commands that take no options of their own.</summary>
public sealed class NoSettings : CommandSettings;
