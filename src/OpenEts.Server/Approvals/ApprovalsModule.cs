// Four-eyes approvals as an engine module: one regulator proposes a command the rulebook lists, a
// different regulator approves it, and only then does the command run, as the proposer, through
// the owning module's own handler (its checks, its events) inside the approval's decision.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Server.Approvals;

/// <summary>Registers the approvals state, commands and events.</summary>
public sealed class ApprovalsModule(FourEyesRules rules) : IModule
{
    /// <summary>Longest client address recorded (an IPv6 address with a zone fits).</summary>
    public const int MaxAddressChars = 64;

    /// <inheritdoc />
    public void Register(ModuleBuilder builder)
    {
        builder.State("approvals", () => new ApprovalsState())
            .Command<ProposeAction>("approvals.propose", Propose)
            .Command<ApproveProposal>("approvals.approve", Approve)
            .Command<RejectProposal>("approvals.reject", Reject)
            .Event<ProposalMade>("approvals.proposal_made", (w, e) =>
            {
                var s = S(w);
                s.Put(new Proposal(s.Proposals.Count + 1, e.ProposalId, e.Kind, e.Action, e.Proposer, e.Note, e.Time, e.ClientAddress, ExpiresAt: e.ExpiresAt));
            })
            .Event<ProposalApproved>("approvals.proposal_approved", (w, e) =>
            {
                var s = S(w);
                s.Put(s.Proposals[e.ProposalId] with { Status = ProposalStatus.Approved, DecidedBy = e.Approver, DecidedAt = e.Time, DecidedFrom = e.ClientAddress });
            })
            .Event<ProposalRejected>("approvals.proposal_rejected", (w, e) =>
            {
                var s = S(w);
                s.Put(s.Proposals[e.ProposalId] with { Status = ProposalStatus.Rejected, DecidedBy = e.RejectedBy, DecidedAt = e.Time, DecidedFrom = e.ClientAddress, Reason = e.Reason });
            });
    }

    private static ApprovalsState S(World w) => w.Get<ApprovalsState>();

    private Rejection? Propose(DecisionContext ctx, ProposeAction c)
    {
        if (NotRegulator(ctx, "propose") is { } no)
            return no;
        var catalog = ctx.World.Catalog;
        if (!catalog.Knows(c.Action.GetType()) || !rules.Requires(catalog.CommandName(c.Action.GetType())))
            return new("not_proposable", $"Only these commands go through four-eyes approval: {string.Join(", ", rules.Commands.Order(StringComparer.Ordinal))}.");
        if ((BadText(c.Note, "note", allowEmpty: true) ?? BadAddress(c.ClientAddress)) is { } bad)
            return bad;
        var s = S(ctx.World);
        if (s.Pending >= rules.MaxPending)
            return new("too_many_pending", $"{rules.MaxPending} proposals are pending already; decide some first.");
        ctx.Emit(new ProposalMade(s.NextId, catalog.CommandName(c.Action.GetType()), c.Action, ctx.Actor, c.Note, ctx.Time, c.ClientAddress, ctx.Time + rules.Expiry));
        return null;
    }

    private Rejection? Approve(DecisionContext ctx, ApproveProposal c)
    {
        if ((NotRegulator(ctx, "approve") ?? BadAddress(c.ClientAddress)) is { } no)
            return no;
        if (Open(ctx, c.ProposalId, out var p) is { } closed)
            return closed;
        // The command's time decides (the engine reads no clock): past the expiry the proposal can only be rejected or withdrawn.
        if (p.ExpiresAt is { } expires && ctx.Time > expires)
            return new("proposal_expired", $"Proposal {p.Id} expired at {expires:yyyy-MM-dd HH:mm} UTC ({rules.Expiry.TotalHours:0} hours after it was made); propose it again.");
        if (p.Proposer == ctx.Actor)
            return new("same_approver", $"'{ctx.Actor}' proposed {p.Id}; a different regulator must approve it.");
        // The proposal's command decides as the proposer: a rejection comes back unchanged and the
        // proposal stays pending (nothing was emitted); on success its events come first.
        if (ctx.OnBehalfOf(p.Proposer).Run(p.Action) is { } refused)
            return refused;
        ctx.Emit(new ProposalApproved(p.Id, ctx.Actor, ctx.Time, c.ClientAddress));
        return null;
    }

    private Rejection? Reject(DecisionContext ctx, RejectProposal c)
    {
        if ((NotRegulator(ctx, "reject") ?? BadText(c.Reason, "reason", allowEmpty: false) ?? BadAddress(c.ClientAddress)) is { } no)
            return no;
        if (Open(ctx, c.ProposalId, out var p) is { } closed)
            return closed;
        ctx.Emit(new ProposalRejected(p.Id, ctx.Actor, c.Reason, ctx.Time, c.ClientAddress));
        return null;
    }

    private static Rejection? NotRegulator(DecisionContext ctx, string what) =>
        ctx.World.Get<RegistryState>().RoleOf(ctx.Actor) == Role.Regulator
            ? null
            : new("not_authorized", $"'{ctx.Actor}' may not {what} four-eyes proposals (regulators only).");

    private static Rejection? Open(DecisionContext ctx, string id, out Proposal proposal)
    {
        if (!S(ctx.World).Proposals.TryGetValue(id, out var found))
        {
            proposal = null!;
            return new("unknown_proposal", $"No proposal '{id}'.");
        }
        proposal = found;
        return proposal.Status == ProposalStatus.Pending
            ? null
            : new("proposal_closed", $"Proposal {id} was {proposal.Status.ToString().ToLowerInvariant()} already by '{proposal.DecidedBy}'.");
    }

    private Rejection? BadText(string? text, string name, bool allowEmpty)
    {
        if (allowEmpty && string.IsNullOrEmpty(text))
            return null;
        return text is null || text.Length > rules.MaxNoteChars || string.IsNullOrWhiteSpace(text) || text.Any(char.IsControl)
            ? new("invalid_" + name, $"A {name} is 1 to {rules.MaxNoteChars} characters of text, without control characters.")
            : null;
    }

    private static Rejection? BadAddress(string? address) =>
        address is null || (address.Length is > 0 and <= MaxAddressChars && address.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or ':' or '%'))
            ? null
            : new("invalid_client_address", $"A client address is an IP address of at most {MaxAddressChars} characters.");
}
