// Reports from the compliance cycle: surplus/deficit per entity and compliance rates by group, as rows or CSV.
using System.Globalization;
using System.Text;
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Cycle;

namespace OpenEts.Allocation.Reports;

/// <summary>An entity-year's allocation against its obligation.</summary>
public sealed record SurplusDeficitRow(int Year, string Entity, string Sector, string Province, long AllocationT, long VerifiedT, long ObligationT, long SurplusT);

/// <summary>Compliance of a group: by entities (compliant / all) and by tonnes (surrendered / due).</summary>
public sealed record ComplianceRateRow(int Year, string Group, int Entities, int CompliantEntities, long ObligationT, long SurrenderedT)
{
    /// <summary>Share of entities that surrendered in full.</summary>
    public decimal RateByEntities => Entities == 0 ? 0m : (decimal)CompliantEntities / Entities;

    /// <summary>Share of the tonnes due that were surrendered.</summary>
    public decimal RateByTonnes => ObligationT == 0 ? 1m : (decimal)SurrenderedT / ObligationT;
}

/// <summary>
/// One entity-year's compliance: what it was given, owed and surrendered; status "compliant", "partly" or
/// "not" once the year is closed, else "open" (or "no_obligation" while MRV has no final verified emissions).
/// The deduction from the next allocation is the carried shortfall plus what was borrowed.
/// </summary>
public sealed record EntityComplianceRow(int Year, string Entity, string Sector, string Province, long AllocationT, long IssuedT, long? VerifiedT,
    long ObligationT, long AllowancesSurrenderedT, long CcerSurrenderedT, long ShortfallT, string Status, long PenaltyMinFen, long PenaltyMaxFen, long DeductionT, long BorrowedT = 0);

/// <summary>Builds the reports from the cycle's state (closed years only for rates).</summary>
public static class ComplianceReports
{
    /// <summary>Surplus (positive) or deficit (negative) of allocation over obligation, per entity-year with verified emissions.</summary>
    public static IReadOnlyList<SurplusDeficitRow> SurplusDeficit(CycleState state, int year) =>
        state.Obligations.Values.Where(o => o.Year == year && o.VerifiedT is not null)
            .Select(o =>
            {
                var e = state.Entities[o.Entity];
                return new SurplusDeficitRow(year, o.Entity, e.Sector, e.Province, o.AllocationT, o.VerifiedT!.Value, o.ObligationT, o.AllocationT - o.ObligationT);
            })
            .ToArray();

    /// <summary>Compliance rates of a closed year grouped by sector, province or "all" (the market).</summary>
    public static IReadOnlyList<ComplianceRateRow> Rates(CycleState state, int year, string groupBy)
    {
        Func<CoveredEntity, string> key = groupBy switch
        {
            "sector" => e => e.Sector,
            "province" => e => e.Province,
            "market" => _ => "all",
            _ => throw new ArgumentException($"Group by sector, province or market, not '{groupBy}'.", nameof(groupBy)),
        };
        return state.Obligations.Values.Where(o => o.Year == year && o.Result is not null)
            .GroupBy(o => key(state.Entities[o.Entity]), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ComplianceRateRow(year, g.Key, g.Count(), g.Count(o => o.Result!.Status == ComplianceStatus.Compliant),
                g.Sum(o => o.Result!.ObligationT), g.Sum(o => o.Result!.SurrenderedT)))
            .ToArray();
    }

    /// <summary>Every entity allocated or obliged in the year, with its status.</summary>
    public static IReadOnlyList<EntityComplianceRow> EntityResults(CycleState state, int year) =>
        state.Obligations.Values.Where(o => o.Year == year)
            .Select(o =>
            {
                var e = state.Entities[o.Entity];
                var status = o.Result is { } r ? Name(r.Status) : o.VerifiedT is null ? "no_obligation" : "open";
                return new EntityComplianceRow(year, o.Entity, e.Sector, e.Province, o.AllocationT, o.IssuedT, o.VerifiedT, o.ObligationT,
                    o.SurrenderedAllowancesT, o.SurrenderedCcerT, o.ObligationT - o.SurrenderedT, status,
                    o.Result?.PenaltyMinFen ?? 0, o.Result?.PenaltyMaxFen ?? 0, (o.Result?.DeductionT ?? 0) + o.BorrowedT, o.BorrowedT);
            })
            .ToArray();

    /// <summary>The snake_case name of a status.</summary>
    public static string Name(ComplianceStatus status) => status switch
    {
        ComplianceStatus.Compliant => "compliant",
        ComplianceStatus.Partly => "partly",
        _ => "not",
    };

    /// <summary>Entity results as CSV with a header line; penalties in yuan with two decimals.</summary>
    public static string ToCsv(IEnumerable<EntityComplianceRow> rows)
    {
        var sb = new StringBuilder("year,entity,sector,province,allocation_t,issued_t,verified_t,obligation_t,allowances_surrendered_t,ccer_surrendered_t,borrowed_t,shortfall_t,status,penalty_min_yuan,penalty_max_yuan,next_allocation_deduction_t\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Year},{Field(r.Entity)},{Field(r.Sector)},{Field(r.Province)},{r.AllocationT},{r.IssuedT},{r.VerifiedT},{r.ObligationT},{r.AllowancesSurrenderedT},{r.CcerSurrenderedT},{r.BorrowedT},{r.ShortfallT},{r.Status},{r.PenaltyMinFen / 100m:0.00},{r.PenaltyMaxFen / 100m:0.00},{r.DeductionT}\n");
        return sb.ToString();
    }

    /// <summary>Surplus/deficit rows as CSV with a header line.</summary>
    public static string ToCsv(IEnumerable<SurplusDeficitRow> rows)
    {
        var sb = new StringBuilder("year,entity,sector,province,allocation_t,verified_t,obligation_t,surplus_t\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Year},{Field(r.Entity)},{Field(r.Sector)},{Field(r.Province)},{r.AllocationT},{r.VerifiedT},{r.ObligationT},{r.SurplusT}\n");
        return sb.ToString();
    }

    /// <summary>Rate rows as CSV with a header line; rates with four decimals.</summary>
    public static string ToCsv(IEnumerable<ComplianceRateRow> rows)
    {
        var sb = new StringBuilder("year,group,entities,compliant_entities,rate_by_entities,obligation_t,surrendered_t,rate_by_tonnes\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Year},{Field(r.Group)},{r.Entities},{r.CompliantEntities},{decimal.Round(r.RateByEntities, 4):0.0000},{r.ObligationT},{r.SurrenderedT},{decimal.Round(r.RateByTonnes, 4):0.0000}\n");
        return sb.ToString();
    }

    private static string Field(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal)
        ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : s;
}
