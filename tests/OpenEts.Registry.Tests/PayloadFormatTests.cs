// A payload no longer repeats its entry's command id and acceptance (the entry's columns, under the same chain hash).
// Journals written before keep payloads that do: they must still open, replay, verify and answer a retry exactly.
using System.Text;
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Journal;

namespace OpenEts.Registry.Tests;

public sealed class PayloadFormatTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2024, 7, 16, 10, 0, 0, TimeSpan.FromHours(8));
    private readonly string _dir = Directory.CreateTempSubdirectory("openets-payload-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ModuleCatalog Catalog() => new(new RegistryModule());

    [Fact]
    public void A_payload_carries_neither_the_command_id_nor_acceptance_and_decodes_them_from_the_entry()
    {
        var catalog = Catalog();
        var world = catalog.CreateWorld();
        var granted = new CommandEnvelope("grant-1", "regulator", Time, new GrantRole("regulator", Role.Regulator));
        var refused = new CommandEnvelope("grant-2", "nobody", Time, new GrantRole("nobody", Role.Regulator));
        var writer = new PayloadWriter(catalog);
        foreach (var (envelope, accepted) in new[] { (granted, true), (refused, false) })
        {
            var outcome = DecisionContext.Decide(world, envelope);
            Assert.Equal(accepted, outcome.Accepted);
            var (payload, contentHash) = writer.Write(envelope, outcome);
            using (var doc = JsonDocument.Parse(payload))
            {
                Assert.Equal(["actor", "time", "command", .. accepted ? new[] { "events" } : ["code", "message"]],
                    doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
            }
            var entry = HashChain.Seal(1, HashChain.Genesis, envelope.CommandId, "registry.grant_role", accepted, 0, contentHash, payload);
            var (decodedEnvelope, decoded) = Payload.Decode(entry, catalog.Json);
            Assert.Equal(envelope.CommandId, decodedEnvelope.CommandId);
            Assert.Equal(envelope.Actor, decodedEnvelope.Actor);
            Assert.Equal(envelope.Time, decodedEnvelope.Time);
            Assert.Equal(envelope.Body, decodedEnvelope.Body);
            Assert.Equal(accepted, decoded.Accepted);
            Assert.Equal(outcome.Events, decoded.Events);
            Assert.Equal(outcome.Rejection, decoded.Rejection);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_journal_of_older_payloads_opens_verifies_and_answers_a_retry_from_them()
    {
        var catalog = Catalog();
        var world = catalog.CreateWorld();
        var commands = MarketSetup.National().Select(s => new CommandEnvelope(s.CommandId, s.Actor, Time, s.Command)).ToList();
        commands.Add(new("issue", MarketSetup.Regulator, Time, new Issue("CEA21", "cn-ISSUANCE", 5_000)));
        commands.Add(new("open-a", MarketSetup.RegistryOperator, Time, new OpenAccount("A1", "cn", "h1", AccountKind.Investor)));
        commands.Add(new("move", MarketSetup.Regulator, Time, new Transfer("cn-ISSUANCE", "A1", "CEA21", 700)));
        commands.Add(new("too-much", MarketSetup.Regulator, Time, new Transfer("cn-ISSUANCE", "A1", "CEA21", 9_000)));   // refused
        var outcomes = new List<Outcome>();
        var entries = new List<JournalEntry>();
        var prev = HashChain.Genesis;
        var writer = new PayloadWriter(catalog);
        foreach (var envelope in commands)
        {
            var seq = entries.Count + 1L;
            var outcome = DecisionContext.Decide(world, envelope);
            outcomes.Add(outcome);
            var (payload, contentHash) = writer.Write(envelope, outcome);
            var older = AsOlderPayload(payload, envelope.CommandId, outcome.Accepted);
            var entry = HashChain.Seal(seq, prev, envelope.CommandId, catalog.CommandName(envelope.Body.GetType()), outcome.Accepted,
                envelope.Time.ToUnixTimeMilliseconds(), contentHash, older);
            entries.Add(entry);
            prev = entry.Hash;
        }
        Assert.False(outcomes[^1].Accepted);
        var db = Path.Combine(_dir, "older.db");
        using (var journal = JournalFactory.Open(db))
        {
            journal.Open();
            journal.Append(entries);
        }
        // As a build of format 1 left it.
        Assert.Equal(1, Sql(db, "UPDATE meta SET value = 'openets-journal/1' WHERE key = 'format'"));

        await using (var engine = Engine.Open(JournalFactory.Open(db), catalog))
        {
            Assert.Equal(world.StateHash(), await engine.StateHashAsync());
            // A retry of an accepted and of a refused command is answered from its older entry, exactly.
            foreach (var at in new[] { commands.Count - 2, commands.Count - 1 })
            {
                var again = await engine.SubmitAsync(commands[at]);
                Assert.True(again.Replayed);
                Assert.Equal(at + 1L, again.Seq);
                Assert.Equal(outcomes[at].Accepted, again.Accepted);
                Assert.Equal(outcomes[at].Events, again.Events);
                Assert.Equal(outcomes[at].Rejection, again.Rejection);
            }
            var reused = await engine.SubmitAsync(commands[^2] with { Body = new Transfer("cn-ISSUANCE", "A1", "CEA21", 1) });
            Assert.Equal("command_id_reused", reused.Rejection?.Code);
            // New entries follow in the current format, on the same chain.
            Assert.True((await engine.SubmitAsync(new CommandEnvelope("move-2", MarketSetup.Regulator, Time, new Transfer("cn-ISSUANCE", "A1", "CEA21", 5)))).Accepted);
        }
        using (var journal = JournalFactory.Open(db))
        {
            journal.Open();
            Assert.True(ChainVerifier.Verify(journal).Sound);
            // A repeat is answered from the first entry, not journaled: the one new entry is the last command's.
            var last = Assert.Single(journal.Read(entries.Count));
            Assert.Equal("move-2", last.CommandId);
            Assert.DoesNotContain("\"command_id\"", Encoding.UTF8.GetString(last.Payload.Span), StringComparison.Ordinal);
            var replayed = JournalReplay.FromGenesis(journal, catalog);
            Assert.Null(replayed.Snapshot);
            Assert.Equal(last.Seq, replayed.LastSeq);
        }
        // The engine's first write marked it as this build's format.
        Assert.Equal(1, Sql(db, "SELECT count(*) FROM meta WHERE key = 'format' AND value = 'openets-journal/2'"));
    }

    /// <summary>Runs one statement on the journal file; the rows it changed, or the number it selected.</summary>
    private static long Sql(string db, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return sql.StartsWith("SELECT", StringComparison.Ordinal) ? (long)command.ExecuteScalar()! : command.ExecuteNonQuery();
    }

    /// <summary>A payload as builds before this format wrote it: the command id first, acceptance before the outcome.</summary>
    private static byte[] AsOlderPayload(byte[] payload, string commandId, bool accepted)
    {
        var json = Encoding.UTF8.GetString(payload);
        var outcomeAt = json.IndexOf(accepted ? ",\"events\":" : ",\"code\":", StringComparison.Ordinal);
        Assert.True(outcomeAt > 0, json);
        var older = "{\"command_id\":" + JsonSerializer.Serialize(commandId) + "," + json[1..(outcomeAt + 1)]
            + "\"accepted\":" + (accepted ? "true" : "false") + "," + json[(outcomeAt + 1)..];
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(older).RootElement.ValueKind);
        return Encoding.UTF8.GetBytes(older);
    }
}
