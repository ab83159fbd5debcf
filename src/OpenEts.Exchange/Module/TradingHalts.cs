// Market halts: the exchange operator (or the regulator, as the rulebook allows) halts trading in one instrument
// until resumed, and at the latest until its open day closes (halt.ends_at_close) or, where the rulebook says a halt
// outlives the close, across closes and openings: such a halt may be ordered and lifted while no day is open, and a day
// opened under it opens halted. While halted no order, block proposal or acceptance is taken, and (halt.covers_auctions)
// no auction bid or clearing of the instrument, so nothing trades; cancels, declines and bid withdrawals still run, so
// members can take their risk off the book.
using System.Globalization;
using System.Text.Json.Serialization;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>Halts trading in an instrument's open day, giving the reason the market reads.</summary>
public sealed record HaltTrading(string Instrument, string Reason) : Command;

/// <summary>Resumes trading in a halted instrument.</summary>
public sealed record ResumeTrading(string Instrument) : Command;

/// <summary>
/// Trading in the instrument was halted at <see cref="Time"/> by <see cref="Actor"/>; it lasts until resumed, or until the
/// day closes unless <see cref="UntilResumed"/> (the rulebook's halt.ends_at_close false: it outlives the close; written
/// only when true, so a halt of a day reads as before).
/// </summary>
public sealed record TradingHalted(string Instrument, DateTimeOffset Time, string Actor, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool UntilResumed = false) : Event;

/// <summary>Trading in the instrument resumed.</summary>
public sealed record TradingResumed(string Instrument, DateTimeOffset Time, string Actor) : Event;

/// <summary>A halt in force: since when, who ordered it and why.</summary>
public sealed record TradingHalt(DateTimeOffset Since, string Actor, string Reason);

/// <summary>Decides halts and resumptions, and the refusal every trading command gets while halted.</summary>
internal static class TradingHalts
{
    /// <summary>Halts an instrument: its open day, or, where a halt outlives the close, the instrument whether a day is open or not.</summary>
    public static Rejection? Halt(DecisionContext ctx, HaltTrading cmd)
    {
        var (rules, refused) = Check(ctx, cmd.Instrument, "halt");
        if (rules is null)
            return refused;
        var state = ExchangeModule.State(ctx.World);
        if (rules.HaltEndsAtClose && state.Day(cmd.Instrument) is null)
            return NoDay(cmd.Instrument);
        var max = rules.HaltMaxReasonChars;
        if (string.IsNullOrWhiteSpace(cmd.Reason) || cmd.Reason.Length > max || cmd.Reason.Any(char.IsControl))
            return new Rejection("invalid_reason", $"A halt gives its reason in 1 to {max} characters on one line.");
        if (state.Halt(cmd.Instrument) is { } halt)
            return new Rejection(ExchangeRejections.AlreadyHalted, $"{cmd.Instrument} is already halted since {Since(rules, halt)}: {halt.Reason}");
        ctx.Emit(new TradingHalted(cmd.Instrument, ctx.Time, ctx.Actor, cmd.Reason.Trim(), UntilResumed: !rules.HaltEndsAtClose));
        return null;
    }

    /// <summary>Resumes a halted instrument (with no day open too, when its halt outlives the close).</summary>
    public static Rejection? Resume(DecisionContext ctx, ResumeTrading cmd)
    {
        var (rules, refused) = Check(ctx, cmd.Instrument, "resume");
        if (rules is null)
            return refused;
        var state = ExchangeModule.State(ctx.World);
        if (state.Halt(cmd.Instrument) is not { } halt)
            return state.Day(cmd.Instrument) is null && rules.HaltEndsAtClose
                ? NoDay(cmd.Instrument)
                : new Rejection(ExchangeRejections.NotHalted, $"Trading in {cmd.Instrument} is not halted.");
        var registry = ctx.World.Get<RegistryState>();
        if (registry.RoleOf(halt.Actor) == Role.Regulator && registry.RoleOf(ctx.Actor) != Role.Regulator)
            return new Rejection("not_authorized", $"The regulator ordered this halt ({halt.Reason}); only the regulator lifts it.");
        ctx.Emit(new TradingResumed(cmd.Instrument, ctx.Time, ctx.Actor));
        return null;
    }

    /// <summary>The refusal of a trading command while <paramref name="day"/> is halted, or null.</summary>
    public static Rejection? Refusal(OpenDay day, string instrument) =>
        day.Halt is { } halt ? Halted(instrument, day.Ledger.Rules, halt) : null;

    /// <summary>
    /// The refusal of an auction bid (an offer) or clearing of <paramref name="instrument"/> at <paramref name="time"/>, or null,
    /// where the instrument's rulebook says a halt covers one-way bidding. A halt that outlives the close is in force on any
    /// day; a halt of a day only for a command whose market date is that day's (a command on a day with no open day meets
    /// none).
    /// </summary>
    public static Rejection? AuctionRefusal(ExchangeState state, string instrument, DateTimeOffset time)
    {
        if (state.StandingHalt(instrument) is { } standing)
            return state.RulesOf(instrument) is { HaltCoversAuctions: true } rules ? Halted(instrument, rules, standing) : null;
        return state.Day(instrument) is { Halt: not null } day && day.Ledger.Rules.HaltCoversAuctions && day.Ledger.Rules.MarketDate(time) == day.Ledger.TradingDay
            ? Refusal(day, instrument)
            : null;
    }

    /// <summary>The rulebook the instrument trades under, if the actor may halt under it.</summary>
    private static (TradingRulebook? Rules, Rejection? Rejection) Check(DecisionContext ctx, string instrument, string what)
    {
        var registry = ctx.World.Get<RegistryState>();
        var state = ExchangeModule.State(ctx.World);
        if (instrument is not { Length: <= ListingOrders.MaxInstrumentLength } || !registry.Classes.TryGetValue(instrument, out var cls)
            || cls.Type == UnitType.Cash || cls.MarketId is null)
            return (null, new Rejection("unknown_unit_class", $"'{instrument}' is not a unit class the registry holds."));
        // An open day trades under the rulebook it opened with; otherwise the one the instrument trades under now.
        var rules = state.RulesOf(cls.Id)!;
        if (registry.RoleOf(ctx.Actor) is not { } role || !rules.HaltOrderedBy.Contains(role))
            return (null, new Rejection("not_authorized", $"'{ctx.Actor}' may not {what} trading (the {string.Join(" or ", rules.HaltOrderedBy.Order().Select(RoleName))} only)."));
        return (rules, null);
    }

    /// <summary>The refusal of a trading command while <paramref name="halt"/> is in force: its reason and since when, in market time.</summary>
    private static Rejection Halted(string instrument, TradingRulebook rules, TradingHalt halt) =>
        new(ExchangeRejections.TradingHalted, $"Trading in {instrument} is halted since {Since(rules, halt)}: {halt.Reason}");

    private static Rejection NoDay(string instrument) =>
        new(ExchangeRejections.MarketClosed, $"No trading day is open for {instrument}, and under its rulebook a halt ends when the day closes (halt.ends_at_close).");

    private static string RoleName(Role role) => role == Role.ExchangeOperator ? "exchange operator" : "regulator";

    /// <summary>When a halt began, in market time.</summary>
    private static string Since(TradingRulebook rules, TradingHalt halt) =>
        rules.LocalTime(halt.Since).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " market time";
}
