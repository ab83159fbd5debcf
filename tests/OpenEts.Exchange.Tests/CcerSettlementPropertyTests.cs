// Random CCER order streams over several trading days: whatever trades, every issued serial stays in exactly
// one account (none duplicated, none lost), each holding's serials count its units, units and cash are
// conserved, and each trade moves exactly its quantity of serials.
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

public sealed class CcerSettlementPropertyTests
{
    private static readonly string[] Members = [CcerFloor.Owner, CcerFloor.BuyerA, CcerFloor.BuyerB];

    private static readonly Gen<(int Kind, int Member, int Price, int Quantity, int Target)[]> Streams =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 2], Gen.Int[58_00, 62_00], Gen.Int[1, 3_000], Gen.Int[1, 60]).Array[1, 80];

    [Fact]
    public void Random_ccer_orders_never_duplicate_or_lose_a_serial_and_conserve_units_and_cash()
    {
        Streams.Sample(stream =>
        {
            var f = new CcerFloor();
            f.Floor.Must(CcerFloor.Owner, new Transfer(CcerFloor.Owner, CcerFloor.BuyerA, CcerFloor.Ccer, 3_000), CcerFloor.MondayMorning);
            f.Floor.Must(CcerFloor.Owner, new Transfer(CcerFloor.Owner, CcerFloor.BuyerB, CcerFloor.Ccer, 2_000), CcerFloor.MondayMorning);
            var cashFen = f.Registry.Holdings.Where(h => h.Key.Class == "CNY").Sum(h => h.Value.Held);
            var day = CcerFloor.Monday;
            var n = 0;
            foreach (var (kind, member, price, quantity, target) in stream)
            {
                var account = Members[member];
                var time = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TradingFloor.Beijing).AddSeconds(++n);
                if (kind == 4)
                {
                    f.Floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay(CcerFloor.Ccer), time);
                    day = TradingRulebook.Ccer.Calendar.NextTradingDay(day)!.Value;
                    f.Floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay(CcerFloor.Ccer, day, f.Floor.Exchange.LastClose(CcerFloor.Ccer)!.Value), time.AddDays(1));
                    continue;
                }
                Command cmd = kind == 0
                    ? new CancelOrder(CcerFloor.Ccer, $"o{target}", account)
                    : new PlaceOrder(CcerFloor.Ccer, $"o{n}", account, kind == 1 ? Side.Sell : Side.Buy, price, quantity);
                var outcome = f.Floor.Submit(account, cmd, time);
                Assert.True(outcome.Accepted || outcome.Events.Count == 0);
                var traded = outcome.Events.OfType<TradeExecuted>().Sum(t => t.QuantityT);
                var serialsMoved = outcome.Events.OfType<UnitsTransferred>().Where(e => e.ClassId == CcerFloor.Ccer).Sum(e => e.Serials!.Sum(r => r.Count));
                Assert.Equal(traded, serialsMoved);
                f.AssertSerialsTileTheIssue();
            }
            Assert.Equal(cashFen, f.Registry.Holdings.Where(h => h.Key.Class == "CNY").Sum(h => h.Value.Held));
            Assert.All(Members, m => Assert.True(f.Registry.HoldingOf(m, CcerFloor.Ccer) is not { } h || h.Locked <= h.Held));
        }, iter: 60, threads: 1);
    }
}
