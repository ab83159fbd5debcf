// Public endpoints: health and Prometheus metrics written by hand from counters.
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Registry;

namespace OpenEts.Server.Api;

/// <summary>The health answer.</summary>
public sealed record Health(string Status, long JournalSeq);

/// <summary>Maps the public endpoints.</summary>
public static class PublicApi
{
    /// <summary>Adds /health and /metrics.</summary>
    public static void MapPublicApi(this IEndpointRouteBuilder app)
    {
        // A stopped engine answers no command: a load balancer or supervisor must see it as down, not "ok".
        app.MapGet("/health", (MarketRuntime m) => m.Engine.Faulted
                ? Results.Json(new Health("engine_stopped", m.Engine.DurableSeq), statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Ok(new Health("ok", m.Engine.DurableSeq)))
            .WithTags("Public").WithName("Health");
        app.MapGet("/metrics", Metrics).WithTags("Public").WithName("Metrics").ExcludeFromDescription();
    }

    private static IResult Metrics(MarketRuntime m)
    {
        var sb = new StringBuilder();
        void Counter(string name, string help, long value) =>
            sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
        Counter("openets_http_requests_total", "HTTP requests served.", m.Requests);
        Counter("openets_commands_total", "Commands submitted through the server.", m.Commands);
        Counter("openets_commands_rejected_total", "Commands the engine rejected.", m.Rejections);
        Counter("openets_journal_batches_total", "Journal batches committed by this process.", m.Engine.BatchesCommitted);
        Counter("openets_journal_entries_total", "Journal entries committed by this process (entries / batches = mean batch size).", m.Engine.EntriesCommitted);
        Counter("openets_orders_accepted_total", "Orders the exchange accepted.", m.Exchange.OrdersAccepted);
        sb.Append("# HELP openets_orders_rejected_total Orders the exchange refused, by rejection code.\n# TYPE openets_orders_rejected_total counter\n");
        foreach (var (code, count) in m.Exchange.OrdersRejected)
            sb.Append(CultureInfo.InvariantCulture, $"openets_orders_rejected_total{{code=\"{code}\"}} {count}\n");
        Counter("openets_trades_total", "Trades made on the exchange (listing and block).", m.Exchange.Trades);
        Counter("openets_traded_tonnes_total", "Tonnes traded on the exchange (listing and block).", m.Exchange.TradedTonnes);
        sb.Append(CultureInfo.InvariantCulture,
            $"# HELP openets_journal_commit_seconds_total Time spent committing journal batches (divide by batches for the mean commit latency).\n# TYPE openets_journal_commit_seconds_total counter\nopenets_journal_commit_seconds_total {m.Engine.CommitTime.TotalSeconds:F6}\n");
        sb.Append(CultureInfo.InvariantCulture, $"# HELP openets_journal_seq Last durable journal sequence number.\n# TYPE openets_journal_seq gauge\nopenets_journal_seq {m.Engine.DurableSeq}\n");
        if (m.Engine.Journal is OpenEts.Journal.SqliteJournal sqlite)
        {
            if (sqlite.LogBytes is { } log)
                sb.Append(CultureInfo.InvariantCulture, $"# HELP openets_journal_log_bytes Size of SQLite's write-ahead log after the latest commit (it starts over at about {sqlite.RestartLogBytes >> 20} MB).\n# TYPE openets_journal_log_bytes gauge\nopenets_journal_log_bytes {log}\n");
            sb.Append(CultureInfo.InvariantCulture, $"# HELP openets_journal_checkpoint_failing 1 while SQLite's latest checkpoint (background or the writer's) failed; durability does not depend on it, the log's size does.\n# TYPE openets_journal_checkpoint_failing gauge\nopenets_journal_checkpoint_failing {(sqlite.CheckpointError is null ? 0 : 1)}\n");
        }
        return Results.Text(sb.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }
}
