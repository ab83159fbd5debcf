// The allocation figure a compliance entity's position limit is counted from (allocation + margin). The exchange does
// not see the allocation module (it sits above the exchange): the compliance cycle passes each entity's allocation of a
// class on with exchange.set_position_allocation as it issues and trues up, where the class's rulebook sets a limit, and
// the regulator records it by hand for units allocated outside the cycle. An account with none recorded counts 0. The
// exchange state keeps the events in its snapshot whatever the instrument, so a restart applies them again.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>The regulator records a compliance entity's allocation of an instrument, the basis of its position limit.</summary>
public sealed record SetPositionAllocation(string Account, string Instrument, long AllocationT) : Command;

/// <summary>An account's allocation of an instrument, as the position limit counts it, was recorded by <see cref="Actor"/>.</summary>
public sealed record PositionAllocationSet(string Account, string Instrument, long AllocationT, string Actor) : Event;

/// <summary>A holder's held units of an instrument first went above its large-holder disclosure threshold, through a trade.</summary>
public sealed record LargeHolderCrossed(string Instrument, string Holder, DateTimeOffset Time, long HeldT, long ThresholdT) : Event;

/// <summary>Allocations recorded for position limits, by account and instrument.</summary>
public sealed class PositionAllocations
{
    private readonly SortedDictionary<(string Account, string Instrument), long> _allocations = new(Comparer<(string, string)>.Create(
        (a, b) => string.CompareOrdinal(a.Item1, b.Item1) is var c and not 0 ? c : string.CompareOrdinal(a.Item2, b.Item2)));

    /// <summary>The allocation recorded for an account and instrument, t (0 when none is).</summary>
    public long Of(string account, string instrument) => _allocations.GetValueOrDefault((account, instrument));

    /// <summary>Every allocation recorded, in account and instrument order.</summary>
    public IEnumerable<(string Account, string Instrument, long AllocationT)> All => _allocations.Select(a => (a.Key.Account, a.Key.Instrument, a.Value));

    /// <summary>Records one (0 removes it: the same as none).</summary>
    public void Apply(PositionAllocationSet e)
    {
        if (e.AllocationT == 0)
            _allocations.Remove((e.Account, e.Instrument));
        else
            _allocations[(e.Account, e.Instrument)] = e.AllocationT;
    }

    /// <summary>Forgets every allocation (before a snapshot's events are applied again).</summary>
    public void Clear() => _allocations.Clear();

    /// <summary>Decides <see cref="SetPositionAllocation"/>: the regulator, a compliance entity's account, an instrument of its market.</summary>
    internal static Rejection? Set(DecisionContext ctx, SetPositionAllocation cmd)
    {
        var registry = ctx.World.Get<RegistryState>();
        if (registry.RoleOf(ctx.Actor) != Role.Regulator)
            return new Rejection("not_authorized", $"'{ctx.Actor}' may not record allocations for position limits (the regulator only).");
        if (cmd.Account is null || !registry.Accounts.TryGetValue(cmd.Account, out var account))
            return new Rejection("unknown_account", $"No account has the id '{cmd.Account}'.");
        if (account.Kind != AccountKind.CoveredEntity)
            return new Rejection("not_a_compliance_entity", $"'{cmd.Account}' is not a covered entity's account; only a compliance entity's limit counts its allocation.");
        if (cmd.Instrument is not { Length: <= ListingOrders.MaxInstrumentLength } || !registry.Classes.TryGetValue(cmd.Instrument, out var cls)
            || cls.Type == UnitType.Cash || cls.MarketId is null)
            return new Rejection("unknown_unit_class", $"'{cmd.Instrument}' is not a unit class the registry holds.");
        if (cls.MarketId != account.MarketId)
            return new Rejection("wrong_market", $"'{cmd.Account}' is not in the market of {cmd.Instrument}.");
        if (cmd.AllocationT < 0 || cmd.AllocationT > RegistryState.MaxQuantity)
            return new Rejection(ExchangeRejections.QuantityOutOfRange, $"An allocation is 0 to {RegistryState.MaxQuantity:N0} t.");
        ctx.Emit(new PositionAllocationSet(cmd.Account, cmd.Instrument, cmd.AllocationT, ctx.Actor));
        return null;
    }
}
