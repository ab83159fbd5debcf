// The commands that take a market through a compliance year, derived from the current state: what the CLI,
// the server or the demo submit. Command ids are fixed by what a step does (plan, year, unit, entity, and for
// surrender the amount already surrendered), so running a script again issues and surrenders nothing twice.
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Allocation.Cycle;

/// <summary>Builds the cycle's commands from the world as it stands; reads only, changes nothing.</summary>
public static class CycleScript
{
    /// <summary>Province recorded for an entity that MRV does not know yet.</summary>
    public const string UnknownProvince = "unspecified";

    /// <summary>
    /// The account an entity's registration names: the one with the entity's id, else the open covered-entity account its
    /// holder (the entity's identity) already has in the market, which the registration rules make its only one; null when
    /// it has none and one is to be opened.
    /// </summary>
    private static string? AccountOf(RegistryState r, string entity, string marketId) =>
        r.Accounts.ContainsKey(entity) ? entity
        : r.AccountsOf(entity).FirstOrDefault(a => a.MarketId == marketId && a.Kind == AccountKind.CoveredEntity && !a.Closed)?.Id;

    /// <summary>The account to name in the registration: null when it is the entity's id (the default).</summary>
    private static string? OtherId(string? account, string entity) => account is null || account == entity ? null : account;

    /// <summary>
    /// Issuing a plan's computed allocation for a year: the year opened under the plan, each entity's
    /// covered-entity account and cycle registration where missing, then one issuance per unit.
    /// </summary>
    public static IReadOnlyList<SetupStep> Issuance(World world, PowerPlan plan, int year, IReadOnlyList<GeneratingUnit> units,
        IReadOnlyList<UnitAllocation> allocations, string actor, string marketId = "cn")
    {
        var r = world.Get<RegistryState>();
        var cycle = world.Get<CycleState>();
        var mrv = world.Get<MrvState>();
        var steps = new List<SetupStep>();
        if (cycle.Years.GetValueOrDefault(year)?.PlanFor(plan.Sector) is null)
            steps.Add(new($"compliance:{year}:open", actor, new OpenComplianceYear(year, plan.Id)));
        foreach (var entity in units.GroupBy(u => u.Entity, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var account = AccountOf(r, entity.Key, marketId);
            if (account is null)
                steps.Add(new($"registry:account:{entity.Key}", actor, new OpenAccount(entity.Key, marketId, entity.Key, AccountKind.CoveredEntity)));
            if (!cycle.Entities.ContainsKey(entity.Key))
            {
                var fuel = entity.All(u => u.Fuel == Fuel.Gas) ? Fuel.Gas : Fuel.Coal;
                var province = mrv.Facilities.Values.FirstOrDefault(f => f.EntityId == entity.Key)?.Province ?? UnknownProvince;
                steps.Add(new($"compliance:entity:{entity.Key}", actor, new RegisterEntity(entity.Key, plan.Sector, province, fuel, OtherId(account, entity.Key))));
            }
        }
        foreach (var a in allocations)
            steps.Add(new($"allocation:{plan.Id}:{year}:{a.UnitId}", actor, new IssueAllocation(a.Entity, year, a.UnitId, a.TotalT)));
        return steps;
    }

    /// <summary>
    /// The industrial sectors' allocation for a year, from MRV: registration of each entity MRV knows in a sector whose plan
    /// is open in the year (its covered-entity account opened where missing, province from MRV), then, once the reports the
    /// plan reads are all final, the grandfathered allocation (2024 plans) or the pre-allocation (2025 plans), one per
    /// entity. Also returns the entities still waiting for final verified emissions.
    /// </summary>
    public static (IReadOnlyList<SetupStep> Steps, IReadOnlyList<string> Waiting) SectorAllocations(World world, int year, string actor, string marketId = "cn")
    {
        var r = world.Get<RegistryState>();
        var cycle = world.Get<CycleState>();
        var mrv = world.Get<MrvState>();
        var steps = new List<SetupStep>();
        var waiting = new List<string>();
        if (cycle.Years.GetValueOrDefault(year) is not { Closed: false } y)
            return (steps, waiting);
        foreach (var yearPlan in y.AllPlans())
        {
            if (Rulebooks.Plan(yearPlan.PlanId) is not SectorPlan plan)
                continue;
            var grandfathered = plan.Allocation.Method.Value == SectorAllocationMethod.VerifiedEmissions;
            var (line, readYear) = grandfathered ? (SectorAllocation.VerifiedEmissionsLine, year) : (SectorAllocation.PreAllocationLine, plan.Allocation.PreAllocation!.BaseYear);
            var entities = mrv.Facilities.Values.Where(f => f.Sector == plan.Sector).GroupBy(f => f.EntityId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var facilities in entities)
            {
                var entity = facilities.Key;
                if (cycle.Entities.TryGetValue(entity, out var known) && known.Sector != plan.Sector)
                    continue;
                var account = AccountOf(r, entity, marketId);
                if (account is null && known is null)
                    steps.Add(new($"registry:account:{entity}", actor, new OpenAccount(entity, marketId, entity, AccountKind.CoveredEntity)));
                if (known is null)
                    steps.Add(new($"compliance:entity:{entity}", actor, new RegisterEntity(entity, plan.Sector, facilities.First().Province, Fuel.Coal, OtherId(account, entity))));
                if (cycle.Obligations.GetValueOrDefault((year, entity))?.Units.Contains(line) == true)
                    continue;
                var (verified, notFinal) = mrv.EntityFinalVerifiedEmissions(entity, readYear);
                if (notFinal.Count > 0)
                    waiting.Add(entity);
                if (notFinal.Count > 0 || verified.Value == 0)
                    continue;
                Command issue = grandfathered ? new IssueVerifiedEmissionsAllocation(entity, year) : new PreAllocate(entity, year);
                steps.Add(new($"allocation:{plan.Id}:{year}:{entity}:{line}", actor, issue));
            }
        }
        return (steps, waiting);
    }

    /// <summary>
    /// Obligations to set: entities allocated for the year whose obligation is not set and whose MRV reports
    /// are all final. Also returns the entities still waiting for final verified emissions.
    /// </summary>
    public static (IReadOnlyList<SetupStep> Steps, IReadOnlyList<string> Waiting) Obligations(World world, int year, string actor)
    {
        var cycle = world.Get<CycleState>();
        var mrv = world.Get<MrvState>();
        var steps = new List<SetupStep>();
        var waiting = new List<string>();
        if (cycle.Years.GetValueOrDefault(year) is not { Closed: false })
            return (steps, waiting);
        foreach (var o in cycle.Obligations.Values.Where(o => o.Year == year && o.AllocationT > 0 && o.VerifiedT is null))
        {
            var hasFacility = mrv.Facilities.Values.Any(f => f.EntityId == o.Entity);
            if (hasFacility && mrv.EntityFinalVerifiedEmissions(o.Entity, year).NotFinal.Count == 0)
                steps.Add(new($"compliance:{year}:obligation:{o.Entity}", actor, new SetObligation(o.Entity, year)));
            else
                waiting.Add(o.Entity);
        }
        return (steps, waiting);
    }

    /// <summary>
    /// Surrender from each entity's holdings as far as they go: CCER first up to the offset cap, then eligible
    /// allowances, oldest vintage first, up to what is still owed; then, with <paramref name="borrow"/> (as if every
    /// entity that qualifies applied), borrowing of what is still missing within the plan's limit. Nothing when
    /// the year is closed or past its deadline.
    /// </summary>
    public static IReadOnlyList<SetupStep> Surrenders(World world, int year, DateOnly today, string actor, bool borrow = false)
    {
        var cycle = world.Get<CycleState>();
        var r = world.Get<RegistryState>();
        var steps = new List<SetupStep>();
        if (cycle.Years.GetValueOrDefault(year) is not { Closed: false } y)
            return steps;
        foreach (var o in cycle.Obligations.Values.Where(o => o.Year == year && o.VerifiedT is not null && o.SurrenderedT < o.ObligationT))
        {
            // Each entity surrenders under its sector's plan: its deadline, market and eligible vintages.
            var entity = cycle.Entities[o.Entity];
            if (y.PlanFor(entity.Sector) is not { } yearPlan || today > yearPlan.Deadline)
                continue;
            var plan = Rulebooks.Plan(yearPlan.PlanId);
            var credits = r.Classes.Values.Where(c => c.Type == UnitType.Credit && c.MarketId == yearPlan.MarketId)
                .OrderBy(c => c.Vintage).ThenBy(c => c.Id, StringComparer.Ordinal);
            var allowances = r.Classes.Values.Where(c => c.Type == UnitType.Allowance && c.MarketId == yearPlan.MarketId && c.Vintage <= plan.EligibleVintageUpTo)
                .OrderBy(c => c.Vintage).ThenBy(c => c.Id, StringComparer.Ordinal);
            var account = entity.Account;
            var due = o.ObligationT - o.SurrenderedT;
            var ccerRoom = Math.Min(o.CcerCapT - o.SurrenderedCcerT, due);
            var done = o.SurrenderedT;
            foreach (var (cls, offset) in credits.Select(c => (c, true)).Concat(allowances.Select(c => (c, false))))
            {
                var limit = offset ? ccerRoom : due;
                var q = Math.Min(r.Available(account, cls.Id), limit);
                if (q <= 0)
                    continue;
                steps.Add(new($"compliance:{year}:surrender:{o.Entity}:{cls.Id}:{done}", actor, new SurrenderForYear(o.Entity, year, cls.Id, q)));
                due -= q;
                done += q;
                if (offset)
                    ccerRoom -= q;
            }
            var borrowed = borrow ? Math.Min(due, ComplianceCycleModule.BorrowableT(plan, o)) : 0;
            if (borrowed > 0)
                steps.Add(new($"compliance:{year}:borrow:{o.Entity}:{o.BorrowedT}", actor, new BorrowForYear(o.Entity, year, borrowed)));
        }
        return steps;
    }
}
