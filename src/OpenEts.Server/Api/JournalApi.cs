// The audit trail, read from the journal itself: who (actor), what (kind and command), when, from
// where (the client address, for the commands that record it: logins, four-eyes proposals and decisions),
// and the outcome, with each entry's chain hash. Regulators and the registry operator read it.
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Server.Http;

namespace OpenEts.Server.Api;

/// <summary>One audit trail entry.</summary>
public sealed record AuditEntry(long Seq, string CommandId, string Kind, string Actor, DateTimeOffset Time, bool Accepted,
    string? Code, string? Message, JsonElement? Command, string? ClientAddress, string Hash);

/// <summary>A page of the audit trail.</summary>
public sealed record AuditPage(long Head, IReadOnlyList<AuditEntry> Entries);

/// <summary>Maps the journal endpoints.</summary>
public static class JournalApi
{
    /// <summary>Most entries in one page.</summary>
    public const int MaxPage = 500;

    /// <summary>Adds GET /journal.</summary>
    public static RouteGroupBuilder MapJournalApi(this RouteGroupBuilder api)
    {
        api.MapGet("/journal", History).WithTags("Journal").WithName("Journal");
        return api;
    }

    private static async Task<IResult> History(HttpContext http, MarketRuntime market, long? after, int? limit)
    {
        var actor = Commands.Actor(http.User);
        var role = await market.Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf(actor), http.RequestAborted);
        if (role is not (Role.Regulator or Role.RegistryOperator))
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not read the audit trail (regulator or registry operator)."));
        var take = Math.Clamp(limit ?? 100, 1, MaxPage);
        var head = market.Engine.DurableSeq;
        var from = after ?? Math.Max(0, head - take);
        if (from < 0)
            return Problems.Of(422, "invalid_range", "'after' is a sequence number, 0 or more.");
        var entries = market.ReadJournal(from, take).Select(ToAudit).ToList();
        return Results.Ok(new AuditPage(head, entries));
    }

    private static AuditEntry ToAudit(JournalEntry e)
    {
        using var doc = JsonDocument.Parse(e.Payload);
        var root = doc.RootElement;
        // Identity commands carry password and key hashes: the trail names them but does not show them.
        var raw = root.GetProperty("command");
        JsonElement? command = e.Kind.StartsWith("identity.", StringComparison.Ordinal) ? null : raw.Clone();
        var from = raw.TryGetProperty("client_address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        return new AuditEntry(e.Seq, e.CommandId, e.Kind, root.GetProperty("actor").GetString() ?? "", DateTimeOffset.FromUnixTimeMilliseconds(e.TimeUnixMs),
            e.Accepted, root.TryGetProperty("code", out var code) ? code.GetString() : null, root.TryGetProperty("message", out var m) ? m.GetString() : null,
            command, from, Convert.ToHexStringLower(e.Hash));
    }
}
