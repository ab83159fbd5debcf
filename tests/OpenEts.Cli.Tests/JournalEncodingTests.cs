// Every command and event of a demo market, as the engine journaled it, is byte for byte what
// System.Text.Json writes through the polymorphic base type: the engine's faster encoder changes nothing
// in the journal's format, so content hashes of retried commands stay the same across versions.
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenEts.Core;

namespace OpenEts.Cli.Tests;

public sealed class JournalEncodingTests
{
    [Fact]
    public void A_demo_journal_holds_exactly_the_reference_encoding_of_every_command_and_event()
    {
        var dir = CliRunner.TempDir();
        var demo = CliRunner.Run(["demo", "--db", "d.db", "--entities", "30", "--investors", "2", "--json"], dir);
        Assert.True(demo.ExitCode == 0, demo.Stderr);

        var json = MarketHost.Catalog.Json;
        var types = new HashSet<string>(StringComparer.Ordinal);
        long entries = 0;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "d.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, content_hash FROM entries ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries++;
            using var payload = JsonDocument.Parse((byte[])reader.GetValue(0));
            var root = payload.RootElement;
            var stored = root.GetProperty("command");
            var body = stored.Deserialize<Command>(json)!;
            var reference = JsonSerializer.SerializeToUtf8Bytes(body, json);
            Assert.Equal(Encoding.UTF8.GetString(reference), stored.GetRawText());
            Assert.Equal(Payload.ContentHash(root.GetProperty("actor").GetString()!, reference), (byte[])reader.GetValue(1));
            types.Add(stored.GetProperty("$type").GetString()!);
            if (!root.TryGetProperty("events", out var events))
                continue;
            foreach (var e in events.EnumerateArray())
            {
                Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(e.Deserialize<Event>(json)!, json)), e.GetRawText());
                types.Add(e.GetProperty("$type").GetString()!);
            }
        }
        Assert.True(entries > 1_000, $"{entries} entries");
        Assert.True(types.Count >= 40, $"only {types.Count} command and event types: {string.Join(", ", types)}");
    }
}
