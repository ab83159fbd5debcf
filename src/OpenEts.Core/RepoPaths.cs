// Finds the repository root and the shared public data beside it (used by tests and the demo).
namespace OpenEts.Core;

/// <summary>Locates the repository root (the folder with OpenEts.slnx) and ../shared/data beside it.</summary>
public static class RepoPaths
{
    /// <summary>The repository root above <paramref name="start"/> (default: the running program's folder), or null.</summary>
    public static string? FindRoot(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenEts.slnx")))
            dir = dir.Parent;
        return dir?.FullName;
    }

    /// <summary>The shared public data folder (../shared/data beside the repository root).</summary>
    public static string SharedData() =>
        Path.GetFullPath(Path.Combine(FindRoot() ?? throw new DirectoryNotFoundException("The repository root (with OpenEts.slnx) was not found."), "..", "shared", "data"));
}
