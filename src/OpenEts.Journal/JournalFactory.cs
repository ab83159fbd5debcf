// Chooses the store from what --db says: a file path (SQLite), or a postgres:// URI or an Npgsql
// "Host=..." connection string (PostgreSQL).
using OpenEts.Core;

namespace OpenEts.Journal;

/// <summary>Builds the journal a database argument names.</summary>
public static class JournalFactory
{
    /// <summary>
    /// The journal for <paramref name="db"/>: <c>postgres://</c> or <c>postgresql://</c> URIs and
    /// connection strings with a <c>Host=</c> go to PostgreSQL; anything else is an SQLite file path
    /// (an optional <c>sqlite:</c> prefix is allowed). The journal is not opened yet: call
    /// <see cref="IJournal.Open"/> (the engine does). Throws <see cref="ArgumentException"/> for a
    /// malformed value. With <paramref name="create"/> false, opening a missing file or an empty
    /// database fails instead of creating a journal (what <c>verify</c> and read-only commands want).
    /// </summary>
    public static IJournal Open(string db, bool create = true)
    {
        if (string.IsNullOrWhiteSpace(db))
            throw new ArgumentException("A database is required: a file path, or a postgres:// or Host=... connection string.", nameof(db));
        db = db.Trim();
        if (PostgresUri.IsUri(db))
            return new PostgresJournal(PostgresUri.ToConnectionString(db)) { CreateIfMissing = create };
        if (IsNpgsqlConnectionString(db))
            return new PostgresJournal(db) { CreateIfMissing = create };
        if (db.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            db = db["sqlite:".Length..];
        return new SqliteJournal(db) { CreateIfMissing = create };
    }

    /// <summary>True when <paramref name="db"/> names PostgreSQL rather than a file.</summary>
    public static bool IsPostgres(string db) => PostgresUri.IsUri(db.Trim()) || IsNpgsqlConnectionString(db.Trim());

    private static bool IsNpgsqlConnectionString(string db)
    {
        foreach (var part in db.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                continue;
            var key = part[..eq].Trim();
            if (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
