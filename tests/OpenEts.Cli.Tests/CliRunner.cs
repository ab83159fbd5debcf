// Runs the real openets CLI (the built openets.dll beside the tests) as a child process.
using System.Diagnostics;

namespace OpenEts.Cli.Tests;

/// <summary>The exit code and output of one CLI run.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Starts the CLI the way a user would and captures what it prints.</summary>
public static class CliRunner
{
    /// <summary>Runs openets with the given arguments in <paramref name="workingDirectory"/> (default: a new temp folder).</summary>
    public static CliResult Run(string[] args, string? workingDirectory = null, string? stdin = null, int timeoutMs = 120_000,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "openets.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? TempDir(),
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "200";
        psi.Environment.Remove("OPENETS_DB");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"openets {string.Join(' ', args)} did not finish in {timeoutMs} ms.");
        }
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a command with --json in <paramref name="dir"/>, asserts exit 0 and returns its JSON.</summary>
    public static System.Text.Json.JsonElement Json(string dir, params string[] args)
    {
        var r = Run([.. args, "--json"], dir);
        Assert.True(r.ExitCode == 0, $"openets {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return System.Text.Json.JsonDocument.Parse(r.Stdout).RootElement;
    }

    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "openets-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The folder of ../shared/data, found by walking up to the repository root.</summary>
    public static string SharedData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenEts.slnx")))
            dir = dir.Parent;
        if (dir is null)
            throw new DirectoryNotFoundException("The repository root (with OpenEts.slnx) was not found above the test folder.");
        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
    }
}
