// Conservation across the commands that empty the auction account: after the paid share clears (2,400,000.00 yuan of
// proceeds, 40,000 t unsold, part of it offered again and locked), random payments to the treasury, fundings of the
// reserve, cancellations of unsold units and returns of them to the reserve, by the regulator or someone else, with
// amounts around and beyond what is held. Each is accepted or changes nothing; every fen and tonne stays in some account;
// nothing locked is cancelled or returned, and together they never take more than the 40,000 t left unsold.
using CsCheck;
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Exchange.Tests.AuctionModuleTests;
using static OpenEts.Exchange.Tests.AuctionProceedsTests;

namespace OpenEts.Exchange.Tests;

public sealed class AuctionProceedsPropertyTests
{
    private static readonly string[] Actors = [MarketSetup.Regulator, MarketSetup.Regulator, MarketSetup.Regulator, MarketSetup.ExchangeOperator, "a"];

    // Kind 0 pays proceeds, 1 funds the reserve, 2 cancels unsold units, 3 returns them to the reserve (Size 0: all). Amounts in 1,000.00 yuan, quantities in 1,000 t, a few at or below zero.
    private static readonly Gen<(int RelistedLots, (int Kind, int Actor, int Size, int Fen)[] Ops)> Cases =
        Gen.Select(Gen.Int[0, 40], Gen.Select(Gen.Int[0, 3], Gen.Int[0, Actors.Length - 1], Gen.Int[-1, 45], Gen.Int[0, 99]).Array[1, 12]);

    [Fact]
    public void Payments_fundings_cancellations_and_returns_conserve_cash_and_units_and_never_touch_locked_units()
    {
        Cases.Sample(c =>
        {
            var floor = Cleared();
            if (c.RelistedLots > 0)
                floor.Must(MarketSetup.Regulator, Notice("relist", c.RelistedLots * 1_000L) with { OpensAt = Opens.AddDays(1), ClosesAt = Closes.AddDays(1) }, Closes);
            var lockedT = c.RelistedLots * 1_000L;
            long paidFen = 0, fundedFen = 0, cancelledT = 0, returnedT = 0;
            foreach (var (kind, actor, size, fen) in c.Ops)
            {
                var amountFen = size * 100_000_00L + fen;
                Command cmd = kind switch
                {
                    0 => new PayProceeds("cn", amountFen),
                    1 => new FundReserve("cn", amountFen),
                    2 => new CancelUnsold("CEA21", size == 0 ? null : size * 1_000L),
                    _ => new ReturnUnsold("CEA21", size == 0 ? null : size * 1_000L),
                };
                var before = floor.World.StateHash();
                var outcome = floor.Submit(Actors[actor], cmd, Closes);
                if (!outcome.Accepted)
                {
                    Assert.Empty(outcome.Events);
                    Assert.Equal(before, floor.World.StateHash());
                    continue;
                }
                Assert.Equal(MarketSetup.Regulator, Actors[actor]);
                paidFen += outcome.Events.OfType<ProceedsPaid>().Sum(e => e.AmountFen);
                fundedFen += outcome.Events.OfType<ReserveFunded>().Sum(e => e.AmountFen);
                cancelledT += outcome.Events.OfType<UnsoldCancelled>().Sum(e => e.QuantityT);
                returnedT += outcome.Events.OfType<UnsoldReturned>().Sum(e => e.QuantityT);
            }

            var r = floor.Registry;
            Assert.Equal((ProceedsFen - paidFen - fundedFen, paidFen, fundedFen), (floor.Cash(AuctionAccount), floor.Cash(Treasury), floor.Cash("cn-RESERVE")));
            Assert.Equal((40_000 - cancelledT - returnedT, lockedT, cancelledT, returnedT),
                (floor.Units(AuctionAccount), floor.LockedUnits(AuctionAccount), floor.Units("cn-CANCELLATION"), floor.Units("cn-RESERVE")));
            foreach (var cls in new[] { "CNY", "CEA21" })
                Assert.Equal(r.Classes[cls].Issued, r.Accounts.Keys.Sum(a => r.HoldingOf(a, cls)?.Held ?? 0));
            Assert.Empty(RegistryInvariants.Violations(r));
        });
    }
}
