// The industrial sectors' first years through the cycle: the bundled steel, cement and aluminium plans as
// data; 2024 grandfathered (allocation = final verified emissions) beside power in the same year; 2025
// pre-allocation at 70% of 2024 verified emissions; the true-up refused while the benchmark is not published,
// and worked under a test plan that states one; compliance rates by sector.
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Allocation.Reports;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Allocation.Tests;

public class IndustrySectorTests
{
    internal static readonly DateTimeOffset During2025 = new(2025, 6, 16, 9, 0, 0, TimeSpan.Zero);
    internal static readonly DateTimeOffset After2024Deadline = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A market with 2024 open for power and the three industrial sectors, at a time in 2025.</summary>
    internal static CycleMarket Open2024(params string[] sectors)
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2024, "cn-power-2024"), time: During2025);
        foreach (var sector in sectors)
            m.Ok(new OpenComplianceYear(2024, $"cn-{sector}-2024"), time: During2025);
        return m;
    }

    [Fact]
    public void A_steel_plant_verified_at_5_000_000_t_in_2024_gets_5_000_000_t_then_a_2025_pre_allocation_of_3_500_000_t()
    {
        var m = Open2024("steel");
        m.Entity("STEEL-1", province: "Hebei", sector: "steel");
        m.Verified("STEEL-1", 2024, 5_000_000, sector: "steel");
        var issued = m.Ok(new IssueVerifiedEmissionsAllocation("STEEL-1", 2024), time: During2025);
        Assert.Contains(issued.Events, e => e is UnitsIssued { ClassId: "CEA24", Quantity: 5_000_000 });
        Assert.Equal(5_000_000L, m.Held("STEEL-1", "CEA24"));
        Assert.Equal([SectorAllocation.VerifiedEmissionsLine], m.State.Obligations[(2024, "STEEL-1")].Units);
        Assert.Equal("already_allocated", m.Code(new IssueVerifiedEmissionsAllocation("STEEL-1", 2024), time: During2025));
        m.Ok(new SetObligation("STEEL-1", 2024), time: During2025);
        // No gap cap and no gas rule: the obligation is the verified emissions; CCER may cover 5% of it.
        var o = m.State.Obligations[(2024, "STEEL-1")];
        Assert.Equal((5_000_000L, 5_000_000L, 250_000L), (o.AllocationT, o.ObligationT, o.CcerCapT));

        // 2025: 70% of the 2024 verified emissions, in CEA25.
        m.Ok(new OpenComplianceYear(2025, "cn-steel-2025"), time: During2025);
        m.Ok(new PreAllocate("STEEL-1", 2025), time: During2025);
        Assert.Equal(3_500_000L, m.Held("STEEL-1", "CEA25"));
        Assert.Equal("already_allocated", m.Code(new PreAllocate("STEEL-1", 2025), time: During2025));
        Assert.Equal(8_500_000L, m.State.AllowancesIssuedT);
        Assert.Empty(RegistryInvariants.Violations(m.Registry));
    }

    [Theory]
    [InlineData("cement", 1_234_567L, 864_197L)]     // 0.7 × 1,234,567 = 864,196.9 → 864,197 (rounded once, half up)
    [InlineData("aluminium", 2_000_001L, 1_400_001L)] // 0.7 × 2,000,001 = 1,400,000.7 → 1,400,001
    [InlineData("steel", 12_345_675L, 8_641_973L)]   // 0.7 × 12,345,675 = 8,641,972.5 → 8,641,973 (a half rounds up)
    public void Each_industrial_sector_is_grandfathered_in_2024_and_pre_allocated_70_percent_in_2025_rounded_once(string sector, long verified2024, long pre2025)
    {
        var m = Open2024(sector);
        m.Entity("PLANT", sector: sector);
        m.Verified("PLANT", 2024, verified2024, sector: sector);
        m.Ok(new IssueVerifiedEmissionsAllocation("PLANT", 2024), time: During2025);
        m.Ok(new OpenComplianceYear(2025, $"cn-{sector}-2025"), time: During2025);
        m.Ok(new PreAllocate("PLANT", 2025), time: During2025);
        Assert.Equal((verified2024, pre2025), (m.Held("PLANT", "CEA24"), m.Held("PLANT", "CEA25")));
    }

    [Fact]
    public void Each_sector_allocates_only_by_its_own_method()
    {
        var m = Open2024("steel");
        m.Entity("POWER-1");
        m.Entity("STEEL-1", sector: "steel");
        m.Entity("CEMENT-1", sector: "cement");
        m.Verified("STEEL-1", 2024, 900_000, sector: "steel");
        m.Verified("POWER-1", 2024, 800_000);
        // Per-unit amounts are power's; a steel plant's allocation is its verified emissions, and the reverse.
        Assert.Equal("wrong_allocation_method", m.Code(new IssueAllocation("STEEL-1", 2024, "BF1", 1_000_000), time: During2025));
        Assert.Equal("wrong_allocation_method", m.Code(new IssueVerifiedEmissionsAllocation("POWER-1", 2024), time: During2025));
        Assert.Equal("wrong_allocation_method", m.Code(new PreAllocate("STEEL-1", 2024), time: During2025));
        // Cement is not open in 2024 in this market.
        Assert.Equal("sector_not_open", m.Code(new IssueVerifiedEmissionsAllocation("CEMENT-1", 2024), time: During2025));
        Assert.Equal("year_exists", m.Code(new OpenComplianceYear(2024, "cn-steel-2024"), time: During2025));
        Assert.Equal("plan_not_for_year", m.Code(new OpenComplianceYear(2024, "cn-cement-2025"), time: During2025));
        Assert.Equal("not_authorized", m.Code(new IssueVerifiedEmissionsAllocation("STEEL-1", 2024), MarketSetup.RegistryOperator, During2025));
        Assert.Equal(0L, m.Registry.Classes["CEA24"].Issued);
    }

    [Fact]
    public void Grandfathered_allocation_waits_for_every_report_to_be_final()
    {
        var m = Open2024("aluminium");
        m.Entity("AL-1", sector: "aluminium");
        Assert.Equal("no_verified_emissions", m.Code(new IssueVerifiedEmissionsAllocation("AL-1", 2024), time: During2025));
        m.Verified("AL-1", 2024, 1_600_000, sector: "aluminium");
        m.Verified("AL-1", 2024, 400_000, "F2", final: false, sector: "aluminium");
        Assert.Equal("emissions_not_final", m.Code(new IssueVerifiedEmissionsAllocation("AL-1", 2024), time: During2025));
        Assert.Equal(0L, m.Registry.Classes["CEA24"].Issued);
        m.Verified("AL-1", 2024, 400_000, "F2", sector: "aluminium");
        m.Ok(new IssueVerifiedEmissionsAllocation("AL-1", 2024), time: During2025);
        Assert.Equal(2_000_000L, m.Held("AL-1", "CEA24"));
    }

    [Fact]
    public void The_2025_true_up_is_refused_while_the_benchmark_is_not_published_and_changes_nothing()
    {
        var m = Open2024("steel");
        m.Entity("STEEL-1", sector: "steel");
        m.Verified("STEEL-1", 2024, 5_000_000, sector: "steel");
        m.Ok(new OpenComplianceYear(2025, "cn-steel-2025"), time: During2025);
        m.Ok(new PreAllocate("STEEL-1", 2025), time: During2025);
        var refused = m.Do(new TrueUpAllocation("STEEL-1", 2025, 2_600_000), time: During2025);
        Assert.Equal("benchmark_not_published", refused.Rejection!.Code);
        Assert.Contains("crude_steel", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal(3_500_000L, m.Held("STEEL-1", "CEA25"));
        Assert.Equal([SectorAllocation.PreAllocationLine], m.State.Obligations[(2025, "STEEL-1")].Units);
    }

    [Fact]
    public void Under_a_plan_that_states_the_benchmark_the_true_up_issues_or_takes_back_the_difference_once()
    {
        var plan = PlanVariants.SteelWithBenchmark2025();
        var m = Open2024("steel");
        m.Entity("UP", sector: "steel");
        m.Entity("DOWN", sector: "steel");
        m.Verified("UP", 2024, 5_000_000, sector: "steel");
        m.Verified("DOWN", 2024, 5_000_000, sector: "steel");
        m.Ok(new OpenComplianceYear(2025, plan), time: During2025);
        m.Ok(new PreAllocate("UP", 2025), time: During2025);
        m.Ok(new PreAllocate("DOWN", 2025), time: During2025);
        Assert.Equal("bad_quantity", m.Code(new TrueUpAllocation("UP", 2025, 0), time: During2025));
        // 2,600,000 t crude steel × 1.8 = 4,680,000 t; 3,500,000 pre-allocated, so 1,180,000 t more.
        var up = m.Ok(new TrueUpAllocation("UP", 2025, 2_600_000), time: During2025);
        Assert.Contains(up.Events, e => e is AllocationTrueUpDone { FinalAllocationT: 4_680_000, AllocatedBeforeT: 3_500_000, DifferenceT: 1_180_000 });
        Assert.Equal(4_680_000L, m.Held("UP", "CEA25"));
        // 1,500,000 t × 1.8 = 2,700,000 t: 800,000 t of the pre-allocation are taken back (cancelled).
        m.Ok(new TrueUpAllocation("DOWN", 2025, 1_500_000), time: During2025);
        Assert.Equal(2_700_000L, m.Held("DOWN", "CEA25"));
        Assert.Equal(800_000L, m.Held("cn-CANCELLATION", "CEA25"));
        Assert.Equal((2_700_000L, 2_700_000L), (m.State.Obligations[(2025, "DOWN")].AllocationT, m.State.Obligations[(2025, "DOWN")].IssuedT));
        Assert.Equal("already_trued_up", m.Code(new TrueUpAllocation("DOWN", 2025, 1_000_000), time: During2025));
        Assert.Equal(4_680_000L + 2_700_000L, m.State.AllowancesIssuedT);
        Assert.Empty(RegistryInvariants.Violations(m.Registry));
    }

    [Fact]
    public void Power_and_steel_settle_the_same_2024_year_each_under_its_plan_and_the_rates_come_by_sector()
    {
        var m = Open2024("steel", "cement", "aluminium");
        // Power: 100,000 t allocated, 130,000 t verified; the 20% gap cap keeps the obligation at 126,000 t.
        m.Entity("POWER-1");
        m.Ok(new IssueAllocation("POWER-1", 2024, "U1", 100_000), time: During2025);
        m.Verified("POWER-1", 2024, 130_000);
        // Steel: grandfathered, so allocation = obligation = 5,000,000 t; no gap cap.
        m.Entity("STEEL-1", sector: "steel");
        m.Verified("STEEL-1", 2024, 5_000_000, sector: "steel");
        m.Ok(new IssueVerifiedEmissionsAllocation("STEEL-1", 2024), time: During2025);
        m.Entity("CEMENT-1", sector: "cement");
        m.Verified("CEMENT-1", 2024, 1_200_000, sector: "cement");
        m.Ok(new IssueVerifiedEmissionsAllocation("CEMENT-1", 2024), time: During2025);
        foreach (var e in new[] { "POWER-1", "STEEL-1", "CEMENT-1" })
            m.Ok(new SetObligation(e, 2024), time: During2025);
        Assert.Equal(126_000L, m.State.Obligations[(2024, "POWER-1")].ObligationT);
        Assert.Equal(5_000_000L, m.State.Obligations[(2024, "STEEL-1")].ObligationT);

        // Steel sells 100,000 t, covers it with CCER up to its 5% cap (250,000 t), and surrenders.
        m.GiveCcer("STEEL-1", 300_000);
        m.Ok(new Transfer("STEEL-1", "POWER-1", "CEA24", 100_000), "STEEL-1", During2025);
        Assert.Equal("offset_cap_exceeded", m.Code(new SurrenderForYear("STEEL-1", 2024, Ccer2023, 250_001), "STEEL-1", During2025));
        m.Ok(new SurrenderForYear("STEEL-1", 2024, Ccer2023, 250_000), "STEEL-1", During2025);
        m.Ok(new SurrenderForYear("STEEL-1", 2024, "CEA24", 4_750_000), "STEEL-1", During2025);
        // Power surrenders all 126,000 t (its 100,000 t and the 100,000 t bought, 74,000 t left over).
        m.Ok(new SurrenderForYear("POWER-1", 2024, "CEA24", 126_000), "POWER-1", During2025);
        // Cement surrenders 1,000,000 of its 1,200,000 t and is short 200,000 t.
        m.Ok(new SurrenderForYear("CEMENT-1", 2024, "CEA24", 1_000_000), "CEMENT-1", During2025);
        Assert.Equal("deadline_not_reached", m.Code(new CloseComplianceYear(2024, 60_00), time: During2025));
        m.Ok(new CloseComplianceYear(2024, 60_00), time: After2024Deadline);

        var cement = m.State.Obligations[(2024, "CEMENT-1")].Result!;
        Assert.Equal((200_000L, ComplianceStatus.Partly, 200_000L), (cement.ShortfallT, cement.Status, cement.DeductionT));
        // Interim Regulations art. 24: 5–10 × 60 yuan × 200,000 t = 60,000,000–120,000,000 yuan.
        Assert.Equal((6_000_000_000L, 12_000_000_000L), (cement.PenaltyMinFen, cement.PenaltyMaxFen));
        var bySector = ComplianceReports.Rates(m.State, 2024, "sector");
        Assert.Equal(["cement", "power", "steel"], bySector.Select(r => r.Group));
        Assert.Equal((1, 0, 1_200_000L, 1_000_000L), (bySector[0].Entities, bySector[0].CompliantEntities, bySector[0].ObligationT, bySector[0].SurrenderedT));
        Assert.Equal((1, 1, 126_000L), (bySector[1].Entities, bySector[1].CompliantEntities, bySector[1].ObligationT));
        Assert.Equal((1, 1, 5_000_000L, 5_000_000L), (bySector[2].Entities, bySector[2].CompliantEntities, bySector[2].ObligationT, bySector[2].SurrenderedT));
        Assert.Equal(1m, bySector[2].RateByTonnes);
        Assert.Equal(200_000L, m.State.Entities["CEMENT-1"].PendingDeductionT);
        Assert.Empty(RegistryInvariants.Violations(m.Registry));
    }

    [Fact]
    public void A_journal_event_without_a_sector_opens_the_year_for_power_and_the_year_serializes_as_before()
    {
        var m = new CycleMarket();
        m.World.Apply(new ComplianceYearOpened(2024, "cn-power-2024", new DateOnly(2025, 12, 31), "cn", "CEA24"));
        var year = m.State.Years[2024];
        Assert.Equal("cn-power-2024", year.PlanFor("power")!.PlanId);
        Assert.Null(year.PlanFor("steel"));
        // Restored from an older snapshot, the year serializes as it did before sectors (no new members), so its state hash holds.
        var written = System.Text.Json.JsonSerializer.Serialize(year, m.World.Catalog.Json);
        Assert.DoesNotContain("sector", written, StringComparison.Ordinal);
        m.Ok(new OpenComplianceYear(2024, "cn-steel-2024"), time: During2025);
        Assert.Equal(["power", "steel"], m.State.Years[2024].AllPlans().Select(p => p.Sector));
        Assert.Equal("cn-power-2024", m.State.Years[2024].PlanId);
    }

    private const string Ccer2023 = CycleMarket.Ccer;
}
