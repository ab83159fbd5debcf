// No accepted sequence of orders and cancels leaves a holder above its position limit, and every refusal for the
// limit changes nothing. Random streams of three holders of a pilot market whose rulebook sets small limits
// (1,000 t over allocation for a compliance entity, 3,000 t for others) so that the limit is often reached. Each
// holder's open buys and held units, read from the market's tally and the registry's index by holder, equal a pass
// over the open orders and all accounts after every step.
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

public sealed class PositionLimitPropertyTests
{
    private static readonly PositionLimit Small = new(1_000, 3_000, 500, 2_000);
    private static readonly (string Account, AccountKind Kind, long UnitsT)[] Members =
        [("m0", AccountKind.CoveredEntity, 1_500), ("m1", AccountKind.Investor, 1_000), ("m2", AccountKind.Investor, 2_500)];

    private static readonly Gen<(int Kind, int Member, int Price, int Quantity, int Target)[]> Streams =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[49_50, 50_50], Gen.Int[1, 1_500], Gen.Int[1, 60]).Array[1, 80];

    [Fact]
    public void No_accepted_order_takes_a_holder_above_its_limit_and_a_refusal_changes_nothing()
    {
        var refusals = 0;
        Streams.Sample(stream =>
        {
            var floor = new PilotFloor(TradingRulebook.Beijing with { PositionLimit = Small });
            foreach (var (account, kind, units) in Members)
                floor.OpenMember(account, kind, units, 10_000_000_00);
            floor.Must(MarketSetup.Regulator, new SetPositionAllocation("m0", PilotFloor.Instrument, 1_000));
            var n = 0;
            foreach (var (kind, member, price, quantity, target) in stream)
            {
                var account = Members[member].Account;
                Command cmd = kind == 0
                    ? new CancelOrder(PilotFloor.Instrument, $"o{target}", account)
                    : new PlaceOrder(PilotFloor.Instrument, $"o{++n}", account, kind == 1 ? Side.Sell : Side.Buy, price, quantity);
                var before = floor.World.StateHash();
                var outcome = floor.Submit(account, cmd);
                if (outcome.Rejection?.Code == PositionLimits.Exceeded)
                {
                    refusals++;
                    Assert.Empty(outcome.Events);
                    Assert.Equal(before, floor.World.StateHash());
                }
                var open = ExchangeModule.State(floor.World).Day(PilotFloor.Instrument)!.Market.OpenOrders.ToList();
                foreach (var (holder, _, _) in Members)
                {
                    var p = floor.Position(holder);
                    Assert.True(p.PositionT <= p.LimitT, $"{holder}: position {p.PositionT} t above its limit {p.LimitT} t after {cmd}");
                    // The tally of open buys and the index of accounts by holder against a pass over the book and the registry.
                    Assert.Equal(open.Where(o => o.Side == Side.Buy && o.Account == holder).Sum(o => o.RemainingT), p.PendingBuyT);
                    Assert.Equal(floor.Registry.Accounts.Values.Where(a => a.Holder == holder).Sum(a => floor.Registry.HoldingOf(a.Id, PilotFloor.Instrument)?.Held ?? 0), p.HeldT);
                }
            }
        }, iter: 60, threads: 1);
        Assert.True(refusals > 0, "No stream reached a limit: the property was not exercised.");
    }
}
