// The registry's invariants, checked over the whole state: conservation per class, no negative
// balance, locked within held, locks adding up, serials disjoint and complete.
namespace OpenEts.Registry;

/// <summary>Checks every invariant of the books; an empty list means all hold.</summary>
public static class RegistryInvariants
{
    /// <summary>The invariants that do not hold, in words.</summary>
    public static List<string> Violations(RegistryState s)
    {
        var problems = new List<string>();
        var heldByClass = new Dictionary<string, long>(StringComparer.Ordinal);
        var lockedByHolding = new Dictionary<(string, string), long>();
        foreach (var l in s.Locks.Values)
        {
            if (l.Remaining <= 0)
                problems.Add($"lock {l.Id} is open with {l.Remaining} remaining");
            lockedByHolding[(l.AccountId, l.ClassId)] = lockedByHolding.GetValueOrDefault((l.AccountId, l.ClassId)) + l.Remaining;
        }
        foreach (var ((account, cls), h) in s.Holdings)
        {
            if (h.Held < 0)
                problems.Add($"{account} holds {h.Held} of {cls}, below zero");
            if (h.Locked < 0 || h.Locked > h.Held)
                problems.Add($"{account} has {h.Locked} of {cls} locked out of {h.Held} held");
            if (lockedByHolding.GetValueOrDefault((account, cls)) != h.Locked)
                problems.Add($"{account}'s locks on {cls} add up to {lockedByHolding.GetValueOrDefault((account, cls))}, not {h.Locked}");
            if (h.Serials is not null && h.Serials.Count != h.Held)
                problems.Add($"{account} holds {h.Held} of {cls} but {h.Serials.Count} serials");
            heldByClass[cls] = heldByClass.GetValueOrDefault(cls) + h.Held;
        }
        foreach (var cls in s.Classes.Values)
        {
            var held = heldByClass.GetValueOrDefault(cls.Id);
            if (held != cls.Issued)
                problems.Add($"{cls.Id}: issued {cls.Issued} but held (incl. surrendered, cancelled, retired) {held}");
            if (cls.Serialized)
                CheckSerials(s, cls, problems);
        }
        return problems;
    }

    private static void CheckSerials(RegistryState s, UnitClass cls, List<string> problems)
    {
        var ranges = s.Holdings.Where(h => h.Key.Class == cls.Id && h.Value.Serials is not null)
            .SelectMany(h => h.Value.Serials!.Ranges).OrderBy(r => r.Start).ToList();
        long next = 1;
        foreach (var r in ranges)
        {
            if (r.Start < next)
                problems.Add($"{cls.Id}: serial {r.Start} is in two places");
            else if (r.Start > next)
                problems.Add($"{cls.Id}: serials {next}-{r.Start - 1} are nowhere");
            next = Math.Max(next, r.End + 1);
        }
        if (next != cls.NextSerial)
            problems.Add($"{cls.Id}: serials end at {next - 1} but {cls.NextSerial - 1} were issued");
    }
}
