// The registry in the browser: the accounts a person may see, and one account's holdings and locks.
// The same visibility as the API: regulators and operators see all, holders only their own, and a standing
// auction bid's lock is sealed as in the API (RegistryApi.Detail).
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenEts.Registry;
using OpenEts.Server.Api;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>GET /registry and GET /registry/accounts/{id}.</summary>
public static class RegistryPages
{
    /// <summary>The accounts list with each class's totals.</summary>
    public static async Task<IResult> Accounts(HttpContext http, MarketRuntime m)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        var seq = m.Engine.DurableSeq;
        var (accounts, classes) = await m.Engine.QueryAsync(w =>
        {
            var s = w.Get<RegistryState>();
            var all = RegistryApi.SeesAll(s, viewer.Name!);
            var list = s.Accounts.Values.Where(a => all || a.Holder == viewer.Name).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
            var ids = list.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            var held = s.Holdings.Where(h => ids.Contains(h.Key.Account)).GroupBy(h => h.Key.Class).ToDictionary(g => g.Key, g => g.Sum(h => h.Value.Held), StringComparer.Ordinal);
            var cls = s.Classes.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => (c.Id, c.Type, c.Issued, Held: held.GetValueOrDefault(c.Id))).ToList();
            return (list, cls);
        }, http.RequestAborted);
        var sb = new StringBuilder("<h1>Registry</h1>");
        sb.Append("<div class=\"scroll\"><table><caption>Accounts you can see</caption><tr><th scope=\"col\">Account</th><th scope=\"col\">Holder</th><th scope=\"col\">Name</th><th scope=\"col\">Kind</th><th scope=\"col\">Status</th></tr>");
        foreach (var a in accounts)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/registry/accounts/{Uri.EscapeDataString(a.Id)}\">{E(a.Id)}</a></td><td>{E(a.Holder)}</td><td>{E(a.HolderName)}</td><td>{KindOf(a.Kind, a.NaturalPerson)}</td><td>{Status(a.Closed, a.FrozenReason)}</td></tr>");
        sb.Append("</table></div><div class=\"scroll\"><table><caption>Units by class (tonnes; cash in fen)</caption><tr><th scope=\"col\">Class</th><th scope=\"col\">Type</th><th scope=\"col\" class=\"n\">Issued</th><th scope=\"col\" class=\"n\">Held by these accounts</th></tr>");
        foreach (var (id, type, issued, held) in classes)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(id)}</td><td>{E(type.ToString())}</td><td class=\"n\">{N(issued)}</td><td class=\"n\">{N(held)}</td></tr>");
        sb.Append("</table></div>");
        return Html(http, viewer, "Registry", sb.ToString(), liveSeq: seq);
    }

    /// <summary>One account.</summary>
    public static async Task<IResult> Account(HttpContext http, MarketRuntime m, string accountId)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        var seq = m.Engine.DurableSeq;
        var detail = await m.Engine.QueryAsync(w => RegistryApi.Detail(w, accountId, viewer.Name!), http.RequestAborted);
        if (detail is null)
            return Html(http, viewer, "No such account", $"<h1>No such account</h1><p class=\"error\" role=\"alert\">No account you can see has the id '{E(accountId)}'.</p>", 404);
        var a = detail.Account;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<h1>Account {E(a.AccountId)}</h1><dl><dt>Holder</dt><dd>{E(a.Holder)}</dd><dt>Name</dt><dd>{E(a.HolderName ?? "—")}</dd>");
        sb.Append(CultureInfo.InvariantCulture, $"<dt>Kind</dt><dd>{KindOf(a.Kind, a.NaturalPerson)}</dd><dt>Market</dt><dd>{E(a.MarketId)}</dd><dt>Status</dt><dd>{Status(a.Closed, a.FrozenReason)}</dd></dl>");
        sb.Append("<div class=\"scroll\"><table><caption>Holdings (tonnes; cash in fen)</caption><tr><th scope=\"col\">Class</th><th scope=\"col\">Type</th><th scope=\"col\" class=\"n\">Held</th><th scope=\"col\" class=\"n\">Locked</th><th scope=\"col\" class=\"n\">Available</th></tr>");
        foreach (var h in detail.Holdings)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(h.ClassId)}</td><td>{E(h.Type.ToString())}</td><td class=\"n\">{N(h.Held)}</td><td class=\"n\">{Amount(h.Locked)}</td><td class=\"n\">{Amount(h.Available)}</td></tr>");
        if (detail.Holdings.Count == 0)
            sb.Append("<tr><td colspan=\"5\">Nothing held.</td></tr>");
        sb.Append("</table></div>");
        if (detail.Locks.Count > 0)
        {
            sb.Append("<div class=\"scroll\"><table><caption>Open locks</caption><tr><th scope=\"col\">Lock</th><th scope=\"col\">Class</th><th scope=\"col\">Reason</th><th scope=\"col\" class=\"n\">Remaining</th></tr>");
            foreach (var l in detail.Locks)
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(l.LockId)}</td><td>{E(l.ClassId)}</td><td>{E(l.Reason.ToString())}</td><td class=\"n\">{Amount(l.Remaining)}</td></tr>");
            sb.Append("</table></div>");
            if (detail.Locks.Any(l => l.Sealed))
                sb.Append("<p id=\"sealed-note\">A standing auction bid is sealed until its auction clears or the bid is withdrawn: its lock's amount, and the locked and available figures of its holding, are not shown.</p>");
        }
        return Html(http, viewer, "Account " + a.AccountId, sb.ToString(), liveSeq: seq);
    }

    private static string Amount(long? amount) => amount is { } n ? N(n) : "sealed";

    private static string Status(bool closed, string? frozenReason) =>
        closed ? "closed" : frozenReason is { } why ? "frozen: " + E(why) : "open";

    /// <summary>The account's kind, and "natural person" where its holder is one (not a legal person or other organisation).</summary>
    private static string KindOf(AccountKind kind, bool naturalPerson) => E(kind.ToString()) + (naturalPerson ? " (natural person)" : "");
}
