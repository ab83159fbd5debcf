// The audit trail, read from the journal itself: who (actor), what (kind and command), when, from
// where (the client address, for the commands that record it: logins, four-eyes proposals and decisions),
// and the outcome, with each entry's chain hash. Regulators and the registry operator read it. Auction bids are
// sealed: until their auction has cleared, only the regulator reads a bid's price and quantity here (the journal
// and its hashes are unchanged; only this view leaves them out).
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Http;

namespace OpenEts.Server.Api;

/// <summary>
/// One audit trail entry. <see cref="Redacted"/>: a sealed auction bid read before its auction cleared, by someone other
/// than the regulator: its price, quantity and outcome sentence are left out (null).
/// </summary>
public sealed record AuditEntry(long Seq, string CommandId, string Kind, string Actor, DateTimeOffset Time, bool Accepted,
    string? Code, string? Message, JsonElement? Command, string? ClientAddress, string Hash, bool Redacted = false);

/// <summary>A page of the audit trail.</summary>
public sealed record AuditPage(long Head, IReadOnlyList<AuditEntry> Entries);

/// <summary>Maps the journal endpoints.</summary>
public static class JournalApi
{
    /// <summary>Most entries in one page.</summary>
    public const int MaxPage = 500;

    /// <summary>The command whose price and quantity stay sealed until its auction has cleared.</summary>
    private const string BidKind = "exchange.submit_auction_bid";

    /// <summary>The sealed fields of a bid (an offer, in a buyer's auction).</summary>
    private static readonly string[] SealedFields = ["price_fen", "quantity_t"];

    /// <summary>Refusal codes whose sentence states an account's free units or cash.</summary>
    private static readonly HashSet<string> BalanceCodes = new(StringComparer.Ordinal) { "insufficient_units", "insufficient_cash" };

    /// <summary>Adds GET /journal.</summary>
    public static RouteGroupBuilder MapJournalApi(this RouteGroupBuilder api)
    {
        api.MapGet("/journal", History).WithTags("Journal").WithName("Journal");
        return api;
    }

    private static async Task<IResult> History(HttpContext http, MarketRuntime market, long? after, int? limit)
    {
        var actor = Commands.Actor(http.User);
        // The auctions cleared so far are read before the entries, so a bid of an auction clearing meanwhile stays sealed.
        var (role, cleared) = await market.Engine.QueryAsync(w => (w.Get<RegistryState>().RoleOf(actor),
            w.Get<ExchangeState>().Auctions.Where(a => a.Result is not null).Select(a => a.Terms.AuctionId).ToHashSet(StringComparer.Ordinal)), http.RequestAborted);
        if (role is not (Role.Regulator or Role.RegistryOperator))
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not read the audit trail (regulator or registry operator)."));
        var take = Math.Clamp(limit ?? 100, 1, MaxPage);
        var head = market.Engine.DurableSeq;
        var from = after ?? Math.Max(0, head - take);
        if (from < 0)
            return Problems.Of(422, "invalid_range", "'after' is a sequence number, 0 or more.");
        var entries = market.ReadJournal(from, take).Select(e => ToAudit(e, role == Role.Regulator ? null : cleared)).ToList();
        return Results.Ok(new AuditPage(head, entries));
    }

    /// <summary>An entry as the trail shows it; <paramref name="clearedAuctions"/> null: the reader sees sealed bids.</summary>
    private static AuditEntry ToAudit(JournalEntry e, IReadOnlySet<string>? clearedAuctions)
    {
        using var doc = JsonDocument.Parse(e.Payload);
        var root = doc.RootElement;
        // Identity commands carry password and key hashes: the trail names them but does not show them.
        var raw = root.GetProperty("command");
        // So does a proposal of an identity command (a password reset waiting for a second regulator).
        JsonElement? command = Identity.IdentityModule.IsIdentityKind(e.Kind) || ProposesIdentityCommand(raw) ? null : raw.Clone();
        var from = raw.TryGetProperty("client_address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
        var sealedBid = clearedAuctions is not null && e.Kind == BidKind
            && !(raw.TryGetProperty("auction_id", out var auction) && auction.ValueKind == JsonValueKind.String && clearedAuctions.Contains(auction.GetString()!));
        if (sealedBid)
        {
            // A refusal's sentence can name the amounts (cash needed, tonnes already bid): it is sealed too; the code stays.
            command = Seal(raw);
            message = null;
        }
        else if (clearedAuctions is not null && root.TryGetProperty("code", out var refusal) && refusal.GetString() is { } refused && BalanceCodes.Contains(refused))
        {
            // A refusal for want of units or cash states what the account had free, and that figure is net of any sealed
            // bid's lock: only the regulator reads it here (the holder read it in its own answer); the code stays.
            message = null;
        }
        return new AuditEntry(e.Seq, e.CommandId, e.Kind, root.GetProperty("actor").GetString() ?? "", DateTimeOffset.FromUnixTimeMilliseconds(e.TimeUnixMs),
            e.Accepted, root.TryGetProperty("code", out var code) ? code.GetString() : null, message, command, from, Convert.ToHexStringLower(e.Hash), sealedBid);
    }

    /// <summary>True for an approvals proposal whose action is an identity command (it carries a password hash).</summary>
    private static bool ProposesIdentityCommand(JsonElement command) =>
        command.ValueKind == JsonValueKind.Object && command.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object
        && action.TryGetProperty("$type", out var type) && type.ValueKind == JsonValueKind.String && Identity.IdentityModule.IsIdentityKind(type.GetString()!);

    /// <summary>The bid command with its price and quantity replaced by null.</summary>
    private static JsonElement Seal(JsonElement bid)
    {
        var node = JsonNode.Parse(bid.GetRawText())!.AsObject();
        foreach (var field in SealedFields)
        {
            if (node.ContainsKey(field))
                node[field] = null;
        }
        return JsonSerializer.SerializeToElement(node);
    }
}
