// Which rulebook an instrument trades under: allowance classes (CEA vintages) under the market's rulebook,
// serialized credit classes (CCER) under the credit rulebook. Each trading day records the rulebook it opened with.
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>The rulebooks of the exchange's instruments: one for allowances, one for serialized credits.</summary>
public sealed record InstrumentRulebooks(TradingRulebook Allowances, TradingRulebook Credits)
{
    /// <summary>The national market: CEA under cn-national, CCER under cn-ccer.</summary>
    public static InstrumentRulebooks National { get; } = new(TradingRulebook.National, TradingRulebook.Ccer);

    /// <summary>The rulebook a registry unit class trades under.</summary>
    public TradingRulebook For(UnitClass instrument) => instrument.Serialized ? Credits : Allowances;

    /// <summary>The rulebook a trading day recorded (null, in days opened before rulebooks were recorded: the allowance rulebook).</summary>
    public TradingRulebook Named(string? market) =>
        market is null || market == Allowances.Market ? Allowances
        : market == Credits.Market ? Credits
        : throw new InvalidOperationException($"A trading day names the rulebook '{market}', which this exchange does not have.");
}
