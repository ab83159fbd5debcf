// Reads a demo database's journal as stored: entries per command kind, rejected entries, the trades the
// exchange executed and the CCER trading days opened under cn-ccer. Read straight from the SQLite file.
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OpenEts.Cli.Tests;

/// <summary>Counts of a demo journal.</summary>
public sealed record DemoJournal(Dictionary<string, long> Kinds, long Rejected, long TradesExecuted, long CcerDaysUnderCcerRulebook)
{
    public static DemoJournal Read(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var kinds = new Dictionary<string, long>(StringComparer.Ordinal);
        long rejected = 0, trades = 0, ccerDays = 0;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, accepted, payload FROM entries ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var kind = reader.GetString(0);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            if (reader.GetInt64(1) == 0)
                rejected++;
            if (!kind.StartsWith("exchange.", StringComparison.Ordinal))
                continue;
            using var payload = JsonDocument.Parse((byte[])reader.GetValue(2));
            if (!payload.RootElement.TryGetProperty("events", out var events))
                continue;
            foreach (var e in events.EnumerateArray())
            {
                var type = e.GetProperty("$type").GetString();
                if (type == "exchange.trade_executed")
                    trades++;
                else if (type == "exchange.trading_day_opened" && e.GetProperty("instrument").GetString()!.StartsWith("CCER-", StringComparison.Ordinal)
                    && e.GetProperty("rulebook").GetString() == "cn-ccer")
                    ccerDays++;
            }
        }
        return new DemoJournal(kinds, rejected, trades, ccerDays);
    }
}
