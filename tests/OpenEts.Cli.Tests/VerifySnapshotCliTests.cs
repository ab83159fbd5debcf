// verify holds the latest snapshot (the state a restart loads) to a replay from the first entry, takes a head kept
// outside the database to catch a journal cut back to an earlier, consistent head, and names a missing head.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenEts.Core;
using OpenEts.Journal;

namespace OpenEts.Cli.Tests;

public sealed class VerifySnapshotCliTests
{
    private readonly string _dir = CliRunner.TempDir();

    private string Db => Path.Combine(_dir, "m.db");

    private CliResult Run(params string[] args) => CliRunner.Run(["--db", "m.db", .. args], _dir);

    private JsonElement Verify(params string[] extra)
    {
        var r = Run(["verify", "--json", .. extra]);
        Assert.True(r.ExitCode is 0 or 1, $"verify exited {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    private void SetUp()
    {
        Assert.Equal(0, CliRunner.Run(["init", "--db", "m.db"], _dir).ExitCode);
        Assert.Equal(0, Run("account", "open", "E1", "--holder", "ent-1", "--kind", "covered_entity").ExitCode);
        Assert.Equal(0, Run("issue", "--class", "CEA21", "--quantity", "1000").ExitCode);
        Assert.Equal(0, Run("transfer", "--from", "cn-ISSUANCE", "--to", "E1", "--class", "CEA21", "--quantity", "600", "--as", "regulator").ExitCode);
    }

    private void Sql(string sql, params (string Name, object Value)[] parameters)
    {
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }

    private long TakeSnapshot()
    {
        using var engine = Engine.Open(JournalFactory.Open(Db), MarketHost.Catalog);
        return engine.SnapshotAsync().GetAwaiter().GetResult().Seq;
    }

    [Fact]
    public void A_snapshot_edited_with_a_matching_state_hash_is_named_and_a_sound_one_passes()
    {
        SetUp();
        var at = TakeSnapshot();
        Assert.Equal(0, Run("transfer", "--from", "cn-ISSUANCE", "--to", "E1", "--class", "CEA21", "--quantity", "1", "--as", "regulator").ExitCode);
        Assert.True(Verify().GetProperty("sound").GetBoolean());

        // The books still balance in the edit (100 t moved from E1 to the issuance account) and the state hash is recomputed.
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var read = c.CreateCommand();
            read.CommandText = "SELECT state FROM snapshots WHERE seq = $seq";
            read.Parameters.AddWithValue("$seq", at);
            var state = Encoding.UTF8.GetString((byte[])read.ExecuteScalar()!);
            Assert.Contains("\"held\":600", state, StringComparison.Ordinal);
            Assert.Contains("\"held\":400", state, StringComparison.Ordinal);
            var edited = Encoding.UTF8.GetBytes(state.Replace("\"held\":600", "\"held\":500", StringComparison.Ordinal).Replace("\"held\":400", "\"held\":500", StringComparison.Ordinal));
            using var write = c.CreateCommand();
            write.CommandText = "UPDATE snapshots SET state = $state, state_hash = $hash WHERE seq = $seq";
            write.Parameters.AddWithValue("$state", edited);
            write.Parameters.AddWithValue("$hash", Convert.ToHexStringLower(SHA256.HashData(edited)));
            write.Parameters.AddWithValue("$seq", at);
            Assert.Equal(1, write.ExecuteNonQuery());
        }
        var r = Run("verify", "--json");
        Assert.Equal(1, r.ExitCode);
        var problem = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("problem");
        Assert.Equal(at, problem.GetProperty("seq").GetInt64());
        Assert.Equal("altered", problem.GetProperty("kind").GetString());
        Assert.True(problem.GetProperty("in_snapshot").GetBoolean());
        Assert.StartsWith("snapshot_altered:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("snapshot broken", Run("verify").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_off_the_chain_is_named_by_verify_and_refused_at_start()
    {
        SetUp();
        var at = TakeSnapshot();
        Sql("UPDATE snapshots SET chain_hash = $zero WHERE seq = $seq", ("$zero", new byte[32]), ("$seq", at));
        var problem = Verify().GetProperty("problem");
        Assert.Equal(at, problem.GetProperty("seq").GetInt64());
        Assert.True(problem.GetProperty("in_snapshot").GetBoolean());
        var ex = Assert.Throws<JournalFormatException>(() => Engine.Open(JournalFactory.Open(Db), MarketHost.Catalog).Dispose());
        Assert.Contains("does not stand on the chain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_head_kept_outside_catches_a_journal_cut_back_to_an_earlier_consistent_head()
    {
        SetUp();
        var kept = Verify();
        var seq = kept.GetProperty("last_seq").GetInt64();
        var hash = kept.GetProperty("last_hash").GetString()!;
        Assert.Equal(0, Run("transfer", "--from", "cn-ISSUANCE", "--to", "E1", "--class", "CEA21", "--quantity", "1", "--as", "regulator").ExitCode);
        Assert.True(Verify("--expect-head", $"{seq}:{hash}").GetProperty("sound").GetBoolean());
        Assert.True(Verify("--expect-head", $"{seq}:{hash.ToUpperInvariant()}").GetProperty("sound").GetBoolean());

        // Cut back to entry seq - 2, the recorded head moved with it: consistent, so verify alone passes.
        string earlier;
        using (var journal = JournalFactory.Open(Db, create: false))
        {
            journal.Open();
            earlier = JournalFormat.Hex(journal.ReadOne(seq - 2)!.Hash);
        }
        Sql("DELETE FROM entries WHERE seq > $seq", ("$seq", seq - 2));
        Sql("UPDATE meta SET value = CASE key WHEN 'head_seq' THEN $seq ELSE $hash END WHERE key IN ('head_seq', 'head_hash')", ("$seq", (seq - 2).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("$hash", earlier));
        Assert.True(Verify().GetProperty("sound").GetBoolean());
        var cut = Run("verify", "--json", "--expect-head", $"{seq}:{hash}");
        Assert.Equal(1, cut.ExitCode);
        var problem = JsonDocument.Parse(cut.Stdout).RootElement.GetProperty("problem");
        Assert.Equal("missing", problem.GetProperty("kind").GetString());
        Assert.Equal(seq - 1, problem.GetProperty("seq").GetInt64());

        // An entry that is there with another hash: history rewritten from it on.
        var other = Verify("--expect-head", $"{seq - 2}:{hash}").GetProperty("problem");
        Assert.Equal("altered", other.GetProperty("kind").GetString());
        Assert.Equal(seq - 2, other.GetProperty("seq").GetInt64());

        foreach (var bad in new[] { "12", "x:" + hash, $"{seq}:abc", $"-1:{hash}", $"{seq}:{hash}0" })
        {
            var r = Run("verify", "--expect-head", bad);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("--expect-head takes SEQ:HASH", r.Stderr + r.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_head_is_named_torn()
    {
        SetUp();
        Sql("DELETE FROM meta WHERE key = 'head_seq'");
        var r = Run("verify", "--json");
        Assert.Equal(1, r.ExitCode);
        var problem = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("problem");
        Assert.Equal("torn", problem.GetProperty("kind").GetString());
        Assert.Contains("recorded head", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
