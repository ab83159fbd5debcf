// The regulator console: propose an issuance or a freeze, approve or reject what another regulator
// proposed, and read the latest audit trail (who, what, when, from where). Forms post back here;
// the engine decides, and a refusal is shown with its sentence.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Server.Api;
using OpenEts.Server.Approvals;
using OpenEts.Server.Http;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>GET /console and its form posts.</summary>
public static class ConsolePage
{
    /// <summary>Audit trail entries shown.</summary>
    public const int TrailEntries = 20;

    private static readonly Dictionary<string, string> Verbs = new(StringComparer.Ordinal)
    {
        ["proposed"] = "proposed; another regulator must approve it",
        ["approved"] = "approved; its command ran",
        ["rejected"] = "rejected",
    };

    /// <summary>Renders the console.</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime m, string? done, string? id)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        if (viewer.Role != Role.Regulator)
            return Forbidden(http, viewer, "The regulator console is for regulators.");
        var message = done is not null && Verbs.TryGetValue(done, out var verb) && id is not null ? $"Proposal {id} {verb}." : null;
        return await Render(http, m, viewer, error: null, message, 200);
    }

    /// <summary>POST /console/proposals: an issuance or a freeze, from the form.</summary>
    public static async Task<IResult> Propose(HttpContext http, MarketRuntime m, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        Command? action = form["kind"].ToString() switch
        {
            "registry.issue" => long.TryParse(form["quantity"], NumberStyles.None, CultureInfo.InvariantCulture, out var q)
                ? new Issue(form["class_id"].ToString(), form["to_account"].ToString(), q) : null,
            "registry.freeze_account" => new FreezeAccount(form["account_id"].ToString(), form["reason"].ToString()),
            _ => null,
        };
        if (action is null)
            return await Render(http, m, viewer, "The quantity is a whole number of tonnes, and the kind is an issuance or a freeze.", null, 422);
        var note = form["note"].ToString();
        return await Submit(http, m, viewer, new ProposeAction(action, note.Length == 0 ? null : note, Commands.ClientAddress(http)), "proposed");
    }

    /// <summary>POST /console/proposals/{id}/approve.</summary>
    public static async Task<IResult> Approve(HttpContext http, MarketRuntime m, string proposalId, IFormCollection form)
    {
        _ = form; // bound so the antiforgery token is checked
        var viewer = await ViewerAsync(http, m);
        return viewer.LoggedIn ? await Submit(http, m, viewer, new ApproveProposal(proposalId, Commands.ClientAddress(http)), "approved") : ToLogin(http);
    }

    /// <summary>POST /console/proposals/{id}/reject.</summary>
    public static async Task<IResult> Reject(HttpContext http, MarketRuntime m, string proposalId, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        return viewer.LoggedIn
            ? await Submit(http, m, viewer, new RejectProposal(proposalId, form["reason"].ToString(), Commands.ClientAddress(http)), "rejected")
            : ToLogin(http);
    }

    private static async Task<IResult> Submit(HttpContext http, MarketRuntime m, Viewer viewer, Command command, string verb)
    {
        var outcome = await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, command, http.RequestAborted);
        if (outcome.Rejection is { } r)
            return await Render(http, m, viewer, r.Message, null, Problems.StatusOf(r.Code));
        var id = outcome.Events.OfType<ProposalMade>().FirstOrDefault()?.ProposalId
            ?? (command as ApproveProposal)?.ProposalId ?? (command as RejectProposal)?.ProposalId ?? "";
        return Results.Redirect($"/console?done={verb}&id={Uri.EscapeDataString(id)}");
    }

    private static async Task<IResult> Render(HttpContext http, MarketRuntime m, Viewer viewer, string? error, string? done, int status)
    {
        var now = m.Clock.GetUtcNow();
        var (proposals, classes, issuanceAccounts, holderAccounts, alerts) = await m.Engine.QueryAsync(w =>
        {
            var s = w.Get<RegistryState>();
            var list = w.Get<ApprovalsState>().Proposals.Values.OrderByDescending(p => p.Number).Select(p => ApprovalsApi.View(w, p)).ToList();
            var cls = s.Classes.Values.Where(c => c.Type == UnitType.Allowance).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            var into = s.Accounts.Values.Where(a => a.Kind.AcceptsIssuance()).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
            var holders = s.Accounts.Values.Where(a => a.Kind.IsHolderKind() && !a.Closed).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
            return (list, cls, into, holders, ConsoleAlerts.For(w, viewer.Name!, now));
        }, http.RequestAborted);
        var anti = Antiforgery(http);
        var sb = new StringBuilder("<h1>Regulator console</h1>");
        sb.Append(Message(error, done));
        sb.Append(ConsoleAlerts.Html(alerts));
        sb.Append("<h2>Waiting for approval</h2>");
        var pending = proposals.Where(p => p.Status == ProposalStatus.Pending).ToList();
        if (pending.Count == 0)
            sb.Append("<p>Nothing is waiting.</p>");
        else
        {
            sb.Append("<div class=\"scroll\"><table id=\"pending\"><caption>Pending proposals (a different regulator approves)</caption><tr><th scope=\"col\">Proposal</th><th scope=\"col\">What</th><th scope=\"col\">Proposed</th><th scope=\"col\">Note</th><th scope=\"col\">Decide</th></tr>");
            foreach (var p in pending)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.ProposalId)}</td><td>{What(p)}</td><td>by {E(p.Proposer)}, {T(p.ProposedAt)}, from {E(p.ProposedFrom ?? "?")}</td><td>{E(p.Note)}</td><td>");
                if (p.Proposer == viewer.Name)
                    sb.Append("<p>Yours: another regulator approves it.</p>");
                else
                    sb.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"/console/proposals/{E(p.ProposalId)}/approve\">{anti}<button type=\"submit\" aria-label=\"Approve {E(p.ProposalId)}\">Approve</button></form>");
                sb.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"/console/proposals/{E(p.ProposalId)}/reject\">{anti}<label class=\"sr\" for=\"reason-{E(p.ProposalId)}\">Reason to reject {E(p.ProposalId)}</label><input id=\"reason-{E(p.ProposalId)}\" name=\"reason\" required maxlength=\"500\" placeholder=\"Reason\"><button class=\"secondary\" type=\"submit\" aria-label=\"Reject {E(p.ProposalId)}\">{(p.Proposer == viewer.Name ? "Withdraw" : "Reject")}</button></form></td></tr>");
            }
            sb.Append("</table></div>");
        }

        sb.Append("<h2>Propose an issuance</h2><form method=\"post\" action=\"/console/proposals\">").Append(anti).Append("<input type=\"hidden\" name=\"kind\" value=\"registry.issue\">");
        sb.Append("<label for=\"issue-class\">Unit class</label><select id=\"issue-class\" name=\"class_id\">").Append(Options(classes)).Append("</select>");
        sb.Append("<label for=\"issue-account\">Into account</label><select id=\"issue-account\" name=\"to_account\">").Append(Options(issuanceAccounts)).Append("</select>");
        sb.Append("<label for=\"issue-quantity\">Quantity (tonnes)</label><input id=\"issue-quantity\" name=\"quantity\" inputmode=\"numeric\" pattern=\"[0-9]{1,18}\" required>");
        sb.Append("<label for=\"issue-note\">Note for the approver</label><textarea id=\"issue-note\" name=\"note\" maxlength=\"500\" rows=\"2\"></textarea>");
        sb.Append("<div><button type=\"submit\">Propose issuance</button></div></form>");

        sb.Append("<h2>Propose a freeze</h2><form method=\"post\" action=\"/console/proposals\">").Append(anti).Append("<input type=\"hidden\" name=\"kind\" value=\"registry.freeze_account\">");
        sb.Append("<label for=\"freeze-account\">Account</label><select id=\"freeze-account\" name=\"account_id\">").Append(Options(holderAccounts)).Append("</select>");
        sb.Append("<label for=\"freeze-reason\">Reason (court order, case number)</label><input id=\"freeze-reason\" name=\"reason\" required maxlength=\"200\">");
        sb.Append("<label for=\"freeze-note\">Note for the approver</label><textarea id=\"freeze-note\" name=\"note\" maxlength=\"500\" rows=\"2\"></textarea>");
        sb.Append("<div><button type=\"submit\">Propose freeze</button></div></form>");

        var decided = proposals.Where(p => p.Status != ProposalStatus.Pending).Take(10).ToList();
        if (decided.Count > 0)
        {
            sb.Append("<h2>Recently decided</h2><div class=\"scroll\"><table id=\"decided\"><caption>Decided proposals</caption><tr><th scope=\"col\">Proposal</th><th scope=\"col\">What</th><th scope=\"col\">Proposed by</th><th scope=\"col\">Decision</th><th scope=\"col\">Note</th></tr>");
            foreach (var p in decided)
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.ProposalId)}</td><td>{What(p)}</td><td>{E(p.Proposer)}</td><td>{E(p.Status.ToString().ToLowerInvariant())} by {E(p.DecidedBy)}, {(p.DecidedAt is { } at ? T(at) : "")}, from {E(p.DecidedFrom ?? "?")}{(p.Reason is { } why ? ": " + E(why) : "")}</td><td>{E(p.Note)}</td></tr>");
            sb.Append("</table></div>");
        }
        sb.Append(ConsoleAlerts.Plans());
        sb.Append(Trail(m));
        return Html(http, viewer, "Regulator console", sb.ToString(), status);
    }

    private static string Options(IEnumerable<string> values) =>
        string.Concat(values.Select(v => $"<option value=\"{E(v)}\">{E(v)}</option>"));

    // The command's fields as "name: value", whatever the command (issuance, freeze, allocation).
    private static string What(ProposalView p)
    {
        var fields = p.Action.EnumerateObject().Where(f => f.Name != "$type")
            .Select(f => $"{f.Name}: {(f.Value.ValueKind == JsonValueKind.String ? f.Value.GetString() : f.Value.GetRawText())}");
        return $"<b>{E(p.Kind)}</b><br>{E(string.Join(", ", fields))}";
    }

    private static string Trail(MarketRuntime m)
    {
        var head = m.Engine.DurableSeq;
        var entries = m.ReadJournal(Math.Max(0, head - TrailEntries), TrailEntries);
        var sb = new StringBuilder("<h2>Audit trail</h2><div class=\"scroll\"><table id=\"trail\"><caption>Latest journal entries (who, what, when, from where)</caption><tr><th scope=\"col\" class=\"n\">Entry</th><th scope=\"col\">When</th><th scope=\"col\">Who</th><th scope=\"col\">What</th><th scope=\"col\">Outcome</th><th scope=\"col\">From</th></tr>");
        foreach (var e in entries.AsEnumerable().Reverse())
        {
            using var doc = JsonDocument.Parse(e.Payload);
            var root = doc.RootElement;
            var from = root.GetProperty("command").TryGetProperty("client_address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : "";
            var outcome = e.Accepted ? "accepted" : "rejected: " + (root.TryGetProperty("code", out var c) ? c.GetString() : "");
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{e.Seq}</td><td>{T(DateTimeOffset.FromUnixTimeMilliseconds(e.TimeUnixMs))}</td><td>{E(root.GetProperty("actor").GetString())}</td><td>{E(e.Kind)}</td><td>{E(outcome)}</td><td>{E(from)}</td></tr>");
        }
        sb.Append("</table></div>");
        return sb.ToString();
    }
}
