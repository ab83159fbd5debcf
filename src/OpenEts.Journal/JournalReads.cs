// The read side both stores share: the same queries and the same row mapping, over each store's own
// connections. A store supplies its table prefix and how it runs a query with one integer argument ($1).
using System.Data.Common;
using OpenEts.Core;

namespace OpenEts.Journal;

/// <summary>Reads of a journal in an SQL database, the same for SQLite and PostgreSQL.</summary>
public abstract class JournalReads
{
    /// <summary>The columns of the entries table, in the order every query reads them.</summary>
    protected const string Columns = "seq, command_id, kind, accepted, time_unix_ms, content_hash, payload, prev_hash, hash";

    private readonly string _entries;
    private readonly string _meta;
    private readonly string _snapshots;

    /// <summary>Reads from the tables named with <paramref name="prefix"/> ("" or "openets.").</summary>
    protected JournalReads(string prefix)
    {
        _entries = prefix + "entries";
        _meta = prefix + "meta";
        _snapshots = prefix + "snapshots";
    }

    /// <summary>Runs a query, binding <paramref name="argument"/> (when given) to the parameter $1, and maps each row.</summary>
    protected abstract IEnumerable<T> Query<T>(string sql, long? argument, Func<DbDataReader, T> map);

    /// <inheritdoc cref="IJournal.Read" />
    public IEnumerable<JournalEntry> Read(long afterSeq) =>
        Query($"SELECT {Columns} FROM {_entries} WHERE seq > $1 ORDER BY seq", afterSeq, ReadEntry);

    /// <inheritdoc cref="IJournal.ReadOne" />
    public JournalEntry? ReadOne(long seq) =>
        Query($"SELECT {Columns} FROM {_entries} WHERE seq = $1", seq, ReadEntry).FirstOrDefault();

    /// <inheritdoc cref="IJournal.ReadCommandIndex" />
    public IEnumerable<(string CommandId, byte[] ContentHash, long Seq)> ReadCommandIndex() =>
        Query($"SELECT command_id, content_hash, seq FROM {_entries} ORDER BY seq", null,
            r => (r.GetString(0), r.GetFieldValue<byte[]>(1), r.GetInt64(2)));

    /// <inheritdoc cref="IJournal.ReadRaw" />
    public IEnumerable<RawJournalRow> ReadRaw() =>
        Query($"SELECT {Columns} FROM {_entries} ORDER BY seq", null, r => new RawJournalRow(
            r.GetInt64(0), As<string>(r, 1), As<string>(r, 2), Flag(r, 3), r.IsDBNull(4) ? null : r.GetValue(4) as long?,
            As<byte[]>(r, 5), As<byte[]>(r, 6), As<byte[]>(r, 7), As<byte[]>(r, 8)));

    /// <inheritdoc cref="IJournal.RecordedHead" />
    public JournalHead? RecordedHead()
    {
        string? seq = null, hash = null;
        foreach (var (key, value) in Query($"SELECT key, value FROM {_meta} WHERE key IN ('head_seq', 'head_hash')", null, r => (r.GetString(0), As<string>(r, 1))))
        {
            if (key == JournalFormat.HeadSeqKey)
                seq = value;
            else
                hash = value;
        }
        return JournalFormat.ParseHead(seq, hash);
    }

    /// <inheritdoc cref="IJournal.LatestSnapshot" />
    public StoredSnapshot? LatestSnapshot() =>
        Query($"SELECT seq, chain_hash, state_hash, state FROM {_snapshots} ORDER BY seq DESC LIMIT 1", null,
            r => new StoredSnapshot(r.GetInt64(0), r.GetFieldValue<byte[]>(1), r.GetString(2), r.GetFieldValue<byte[]>(3))).FirstOrDefault();

    private static JournalEntry ReadEntry(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), Flag(r, 3) ?? throw new JournalFormatException($"Entry {r.GetInt64(0)} has no accepted flag."),
        r.GetInt64(4), r.GetFieldValue<byte[]>(5), r.GetFieldValue<byte[]>(6), r.GetFieldValue<byte[]>(7), r.GetFieldValue<byte[]>(8));

    /// <summary>The value when it is of the expected type, else null (a damaged row is reported, not thrown on).</summary>
    private static T? As<T>(DbDataReader r, int i) where T : class => r.IsDBNull(i) ? null : r.GetValue(i) as T;

    /// <summary>A flag stored as a boolean (PostgreSQL) or as 0/1 (SQLite); anything else is null.</summary>
    private static bool? Flag(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetValue(i) switch
    {
        bool b => b,
        0L => false,
        1L => true,
        _ => null,
    };
}
