// Position limits over HTTP: the regulator records a compliance entity's allocation of an instrument (the basis of
// its limit); the regulator and the exchange operator read the large-holder report of an instrument.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Http;

namespace OpenEts.Server.Api;

/// <summary>Maps the position-limit endpoints.</summary>
public static class PositionLimitApi
{
    /// <summary>Adds <c>POST /exchange/position-allocations</c> and <c>GET /exchange/{instrument}/large-holders</c> under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapPositionLimitApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/exchange").WithTags("Exchange");
        g.MapPost("/position-allocations", (HttpContext h, MarketRuntime m, SetPositionAllocation c) => Commands.Run(h, m, c)).WithName("SetPositionAllocation");
        g.MapGet("/{instrument}/large-holders", LargeHolders).WithName("LargeHolders");
        return api;
    }

    private static async Task<IResult> LargeHolders(HttpContext http, MarketRuntime market, string instrument)
    {
        var actor = Commands.Actor(http.User);
        var (role, report) = await market.Engine.QueryAsync(w => (w.Get<RegistryState>().RoleOf(actor), LargeHolderReport.Of(w, instrument)), http.RequestAborted);
        if (role is not (Role.Regulator or Role.ExchangeOperator))
            return Problems.Rejected(new Rejection("not_authorized", $"'{actor}' may not read the large-holder report (the regulator and the exchange operator only)."));
        return report is null
            ? Problems.Rejected(new Rejection("unknown_unit_class", $"'{instrument}' is not a unit class the registry holds."))
            : Results.Ok(report);
    }
}
