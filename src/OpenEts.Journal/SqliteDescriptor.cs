// The operating system's descriptor of the database file an SQLite connection has open, borrowed from SQLite. Never a
// descriptor of our own: on Linux, closing any descriptor of a file drops every POSIX lock the process holds on it,
// SQLite's own included, and SQLite's locks are what keep another process from deleting the log beneath the writer.
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenEts.Journal;

/// <summary>Finds the descriptor SQLite's unix file of a connection's main database holds, where it can be found and checked (Linux).</summary>
internal static unsafe partial class SqliteDescriptor
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
    /// the descriptor must lead, through <c>/proc/self/fd</c>, to the database's own path with every link resolved.
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
            // The descriptor's file, as the kernel names it (every link resolved), must be the database's own path resolved.
            var target = File.ResolveLinkTarget($"/proc/self/fd/{fd}", returnFinalTarget: false)?.FullName;
            if (target is null || target != RealPath(path))
                return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return fd;
    }

    /// <summary>
    /// The first bytes of the main database file of <paramref name="connection"/>, read through SQLite's own descriptor (no
    /// descriptor of ours opened or closed), or null where that descriptor cannot be borrowed. Before any statement runs,
    /// SQLite has read only the file's header: no leftover log or rollback journal beside it has been looked at yet.
    /// </summary>
    public static byte[]? Header(SqliteConnection connection, string path, int length)
    {
        if (Of(connection, path) is not { } fd)
            return null;
        var header = new byte[length];
        using var borrowed = new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)fd, ownsHandle: false);
        var read = 0;
        while (read < length && RandomAccess.Read(borrowed, header.AsSpan(read), read) is var n and > 0)
            read += n;
        return header[..read];
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
