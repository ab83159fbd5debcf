// Proposals and their steps (who, when, from where), folded from the approval events.
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Server.Approvals;

/// <summary>Where a proposal stands.</summary>
public enum ProposalStatus
{
    /// <summary>Waiting for a second regulator.</summary>
    Pending,

    /// <summary>Approved: its command ran.</summary>
    Approved,

    /// <summary>Turned down or withdrawn: its command never ran.</summary>
    Rejected,
}

/// <summary>One proposal.</summary>
public sealed record Proposal(
    long Number,
    string Id,
    string Kind,
    Command Action,
    string Proposer,
    string? Note,
    DateTimeOffset ProposedAt,
    string? ProposedFrom,
    ProposalStatus Status = ProposalStatus.Pending,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? DecidedFrom = null,
    string? Reason = null,
    DateTimeOffset? ExpiresAt = null);

/// <summary>Every proposal, by id.</summary>
public sealed class ApprovalsState : IModuleState
{
    /// <summary>Proposals by id ("P-1", "P-2", ...).</summary>
    public Dictionary<string, Proposal> Proposals { get; } = new(StringComparer.Ordinal);

    /// <summary>Proposals still pending.</summary>
    public int Pending { get; private set; }

    /// <summary>The id the next proposal gets: numbered in journal order, so every replay gives the same ids.</summary>
    public string NextId => $"P-{Proposals.Count + 1}";

    /// <summary>Adds or replaces a proposal, keeping the pending count.</summary>
    public void Put(Proposal p)
    {
        if (Proposals.TryGetValue(p.Id, out var old) && old.Status == ProposalStatus.Pending)
            Pending--;
        Proposals[p.Id] = p;
        if (p.Status == ProposalStatus.Pending)
            Pending++;
    }

    /// <inheritdoc />
    public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, Proposals.Values.OrderBy(p => p.Number).ToList(), options);

    /// <inheritdoc />
    public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
    {
        Proposals.Clear();
        Pending = 0;
        foreach (var p in snapshot.Deserialize<List<Proposal>>(options) ?? [])
            Put(p);
    }
}
