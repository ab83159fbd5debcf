// The SQLite that Microsoft.Data.Sqlite bundles (e_sqlite3, loaded already by SQLitePCLRaw): functions of it that
// SQLitePCLRaw does not offer, or offers only at a per-call cost, found by name. Only that SQLite, and only when it is the
// one the connections use: a handle of one SQLite passed to another would corrupt memory.
using System.Runtime.InteropServices;
using SQLitePCL;

namespace OpenEts.Journal;

/// <summary>Finds functions of the bundled SQLite by name.</summary>
internal static class BundledSqlite
{
    private static readonly IntPtr Library =
        raw.GetNativeLibraryName() == "e_sqlite3" && NativeLibrary.TryLoad("e_sqlite3", typeof(raw).Assembly, null, out var library) ? library : IntPtr.Zero;

    /// <summary>The address of the function <paramref name="name"/>, or zero where the bundled SQLite is not in use or lacks it.</summary>
    public static IntPtr Export(string name) =>
        Library != IntPtr.Zero && NativeLibrary.TryGetExport(Library, name, out var function) ? function : IntPtr.Zero;
}
