// openets allocate --issue: issues a plan's computed allocation through the engine on --db. Each unit's
// issuance has a fixed command id (plan, year, unit), so a rerun issues nothing twice; the cycle module
// runs the registry's Issue and Transfer into the entity's covered-entity account.
using System.Globalization;
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Registry;
using Spectre.Console;

namespace OpenEts.Cli;

/// <summary>Issuing a computed allocation, and submitting cycle steps in order.</summary>
internal static class AllocationIssue
{
    /// <summary>Issues the allocations for <paramref name="year"/>; prints what each unit received.</summary>
    public static async Task<int> RunAsync(PowerPlan plan, int year, IReadOnlyList<GeneratingUnit> units, IReadOnlyList<UnitAllocation> allocations, string actor, bool reserve = false)
    {
        if (!plan.Years.Contains(year))
            throw CliException.BadInput($"Plan {plan.Id} covers {string.Join(", ", plan.Years)}, not {year}.", "plan_not_for_year");
        var badIds = units.Select(u => u.Entity).Distinct(StringComparer.Ordinal).Where(e => !RegistryChecks.ValidId(e)).ToList();
        if (badIds.Count > 0)
            throw CliException.BadInput($"Entity ids name registry accounts (1–64 letters, digits, '-', '_', '.', ':'); not valid: {string.Join(", ", badIds.Take(10))}.", "invalid_id");
        await using var engine = MarketHost.Open();
        var steps = await engine.QueryAsync(w => CycleScript.Issuance(w, plan, year, units, allocations, actor));
        var outcomes = await SubmitInOrder(engine, steps, DateTimeOffset.UtcNow);
        var byUnit = new Dictionary<string, (Outcome Outcome, IssueAllocation Command)>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Command is IssueAllocation issue)
                byUnit[issue.UnitId] = (outcomes[i], issue);
        }
        var setupRefused = steps.Zip(outcomes).Where(p => p.First.Command is not IssueAllocation && !p.Second.Accepted).ToList();
        if (setupRefused.Count > 0)
            throw CliException.Rejected(setupRefused[0].Second.Rejection!.Code, $"{setupRefused[0].First.CommandId}: {setupRefused[0].Second.Rejection!.Message}");
        var rows = allocations.Select(a => Row(a, byUnit[a.UnitId].Outcome)).ToList();
        var refused = rows.FirstOrDefault(r => r.Rejection is not null);
        ReserveRow? reserved = null;
        if (reserve && refused is null)
        {
            // One command id per plan-year: a repeat answers with the first outcome and sets nothing aside twice.
            var o = await engine.SubmitAsync(new CommandEnvelope($"allocation:{plan.Id}:{year}:reserve", actor, DateTimeOffset.UtcNow, new SetAsideReserve(year)));
            if (o.Rejection is { } r)
                throw CliException.Rejected(r.Code, $"Reserve: {r.Message}");
            var e = o.Events.OfType<ReserveSetAside>().Single();
            reserved = new ReserveRow(e.Account, e.CapT, e.ReserveT, o.Replayed ? "already_set_aside" : "set_aside");
        }
        Print(plan, year, rows, reserved);
        return refused is null ? ExitCodes.Ok : throw CliException.Rejected(refused.Rejection!.Code, $"Unit {refused.UnitId}: {refused.Rejection.Message}");
    }

    /// <summary>Submits steps in order (the engine decides them in that order, batched) and waits for all.</summary>
    public static Task<Outcome[]> SubmitInOrder(Engine engine, IReadOnlyList<SetupStep> steps, DateTimeOffset time) =>
        Task.WhenAll(steps.Select(s => engine.SubmitAsync(new CommandEnvelope(s.CommandId, s.Actor, time, s.Command))).ToList());

    private sealed record ReserveRow(string Account, long CapT, long ReserveT, string Status);

    private sealed record UnitRow(string UnitId, string Entity, long AllocationT, long DeductedT, long IssuedT, string Status, Rejection? Rejection);

    private static UnitRow Row(UnitAllocation a, Outcome o)
    {
        if (o.Rejection is { } r)
            return new(a.UnitId, a.Entity, a.TotalT, 0, 0, r.Code == "already_allocated" ? "already_issued" : "rejected", r.Code == "already_allocated" ? null : r);
        var e = o.Events.OfType<AllocationIssued>().Single();
        return new(a.UnitId, a.Entity, a.TotalT, e.DeductedT, e.IssuedT, o.Replayed ? "already_issued" : "issued", null);
    }

    private static void Print(PowerPlan plan, int year, List<UnitRow> rows, ReserveRow? reserve)
    {
        var issuedNow = rows.Where(r => r.Status == "issued").ToList();
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                plan = plan.Id,
                year,
                units = rows.Select(r => new { unit_id = r.UnitId, entity = r.Entity, allocation_t = r.AllocationT, deducted_t = r.DeductedT, issued_t = r.IssuedT, status = r.Status, rejection = r.Rejection?.Code }),
                total_t = rows.Sum(r => r.AllocationT),
                issued_now_units = issuedNow.Count,
                issued_now_t = issuedNow.Sum(r => r.IssuedT),
                deducted_now_t = issuedNow.Sum(r => r.DeductedT),
                already_issued_units = rows.Count(r => r.Status == "already_issued"),
                rejected_units = rows.Count(r => r.Rejection is not null),
                reserve = reserve is null ? null : new { account = reserve.Account, cap_t = reserve.CapT, reserve_t = reserve.ReserveT, status = reserve.Status },
            });
            return;
        }
        var table = new Table().AddColumns("unit", "entity", "allocation t", "deducted t", "issued t", "status");
        foreach (var r in rows)
            table.AddRow(r.UnitId, r.Entity, T(r.AllocationT), T(r.DeductedT), T(r.IssuedT), r.Rejection is null ? r.Status : $"rejected: {r.Rejection.Code}");
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"Plan {plan.Id}, {year}: {issuedNow.Count} units issued now ({T(issuedNow.Sum(r => r.IssuedT))} t after {T(issuedNow.Sum(r => r.DeductedT))} t of deductions), {rows.Count(r => r.Status == "already_issued")} already issued.");
        if (reserve is not null)
            AnsiConsole.WriteLine($"Reserve: {T(reserve.ReserveT)} t of a {T(reserve.CapT)} t cap in {reserve.Account} ({reserve.Status.Replace('_', ' ')}).");
    }

    private static string T(long t) => t.ToString("N0", CultureInfo.InvariantCulture);
}
