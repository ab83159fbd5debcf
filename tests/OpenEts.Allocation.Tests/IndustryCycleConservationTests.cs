// Property: a full 2024 cycle with power and the three industrial sectors side by side — power allocated per
// unit, steel, cement and aluminium grandfathered from MRV — with trades across sectors and partial surrenders:
// each entity surrendered its obligation less its shortfall, allowances and CCER are conserved in the registry,
// each industrial entity's allocation equals its verified emissions and its obligation, and the rates by sector
// count every entity once.
using CsCheck;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Allocation.Reports;
using OpenEts.Registry;
using static OpenEts.Allocation.Tests.IndustrySectorTests;

namespace OpenEts.Allocation.Tests;

public class IndustryCycleConservationTests
{
    private static readonly string[] Sectors = ["power", "steel", "cement", "aluminium"];

    [Fact]
    public void After_a_full_2024_cycle_across_sectors_surrendered_equals_obligation_less_shortfall_and_units_are_conserved()
    {
        // Per entity: sector, allocation or verified emissions (t), power's verified as % of its allocation, CCER held, surrender effort %.
        var entityGen = Gen.Select(Gen.Int[0, 3], Gen.Long[1_000, 5_000_000], Gen.Int[50, 150], Gen.Long[0, 300_000], Gen.Int[0, 100]);
        Gen.Select(entityGen.Array[1, 12], Gen.Int[0, 40].Array[0, 20])
            .Sample((entities, trades) =>
            {
                var m = Open2024("steel", "cement", "aluminium");
                for (var i = 0; i < entities.Length; i++)
                {
                    var (sector, tonnes, verifiedPercent, ccer, _) = entities[i];
                    var id = $"E{i}";
                    m.Entity(id, sector: Sectors[sector]);
                    if (sector == 0)
                    {
                        m.Ok(new IssueAllocation(id, 2024, $"{id}-U1", tonnes), time: During2025);
                        m.Verified(id, 2024, tonnes * verifiedPercent / 100);
                    }
                    else
                    {
                        m.Verified(id, 2024, tonnes, sector: Sectors[sector]);
                        m.Ok(new IssueVerifiedEmissionsAllocation(id, 2024), time: During2025);
                    }
                    if (ccer > 0)
                        m.GiveCcer(id, ccer);
                    m.Ok(new SetObligation(id, 2024), time: During2025);
                }
                // Trades settled in the registry, across sectors: entity a sends a tenth of its allowances to entity b.
                foreach (var t in trades)
                {
                    var (a, b) = (t % entities.Length, (t / 2 + 1) % entities.Length);
                    var q = m.Held($"E{a}", "CEA24") / 10;
                    if (a != b && q > 0)
                        m.Ok(new Transfer($"E{a}", $"E{b}", "CEA24", q), $"E{a}", During2025);
                }
                for (var i = 0; i < entities.Length; i++)
                {
                    var o = m.State.Obligations[(2024, $"E{i}")];
                    var ccer = Math.Min(m.Held($"E{i}", CycleMarket.Ccer), o.CcerCapT);
                    var allowances = Math.Min(m.Held($"E{i}", "CEA24"), (o.ObligationT - ccer) * entities[i].Item5 / 100);
                    if (ccer > 0)
                        m.Ok(new SurrenderForYear($"E{i}", 2024, CycleMarket.Ccer, ccer), $"E{i}", During2025);
                    if (allowances > 0)
                        m.Ok(new SurrenderForYear($"E{i}", 2024, "CEA24", allowances), $"E{i}", During2025);
                }
                m.Ok(new CloseComplianceYear(2024, 60_00), time: After2024Deadline);

                var s = m.State;
                var r = m.Registry;
                foreach (var o in s.Obligations.Values)
                {
                    Assert.Equal(o.ObligationT - o.Result!.ShortfallT, o.SurrenderedT);
                    Assert.True(o.SurrenderedCcerT <= o.CcerCapT);
                    if (s.Entities[o.Entity].Sector != "power")
                        Assert.Equal((o.VerifiedT!.Value, o.VerifiedT.Value), (o.AllocationT, o.ObligationT));
                    else
                        Assert.True(o.ObligationT <= o.AllocationT + o.VerifiedT!.Value / 5);
                    Assert.Equal(o.Result.ShortfallT, s.Entities[o.Entity].PendingDeductionT);
                }
                var entityHeld = s.Entities.Values.Sum(e => m.Held(e.Account, "CEA24"));
                Assert.Equal(s.AllowancesIssuedT, entityHeld + m.Held("cn-SURRENDER", "CEA24"));
                Assert.Equal(r.Classes["CEA24"].Issued, s.AllowancesIssuedT);
                Assert.Equal(s.AllowancesSurrenderedT, m.Held("cn-SURRENDER", "CEA24"));
                Assert.Equal(s.CcerSurrenderedT, m.Held("cn-SURRENDER", CycleMarket.Ccer));
                Assert.Equal(r.Classes[CycleMarket.Ccer].Issued, m.Held("cn-SURRENDER", CycleMarket.Ccer) + s.Entities.Keys.Sum(e => m.Held(e, CycleMarket.Ccer)));
                Assert.Empty(RegistryInvariants.Violations(r));
                var bySector = ComplianceReports.Rates(s, 2024, "sector");
                Assert.Equal(entities.Length, bySector.Sum(g => g.Entities));
                Assert.Equal(s.Obligations.Values.Sum(o => o.SurrenderedT), bySector.Sum(g => g.SurrenderedT));
            }, iter: 100);
    }
}
