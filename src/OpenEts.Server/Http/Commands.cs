// Submits a command on behalf of the authenticated identity and turns its outcome into a response.
// The Idempotency-Key header becomes the command id: a retry gets the first outcome back.
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Server.Http;

/// <summary>The body of an accepted command's response.</summary>
public sealed record CommandAccepted(string CommandId, long Seq, bool Replayed, JsonElement Events);

/// <summary>Runs commands for endpoints.</summary>
public static class Commands
{
    /// <summary>Header carrying the client's command id.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Longest Idempotency-Key accepted.</summary>
    public const int MaxKeyLength = 56;

    /// <summary>The authenticated identity's name.</summary>
    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? throw new InvalidOperationException("No authenticated identity.");

    /// <summary>Submits <paramref name="command"/> as the caller; 200 with events, or a problem.</summary>
    public static async Task<IResult> Run(HttpContext http, MarketRuntime market, Command command)
    {
        var actor = Actor(http.User);
        if (await FourEyesGate(http, market, command) is { } gated)
            return gated;
        string commandId;
        if (http.Request.Headers.TryGetValue(IdempotencyHeader, out var values))
        {
            var key = values.ToString();
            if (key.Length is 0 or > MaxKeyLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                return Problems.Of(400, "invalid_idempotency_key", $"An Idempotency-Key is 1 to {MaxKeyLength} letters, digits, '-', '_' or '.'.");
            // Namespaced by actor so two callers' keys never meet.
            commandId = $"api:{actor}:{key}";
        }
        else
        {
            commandId = MarketRuntime.NewId();
        }
        var outcome = await market.SubmitAsync(commandId, actor, command, http.RequestAborted);
        if (outcome.Replayed)
            http.Response.Headers["Idempotent-Replayed"] = "true";
        if (outcome.Rejection is { } r)
            return Problems.Rejected(r, outcome.Seq);
        // Identity events carry password and key hashes: an answer (the approval of a password reset, say) shows them without.
        var events = JsonSerializer.SerializeToElement(outcome.Events.Select(Identity.IdentityModule.WithoutSecrets), market.Engine.Catalog.Json);
        return Results.Ok(new CommandAccepted(commandId, outcome.Seq, outcome.Replayed, events));
    }

    /// <summary>The client's address as recorded in commands that carry one.</summary>
    public static string? ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    // One place for every endpoint (also other modules' own files): a command the four-eyes rulebook
    // lists is refused when sent directly while the server requires a second regulator.
    private static async Task<IResult?> FourEyesGate(HttpContext http, MarketRuntime market, Command command) =>
        await NeedsSecondRegulator(http, market, command)
            ? Problems.Of(403, "four_eyes_required", $"{market.Engine.Catalog.CommandName(command.GetType())} needs two regulators: propose it at POST /api/proposals and have a different regulator approve it.")
            : null;

    /// <summary>
    /// True when this server runs <paramref name="command"/> only as a proposal a second regulator approves (four-eyes on
    /// and the command listed). The web pages ask this too, and propose instead of sending.
    /// </summary>
    public static async Task<bool> NeedsSecondRegulator(HttpContext http, MarketRuntime market, Command command)
    {
        var options = http.RequestServices.GetService<ServerOptions>();
        if (options is not { FourEyes: true } || !market.Engine.Catalog.Knows(command.GetType()))
            return false;
        if (!options.Rules.Requires(market.Engine.Catalog.CommandName(command.GetType())))
            return false;
        // A member auctioning its own units (or buying by auction for its own account) needs no regulator; an auction
        // from the market's auction or reserve account releases allowances the regulator controls, so it takes two.
        return command is not OpenEts.Exchange.AnnounceAuction notice || !await market.Engine.QueryAsync(w =>
            w.Get<RegistryState>().Accounts.TryGetValue((notice.Side == OpenEts.Exchange.Side.Buy ? notice.BuyerAccount : notice.SellerAccount) ?? "", out var initiator)
            && initiator.Kind.IsHolderKind(), http.RequestAborted);
    }
}
