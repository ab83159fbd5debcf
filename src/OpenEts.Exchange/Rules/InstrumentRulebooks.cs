// Which rulebook an instrument trades under: serialized credit classes (CCER) under the credit rulebook; allowance
// classes under the pilot rulebook their registry market names (a pilot market, e.g. cn-beijing), else under the
// market's allowance rulebook. Each trading day records the rulebook it opened with.
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>The rulebooks of the exchange's instruments: one for allowances, one for serialized credits, and pilot markets' own.</summary>
public sealed record InstrumentRulebooks(TradingRulebook Allowances, TradingRulebook Credits)
{
    /// <summary>The national market: CEA under cn-national, CCER under cn-ccer, a pilot market's allowances under its rulebook (cn-beijing).</summary>
    public static InstrumentRulebooks National { get; } = new(TradingRulebook.National, TradingRulebook.Ccer) { Pilots = [TradingRulebook.Beijing] };

    /// <summary>Pilot markets' rulebooks: a registry market whose rulebook is one of these trades its allowances under it.</summary>
    public IReadOnlyList<TradingRulebook> Pilots { get; init; } = [];

    /// <summary>The rulebook a registry unit class trades under, by its kind and the rulebook its registry market names.</summary>
    public TradingRulebook For(UnitClass instrument, RegistryState registry)
    {
        if (instrument.Serialized)
            return Credits;
        return instrument.MarketId is { } id && registry.Markets.TryGetValue(id, out var market) && Pilot(market.Rulebook) is { } pilot ? pilot : Allowances;
    }

    /// <summary>The rulebook a trading day recorded (null, in days opened before rulebooks were recorded: the allowance rulebook).</summary>
    public TradingRulebook Named(string? market) =>
        market is null || market == Allowances.Market ? Allowances
        : market == Credits.Market ? Credits
        : Pilot(market) ?? throw new InvalidOperationException($"A trading day names the rulebook '{market}', which this exchange does not have.");

    private TradingRulebook? Pilot(string rulebook)
    {
        if (rulebook == Allowances.Market)
            return null;
        for (var i = 0; i < Pilots.Count; i++)
        {
            if (Pilots[i].Market == rulebook)
                return Pilots[i];
        }
        return null;
    }
}
