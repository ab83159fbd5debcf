// One structured log line per request (method, path, status, milliseconds), and the server's meter:
// System.Diagnostics.Metrics instruments that an OpenTelemetry or dotnet-counters listener reads as
// they are (meter "OpenEts.Server"), beside ASP.NET Core's own http.server.* instruments.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenEts.Server.Http;

/// <summary>Request logging and the server's instruments.</summary>
public static partial class RequestLog
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OpenEts.Server";

    /// <summary>The server's meter (request, command and exchange instruments).</summary>
    internal static readonly Meter Meter = new(MeterName);

    /// <summary>Commands submitted, tagged by outcome ("accepted" or the rejection code).</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>("openets.commands", unit: "{command}", description: "Commands submitted through the server.");

    /// <summary>Time from submitting a command to its durable outcome.</summary>
    public static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>("openets.command.duration", unit: "ms", description: "From submission to durable outcome.");

    /// <summary>Logs a request when its response is done.</summary>
    public static async Task LogAsync(HttpContext http, Func<Task> next, ILogger logger)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next();
        }
        finally
        {
            var elapsedMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (logger.IsEnabled(LogLevel.Information))
            {
                var path = Redacted(http.Request.Path.Value ?? "");
                Served(logger, http.Request.Method, path, http.Response.StatusCode, elapsedMs);
            }
        }
    }

    /// <summary>
    /// The path as logged: a whole API key put into a path by mistake (DELETE /api/keys/oets_… instead of its key id) is cut
    /// after its key id, so the log never holds a secret.
    /// </summary>
    public static string Redacted(string path)
    {
        var at = path.IndexOf("oets_", StringComparison.Ordinal);
        return at < 0 ? path : path[..Math.Min(path.Length, at + 17)] + "_(redacted)";
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} {Status} in {ElapsedMs:F1} ms")]
    private static partial void Served(ILogger logger, string method, string path, int status, double elapsedMs);
}
