// How many frames SQLite's write-ahead log holds, as SQLite itself counts them: sqlite3_wal_hook calls back on the committing
// thread, after each commit, with the log's frame count (small again once the log has started over). e_sqlite3, the SQLite
// that Microsoft.Data.Sqlite bundles, is loaded already; the function is found in it by name. Where it is not found the
// count stays unknown and the journal leaves the log to SQLite's own restarts.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace OpenEts.Journal;

/// <summary>The frame count of one connection's write-ahead log after its latest commit.</summary>
internal sealed unsafe class SqliteLogSize
{
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int, int>, IntPtr, IntPtr> s_walHook;

    /// <summary>
    /// Where SQLite writes the count: pinned, and alive as long as this object is, so a reader of <see cref="Frames"/> (the
    /// metrics page, say) never reads memory already given back, also while the journal closes.
    /// </summary>
    private readonly int[] _frames = GC.AllocateArray<int>(1, pinned: true);

    static SqliteLogSize() =>
        s_walHook = (delegate* unmanaged[Cdecl]<IntPtr, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int, int>, IntPtr, IntPtr>)BundledSqlite.Export("sqlite3_wal_hook");

    /// <summary>
    /// Watches the log of <paramref name="db"/> (it replaces SQLite's automatic checkpoint, which the journal turns off anyway);
    /// null where SQLite's function is not found. Kept by the journal at least as long as the connection is open.
    /// </summary>
    public static SqliteLogSize? Watch(sqlite3 db)
    {
        if (s_walHook == null)
            return null;
        var watch = new SqliteLogSize();
        s_walHook(db.DangerousGetHandle(), &OnCommit, Marshal.UnsafeAddrOfPinnedArrayElement(watch._frames, 0));
        return watch;
    }

    /// <summary>Frames in the log after the latest commit (0 before the first).</summary>
    public int Frames => Volatile.Read(ref _frames[0]);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnCommit(IntPtr frames, IntPtr db, IntPtr name, int count)
    {
        Volatile.Write(ref *(int*)frames, count);
        return raw.SQLITE_OK;
    }
}
