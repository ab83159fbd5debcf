// Four-eyes approvals over HTTP: a regulator proposes a listed command (issuance, allocation, a
// freeze), a different regulator approves or anyone of them rejects it; every step records the
// client address. Regulators and the registry operator read the proposals and their trail.
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Server.Approvals;
using OpenEts.Server.Http;

namespace OpenEts.Server.Api;

/// <summary>A proposal request: the command's kind ("registry.issue") and its fields, with an optional note.</summary>
public sealed record ProposalRequest(string Kind, JsonElement Action, string? Note = null);

/// <summary>Why a proposal is turned down.</summary>
public sealed record RejectionRequest(string Reason);

/// <summary>A proposal as the API shows it: what, who proposed it when and from where, and how it was decided.</summary>
public sealed record ProposalView(string ProposalId, string Kind, JsonElement Action, string Proposer, string? Note, DateTimeOffset ProposedAt,
    string? ProposedFrom, ProposalStatus Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecidedFrom, string? Reason, DateTimeOffset? ExpiresAt);

/// <summary>Maps the approval endpoints.</summary>
public static class ApprovalsApi
{
    /// <summary>Adds /proposals endpoints.</summary>
    public static RouteGroupBuilder MapApprovalsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/proposals").WithTags("Approvals");
        g.MapPost("", Propose).WithName("Propose");
        g.MapGet("", List).WithName("ListProposals");
        g.MapGet("/{proposalId}", Get).WithName("GetProposal");
        g.MapPost("/{proposalId}/approve", (HttpContext h, MarketRuntime m, string proposalId) =>
            Commands.Run(h, m, new ApproveProposal(proposalId, Commands.ClientAddress(h)))).WithName("ApproveProposal");
        g.MapPost("/{proposalId}/reject", (HttpContext h, MarketRuntime m, string proposalId, RejectionRequest r) =>
            Commands.Run(h, m, new RejectProposal(proposalId, r.Reason, Commands.ClientAddress(h)))).WithName("RejectProposal");
        return api;
    }

    /// <summary>Reads a proposed action in the engine's own command format; a problem when it is not one.</summary>
    public static (Command? Action, IResult? Problem) ReadAction(MarketRuntime market, ServerOptions options, string kind, JsonElement action)
    {
        // A password reset is proposed by PUT /api/users/{name}/password alone: it never takes another regulator's password
        // and keeps the new hash out of every answer; here the proposer would choose the hash and see it echoed.
        if (Identity.IdentityModule.IsIdentityKind(kind))
            return (null, Problems.Of(422, "not_proposable", "Identity commands are not proposed here: a password reset is proposed with PUT /api/users/{name}/password."));
        if (!options.Rules.Requires(kind))
            return (null, Problems.Of(422, "not_proposable", $"Only these commands go through four-eyes approval: {string.Join(", ", options.Rules.Commands.Where(c => !Identity.IdentityModule.IsIdentityKind(c)).Order(StringComparer.Ordinal))}."));
        if (action.ValueKind != JsonValueKind.Object)
            return (null, Problems.Of(400, "malformed_json", "'action' is a JSON object with the command's fields."));
        var typed = new JsonObject { ["$type"] = kind };
        foreach (var field in action.EnumerateObject())
        {
            if (field.Name.StartsWith('$') || typed.ContainsKey(field.Name))
                return (null, Problems.Of(400, "unknown_field", $"The action has a field it does not take at $.action.{field.Name}."));
            typed[field.Name] = JsonNode.Parse(field.Value.GetRawText());
        }
        try
        {
            var command = typed.Deserialize<Command>(market.Engine.Catalog.Json);
            return command is null ? (null, Problems.Of(400, "missing_field", "The action is empty.")) : (command, null);
        }
        catch (JsonException e)
        {
            var (code, detail) = Problems.OfJson(e);
            return (null, Problems.Of(400, code, detail));
        }
        catch (NotSupportedException)
        {
            // The rulebook names a command whose module this market does not run.
            return (null, Problems.Of(422, "not_proposable", $"This market does not run '{kind}'."));
        }
    }

    private static async Task<IResult> Propose(HttpContext http, MarketRuntime market, ServerOptions options, ProposalRequest request)
    {
        var (action, problem) = ReadAction(market, options, request.Kind, request.Action);
        return problem ?? await Commands.Run(http, market, new ProposeAction(action!, request.Note, Commands.ClientAddress(http)));
    }

    private static async Task<IResult> List(HttpContext http, MarketRuntime market, string? status)
    {
        if (!TryStatus(status, out var wanted))
            return Problems.Of(422, "invalid_status", "'status' is pending, approved, rejected or all.");
        var actor = Commands.Actor(http.User);
        var list = await market.Engine.QueryAsync(w => MayRead(w, actor)
            ? w.Get<ApprovalsState>().Proposals.Values.Where(p => wanted is null || p.Status == wanted).OrderBy(p => p.Number).Select(p => View(w, p)).ToList()
            : null, http.RequestAborted);
        return list is null ? Denied(actor) : Results.Ok(list);
    }

    private static async Task<IResult> Get(HttpContext http, MarketRuntime market, string proposalId)
    {
        var actor = Commands.Actor(http.User);
        var (allowed, view) = await market.Engine.QueryAsync(w => MayRead(w, actor)
            ? (true, w.Get<ApprovalsState>().Proposals.GetValueOrDefault(proposalId) is { } p ? View(w, p) : null)
            : (false, null), http.RequestAborted);
        if (!allowed)
            return Denied(actor);
        return view is null ? Problems.Rejected(new Rejection("unknown_proposal", $"No proposal '{proposalId}'.")) : Results.Ok(view);
    }

    private static bool TryStatus(string? text, out ProposalStatus? wanted)
    {
        wanted = text switch
        {
            null or "pending" => ProposalStatus.Pending,
            "approved" => ProposalStatus.Approved,
            "rejected" => ProposalStatus.Rejected,
            _ => null,
        };
        return wanted is not null || text == "all";
    }

    private static bool MayRead(World w, string actor) => w.Get<RegistryState>().RoleOf(actor) is Role.Regulator or Role.RegistryOperator;

    private static IResult Denied(string actor) =>
        Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not read proposals (regulator or registry operator)."));

    /// <summary>A proposal as shown by the API and the console; a proposed password reset shows no password hash.</summary>
    public static ProposalView View(World w, Proposal p) => new(p.Id, p.Kind,
        JsonSerializer.SerializeToElement(Identity.IdentityModule.WithoutSecrets(p.Action), w.Catalog.Json), p.Proposer, p.Note,
        p.ProposedAt, p.ProposedFrom, p.Status, p.DecidedBy, p.DecidedAt, p.DecidedFrom, p.Reason, p.ExpiresAt);
}
