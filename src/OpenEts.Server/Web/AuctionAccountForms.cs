// The regulator's forms on /auctions for the last ways out of a market's auction account: pay auction proceeds to the
// treasury account (exchange.pay_proceeds) and cancel units an auction left unsold (exchange.cancel_unsold) or return them
// to the market's reserve account (exchange.return_unsold), with what the account holds and the payments, cancellations
// and returns waiting for a second regulator. With four-eyes on each form proposes,
// as the reserve-funding form does, and a different regulator approves on the console.
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

/// <summary>POST /auctions/proceeds-payment, POST /auctions/unsold-cancellation and their part of the regulator's /auctions page.</summary>
public static class AuctionAccountForms
{
    private const string PayKind = "exchange.pay_proceeds";
    private const string CancelKind = "exchange.cancel_unsold";
    private const string ReturnKind = "exchange.return_unsold";

    /// <summary>A market's auction account: its proceeds, the treasury account its rulebook names and that account's cash (null while not open).</summary>
    internal sealed record Proceeds(string MarketId, string AuctionAccount, long ProceedsFen, string TreasuryAccount, long? TreasuryCashFen);

    /// <summary>Units of a class in a market's auction account: held, and locked by auctions still standing.</summary>
    internal sealed record Units(string AuctionAccount, string ClassId, long HeldT, long LockedT);

    /// <summary>What the regulator's part shows.</summary>
    internal sealed record Data(List<Proceeds> Markets, List<Units> Units, List<ProposalView> Pending);

    /// <summary>Reads the regulator's part from the world.</summary>
    internal static Data Read(World world)
    {
        var registry = world.Get<RegistryState>();
        var rules = world.Get<ExchangeState>().AuctionRules;
        var markets = registry.Markets.Values.OrderBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => (Market: m, Auction: AccountKinds.SystemAccountId(m.Id, AccountKind.Auction), Treasury: rules.ProceedsAccount(m.Id)))
            .Where(x => registry.Accounts.ContainsKey(x.Auction))
            .Select(x => new Proceeds(x.Market.Id, x.Auction, registry.HoldingOf(x.Auction, x.Market.Currency)?.Held ?? 0, x.Treasury,
                registry.Accounts.ContainsKey(x.Treasury) ? registry.HoldingOf(x.Treasury, x.Market.Currency)?.Held ?? 0 : null)).ToList();
        var units = markets.SelectMany(p => registry.Classes.Values.Where(c => c.Type != UnitType.Cash && c.MarketId == p.MarketId)
                .Select(c => (c.Id, Holding: registry.HoldingOf(p.AuctionAccount, c.Id)))
                .Where(x => x.Holding is { Held: > 0 })
                .Select(x => new Units(p.AuctionAccount, x.Id, x.Holding!.Held, x.Holding.Locked)))
            .OrderBy(u => u.AuctionAccount, StringComparer.Ordinal).ThenBy(u => u.ClassId, StringComparer.Ordinal).ToList();
        var pending = world.Get<ApprovalsState>().Proposals.Values.Where(p => p.Kind is PayKind or CancelKind or ReturnKind && p.Status == ProposalStatus.Pending)
            .OrderBy(p => p.Number).Select(p => ApprovalsApi.View(world, p)).ToList();
        return new Data(markets, units, pending);
    }

    /// <summary>The outcome sentence of a redirect to /auctions after one of these forms, or null.</summary>
    internal static string? Done(string? done, string? id) => (done, id) switch
    {
        ("payment-proposed", { } p) => $"Payment to the treasury proposed as {p}: a different regulator approves it on the regulator console before the cash moves.",
        ("paid", _) => "The auction proceeds were paid to the treasury account.",
        ("cancellation-proposed", { } p) => $"Cancellation of unsold units proposed as {p}: a different regulator approves it on the regulator console before the units are cancelled.",
        ("unsold-cancelled", _) => "The unsold units were cancelled.",
        ("return-proposed", { } p) => $"Return of unsold units to the reserve proposed as {p}: a different regulator approves it on the regulator console before the units move.",
        ("unsold-returned", _) => "The unsold units were returned to the reserve account.",
        _ => null,
    };

    /// <summary>POST /auctions/proceeds-payment: pays proceeds to the treasury, or proposes it when it needs a second regulator.</summary>
    public static async Task<IResult> Pay(HttpContext http, MarketRuntime m, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        if (!TradingPage.TryFen(form["amount"].ToString(), out var amountFen) || form["market"].ToString() is not { Length: > 0 } market)
            return await AuctionsPage.Render(http, m, viewer, "Refused (invalid_payment): choose the market and give the amount in yuan with at most two decimals (20000.00).", null, 422);
        var to = form["to"].ToString().Trim();
        return await ReserveFundingForm.RunOrPropose(http, m, viewer, new PayProceeds(market, amountFen, to.Length == 0 ? null : to), form["note"].ToString(), "payment-proposed", "paid");
    }

    /// <summary>
    /// POST /auctions/unsold-cancellation: returns unsold units to the reserve or cancels them (field disposal, required:
    /// reserve or cancel; the form offers the reversible one first), or proposes it when it needs a second regulator.
    /// </summary>
    public static async Task<IResult> Cancel(HttpContext http, MarketRuntime m, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        var quantity = form["quantity"].ToString().Trim();
        long? quantityT = null;
        if (quantity.Length > 0 && long.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            quantityT = t;
        var disposal = form["disposal"].ToString();
        if (form["class"].ToString() is not { Length: > 0 } cls || (quantity.Length > 0 && quantityT is null) || disposal is not ("cancel" or "reserve"))
            return await AuctionsPage.Render(http, m, viewer, "Refused (invalid_cancellation): choose the class, cancel or return to the reserve, and give whole tonnes, or leave the tonnes empty for every tonne still unsold.", null, 422);
        return disposal == "reserve"
            ? await ReserveFundingForm.RunOrPropose(http, m, viewer, new ReturnUnsold(cls, quantityT), form["note"].ToString(), "return-proposed", "unsold-returned")
            : await ReserveFundingForm.RunOrPropose(http, m, viewer, new CancelUnsold(cls, quantityT), form["note"].ToString(), "cancellation-proposed", "unsold-cancelled");
    }

    /// <summary>The regulator's part: proceeds and units in each auction account, what waits for approval, and the two forms.</summary>
    internal static string Render(HttpContext http, Data data)
    {
        var sb = new StringBuilder("<h2>Proceeds and unsold units</h2>");
        sb.Append("<p>Auction proceeds are paid from the auction account to the market's treasury account (exchange.pay_proceeds); units an auction left unsold may be cancelled (exchange.cancel_unsold) or returned to the market's reserve account (exchange.return_unsold) instead of offered again, as far as the auction rulebook allows; units locked by an auction still standing stay. With four-eyes on, a different regulator approves each on the regulator console.</p>");
        var proceeds = data.Markets.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{E(p.MarketId)}</td><td>{E(p.AuctionAccount)}</td><td class=\"n\">{DashboardPage.Yuan(p.ProceedsFen)}</td><td>{E(p.TreasuryAccount)}</td><td class=\"n\">{(p.TreasuryCashFen is { } fen ? DashboardPage.Yuan(fen) : "not open")}</td></tr>")).ToList();
        sb.Append(Table("treasury-cash", "Auction proceeds and treasury cash (yuan)", ["Market", "Auction account", "Proceeds#", "Treasury account", "Treasury cash#"], proceeds, "No market has an auction account."));
        var units = data.Units.Select(u => string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{E(u.AuctionAccount)}</td><td>{E(u.ClassId)}</td><td class=\"n\">{N(u.HeldT)}</td><td class=\"n\">{N(u.LockedT)}</td><td class=\"n\">{N(u.HeldT - u.LockedT)}</td></tr>")).ToList();
        sb.Append(Table("auction-units", "Units in the auction accounts (t)", ["Account", "Class", "Held#", "In standing auctions#", "Free#"], units, "The auction accounts hold no units."));
        if (data.Pending.Count > 0)
        {
            var waiting = data.Pending.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{E(p.ProposalId)}</td><td>{E(p.Kind)}</td><td>{E(What(p))}</td><td>by {E(p.Proposer)}, {T(p.ProposedAt)}</td></tr>")).ToList();
            sb.Append(Table("pending-payouts", "Payments, cancellations and returns a different regulator must approve", ["Proposal", "Command", "What", "Proposed"], waiting, ""));
        }
        if (data.Markets.Count == 0)
            return sb.ToString();
        sb.Append("<h3>Pay proceeds to the treasury</h3><form method=\"post\" action=\"/auctions/proceeds-payment\">").Append(Antiforgery(http));
        sb.Append("<label for=\"payment-market\">Market</label><select id=\"payment-market\" name=\"market\">")
            .Append(string.Concat(data.Markets.Select(p => $"<option value=\"{E(p.MarketId)}\">{E(p.MarketId)}</option>"))).Append("</select>");
        sb.Append("<label for=\"payment-amount\">Amount to pay to the treasury (yuan)</label><input id=\"payment-amount\" name=\"amount\" inputmode=\"decimal\" required maxlength=\"20\">");
        sb.Append("<label for=\"payment-to\">Treasury account (empty: the rulebook's)</label><input id=\"payment-to\" name=\"to\" maxlength=\"64\">");
        sb.Append("<label for=\"payment-note\">Note for the approving regulator (when a second one must approve)</label><textarea id=\"payment-note\" name=\"note\" maxlength=\"500\" rows=\"2\"></textarea>");
        sb.Append("<div><button type=\"submit\">Pay to the treasury</button></div></form>");
        sb.Append("<h3>Cancel units an auction left unsold, or return them to the reserve</h3><form method=\"post\" action=\"/auctions/unsold-cancellation\">").Append(Antiforgery(http));
        sb.Append("<label for=\"unsold-class\">Class</label><select id=\"unsold-class\" name=\"class\">")
            .Append(string.Concat(data.Units.Select(u => u.ClassId).Distinct().Select(c => $"<option value=\"{E(c)}\">{E(c)}</option>"))).Append("</select>");
        sb.Append("<label for=\"unsold-disposal\">What becomes of them</label><select id=\"unsold-disposal\" name=\"disposal\"><option value=\"reserve\">Return them to the reserve account</option><option value=\"cancel\">Cancel them (for good)</option></select>");
        sb.Append("<label for=\"unsold-quantity\">Tonnes (empty: every tonne the latest auction left unsold, if free)</label><input id=\"unsold-quantity\" name=\"quantity\" inputmode=\"numeric\" maxlength=\"20\">");
        sb.Append("<label for=\"unsold-note\">Note for the approving regulator (when a second one must approve)</label><textarea id=\"unsold-note\" name=\"note\" maxlength=\"500\" rows=\"2\"></textarea>");
        return sb.Append("<div><button type=\"submit\">Dispose of unsold units</button></div></form>").ToString();
    }

    /// <summary>A proposal's action in a few words: "12,000.00 yuan of cn to cn-TREASURY" or "4,000 t of CEA21".</summary>
    private static string What(ProposalView p)
    {
        static string? Text(ProposalView p, string name) =>
            p.Action.TryGetProperty(name, out var f) && f.ValueKind == System.Text.Json.JsonValueKind.String ? f.GetString() : null;
        static long? Number(ProposalView p, string name) =>
            p.Action.TryGetProperty(name, out var f) && f.ValueKind == System.Text.Json.JsonValueKind.Number && f.TryGetInt64(out var n) ? n : null;
        return p.Kind == PayKind
            ? $"{(Number(p, "amount_fen") is { } fen ? DashboardPage.Yuan(fen) : "?")} yuan of {Text(p, "market_id")} to {Text(p, "to_account") ?? "the rulebook's treasury account"}"
            : $"{(Number(p, "quantity_t") is { } t ? N(t) + " t" : "every tonne still unsold")} of {Text(p, "instrument")}";
    }
}
