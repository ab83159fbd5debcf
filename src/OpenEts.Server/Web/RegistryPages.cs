// The registry in the browser: the accounts a person may see, and one account's holdings and locks.
// The same visibility as the API: regulators and operators see all, holders only their own.
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
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/registry/accounts/{Uri.EscapeDataString(a.Id)}\">{E(a.Id)}</a></td><td>{E(a.Holder)}</td><td>{E(a.HolderName)}</td><td>{E(a.Kind.ToString())}</td><td>{Status(a)}</td></tr>");
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
        var detail = await m.Engine.QueryAsync(w =>
        {
            var s = w.Get<RegistryState>();
            if (!s.Accounts.TryGetValue(accountId, out var a) || !(RegistryApi.SeesAll(s, viewer.Name!) || a.Holder == viewer.Name))
                return null;
            var holdings = s.Holdings.Where(h => h.Key.Account == accountId && (h.Value.Held != 0 || h.Value.Locked != 0)).OrderBy(h => h.Key.Class, StringComparer.Ordinal)
                .Select(h => (h.Key.Class, s.Classes[h.Key.Class].Type, h.Value.Held, h.Value.Locked, h.Value.Available)).ToList();
            var locks = s.Locks.Values.Where(l => l.AccountId == accountId).OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => (l.Id, l.ClassId, l.Reason, l.Remaining)).ToList();
            return new { Account = a, Holdings = holdings, Locks = locks };
        }, http.RequestAborted);
        if (detail is null)
            return Html(http, viewer, "No such account", $"<h1>No such account</h1><p class=\"error\" role=\"alert\">No account you can see has the id '{E(accountId)}'.</p>", 404);
        var a = detail.Account;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<h1>Account {E(a.Id)}</h1><dl><dt>Holder</dt><dd>{E(a.Holder)}</dd><dt>Name</dt><dd>{E(a.HolderName ?? "—")}</dd>");
        sb.Append(CultureInfo.InvariantCulture, $"<dt>Kind</dt><dd>{E(a.Kind.ToString())}</dd><dt>Market</dt><dd>{E(a.MarketId)}</dd><dt>Status</dt><dd>{Status(a)}</dd></dl>");
        sb.Append("<div class=\"scroll\"><table><caption>Holdings (tonnes; cash in fen)</caption><tr><th scope=\"col\">Class</th><th scope=\"col\">Type</th><th scope=\"col\" class=\"n\">Held</th><th scope=\"col\" class=\"n\">Locked</th><th scope=\"col\" class=\"n\">Available</th></tr>");
        foreach (var (cls, type, held, locked, available) in detail.Holdings)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(cls)}</td><td>{E(type.ToString())}</td><td class=\"n\">{N(held)}</td><td class=\"n\">{N(locked)}</td><td class=\"n\">{N(available)}</td></tr>");
        if (detail.Holdings.Count == 0)
            sb.Append("<tr><td colspan=\"5\">Nothing held.</td></tr>");
        sb.Append("</table></div>");
        if (detail.Locks.Count > 0)
        {
            sb.Append("<div class=\"scroll\"><table><caption>Open locks</caption><tr><th scope=\"col\">Lock</th><th scope=\"col\">Class</th><th scope=\"col\">Reason</th><th scope=\"col\" class=\"n\">Remaining</th></tr>");
            foreach (var (id, cls, reason, remaining) in detail.Locks)
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(id)}</td><td>{E(cls)}</td><td>{E(reason.ToString())}</td><td class=\"n\">{N(remaining)}</td></tr>");
            sb.Append("</table></div>");
        }
        return Html(http, viewer, "Account " + a.Id, sb.ToString(), liveSeq: seq);
    }

    private static string Status(OpenEts.Registry.Account a) =>
        a.Closed ? "closed" : a.FrozenReason is { } why ? "frozen: " + E(why) : "open";
}
