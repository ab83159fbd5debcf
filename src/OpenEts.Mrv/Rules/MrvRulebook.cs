// The MRV rulebook: GWP tables, fuel defaults, grid and heat factors, process factors, coverage,
// deadlines and quality limits. Every value is data (Rulebooks/*.json), each with its source note.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEts.Mrv.Rules;

/// <summary>One market's MRV rules, loaded from an embedded rulebook file.</summary>
public sealed record MrvRulebook
{
    /// <summary>The rulebook's id ("china-national").</summary>
    public required string Rulebook { get; init; }

    /// <summary>A human title.</summary>
    public required string Title { get; init; }

    /// <summary>Where the rulebook's values come from.</summary>
    public required string Source { get; init; }

    /// <summary>The GWP table used when a report does not name one.</summary>
    public required string GwpDefault { get; init; }

    /// <summary>Why that table.</summary>
    public required string GwpDefaultSource { get; init; }

    /// <summary>The rounding rule applied once, to the total.</summary>
    public required RoundingRule Rounding { get; init; }

    /// <summary>GWP tables by name (AR4, AR5, AR6).</summary>
    public required IReadOnlyList<GwpTable> GwpTables { get; init; }

    /// <summary>Fuel defaults (NCV, carbon content, oxidation).</summary>
    public required IReadOnlyList<FuelDefault> Fuels { get; init; }

    /// <summary>Accepted spellings of activity units.</summary>
    public required IReadOnlyList<UnitSpelling> Units { get; init; }

    /// <summary>Grid emission factors by year and region.</summary>
    public required IReadOnlyList<GridFactor> GridFactors { get; init; }

    /// <summary>Purchased heat factor.</summary>
    public required HeatFactor HeatFactor { get; init; }

    /// <summary>Process emission factors and parameters.</summary>
    public required IReadOnlyList<ProcessFactor> Processes { get; init; }

    /// <summary>Who is covered.</summary>
    public required CoverageRules Coverage { get; init; }

    /// <summary>Reporting deadlines.</summary>
    public required DeadlineRules Deadlines { get; init; }

    /// <summary>Data-quality limits and penalty points.</summary>
    public required QualityRules Quality { get; init; }

    /// <summary>JSON options for rulebook files: snake_case, strict.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Loads an embedded rulebook by file name ("mrv-china-national.json").</summary>
    public static MrvRulebook Load(string resourceName)
    {
        using var stream = typeof(MrvRulebook).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The rulebook {resourceName} is not embedded.");
        return JsonSerializer.Deserialize<MrvRulebook>(stream, Json)
            ?? throw new InvalidOperationException($"The rulebook {resourceName} is empty.");
    }

    private static readonly Lazy<MrvRulebook> s_national = new(() => Load("mrv-china-national.json"));

    /// <summary>The national market's MRV rulebook.</summary>
    public static MrvRulebook ChinaNational => s_national.Value;

    /// <summary>The GWP table of that name (case-insensitive), or null.</summary>
    public GwpTable? FindGwp(string name) =>
        GwpTables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The fuel of that id, or null.</summary>
    public FuelDefault? FindFuel(string fuel) => Fuels.FirstOrDefault(f => f.Fuel == fuel);

    /// <summary>The canonical unit for a spelling, or null.</summary>
    public string? CanonicalUnit(string spelling) =>
        Units.FirstOrDefault(u => u.Aliases.Any(a => string.Equals(a, spelling, StringComparison.OrdinalIgnoreCase)))?.Unit;

    /// <summary>The grid factor for a year and region, or null.</summary>
    public GridFactor? FindGridFactor(int year, string region) =>
        GridFactors.FirstOrDefault(g => g.Year == year && g.Region == region);

    /// <summary>
    /// What the trading system counts of a calculation: its total where the sector's allowances that year cover indirect
    /// emissions, else its direct emissions alone, rounded once by the same rule.
    /// </summary>
    public long CoveredTco2e(string sector, int year, decimal directExact, long total) =>
        Coverage.Sectors.FirstOrDefault(r => r.Sector == sector) is { } rule && !rule.CoversIndirect(year) ? Rounding.Apply(directExact) : total;

    /// <summary>The process of that id, or null.</summary>
    public ProcessFactor? FindProcess(string process) => Processes.FirstOrDefault(p => p.Process == process);
}

/// <summary>How and when the result is rounded.</summary>
public sealed record RoundingRule(string Unit, string Mode, string Rule, string Source)
{
    /// <summary>Rounds a decimal t CO2e total to whole tonnes by this rule.</summary>
    public long Apply(decimal tco2e) => Mode switch
    {
        "half_away_from_zero" => (long)decimal.Round(tco2e, 0, MidpointRounding.AwayFromZero),
        "half_even" => (long)decimal.Round(tco2e, 0, MidpointRounding.ToEven),
        _ => throw new InvalidOperationException($"Unknown rounding mode {Mode}."),
    };
}

/// <summary>One IPCC GWP table.</summary>
public sealed record GwpTable(string Name, string Source, IReadOnlyDictionary<string, decimal> Values)
{
    /// <summary>The GWP of a gas (case-insensitive), or null.</summary>
    public decimal? Of(string gas)
    {
        foreach (var (k, v) in Values)
        {
            if (string.Equals(k, gas, StringComparison.OrdinalIgnoreCase))
                return v;
        }
        return null;
    }
}

/// <summary>A fuel's default parameters.</summary>
public sealed record FuelDefault(string Fuel, string Unit, decimal NcvGjPerUnit, decimal CarbonContentTcPerGj, decimal Oxidation, string Source)
{
    /// <summary>Coal fuels share the coal plausibility ranges.</summary>
    [JsonIgnore]
    public string FuelClass => Fuel.EndsWith("coal", StringComparison.Ordinal) || Fuel is "anthracite" or "lignite" ? "coal" : "other";
}

/// <summary>Accepted spellings of one unit.</summary>
public sealed record UnitSpelling(string Unit, IReadOnlyList<string> Aliases);

/// <summary>A grid emission factor.</summary>
public sealed record GridFactor(int Year, string Region, decimal Tco2PerMwh, string Source);

/// <summary>The purchased-heat factor.</summary>
public sealed record HeatFactor(decimal Tco2PerGj, string Source);

/// <summary>A process emission factor or the parameters of its formula.</summary>
public sealed record ProcessFactor
{
    /// <summary>Process id.</summary>
    public required string Process { get; init; }

    /// <summary>What the quantity counts.</summary>
    public required string What { get; init; }

    /// <summary>Where the values come from.</summary>
    public required string Source { get; init; }

    /// <summary>Emission factor per tonne of the quantity, when the process has one.</summary>
    public decimal? FactorTco2PerT { get; init; }

    /// <summary>Anode sulphur mass fraction (aluminium anode).</summary>
    public decimal? SulphurFraction { get; init; }

    /// <summary>Anode ash mass fraction (aluminium anode).</summary>
    public decimal? AshFraction { get; init; }

    /// <summary>CF4 slope, kg CF4 per t Al per anode-effect minute per cell-day.</summary>
    public decimal? Cf4SlopeKgPerTAlPerAem { get; init; }

    /// <summary>C2F6 / CF4 weight fraction.</summary>
    public decimal? C2f6ToCf4WeightFraction { get; init; }
}

/// <summary>The inclusion rule and the sectors.</summary>
public sealed record CoverageRules(long InclusionThresholdTco2e, int LookbackYears, string Rule, string Source, IReadOnlyList<SectorRule> Sectors);

/// <summary>
/// A sector, the first year it is covered (null: not yet) and its gases; <paramref name="IndirectCoveredUntil"/> is the last
/// year whose allowances also cover indirect emissions (purchased electricity and heat), null when they never do.
/// </summary>
public sealed record SectorRule(string Sector, int? CoveredFrom, IReadOnlyList<string> Gases, string Source, int? IndirectCoveredUntil = null, string? IndirectSource = null)
{
    /// <summary>True when the year's allowances cover the sector's indirect emissions as well as its direct ones.</summary>
    public bool CoversIndirect(int year) => IndirectCoveredUntil is { } until && year <= until;
}

/// <summary>Reporting deadlines.</summary>
public sealed record DeadlineRules(int MonthlyDepositDaysAfterMonthEnd, string MonthlyDepositSource, int AnnualReportMonth, int AnnualReportDay, string AnnualReportSource, int UtcOffsetHours, string UtcOffsetSource)
{
    /// <summary>The calendar day of an instant in the market's time zone.</summary>
    public DateOnly LocalDate(DateTimeOffset time) => DateOnly.FromDateTime(time.ToOffset(TimeSpan.FromHours(UtcOffsetHours)).DateTime);

    /// <summary>The last day (inclusive) to deposit the data of a month.</summary>
    public DateOnly MonthlyDepositDue(int year, int month) =>
        new DateOnly(year, month, 1).AddMonths(1).AddDays(-1).AddDays(MonthlyDepositDaysAfterMonthEnd);

    /// <summary>The last day (inclusive) to submit the annual report of a year.</summary>
    public DateOnly AnnualReportDue(int year) => new(year + 1, AnnualReportMonth, AnnualReportDay);
}

/// <summary>Data-quality limits.</summary>
public sealed record QualityRules
{
    /// <summary>Score of a report with no finding.</summary>
    public required int ScoreStart { get; init; }

    /// <summary>Plausible parameter ranges.</summary>
    public required IReadOnlyList<ParameterRange> Ranges { get; init; }

    /// <summary>Largest relative change from the previous year before a flag.</summary>
    public required decimal YearOnYearChangeLimit { get; init; }

    /// <summary>Why.</summary>
    public required string YearOnYearSource { get; init; }

    /// <summary>Largest relative distance from the sector median intensity before a flag.</summary>
    public required decimal PeerIntensityLimit { get; init; }

    /// <summary>Why.</summary>
    public required string PeerSource { get; init; }

    /// <summary>Largest relative gap between the monthly sum and the annual total.</summary>
    public required decimal MonthlyVsAnnualTolerance { get; init; }

    /// <summary>Why.</summary>
    public required string MonthlyVsAnnualSource { get; init; }

    /// <summary>Points taken off per finding code.</summary>
    public required IReadOnlyDictionary<string, int> Penalties { get; init; }

    /// <summary>Why those points.</summary>
    public required string PenaltiesSource { get; init; }
}

/// <summary>A plausible range for a parameter of a fuel class ("coal", "any").</summary>
public sealed record ParameterRange(string Parameter, string FuelClass, decimal Min, decimal Max, string Source);
