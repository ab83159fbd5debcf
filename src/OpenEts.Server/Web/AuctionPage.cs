// One auction: its notice and phase for anyone, its public result once cleared; a member's sealed bids (and, after
// clearing, its allocations) with forms to bid and withdraw while the window is open, for its own accounts only
// (the check of /trading); all bids for the regulator and the exchange operator, and the operator's form to clear
// once the window has closed. Every form posts the API's engine command; a refusal shows its code and sentence.
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Api;
using OpenEts.Server.Http;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>GET /auctions/{id} and its form posts: bid, withdraw, clear.</summary>
public static class AuctionPage
{
    private sealed record Detail(AuctionView View, Side Side, List<string> MyAccounts, string? Halt);

    /// <summary>Renders one auction, with the outcome of the last form when it redirected here.</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime m, string auctionId, string? done, string? bid)
    {
        var viewer = await ViewerAsync(http, m);
        var message = done switch
        {
            "announced" => $"Auction {auctionId} announced; the offered units are locked.",
            "bid" => $"Bid {bid} submitted; it stays sealed until the auction is cleared, and its cash is locked.",
            "withdrawn" => $"Bid {bid} withdrawn; its cash is released.",
            "cleared" => $"Auction {auctionId} cleared.",
            _ => null,
        };
        return await Render(http, m, viewer, auctionId, null, message, 200);
    }

    /// <summary>POST /auctions/{id}/bids: a member's sealed bid for an account it holds.</summary>
    public static async Task<IResult> Bid(HttpContext http, MarketRuntime m, string auctionId, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (MemberGate(http, viewer) is { } refused)
            return refused;
        var account = form["account"].ToString();
        if (!long.TryParse(form["quantity"], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) || !TradingPage.TryFen(form["price"].ToString(), out var price))
            return await Render(http, m, viewer, auctionId, BadBid, null, 422);
        var bidId = "w-" + Guid.NewGuid().ToString("N")[..20];
        return await ForOwnAccount(http, m, viewer, auctionId, account, new SubmitAuctionBid(auctionId, bidId, account, price, quantity), $"done=bid&bid={bidId}");
    }

    /// <summary>POST /auctions/{id}/bids/{bidId}/withdraw.</summary>
    public static async Task<IResult> Withdraw(HttpContext http, MarketRuntime m, string auctionId, string bidId, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        var account = form["account"].ToString();
        return MemberGate(http, viewer)
            ?? await ForOwnAccount(http, m, viewer, auctionId, account, new WithdrawAuctionBid(auctionId, bidId, account), $"done=withdrawn&bid={Uri.EscapeDataString(bidId)}");
    }

    /// <summary>POST /auctions/{id}/clear: the engine lets only the exchange operator clear, after the window.</summary>
    public static async Task<IResult> Clear(HttpContext http, MarketRuntime m, string auctionId, IFormCollection form)
    {
        _ = form; // bound so the antiforgery token is checked
        var viewer = await ViewerAsync(http, m);
        return viewer.LoggedIn ? await Submit(http, m, viewer, auctionId, new ClearAuction(auctionId), "done=cleared") : ToLogin(http);
    }

    private const string BadBid = "Refused (invalid_bid): choose an account; the quantity is a whole number of tonnes and the price is in yuan with at most two decimals (41.00).";

    /// <summary>A refusal as the pages show it.</summary>
    internal static string Refused(Rejection r) => $"Refused ({r.Code}): {r.Message}";

    /// <summary>The window in market time: "2021-07-19 10:00–11:00".</summary>
    internal static string Window(AuctionView v)
    {
        var rules = TradingRulebook.National;
        return string.Create(CultureInfo.InvariantCulture, $"{v.TradingDay:yyyy-MM-dd} {rules.LocalTime(v.OpensAt):HH:mm}–{rules.LocalTime(v.ClosesAt):HH:mm}");
    }

    private static IResult? MemberGate(HttpContext http, Viewer viewer) =>
        !viewer.LoggedIn ? ToLogin(http)
        : viewer.Role is Role.CoveredEntity or Role.Investor or Role.ProjectOwner ? null
        : Forbidden(http, viewer, "Bids are placed by members (covered entities, investors and project owners) for their own accounts.");

    // The check of the trading desk and the API: a member's own account, else 403 before the engine.
    private static async Task<IResult> ForOwnAccount(HttpContext http, MarketRuntime m, Viewer viewer, string auctionId, string account, Command command, string query)
    {
        var allowed = await m.Engine.QueryAsync(w => ExchangeApi.MayTradeFor(w.Get<RegistryState>(), viewer.Name!, account), http.RequestAborted);
        return allowed
            ? await Submit(http, m, viewer, auctionId, command, query)
            : await Render(http, m, viewer, auctionId, Refused(ExchangeApi.NotYourAccount(viewer.Name!)), null, 403);
    }

    private static async Task<IResult> Submit(HttpContext http, MarketRuntime m, Viewer viewer, string auctionId, Command command, string query)
    {
        var outcome = await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, command, http.RequestAborted);
        return outcome.Rejection is { } r
            ? await Render(http, m, viewer, auctionId, Refused(r), null, Problems.StatusOf(r.Code))
            : Results.Redirect($"/auctions/{Uri.EscapeDataString(auctionId)}?{query}");
    }

    private static async Task<IResult> Render(HttpContext http, MarketRuntime m, Viewer viewer, string auctionId, string? error, string? done, int status)
    {
        var actor = viewer.Name ?? "";
        var now = m.Clock.GetUtcNow();
        var detail = await m.Engine.QueryAsync(w =>
        {
            var registry = w.Get<RegistryState>();
            if (w.Get<ExchangeState>().Auction(auctionId) is not { } a)
                return null;
            var mine = viewer.LoggedIn && ExchangeApi.IsMember(registry, actor)
                ? registry.Accounts.Values.Where(x => x.Holder == actor && !x.Closed).Select(x => x.Id).Order(StringComparer.Ordinal).ToList()
                : [];
            return new Detail(AuctionView.Of(a, registry, actor), a.Terms.InitiatorSide, mine,
                a.Result is not null ? null : ExchangeModule.AuctionHalt(w, a.Terms.Instrument, now));
        }, http.RequestAborted);
        if (detail is null)
            return Html(http, viewer, "No such auction", $"<h1>No such auction</h1><p class=\"error\" role=\"alert\">No auction has the id '{E(auctionId)}'.</p><p><a href=\"/auctions\">All auctions</a></p>", 404);
        var v = detail.View;
        var phase = AuctionPhases.At(v, now);
        var limitName = AuctionPhases.LimitName(detail.Side);
        var anti = Antiforgery(http);
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<h1>Auction {E(v.AuctionId)}</h1>").Append(Message(error, done));
        sb.Append("<div class=\"figures\">");
        sb.Append(CultureInfo.InvariantCulture, $"<div>Status<b id=\"auction-status\">{AuctionPhases.Name(phase)}</b></div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>Offered<b>{N(v.QuantityT)} t {E(v.Instrument)}</b></div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>{char.ToUpperInvariant(limitName[0])}{limitName[1..]} price<b>{DashboardPage.Yuan(v.ReservePriceFen)} yuan/t</b></div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>Window (market time)<b>{Window(v)}</b></div>");
        if (v.Cleared)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div>Clearing price<b id=\"clearing-price\">{(v.ClearingPriceFen is { } p ? DashboardPage.Yuan(p) + " yuan/t" : "none")}</b></div>");
            sb.Append(CultureInfo.InvariantCulture, $"<div>Placed<b id=\"placed\">{N(v.PlacedT ?? 0)} t</b></div><div>Not placed<b id=\"unplaced\">{N(v.UnplacedT ?? 0)} t</b></div>");
        }
        sb.Append("</div>");
        if (detail.Halt is { } halt)
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"status\" id=\"auction-halt\">{E(halt)}. Bids and clearing are refused until trading resumes; a bid may still be withdrawn.</p>");
        sb.Append(CultureInfo.InvariantCulture,
            $"<p>{char.ToUpperInvariant(AuctionPhases.InitiatorName(detail.Side)[0])}{AuctionPhases.InitiatorName(detail.Side)[1..]}: {E(v.SellerAccount ?? v.BuyerAccount)}. {(detail.Side == Side.Buy ? "Bids are offers to sell" : "Bids")} in lots of {N(v.BidLotT)} t, at least {N(Math.Max(v.MinBidT, v.BidLotT))} t, at most {N(v.MaxPerBidderT)} t per member, {(detail.Side == Side.Buy ? "at or below" : "at or above")} the {limitName}; every winner {(detail.Side == Side.Buy ? "is paid" : "pays")} the one clearing price.</p>");

        sb.Append(Bids(v, phase, detail.MyAccounts, anti));
        if (detail.MyAccounts.Count > 0)
            sb.Append(BidForm(v, phase, detail.MyAccounts, anti));
        if (viewer.Role == Role.ExchangeOperator && phase == AuctionPhase.Closed)
            sb.Append(CultureInfo.InvariantCulture, $"<h2>Clear</h2><p>The window has closed: clearing allocates at one price and settles every allocation.</p><form method=\"post\" action=\"/auctions/{Uri.EscapeDataString(v.AuctionId)}/clear\">{anti}<button type=\"submit\">Clear the auction</button></form>");
        sb.Append("<p><a href=\"/auctions\">All auctions</a></p>");
        return Html(http, viewer, $"Auction {v.AuctionId}", sb.ToString(), status);
    }

    // The bids the viewer may see: its own (a member), or all (regulator, exchange operator); with allocations once cleared.
    private static string Bids(AuctionView v, AuctionPhase phase, List<string> myAccounts, string anti)
    {
        if (!v.AllBidsShown && myAccounts.Count == 0)
            return v.Cleared ? "" : "<p>Bids are sealed until the auction is cleared.</p>";
        var withdraw = phase == AuctionPhase.Open && myAccounts.Count > 0;
        string[] headers = v.Cleared ? ["Bid", "Account", "Price (yuan/t)#", "Bid (t)#", "Allocated (t)#", "Paid before fees (yuan)#"]
            : withdraw ? ["Bid", "Account", "Price (yuan/t)#", "Quantity (t)#", "Submitted", "Withdraw"]
            : ["Bid", "Account", "Price (yuan/t)#", "Quantity (t)#", "Submitted"];
        var rows = v.Bids.Select(b =>
        {
            var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<tr><td>{E(b.BidId)}</td><td>{E(b.Account)}</td><td class=\"n\">{DashboardPage.Yuan(b.PriceFen)}</td><td class=\"n\">{N(b.QuantityT)}</td>");
            if (v.Cleared)
                sb.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{N(b.AllocatedT ?? 0)}</td><td class=\"n\">{DashboardPage.Yuan((b.AllocatedT ?? 0) * (v.ClearingPriceFen ?? 0))}</td>");
            else
                sb.Append(CultureInfo.InvariantCulture, $"<td>{T(b.Time)}</td>");
            if (withdraw && !v.Cleared)
                sb.Append(CultureInfo.InvariantCulture, $"<td><form class=\"inline\" method=\"post\" action=\"/auctions/{Uri.EscapeDataString(v.AuctionId)}/bids/{Uri.EscapeDataString(b.BidId)}/withdraw\">{anti}<input type=\"hidden\" name=\"account\" value=\"{E(b.Account)}\"><button class=\"secondary\" type=\"submit\" aria-label=\"Withdraw {E(b.BidId)}\">Withdraw</button></form></td>");
            return sb.Append("</tr>").ToString();
        }).ToList();
        var (title, caption) = (v.AllBidsShown, v.Cleared) switch
        {
            (true, true) => ("Allocations", "Every bid at clearing and what it was allocated"),
            (true, false) => ("Bids", "Every standing bid (sealed from members until clearing)"),
            (false, true) => ("Your allocation", "Your bids at clearing and what each was allocated"),
            _ => ("Your bids", "Your standing bids (sealed from others until clearing)"),
        };
        return $"<h2>{title}</h2>" + Table("bids", caption, headers, rows, v.Cleared ? "No bid of yours stood at clearing." : "No bid yet.");
    }

    private static string BidForm(AuctionView v, AuctionPhase phase, List<string> myAccounts, string anti)
    {
        var rules = TradingRulebook.National;
        if (phase == AuctionPhase.Announced)
            return string.Create(CultureInfo.InvariantCulture, $"<h2>Bid</h2><p>Bidding opens at {rules.LocalTime(v.OpensAt):HH:mm} market time on {v.TradingDay:yyyy-MM-dd}.</p>");
        if (phase != AuctionPhase.Open)
            return phase == AuctionPhase.Closed ? "<h2>Bid</h2><p>The window has closed; the exchange clears the auction.</p>" : "";
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<h2>Bid</h2><form method=\"post\" action=\"/auctions/{Uri.EscapeDataString(v.AuctionId)}/bids\">").Append(anti);
        sb.Append("<label for=\"bid-account\">Account</label><select id=\"bid-account\" name=\"account\">")
            .Append(string.Concat(myAccounts.Select(a => $"<option value=\"{E(a)}\">{E(a)}</option>"))).Append("</select>");
        sb.Append("<label for=\"bid-quantity\">Quantity (tonnes, whole lots)</label><input id=\"bid-quantity\" name=\"quantity\" inputmode=\"numeric\" pattern=\"[0-9]{1,18}\" required>");
        sb.Append("<label for=\"bid-price\">Price (yuan per tonne)</label><input id=\"bid-price\" name=\"price\" inputmode=\"decimal\" required maxlength=\"12\">");
        sb.Append(CultureInfo.InvariantCulture, $"<p>Window closes at {rules.LocalTime(v.ClosesAt):HH:mm} market time. The price times the tonnes (plus any fee) is locked in your cash until clearing.</p>");
        return sb.Append("<div><button type=\"submit\">Submit sealed bid</button></div></form>").ToString();
    }
}
