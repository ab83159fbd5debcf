// One entity-year's compliance under each plan's flexibilities, offset cap and penalty.
using CsCheck;
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Plans;
using OpenEts.Core;

namespace OpenEts.Allocation.Tests;

public class ComplianceCalculationTests
{
    private static ComplianceResult Settle(string plan, long allocation, long verified, long held, long ccer = 0, Fuel fuel = Fuel.Coal, long priceYuan = 50, long netSales = 0) =>
        ComplianceCalculation.Settle(Rulebooks.PowerPlan(plan), new ComplianceInput(allocation, verified, fuel, held, ccer, new Fen(priceYuan * 100), netSales));

    [Fact]
    public void Gap_beyond_20_percent_of_verified_emissions_is_not_owed()
    {
        // Allocation 1,000,000, verified 1,500,000: owe at most 1,000,000 + 20% × 1,500,000 = 1,300,000.
        var r = Settle("cn-power-2019-2020", 1_000_000, 1_500_000, held: 1_300_000);
        Assert.Equal(1_300_000L, r.ObligationT);
        Assert.Equal(200_000L, r.GapCapReliefT);
        Assert.Equal(ComplianceStatus.Compliant, r.Status);
    }

    [Fact]
    public void Gap_within_20_percent_is_owed_in_full()
    {
        var r = Settle("cn-power-2019-2020", 1_000_000, 1_200_000, held: 1_200_000);
        Assert.Equal(1_200_000L, r.ObligationT);
        Assert.Equal(0L, r.GapCapReliefT);
    }

    [Fact]
    public void Gas_units_owe_at_most_their_allocation()
    {
        // 300,000 allocated, 350,000 verified (within the 20% cap of 370,000): the gas rule cuts it to 300,000.
        var r = Settle("cn-power-2019-2020", 300_000, 350_000, held: 300_000, fuel: Fuel.Gas);
        Assert.Equal(300_000L, r.ObligationT);
        Assert.Equal(50_000L, r.GasReliefT);
        Assert.Equal(ComplianceStatus.Compliant, r.Status);
        // The same figures for a coal entity owe 350,000.
        Assert.Equal(350_000L, Settle("cn-power-2019-2020", 300_000, 350_000, held: 300_000).ObligationT);
    }

    [Fact]
    public void Ccer_covers_at_most_5_percent_of_the_obligation_after_flexibilities()
    {
        // Verified 1,500,000 capped to 1,300,000: CCER cap 5% × 1,300,000 = 65,000 (not 75,000 on raw emissions).
        var r = Settle("cn-power-2019-2020", 1_000_000, 1_500_000, held: 1_300_000, ccer: 100_000);
        Assert.Equal(65_000L, r.CcerCapT);
        Assert.Equal(65_000L, r.CcerUsedT);
        Assert.Equal(1_235_000L, r.AllowancesSurrenderedT);
        Assert.Equal(65_000L, r.AllowancesLeftT);
    }

    [Fact]
    public void Offset_cap_rounds_down_so_it_is_never_exceeded()
    {
        // 5% × 999,999 = 49,999.95 → 49,999.
        Assert.Equal(49_999L, Settle("cn-power-2019-2020", 999_999, 999_999, held: 0, ccer: 60_000).CcerCapT);
    }

    [Fact]
    public void In_2021_a_gap_above_10_percent_of_allocation_may_borrow_half_of_it()
    {
        // Allocation 1,000,000, verified 1,150,000: gap 150,000 > 10% × 1,000,000 → may borrow 75,000 of 2023's allocation.
        var r = Settle("cn-power-2021", 1_000_000, 1_150_000, held: 1_000_000);
        Assert.Equal(75_000L, r.BorrowableT);
        Assert.Equal(75_000L, r.BorrowedT);
        Assert.Equal(75_000L, r.ShortfallT);
        Assert.Equal(ComplianceStatus.Partly, r.Status);
        // Next allocation loses the borrowed 75,000 and the unsurrendered 75,000.
        Assert.Equal(150_000L, r.NextAllocationDeductionT);
    }

    [Fact]
    public void A_gap_of_exactly_10_percent_may_not_borrow()
    {
        var r = Settle("cn-power-2022", 1_000_000, 1_100_000, held: 1_000_000);
        Assert.Equal(0L, r.BorrowableT);
        Assert.Equal(100_000L, r.ShortfallT);
    }

    [Fact]
    public void Borrowing_covers_only_what_holdings_do_not()
    {
        var r = Settle("cn-power-2021", 1_000_000, 1_150_000, held: 1_120_000);
        Assert.Equal(30_000L, r.BorrowedT);
        Assert.Equal(0L, r.ShortfallT);
        Assert.Equal(ComplianceStatus.Compliant, r.Status);
    }

    [Fact]
    public void No_borrowing_from_2023()
    {
        var r = Settle("cn-power-2023", 1_000_000, 1_150_000, held: 1_000_000);
        Assert.Equal(0L, r.BorrowableT);
        Assert.Equal(150_000L, r.ShortfallT);
    }

    [Fact]
    public void From_2023_the_fine_is_5_to_10_times_the_market_value_of_the_shortfall()
    {
        // Shortfall 10,000 t at 97.49 yuan (2024 year-end close): 5 × 974,900 = 4,874,500; 10 × = 9,749,000 yuan.
        var plan = Rulebooks.PowerPlan("cn-power-2023");
        var r = ComplianceCalculation.Settle(plan, new ComplianceInput(100_000, 110_000, Fuel.Coal, 100_000, 0, new Fen(9_749)));
        Assert.Equal(10_000L, r.ShortfallT);
        Assert.Equal(new Fen(487_450_000), r.PenaltyMin);
        Assert.Equal(new Fen(974_900_000), r.PenaltyMax);
        Assert.Equal(10_000L, r.NextAllocationDeductionT);
    }

    [Fact]
    public void Before_May_2024_the_fine_was_20_000_to_30_000_yuan_whatever_the_shortfall()
    {
        var r = Settle("cn-power-2019-2020", 100_000, 110_000, held: 0);
        Assert.Equal(ComplianceStatus.Not, r.Status);
        Assert.Equal(new Fen(2_000_000), r.PenaltyMin);
        Assert.Equal(new Fen(3_000_000), r.PenaltyMax);
    }

    [Fact]
    public void No_shortfall_no_fine()
    {
        var r = Settle("cn-power-2023", 100_000, 90_000, held: 100_000, priceYuan: 90);
        Assert.Equal(Fen.Zero, r.PenaltyMax);
        Assert.Equal(0L, r.NextAllocationDeductionT);
        Assert.Equal(10_000L, r.AllowancesLeftT);
    }

    [Fact]
    public void From_2023_banking_is_capped_at_10_000_plus_1_5_times_net_sales()
    {
        // 50,000 left after surrender; net sales 20,000 → cap 10,000 + 30,000 = 40,000 may be carried forward.
        var r = Settle("cn-power-2023", 150_000, 100_000, held: 150_000, netSales: 20_000);
        Assert.Equal(50_000L, r.AllowancesLeftT);
        Assert.Equal(40_000L, r.BankableT);
        // Before 2023 there is no banking cap.
        Assert.Null(Settle("cn-power-2022", 150_000, 100_000, held: 150_000).BankableT);
    }

    [Fact]
    public void Negative_input_is_refused_with_a_code()
    {
        var (result, rejection) = ComplianceCalculation.TrySettle(Rulebooks.PowerPlan("cn-power-2023"), new ComplianceInput(-1, 0, Fuel.Coal, 0, 0, Fen.Zero));
        Assert.Null(result);
        Assert.Equal("negative_quantity", rejection!.Code);
    }

    [Fact]
    public void Obligation_is_always_surrendered_plus_borrowed_plus_shortfall()
    {
        Gen.Select(Gen.Long[0, 2_000_000], Gen.Long[0, 2_000_000], Gen.Long[0, 2_500_000], Gen.Long[0, 200_000], Gen.Int[0, 4], Gen.Bool)
            .Sample((alloc, verified, held, ccer, planIndex, gas) =>
            {
                var plan = Rulebooks.PowerPlans()[planIndex];
                var r = ComplianceCalculation.Settle(plan, new ComplianceInput(alloc, verified, gas ? Fuel.Gas : Fuel.Coal, held, ccer, new Fen(8_000)));
                Assert.Equal(r.ObligationT, r.CcerUsedT + r.AllowancesSurrenderedT + r.BorrowedT + r.ShortfallT);
                Assert.True(r.ObligationT <= verified);
                Assert.True(r.CcerUsedT * 20 <= r.ObligationT);
                Assert.True(r.AllowancesSurrenderedT <= held && r.CcerUsedT <= ccer);
                Assert.Equal(r.ShortfallT == 0, r.Status == ComplianceStatus.Compliant);
            });
    }
}
