// The few calls on SQLite's own handles that the journal's write path makes directly (SqliteInsert, SqliteWriteConnection),
// each failure raised as Microsoft.Data.Sqlite's SqliteException, as the journal's ADO.NET connections raise it.
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenEts.Journal;

/// <summary>Prepares, steps and checks statements on an SQLite handle.</summary>
internal static class SqliteCalls
{
    /// <summary>Prepares <paramref name="sql"/> on <paramref name="db"/>.</summary>
    public static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        return statement;
    }

    /// <summary>Steps a statement that returns no rows to its end, and resets it (its values stay bound).</summary>
    public static void Step(sqlite3_stmt statement, sqlite3 db)
    {
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, db);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>Raises a call's result code other than SQLITE_OK.</summary>
    public static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, db);
    }
}
