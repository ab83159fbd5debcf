// The operating system's descriptor of the database file an SQLite connection has open, borrowed from SQLite. Never a
// descriptor of our own: on Linux, closing any descriptor of a file drops every POSIX lock the process holds on it,
// SQLite's own included, and SQLite's locks are what keep another process from deleting the log beneath the writer.
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenEts.Journal;

/// <summary>Finds the descriptor SQLite's unix file of a connection's main database holds, where it can be found and checked.</summary>
internal static unsafe class SqliteDescriptor
{
    private const int FcntlFilePointer = 7;  // SQLITE_FCNTL_FILE_POINTER

    private static readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, int, void*, int> FileControl = Find();

    private static delegate* unmanaged[Cdecl]<IntPtr, byte*, int, void*, int> Find()
    {
        if (OperatingSystem.IsLinux() && raw.GetNativeLibraryName() == "e_sqlite3"
            && NativeLibrary.TryLoad("e_sqlite3", typeof(raw).Assembly, null, out var lib)
            && NativeLibrary.TryGetExport(lib, "sqlite3_file_control", out var fileControl))
            return (delegate* unmanaged[Cdecl]<IntPtr, byte*, int, void*, int>)fileControl;
        return null;
    }

    /// <summary>
    /// The descriptor of <paramref name="path"/> that <paramref name="connection"/> has open (valid while it stays open, and
    /// never to be closed), or null. SQLite hands out its file object (<c>SQLITE_FCNTL_FILE_POINTER</c>); its unix file keeps
    /// the descriptor after three pointers (methods, VFS, inode), as it has since 2010. That layout is checked, not trusted:
    /// the descriptor must lead, through <c>/proc/self/fd</c>, to a file of the database's name that is the database.
    /// </summary>
    public static int? Of(SqliteConnection connection, string path)
    {
        if (FileControl == null || connection.Handle is not { } db)
            return null;
        void* file = null;
        int rc;
        fixed (byte* main = "main\0"u8)
            rc = FileControl(db.DangerousGetHandle(), main, FcntlFilePointer, &file);
        if (rc != 0 || file == null)
            return null;
        var fd = *(int*)((byte*)file + 3 * IntPtr.Size);
        if (fd < 0)
            return null;
        try
        {
            var target = File.ResolveLinkTarget($"/proc/self/fd/{fd}", returnFinalTarget: false)?.FullName;
            var real = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
            if (target is null || Path.GetFileName(target) != Path.GetFileName(real) || new FileInfo(target).Length != new FileInfo(real).Length)
                return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return fd;
    }
}
