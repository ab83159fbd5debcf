// openets verify: walks the hash chain, then replays the state and checks the registry's invariants.
using System.ComponentModel;
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Options of <c>verify</c>.</summary>
public sealed class VerifySettings : CommandSettings
{
    /// <summary>A head recorded outside the database (SEQ:HASH), which the chain must contain.</summary>
    [CommandOption("--expect-head <SEQ:HASH>")]
    [Description("A head recorded outside the database, as SEQ:HASH (from an earlier verify or a published record): the chain must hold that entry with that hash, so a journal cut back to an earlier, consistent head is caught.")]
    public string? ExpectHead { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        ExpectHead is null || ParseHead(ExpectHead) is not null
            ? ValidationResult.Success()
            : ValidationResult.Error($"--expect-head takes SEQ:HASH, an entry number and its 64-character hash in hex (as verify prints them); '{ExpectHead}' is not.");

    /// <summary>The entry number and hash of SEQ:HASH, or null when malformed.</summary>
    public static (long Seq, string Hash)? ParseHead(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
            return null;
        var hash = text[(colon + 1)..].ToLowerInvariant();
        return hash.Length == 64 && hash.All(char.IsAsciiHexDigit) ? (seq, hash) : null;
    }
}

/// <summary>openets verify: exit 0 only when the chain is whole and the replayed books balance.</summary>
public sealed class VerifyCommand : Command<VerifySettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, VerifySettings settings, CancellationToken cancellationToken)
    {
        var db = GlobalOptions.Current.Database;
        ChainReport report;
        string? stateHash = null;
        List<string> violations = [];
        var inSnapshot = false;
        using (var journal = MarketHost.OpenJournal(db))
        {
            journal.Open();
            report = ChainVerifier.Verify(journal);
            if (report.Sound && settings.ExpectHead is not null && VerifySettings.ParseHead(settings.ExpectHead) is var (seq, hash))
                report = report with { Problem = ExpectedHead(journal, report, seq, hash) };
            if (report.Sound)
            {
                // The state is replayed from the first entry, not from the latest snapshot: the snapshot is held to that replay.
                var replay = JournalReplay.FromGenesis(journal, MarketHost.Catalog);
                stateHash = replay.World.StateHash();
                violations = RegistryInvariants.Violations(replay.World.Get<RegistryState>());
                inSnapshot = replay.Snapshot is not null;
                if (replay.Snapshot is { } altered)
                    report = report with { Problem = altered };
            }
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
                problem = report.Problem is { } p ? new { seq = p.Seq, kind = p.Kind.ToString().ToLowerInvariant(), detail = p.Detail, in_snapshot = inSnapshot } : null,
                invariant_violations = violations,
            });
        }
        else if (report.Problem is { } sp && inSnapshot)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]snapshot broken[/] at entry {sp.Seq}: {sp.Detail}. The chain's {report.EntriesChecked:N0} entries are sound; a restart would load the snapshot, so remove it (the table snapshots) or restore the database from a backup.");
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
            AnsiConsole.MarkupLineInterpolated($"[green]sound[/]: {report.EntriesChecked:N0} entries, state {stateHash![..16]}…, invariants hold. Head {report.LastSeq}:{report.LastHash} (kept elsewhere, --expect-head checks a later copy against it).");
        }
        if (!sound)
            Console.Error.WriteLine(report.Problem is { } q
                ? inSnapshot ? $"snapshot_altered: the snapshot at entry {q.Seq} is not the state of the entries before it" : $"chain_broken: entry {q.Seq} is {q.Kind.ToString().ToLowerInvariant()}"
                : "invariant_violated: the replayed books do not balance");
        return sound ? ExitCodes.Ok : ExitCodes.Rejected;
    }

    /// <summary>Null when the sound chain holds entry <paramref name="seq"/> with <paramref name="hash"/>; else what is wrong.</summary>
    private static ChainProblem? ExpectedHead(IJournal journal, ChainReport report, long seq, string hash)
    {
        if (seq > report.LastSeq)
            return new ChainProblem(report.LastSeq + 1, ChainProblemKind.Missing,
                $"the journal ends at entry {report.LastSeq} but the head recorded outside it is entry {seq}: entries were cut from the end");
        var found = seq == 0 ? JournalFormat.Hex(HashChain.Genesis) : journal.ReadOne(seq) is { } e ? JournalFormat.Hex(e.Hash) : null;
        return found == hash ? null
            : new ChainProblem(seq, ChainProblemKind.Altered, $"entry {seq} does not have the hash recorded outside the journal ({hash[..12]}…): history was rewritten from there on");
    }
}
