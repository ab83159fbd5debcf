// One-way bidding over HTTP: the holder of the selling account (the regulator for cn-AUCTION) announces, members
// bid and withdraw for accounts they hold, the exchange operator clears. The regulator funds the reserve from auction
// proceeds and buys back into it (a buyer's auction for cn-RESERVE), pays proceeds to the market's treasury account and
// has an auction's unsold units cancelled. Reads are sealed: a caller sees the
// notice, the price and totals once cleared, and only its own bids (the exchange operator and regulator see all).
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Http;

namespace OpenEts.Server.Api;

/// <summary>A sealed bid in an auction for an account the caller holds.</summary>
public sealed record AuctionBidRequest(string BidId, string Account, long PriceFen, long QuantityT);

/// <summary>Maps the auction endpoints.</summary>
public static class AuctionApi
{
    /// <summary>Adds the auction endpoints under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapAuctionApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/exchange/auctions").WithTags("Auctions");
        g.MapPost("", (HttpContext h, MarketRuntime m, AnnounceAuction c) => Commands.Run(h, m, c)).WithName("AnnounceAuction");
        g.MapPost("/{auctionId}/bids", (HttpContext h, MarketRuntime m, string auctionId, AuctionBidRequest r) =>
            ExchangeApi.ForOwnAccount(h, m, r.Account, new SubmitAuctionBid(auctionId, r.BidId, r.Account, r.PriceFen, r.QuantityT))).WithName("SubmitAuctionBid");
        g.MapPost("/{auctionId}/bids/{bidId}/withdraw", (HttpContext h, MarketRuntime m, string auctionId, string bidId, AccountRequest r) =>
            ExchangeApi.ForOwnAccount(h, m, r.Account, new WithdrawAuctionBid(auctionId, bidId, r.Account))).WithName("WithdrawAuctionBid");
        g.MapPost("/{auctionId}/clear", (HttpContext h, MarketRuntime m, string auctionId) => Commands.Run(h, m, new ClearAuction(auctionId))).WithName("ClearAuction");
        g.MapGet("", List).WithName("Auctions");
        g.MapGet("/{auctionId}", Read).WithName("Auction");
        api.MapPost("/exchange/reserve-fundings", (HttpContext h, MarketRuntime m, FundReserve c) => Commands.Run(h, m, c)).WithTags("Auctions").WithName("FundReserve");
        api.MapPost("/exchange/proceeds-payments", (HttpContext h, MarketRuntime m, PayProceeds c) => Commands.Run(h, m, c)).WithTags("Auctions").WithName("PayProceeds");
        api.MapPost("/exchange/unsold-cancellations", (HttpContext h, MarketRuntime m, CancelUnsold c) => Commands.Run(h, m, c)).WithTags("Auctions").WithName("CancelUnsold");
        api.MapPost("/exchange/unsold-returns", (HttpContext h, MarketRuntime m, ReturnUnsold c) => Commands.Run(h, m, c)).WithTags("Auctions").WithName("ReturnUnsold");
        return api;
    }

    private static async Task<IResult> List(HttpContext http, MarketRuntime market)
    {
        var actor = Commands.Actor(http.User);
        var views = await market.Engine.QueryAsync(w => w.Get<ExchangeState>().Auctions.Select(a => AuctionView.Of(a, w.Get<RegistryState>(), actor)).ToList(), http.RequestAborted);
        return Results.Ok(views);
    }

    private static async Task<IResult> Read(HttpContext http, MarketRuntime market, string auctionId)
    {
        var actor = Commands.Actor(http.User);
        var view = await market.Engine.QueryAsync(w => w.Get<ExchangeState>().Auction(auctionId) is { } a ? AuctionView.Of(a, w.Get<RegistryState>(), actor) : null, http.RequestAborted);
        return view is null
            ? Problems.Rejected(new Rejection("unknown_auction", $"No auction '{auctionId}'."))
            : Results.Ok(view);
    }
}
