// The regulator's form on /auctions to fund a market's reserve from its auction proceeds (exchange.fund_reserve): the
// cash each market's auction and reserve accounts hold, the form, and the fundings waiting for a second regulator.
// With four-eyes on the form proposes, as the buy-back form does, and a different regulator approves on the console.
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Api;
using OpenEts.Server.Approvals;
using OpenEts.Server.Http;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>POST /auctions/reserve-funding and the funding part of the regulator's /auctions page.</summary>
public static class ReserveFundingForm
{
    /// <summary>The command's name in the four-eyes list and in proposals.</summary>
    internal const string Kind = "exchange.fund_reserve";

    /// <summary>A market's auction proceeds and reserve cash, fen.</summary>
    internal sealed record Cash(string MarketId, string AuctionAccount, long AuctionCashFen, string ReserveAccount, long ReserveCashFen);

    /// <summary>The markets that have both an auction and a reserve account, in id order.</summary>
    internal static List<Cash> Markets(RegistryState registry) =>
        [.. registry.Markets.Values.OrderBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => (Market: m, From: AccountKinds.SystemAccountId(m.Id, AccountKind.Auction), To: AccountKinds.SystemAccountId(m.Id, AccountKind.Reserve)))
            .Where(x => registry.Accounts.ContainsKey(x.From) && registry.Accounts.ContainsKey(x.To))
            .Select(x => new Cash(x.Market.Id, x.From, registry.HoldingOf(x.From, x.Market.Currency)?.Held ?? 0, x.To, registry.HoldingOf(x.To, x.Market.Currency)?.Held ?? 0))];

    /// <summary>Fundings proposed and not yet decided, oldest first.</summary>
    internal static List<ProposalView> Pending(World world) =>
        [.. world.Get<ApprovalsState>().Proposals.Values.Where(p => p.Kind == Kind && p.Status == ProposalStatus.Pending)
            .OrderBy(p => p.Number).Select(p => ApprovalsApi.View(world, p))];

    /// <summary>The outcome sentence of a redirect to /auctions after a funding, or null.</summary>
    internal static string? Done(string? done, string? id) => (done, id) switch
    {
        ("funding-proposed", { } p) => $"Funding of the reserve proposed as {p}: a different regulator approves it on the regulator console before the cash moves.",
        ("funded", _) => "The reserve was funded from the auction proceeds.",
        _ => null,
    };

    /// <summary>POST /auctions/reserve-funding: funds the reserve, or proposes it when it needs a second regulator.</summary>
    public static async Task<IResult> Fund(HttpContext http, MarketRuntime m, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        if (!TradingPage.TryFen(form["amount"].ToString(), out var amountFen) || form["market"].ToString() is not { Length: > 0 } market)
            return await AuctionsPage.Render(http, m, viewer, BadForm, null, 422);
        return await RunOrPropose(http, m, viewer, new FundReserve(market, amountFen), form["note"].ToString(), "funding-proposed", "funded");
    }

    /// <summary>
    /// Runs a regulator's command from an /auctions form, or proposes it (with <paramref name="note"/>) when it needs a second
    /// regulator; redirects to /auctions with <paramref name="proposed"/> and the proposal id, or <paramref name="done"/>.
    /// A refusal renders the page with its code and status.
    /// </summary>
    internal static async Task<IResult> RunOrPropose(HttpContext http, MarketRuntime m, Viewer viewer, Command command, string note, string proposed, string done)
    {
        if (await Commands.NeedsSecondRegulator(http, m, command))
        {
            var proposal = await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, new ProposeAction(command, note.Length == 0 ? null : note, Commands.ClientAddress(http)), http.RequestAborted);
            return proposal.Rejection is { } pr
                ? await AuctionsPage.Render(http, m, viewer, AuctionPage.Refused(pr), null, Problems.StatusOf(pr.Code))
                : Results.Redirect($"/auctions?done={proposed}&id={Uri.EscapeDataString(proposal.Events.OfType<ProposalMade>().Single().ProposalId)}");
        }
        var outcome = await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, command, http.RequestAborted);
        return outcome.Rejection is { } r
            ? await AuctionsPage.Render(http, m, viewer, AuctionPage.Refused(r), null, Problems.StatusOf(r.Code))
            : Results.Redirect($"/auctions?done={done}");
    }

    private const string BadForm = "Refused (invalid_funding): choose the market and give the amount in yuan with at most two decimals (20000.00).";

    /// <summary>The regulator's part: each market's cash, the fundings waiting for approval, and the form.</summary>
    internal static string Render(HttpContext http, IReadOnlyList<Cash> markets, IReadOnlyList<ProposalView> pending)
    {
        var sb = new StringBuilder("<h2>Fund the reserve</h2>");
        sb.Append("<p>A buy-back into the reserve account is paid from the market's auction proceeds: move cash from the auction account to the reserve account first (exchange.fund_reserve). With four-eyes on, a different regulator approves the move on the regulator console.</p>");
        var rows = markets.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{E(c.MarketId)}</td><td>{E(c.AuctionAccount)}</td><td class=\"n\">{DashboardPage.Yuan(c.AuctionCashFen)}</td><td>{E(c.ReserveAccount)}</td><td class=\"n\">{DashboardPage.Yuan(c.ReserveCashFen)}</td></tr>")).ToList();
        sb.Append(Table("reserve-cash", "Auction proceeds and reserve cash (yuan)", ["Market", "Auction account", "Proceeds#", "Reserve account", "Reserve cash#"], rows, "No market has an auction and a reserve account."));
        if (pending.Count > 0)
        {
            var waiting = pending.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{E(p.ProposalId)}</td><td>{E(Field(p, "market_id"))}</td><td class=\"n\">{(p.Action.TryGetProperty("amount_fen", out var a) && a.TryGetInt64(out var fen) ? DashboardPage.Yuan(fen) : "")}</td><td>by {E(p.Proposer)}, {T(p.ProposedAt)}</td></tr>")).ToList();
            sb.Append(Table("pending-fundings", "Fundings a different regulator must approve", ["Proposal", "Market", "Amount (yuan)#", "Proposed"], waiting, ""));
        }
        if (markets.Count == 0)
            return sb.ToString();
        sb.Append("<form method=\"post\" action=\"/auctions/reserve-funding\">").Append(Antiforgery(http));
        sb.Append("<label for=\"funding-market\">Market</label><select id=\"funding-market\" name=\"market\">")
            .Append(string.Concat(markets.Select(c => $"<option value=\"{E(c.MarketId)}\">{E(c.MarketId)}</option>"))).Append("</select>");
        sb.Append("<label for=\"funding-amount\">Amount to move into the reserve (yuan)</label><input id=\"funding-amount\" name=\"amount\" inputmode=\"decimal\" required maxlength=\"20\">");
        sb.Append("<label for=\"funding-note\">Note for the approving regulator (when a second one must approve)</label><textarea id=\"funding-note\" name=\"note\" maxlength=\"500\" rows=\"2\"></textarea>");
        return sb.Append("<div><button type=\"submit\">Fund the reserve</button></div></form>").ToString();
    }

    private static string Field(ProposalView p, string name) =>
        p.Action.TryGetProperty(name, out var f) && f.ValueKind == System.Text.Json.JsonValueKind.String ? f.GetString() ?? "" : "";
}
