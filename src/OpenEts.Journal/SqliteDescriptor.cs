// The database file an SQLite connection has open, reached through SQLite's own file object: its header read with
// SQLite's own read method, its operating-system descriptor borrowed. Never a descriptor of our own: on Linux (and every
// POSIX system), closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's own included,
// and SQLite's locks are what keep another process from deleting the log beneath the writer.
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace OpenEts.Journal;

/// <summary>Reads a connection's main database file through SQLite's file object, and finds its descriptor where it can be found and checked (Linux).</summary>
internal static unsafe partial class SqliteDescriptor
{
    private const int FcntlFilePointer = 7;  // SQLITE_FCNTL_FILE_POINTER

    private static readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, int, void*, int> FileControl =
        (delegate* unmanaged[Cdecl]<IntPtr, byte*, int, void*, int>)BundledSqlite.Export("sqlite3_file_control");

    /// <summary>
    /// The descriptor of <paramref name="path"/> that <paramref name="connection"/> has open (valid while it stays open, and
    /// never to be closed), or null. SQLite hands out its file object (<c>SQLITE_FCNTL_FILE_POINTER</c>); its unix file keeps
    /// the descriptor after three pointers (methods, VFS, inode), as it has since 2010. That layout is checked, not trusted:
    /// the descriptor must lead, through <c>/proc/self/fd</c>, to the database's own path with every link resolved.
    /// </summary>
    public static int? Of(SqliteConnection connection, string path)
    {
        var file = OperatingSystem.IsLinux() ? FileOf(connection) : null;
        if (file == null)
            return null;
        var fd = *(int*)((byte*)file + 3 * IntPtr.Size);
        if (fd < 0)
            return null;
        try
        {
            // The descriptor's file, as the kernel names it (every link resolved), must be the database's own path resolved.
            var target = File.ResolveLinkTarget($"/proc/self/fd/{fd}", returnFinalTarget: false)?.FullName;
            if (target is null || target != RealPath(path))
                return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not checked (no /proc, no realpath): no descriptor.
            return null;
        }
        return fd;
    }

    /// <summary>SQLite's file object of the connection's main database (<c>sqlite3_file*</c>), or null.</summary>
    private static void* FileOf(SqliteConnection connection)
    {
        if (FileControl == null || connection.Handle is not { } db)
            return null;
        void* file = null;
        int rc;
        fixed (byte* main = "main\0"u8)
            rc = FileControl(db.DangerousGetHandle(), main, FcntlFilePointer, &file);
        return rc == 0 ? file : null;
    }

    /// <summary>
    /// The first <paramref name="length"/> bytes of the main database file of <paramref name="connection"/> (zeros past its
    /// end), read with SQLite's own read method (<c>pMethods-&gt;xRead</c> of its file object: SQLite's public VFS interface,
    /// on every system), so no descriptor of ours is opened or closed; or null where SQLite's file object cannot be had.
    /// Before any statement runs, SQLite has read only the file's header: no leftover log or rollback journal beside it has
    /// been looked at yet.
    /// </summary>
    public static byte[]? Header(SqliteConnection connection, int length)
    {
        var file = FileOf(connection);
        if (file == null)
            return null;
        // struct sqlite3_file { const sqlite3_io_methods *pMethods; }; struct sqlite3_io_methods { int iVersion;
        // int (*xClose)(sqlite3_file*); int (*xRead)(sqlite3_file*, void*, int iAmt, sqlite3_int64 iOfst); ... }
        var methods = *(void**)file;
        if (methods == null)
            return null;
        var read = *(delegate* unmanaged[Cdecl]<void*, void*, int, long, int>*)((byte*)methods + 2 * IntPtr.Size);
        var header = new byte[length];
        int rc;
        fixed (byte* buffer = header)
            rc = read(file, buffer, length, 0);
        // SQLITE_IOERR_SHORT_READ: a file shorter than asked, the rest zero-filled (as SQLite reads a header).
        return rc is 0 or 522 ? header : null;
    }

    /// <summary>The canonical absolute path of <paramref name="path"/> (realpath(3)), or null.</summary>
    private static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
