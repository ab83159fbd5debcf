// The exchange in the web UI, through the real server: the public market pages and the dashboard show the
// book, the trades and the day's figures (HTML-encoded); the trading desk sends the API's commands only for
// the member's own accounts, shows a refusal's code and sentence, and changes nothing when it refuses.
using System.Net;
using System.Net.Http.Json;
using OpenEts.Registry;
using static OpenEts.Server.Tests.TradingDay;

namespace OpenEts.Server.Tests;

public sealed class ExchangePagesTests
{
    private const string Password = "correct horse battery staple";

    private static string Cells(params string[] values) => string.Concat(values.Select(v => $"<td class=\"n\">{v}</td>"));

    [Fact]
    public async Task Market_pages_and_dashboard_show_the_book_the_trades_and_the_day_to_anyone()
    {
        await using var s = await StartAsync();
        await OrderAsync(s, "acme", "s1", "ACME-1", "sell", 51_23, 10);
        await OrderAsync(s, "ivy", "b1", "IVY-1", "buy", 51_50, 4); // trades 4 t at 51.23 = 204.92 yuan
        await OrderAsync(s, "acme", "s2", "ACME-1", "sell", 52_00, 5);
        using var anon = s.Anonymous();

        var index = await anon.GetStringAsync("/market");
        Assert.Contains("<a href=\"/market/CEA21\">CEA21</a></td><td>2021-07-19</td>" + Cells("51.23", "51.23", "4", "204.92", "4"), index, StringComparison.Ordinal);

        using var response = await anon.GetAsync("/market/CEA21");
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("default-src 'none'", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains("<tr>" + Cells("51.23", "6", "1") + "</tr><tr>" + Cells("52.00", "5", "1") + "</tr></table>", Section(page, "asks"), StringComparison.Ordinal);
        Assert.Contains("None.", Section(page, "bids"), StringComparison.Ordinal);
        Assert.Contains("<td>listing</td>" + Cells("51.23", "4"), Section(page, "trades"), StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-title\">CEA21: daily volume and average price</title>", page, StringComparison.Ordinal);
        Assert.Contains("<caption>CEA21 traded per day</caption>", page, StringComparison.Ordinal);
        Assert.Contains("<td>2021-07-19</td>" + Cells("1", "4", "204.92", "51.23", "51.23"), page, StringComparison.Ordinal);

        var dashboard = await anon.GetStringAsync("/");
        Assert.Contains("id=\"traded-volume\">4 t<", dashboard, StringComparison.Ordinal);
        Assert.Contains("id=\"traded-value\">204.92 yuan<", dashboard, StringComparison.Ordinal);
        Assert.Contains(Cells("—", "51.23 × 6 t", "51.23", "4", "204.92"), Section(dashboard, "exchange-today"), StringComparison.Ordinal);

        // Once the exchange closes the day the page says so and gives the close (the day's average, 51.23).
        using (var exchange = s.As("exchange"))
            await ServerUnderTest.Ok(exchange.PostAsync("/api/exchange/CEA21/close", null));
        Assert.Contains("No trading day is open; the last close was <b>51.23</b> yuan.", await anon.GetStringAsync("/market/CEA21"), StringComparison.Ordinal);

        using var unknown = await anon.GetAsync("/market/%3Cb%3Ex");
        var unknownPage = await unknown.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("id '&lt;b&gt;x'", unknownPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x", unknownPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_desk_trades_only_for_the_members_own_accounts_and_shows_refusals_with_their_code()
    {
        await using var s = await StartAsync();
        foreach (var (name, role) in new[] { ("acme", Role.CoveredEntity), ("ivy", Role.Investor), ("regulator", Role.Regulator) })
            Assert.Null(await s.AddPersonAsync(name, role, Password));
        using var anon = WebVisitor.Anonymous(s);
        using (var toLogin = await anon.Http.GetAsync("/trading"))
            Assert.StartsWith("/login?return=", toLogin.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using (var regulator = await WebVisitor.LogInAsync(s, "regulator", Password))
            Assert.Equal(HttpStatusCode.Forbidden, (await regulator.Http.GetAsync("/trading")).StatusCode);

        using var acme = await WebVisitor.LogInAsync(s, "acme", Password);
        var desk = await acme.Http.GetStringAsync("/trading");
        Assert.Contains("<option value=\"ACME-1\">ACME-1</option>", desk, StringComparison.Ordinal);
        Assert.DoesNotContain("IVY-1", desk, StringComparison.Ordinal);

        // Another member's account: refused before the engine, nothing locked, nothing in the book.
        var seq = await s.JournalSeqAsync();
        using (var foreign = await acme.PostAsync("/trading", "/trading/orders", Order("IVY-1", "buy", "10", "51.23")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            Assert.Contains("Refused (not_authorized): &#x27;acme&#x27; may trade only for accounts it holds.", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(seq, await s.JournalSeqAsync());
        Assert.Equal((100_000L, 0L), await s.HoldingAsync("IVY-1", "CNY"));

        // The engine's refusal: its code and sentence, nothing locked.
        using (var outside = await acme.PostAsync("/trading", "/trading/orders", Order("ACME-1", "sell", "10", "60.00")))
        {
            Assert.Equal(HttpStatusCode.Conflict, outside.StatusCode);
            Assert.Contains("Refused (price_outside_band): Today&#x27;s listing band is 46.11", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var malformed = await acme.PostAsync("/trading", "/trading/orders", Order("ACME-1", "sell", "10", "51.234")))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);
        Assert.Equal((500L, 0L), await s.HoldingAsync("ACME-1", "CEA21"));

        // A text from the form comes back encoded.
        using (var hostile = await acme.PostAsync("/trading", "/trading/block-trades", new()
        {
            ["instrument"] = "CEA21",
            ["account"] = "ACME-1",
            ["side"] = "sell",
            ["quantity"] = "100000",
            ["price"] = "51.23",
            ["counterparty"] = "<img src=x onerror=alert(1)>",
        }))
        {
            var body = await hostile.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, hostile.StatusCode);
            Assert.Contains("Refused (unknown_account): No holder&#x27;s account has the id &#x27;&lt;img src", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", body, StringComparison.Ordinal);
        }

        // An order that rests: the desk lists it; another member cannot cancel it; its owner can.
        using var placed = await acme.PostAsync("/trading", "/trading/orders", Order("ACME-1", "sell", "10", "51.23"));
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var location = placed.Headers.Location!.OriginalString;
        var orderId = Uri.UnescapeDataString(location.Split("id=")[1].Split('&')[0]);
        var after = await acme.Http.GetStringAsync(location);
        Assert.Contains($"Order {orderId} placed; it rests in the book.", after, StringComparison.Ordinal);
        Assert.Contains($"<td>{orderId}</td><td>ACME-1</td><td>sell</td>" + Cells("51.23", "10"), Section(after, "open-orders"), StringComparison.Ordinal);
        Assert.Equal((500L, 10L), await s.HoldingAsync("ACME-1", "CEA21"));

        using var ivy = await WebVisitor.LogInAsync(s, "ivy", Password);
        using (var notHers = await ivy.PostAsync("/trading", $"/trading/orders/CEA21/{orderId}/cancel", new() { ["account"] = "ACME-1" }))
            Assert.Equal(HttpStatusCode.Forbidden, notHers.StatusCode);
        Assert.Equal((500L, 10L), await s.HoldingAsync("ACME-1", "CEA21"));
        using (var cancelled = await acme.PostAsync("/trading", $"/trading/orders/CEA21/{orderId}/cancel", new() { ["account"] = "ACME-1" }))
            Assert.Contains("done=cancelled", cancelled.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal((500L, 0L), await s.HoldingAsync("ACME-1", "CEA21"));

        // A form without the page's token is refused and changes nothing.
        seq = await s.JournalSeqAsync();
        using (var forged = await acme.Http.PostAsync("/trading/orders", new FormUrlEncodedContent(Order("ACME-1", "sell", "10", "51.23"))))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(seq, await s.JournalSeqAsync());
    }

    [Fact]
    public async Task A_block_proposal_is_accepted_by_the_named_counterparty_and_another_is_withdrawn_by_its_proposer()
    {
        await using var s = await StartAsync(forBlocks: true);
        Assert.Null(await s.AddPersonAsync("acme", Role.CoveredEntity, Password));
        Assert.Null(await s.AddPersonAsync("ivy", Role.Investor, Password));
        using var acme = await WebVisitor.LogInAsync(s, "acme", Password);
        using var ivy = await WebVisitor.LogInAsync(s, "ivy", Password);
        var block = new Dictionary<string, string>
        {
            ["instrument"] = "CEA21",
            ["account"] = "ACME-1",
            ["side"] = "sell",
            ["quantity"] = "100000",
            ["price"] = "51.23",
            ["counterparty"] = "IVY-1",
        };

        using var proposed = await acme.PostAsync("/trading", "/trading/block-trades", new(block));
        var id = Uri.UnescapeDataString(proposed.Headers.Location!.OriginalString.Split("id=")[1].Split('&')[0]);
        Assert.Contains($"aria-label=\"Withdraw {id}\"", await acme.Http.GetStringAsync("/trading"), StringComparison.Ordinal);
        var hers = await ivy.Http.GetStringAsync("/trading");
        Assert.Contains($"aria-label=\"Accept {id}\"", hers, StringComparison.Ordinal);
        Assert.DoesNotContain($"aria-label=\"Withdraw {id}\"", hers, StringComparison.Ordinal);
        using (var accepted = await ivy.PostAsync("/trading", $"/trading/block-trades/CEA21/{id}/accept", new() { ["account"] = "IVY-1" }))
            Assert.Contains("done=accepted&", accepted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal((100_000L, 0L), await s.HoldingAsync("IVY-1", "CEA21"));
        Assert.Equal((100_000L * 51_23, 0L), await s.HoldingAsync("ACME-1", "CNY"));

        block["quantity"] = "100500"; // 500 t left: the sell is refused with the engine's code
        using (var tooMuch = await acme.PostAsync("/trading", "/trading/block-trades", new(block)))
            Assert.Contains("Refused (insufficient_units)", await tooMuch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        block["quantity"] = "100000";
        block["side"] = "buy";
        block["price"] = "40.00";
        using var second = await acme.PostAsync("/trading", "/trading/block-trades", new(block));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var secondId = Uri.UnescapeDataString(second.Headers.Location!.OriginalString.Split("id=")[1].Split('&')[0]);
        Assert.Equal(4_000_000_00L, (await s.HoldingAsync("ACME-1", "CNY")).Locked);
        using (var withdrawn = await acme.PostAsync("/trading", $"/trading/block-trades/CEA21/{secondId}/withdraw", new() { ["account"] = "ACME-1" }))
            Assert.Contains("done=withdrawn", withdrawn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(0L, (await s.HoldingAsync("ACME-1", "CNY")).Locked);
        Assert.Contains("No block proposal waits for an answer.", await ivy.Http.GetStringAsync("/trading"), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Order(string account, string side, string quantity, string price) =>
        new() { ["instrument"] = "CEA21", ["account"] = account, ["side"] = side, ["quantity"] = quantity, ["price"] = price };

    // The part of a page from the element with this id to the end of its table (or paragraph).
    private static string Section(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No element with id {id}.");
        var end = page.IndexOf("</table>", start, StringComparison.Ordinal);
        var p = page.IndexOf("</p>", start, StringComparison.Ordinal);
        end = end < 0 || (p >= 0 && p < end) ? p : end;
        return page[start..(end + 8 > page.Length ? page.Length : end + 8)];
    }

    [Fact]
    public async Task The_exchange_operator_halts_resumes_closes_and_opens_days_from_its_desk_and_members_may_not()
    {
        await using var s = await StartAsync();
        foreach (var (name, role) in new[] { ("xo", Role.ExchangeOperator), ("acme", Role.CoveredEntity) })
            Assert.Null(await s.AddPersonAsync(name, role, Password));
        using (var acme = await WebVisitor.LogInAsync(s, "acme", Password))
            Assert.Equal(HttpStatusCode.Forbidden, (await acme.Http.GetAsync("/exchange-desk")).StatusCode);
        using var xo = await WebVisitor.LogInAsync(s, "xo", Password);
        var desk = await xo.Http.GetStringAsync("/exchange-desk");
        Assert.Contains("<td>CEA21</td><td>2021-07-19</td><td>cn-national</td><td class=\"n\">51.23</td>", Section(desk, "open-days"), StringComparison.Ordinal);
        Assert.DoesNotContain("no-day-halts", desk, StringComparison.Ordinal); // national halts end at the close

        using (var forged = await xo.Http.PostAsync("/exchange-desk/days/CEA21/close", new FormUrlEncodedContent(new Dictionary<string, string>())))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode); // no form token
        Assert.Contains("<td>CEA21</td><td>2021-07-19</td>", Section(await xo.Http.GetStringAsync("/exchange-desk"), "open-days"), StringComparison.Ordinal);
        // Halt and resume from the desk: the row shows the halt in force and a member's order is refused meanwhile.
        using (var blank = await xo.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/halt", new() { ["reason"] = "" }))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        using (var halted = await xo.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/halt", new() { ["reason"] = "Price swings <b>" }))
            Assert.Equal("/exchange-desk?done=halted&instrument=CEA21", halted.Headers.Location?.OriginalString);
        Assert.Contains("Halted since 2021-07-19 06:00:00 UTC by xo: Price swings &lt;b&gt;", Section(await xo.Http.GetStringAsync("/exchange-desk"), "open-days"), StringComparison.Ordinal);
        using (var member = s.As("acme"))
        using (var order = await member.PostAsJsonAsync("/api/exchange/orders", new { instrument = "CEA21", order_id = "h1", account = "ACME-1", side = "sell", price_fen = 52_00, quantity_t = 1 }))
            await ApiSuite.AssertProblem(order, HttpStatusCode.Conflict, "trading_halted");
        using (var resumed = await xo.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/resume", []))
            Assert.Equal("/exchange-desk?done=resumed&instrument=CEA21", resumed.Headers.Location?.OriginalString);
        Assert.Contains("aria-label=\"Halt CEA21\"", Section(await xo.Http.GetStringAsync("/exchange-desk"), "open-days"), StringComparison.Ordinal);
        using (var closed = await xo.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/close", []))
            Assert.Equal("/exchange-desk?done=closed&instrument=CEA21", closed.Headers.Location?.OriginalString);
        Assert.Contains("No trading day is open.", await xo.Http.GetStringAsync("/exchange-desk"), StringComparison.Ordinal);

        // A weekend is not a trading day: the engine's refusal is shown and nothing opens.
        using (var sunday = await xo.PostAsync("/exchange-desk", "/exchange-desk/days", new() { ["instrument"] = "CEA21", ["trading_day"] = "2021-07-25", ["previous_close"] = "51.23" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, sunday.StatusCode);
            Assert.Contains("Refused (", await sunday.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var bad = await xo.PostAsync("/exchange-desk", "/exchange-desk/days", new() { ["instrument"] = "CEA21", ["trading_day"] = "20 July", ["previous_close"] = "51.23" }))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        using (var opened = await xo.PostAsync("/exchange-desk", "/exchange-desk/days", new() { ["instrument"] = "CEA21", ["trading_day"] = "2021-07-20", ["previous_close"] = "51.23" }))
            Assert.Equal("/exchange-desk?done=opened&instrument=CEA21", opened.Headers.Location?.OriginalString);
        Assert.Contains("<td>CEA21</td><td>2021-07-20</td>", Section(await xo.Http.GetStringAsync("/exchange-desk"), "open-days"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_halts_outlive_the_close_the_desk_lists_and_orders_them_with_no_day_open()
    {
        var rules = OpenEts.Exchange.TradingRulebook.National with { HaltEndsAtClose = false };
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource(), options: Options() with { Exchange = new OpenEts.Exchange.ExchangeModule(rules) });
        foreach (var (name, role) in new[] { ("xo", Role.ExchangeOperator), ("reg", Role.Regulator) })
            Assert.Null(await s.AddPersonAsync(name, role, Password));
        using var reg = await WebVisitor.LogInAsync(s, "reg", Password);
        var desk = await reg.Http.GetStringAsync("/exchange-desk");
        Assert.Contains("No trading day is open.", desk, StringComparison.Ordinal);
        Assert.Contains("<td>CEA21</td><td><form class=\"inline\" method=\"post\" action=\"/exchange-desk/days/CEA21/halt\">", Section(desk, "no-day-halts"), StringComparison.Ordinal);

        // Halted between days from the desk: listed with its reason, and the day the exchange opens opens halted.
        using (var halted = await reg.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/halt", new() { ["reason"] = "Investigation of abnormal trading" }))
            Assert.Equal("/exchange-desk?done=halted&instrument=CEA21", halted.Headers.Location?.OriginalString);
        Assert.Contains("<td>CEA21</td><td>Halted since 2021-07-19 06:00:00 UTC by reg: Investigation of abnormal trading", Section(await reg.Http.GetStringAsync("/exchange-desk"), "no-day-halts"), StringComparison.Ordinal);
        using var xo = await WebVisitor.LogInAsync(s, "xo", Password);
        using (var opened = await xo.PostAsync("/exchange-desk", "/exchange-desk/days", new() { ["instrument"] = "CEA21", ["trading_day"] = "2021-07-19", ["previous_close"] = "51.23" }))
            Assert.Equal("/exchange-desk?done=opened&instrument=CEA21", opened.Headers.Location?.OriginalString);
        desk = await xo.Http.GetStringAsync("/exchange-desk");
        Assert.Contains("Halted since 2021-07-19 06:00:00 UTC by reg: Investigation of abnormal trading", Section(desk, "open-days"), StringComparison.Ordinal);
        Assert.DoesNotContain("<td>CEA21</td>", Section(desk, "no-day-halts"), StringComparison.Ordinal);

        // The close ends the day, not the halt: it is listed again, and the regulator lifts it with no day open.
        using (var closed = await xo.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/close", []))
            Assert.Equal("/exchange-desk?done=closed&instrument=CEA21", closed.Headers.Location?.OriginalString);
        Assert.Contains("<td>CEA21</td><td>Halted since", Section(await xo.Http.GetStringAsync("/exchange-desk"), "no-day-halts"), StringComparison.Ordinal);
        using (var lift = await xo.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/resume", []))
            Assert.Equal(HttpStatusCode.Forbidden, lift.StatusCode); // the regulator's halt is the regulator's to lift
        using (var resumed = await reg.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/resume", []))
            Assert.Equal("/exchange-desk?done=resumed&instrument=CEA21", resumed.Headers.Location?.OriginalString);
        Assert.Contains("aria-label=\"Halt CEA21\"", Section(await reg.Http.GetStringAsync("/exchange-desk"), "no-day-halts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_regulator_halts_and_resumes_from_the_desk_its_halt_stands_over_the_exchange_and_it_opens_or_closes_no_day()
    {
        await using var s = await StartAsync();
        foreach (var (name, role) in new[] { ("xo", Role.ExchangeOperator), ("reg", Role.Regulator), ("acme", Role.CoveredEntity) })
            Assert.Null(await s.AddPersonAsync(name, role, Password));
        using var reg = await WebVisitor.LogInAsync(s, "reg", Password);
        var desk = await reg.Http.GetStringAsync("/exchange-desk");
        Assert.Contains("Exchange desk: market supervision", desk, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/exchange-desk\">Exchange desk</a>", desk, StringComparison.Ordinal);
        var days = Section(desk, "open-days");
        Assert.Contains("<td>CEA21</td><td>2021-07-19</td><td>cn-national</td>", days, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Halt CEA21\"", days, StringComparison.Ordinal);
        Assert.DoesNotContain("Close CEA21", desk, StringComparison.Ordinal);
        Assert.DoesNotContain("Open the day", desk, StringComparison.Ordinal);
        using (var close = await reg.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/close", []))
            Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
        Assert.Contains("<td>CEA21</td><td>2021-07-19</td>", Section(await reg.Http.GetStringAsync("/exchange-desk"), "open-days"), StringComparison.Ordinal);

        using (var halted = await reg.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/halt", new() { ["reason"] = "Abnormal price swings" }))
            Assert.Equal("/exchange-desk?done=halted&instrument=CEA21", halted.Headers.Location?.OriginalString);
        Assert.Contains("Halted since 2021-07-19 06:00:00 UTC by reg: Abnormal price swings", Section(await reg.Http.GetStringAsync("/exchange-desk"), "open-days"), StringComparison.Ordinal);
        using (var member = s.As("acme"))
        using (var order = await member.PostAsJsonAsync("/api/exchange/orders", new { instrument = "CEA21", order_id = "r1", account = "ACME-1", side = "sell", price_fen = 52_00, quantity_t = 1 }))
            await ApiSuite.AssertProblem(order, HttpStatusCode.Conflict, "trading_halted");
        // The exchange may not lift the authority's halt: the engine's refusal is shown and the halt stays.
        using (var xo = await WebVisitor.LogInAsync(s, "xo", Password))
        using (var lift = await xo.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/resume", []))
        {
            Assert.Equal(HttpStatusCode.Forbidden, lift.StatusCode);
            Assert.Contains("Refused (not_authorized)", await lift.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Contains("Halted since", Section(await reg.Http.GetStringAsync("/exchange-desk"), "open-days"), StringComparison.Ordinal);
        using (var resumed = await reg.PostAsync("/exchange-desk", "/exchange-desk/days/CEA21/resume", []))
            Assert.Equal("/exchange-desk?done=resumed&instrument=CEA21", resumed.Headers.Location?.OriginalString);
        Assert.Contains("aria-label=\"Halt CEA21\"", Section(await reg.Http.GetStringAsync("/exchange-desk"), "open-days"), StringComparison.Ordinal);
        using (var acme = await WebVisitor.LogInAsync(s, "acme", Password))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await acme.Http.GetAsync("/exchange-desk")).StatusCode);
            Assert.DoesNotContain("/exchange-desk", await acme.Http.GetStringAsync("/market"), StringComparison.Ordinal);
        }
    }
}
