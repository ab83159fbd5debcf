// The engine's instruments (System.Diagnostics.Metrics, meter "OpenEts.Engine"): what an OpenTelemetry
// exporter, dotnet-counters or the server's /metrics page reads about group commit.
using System.Diagnostics.Metrics;

namespace OpenEts.Core;

/// <summary>Journal batch sizes and commit latencies of every engine in the process.</summary>
public static class EngineMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OpenEts.Engine";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Entries per committed journal batch.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "openets.journal.batch.size", unit: "{entry}", description: "Entries committed in one journal transaction (group commit).");

    /// <summary>Time to make one batch durable.</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "openets.journal.commit.duration", unit: "ms", description: "Time to append and commit one journal batch.");
}
