// The hot path of the SQLite journal: one statement prepared once, bound by position and stepped per
// entry, without the per-call work of an ADO.NET command (measured 1.5× faster; see docs/journal.md).
using Microsoft.Data.Sqlite;
using OpenEts.Core;
using SQLitePCL;

namespace OpenEts.Journal;

/// <summary>A prepared INSERT of one journal entry; used only by the write connection, inside its transaction.</summary>
internal sealed class SqliteInsert : IDisposable
{
    private readonly sqlite3_stmt _statement;

    public SqliteInsert(sqlite3 db, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Inserts one entry; the statement's parameters are, in order, the columns of entries.</summary>
    public void Insert(sqlite3 db, JournalEntry e)
    {
        var s = _statement;
        try
        {
            Check(raw.sqlite3_bind_int64(s, 1, e.Seq), db);
            Check(raw.sqlite3_bind_text(s, 2, e.CommandId), db);
            Check(raw.sqlite3_bind_text(s, 3, e.Kind), db);
            Check(raw.sqlite3_bind_int64(s, 4, e.Accepted ? 1 : 0), db);
            Check(raw.sqlite3_bind_int64(s, 5, e.TimeUnixMs), db);
            Check(raw.sqlite3_bind_blob(s, 6, e.ContentHash), db);
            Check(raw.sqlite3_bind_blob(s, 7, e.Payload), db);
            Check(raw.sqlite3_bind_blob(s, 8, e.PrevHash), db);
            Check(raw.sqlite3_bind_blob(s, 9, e.Hash), db);
            var rc = raw.sqlite3_step(s);
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, db);
        }
        finally
        {
            raw.sqlite3_reset(s);
        }
    }

    public void Dispose() => _statement.Dispose();

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, db);
    }
}
