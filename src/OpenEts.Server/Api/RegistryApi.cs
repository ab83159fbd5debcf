// The registry over HTTP: accounts with holdings, issuance, cash deposits, transfers, linked
// transfers, locks, surrender, cancellation, retirement, freezes and balances. The registry's own
// role and holder checks decide every command; reads show a holder only their own accounts, and keep
// standing auction bids' locks sealed from readers who may not see those bids.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Server.Http;

namespace OpenEts.Server.Api;

/// <summary>An account as the API shows it.</summary>
public sealed record AccountView(string AccountId, string MarketId, string Holder, string? HolderName, AccountKind Kind, bool Closed, string? FrozenReason, bool NaturalPerson = false);

/// <summary>
/// One holding of an account. <see cref="Sealed"/>: a standing auction bid's lock on it is withheld from the reader, so
/// <see cref="Locked"/> and <see cref="Available"/> are null (either would give the bid's amount); held stays.
/// </summary>
public sealed record HoldingView(string ClassId, UnitType Type, long Held, long? Locked, long? Available, bool Sealed = false);

/// <summary>An open lock; a standing auction bid's lock the reader may not see has <see cref="Sealed"/> set and no amount.</summary>
public sealed record LockView(string LockId, string ClassId, LockReason Reason, long? Remaining, bool Sealed = false);

/// <summary>An account with its holdings and locks.</summary>
public sealed record AccountDetail(AccountView Account, IReadOnlyList<HoldingView> Holdings, IReadOnlyList<LockView> Locks);

/// <summary>A unit class with its total in existence, and what the caller's visible accounts hold of it.</summary>
public sealed record BalanceView(string ClassId, UnitType Type, int Vintage, string? MarketId, long Issued, long HeldByVisibleAccounts);

/// <summary>A freeze request.</summary>
public sealed record FreezeRequest(string Reason);

/// <summary>Maps the registry's endpoints.</summary>
public static class RegistryApi
{
    /// <summary>Adds the registry endpoints under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapRegistryApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Registry");
        g.MapGet("/accounts", ListAccounts).WithName("ListAccounts");
        g.MapGet("/accounts/{accountId}", GetAccount).WithName("GetAccount");
        g.MapGet("/balances", Balances).WithName("Balances");
        g.MapPost("/accounts", (HttpContext h, MarketRuntime m, OpenAccount c) => Commands.Run(h, m, c)).WithName("OpenAccount");
        g.MapPost("/accounts/{accountId}/freeze", (HttpContext h, MarketRuntime m, string accountId, FreezeRequest r) => Commands.Run(h, m, new FreezeAccount(accountId, r.Reason))).WithName("FreezeAccount");
        g.MapPost("/accounts/{accountId}/unfreeze", (HttpContext h, MarketRuntime m, string accountId) => Commands.Run(h, m, new UnfreezeAccount(accountId))).WithName("UnfreezeAccount");
        g.MapPost("/issuances", (HttpContext h, MarketRuntime m, Issue c) => Commands.Run(h, m, c)).WithName("Issue");
        g.MapPost("/deposits", (HttpContext h, MarketRuntime m, DepositCash c) => Commands.Run(h, m, c)).WithName("DepositCash");
        g.MapPost("/withdrawals", (HttpContext h, MarketRuntime m, WithdrawCash c) => Commands.Run(h, m, c)).WithName("WithdrawCash");
        g.MapPost("/accounts/{accountId}/close", (HttpContext h, MarketRuntime m, string accountId) => Commands.Run(h, m, new CloseAccount(accountId))).WithName("CloseAccount");
        g.MapPost("/transfers", (HttpContext h, MarketRuntime m, Transfer c) => Commands.Run(h, m, c)).WithName("Transfer");
        g.MapPost("/linked-transfers", (HttpContext h, MarketRuntime m, LinkedTransfer c) => Commands.Run(h, m, c)).WithName("LinkedTransfer");
        g.MapPost("/locks", (HttpContext h, MarketRuntime m, OpenEts.Registry.Lock c) => Commands.Run(h, m, c)).WithName("Lock");
        g.MapPost("/locks/{lockId}/release", (HttpContext h, MarketRuntime m, string lockId) => Commands.Run(h, m, new Unlock(lockId))).WithName("Unlock");
        g.MapPost("/surrenders", (HttpContext h, MarketRuntime m, Surrender c) => Commands.Run(h, m, c)).WithName("Surrender");
        g.MapPost("/cancellations", (HttpContext h, MarketRuntime m, Cancel c) => Commands.Run(h, m, c)).WithName("Cancel");
        g.MapPost("/retirements", (HttpContext h, MarketRuntime m, Retire c) => Commands.Run(h, m, c)).WithName("Retire");
        return api;
    }

    /// <summary>True when the identity sees every account (regulator and operators).</summary>
    public static bool SeesAll(RegistryState s, string actor) =>
        s.RoleOf(actor) is Role.Regulator or Role.RegistryOperator or Role.ExchangeOperator;

    private static AccountView View(Account a) => new(a.Id, a.MarketId, a.Holder, a.HolderName, a.Kind, a.Closed, a.FrozenReason, a.NaturalPerson);

    private static async Task<IResult> ListAccounts(HttpContext http, MarketRuntime market)
    {
        var actor = Commands.Actor(http.User);
        var list = await market.Engine.QueryAsync(w =>
        {
            var s = w.Get<RegistryState>();
            var all = SeesAll(s, actor);
            return s.Accounts.Values.Where(a => all || a.Holder == actor).OrderBy(a => a.Id, StringComparer.Ordinal).Select(View).ToList();
        }, http.RequestAborted);
        return Results.Ok(list);
    }

    private static async Task<IResult> GetAccount(HttpContext http, MarketRuntime market, string accountId)
    {
        var actor = Commands.Actor(http.User);
        var detail = await market.Engine.QueryAsync(w => Detail(w, accountId, actor), http.RequestAborted);
        // An account the caller may not see is answered like a missing one: ids do not leak.
        return detail is null ? Problems.Rejected(new Rejection("unknown_account", $"No account you can see has the id '{accountId}'.")) : Results.Ok(detail);
    }

    /// <summary>
    /// An account with its holdings and locks as <paramref name="actor"/> may read it (the API and the page alike); null when
    /// the account does not exist or the actor may not see it. Standing auction bids stay sealed in the books too: the lock
    /// of a bid the actor may not read (<see cref="AuctionView.SealedLocks"/>) shows no amount, and its holding no locked or
    /// available figure, until the auction clears or the bid is withdrawn.
    /// </summary>
    public static AccountDetail? Detail(World w, string accountId, string actor)
    {
        var s = w.Get<RegistryState>();
        if (!s.Accounts.TryGetValue(accountId, out var a) || !(SeesAll(s, actor) || a.Holder == actor))
            return null;
        var sealedLocks = AuctionView.SealedLocks(w.Get<ExchangeState>(), s, actor);
        var locks = s.Locks.Values.Where(l => l.AccountId == accountId).OrderBy(l => l.Id, StringComparer.Ordinal)
            .Select(l => sealedLocks.Contains(l.Id) ? new LockView(l.Id, l.ClassId, l.Reason, null, true) : new LockView(l.Id, l.ClassId, l.Reason, l.Remaining)).ToList();
        var sealedClasses = locks.Where(l => l.Sealed).Select(l => l.ClassId).ToHashSet(StringComparer.Ordinal);
        var holdings = s.Holdings.Where(h => h.Key.Account == accountId && (h.Value.Held != 0 || h.Value.Locked != 0))
            .OrderBy(h => h.Key.Class, StringComparer.Ordinal)
            .Select(h => sealedClasses.Contains(h.Key.Class)
                ? new HoldingView(h.Key.Class, s.Classes[h.Key.Class].Type, h.Value.Held, null, null, true)
                : new HoldingView(h.Key.Class, s.Classes[h.Key.Class].Type, h.Value.Held, h.Value.Locked, h.Value.Available)).ToList();
        return new AccountDetail(View(a), holdings, locks);
    }

    private static async Task<IResult> Balances(HttpContext http, MarketRuntime market)
    {
        var actor = Commands.Actor(http.User);
        var list = await market.Engine.QueryAsync(w =>
        {
            var s = w.Get<RegistryState>();
            var all = SeesAll(s, actor);
            var held = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, h) in s.Holdings)
            {
                if (all || s.Accounts[key.Account].Holder == actor)
                    held[key.Class] = held.GetValueOrDefault(key.Class) + h.Held;
            }
            return s.Classes.Values.OrderBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => new BalanceView(c.Id, c.Type, c.Vintage, c.MarketId, c.Issued, held.GetValueOrDefault(c.Id))).ToList();
        }, http.RequestAborted);
        return Results.Ok(list);
    }
}
