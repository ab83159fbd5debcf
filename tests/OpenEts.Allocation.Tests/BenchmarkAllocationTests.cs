// Allocation of generating units under the national power plans, from the plans' real figures.
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Tests;

public class BenchmarkAllocationTests
{
    private static readonly PowerPlan Plan1920 = Rulebooks.PowerPlan("cn-power-2019-2020");

    [Fact]
    public void A_600_MW_water_cooled_coal_unit_at_78_percent_load_gets_benchmark_times_supply_times_load_factor()
    {
        // 600 MW conventional coal (> 300 MW), water-cooled, pure condensing, 2019–2020 benchmark 0.877 t/MWh.
        // 600 MW × 5,000 h = 3,000,000 MWh generated; 2,850,000 MWh supplied after 5% own use.
        // Load rate F = 0.78 lies in 75% ≤ F < 80%: F_f = 1.007 + 0.0016 × (80 − 100 × 0.78) = 1.007 + 0.0032 = 1.0102.
        // F_l = 1.00 (water), F_r = 1 − 0.22 × 0 = 1.
        // A_e = 2,850,000 × 0.877 × 1.00 × 1 × 1.0102 = 2,499,450 × 1.0102 = 2,524,944.39 → 2,524,944 t (half up, once).
        var unit = Units.Coal(2_850_000m, loadRate: 0.78m);
        var a = BenchmarkAllocation.Allocate(Plan1920, unit);
        Assert.Equal(0.877m, a.ElectricityBenchmark);
        Assert.Equal(1.0102m, a.Factors.Load);
        Assert.Equal(1m, a.Factors.Cooling);
        Assert.Equal(1m, a.Factors.HeatSupply);
        Assert.Equal(2_524_944.39m, a.ElectricityExactT);
        Assert.Equal(2_524_944L, a.TotalT);
        Assert.Equal(0L, a.HeatT);
    }

    [Fact]
    public void Air_cooling_multiplies_the_electricity_part_by_1_05()
    {
        // Same unit air-cooled: 2,524,944.39 × 1.05 = 2,651,191.6095 → 2,651,192 t.
        var a = BenchmarkAllocation.Allocate(Plan1920, Units.Coal(2_850_000m, cooling: Cooling.Air, loadRate: 0.78m));
        Assert.Equal(1.05m, a.Factors.Cooling);
        Assert.Equal(2_651_192L, a.TotalT);
    }

    [Fact]
    public void The_sources_sanity_check_gives_877_000_and_pre_allocation_613_900()
    {
        // china-ets-sources.md §7: > 300 MW coal, 1,000,000 MWh, factor 1 → 877,000; pre-allocation 70% → 613,900.
        var unit = Units.Coal(1_000_000m, loadRate: 0.90m);
        Assert.Equal(877_000L, BenchmarkAllocation.Allocate(Plan1920, unit).TotalT);
        Assert.Equal(613_900L, PreAllocation.Of(Plan1920, unit));
    }

    [Fact]
    public void True_up_issues_the_difference_between_verified_output_and_pre_allocation()
    {
        // 2019 supply 1,100,000 MWh → 964,700; pre-allocated 613,900 on 2018's 1,000,000 MWh → true-up 350,800.
        Assert.Equal(350_800L, PreAllocation.TrueUp(Plan1920, Units.Coal(1_000_000m), Units.Coal(1_100_000m)));
        // Output fell to 600,000 MWh → 526,200: 87,700 t are taken back.
        Assert.Equal(-87_700L, PreAllocation.TrueUp(Plan1920, Units.Coal(1_000_000m), Units.Coal(600_000m)));
    }

    [Theory]
    [InlineData("0.90", "1")]
    [InlineData("0.85", "1")]
    [InlineData("0.82", "1.0042")]     // 1 + 0.0014 × (85 − 82)
    [InlineData("0.80", "1.007")]      // 1 + 0.0014 × 5: the pieces meet
    [InlineData("0.78", "1.0102")]     // 1.007 + 0.0016 × 2
    [InlineData("0.75", "1.015")]      // 1.007 + 0.0016 × 5 = 1.015^(16 − 15)
    [InlineData("0.70", "1.030225")]   // 1.015^(16 − 14) = 1.015²
    [InlineData("0.65", "1.045678375")] // 1.015³
    public void Load_factor_follows_the_piecewise_formula(string rate, string expected)
    {
        var f = CorrectionFactors.LoadFactorAt(Plan1920.LoadFactor, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), f);
    }

    [Fact]
    public void Load_factor_with_a_fractional_exponent_matches_the_real_power_to_twelve_digits()
    {
        // F = 0.72: 1.015^(16 − 14.4) = 1.015^1.6, computed in decimal without floating point.
        var f = CorrectionFactors.LoadFactorAt(Plan1920.LoadFactor, 0.72m);
        Assert.Equal(Math.Round(Math.Pow(1.015, 1.6), 12), (double)decimal.Round(f, 12));
        Assert.True(f > 1.015m && f < 1.030225m);
    }

    [Fact]
    public void Cogeneration_coal_unit_takes_the_heat_supply_factor_and_not_the_load_factor()
    {
        // ≤ 300 MW coal, heat-supply ratio 0.30, load 0.70 (ignored for cogeneration):
        // F_r = 1 − 0.22 × 0.30 = 0.934; A_e = 1,200,000 × 0.979 × 0.934 = 1,097,263.2;
        // A_h = 2,000,000 GJ × 0.126 = 252,000; A = 1,349,263.2 → 1,349,263 t.
        var a = BenchmarkAllocation.Allocate(Plan1920, Units.Coal(1_200_000m, UnitCategory.CoalLe300, heatGj: 2_000_000m, heatRatio: 0.30m, loadRate: 0.70m));
        Assert.Equal(0.934m, a.Factors.HeatSupply);
        Assert.Equal(1m, a.Factors.Load);
        Assert.Equal(252_000L, a.HeatT);
        Assert.Equal(1_097_263L, a.ElectricityT);
        Assert.Equal(1_349_263L, a.TotalT);
    }

    [Fact]
    public void Gas_cogeneration_uses_slope_0_6_and_the_gas_heat_benchmark()
    {
        // F_r = 1 − 0.6 × 0.5 = 0.7; A_e = 800,000 × 0.392 × 0.7 = 219,520; A_h = 1,500,000 × 0.059 = 88,500.
        var a = BenchmarkAllocation.Allocate(Plan1920, Units.Gas(800_000m, heatGj: 1_500_000m, heatRatio: 0.5m));
        Assert.Equal(0.7m, a.Factors.HeatSupply);
        Assert.Equal(1m, a.Factors.Cooling);
        Assert.Equal(308_020L, a.TotalT);
    }

    [Fact]
    public void Unconventional_coal_gets_no_load_factor()
    {
        // 1.146 × 100,000 = 114,600 whatever the load rate.
        var a = BenchmarkAllocation.Allocate(Plan1920, Units.Coal(100_000m, UnitCategory.CoalUnconventional, loadRate: 0.60m));
        Assert.Equal(1m, a.Factors.Load);
        Assert.Equal(114_600L, a.TotalT);
    }

    [Fact]
    public void A_unit_is_rounded_once_so_fractions_of_its_parts_add_before_rounding()
    {
        // A_e = 100 × 0.877 = 87.7 and A_h = 5 × 0.126 = 0.63: rounded apart they would give 88 + 1 = 89;
        // rounded once, 88.33 → 88. The heat part shows as 1 and electricity as 88 − 1 = 87, so parts add up.
        var a = BenchmarkAllocation.Allocate(Plan1920, Units.Coal(100m, heatGj: 5m, heatRatio: 0m));
        Assert.Equal(88L, a.TotalT);
        Assert.Equal(1L, a.HeatT);
        Assert.Equal(87L, a.ElectricityT);
    }

    [Fact]
    public void Halves_round_up()
    {
        // 1,000 × 0.877 + 250 GJ × 0.126 = 877 + 31.5 = 908.5 → 909.
        Assert.Equal(909L, BenchmarkAllocation.Allocate(Plan1920, Units.Coal(1_000m, heatGj: 250m)).TotalT);
    }

    [Fact]
    public void Plan_2021_uses_its_own_benchmarks()
    {
        // 2021 (*check*): 0.8218 t/MWh; 1,000,000 MWh → 821,800 t, 6.29% below 2019–2020's 877,000.
        var a = BenchmarkAllocation.Allocate(Rulebooks.PowerPlan("cn-power-2021"), Units.Coal(1_000_000m));
        Assert.Equal(821_800L, a.TotalT);
        Assert.Equal(0.0629m, decimal.Round(1m - 821_800m / 877_000m, 4));
    }

    [Fact]
    public void From_2023_the_heat_supply_ratio_no_longer_changes_the_allocation()
    {
        var plan = Rulebooks.PowerPlan("cn-power-2023");
        Assert.Null(plan.HeatSupplyFactor);
        var withHeat = BenchmarkAllocation.Allocate(plan, Units.Coal(1_000_000m, heatRatio: 0.4m, loadRate: 0.9m));
        var without = BenchmarkAllocation.Allocate(plan, Units.Coal(1_000_000m, heatRatio: 0m, loadRate: 0.9m));
        Assert.Equal(1m, withHeat.Factors.HeatSupply);
        Assert.Equal(without.TotalT, withHeat.TotalT);
        Assert.Equal(DecimalMath.ToWholeTonnes(1_000_000m * plan.ElectricityBenchmarksTPerMwh[UnitCategory.CoalGt300].Value, RoundingRule.HalfUp), withHeat.TotalT);
    }
}
