// The exchange over HTTP: members place and cancel orders and propose, accept or decline block trades for
// their own accounts; the exchange operator opens and closes trading days and, with the regulator, halts and
// resumes trading in an instrument; every signed-in caller reads
// depth, the day's trades and its statistics. The exchange module's own checks decide every command.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Http;

namespace OpenEts.Server.Api;

/// <summary>A cancel, or a block acceptance or decline, names the caller's account.</summary>
public sealed record AccountRequest(string Account);

/// <summary>A halt's reason, as the exchange operator or the regulator gives it.</summary>
public sealed record HaltRequest(string Reason);

/// <summary>
/// The book's best levels on both sides, the rulebook the day trades under (cn-national, cn-ccer), whether trading is
/// halted, and the halt in force (since, by whom, why; null when trading).
/// </summary>
public sealed record DepthView(string Instrument, DateOnly TradingDay, IReadOnlyList<DepthLevel> Bids, IReadOnlyList<DepthLevel> Asks, string Rulebook, bool Halted, TradingHalt? Halt);

/// <summary>Maps the exchange's endpoints.</summary>
public static class ExchangeApi
{
    private const int DepthLevels = 10;

    /// <summary>Adds the exchange endpoints under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapExchangeApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/exchange").WithTags("Exchange");
        g.MapPost("/trading-days", (HttpContext h, MarketRuntime m, OpenTradingDay c) => Commands.Run(h, m, c)).WithName("OpenTradingDay");
        g.MapPost("/{instrument}/close", (HttpContext h, MarketRuntime m, string instrument) => Commands.Run(h, m, new CloseTradingDay(instrument))).WithName("CloseTradingDay");
        g.MapPost("/{instrument}/halt", (HttpContext h, MarketRuntime m, string instrument, HaltRequest r) => Commands.Run(h, m, new HaltTrading(instrument, r.Reason))).WithName("HaltTrading");
        g.MapPost("/{instrument}/resume", (HttpContext h, MarketRuntime m, string instrument) => Commands.Run(h, m, new ResumeTrading(instrument))).WithName("ResumeTrading");
        g.MapPost("/orders", (HttpContext h, MarketRuntime m, PlaceOrder c) => ForOwnAccount(h, m, c.Account, c)).WithName("PlaceOrder");
        g.MapPost("/{instrument}/orders/{orderId}/cancel", (HttpContext h, MarketRuntime m, string instrument, string orderId, AccountRequest r) =>
            ForOwnAccount(h, m, r.Account, new CancelOrder(instrument, orderId, r.Account))).WithName("CancelOrder");
        g.MapPost("/block-trades", (HttpContext h, MarketRuntime m, ProposeBlockTrade c) => ForOwnAccount(h, m, c.Proposer, c)).WithName("ProposeBlockTrade");
        g.MapPost("/{instrument}/block-trades/{proposalId}/accept", (HttpContext h, MarketRuntime m, string instrument, string proposalId, AccountRequest r) =>
            ForOwnAccount(h, m, r.Account, new AcceptBlockTrade(instrument, proposalId, r.Account))).WithName("AcceptBlockTrade");
        g.MapPost("/{instrument}/block-trades/{proposalId}/decline", (HttpContext h, MarketRuntime m, string instrument, string proposalId, AccountRequest r) =>
            ForOwnAccount(h, m, r.Account, new DeclineBlockTrade(instrument, proposalId, r.Account))).WithName("DeclineBlockTrade");
        g.MapGet("/{instrument}/depth", Depth).WithName("Depth");
        g.MapGet("/{instrument}/trades", Trades).WithName("Trades");
        g.MapGet("/{instrument}/stats", Stats).WithName("DailyStats");
        return api;
    }

    /// <summary>Members act for accounts they hold; the exchange operator for any. Anyone else gets 403 before the engine.</summary>
    internal static async Task<IResult> ForOwnAccount(HttpContext http, MarketRuntime market, string? account, Command command)
    {
        var actor = Commands.Actor(http.User);
        var allowed = await market.Engine.QueryAsync(w => MayTradeFor(w.Get<RegistryState>(), actor, account), http.RequestAborted);
        return allowed ? await Commands.Run(http, market, command) : Problems.Rejected(NotYourAccount(actor));
    }

    /// <summary>Members (covered entities, investors, project owners) trade for accounts they hold; the exchange operator for any.</summary>
    public static bool MayTradeFor(RegistryState registry, string actor, string? account) =>
        registry.RoleOf(actor) == Role.ExchangeOperator
        || (account is not null && registry.Accounts.TryGetValue(account, out var a) && a.Holder == actor && IsMember(registry, actor));

    /// <summary>True for an identity whose role trades for its own accounts.</summary>
    public static bool IsMember(RegistryState registry, string actor) => registry.RoleOf(actor) is Role.CoveredEntity or Role.Investor or Role.ProjectOwner;

    /// <summary>The refusal of a command for an account the caller may not trade for.</summary>
    public static Rejection NotYourAccount(string actor) => new("not_authorized", $"'{actor}' may trade only for accounts it holds.");

    private static async Task<IResult> Depth(HttpContext http, MarketRuntime market, string instrument)
    {
        var view = await market.Engine.QueryAsync(w =>
        {
            if (w.Get<ExchangeState>().Day(instrument) is not { } day)
                return null;
            var levels = new DepthLevel[DepthLevels];
            var bids = levels[..day.Market.Book.Depth(Side.Buy, levels)];
            var asks = levels[..day.Market.Book.Depth(Side.Sell, levels)];
            return new DepthView(instrument, day.Ledger.TradingDay, bids, asks, day.Ledger.Rules.Market, day.Halt is not null, day.Halt);
        }, http.RequestAborted);
        return view is null ? NoDay(instrument) : Results.Ok(view);
    }

    /// <summary>
    /// The open day's trades. Listing trading is anonymous: a member sees who traded (accounts, order ids) only in its own
    /// trades; the regulator and the operators see every trade's parties. Time, kind, price, quantity and fees are public.
    /// </summary>
    private static async Task<IResult> Trades(HttpContext http, MarketRuntime market, string instrument)
    {
        var actor = Commands.Actor(http.User);
        var trades = await market.Engine.QueryAsync(w =>
        {
            if (w.Get<ExchangeState>().Day(instrument) is not { } day)
                return null;
            var registry = w.Get<RegistryState>();
            var supervisor = registry.RoleOf(actor) is Role.Regulator or Role.ExchangeOperator or Role.RegistryOperator;
            bool Holds(string account) => registry.Accounts.TryGetValue(account, out var a) && a.Holder == actor;
            return day.Ledger.Trades.Select(t => TradeView.Of(t, supervisor || Holds(t.Buyer) || Holds(t.Seller))).ToList();
        }, http.RequestAborted);
        return trades is null ? NoDay(instrument) : Results.Ok(trades);
    }

    private static async Task<IResult> Stats(HttpContext http, MarketRuntime market, string instrument)
    {
        var stats = await market.Engine.QueryAsync(w => w.Get<ExchangeState>().DayStatistics(instrument), http.RequestAborted);
        return stats is null ? NoDay(instrument) : Results.Ok(stats);
    }

    private static IResult NoDay(string instrument) =>
        Problems.Rejected(new Rejection("unknown_trading_day", $"No trading day of '{instrument}' is open."));
}

/// <summary>A trade as the API shows it: the parties and their order ids only to a party or a supervisor (null otherwise).</summary>
public sealed record TradeView(long Sequence, DateTimeOffset Time, TradeKind Kind, string Instrument, string? BuyOrder, string? SellOrder,
    string? Buyer, string? Seller, long PriceFen, long QuantityT, long BuyerFeeFen, long SellerFeeFen, long ValueFen)
{
    /// <summary>The view of <paramref name="t"/>, with its parties when <paramref name="named"/>.</summary>
    public static TradeView Of(Trade t, bool named) => new(t.Sequence, t.Time, t.Kind, t.Instrument, named ? t.BuyOrder : null, named ? t.SellOrder : null,
        named ? t.Buyer : null, named ? t.Seller : null, t.PriceFen, t.QuantityT, t.BuyerFeeFen, t.SellerFeeFen, t.ValueFen);
}
