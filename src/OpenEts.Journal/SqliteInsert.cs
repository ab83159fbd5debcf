// The hot path of the SQLite journal: INSERT statements prepared once, bound by position and stepped,
// without the per-call work of an ADO.NET command. Entries go in groups of 256 rows per statement (less work per
// entry inside SQLite), what is left in groups of 16, and the last few one by one. Where the bundled SQLite's bind functions are
// found by name, each group's text and blobs are laid out in one pinned buffer and bound in place
// (SQLITE_STATIC) through function pointers: no copy and allocation by SQLite per value, and no safe-handle
// reference counting per call, which together took about 4% of the engine's CPU per order.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using OpenEts.Core;
using SQLitePCL;
using static OpenEts.Journal.SqliteCalls;

namespace OpenEts.Journal;

/// <summary>Prepared INSERTs of journal entries; used only by the write connection, inside its transaction.</summary>
internal sealed unsafe class SqliteInsert : IDisposable
{
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int, long, int> s_bindInt64;
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int, byte*, int, IntPtr, int> s_bindText;
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int, byte*, int, IntPtr, int> s_bindBlob;

    static SqliteInsert()
    {
        var (bindInt64, bindText, bindBlob) = (BundledSqlite.Export("sqlite3_bind_int64"), BundledSqlite.Export("sqlite3_bind_text"), BundledSqlite.Export("sqlite3_bind_blob"));
        if (bindInt64 != IntPtr.Zero && bindText != IntPtr.Zero && bindBlob != IntPtr.Zero)
        {
            s_bindInt64 = (delegate* unmanaged[Cdecl]<IntPtr, int, long, int>)bindInt64;
            s_bindText = (delegate* unmanaged[Cdecl]<IntPtr, int, byte*, int, IntPtr, int>)bindText;
            s_bindBlob = (delegate* unmanaged[Cdecl]<IntPtr, int, byte*, int, IntPtr, int>)bindBlob;
        }
    }

    /// <summary>True where values are bound in place from a pinned buffer (the bundled SQLite's functions were found).</summary>
    public static bool BindsInPlace => s_bindBlob != null;

    /// <summary>SQLITE_STATIC: SQLite reads a bound value where it lies, until it is bound again, and copies nothing.</summary>
    private static readonly IntPtr Static = IntPtr.Zero;

    /// <summary>
    /// Size of the buffer values are bound from, and the most it keeps after a larger group: room for a group of
    /// <see cref="Group"/> orders of a few fills each (a placed order's entry is about 0.6 to 2 KB).
    /// </summary>
    public const int BoundBytes = 1 << 20;

    /// <summary>
    /// Where a group's text and blobs lie while bound: pinned (it never moves), replaced by a larger one when a group needs
    /// more and by one of <see cref="BoundBytes"/> again after that group. Every value is bound again before each step;
    /// before a buffer is let go every statement's values are cleared, so no statement points into memory given back.
    /// </summary>
    private byte[] _bound = GC.AllocateUninitializedArray<byte>(BoundBytes, pinned: true);

    /// <summary>
    /// Entries per statement of the largest group. Against groups of 64 (up to this round), the journal writer's CPU per
    /// order in 'bench exchange --durable' was about a tenth lower (fewer statements stepped and reset per entry).
    /// </summary>
    public const int Group = 256;

    /// <summary>Entries per statement of the groups that take what is left after the large ones (a batch is of any length).</summary>
    public const int SmallGroup = 16;

    private const int Columns = 9;

    /// <summary>The statements, largest group first, the last one of a single row.</summary>
    private readonly (int Rows, sqlite3_stmt Statement)[] _statements;

    /// <summary>Statements stepped since the connection opened, by rows per statement (as <see cref="GroupSizes"/>).</summary>
    private readonly long[] _stepped;

    public SqliteInsert(sqlite3 db, string table, string columns)
    {
        var statements = new List<(int, sqlite3_stmt)>();
        try
        {
            // A SQLite built to bind fewer values per statement than a group needs (999 before 3.32) goes without that group.
            var variables = raw.sqlite3_limit(db, raw.SQLITE_LIMIT_VARIABLE_NUMBER, -1);
            foreach (var rows in (ReadOnlySpan<int>)[Group, SmallGroup, 1])
            {
                if (rows == 1 || rows * Columns <= variables)
                    statements.Add((rows, Prepare(db, $"INSERT INTO {table} ({columns}) VALUES {Rows(rows)}")));
            }
        }
        catch
        {
            foreach (var (_, statement) in statements)
                statement.Dispose();
            throw;
        }
        _statements = [.. statements];
        _stepped = new long[_statements.Length];
    }

    /// <summary>Rows per statement of each statement prepared, largest first (the last is 1).</summary>
    public IReadOnlyList<int> GroupSizes => [.. _statements.Select(s => s.Rows)];

    /// <summary>Statements stepped so far, by rows per statement, in the order of <see cref="GroupSizes"/>.</summary>
    public IReadOnlyList<long> Stepped => [.. _stepped];

    /// <summary>Inserts the entries in order: as many of the largest groups as fit, then of the next, then single rows.</summary>
    public void Insert(sqlite3 db, IReadOnlyList<JournalEntry> entries)
    {
        var i = 0;
        for (var k = 0; k < _statements.Length; k++)
        {
            var (rows, statement) = _statements[k];
            for (; i + rows <= entries.Count; i += rows)
            {
                BindRows(statement, entries, i, rows, db);
                Step(statement, db);
                _stepped[k]++;
            }
        }
        if (_bound.Length > BoundBytes)
            Rebound(BoundBytes);
    }

    /// <summary>Lets the buffer go for one of <paramref name="bytes"/>, once no statement has a value bound in it.</summary>
    private void Rebound(int bytes)
    {
        foreach (var (_, statement) in _statements)
            raw.sqlite3_clear_bindings(statement);
        _bound = GC.AllocateUninitializedArray<byte>(bytes, pinned: true);
    }

    public void Dispose()
    {
        foreach (var (_, statement) in _statements)
            statement.Dispose();
    }

    private static string Rows(int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(r => "(" + string.Join(", ", Enumerable.Range(1, Columns).Select(c => "?" + (r * Columns + c))) + ")"));

    /// <summary>Room for the longest command id in UTF-8.</summary>
    private const int CommandIdBytes = CommandEnvelope.MaxCommandIdLength * 3;

    /// <summary>Most command kinds kept encoded.</summary>
    private const int MaxKinds = 4096;

    /// <summary>Command kinds are few: each is encoded to UTF-8 once (and copied where its row is bound).</summary>
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

    private void BindRows(sqlite3_stmt s, IReadOnlyList<JournalEntry> entries, int from, int count, sqlite3 db)
    {
        if (!BindsInPlace)
        {
            for (var k = 0; k < count; k++)
                Bind(s, k * Columns, entries[from + k], db);
            return;
        }
        long need = 0;
        for (var k = 0; k < count; k++)
        {
            var e = entries[from + k];
            need += Encoding.UTF8.GetMaxByteCount(e.CommandId.Length) + Encoding.UTF8.GetMaxByteCount(e.Kind.Length) + e.ContentHash.Length + e.Payload.Length
                + e.PrevHash.Length + e.Hash.Length;
        }
        if (need > Array.MaxLength)
            throw new ArgumentException($"Entries {entries[from].Seq} to {entries[from + count - 1].Seq} hold more than {Array.MaxLength:N0} bytes.", nameof(entries));
        if (need > _bound.Length)
            Rebound((int)Math.Max(need, Math.Min(2L * _bound.Length, Array.MaxLength)));
        var statement = s.DangerousGetHandle();
        var buffer = _bound;
        // Pinned when made, so its address holds for as long as it lives.
        var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        var used = 0;
        for (var k = 0; k < count; k++)
        {
            var e = entries[from + k];
            var at = k * Columns;
            Check(s_bindInt64(statement, at + 1, e.Seq), db);
            Check(BindText(statement, at + 2, start, ref used, Encoding.UTF8.GetBytes(e.CommandId, buffer.AsSpan(used))), db);
            Check(BindText(statement, at + 3, start, ref used, Place(buffer, used, KindBytes(e.Kind))), db);
            Check(s_bindInt64(statement, at + 4, e.Accepted ? 1 : 0), db);
            Check(s_bindInt64(statement, at + 5, e.TimeUnixMs), db);
            Check(BindBlob(statement, at + 6, start, ref used, Place(buffer, used, e.ContentHash)), db);
            Check(BindBlob(statement, at + 7, start, ref used, Place(buffer, used, e.Payload.Span)), db);
            Check(BindBlob(statement, at + 8, start, ref used, Place(buffer, used, e.PrevHash)), db);
            Check(BindBlob(statement, at + 9, start, ref used, Place(buffer, used, e.Hash)), db);
        }
    }

    /// <summary>Copies a value into the buffer at <paramref name="used"/>; its length.</summary>
    private static int Place(byte[] buffer, int used, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.AsSpan(used));
        return bytes.Length;
    }

    // The value's bytes were just written at `used`: bound there, and `used` moves past them. The pointer is never null
    // (SQLite would bind NULL), also for an empty value.
    private static int BindText(IntPtr statement, int index, byte* start, ref int used, int length)
    {
        var rc = s_bindText(statement, index, start + used, length, Static);
        used += length;
        return rc;
    }

    private static int BindBlob(IntPtr statement, int index, byte* start, ref int used, int length)
    {
        var rc = s_bindBlob(statement, index, start + used, length, Static);
        used += length;
        return rc;
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
}
