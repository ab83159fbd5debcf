// Property: after a full cycle settled in the registry, each entity surrendered its obligation less its
// shortfall, units are conserved in the registry, the offset cap held and each shortfall became a deduction.
using CsCheck;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Registry;
using static OpenEts.Allocation.Tests.CycleMarket;

namespace OpenEts.Allocation.Tests;

public class CycleConservationTests
{
    [Fact]
    public void After_a_full_cycle_each_entity_surrendered_its_obligation_less_its_shortfall_and_units_are_conserved()
    {
        var entityGen = Gen.Select(Gen.Long[1_000, 2_000_000], Gen.Int[50, 150], Gen.Bool, Gen.Long[0, 200_000], Gen.Int[0, 100]);
        Gen.Select(entityGen.Array[1, 12], Gen.Int[0, 40].Array[0, 20])
            .Sample((entities, trades) =>
            {
                var m = new CycleMarket();
                m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
                for (var i = 0; i < entities.Length; i++)
                {
                    var (allocation, verifiedPercent, gas, ccer, _) = entities[i];
                    m.Entity($"E{i}", gas ? Fuel.Gas : Fuel.Coal, $"P{i % 4}");
                    m.Ok(new IssueAllocation($"E{i}", 2023, $"E{i}-U1", allocation));
                    if (ccer > 0)
                        m.GiveCcer($"E{i}", ccer);
                    m.Verified($"E{i}", 2023, allocation * verifiedPercent / 100);
                    m.Ok(new SetObligation($"E{i}", 2023));
                }
                // Trades settled in the registry: entity a sends a tenth of its allowances to entity b.
                foreach (var t in trades)
                {
                    var (a, b) = (t % entities.Length, (t / 2 + 1) % entities.Length);
                    var q = m.Held($"E{a}", "CEA23") / 10;
                    if (a != b && q > 0)
                        m.Ok(new Transfer($"E{a}", $"E{b}", "CEA23", q), $"E{a}");
                }
                // Each entity surrenders CCER up to the cap, then a share (its effort, 0–100%) of the allowances it still owes.
                for (var i = 0; i < entities.Length; i++)
                {
                    var o = m.State.Obligations[(2023, $"E{i}")];
                    var ccer = Math.Min(m.Held($"E{i}", Ccer), Math.Min(o.CcerCapT, o.ObligationT));
                    var allowances = Math.Min(m.Held($"E{i}", "CEA23"), (o.ObligationT - ccer) * entities[i].Item5 / 100);
                    if (ccer > 0)
                        m.Ok(new SurrenderForYear($"E{i}", 2023, Ccer, ccer), $"E{i}");
                    if (allowances > 0)
                        m.Ok(new SurrenderForYear($"E{i}", 2023, "CEA23", allowances), $"E{i}");
                }
                m.Ok(new CloseComplianceYear(2023), time: AfterDeadline2023);
                var s = m.State;
                var r = m.Registry;
                foreach (var o in s.Obligations.Values)
                    Assert.Equal(o.ObligationT - o.Result!.ShortfallT, o.SurrenderedT);
                // Conservation: what the cycle issued is held or surrendered; the registry's surrender account holds what the cycle recorded.
                var entityHeld = s.Entities.Keys.Sum(e => m.Held(e, "CEA23"));
                Assert.Equal(s.AllowancesIssuedT, entityHeld + m.Held("cn-SURRENDER", "CEA23"));
                Assert.Equal(s.AllowancesSurrenderedT, m.Held("cn-SURRENDER", "CEA23"));
                Assert.Equal(s.CcerSurrenderedT, m.Held("cn-SURRENDER", Ccer));
                Assert.Equal(r.Classes["CEA23"].Issued, s.AllowancesIssuedT);
                Assert.Equal(s.Obligations.Values.Sum(o => o.SurrenderedT), r.Surrenders.Sum(x => x.Quantity));
                Assert.Empty(RegistryInvariants.Violations(r));
                Assert.All(s.Obligations.Values, o => Assert.True(o.SurrenderedCcerT <= o.CcerCapT));
                Assert.All(s.Entities.Values, e => Assert.Equal(s.Obligations[(2023, e.Id)].Result!.ShortfallT, e.PendingDeductionT));
            }, iter: 100);
    }
}
