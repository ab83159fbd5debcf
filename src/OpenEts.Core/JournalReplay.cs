// Replays a journal from its first entry, ignoring snapshots, and holds the latest snapshot (the one a restart loads)
// to that replay: a snapshot is only a shortcut, so it must be the state the entries before it make, at the chain
// position they end on, and restoring it then applying the entries after it must end on the same state. One pass over
// the journal does both. `openets verify` runs it after walking the chain.
namespace OpenEts.Core;

/// <summary>The state replayed from the first entry, and what is wrong with the latest snapshot, if anything.</summary>
/// <param name="World">The state after the last entry.</param>
/// <param name="LastSeq">The last entry applied.</param>
/// <param name="Snapshot">The latest snapshot's problem (kind altered), or null when it matches or there is none.</param>
public sealed record ReplayReport(World World, long LastSeq, ChainProblem? Snapshot);

/// <summary>Replays a journal from its first entry.</summary>
public static class JournalReplay
{
    /// <summary>
    /// Applies every entry from the first, then compares the latest snapshot with the replay at its entry: its state
    /// must hash to its recorded state hash, that hash must be the replayed state's, and its chain hash must be the
    /// hash of its entry. A world restored from it takes the entries after it too, as a restart would, and must end on
    /// the replay's state. Assumes the chain was walked first (<see cref="ChainVerifier"/>).
    /// </summary>
    public static ReplayReport FromGenesis(IJournal journal, ModuleCatalog catalog, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(catalog);
        var snapshot = journal.LatestSnapshot();
        var world = catalog.CreateWorld();
        ChainProblem? problem = null;
        World? restored = null;
        void AtSnapshot(ReadOnlySpan<byte> entryHash)
        {
            (problem, restored) = Compare(snapshot!, world, entryHash, catalog);
        }
        if (snapshot is not null && snapshot.Seq == 0)
            AtSnapshot(HashChain.Genesis);
        long seq = 0;
        foreach (var entry in journal.Read(0))
        {
            Payload.ApplyEvents(entry, world, catalog.Json);
            if (restored is not null)
                Payload.ApplyEvents(entry, restored, catalog.Json);
            seq = entry.Seq;
            if (snapshot is not null && seq == snapshot.Seq)
                AtSnapshot(entry.Hash);
            if ((seq & 0xFFFF) == 0)
                progress?.Report(seq);
        }
        if (snapshot is not null && snapshot.Seq > seq)
            problem = new ChainProblem(snapshot.Seq, ChainProblemKind.Altered, $"the snapshot at entry {snapshot.Seq} lies beyond the journal's last entry ({seq})");
        else if (restored is not null && restored.StateHash() != world.StateHash())
            problem = new ChainProblem(seq, ChainProblemKind.Altered, "restoring the latest snapshot and replaying the entries after it gives another state than replaying from the first entry");
        return new ReplayReport(world, seq, problem);
    }

    /// <summary>
    /// The snapshot's problem, or the world restored from it (as a restart would load it). Only a snapshot that is the
    /// replay's state is restored: byte for byte, or, written by an older build in a format since replaced, once restored
    /// (it then writes itself in the current format, which must be the replay's, byte for byte).
    /// </summary>
    private static (ChainProblem? Problem, World? Restored) Compare(StoredSnapshot snapshot, World replayed, ReadOnlySpan<byte> entryHash, ModuleCatalog catalog)
    {
        var at = snapshot.Seq;
        if (!snapshot.ChainHash.AsSpan().SequenceEqual(entryHash))
            return (new ChainProblem(at, ChainProblemKind.Altered, $"the snapshot at entry {at} records a chain hash that is not the hash of entry {at}"), null);
        var ownHash = World.HashOf(snapshot.State);
        if (ownHash != snapshot.StateHash)
            return (new ChainProblem(at, ChainProblemKind.Altered, $"the snapshot at entry {at} does not hash to its recorded state hash"), null);
        var replayedHash = replayed.StateHash();
        if (replayedHash == snapshot.StateHash)
        {
            var restored = catalog.CreateWorld();
            restored.Restore(snapshot.State);
            return (null, restored);
        }
        var (older, unreadable) = OlderFormatRestored(snapshot, catalog);
        if (older is not null && older.StateHash() == replayedHash)
            return (null, older);
        return (new ChainProblem(at, ChainProblemKind.Altered, unreadable is not null
            ? $"the snapshot at entry {at} does not restore ({unreadable}): it was altered, or written by a build that reads it otherwise"
            : $"the snapshot at entry {at} is not the state the entries before it make (replayed from the first entry): it was altered, or written by a build that applies events differently"), null);
    }

    /// <summary>
    /// The world restored from a snapshot written in an older format some module still reads; null when it is not one, or,
    /// with why, when it does not restore.
    /// </summary>
    private static (World? Restored, string? Unreadable) OlderFormatRestored(StoredSnapshot snapshot, ModuleCatalog catalog)
    {
        var world = catalog.CreateWorld();
        try
        {
            world.Restore(snapshot.State);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever a module's reader throws on it (a short array, a missing member, a broken invariant), a snapshot that
            // does not restore is one verify names, not one that stops it.
            return (null, ex.Message);
        }
        // The modules that read their current format are held to their own bytes, as a restart holds them.
        return (world.RestoredOlderFormat && world.WritesAgainAsRestored(snapshot.State) ? world : null, null);
    }
}
