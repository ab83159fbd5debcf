// The exchange operator's desk: the instruments with an open trading day (each with its close), the large holders of
// those whose rulebook sets a position limit, the allocations those limits count (with the regulator's form to record
// one, exchange.set_position_allocation), and a form
// to open a day for an allowance vintage or a credit class at a previous close, and to halt or resume an open
// day's trading. Each form runs the same engine command as the API (exchange.open_trading_day,
// exchange.close_trading_day, exchange.halt_trading, exchange.resume_trading) as the signed-in operator; a refusal
// shows the engine's code and sentence. The regulator sees the same desk for market supervision: the open days with
// their halt and resume forms only (the rulebook's halt.ordered_by decides who may halt; opening and closing days
// stay the exchange's).
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Http;
using static OpenEts.Server.Web.Page;

namespace OpenEts.Server.Web;

/// <summary>GET /exchange-desk, POST /exchange-desk/days, POST /exchange-desk/days/{instrument}/close|halt|resume.</summary>
public static class ExchangeDeskPage
{
    private sealed record Desk(List<(string Instrument, DateOnly Day, string Rulebook, long PreviousCloseFen, long VolumeT, TradingHalt? Halt)> Open,
        List<(string Instrument, long? LastCloseFen)> Closed, bool AnyPositionLimit, List<HolderPosition> LargeHolders,
        List<string> LimitedClasses, List<(string Account, string Instrument, long AllocationT)> Allocations,
        List<(string Instrument, TradingHalt? Halt)> NoDay);

    /// <summary>Most digits of an allocation typed in the form (below the registry's largest quantity, 10^15 t).</summary>
    private const int MaxAllocationDigits = 15;

    /// <summary>Renders the desk, with the outcome of the last form when it redirected here.</summary>
    public static async Task<IResult> Show(HttpContext http, MarketRuntime m, string? done, string? instrument)
    {
        var viewer = await ViewerAsync(http, m);
        if (Gate(http, viewer, supervision: true) is { } refused)
            return refused;
        var message = (done, instrument) switch
        {
            ("opened", { } i) => $"Trading day opened for {i}.",
            ("closed", { } i) => $"Trading day of {i} closed.",
            ("halted", { } i) => $"Trading in {i} halted.",
            ("resumed", { } i) => $"Trading in {i} resumed.",
            ("allocation", { } i) => $"Allocation for the position limit in {i} recorded.",
            _ => null,
        };
        return await Render(http, m, viewer, null, message, 200);
    }

    /// <summary>POST /exchange-desk/days: opens a trading day.</summary>
    public static async Task<IResult> Open(HttpContext http, MarketRuntime m, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (Gate(http, viewer) is { } refused)
            return refused;
        var instrument = form["instrument"].ToString();
        if (!DateOnly.TryParseExact(form["trading_day"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !TradingPage.TryFen(form["previous_close"].ToString(), out var close))
            return await Render(http, m, viewer, "Refused (invalid_day): give the trading day as YYYY-MM-DD and the previous close in yuan with at most two decimals.", null, 422);
        return await Submit(http, m, viewer, new OpenTradingDay(instrument, day, close), "opened", instrument);
    }

    /// <summary>POST /exchange-desk/days/{instrument}/close: closes an open trading day.</summary>
    public static async Task<IResult> Close(HttpContext http, MarketRuntime m, string instrument, IFormCollection form)
    {
        _ = form; // bound so the antiforgery token is checked
        var viewer = await ViewerAsync(http, m);
        return Gate(http, viewer) ?? await Submit(http, m, viewer, new CloseTradingDay(instrument), "closed", instrument);
    }

    /// <summary>POST /exchange-desk/days/{instrument}/halt: halts an open day's trading with the form's reason.</summary>
    public static async Task<IResult> Halt(HttpContext http, MarketRuntime m, string instrument, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        return Gate(http, viewer, supervision: true) ?? await Submit(http, m, viewer, new HaltTrading(instrument, form["reason"].ToString()), "halted", instrument);
    }

    /// <summary>POST /exchange-desk/days/{instrument}/resume: resumes a halted day's trading.</summary>
    public static async Task<IResult> Resume(HttpContext http, MarketRuntime m, string instrument, IFormCollection form)
    {
        _ = form; // bound so the antiforgery token is checked
        var viewer = await ViewerAsync(http, m);
        return Gate(http, viewer, supervision: true) ?? await Submit(http, m, viewer, new ResumeTrading(instrument), "resumed", instrument);
    }

    /// <summary>
    /// POST /exchange-desk/position-allocations: records a compliance entity's allocation of an instrument, the basis of its
    /// position limit (the engine lets the regulator only).
    /// </summary>
    public static async Task<IResult> SetAllocation(HttpContext http, MarketRuntime m, IFormCollection form)
    {
        var viewer = await ViewerAsync(http, m);
        if (Gate(http, viewer, supervision: true) is { } refused)
            return refused;
        var tonnes = form["allocation_t"].ToString().Trim();
        if (tonnes.Length is 0 or > MaxAllocationDigits || !tonnes.All(char.IsAsciiDigit))
            return await Render(http, m, viewer, "Refused (invalid_allocation): give the allocation in whole tonnes (digits only; 0 removes it).", null, 422);
        var instrument = form["instrument"].ToString();
        return await Submit(http, m, viewer, new SetPositionAllocation(form["account"].ToString().Trim(), instrument,
            long.Parse(tonnes, NumberStyles.None, CultureInfo.InvariantCulture)), "allocation", instrument);
    }

    /// <summary>
    /// The exchange operator may do everything on the desk; the regulator, with <paramref name="supervision"/>, may see it
    /// and halt or resume (whether the rulebook lets it is the engine's decision).
    /// </summary>
    private static IResult? Gate(HttpContext http, Viewer viewer, bool supervision = false) =>
        !viewer.LoggedIn ? ToLogin(http)
        : viewer.Role == Role.ExchangeOperator || (supervision && viewer.Role == Role.Regulator) ? null
        : Forbidden(http, viewer, supervision
            ? "The exchange desk is for the exchange operator and, to halt or resume trading, the regulator."
            : "Only the exchange operator opens and closes trading days.");

    private static async Task<IResult> Submit(HttpContext http, MarketRuntime m, Viewer viewer, Command command, string verb, string instrument)
    {
        var outcome = await m.SubmitAsync(MarketRuntime.NewId(), viewer.Name!, command, http.RequestAborted);
        return outcome.Rejection is { } r
            ? await Render(http, m, viewer, $"Refused ({r.Code}): {r.Message}", null, Problems.StatusOf(r.Code))
            : Results.Redirect($"/exchange-desk?done={verb}&instrument={Uri.EscapeDataString(instrument)}");
    }

    private static async Task<IResult> Render(HttpContext http, MarketRuntime m, Viewer viewer, string? error, string? done, int status)
    {
        var desk = await m.Engine.QueryAsync(w =>
        {
            var ex = w.Get<ExchangeState>();
            var classes = w.Get<RegistryState>().Classes.Values.Where(c => c.Type != UnitType.Cash).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            var open = ex.OpenInstruments.Select(i => (i, ex.Day(i)!)).Select(x => (x.i, x.Item2.Ledger.TradingDay, x.Item2.Ledger.Rules.Market,
                x.Item2.Market.PreviousCloseFen, x.Item2.Ledger.Trades.Sum(t => t.QuantityT), x.Item2.Halt)).ToList();
            var closed = classes.Where(c => ex.Day(c) is null).Select(c => (c, ex.LastClose(c))).ToList();
            var limitedClasses = classes.Where(c => PositionLimits.LimitOf(w, c) is not null).ToList();
            var limited = ex.OpenInstruments.Where(limitedClasses.Contains).ToList();
            var allocations = ex.PositionAllocations.All.Where(a => limitedClasses.Contains(a.Instrument)).ToList();
            // Instruments with no day open that a halt may cover: those halted already (halts that outlive the close), and those
            // whose rulebook lets a halt be ordered between days (halt.ends_at_close false).
            var noDay = classes.Where(c => ex.Day(c) is null && (ex.StandingHalt(c) is not null || ex.RulesOf(c) is { HaltEndsAtClose: false }))
                .Select(c => (c, ex.StandingHalt(c))).ToList();
            return new Desk(open, closed, limited.Count > 0, limited.SelectMany(i => PositionLimits.LargeHolders(w, i)).ToList(), limitedClasses, allocations, noDay);
        }, http.RequestAborted);
        var anti = Antiforgery(http);
        // The regulator sees the desk for market supervision: the open days with their halt forms, nothing to open or close.
        var operating = viewer.Role != Role.Regulator;
        var sb = new StringBuilder(operating ? "<h1>Exchange desk</h1>" : "<h1>Exchange desk: market supervision</h1>").Append(Message(error, done));
        if (!operating)
        {
            sb.Append("<p>The regulator may halt trading in an instrument's open day, for example on abnormal price swings, and resume it. ")
              .Append("A halt the regulator ordered is lifted by the regulator only; it ends at the day's close. Opening and closing days is the exchange operator's.</p>");
        }
        string CloseCell(string instrument) => operating
            ? $"<td><form class=\"inline\" method=\"post\" action=\"/exchange-desk/days/{Uri.EscapeDataString(instrument)}/close\">{anti}<button type=\"submit\" aria-label=\"Close {E(instrument)}\">Close the day</button></form></td>"
            : "";
        var rows = desk.Open.Select(o => string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{E(o.Instrument)}</td><td>{o.Day:yyyy-MM-dd}</td><td>{E(o.Rulebook)}</td><td class=\"n\">{DashboardPage.Yuan(o.PreviousCloseFen)}</td><td class=\"n\">{N(o.VolumeT)}</td>{CloseCell(o.Instrument)}<td>{HaltCell(o.Instrument, o.Halt, anti)}</td></tr>")).ToList();
        string[] columns = operating
            ? ["Instrument", "Trading day", "Rulebook", "Previous close (yuan)#", "Traded (t)#", "Close", "Halt"]
            : ["Instrument", "Trading day", "Rulebook", "Previous close (yuan)#", "Traded (t)#", "Halt"];
        sb.Append("<h2>Open trading days</h2>").Append(Table("open-days", "Instruments trading now", columns, rows, "No trading day is open."));
        if (desk.NoDay.Count > 0)
        {
            // Under a rulebook whose halts outlive the close, a halt is ordered and lifted between days too, and a day opens under it.
            sb.Append("<h2>Halts with no day open</h2><p>Under these instruments' rulebooks a halt outlives the close: it lasts until resumed, ")
              .Append("may be ordered or lifted while no day is open, and a day opened under it opens halted.</p>");
            sb.Append(Table("no-day-halts", "Instruments with no day open that a halt covers or may cover", ["Instrument", "Halt"],
                desk.NoDay.Select(h => $"<tr><td>{E(h.Instrument)}</td><td>{HaltCell(h.Instrument, h.Halt, anti)}</td></tr>").ToList(), ""));
        }
        if (desk.AnyPositionLimit)
            sb.Append("<h2>Large holders</h2>").Append(LargeHolders(desk.LargeHolders));
        if (desk.LimitedClasses.Count > 0)
            sb.Append(Allocations(desk, anti, recording: !operating));
        if (operating && desk.Closed.Count > 0)
        {
            var today = TradingRulebook.National.MarketDate(m.Clock.GetUtcNow());
            var first = desk.Closed[0].LastCloseFen;
            sb.Append("<h2>Open a trading day</h2><form method=\"post\" action=\"/exchange-desk/days\">").Append(anti);
            sb.Append("<label for=\"day-instrument\">Instrument</label><select id=\"day-instrument\" name=\"instrument\">");
            foreach (var (instrument, last) in desk.Closed)
                sb.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(instrument)}\">{E(instrument)}{(last is { } c ? $" (last close {DashboardPage.Yuan(c)})" : "")}</option>");
            sb.Append("</select>");
            sb.Append(CultureInfo.InvariantCulture, $"<label for=\"day-date\">Trading day (market date)</label><input id=\"day-date\" name=\"trading_day\" value=\"{today:yyyy-MM-dd}\" required pattern=\"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<label for=\"day-close\">Previous close (yuan per tonne)</label><input id=\"day-close\" name=\"previous_close\" inputmode=\"decimal\" required maxlength=\"12\" value=\"{(first is { } f ? new Fen(f).ToYuanString() : "")}\">");
            sb.Append("<div><button type=\"submit\">Open the day</button></div></form>");
        }
        return Html(http, viewer, "Exchange desk", sb.ToString(), status);
    }

    /// <summary>Holders above the disclosure threshold of an open day's rulebook (where it sets a position limit).</summary>
    private static string LargeHolders(List<HolderPosition> holders) =>
        Table("large-holders", "Holders above the disclosure threshold", ["Instrument", "Holder", "Kind", "Position (t)#", "Threshold (t)#", "Excess (t)#", "Limit (t)#"],
            holders.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{E(p.Instrument)}</td><td>{E(p.Holder)}</td><td>{(p.ComplianceEntity ? $"compliance entity, allocation {N(p.AllocationT)} t" : "other")}</td><td class=\"n\">{N(p.PositionT)}</td><td class=\"n\">{N(p.DisclosureT)}</td><td class=\"n\">{N(p.ExcessT)}</td><td class=\"n\">{N(p.LimitT)}</td></tr>")).ToList(),
            "No holder is above its disclosure threshold.");

    /// <summary>
    /// The allocations the position limits count (instruments whose rulebook sets one), and for the regulator the form
    /// that records one.
    /// </summary>
    private static string Allocations(Desk desk, string anti, bool recording)
    {
        var sb = new StringBuilder("<h2>Allocations counted by position limits</h2>");
        sb.Append("<p>A compliance entity may hold its allocation of an instrument plus its rulebook's margin; one with no allocation recorded counts 0. ")
          .Append("The compliance cycle records each issuance and true-up; the regulator records allocations made outside it.</p>");
        sb.Append(Table("position-allocations", "Allocations recorded for position limits", ["Account", "Instrument", "Allocation (t)#"],
            desk.Allocations.Select(a => string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{E(a.Account)}</td><td>{E(a.Instrument)}</td><td class=\"n\">{N(a.AllocationT)}</td></tr>")).ToList(),
            "No allocation is recorded."));
        if (!recording)
            return sb.ToString();
        sb.Append("<form method=\"post\" action=\"/exchange-desk/position-allocations\">").Append(anti);
        sb.Append("<label for=\"alloc-account\">Compliance entity's account</label><input id=\"alloc-account\" name=\"account\" required maxlength=\"64\">");
        sb.Append("<label for=\"alloc-instrument\">Instrument</label><select id=\"alloc-instrument\" name=\"instrument\">");
        foreach (var instrument in desk.LimitedClasses)
            sb.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(instrument)}\">{E(instrument)}</option>");
        sb.Append("</select>");
        sb.Append(CultureInfo.InvariantCulture,
            $"<label for=\"alloc-tonnes\">Allocation (t; 0 removes it)</label><input id=\"alloc-tonnes\" name=\"allocation_t\" inputmode=\"numeric\" required maxlength=\"{MaxAllocationDigits}\" pattern=\"[0-9]+\">");
        sb.Append("<div><button type=\"submit\">Record the allocation</button></div></form>");
        return sb.ToString();
    }

    /// <summary>A halted day: since when and why, and the resume button; a trading day: the reason field and the halt button.</summary>
    private static string HaltCell(string instrument, TradingHalt? halt, string anti)
    {
        var path = "/exchange-desk/days/" + Uri.EscapeDataString(instrument);
        return halt is { } h
            ? $"Halted since {T(h.Since)} by {E(h.Actor)}: {E(h.Reason)} <form class=\"inline\" method=\"post\" action=\"{path}/resume\">{anti}<button type=\"submit\" aria-label=\"Resume {E(instrument)}\">Resume</button></form>"
            : $"<form class=\"inline\" method=\"post\" action=\"{path}/halt\">{anti}<input name=\"reason\" aria-label=\"Reason to halt {E(instrument)}\" required maxlength=\"{TradingRulebook.National.HaltMaxReasonChars}\">" +
              $"<button type=\"submit\" aria-label=\"Halt {E(instrument)}\">Halt</button></form>";
    }
}
