// The compliance cycle through the engine's decision path: surrender rules, deadline, close, deduction, reports.
using CsCheck;
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Allocation.Reports;
using OpenEts.Core;

namespace OpenEts.Allocation.Tests;

public class ComplianceCycleTests
{
    private static readonly DateTimeOffset BeforeDeadline = new(2024, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterDeadline = new(2025, 1, 2, 9, 0, 0, TimeSpan.Zero);

    private sealed class Market
    {
        private int _n;
        public World World { get; } = new ModuleCatalog(new ComplianceCycleModule()).CreateWorld();

        public CycleState State => World.Get<CycleState>();

        public Outcome Do(Command c, DateTimeOffset? time = null) =>
            DecisionContext.Decide(World, new CommandEnvelope($"c-{++_n}", "regulator", time ?? BeforeDeadline, c));

        public void Ok(Command c, DateTimeOffset? time = null)
        {
            var o = Do(c, time);
            Assert.True(o.Accepted, o.Rejection?.ToString());
        }
    }

    private static Market Open2023(params (string Entity, Fuel Fuel, long Allocation, long Verified)[] entities)
    {
        var m = new Market();
        m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
        m.Ok(new OpenComplianceYear(2024, "cn-power-2024"));
        foreach (var (entity, fuel, allocation, verified) in entities)
        {
            m.Ok(new RegisterEntity(entity, "power", entity.StartsWith('S') ? "Shanxi" : "Guangdong", fuel));
            m.Ok(new IssueAllocation(entity, 2023, allocation));
            m.Ok(new RecordVerifiedEmissions(entity, 2023, verified));
        }
        return m;
    }

    [Fact]
    public void Surrender_beyond_the_offset_cap_is_rejected()
    {
        // Obligation 100,000 → CCER cap 5,000.
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000));
        m.Ok(new CreditOffsets("S1", 8_000));
        Assert.Equal("offset_cap_exceeded", m.Do(new SurrenderForYear("S1", 2023, 0, 5_001)).Rejection!.Code);
        m.Ok(new SurrenderForYear("S1", 2023, 0, 5_000));
        Assert.Equal("offset_cap_exceeded", m.Do(new SurrenderForYear("S1", 2023, 0, 1)).Rejection!.Code);
    }

    [Fact]
    public void Verified_emissions_before_the_allocation_are_rejected()
    {
        // Otherwise the 20% gap cap would be measured against an allocation of 0.
        var m = new Market();
        m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
        m.Ok(new RegisterEntity("S1", "power", "Shanxi", Fuel.Coal));
        Assert.Equal("no_allocation", m.Do(new RecordVerifiedEmissions("S1", 2023, 100_000)).Rejection!.Code);
        Assert.Equal("plan_not_for_year", m.Do(new OpenComplianceYear(2022, "cn-power-2023")).Rejection!.Code);
    }

    [Fact]
    public void Surrender_after_the_deadline_is_rejected()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000));
        Assert.Equal("deadline_passed", m.Do(new SurrenderForYear("S1", 2023, 100_000, 0), AfterDeadline).Rejection!.Code);
        Assert.Equal(100_000L, m.State.Entities["S1"].AllowancesT);
    }

    [Fact]
    public void Surrender_more_than_held_or_owed_is_rejected()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 90_000));
        Assert.Equal("surrender_exceeds_obligation", m.Do(new SurrenderForYear("S1", 2023, 90_001, 0)).Rejection!.Code);
        Assert.Equal("insufficient_units", m.Do(new SurrenderForYear("S1", 2023, 0, 1)).Rejection!.Code);
    }

    [Fact]
    public void The_obligation_applies_the_plan_flexibilities()
    {
        // Gas entity: allocation 300,000, verified 350,000 → owes 300,000. Coal entity: 1,000,000 vs 1,500,000 → 1,300,000.
        var m = Open2023(("G1", Fuel.Gas, 300_000, 350_000), ("S1", Fuel.Coal, 1_000_000, 1_500_000));
        Assert.Equal(300_000L, m.State.Obligations[(2023, "G1")].ObligationT);
        Assert.Equal(1_300_000L, m.State.Obligations[(2023, "S1")].ObligationT);
    }

    [Fact]
    public void Closing_sets_status_and_carries_the_shortfall_into_the_next_allocation()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000), ("S2", Fuel.Coal, 100_000, 110_000), ("G3", Fuel.Coal, 50_000, 60_000));
        m.Ok(new SurrenderForYear("S1", 2023, 100_000, 0));
        m.Ok(new SurrenderForYear("S2", 2023, 100_000, 0));
        Assert.Equal("deadline_not_reached", m.Do(new CloseComplianceYear(2023)).Rejection!.Code);
        m.Ok(new CloseComplianceYear(2023), AfterDeadline);
        var r = m.State.Obligations;
        Assert.Equal(ComplianceStatus.Compliant, r[(2023, "S1")].Result!.Status);
        Assert.Equal(ComplianceStatus.Partly, r[(2023, "S2")].Result!.Status);
        Assert.Equal(10_000L, r[(2023, "S2")].Result!.ShortfallT);
        Assert.Equal(ComplianceStatus.Not, r[(2023, "G3")].Result!.Status);
        // 2024 allocation of S2 is cut by its 10,000 t shortfall.
        var issued = m.Do(new IssueAllocation("S2", 2024, 95_000), AfterDeadline);
        var e = Assert.IsType<AllocationIssued>(Assert.Single(issued.Events));
        Assert.Equal(10_000L, e.DeductedT);
        Assert.Equal(85_000L, e.IssuedT);
        Assert.Equal("year_closed", m.Do(new SurrenderForYear("S2", 2023, 1, 0), AfterDeadline).Rejection!.Code);
    }

    [Fact]
    public void Reports_give_rates_by_entities_and_by_tonnes_and_surplus_per_entity()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000), ("S2", Fuel.Coal, 100_000, 110_000), ("G3", Fuel.Coal, 50_000, 40_000));
        m.Ok(new SurrenderForYear("S1", 2023, 100_000, 0));
        m.Ok(new SurrenderForYear("S2", 2023, 100_000, 0));
        m.Ok(new SurrenderForYear("G3", 2023, 40_000, 0));
        m.Ok(new CloseComplianceYear(2023), AfterDeadline);
        var market = Assert.Single(ComplianceReports.Rates(m.State, 2023, "market"));
        Assert.Equal(3, market.Entities);
        Assert.Equal(2, market.CompliantEntities);
        Assert.Equal(250_000L, market.ObligationT);
        Assert.Equal(240_000L, market.SurrenderedT);
        Assert.Equal(0.96m, market.RateByTonnes);
        var byProvince = ComplianceReports.Rates(m.State, 2023, "province");
        Assert.Equal(["Guangdong", "Shanxi"], byProvince.Select(r => r.Group).ToArray());
        Assert.Equal(1m, byProvince[0].RateByEntities);
        Assert.Equal(0.5m, byProvince[1].RateByEntities);
        var csv = ComplianceReports.ToCsv(ComplianceReports.SurplusDeficit(m.State, 2023));
        Assert.Contains("2023,G3,power,Guangdong,50000,40000,40000,10000", csv);
        Assert.Contains("2023,S2,power,Shanxi,100000,110000,110000,-10000", csv);
        Assert.StartsWith("year,group,entities,compliant_entities,rate_by_entities", ComplianceReports.ToCsv(byProvince));
    }

    [Fact]
    public void Snapshot_restores_the_same_state()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000), ("S2", Fuel.Gas, 100_000, 110_000));
        m.Ok(new SurrenderForYear("S1", 2023, 60_000, 0));
        m.Ok(new CloseComplianceYear(2023), AfterDeadline);
        var copy = new ModuleCatalog(new ComplianceCycleModule()).CreateWorld();
        copy.Restore(m.World.Snapshot());
        Assert.Equal(m.World.StateHash(), copy.StateHash());
        Assert.Equal(40_000L, copy.Get<CycleState>().Entities["S1"].PendingDeductionT);
    }

    [Fact]
    public void After_a_full_cycle_each_entity_surrendered_its_obligation_less_its_shortfall_and_units_are_conserved()
    {
        var entityGen = Gen.Select(Gen.Long[1_000, 2_000_000], Gen.Int[50, 150], Gen.Bool, Gen.Long[0, 200_000], Gen.Int[0, 100]);
        Gen.Select(entityGen.Array[1, 25], Gen.Int[0, 40].Array[0, 30])
            .Sample((entities, trades) =>
            {
                var m = new Market();
                m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
                for (var i = 0; i < entities.Length; i++)
                {
                    var (allocation, verifiedPercent, gas, ccer, _) = entities[i];
                    m.Ok(new RegisterEntity($"E{i}", "power", $"P{i % 4}", gas ? Fuel.Gas : Fuel.Coal));
                    m.Ok(new IssueAllocation($"E{i}", 2023, allocation));
                    if (ccer > 0)
                        m.Ok(new CreditOffsets($"E{i}", ccer));
                    m.Ok(new RecordVerifiedEmissions($"E{i}", 2023, allocation * verifiedPercent / 100));
                }
                // Trades: entity a sends a tenth of its holding to entity b.
                foreach (var t in trades)
                {
                    var (a, b) = (t % entities.Length, (t / 2 + 1) % entities.Length);
                    var q = m.State.Entities[$"E{a}"].AllowancesT / 10;
                    if (a != b && q > 0)
                        m.Ok(new TransferAllowances($"E{a}", $"E{b}", q));
                }
                // Each entity surrenders CCER up to the cap, then a share (its effort, 0–100%) of the allowances it still owes.
                for (var i = 0; i < entities.Length; i++)
                {
                    var e = m.State.Entities[$"E{i}"];
                    var o = m.State.Obligations[(2023, $"E{i}")];
                    var ccer = Math.Min(e.CcerT, Math.Min(o.CcerCapT, o.ObligationT));
                    var allowances = Math.Min(e.AllowancesT, (o.ObligationT - ccer) * entities[i].Item5 / 100);
                    if (ccer + allowances > 0)
                        m.Ok(new SurrenderForYear($"E{i}", 2023, allowances, ccer));
                }
                m.Ok(new CloseComplianceYear(2023), AfterDeadline);
                var s = m.State;
                foreach (var o in s.Obligations.Values)
                    Assert.Equal(o.ObligationT - o.Result!.ShortfallT, o.SurrenderedT);
                Assert.Equal(s.AllowancesIssuedT, s.Entities.Values.Sum(e => e.AllowancesT) + s.AllowancesSurrenderedT);
                Assert.Equal(s.CcerCreditedT, s.Entities.Values.Sum(e => e.CcerT) + s.CcerSurrenderedT);
                Assert.Equal(s.Obligations.Values.Sum(o => o.SurrenderedT), s.AllowancesSurrenderedT + s.CcerSurrenderedT);
                Assert.All(s.Obligations.Values, o => Assert.True(o.SurrenderedCcerT <= o.CcerCapT));
                Assert.All(s.Entities.Values, e => Assert.Equal(s.Obligations[(2023, e.Id)].Result!.ShortfallT, e.PendingDeductionT));
            }, iter: 200);
    }
}
