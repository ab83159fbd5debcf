// Total-based control: cap path, reserve and paid shares, and exact scaling of shares to the cap.
using CsCheck;
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Tests;

public class TotalControlTests
{
    // A sector cap as a plan would state it (figures for illustration: 3 bn t in 2027, falling 2% a year).
    private static readonly TotalControlSettings Cap = new(new Sourced<long>(3_000_000_000, "illustration"), 2027,
        new Sourced<decimal>(0.02m, "illustration"), new Sourced<ShareBasis>(ShareBasis.Benchmark, "illustration"));

    [Fact]
    public void The_cap_falls_by_the_yearly_reduction_compounded()
    {
        Assert.Equal(3_000_000_000L, TotalControl.CapFor(Cap, 2027));
        Assert.Equal(2_940_000_000L, TotalControl.CapFor(Cap, 2028));
        Assert.Equal(2_881_200_000L, TotalControl.CapFor(Cap, 2029));
    }

    [Fact]
    public void The_switch_year_turns_an_intensity_plan_into_total_control()
    {
        var control = new ControlSettings(ControlMode.Intensity, "Opinions 2025", SwitchToTotalFromYear: 2027, Total: Cap);
        Assert.False(TotalControl.IsTotalBased(control, 2026));
        Assert.True(TotalControl.IsTotalBased(control, 2027));
    }

    [Fact]
    public void Reserve_and_paid_shares_round_down_and_free_takes_the_rest()
    {
        var s = TotalControl.Split(1_000_003, 0.02m, 0.05m);
        Assert.Equal(20_000L, s.ReserveT);
        Assert.Equal(50_000L, s.PaidT);
        Assert.Equal(930_003L, s.FreeT);
    }

    [Fact]
    public void Scaling_gives_exactly_the_budget_by_largest_remainders()
    {
        // 1:1:1 of 100 → 33.33 each → 33, 33, 33 and the one left over to the first.
        Assert.Equal([34L, 33L, 33L], TotalControl.ScaleToFit([10, 10, 10], 100));
        // Benchmark allocations 877,000 and 526,200 (sum 1,403,200) scaled to a 1,000,000 cap.
        Assert.Equal([625_000L, 375_000L], TotalControl.ScaleToFit([877_000, 526_200], 1_000_000));
    }

    [Fact]
    public void Scaling_always_sums_to_the_budget_and_keeps_the_order_of_shares()
    {
        Gen.Long[0, 10_000_000].Array[1, 50].Select(Gen.Long[0, 100_000_000])
            .Sample((prelim, budget) =>
            {
                var scaled = TotalControl.ScaleToFit(prelim, budget);
                if (prelim.Sum() == 0)
                    Assert.All(scaled, s => Assert.Equal(0L, s));
                else
                    Assert.Equal(budget, scaled.Sum());
                for (var i = 0; i < prelim.Length; i++)
                    for (var j = 0; j < prelim.Length; j++)
                        if (prelim[i] > prelim[j])
                            Assert.True(scaled[i] >= scaled[j]);
            });
    }
}
