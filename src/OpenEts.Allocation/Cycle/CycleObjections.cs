// Objections to an allocation: the entity (its account holder) may object within 7 working days of being
// notified (the day its allocation for the year was last issued); the regulator answers within 10 working
// days of the objection. An upheld objection may raise the allocation: the extra tonnes are issued through
// the registry as one more allocation line (unit id "objection-N"), before the obligation is set. A late
// answer still counts and is recorded as late. Working days come from the national working-day calendar.
using System.Text.Json.Serialization;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Allocation.Cycle;

/// <summary>Objection deadlines as the rulebook states them.</summary>
public sealed record ObjectionRules(
    Sourced<int> ObjectionWorkingDays,
    Sourced<int> AnswerWorkingDays,
    Sourced<string> LateAnswers,
    Sourced<int> MaxTextChars,
    [property: JsonPropertyName("_about")] string About)
{
    /// <summary>The national rules (cn-allocation-objections.json).</summary>
    public static ObjectionRules National { get; } = Rulebooks.Load<ObjectionRules>("cn-allocation-objections");

    /// <summary>The national working-day calendar the deadlines count on.</summary>
    public static WorkingDayCalendar Calendar { get; } = WorkingDayCalendar.Load("working-days-cn.json");
}

/// <summary>An objection to an entity's allocation for a year, and its answer once given.</summary>
public sealed record AllocationObjection(int Number, string Reason, DateOnly FiledOn, DateOnly AnswerDue,
    bool? Upheld = null, long AdditionalT = 0, string? Answer = null, DateOnly? AnsweredOn = null, bool Late = false);

/// <summary>Objections through the engine.</summary>
public sealed partial class ComplianceCycleModule
{
    private static Rejection? BadText(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) || text.Length > ObjectionRules.National.MaxTextChars.Value
            ? Reject("bad_text", $"The {what} must be 1 to {ObjectionRules.National.MaxTextChars.Value} characters.")
            : null;

    private static Rejection? ObjectToAllocation(DecisionContext ctx, ObjectToAllocation c)
    {
        var s = S(ctx.World);
        if (!s.Entities.TryGetValue(c.Entity, out var entity))
            return Reject("unknown_entity", $"Entity {c.Entity} is not registered.");
        if (!(Registry(ctx).Accounts.TryGetValue(entity.Account, out var account) && account.Holder == ctx.Actor))
            return Reject("not_authorized", $"Only the holder of {entity.Account} may object to the allocation of {c.Entity}.");
        if (OpenYearOf(s, c.Year, out _) is { } notOpen)
            return notOpen;
        if (!s.Obligations.TryGetValue((c.Year, c.Entity), out var o) || o.AllocatedOn is not { } notified)
            return Reject("no_allocation", $"{c.Entity} has no {c.Year} allocation to object to.");
        if (BadText(c.Reason, "reason") is { } bad)
            return bad;
        if (o.Objections.Any(x => x.Upheld is null))
            return Reject("objection_pending", $"{c.Entity} already has an objection to its {c.Year} allocation waiting for an answer.");
        var rules = ObjectionRules.National;
        var today = TradingRulebook.National.MarketDate(ctx.Time);
        if (ObjectionRules.Calendar.AddWorkingDays(notified, rules.ObjectionWorkingDays.Value) is not { } lastDay
            || ObjectionRules.Calendar.AddWorkingDays(today, rules.AnswerWorkingDays.Value) is not { } answerDue)
            return Reject("calendar_not_covering", $"The working-day calendar ({ObjectionRules.Calendar.Name}) ends {ObjectionRules.Calendar.CoveredTo:yyyy-MM-dd}; add the holiday list for the year.");
        if (today > lastDay)
            return Reject("objection_window_closed",
                $"Objections to the {c.Year} allocation notified on {notified:yyyy-MM-dd} were due by {lastDay:yyyy-MM-dd} ({rules.ObjectionWorkingDays.Value} working days).");
        ctx.Emit(new AllocationObjected(c.Entity, c.Year, o.Objections.Count + 1, c.Reason, today, answerDue));
        return null;
    }

    private static Rejection? AnswerObjection(DecisionContext ctx, AnswerObjection c)
    {
        if (RegulatorOnly(ctx, "answer objections to allocations") is { } denied)
            return denied;
        var s = S(ctx.World);
        if (!s.Obligations.TryGetValue((c.Year, c.Entity), out var o) || o.Objections.LastOrDefault() is not { Upheld: null } pending)
            return Reject("no_pending_objection", $"{c.Entity} has no objection to its {c.Year} allocation waiting for an answer.");
        if (BadText(c.Answer, "answer") is { } bad)
            return bad;
        if (c.AdditionalT < 0 || (!c.Upheld && c.AdditionalT != 0))
            return Reject("bad_quantity", "An upheld objection may add zero or more tonnes; a dismissed one adds none (a lower allocation is not taken back this way).");
        if (c.AdditionalT > 0 && IssueToEntity(ctx, new IssueAllocation(c.Entity, c.Year, $"objection-{pending.Number}", c.AdditionalT), anyMethod: true) is { } notIssued)
            return notIssued;
        var today = TradingRulebook.National.MarketDate(ctx.Time);
        ctx.Emit(new ObjectionAnswered(c.Entity, c.Year, pending.Number, c.Upheld, c.AdditionalT, c.Answer, today, today > pending.AnswerDue));
        return null;
    }

    private static void ApplyObjected(World w, AllocationObjected e) =>
        S(w).Obligations[(e.Year, e.Entity)].Objections.Add(new AllocationObjection(e.Number, e.Reason, e.FiledOn, e.AnswerDue));

    private static void ApplyAnswered(World w, ObjectionAnswered e)
    {
        var list = S(w).Obligations[(e.Year, e.Entity)].Objections;
        var i = list.FindIndex(x => x.Number == e.Number);
        Invariant.Assert(i >= 0 && list[i].Upheld is null, "an objection is answered once");
        list[i] = list[i] with { Upheld = e.Upheld, AdditionalT = e.AdditionalT, Answer = e.Answer, AnsweredOn = e.AnsweredOn, Late = e.Late };
    }
}
