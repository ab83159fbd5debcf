// The compliance cycle through the engine's decision path, settling in the registry: allocation issued
// and surrendered by the registry's own commands, obligations from MRV, offset cap, vintages, deadline,
// close with status, penalty and deduction, reports.
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Allocation.Reports;
using OpenEts.Core;
using OpenEts.Registry;
using static OpenEts.Allocation.Tests.CycleMarket;

namespace OpenEts.Allocation.Tests;

public class ComplianceCycleTests
{
    [Fact]
    public void Allocation_is_issued_by_the_registry_into_the_entity_account_once_per_unit()
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
        m.Entity("S1");
        var first = m.Ok(new IssueAllocation("S1", 2023, "S1-U1", 2_524_944));
        m.Ok(new IssueAllocation("S1", 2023, "S1-U2", 1_404_126));
        // The registry's own events are part of the cycle command's outcome: issue, transfer, then the cycle's record.
        Assert.Collection(first.Events,
            e => Assert.Equal(new UnitsIssued("CEA23", "cn-ISSUANCE", 2_524_944, null), e),
            e => Assert.Equal(("cn-ISSUANCE", "S1", 2_524_944L), e is UnitsTransferred t ? (t.From, t.To, t.Quantity) : default),
            e => Assert.IsType<AllocationIssued>(e));
        Assert.Equal(3_929_070L, m.Held("S1", "CEA23"));
        Assert.Equal(3_929_070L, m.Registry.Classes["CEA23"].Issued);
        Assert.Equal(0L, m.Held("cn-ISSUANCE", "CEA23"));
        Assert.Equal(["S1-U1", "S1-U2"], m.State.Obligations[(2023, "S1")].Units);
        Assert.Equal("already_allocated", m.Code(new IssueAllocation("S1", 2023, "S1-U1", 2_524_944)));
        Assert.Equal(3_929_070L, m.Registry.Classes["CEA23"].Issued);
        Assert.Empty(RegistryInvariants.Violations(m.Registry));
    }

    [Fact]
    public void Only_a_regulator_issues_allocations_and_an_unopened_account_is_refused()
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
        m.Entity("S1");
        Assert.Equal("not_authorized", m.Code(new IssueAllocation("S1", 2023, "S1-U1", 100), MarketSetup.RegistryOperator));
        Assert.Equal("no_entity_account", m.Code(new RegisterEntity("S2", "power", "Shanxi", Fuel.Coal)));
        Assert.Equal("plan_not_for_year", m.Code(new OpenComplianceYear(2022, "cn-power-2023")));
        Assert.Equal(0L, m.Registry.Classes["CEA23"].Issued);
    }

    [Fact]
    public void The_obligation_is_read_from_final_verified_emissions_in_MRV()
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2023, "cn-power-2023"));
        m.Entity("S1");
        Assert.Equal("no_allocation", m.Code(new SetObligation("S1", 2023)));
        m.Ok(new IssueAllocation("S1", 2023, "S1-U1", 100_000));
        Assert.Equal("no_verified_emissions", m.Code(new SetObligation("S1", 2023)));
        m.Verified("S1", 2023, 60_000);
        m.Verified("S1", 2023, 45_000, "F2", final: false);
        Assert.Equal("emissions_not_final", m.Code(new SetObligation("S1", 2023)));
        m.World.Apply(new OpenEts.Mrv.Reporting.ReportFinalized("S1-F2", 2023, 1, 45_000));
        m.Ok(new SetObligation("S1", 2023));
        var o = m.State.Obligations[(2023, "S1")];
        Assert.Equal(105_000L, o.VerifiedT);
        Assert.Equal(105_000L, o.ObligationT);
        Assert.Equal(5_250L, o.CcerCapT);
    }

    [Fact]
    public void The_obligation_applies_the_plan_flexibilities()
    {
        // 2022 plan (20% gap cap): coal entity 1,000,000 allocated, 1,500,000 verified → owes 1,300,000.
        // Gas entity: 300,000 allocated, 350,000 verified → owes its allocation.
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2022, "cn-power-2022"));
        foreach (var (entity, fuel, allocation, verified) in new[] { ("S1", Fuel.Coal, 1_000_000L, 1_500_000L), ("G1", Fuel.Gas, 300_000L, 350_000L) })
        {
            m.Entity(entity, fuel);
            m.Ok(new IssueAllocation(entity, 2022, entity + "-U1", allocation));
            m.Verified(entity, 2022, verified);
            m.Ok(new SetObligation(entity, 2022));
        }
        Assert.Equal(1_300_000L, m.State.Obligations[(2022, "S1")].ObligationT);
        Assert.Equal(300_000L, m.State.Obligations[(2022, "G1")].ObligationT);
        Assert.Equal(1_000_000L, m.Held("S1", "CEA22"));
    }

    [Fact]
    public void Ccer_surrendered_through_the_cycle_go_on_the_voluntary_markets_public_record()
    {
        // Where the voluntary market runs beside the cycle, an offset surrender is recorded as that market records its own:
        // the serials the registry moved, the account, the compliance year and the market date (Beijing).
        var m = Open2023(new CycleMarket(withVoluntary: true), "cn-power-2023", ("S1", Fuel.Coal, 100_000, 100_000));
        m.GiveCcer("S1", 8_000);
        m.Ok(new SurrenderForYear("S1", 2023, "CEA23", 1_000), "S1");
        Assert.Empty(m.World.Get<OpenEts.Voluntary.VoluntaryState>().Uses);
        var late = new DateTimeOffset(2024, 11, 1, 17, 30, 0, TimeSpan.Zero);
        var surrendered = m.Ok(new SurrenderForYear("S1", 2023, Ccer, 3_000), "S1", late);
        var use = Assert.Single(m.World.Get<OpenEts.Voluntary.VoluntaryState>().Uses);
        Assert.Equal(surrendered.Events.OfType<OpenEts.Voluntary.CreditsUsed>().Single().Use, use);
        Assert.Equal((OpenEts.Voluntary.Projects.CreditUseKind.Surrender, "S1", "WIND-0001", 2023, 3_000L, "S1", "compliance 2023", new DateOnly(2024, 11, 2), (int?)2023),
            (use.Kind, use.Account, use.ProjectId, use.Vintage, use.QuantityT, use.Beneficiary, use.Purpose, use.On, use.ComplianceYear));
        Assert.Equal([new SerialRange(1, 3_000)], use.Ranges);
        Assert.StartsWith("compliance:", use.UseId, StringComparison.Ordinal);
        Assert.Equal(3_000L, m.Held("cn-SURRENDER", Ccer));

        // The public credit list then shows those serials surrendered on that date for that account (the project and its
        // issuance put on the voluntary record as the module's lifecycle would have).
        var voluntary = m.World.Get<OpenEts.Voluntary.VoluntaryState>();
        var day = new DateOnly(2024, 3, 1);
        voluntary.Projects.Add("WIND-0001", new OpenEts.Voluntary.Projects.Project("WIND-0001", "Wind farm", "owner", "cn-ISSUANCE", "CCER-01-002-V01", "Jiangsu",
            day, day, day.AddYears(10), [], OpenEts.Voluntary.Projects.ProjectStatus.Registered, [], day));
        voluntary.Issuances.Add(new OpenEts.Voluntary.Projects.IssuanceRecord("R1", "WIND-0001", 2023, Ccer, "cn-ISSUANCE", 8_000, new SerialRange(1, 8_000), null, day));
        var rows = OpenEts.Voluntary.PublicRegistry.PublicRegistryView.Credits(voluntary, m.Registry, new OpenEts.Voluntary.PublicRegistry.RegistrySearch(Status: "surrendered"));
        var row = Assert.Single(rows);
        Assert.Equal(("CCER-WIND-0001-2023-1-3000", new DateOnly(2024, 11, 2), "S1", "compliance 2023"), (row.SerialNumber, row.StatusDate, row.Beneficiary, row.Purpose));

        // Without the voluntary module the cycle surrenders the same and records nothing more.
        var bare = Open2023(("S1", Fuel.Coal, 100_000, 100_000));
        bare.GiveCcer("S1", 8_000);
        Assert.DoesNotContain(bare.Ok(new SurrenderForYear("S1", 2023, Ccer, 3_000), "S1").Events, e => e is OpenEts.Voluntary.CreditsUsed);
    }

    [Fact]
    public void Surrender_beyond_the_offset_cap_is_rejected()
    {
        // Obligation 100,000 → CCER cap 5% = 5,000.
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000));
        m.GiveCcer("S1", 8_000);
        Assert.Equal("offset_cap_exceeded", m.Code(new SurrenderForYear("S1", 2023, Ccer, 5_001), "S1"));
        m.Ok(new SurrenderForYear("S1", 2023, Ccer, 5_000), "S1");
        Assert.Equal("offset_cap_exceeded", m.Code(new SurrenderForYear("S1", 2023, Ccer, 1), "S1"));
        Assert.Equal(3_000L, m.Held("S1", Ccer));
        Assert.Equal(5_000L, m.Held("cn-SURRENDER", Ccer));
        Assert.Equal(new SurrenderRecord("S1", Ccer, 5_000, 2023), Assert.Single(m.Registry.Surrenders));
    }

    [Fact]
    public void Only_eligible_vintages_count()
    {
        // 2023: CEA23 and banked CEA22 count; CEA24 does not (no borrowing from 2023).
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000));
        m.Ok(new Issue("CEA24", "cn-ISSUANCE", 10));
        m.Ok(new Transfer("cn-ISSUANCE", "S1", "CEA24", 10));
        m.Ok(new Issue("CEA22", "cn-ISSUANCE", 10));
        m.Ok(new Transfer("cn-ISSUANCE", "S1", "CEA22", 10));
        Assert.Equal("ineligible_units", m.Code(new SurrenderForYear("S1", 2023, "CEA24", 10), "S1"));
        Assert.Equal("ineligible_units", m.Code(new SurrenderForYear("S1", 2023, "CNY", 10), "S1"));
        m.Ok(new SurrenderForYear("S1", 2023, "CEA22", 10), "S1");
        Assert.Equal(10L, m.Held("S1", "CEA24"));
    }

    [Fact]
    public void Surrender_after_the_deadline_is_rejected()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000));
        Assert.Equal("deadline_passed", m.Code(new SurrenderForYear("S1", 2023, "CEA23", 100_000), "S1", AfterDeadline2023));
        Assert.Equal(100_000L, m.Held("S1", "CEA23"));
    }

    [Fact]
    public void The_deadline_is_a_calendar_day_in_Beijing_time()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000));
        // 20:00 UTC on 31 December is 04:00 on 1 January in Beijing: too late; 15:59 UTC is 23:59 in Beijing: in time.
        Assert.Equal("deadline_passed", m.Code(new SurrenderForYear("S1", 2023, "CEA23", 1), "S1", new DateTimeOffset(2024, 12, 31, 20, 0, 0, TimeSpan.Zero)));
        m.Ok(new SurrenderForYear("S1", 2023, "CEA23", 1), "S1", new DateTimeOffset(2024, 12, 31, 15, 59, 0, TimeSpan.Zero));
        Assert.Equal("deadline_not_reached", m.Code(new CloseComplianceYear(2023), time: new DateTimeOffset(2024, 12, 31, 15, 59, 0, TimeSpan.Zero)));
        m.Ok(new CloseComplianceYear(2023), time: new DateTimeOffset(2024, 12, 31, 16, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_year_does_not_close_while_an_allocated_entity_has_no_obligation()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000));
        m.Entity("G2", Fuel.Coal, "Guangdong");
        m.Ok(new IssueAllocation("G2", 2023, "G2-U1", 80_000));
        var before = m.World.StateHash();
        var refused = m.Do(new CloseComplianceYear(2023, 97_49), time: AfterDeadline2023);
        Assert.Equal("obligations_pending", refused.Rejection!.Code);
        Assert.Contains("G2", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal(before, m.World.StateHash());
        m.Verified("G2", 2023, 90_000);
        m.Ok(new SetObligation("G2", 2023), time: AfterDeadline2023);
        m.Ok(new CloseComplianceYear(2023, 97_49), time: AfterDeadline2023);
        Assert.Equal(ComplianceStatus.Not, m.State.Obligations[(2023, "G2")].Result!.Status);
    }

    [Fact]
    public void A_fine_too_large_to_be_real_is_refused_and_the_engine_goes_on()
    {
        // 10^14 t short at 97.49 yuan: 10 × 10^14 × 9,749 fen would overflow 64 bits; it used to throw inside the decision.
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000_000_000_000));
        var before = m.World.StateHash();
        Assert.Equal("penalty_out_of_range", m.Code(new CloseComplianceYear(2023, 97_49), time: AfterDeadline2023));
        Assert.Equal(before, m.World.StateHash());
        Assert.Null(ComplianceCalculation.TryPenalty(new PenaltySettings(PenaltyKind.MarketValueMultiple, MinMultiple: new(5, "test"), MaxMultiple: new(10, "test")), long.MaxValue / 2, new Fen(97_49)));
        m.Ok(new CloseComplianceYear(2023, 0), time: AfterDeadline2023);
        Assert.Equal(0L, m.State.Obligations[(2023, "S1")].Result!.PenaltyMaxFen);
    }

    [Fact]
    public void Surrender_more_than_held_or_owed_is_rejected_and_only_the_holder_or_an_authority_surrenders()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 90_000), ("S2", Fuel.Coal, 50_000, 90_000));
        Assert.Equal("surrender_exceeds_obligation", m.Code(new SurrenderForYear("S1", 2023, "CEA23", 90_001), "S1"));
        Assert.Equal("insufficient_units", m.Code(new SurrenderForYear("S2", 2023, "CEA23", 50_001), "S2"));
        Assert.Equal("not_authorized", m.Code(new SurrenderForYear("S1", 2023, "CEA23", 1), "S2"));
        m.Ok(new SurrenderForYear("S2", 2023, "CEA23", 20_000), MarketSetup.RegistryOperator);
        m.Ok(new SurrenderForYear("S2", 2023, "CEA23", 30_000), "S2");
        Assert.Equal(0L, m.Held("S2", "CEA23"));
        Assert.Equal(50_000L, m.State.Obligations[(2023, "S2")].SurrenderedAllowancesT);
    }

    [Fact]
    public void Closing_sets_status_and_penalty_and_carries_the_shortfall_into_the_next_allocation()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000), ("S2", Fuel.Coal, 100_000, 110_000), ("G3", Fuel.Coal, 50_000, 60_000));
        m.Ok(new SurrenderForYear("S1", 2023, "CEA23", 100_000), "S1");
        m.Ok(new SurrenderForYear("S2", 2023, "CEA23", 100_000), "S2");
        Assert.Equal("deadline_not_reached", m.Code(new CloseComplianceYear(2023, 97_49)));
        m.Ok(new CloseComplianceYear(2023, 97_49), time: AfterDeadline2023);
        var r = m.State.Obligations;
        Assert.Equal(ComplianceStatus.Compliant, r[(2023, "S1")].Result!.Status);
        Assert.Equal(ComplianceStatus.Partly, r[(2023, "S2")].Result!.Status);
        Assert.Equal(10_000L, r[(2023, "S2")].Result!.ShortfallT);
        // Interim Regulations art. 24: 5–10 × 97.49 yuan × 10,000 t.
        Assert.Equal((4_874_500_00L, 9_749_000_00L), (r[(2023, "S2")].Result!.PenaltyMinFen, r[(2023, "S2")].Result!.PenaltyMaxFen));
        Assert.Equal(ComplianceStatus.Not, r[(2023, "G3")].Result!.Status);
        // The 2024 allocation of S2 is cut by its 10,000 t shortfall: 85,000 t reach its account.
        var issued = m.Ok(new IssueAllocation("S2", 2024, "S2-U1", 95_000), time: AfterDeadline2023);
        var e = Assert.IsType<AllocationIssued>(issued.Events[^1]);
        Assert.Equal((10_000L, 85_000L), (e.DeductedT, e.IssuedT));
        Assert.Equal(85_000L, m.Held("S2", "CEA24"));
        Assert.Equal("year_closed", m.Code(new SurrenderForYear("S2", 2023, "CEA23", 1), "S2", AfterDeadline2023));
    }

    [Fact]
    public void Reports_give_rates_by_entities_and_by_tonnes_and_surplus_per_entity()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000), ("S2", Fuel.Coal, 100_000, 110_000), ("G3", Fuel.Coal, 50_000, 40_000));
        m.Ok(new SurrenderForYear("S1", 2023, "CEA23", 100_000), "S1");
        m.Ok(new SurrenderForYear("S2", 2023, "CEA23", 100_000), "S2");
        m.Ok(new SurrenderForYear("G3", 2023, "CEA23", 40_000), "G3");
        m.Ok(new CloseComplianceYear(2023), time: AfterDeadline2023);
        var market = Assert.Single(ComplianceReports.Rates(m.State, 2023, "market"));
        Assert.Equal((3, 2), (market.Entities, market.CompliantEntities));
        Assert.Equal((250_000L, 240_000L), (market.ObligationT, market.SurrenderedT));
        Assert.Equal(0.96m, market.RateByTonnes);
        var byProvince = ComplianceReports.Rates(m.State, 2023, "province");
        Assert.Equal(["Guangdong", "Shanxi"], byProvince.Select(r => r.Group).ToArray());
        Assert.Equal((1m, 0.5m), (byProvince[0].RateByEntities, byProvince[1].RateByEntities));
        var csv = ComplianceReports.ToCsv(ComplianceReports.SurplusDeficit(m.State, 2023));
        Assert.Contains("2023,G3,power,Guangdong,50000,40000,40000,10000", csv);
        Assert.Contains("2023,S2,power,Shanxi,100000,110000,110000,-10000", csv);
    }

    [Fact]
    public void Snapshot_restores_the_same_state()
    {
        var m = Open2023(("S1", Fuel.Coal, 100_000, 100_000), ("S2", Fuel.Gas, 100_000, 110_000));
        m.Ok(new SurrenderForYear("S1", 2023, "CEA23", 60_000), "S1");
        m.Ok(new CloseComplianceYear(2023), time: AfterDeadline2023);
        var copy = Catalog().CreateWorld();
        copy.Restore(m.World.Snapshot());
        Assert.Equal(m.World.StateHash(), copy.StateHash());
        Assert.Equal(40_000L, copy.Get<CycleState>().Entities["S1"].PendingDeductionT);
        Assert.Equal(["S1-U1"], copy.Get<CycleState>().Obligations[(2023, "S1")].Units);
    }
}
