// The trading desk of a member (covered entity, investor, project owner): order entry for its own accounts,
// its open orders with cancel, and block trades (propose, accept or decline, withdraw). Every form posts the
// same engine command as the API, after the same check that the account is the member's own; a refusal is
// shown with the engine's code and sentence.
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Api;
using OpenEts.Server.Http;
using static OpenEts.Server.Web.DashboardPage;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>GET /trading and its form posts.</summary>
public static partial class TradingPage
{
    /// <summary>The member's trades of the open days shown, newest first.</summary>
    public const int TradesShown = 20;

    private sealed record Desk(
        List<string> Accounts, List<(string Account, string Class, long Available, long Locked)> Holdings, List<string> Instruments,
        List<(string Instrument, string OrderId, string Account, Side Side, long LimitFen, long RemainingT)> Orders,
        List<(string Instrument, BlockProposal Proposal)> Blocks, List<Trade> Trades);

    /// <summary>Renders the desk, with the outcome of the last form when it redirected here.</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime m, string? done, string? id, int? trades, long? tonnes)
    {
        var viewer = await ViewerAsync(http, m);
        if (Gate(http, viewer) is { } refused)
            return refused;
        var message = (done, id) switch
        {
            (null, _) or (_, null) => null,
            ("placed", _) when trades > 0 => $"Order {id} placed: {trades} trade(s), {tonnes ?? 0:N0} t traded.",
            ("placed", _) => $"Order {id} placed; it rests in the book.",
            ("cancelled", _) => $"Order {id} cancelled; its lock is released.",
            ("proposed", _) => $"Block trade {id} proposed; the counterparty may accept it until the close.",
            ("accepted", _) => $"Block trade {id} accepted and settled.",
            ("declined", _) => $"Block trade {id} declined.",
            ("withdrawn", _) => $"Block trade {id} withdrawn.",
            _ => null,
        };
        return await Render(http, m, viewer, null, message, 200);
    }

    /// <summary>POST /trading/orders.</summary>
    public static Task<IResult> PlaceOrder(HttpContext http, MarketRuntime m, IFormCollection form) =>
        NewFromForm(http, m, form, "placed", (id, f) => new PlaceOrder(f.Instrument, id, f.Account, f.Side, f.PriceFen, f.QuantityT));

    /// <summary>POST /trading/orders/{instrument}/{orderId}/cancel.</summary>
    public static async Task<IResult> CancelOrder(HttpContext http, MarketRuntime m, string instrument, string orderId, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        var account = form["account"].ToString();
        return Gate(http, viewer) ?? await Submit(http, m, viewer, account, new CancelOrder(instrument, orderId, account), "cancelled", orderId);
    }

    /// <summary>POST /trading/block-trades.</summary>
    public static Task<IResult> ProposeBlockTrade(HttpContext http, MarketRuntime m, IFormCollection form) =>
        NewFromForm(http, m, form, "proposed", (id, f) => new ProposeBlockTrade(f.Instrument, id, f.Account, form["counterparty"].ToString().Trim(), f.Side, f.PriceFen, f.QuantityT));

    // A new order or proposal from a form: the member, its fields, a fresh id, then the command.
    private static async Task<IResult> NewFromForm(HttpContext http, MarketRuntime m, IFormCollection form, string verb, Func<string, OrderFields, Command> make)
    {
        var viewer = await ViewerAsync(http, m);
        if (Gate(http, viewer) is { } refused)
            return refused;
        if (Read(form) is not { } fields)
            return await Render(http, m, viewer, BadForm, null, 422);
        var id = NewId();
        return await Submit(http, m, viewer, fields.Account, make(id, fields), verb, id);
    }

    /// <summary>POST /trading/block-trades/{instrument}/{proposalId}/accept|decline|withdraw: the counterparty answers, or the proposer withdraws (the engine's decline).</summary>
    public static async Task<IResult> AnswerBlockTrade(HttpContext http, MarketRuntime m, string instrument, string proposalId, string answer, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        var account = form["account"].ToString();
        (Command Command, string Verb)? reply = answer switch
        {
            "accept" => (new AcceptBlockTrade(instrument, proposalId, account), "accepted"),
            "decline" => (new DeclineBlockTrade(instrument, proposalId, account), "declined"),
            "withdraw" => (new DeclineBlockTrade(instrument, proposalId, account), "withdrawn"),
            _ => null,
        };
        if (Gate(http, viewer) is { } refused)
            return refused;
        return reply is { } r
            ? await Submit(http, m, viewer, account, r.Command, r.Verb, proposalId)
            : await Render(http, m, viewer, "A block trade is accepted, declined or withdrawn.", null, 404);
    }

    private const string BadForm = "Refused (invalid_order): choose an instrument, an account and buy or sell; the quantity is a whole number of tonnes and the price is in yuan with at most two decimals (51.23).";

    // Only members trade from the desk; everyone else is sent to log in or told why not.
    private static IResult? Gate(HttpContext http, Viewer viewer) =>
        !viewer.LoggedIn ? ToLogin(http)
        : viewer.Role is Role.CoveredEntity or Role.Investor or Role.ProjectOwner ? null
        : Forbidden(http, viewer, "The trading desk is for members (covered entities, investors and project owners) trading for their own accounts.");

    private static string NewId() => "w-" + Guid.NewGuid().ToString("N")[..20];

    private sealed record OrderFields(string Instrument, string Account, Side Side, long QuantityT, long PriceFen);

    private static OrderFields? Read(IFormCollection form)
    {
        Side? side = form["side"].ToString() switch { "buy" => Side.Buy, "sell" => Side.Sell, _ => null };
        return side is { } s && long.TryParse(form["quantity"], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) && TryFen(form["price"].ToString(), out var price)
            ? new OrderFields(form["instrument"].ToString(), form["account"].ToString(), s, quantity, price)
            : null;
    }

    /// <summary>Yuan with at most two decimals ("51.23", "51.2", "51") as fen, in integers.</summary>
    public static bool TryFen(string yuan, out long fen)
    {
        fen = 0;
        var match = YuanPattern().Match(yuan.Trim());
        if (!match.Success)
            return false;
        var decimals = match.Groups[2].Value.PadRight(2, '0');
        fen = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 100 + long.Parse(decimals, CultureInfo.InvariantCulture);
        return true;
    }

    [GeneratedRegex("^([0-9]{1,9})(?:\\.([0-9]{1,2}))?$")]
    private static partial Regex YuanPattern();

    private static async Task<IResult> Submit(HttpContext http, MarketRuntime m, Viewer viewer, string account, Command command, string verb, string id)
    {
        var allowed = await m.Engine.QueryAsync(w => ExchangeApi.MayTradeFor(w.Get<RegistryState>(), viewer.Name!, account), http.RequestAborted);
        if (!allowed)
            return await Render(http, m, viewer, Refused(ExchangeApi.NotYourAccount(viewer.Name!)), null, 403);
        var outcome = await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, command, http.RequestAborted);
        if (outcome.Rejection is { } r)
            return await Render(http, m, viewer, Refused(r), null, Problems.StatusOf(r.Code));
        var trades = outcome.Events.OfType<TradeExecuted>().ToList();
        return Results.Redirect($"/trading?done={verb}&id={Uri.EscapeDataString(id)}&trades={trades.Count}&tonnes={trades.Sum(t => t.QuantityT)}");
    }

    private static string Refused(Rejection r) => $"Refused ({r.Code}): {r.Message}";

    private static async Task<IResult> Render(HttpContext http, MarketRuntime m, Viewer viewer, string? error, string? done, int status)
    {
        var name = viewer.Name!;
        var desk = await m.Engine.QueryAsync(w =>
        {
            var s = w.Get<RegistryState>();
            var ex = w.Get<ExchangeState>();
            var mine = s.Accounts.Values.Where(a => a.Holder == name && !a.Closed).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
            var set = mine.ToHashSet(StringComparer.Ordinal);
            var holdings = s.Holdings.Where(h => set.Contains(h.Key.Account) && (h.Value.Held != 0 || h.Value.Locked != 0))
                .OrderBy(h => h.Key.Account, StringComparer.Ordinal).ThenBy(h => h.Key.Class, StringComparer.Ordinal)
                .Select(h => (h.Key.Account, h.Key.Class, h.Value.Available, h.Value.Locked)).ToList();
            var instruments = ex.OpenInstruments.ToList();
            var days = instruments.Select(i => (Instrument: i, Day: ex.Day(i)!)).ToList();
            var orders = days.SelectMany(d => d.Day.Market.OpenOrders.Where(o => set.Contains(o.Account)).Select(o => (d.Instrument, o.OrderId, o.Account, o.Side, o.LimitFen, o.RemainingT))).ToList();
            var blocks = days.SelectMany(d => d.Day.Blocks.Pending.Values.Where(p => set.Contains(p.Proposer) || set.Contains(p.Counterparty)).OrderBy(p => p.Time).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => (d.Instrument, p))).ToList();
            var trades = days.SelectMany(d => d.Day.Ledger.Trades.Where(t => set.Contains(t.Buyer) || set.Contains(t.Seller))).OrderByDescending(t => t.Time).Take(TradesShown).ToList();
            return new Desk(mine, holdings, instruments, orders, blocks, trades);
        }, http.RequestAborted);
        var anti = Antiforgery(http);
        var sb = new StringBuilder("<h1>Trading</h1>").Append(Message(error, done));
        if (desk.Accounts.Count == 0)
            sb.Append("<p>You hold no open account to trade from.</p>");
        var holdings = desk.Holdings.Select(h => string.Create(CultureInfo.InvariantCulture, $"<tr><td>{E(h.Account)}</td><td>{E(h.Class)}</td><td class=\"n\">{N(h.Available)}</td><td class=\"n\">{N(h.Locked)}</td></tr>")).ToList();
        sb.Append(Table("holdings", "Your accounts (tonnes; cash in fen)", ["Account", "Class", "Available#", "Locked#"], holdings, "Nothing held."));

        if (desk.Instruments.Count == 0)
            sb.Append("<h2>Place an order</h2><p>No trading day is open.</p>");
        else
        {
            sb.Append("<h2>Place an order</h2><form method=\"post\" action=\"/trading/orders\">").Append(anti).Append(Fields("order", desk, "Account", "Side"));
            sb.Append("<label for=\"order-quantity\">Quantity (tonnes)</label><input id=\"order-quantity\" name=\"quantity\" inputmode=\"numeric\" pattern=\"[0-9]{1,18}\" required>");
            sb.Append("<label for=\"order-price\">Limit price (yuan per tonne)</label><input id=\"order-price\" name=\"price\" inputmode=\"decimal\" required maxlength=\"12\">");
            sb.Append("<div><button type=\"submit\">Place order</button></div></form>");
        }

        var orders = desk.Orders.Select(o => string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{E(o.Instrument)}</td><td>{E(o.OrderId)}</td><td>{E(o.Account)}</td><td>{SideName(o.Side)}</td><td class=\"n\">{Yuan(o.LimitFen)}</td><td class=\"n\">{N(o.RemainingT)}</td><td>" +
            $"<form class=\"inline\" method=\"post\" action=\"/trading/orders/{Uri.EscapeDataString(o.Instrument)}/{Uri.EscapeDataString(o.OrderId)}/cancel\">{anti}<input type=\"hidden\" name=\"account\" value=\"{E(o.Account)}\"><button class=\"secondary\" type=\"submit\" aria-label=\"Cancel {E(o.OrderId)}\">Cancel</button></form></td></tr>")).ToList();
        sb.Append("<h2>Your open orders</h2>").Append(Table("open-orders", "Orders resting in the book", ["Instrument", "Order", "Account", "Side", "Limit (yuan/t)#", "Remaining (t)#", "Cancel"], orders, "None."));

        sb.Append("<h2>Block trades</h2>").Append(Blocks(desk, anti));
        if (desk.Instruments.Count > 0)
        {
            sb.Append("<h3>Propose a block trade</h3><form method=\"post\" action=\"/trading/block-trades\">").Append(anti).Append(Fields("block", desk, "Your account", "Your side"));
            sb.Append("<label for=\"block-counterparty\">Counterparty account</label><input id=\"block-counterparty\" name=\"counterparty\" required maxlength=\"64\">");
            sb.Append("<label for=\"block-quantity\">Block quantity (tonnes)</label><input id=\"block-quantity\" name=\"quantity\" inputmode=\"numeric\" pattern=\"[0-9]{1,18}\" required>");
            sb.Append("<label for=\"block-price\">Block price (yuan per tonne)</label><input id=\"block-price\" name=\"price\" inputmode=\"decimal\" required maxlength=\"12\">");
            sb.Append("<div><button type=\"submit\">Propose block trade</button></div></form>");
        }

        var trades = desk.Trades.Select(t =>
        {
            var way = desk.Accounts.Contains(t.Buyer) ? (desk.Accounts.Contains(t.Seller) ? "both" : $"bought ({E(t.Buyer)})") : $"sold ({E(t.Seller)})";
            return string.Create(CultureInfo.InvariantCulture, $"<tr><td>{T(t.Time)}</td><td>{E(t.Instrument)}</td><td>{E(t.Kind.ToString().ToLowerInvariant())}</td><td>{way}</td><td class=\"n\">{Yuan(t.PriceFen)}</td><td class=\"n\">{N(t.QuantityT)}</td></tr>");
        }).ToList();
        sb.Append("<h2>Your trades today</h2>").Append(Table("my-trades", "Your trades of the open days, newest first", ["Time", "Instrument", "How", "Bought / sold", "Price (yuan/t)#", "Quantity (t)#"], trades, "None yet."));
        return Html(http, viewer, "Trading", sb.ToString(), status);
    }

    // Instrument, account and side: the fields the order and block forms share.
    private static string Fields(string form, Desk desk, string accountLabel, string sideLabel)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<label for=\"{form}-instrument\">Instrument</label><select id=\"{form}-instrument\" name=\"instrument\">{Options(desk.Instruments)}</select>");
        sb.Append(CultureInfo.InvariantCulture, $"<label for=\"{form}-account\">{accountLabel}</label><select id=\"{form}-account\" name=\"account\">{Options(desk.Accounts)}</select>");
        sb.Append(CultureInfo.InvariantCulture, $"<label for=\"{form}-side\">{sideLabel}</label><select id=\"{form}-side\" name=\"side\"><option value=\"buy\">Buy</option><option value=\"sell\">Sell</option></select>");
        return sb.ToString();
    }

    private static string Blocks(Desk desk, string anti)
    {
        var rows = new List<string>();
        foreach (var (instrument, p) in desk.Blocks)
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Id)}</td><td>{E(instrument)}</td><td>{E(p.Seller)}</td><td>{E(p.Buyer)}</td><td class=\"n\">{Yuan(p.PriceFen)}</td><td class=\"n\">{N(p.QuantityT)}</td><td>");
            var action = $"/trading/block-trades/{Uri.EscapeDataString(instrument)}/{Uri.EscapeDataString(p.Id)}";
            var answers = desk.Accounts.Contains(p.Counterparty)
                ? new[] { ("accept", "Accept", "", p.Counterparty), ("decline", "Decline", " class=\"secondary\"", p.Counterparty) }
                : [("withdraw", "Withdraw", " class=\"secondary\"", p.Proposer)];
            foreach (var (answer, label, style, account) in answers)
                sb.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"{action}/{answer}\">{anti}<input type=\"hidden\" name=\"account\" value=\"{E(account)}\"><button{style} type=\"submit\" aria-label=\"{label} {E(p.Id)}\">{label}</button></form>");
            rows.Add(sb.Append("</td></tr>").ToString());
        }
        return Table("blocks", "Block proposals waiting for an answer (they lapse at the close)", ["Proposal", "Instrument", "Seller", "Buyer", "Price (yuan/t)#", "Quantity (t)#", "Answer"], rows,
            "No block proposal waits for an answer.");
    }

    private static string SideName(Side side) => side == Side.Buy ? "buy" : "sell";

    private static string Options(IEnumerable<string> values) =>
        string.Concat(values.Select(v => $"<option value=\"{E(v)}\">{E(v)}</option>"));
}
