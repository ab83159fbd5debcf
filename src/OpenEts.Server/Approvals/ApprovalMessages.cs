// Commands and events of four-eyes approvals. A proposal holds the command it would run; the
// client address is recorded with each step so the trail says from where, not only who and when.
using OpenEts.Core;

namespace OpenEts.Server.Approvals;

/// <summary>Proposes <paramref name="Action"/> (a command the four-eyes rulebook lists) for a second regulator to approve.</summary>
public sealed record ProposeAction(Command Action, string? Note = null, string? ClientAddress = null) : Command;

/// <summary>Approves a pending proposal: its command runs now, as the proposer, and succeeds or fails with it.</summary>
public sealed record ApproveProposal(string ProposalId, string? ClientAddress = null) : Command;

/// <summary>Turns a pending proposal down (another regulator) or withdraws it (the proposer).</summary>
public sealed record RejectProposal(string ProposalId, string Reason, string? ClientAddress = null) : Command;

/// <summary>A proposal was made; it may be approved until <paramref name="ExpiresAt"/> (the four-eyes rulebook's expiry after <paramref name="Time"/>).</summary>
public sealed record ProposalMade(string ProposalId, string Kind, Command Action, string Proposer, string? Note, DateTimeOffset Time, string? ClientAddress,
    DateTimeOffset? ExpiresAt = null) : Event;

/// <summary>A second regulator approved a proposal; the events of its command come just before this one.</summary>
public sealed record ProposalApproved(string ProposalId, string Approver, DateTimeOffset Time, string? ClientAddress) : Event;

/// <summary>A proposal was turned down or withdrawn.</summary>
public sealed record ProposalRejected(string ProposalId, string RejectedBy, string Reason, DateTimeOffset Time, string? ClientAddress) : Event;
