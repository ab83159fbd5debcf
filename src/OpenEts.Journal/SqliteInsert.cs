// The hot path of the SQLite journal: INSERT statements prepared once, bound by position and stepped,
// without the per-call work of an ADO.NET command. Full groups of entries go in one multi-row statement
// (less work per entry inside SQLite); the rest one by one.
using System.Text;
using Microsoft.Data.Sqlite;
using OpenEts.Core;
using SQLitePCL;

namespace OpenEts.Journal;

/// <summary>Prepared INSERTs of journal entries; used only by the write connection, inside its transaction.</summary>
internal sealed class SqliteInsert : IDisposable
{
    /// <summary>Entries per multi-row statement.</summary>
    public const int Group = 64;

    private const int Columns = 9;

    private readonly sqlite3_stmt _one;
    private readonly sqlite3_stmt _group;

    public SqliteInsert(sqlite3 db, string table, string columns)
    {
        _one = Prepare(db, $"INSERT INTO {table} ({columns}) VALUES {Rows(1)}");
        _group = Prepare(db, $"INSERT INTO {table} ({columns}) VALUES {Rows(Group)}");
    }

    /// <summary>Inserts the entries in order.</summary>
    public void Insert(sqlite3 db, IReadOnlyList<JournalEntry> entries)
    {
        var i = 0;
        for (; i + Group <= entries.Count; i += Group)
        {
            for (var k = 0; k < Group; k++)
                Bind(_group, k * Columns, entries[i + k], db);
            Step(_group, db);
        }
        for (; i < entries.Count; i++)
        {
            Bind(_one, 0, entries[i], db);
            Step(_one, db);
        }
    }

    public void Dispose()
    {
        _one.Dispose();
        _group.Dispose();
    }

    private static string Rows(int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(r => "(" + string.Join(", ", Enumerable.Range(1, Columns).Select(c => "?" + (r * Columns + c))) + ")"));

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        return statement;
    }

    /// <summary>Room for the longest command id in UTF-8.</summary>
    private const int CommandIdBytes = CommandEnvelope.MaxCommandIdLength * 3;

    /// <summary>Most command kinds kept encoded.</summary>
    private const int MaxKinds = 4096;

    /// <summary>Command kinds are few: each is encoded to UTF-8 once (SQLite copies bound text).</summary>
    private readonly Dictionary<string, byte[]> _kinds = new(StringComparer.Ordinal);

    private byte[] KindBytes(string kind)
    {
        if (_kinds.TryGetValue(kind, out var bytes))
            return bytes;
        bytes = Encoding.UTF8.GetBytes(kind);
        if (_kinds.Count < MaxKinds)
            _kinds[kind] = bytes;
        return bytes;
    }

    private void Bind(sqlite3_stmt s, int at, JournalEntry e, sqlite3 db)
    {
        Check(raw.sqlite3_bind_int64(s, at + 1, e.Seq), db);
        // Ids up to the engine's limit are encoded on the stack; a longer one (only a caller other than the engine writes
        // it) goes the string way.
        if (e.CommandId.Length <= CommandEnvelope.MaxCommandIdLength)
        {
            Span<byte> id = stackalloc byte[CommandIdBytes];
            Check(raw.sqlite3_bind_text(s, at + 2, id[..Encoding.UTF8.GetBytes(e.CommandId, id)]), db);
        }
        else
        {
            Check(raw.sqlite3_bind_text(s, at + 2, e.CommandId), db);
        }
        Check(raw.sqlite3_bind_text(s, at + 3, KindBytes(e.Kind)), db);
        Check(raw.sqlite3_bind_int64(s, at + 4, e.Accepted ? 1 : 0), db);
        Check(raw.sqlite3_bind_int64(s, at + 5, e.TimeUnixMs), db);
        Check(raw.sqlite3_bind_blob(s, at + 6, e.ContentHash), db);
        Check(raw.sqlite3_bind_blob(s, at + 7, e.Payload.Span), db);
        Check(raw.sqlite3_bind_blob(s, at + 8, e.PrevHash), db);
        Check(raw.sqlite3_bind_blob(s, at + 9, e.Hash), db);
    }

    private static void Step(sqlite3_stmt s, sqlite3 db)
    {
        try
        {
            var rc = raw.sqlite3_step(s);
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, db);
        }
        finally
        {
            raw.sqlite3_reset(s);
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, db);
    }
}
