// Maximum position and large-holder reporting (china-ets.md, Trading: risk controls), where the instrument's
// rulebook sets them (position_limit; the national rulebooks do not). A holder's position in an instrument is what
// it holds of it in all its accounts of the instrument's market (locked units included) plus what it may still
// receive: open listing buys, its pending block proposals to buy, its standing auction bids and the buyer's
// auctions it announced. A buy that would take the position above the holder's limit is refused, changing nothing.
// Sells only lower a position, so they are never checked. Everything here runs only when a limit is set.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>
/// One holder's position in an instrument: held units (locked included), units it may still receive, and the
/// limit and disclosure threshold its rulebook gives it.
/// </summary>
public sealed record HolderPosition(string Holder, string Instrument, bool ComplianceEntity, long AllocationT, long HeldT, long PendingBuyT, long LimitT, long DisclosureT)
{
    /// <summary>Held plus pending buys, t: what the limit bounds.</summary>
    public long PositionT => HeldT + PendingBuyT;

    /// <summary>By how much the position is above the disclosure threshold, t (0 when not).</summary>
    public long ExcessT => Math.Max(0, PositionT - DisclosureT);
}

/// <summary>Position limits: the check on every buy, the large-holder report and the crossing event.</summary>
public static class PositionLimits
{
    /// <summary>The stable code of a refusal.</summary>
    public const string Exceeded = "position_limit_exceeded";

    /// <summary>
    /// The refusal of a buy of <paramref name="quantityT"/> of <paramref name="instrument"/> by <paramref name="account"/>
    /// that would take its holder's position above the limit, or null (always null when <paramref name="limit"/> is null).
    /// </summary>
    public static Rejection? Check(World world, PositionLimit? limit, string instrument, string account, long quantityT)
    {
        if (limit is null)
            return null;
        var registry = world.Get<RegistryState>();
        if (!registry.Accounts.TryGetValue(account, out var a) || !a.Kind.IsHolderKind())
            return null;
        var p = Of(world, limit, instrument, a.Holder);
        var after = checked(p.PositionT + quantityT);
        if (after <= p.LimitT)
            return null;
        var basis = p.ComplianceEntity ? $"its allocation {p.AllocationT:N0} t + {limit.ComplianceOverAllocationT:N0} t" : "a holder that is not a compliance entity";
        return new Rejection(Exceeded,
            $"{p.Holder}'s position limit in {instrument} is {p.LimitT:N0} t ({basis}); its position is {p.PositionT:N0} t ({p.HeldT:N0} t held, {p.PendingBuyT:N0} t in open buys), so buying {quantityT:N0} t more would take it to {after:N0} t.");
    }

    /// <summary>One holder's position in an instrument under <paramref name="limit"/>.</summary>
    public static HolderPosition Of(World world, PositionLimit limit, string instrument, string holder) =>
        Positions(world, limit, instrument, holder).Single();

    /// <summary>Holders whose position in <paramref name="instrument"/> is above their disclosure threshold, largest excess first; empty when its rulebook sets no limit.</summary>
    public static IReadOnlyList<HolderPosition> LargeHolders(World world, string instrument)
    {
        if (LimitOf(world, instrument) is not { } limit)
            return [];
        return Positions(world, limit, instrument, null).Where(p => p.ExcessT > 0)
            .OrderByDescending(p => p.ExcessT).ThenBy(p => p.Holder, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The position limit of an instrument's rulebook (null: none, or not an instrument).</summary>
    public static PositionLimit? LimitOf(World world, string instrument)
    {
        var registry = world.Get<RegistryState>();
        return registry.Classes.TryGetValue(instrument, out var cls) && cls.Type != UnitType.Cash && cls.MarketId is not null
            ? ExchangeModule.State(world).Rulebooks.For(cls, registry).PositionLimit
            : null;
    }

    /// <summary>
    /// Emits <see cref="LargeHolderCrossed"/> for each buyer of <paramref name="trades"/> (those just settled) whose held
    /// units went from at or below its disclosure threshold to above it. Nothing when <paramref name="limit"/> is null.
    /// </summary>
    internal static void ReportCrossings(DecisionContext ctx, PositionLimit? limit, IReadOnlyList<Trade> trades, int from)
    {
        if (limit is null || from >= trades.Count)
            return;
        var registry = ctx.World.Get<RegistryState>();
        var instrument = trades[from].Instrument;
        var netBoughtT = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = from; i < trades.Count; i++)
        {
            var t = trades[i];
            if (registry.Accounts[t.Buyer] is { } buyer && buyer.Kind.IsHolderKind())
                netBoughtT[buyer.Holder] = netBoughtT.GetValueOrDefault(buyer.Holder) + t.QuantityT;
            if (registry.Accounts[t.Seller] is { } seller && seller.Kind.IsHolderKind())
                netBoughtT[seller.Holder] = netBoughtT.GetValueOrDefault(seller.Holder) - t.QuantityT;
        }
        foreach (var (holder, bought) in netBoughtT)
        {
            if (bought <= 0)
                continue;
            var p = Of(ctx.World, limit, instrument, holder);
            if (p.HeldT > p.DisclosureT && p.HeldT - bought <= p.DisclosureT)
                ctx.Emit(new LargeHolderCrossed(instrument, holder, ctx.Time, p.HeldT, p.DisclosureT));
        }
    }

    /// <summary>Every holder's position (or only <paramref name="onlyHolder"/>'s), in holder order.</summary>
    private static IEnumerable<HolderPosition> Positions(World world, PositionLimit limit, string instrument, string? onlyHolder)
    {
        var registry = world.Get<RegistryState>();
        var state = ExchangeModule.State(world);
        var allocations = state.PositionAllocations;
        var marketId = registry.Classes[instrument].MarketId;
        var holderOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var sums = new SortedDictionary<string, (bool Compliance, long AllocationT, long HeldT, long PendingT)>(StringComparer.Ordinal);
        if (onlyHolder is not null)
            sums[onlyHolder] = default;
        // One holder's accounts come from the registry's index by holder; the report reads them all.
        foreach (var a in onlyHolder is not null ? registry.AccountsOf(onlyHolder) : (IEnumerable<Account>)registry.Accounts.Values)
        {
            if (a.MarketId != marketId || !a.Kind.IsHolderKind())
                continue;
            holderOf[a.Id] = a.Holder;
            var s = sums.GetValueOrDefault(a.Holder);
            var compliance = a.Kind == AccountKind.CoveredEntity;
            sums[a.Holder] = (s.Compliance || compliance, s.AllocationT + (compliance ? allocations.Of(a.Id, instrument) : 0),
                s.HeldT + (registry.HoldingOf(a.Id, instrument)?.Held ?? 0), s.PendingT);
        }
        void Pending(string account, long quantityT)
        {
            if (holderOf.TryGetValue(account, out var holder))
            {
                var s = sums[holder];
                sums[holder] = s with { PendingT = s.PendingT + quantityT };
            }
        }
        if (state.Day(instrument) is { } day)
        {
            // The day's market keeps each account's open buys under a rulebook with a limit: no pass over the book.
            foreach (var account in holderOf.Keys)
            {
                if (day.Market.OpenBuyT(account) is var t and > 0)
                    Pending(account, t);
            }
            foreach (var b in day.Blocks.Pending.Values)
            {
                if (b.ProposerSide == Side.Buy)
                    Pending(b.Proposer, b.QuantityT);
            }
        }
        // Sums only, so the auctions in any order: no sort on a buy's check.
        foreach (var auction in state.AuctionsUnordered)
        {
            if (auction.Result is not null || auction.Terms.Instrument != instrument)
                continue;
            if (auction.Terms.InitiatorSide == Side.Buy)
                Pending(auction.Terms.Initiator, auction.Terms.QuantityT);
            else
            {
                foreach (var bid in auction.Bids)
                    Pending(bid.Bidder, bid.QuantityT);
            }
        }
        foreach (var (holder, s) in sums)
            yield return new HolderPosition(holder, instrument, s.Compliance, s.AllocationT, s.HeldT, s.PendingT,
                limit.LimitT(s.Compliance, s.AllocationT), limit.DisclosureT(s.Compliance, s.AllocationT));
    }
}

/// <summary>
/// The large-holder report of an instrument: the rulebook it trades under, whether that rulebook sets a limit, and
/// the holders above their disclosure threshold (largest excess first).
/// </summary>
public sealed record LargeHolderReport(string Instrument, string Rulebook, bool PositionLimit, IReadOnlyList<HolderPosition> Holders)
{
    /// <summary>The report of <paramref name="instrument"/>, or null when it is not an instrument the registry holds.</summary>
    public static LargeHolderReport? Of(World world, string instrument)
    {
        var registry = world.Get<RegistryState>();
        if (instrument is null || !registry.Classes.TryGetValue(instrument, out var cls) || cls.Type == UnitType.Cash || cls.MarketId is null)
            return null;
        var rules = ExchangeModule.State(world).Rulebooks.For(cls, registry);
        return new LargeHolderReport(instrument, rules.Market, rules.PositionLimit is not null, PositionLimits.LargeHolders(world, instrument));
    }
}
