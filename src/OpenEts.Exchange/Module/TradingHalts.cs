// Market halts: the exchange operator (or the regulator, as the rulebook allows) halts trading in one instrument
// for the rest of its open day or until resumed. While halted no order, block proposal or acceptance is taken,
// and (halt.covers_auctions) no auction bid or clearing of the instrument, so nothing trades; cancels, declines
// and bid withdrawals still run, so members can take their risk off the book.
using System.Globalization;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>Halts trading in an instrument's open day, giving the reason the market reads.</summary>
public sealed record HaltTrading(string Instrument, string Reason) : Command;

/// <summary>Resumes trading in a halted instrument.</summary>
public sealed record ResumeTrading(string Instrument) : Command;

/// <summary>Trading in the instrument was halted at <see cref="Time"/> by <see cref="Actor"/>; it lasts until resumed or the day closes.</summary>
public sealed record TradingHalted(string Instrument, DateTimeOffset Time, string Actor, string Reason) : Event;

/// <summary>Trading in the instrument resumed.</summary>
public sealed record TradingResumed(string Instrument, DateTimeOffset Time, string Actor) : Event;

/// <summary>A halt in force: since when, who ordered it and why.</summary>
public sealed record TradingHalt(DateTimeOffset Since, string Actor, string Reason);

/// <summary>Decides halts and resumptions, and the refusal every trading command gets while halted.</summary>
internal static class TradingHalts
{
    /// <summary>Halts an instrument's open day.</summary>
    public static Rejection? Halt(DecisionContext ctx, HaltTrading cmd)
    {
        var (day, refused) = Check(ctx, cmd.Instrument, "halt");
        if (day is null)
            return refused;
        var max = day.Ledger.Rules.HaltMaxReasonChars;
        if (string.IsNullOrWhiteSpace(cmd.Reason) || cmd.Reason.Length > max || cmd.Reason.Any(char.IsControl))
            return new Rejection("invalid_reason", $"A halt gives its reason in 1 to {max} characters on one line.");
        if (day.Halt is { } halt)
            return new Rejection(ExchangeRejections.AlreadyHalted, $"{cmd.Instrument} is already halted since {Since(day, halt)}: {halt.Reason}");
        ctx.Emit(new TradingHalted(cmd.Instrument, ctx.Time, ctx.Actor, cmd.Reason.Trim()));
        return null;
    }

    /// <summary>Resumes a halted instrument.</summary>
    public static Rejection? Resume(DecisionContext ctx, ResumeTrading cmd)
    {
        var (day, refused) = Check(ctx, cmd.Instrument, "resume");
        if (day is null)
            return refused;
        if (day.Halt is not { } halt)
            return new Rejection(ExchangeRejections.NotHalted, $"Trading in {cmd.Instrument} is not halted.");
        var registry = ctx.World.Get<RegistryState>();
        if (registry.RoleOf(halt.Actor) == Role.Regulator && registry.RoleOf(ctx.Actor) != Role.Regulator)
            return new Rejection("not_authorized", $"The regulator ordered this halt ({halt.Reason}); only the regulator lifts it.");
        ctx.Emit(new TradingResumed(cmd.Instrument, ctx.Time, ctx.Actor));
        return null;
    }

    /// <summary>The refusal of a trading command while <paramref name="day"/> is halted, or null.</summary>
    public static Rejection? Refusal(OpenDay day, string instrument) =>
        day.Halt is { } halt
            ? new Rejection(ExchangeRejections.TradingHalted, $"Trading in {instrument} is halted since {Since(day, halt)}: {halt.Reason}")
            : null;

    /// <summary>
    /// The refusal of an auction bid (an offer) or clearing of <paramref name="instrument"/> at <paramref name="time"/>, or null.
    /// A halt belongs to the instrument's open day, so it is in force only for a command whose market date is that day's
    /// (a command on a day with no open day meets no halt), and only where the day's rulebook says it covers one-way bidding.
    /// </summary>
    public static Rejection? AuctionRefusal(ExchangeState state, string instrument, DateTimeOffset time) =>
        state.Day(instrument) is { Halt: not null } day && day.Ledger.Rules.HaltCoversAuctions && day.Ledger.Rules.MarketDate(time) == day.Ledger.TradingDay
            ? Refusal(day, instrument)
            : null;

    /// <summary>The actor may halt under the instrument's rulebook, and the instrument has an open day.</summary>
    private static (OpenDay? Day, Rejection? Rejection) Check(DecisionContext ctx, string instrument, string what)
    {
        var registry = ctx.World.Get<RegistryState>();
        var state = ExchangeModule.State(ctx.World);
        if (instrument is not { Length: <= ListingOrders.MaxInstrumentLength } || !registry.Classes.TryGetValue(instrument, out var cls)
            || cls.Type == UnitType.Cash || cls.MarketId is null)
            return (null, new Rejection("unknown_unit_class", $"'{instrument}' is not a unit class the registry holds."));
        var rules = state.Rulebooks.For(cls, registry);
        if (registry.RoleOf(ctx.Actor) is not { } role || !rules.HaltOrderedBy.Contains(role))
            return (null, new Rejection("not_authorized", $"'{ctx.Actor}' may not {what} trading (the {string.Join(" or ", rules.HaltOrderedBy.Order().Select(RoleName))} only)."));
        if (state.Day(instrument) is not { } day)
            return (null, new Rejection(ExchangeRejections.MarketClosed, $"No trading day is open for {instrument}."));
        return (day, null);
    }

    private static string RoleName(Role role) => role == Role.ExchangeOperator ? "exchange operator" : "regulator";

    /// <summary>When a halt began, in market time.</summary>
    private static string Since(OpenDay day, TradingHalt halt) =>
        day.Ledger.Rules.LocalTime(halt.Since).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " market time";
}
