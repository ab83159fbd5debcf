// The auctions (one-way bidding) index: every auction's notice and, once cleared, its public result, for anyone;
// for the holder of a selling account a form to announce (the regulator for the market's auction and reserve
// accounts, a member for its own; a member may also choose a buyer's auction for its own account, and the regulator a
// buy-back into the reserve account, whose bids are offers to sell). With four-eyes on, an announcement from the
// auction or reserve account, or a buy-back, becomes a proposal a second regulator approves on the console;
// regulators see those waiting here, fund the reserve from the auction proceeds (ReserveFundingForm), pay proceeds to
// the treasury and cancel unsold units (AuctionAccountForms).
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

/// <summary>GET /auctions and POST /auctions (announce).</summary>
public static class AuctionsPage
{
    private sealed record Index(List<(AuctionView View, Side Side)> Auctions, List<string> SellFrom, List<string> Classes, List<ProposalView> Pending, bool Member, bool Regulator,
        List<ReserveFundingForm.Cash> Reserves, List<ProposalView> PendingFundings, AuctionAccountForms.Data? Payouts);

    /// <summary>Renders the index, with the outcome of the last form when it redirected here.</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime m, string? done, string? id)
    {
        var viewer = await ViewerAsync(http, m);
        var message = (done, id) switch
        {
            ("proposed", { } p) => $"Announcement proposed as {p}: a different regulator approves it on the regulator console before the auction is announced.",
            _ => ReserveFundingForm.Done(done, id) ?? AuctionAccountForms.Done(done, id),
        };
        return await Render(http, m, viewer, null, message, 200);
    }

    /// <summary>POST /auctions: announces an auction (or proposes it, when it needs a second regulator).</summary>
    public static async Task<IResult> Announce(HttpContext http, MarketRuntime m, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (!viewer.LoggedIn)
            return ToLogin(http);
        if (Read(form) is not { } notice)
            return await Render(http, m, viewer, BadForm, null, 422);
        // A buyer's auction for a member's own account needs no regulator; a buy-back into the reserve account waits for a
        // second one like a sale; one for another system account is refused by the engine (not_authorized) at once.
        if (await Commands.NeedsSecondRegulator(http, m, notice) && (notice.Side == Side.Sell || await m.Engine.QueryAsync(w =>
                w.Get<RegistryState>().Accounts.TryGetValue(notice.BuyerAccount ?? "", out var buyer) && buyer.Kind == AccountKind.Reserve, http.RequestAborted)))
        {
            var note = form["note"].ToString();
            var proposed = await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, new ProposeAction(notice, note.Length == 0 ? null : note, Commands.ClientAddress(http)), http.RequestAborted);
            return proposed.Rejection is { } pr
                ? await Render(http, m, viewer, AuctionPage.Refused(pr), null, Problems.StatusOf(pr.Code))
                : Results.Redirect($"/auctions?done=proposed&id={Uri.EscapeDataString(proposed.Events.OfType<ProposalMade>().Single().ProposalId)}");
        }
        var outcome = await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, notice, http.RequestAborted);
        return outcome.Rejection is { } r
            ? await Render(http, m, viewer, AuctionPage.Refused(r), null, Problems.StatusOf(r.Code))
            : Results.Redirect($"/auctions/{Uri.EscapeDataString(notice.AuctionId)}?done=announced");
    }

    private const string BadForm = "Refused (invalid_auction): give an auction id, the side (sell or buy), the tonnes as a whole number, the floor (or a buyer's cap) in yuan with at most two decimals (40.00), " +
        "the trading day as YYYY-MM-DD and the window as two market times (10:00 and 11:00); a per-member limit, when given, in whole tonnes.";

    private static AnnounceAuction? Read(IFormCollection form)
    {
        var offset = TradingRulebook.National.UtcOffset;
        long? limit = null;
        if (form["max_per_member"].ToString() is { Length: > 0 } text)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
                return null;
            limit = l;
        }
        var side = form["side"].ToString() switch
        {
            "" or "sell" => Side.Sell,
            "buy" => Side.Buy,
            _ => (Side?)null,
        };
        var account = form["account"].ToString();
        return side is { } s
            && long.TryParse(form["quantity"], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
            && TradingPage.TryFen(form["price"].ToString(), out var price)
            && DateOnly.TryParseExact(form["trading_day"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && TimeOnly.TryParseExact(form["opens"].ToString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)
            && TimeOnly.TryParseExact(form["closes"].ToString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes)
            ? new AnnounceAuction(form["auction_id"].ToString().Trim(), form["instrument"].ToString(), quantity, price,
                new DateTimeOffset(day.ToDateTime(opens), offset), new DateTimeOffset(day.ToDateTime(closes), offset),
                s == Side.Sell ? account : null, limit, s, s == Side.Buy ? account : null)
            : null;
    }

    /// <summary>The accounts <paramref name="viewer"/> may sell from by auction: the market's auction and reserve accounts for a regulator, a member's own.</summary>
    private static List<string> SellFrom(RegistryState registry, Viewer viewer) =>
        registry.Accounts.Values.Where(a => !a.Closed && (viewer.Role == Role.Regulator
                ? a.Kind is AccountKind.Auction or AccountKind.Reserve
                : a.Kind.IsHolderKind() && a.Holder == viewer.Name && ExchangeApi.IsMember(registry, viewer.Name!)))
            .Select(a => a.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>Renders the index with an error or an outcome sentence.</summary>
    internal static async Task<IResult> Render(HttpContext http, MarketRuntime m, Viewer viewer, string? error, string? done, int status)
    {
        var actor = viewer.Name ?? "";
        var index = await m.Engine.QueryAsync(w =>
        {
            var registry = w.Get<RegistryState>();
            var auctions = w.Get<ExchangeState>().Auctions.Select(a => (AuctionView.Of(a, registry, actor), a.Terms.InitiatorSide)).ToList();
            var sellFrom = viewer.LoggedIn ? SellFrom(registry, viewer) : [];
            var classes = registry.Classes.Values.Where(c => c.Type == UnitType.Allowance).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            var pending = viewer.Role == Role.Regulator
                ? w.Get<ApprovalsState>().Proposals.Values.Where(p => p.Kind == "exchange.announce_auction" && p.Status == ProposalStatus.Pending)
                    .OrderBy(p => p.Number).Select(p => ApprovalsApi.View(w, p)).ToList()
                : [];
            var regulator = viewer.Role == Role.Regulator;
            return new Index(auctions, sellFrom, classes, pending, viewer.LoggedIn && !regulator && ExchangeApi.IsMember(registry, actor), regulator,
                regulator ? ReserveFundingForm.Markets(registry) : [], regulator ? ReserveFundingForm.Pending(w) : [], regulator ? AuctionAccountForms.Read(w) : null);
        }, http.RequestAborted);
        var now = m.Clock.GetUtcNow();
        var sb = new StringBuilder("<h1>Auctions</h1>").Append(Message(error, done));
        sb.Append("<p>One-way bidding: a seller offers a quantity at a floor price (or a buyer asks for one at a cap price, and members offer to sell), members bid sealed in a window on one trading day, and every winner pays one clearing price. Bids stay sealed; the price and the tonnes placed are public once the auction is cleared.</p>");
        var rows = index.Auctions.OrderByDescending(a => a.View.OpensAt).Select(a => Row(a.View, a.Side, now)).ToList();
        sb.Append(Table("auctions", "Auctions, latest window first (times in market time, UTC+8)",
            ["Auction", "Class", "Seller / buyer", "Window", "Quantity (t)#", "Floor / cap (yuan/t)#", "Status", "Clearing price (yuan/t)#", "Placed (t)#", "Not placed (t)#"], rows,
            "No auction has been announced."));
        if (index.Pending.Count > 0)
        {
            var pending = index.Pending.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{E(p.ProposalId)}</td><td>{E(Field(p, "auction_id"))}</td><td>{E(Initiator(p))}</td><td class=\"n\">{E(Field(p, "quantity_t"))}</td><td>by {E(p.Proposer)}, {T(p.ProposedAt)}</td></tr>")).ToList();
            sb.Append("<h2>Waiting for approval</h2>").Append(Table("pending-auctions", "Announcements a different regulator must approve",
                ["Proposal", "Auction", "Seller / buyer", "Offered or wanted (t)#", "Proposed"], pending, ""));
            sb.Append("<p>Approve or reject them on the <a href=\"/console\">regulator console</a>.</p>");
        }
        if (index.SellFrom.Count > 0)
            sb.Append(AnnounceForm(http, index, now));
        if (index.Regulator)
        {
            sb.Append(ReserveFundingForm.Render(http, index.Reserves, index.PendingFundings));
            sb.Append(AuctionAccountForms.Render(http, index.Payouts!));
        }
        return Html(http, viewer, "Auctions", sb.ToString(), status);
    }

    private static string Row(AuctionView v, Side side, DateTimeOffset now)
    {
        var phase = AuctionPhases.At(v, now);
        var cleared = phase == AuctionPhase.Cleared;
        return string.Create(CultureInfo.InvariantCulture,
            $"<tr><td><a href=\"/auctions/{Uri.EscapeDataString(v.AuctionId)}\">{E(v.AuctionId)}</a></td><td>{E(v.Instrument)}</td><td>{E(v.SellerAccount ?? v.BuyerAccount)}{(side == Side.Sell ? "" : " (buyer)")}</td>" +
            $"<td>{AuctionPage.Window(v)}</td><td class=\"n\">{N(v.QuantityT)}</td><td class=\"n\">{DashboardPage.Yuan(v.ReservePriceFen)}</td><td>{AuctionPhases.Name(phase)}</td>" +
            $"<td class=\"n\">{(cleared ? v.ClearingPriceFen is { } p ? DashboardPage.Yuan(p) : "none" : "")}</td><td class=\"n\">{(cleared ? N(v.PlacedT ?? 0) : "")}</td><td class=\"n\">{(cleared ? N(v.UnplacedT ?? 0) : "")}</td></tr>");
    }

    /// <summary>The account a proposed notice names: the seller, or the buyer of a buy-back marked as such.</summary>
    private static string Initiator(ProposalView p) => Field(p, "side") == "buy" ? Field(p, "buyer_account") + " (buyer)" : Field(p, "seller_account");

    private static string Field(ProposalView p, string name) =>
        p.Action.TryGetProperty(name, out var f) ? f.ValueKind == System.Text.Json.JsonValueKind.String ? f.GetString() ?? "" : f.GetRawText() : "";

    private static string AnnounceForm(HttpContext http, Index index, DateTimeOffset now)
    {
        var rules = TradingRulebook.National;
        var window = rules.AuctionSessions.Count > 0 ? rules.AuctionSessions[0] : new SessionWindow(new TimeOnly(10, 0), new TimeOnly(11, 0));
        var today = rules.MarketDate(now);
        var sb = new StringBuilder("<h2>Announce an auction</h2><form method=\"post\" action=\"/auctions\">").Append(Antiforgery(http));
        sb.Append("<label for=\"auction-id\">Auction id</label><input id=\"auction-id\" name=\"auction_id\" required maxlength=\"24\" pattern=\"[A-Za-z0-9._:\\-]{1,24}\">");
        sb.Append("<label for=\"auction-instrument\">Class offered</label><select id=\"auction-instrument\" name=\"instrument\">").Append(Options(index.Classes)).Append("</select>");
        if (index.Member)
            sb.Append("<label for=\"auction-side\">Side</label><select id=\"auction-side\" name=\"side\"><option value=\"sell\">sell: a seller's auction, members bid to buy above the floor</option>")
                .Append("<option value=\"buy\">buy: a buyer's auction for your account, members offer to sell below the cap</option></select>");
        else if (index.Regulator)
            sb.Append("<label for=\"auction-side\">Side</label><select id=\"auction-side\" name=\"side\"><option value=\"sell\">sell: a seller's auction from the market's auction or reserve account</option>")
                .Append("<option value=\"buy\">buy: a buy-back into the reserve account (cn-RESERVE, funded from auction proceeds), members offer to sell below the cap</option></select>");
        else
            sb.Append("<input type=\"hidden\" name=\"side\" value=\"sell\">");
        sb.Append("<label for=\"auction-account\">").Append(index.Member ? "Account (selling; buying in a buyer's auction)" : "Selling account")
            .Append("</label><select id=\"auction-account\" name=\"account\">").Append(Options(index.SellFrom)).Append("</select>");
        sb.Append("<label for=\"auction-quantity\">Quantity offered, or wanted in a buyer's auction (tonnes, whole bid lots)</label><input id=\"auction-quantity\" name=\"quantity\" inputmode=\"numeric\" pattern=\"[0-9]{1,18}\" required>");
        sb.Append("<label for=\"auction-price\">Floor price, or cap price in a buyer's auction (yuan per tonne)</label><input id=\"auction-price\" name=\"price\" inputmode=\"decimal\" required maxlength=\"12\">");
        sb.Append(CultureInfo.InvariantCulture, $"<label for=\"auction-day\">Trading day (market date)</label><input id=\"auction-day\" name=\"trading_day\" value=\"{today:yyyy-MM-dd}\" required pattern=\"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<label for=\"auction-opens\">Window opens (market time)</label><input id=\"auction-opens\" name=\"opens\" value=\"{window.Open:HH:mm}\" required pattern=\"[0-9]{{2}}:[0-9]{{2}}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<label for=\"auction-closes\">Window closes (market time)</label><input id=\"auction-closes\" name=\"closes\" value=\"{window.Close:HH:mm}\" required pattern=\"[0-9]{{2}}:[0-9]{{2}}\">");
        sb.Append("<label for=\"auction-limit\">Per-member limit (tonnes; empty: the rulebook's 25% of the quantity)</label><input id=\"auction-limit\" name=\"max_per_member\" inputmode=\"numeric\" pattern=\"[0-9]{0,18}\">");
        sb.Append("<label for=\"auction-note\">Note for the approving regulator (when a second one must approve)</label><textarea id=\"auction-note\" name=\"note\" maxlength=\"500\" rows=\"2\"></textarea>");
        return sb.Append("<div><button type=\"submit\">Announce auction</button></div></form>").ToString();
    }

    private static string Options(IEnumerable<string> values) =>
        string.Concat(values.Select(v => $"<option value=\"{E(v)}\">{E(v)}</option>"));
}
