// Crash safety: a child process submits transfers and is killed with SIGKILL at random moments, many
// times; after each kill the chain verifies and every transfer it acknowledged is in the journal.
using System.Collections.Concurrent;
using System.Diagnostics;
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;

namespace OpenEts.Cli.Tests;

public sealed class CrashSafetyTests
{
    [Fact]
    public async Task Acknowledged_transfers_survive_SIGKILL_at_random_moments()
    {
        var dir = CliRunner.TempDir();
        var db = Path.Combine(dir, "crash.db");
        var random = new Random(2024);
        long totalAcked = 0;
        for (var round = 0; round < 12; round++)
        {
            var acked = RunAndKill(dir, db, $"r{round}", random.Next(50, 1_500));
            totalAcked += acked.Count;
            using var journal = JournalFactory.Open(db);
            journal.Open();
            var report = ChainVerifier.Verify(journal);
            Assert.True(report.Sound, $"round {round}: {report.Problem}");
            var stored = journal.ReadCommandIndex().Select(x => x.CommandId).ToHashSet(StringComparer.Ordinal);
            var lost = acked.Where(id => !stored.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"round {round}: {lost.Count} acknowledged transfers lost, e.g. {lost.FirstOrDefault()}");
        }
        await using var engine = Engine.Open(JournalFactory.Open(db), MarketHost.Catalog);
        Assert.Empty(await engine.QueryAsync(w => RegistryInvariants.Violations(w.Get<RegistryState>())));
        Assert.True(totalAcked > 100, $"only {totalAcked} transfers were acknowledged in 12 rounds: the child did too little to test");
    }

    private static List<string> RunAndKill(string dir, string db, string run, int killAfterMs)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "openets.dll"), "--db", db, "crash-child", "--run", run })
            psi.ArgumentList.Add(a);
        var lines = new ConcurrentQueue<string>();
        var ready = new ManualResetEventSlim();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            if (e.Data == "ready")
                ready.Set();
            lines.Enqueue(e.Data);
        };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        Assert.True(ready.Wait(TimeSpan.FromSeconds(90)), "the child never became ready");
        Thread.Sleep(killAfterMs);
        p.Kill();
        p.WaitForExit();
        // Only whole lines count: "ack ID STATUS"; a line cut by the kill lacks its status and is ignored.
        return lines.Select(l => l.Split(' ')).Where(t => t.Length == 3 && t[0] == "ack" && t[2].Length > 0).Select(t => t[1]).ToList();
    }
}
