// openets verify: walks the hash chain, then replays the state and checks the registry's invariants.
using OpenEts.Core;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>openets verify: exit 0 only when the chain is whole and the replayed books balance.</summary>
public sealed class VerifyCommand : Command<NoSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, NoSettings settings, CancellationToken cancellationToken)
    {
        var db = GlobalOptions.Current.Database;
        ChainReport report;
        using (var journal = MarketHost.OpenJournal(db))
        {
            journal.Open();
            report = ChainVerifier.Verify(journal);
        }
        string? stateHash = null;
        List<string> violations = [];
        if (report.Sound)
        {
            using var engine = Engine.Open(MarketHost.OpenJournal(db), MarketHost.Catalog);
            stateHash = engine.StateHashAsync().GetAwaiter().GetResult();
            violations = engine.QueryAsync(w => RegistryInvariants.Violations(w.Get<RegistryState>())).GetAwaiter().GetResult();
        }
        var sound = report.Sound && violations.Count == 0;
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                sound,
                entries = report.EntriesChecked,
                last_seq = report.LastSeq,
                last_hash = report.LastHash,
                state_hash = stateHash,
                problem = report.Problem is { } p ? new { seq = p.Seq, kind = p.Kind.ToString().ToLowerInvariant(), detail = p.Detail } : null,
                invariant_violations = violations,
            });
        }
        else if (report.Problem is { } p)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]broken[/] at entry {p.Seq}: {p.Kind.ToString().ToLowerInvariant()} — {p.Detail}. {report.EntriesChecked:N0} entries before it are sound.");
        }
        else if (violations.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]chain sound but the books do not balance[/]: {string.Join("; ", violations.Take(5))}");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[green]sound[/]: {report.EntriesChecked:N0} entries, head {report.LastHash[..16]}…, state {stateHash![..16]}…, invariants hold.");
        }
        if (!sound)
            Console.Error.WriteLine(report.Problem is { } q ? $"chain_broken: entry {q.Seq} is {q.Kind.ToString().ToLowerInvariant()}" : "invariant_violated: the replayed books do not balance");
        return sound ? ExitCodes.Ok : ExitCodes.Rejected;
    }
}
