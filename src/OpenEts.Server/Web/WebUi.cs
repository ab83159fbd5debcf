// Maps the web pages (server-rendered HTML, forms with antiforgery tokens) and the one small script
// that keeps live pages current by polling /health.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpenEts.Server.Web;

/// <summary>The web UI's routes.</summary>
public static class WebUi
{
    /// <summary>The live-update script: when the journal moves on, the page's main part is fetched again and swapped in.</summary>
    public const string LiveScript = """
        // OpenETS live pages: poll /health; when the journal moved on, fetch this page again and swap its main part.
        (() => {
          const main = document.querySelector('main[data-live]');
          if (!main) return;
          let seq = main.dataset.seq;
          const every = Number(main.dataset.live) || 4000;
          setInterval(async () => {
            if (document.hidden) return;
            try {
              const health = await (await fetch('/health', { cache: 'no-store' })).json();
              if (String(health.journal_seq) === seq) return;
              const html = await (await fetch(location.href, { cache: 'no-store' })).text();
              const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('main[data-live]');
              if (!fresh) return;
              main.replaceChildren(...fresh.childNodes);
              seq = fresh.dataset.seq;
            } catch {
              // The server is away for a moment: try again at the next tick.
            }
          }, every);
        })();
        """;

    /// <summary>Adds the pages.</summary>
    public static void MapWebUi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", DashboardPage.Show).ExcludeFromDescription();
        app.MapGet("/login", LoginPages.Show).ExcludeFromDescription();
        app.MapPost("/login", LoginPages.Submit).ExcludeFromDescription();
        app.MapPost("/logout", LoginPages.Logout).ExcludeFromDescription();
        app.MapGet("/password", LoginPages.ShowChange).ExcludeFromDescription();
        app.MapPost("/password", LoginPages.SubmitChange).ExcludeFromDescription();
        app.MapGet("/registry", RegistryPages.Accounts).ExcludeFromDescription();
        app.MapGet("/registry/accounts/{accountId}", RegistryPages.Account).ExcludeFromDescription();
        app.MapGet("/console", ConsolePage.Show).ExcludeFromDescription();
        app.MapPost("/console/proposals", ConsolePage.Propose).ExcludeFromDescription();
        app.MapPost("/console/proposals/{proposalId}/approve", ConsolePage.Approve).ExcludeFromDescription();
        app.MapPost("/console/proposals/{proposalId}/reject", ConsolePage.Reject).ExcludeFromDescription();
        app.MapGet("/emissions", EmissionsPage.Show).ExcludeFromDescription();
        app.MapPost("/emissions/{facilityId}/{year:int}/verification", EmissionsPage.Verify).ExcludeFromDescription();
        app.MapPost("/emissions/{facilityId}/{year:int}/final", EmissionsPage.Finalize).ExcludeFromDescription();
        app.MapPost("/emissions/{facilityId}/{year:int}/verifier", EmissionsPage.Assign).ExcludeFromDescription();
        app.MapGet("/compliance", CompliancePage.Show).ExcludeFromDescription();
        app.MapPost("/compliance/steps", CompliancePage.Step).ExcludeFromDescription();
        app.MapGet("/voluntary", VoluntaryPage.Show).ExcludeFromDescription();
        app.MapGet("/market", MarketPages.Index).ExcludeFromDescription();
        app.MapGet("/market/{instrument}", MarketPages.Instrument).ExcludeFromDescription();
        app.MapGet("/auctions", AuctionsPage.Show).ExcludeFromDescription();
        app.MapPost("/auctions", AuctionsPage.Announce).ExcludeFromDescription();
        app.MapPost("/auctions/reserve-funding", ReserveFundingForm.Fund).ExcludeFromDescription();
        app.MapPost("/auctions/proceeds-payment", AuctionAccountForms.Pay).ExcludeFromDescription();
        app.MapPost("/auctions/unsold-cancellation", AuctionAccountForms.Cancel).ExcludeFromDescription();
        app.MapGet("/auctions/{auctionId}", AuctionPage.Show).ExcludeFromDescription();
        app.MapPost("/auctions/{auctionId}/bids", AuctionPage.Bid).ExcludeFromDescription();
        app.MapPost("/auctions/{auctionId}/bids/{bidId}/withdraw", AuctionPage.Withdraw).ExcludeFromDescription();
        app.MapPost("/auctions/{auctionId}/clear", AuctionPage.Clear).ExcludeFromDescription();
        app.MapGet("/trading", TradingPage.Show).ExcludeFromDescription();
        app.MapGet("/exchange-desk", ExchangeDeskPage.Show).ExcludeFromDescription();
        app.MapPost("/exchange-desk/days", ExchangeDeskPage.Open).ExcludeFromDescription();
        app.MapPost("/exchange-desk/days/{instrument}/close", ExchangeDeskPage.Close).ExcludeFromDescription();
        app.MapPost("/exchange-desk/days/{instrument}/halt", ExchangeDeskPage.Halt).ExcludeFromDescription();
        app.MapPost("/exchange-desk/days/{instrument}/resume", ExchangeDeskPage.Resume).ExcludeFromDescription();
        app.MapPost("/exchange-desk/position-allocations", ExchangeDeskPage.SetAllocation).ExcludeFromDescription();
        app.MapPost("/trading/orders", TradingPage.PlaceOrder).ExcludeFromDescription();
        app.MapPost("/trading/orders/{instrument}/{orderId}/cancel", TradingPage.CancelOrder).ExcludeFromDescription();
        app.MapPost("/trading/block-trades", TradingPage.ProposeBlockTrade).ExcludeFromDescription();
        app.MapPost("/trading/block-trades/{instrument}/{proposalId}/{answer}", TradingPage.AnswerBlockTrade).ExcludeFromDescription();
        app.MapGet("/ui/live.js", () => Results.Text(LiveScript, "text/javascript; charset=utf-8")).ExcludeFromDescription();
    }
}
