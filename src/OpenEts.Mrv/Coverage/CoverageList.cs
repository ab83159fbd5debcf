// Who is covered in a year, and why: sector covered that year (rulebook data) and the entity's emissions
// at or above the inclusion threshold in any year of the look-back window.
using OpenEts.Mrv.Rules;

namespace OpenEts.Mrv.Coverage;

/// <summary>One facility's emissions in one year, as a facility file or the reports give them.</summary>
public sealed record FacilityYear(string EntityId, string EntityName, string FacilityId, string FacilityName, string Sector, string Province, int Year, long EmissionsTco2e);

/// <summary>The decision for one entity.</summary>
public sealed record CoverageDecision(
    string EntityId,
    string EntityName,
    bool Covered,
    string Reason,
    IReadOnlyList<string> CoveredSectors,
    IReadOnlyList<string> Provinces,
    IReadOnlyList<string> CoveredFacilities,
    int? PeakYear,
    long PeakEmissionsTco2e);

/// <summary>Applies the rulebook's coverage rule.</summary>
public static class CoverageList
{
    /// <summary>Every entity in the data with its decision for <paramref name="year"/>, covered first, then by id.</summary>
    public static IReadOnlyList<CoverageDecision> Decide(IEnumerable<FacilityYear> data, int year, CoverageRules rules)
    {
        var from = year - rules.LookbackYears;
        var to = year - 1;
        var decisions = new List<CoverageDecision>();
        foreach (var entity in data.GroupBy(d => d.EntityId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = entity.First().EntityName;
            var sectors = entity.Select(f => f.Sector).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
            var coveredSectors = sectors.Where(s => rules.Sectors.Any(r => r.Sector == s && r.CoveredFrom is int y && y <= year)).ToList();
            var provinces = entity.Select(f => f.Province).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();
            var byYear = entity.Where(f => f.Year >= from && f.Year <= to)
                .GroupBy(f => f.Year)
                .Select(g => (Year: g.Key, Total: g.Sum(f => f.EmissionsTco2e)))
                .OrderByDescending(p => p.Total).ThenBy(p => p.Year)
                .ToList();
            int? peakYear = byYear.Count > 0 ? byYear[0].Year : null;
            var peak = byYear.Count > 0 ? byYear[0].Total : 0;
            var facilities = entity.Where(f => coveredSectors.Contains(f.Sector)).Select(f => f.FacilityId).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
            string reason;
            var covered = false;
            if (coveredSectors.Count == 0)
            {
                var notYet = sectors.Select(s => rules.Sectors.FirstOrDefault(r => r.Sector == s) is { } r
                    ? r.CoveredFrom is int y ? $"{s} (covered from {y})" : $"{s} (not yet covered)"
                    : $"{s} (not in the rulebook)");
                reason = $"not covered: no sector covered in {year}: {string.Join(", ", notYet)}";
            }
            else if (peakYear is null)
                reason = $"not covered: no emissions data for {from}–{to}";
            else if (peak < rules.InclusionThresholdTco2e)
                reason = $"not covered: highest emissions {peak:N0} t CO2e in {peakYear}, below the {rules.InclusionThresholdTco2e:N0} t threshold ({from}–{to})";
            else
            {
                covered = true;
                reason = $"covered: {string.Join(", ", coveredSectors)}; emitted {peak:N0} t CO2e in {peakYear} ≥ {rules.InclusionThresholdTco2e:N0} t (any year {from}–{to})";
            }
            decisions.Add(new CoverageDecision(entity.Key, name, covered, reason, coveredSectors, provinces, covered ? facilities : [], peakYear, peak));
        }
        return decisions.OrderByDescending(d => d.Covered).ThenBy(d => d.EntityId, StringComparer.Ordinal).ToList();
    }
}
