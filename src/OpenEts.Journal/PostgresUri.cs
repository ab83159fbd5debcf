// Converts a libpq-style URI (postgres://user:pass@host:port/db?sslmode=require) into an Npgsql
// connection string, the way psql reads it.
using System.Globalization;
using Npgsql;

namespace OpenEts.Journal;

/// <summary>Reads <c>postgres://</c> and <c>postgresql://</c> URIs.</summary>
public static class PostgresUri
{
    // libpq query parameters and the Npgsql keyword each becomes.
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
        ["keepalives_idle"] = "Keepalive",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["host"] = "Host",
        ["port"] = "Port",
    };

    private static readonly Dictionary<string, string> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = "Disable",
        ["allow"] = "Allow",
        ["prefer"] = "Prefer",
        ["require"] = "Require",
        ["verify-ca"] = "VerifyCA",
        ["verify-full"] = "VerifyFull",
    };

    /// <summary>True when <paramref name="text"/> starts with postgres:// or postgresql://.</summary>
    public static bool IsUri(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Npgsql connection string for a URI; <see cref="ArgumentException"/> when it is malformed.</summary>
    public static string ToConnectionString(string uri)
    {
        if (!IsUri(uri))
            throw new ArgumentException("A PostgreSQL URI starts with postgres:// or postgresql://.", nameof(uri));
        var rest = uri[(uri.IndexOf("://", StringComparison.Ordinal) + 3)..];
        string? query = null;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        string? database = null;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            database = Decode(rest[(slash + 1)..]);
            rest = rest[..slash];
        }
        var builder = new NpgsqlConnectionStringBuilder();
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var user = rest[..at];
            rest = rest[(at + 1)..];
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Decode(colon >= 0 ? user[..colon] : user);
            if (colon >= 0)
                builder.Password = Decode(user[(colon + 1)..]);
        }
        if (rest.Length > 0)
            SetHosts(builder, rest);
        if (!string.IsNullOrEmpty(database))
            builder.Database = database;
        if (query is not null)
            SetQuery(builder, query);
        if (string.IsNullOrEmpty(builder.Host))
            builder.Host = "localhost";
        return builder.ConnectionString;
    }

    private static void SetHosts(NpgsqlConnectionStringBuilder builder, string hostList)
    {
        var hosts = new List<string>();
        foreach (var hostPort in hostList.Split(','))
        {
            string host = hostPort, port = "";
            if (hostPort.StartsWith('['))
            {
                var close = hostPort.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                    throw new ArgumentException($"The host '{hostPort}' opens '[' without closing it.");
                host = hostPort[1..close];
                if (close + 1 < hostPort.Length && hostPort[close + 1] == ':')
                    port = hostPort[(close + 2)..];
            }
            else if (hostPort.LastIndexOf(':') is var colon and >= 0)
            {
                host = hostPort[..colon];
                port = hostPort[(colon + 1)..];
            }
            if (host.Length == 0)
                throw new ArgumentException($"The URI names an empty host in '{hostList}'.");
            if (port.Length > 0 && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535))
                throw new ArgumentException($"The port '{port}' is not a number between 1 and 65535.");
            hosts.Add(port.Length > 0 ? $"{Decode(host)}:{port}" : Decode(host));
        }
        if (hosts.Count == 1 && hosts[0].LastIndexOf(':') is var c and > 0 && !hosts[0].Contains("::", StringComparison.Ordinal))
        {
            builder.Host = hosts[0][..c];
            builder.Port = int.Parse(hosts[0][(c + 1)..], CultureInfo.InvariantCulture);
        }
        else
        {
            builder.Host = string.Join(",", hosts);
        }
    }

    private static void SetQuery(NpgsqlConnectionStringBuilder builder, string query)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new ArgumentException($"The URI parameter '{pair}' has no value.");
            var name = Decode(pair[..eq]);
            var value = Decode(pair[(eq + 1)..]);
            if (name.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
                value = SslModes.TryGetValue(value, out var mode) ? mode : throw new ArgumentException($"The sslmode '{value}' is not one of {string.Join(", ", SslModes.Keys)}.");
            var keyword = Keywords.TryGetValue(name, out var k) ? k : name;
            try
            {
                builder[keyword] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                throw new ArgumentException($"The URI parameter '{name}={value}' is not understood: {ex.Message}", ex);
            }
        }
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text);
}
