// OpenTelemetry for the server: the engine's meter (journal batch sizes, commit latency), the server's
// (commands by outcome, command duration, orders accepted and refused, trades, tonnes traded) and
// ASP.NET Core's own http.server.* instruments, exported
// by OTLP over HTTP to a collector when one is configured.
using Microsoft.Extensions.DependencyInjection;
using OpenEts.Core;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace OpenEts.Server.Http;

/// <summary>Adds the OpenTelemetry metrics pipeline.</summary>
public static class Telemetry
{
    /// <summary>The meters the server exports.</summary>
    public static readonly string[] Meters = [EngineMetrics.MeterName, RequestLog.MeterName];

    /// <summary>Exports the server's meters to <see cref="ServerOptions.OtlpEndpoint"/> when it is set.</summary>
    public static void AddOpenEtsTelemetry(this IServiceCollection services, ServerOptions options)
    {
        if (options.OtlpEndpoint is not { } endpoint)
            return;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("openets", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithMetrics(m => m
                .AddMeter(Meters)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                    exporter.Endpoint = new Uri(endpoint, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpInterval.TotalMilliseconds;
                }));
    }
}
