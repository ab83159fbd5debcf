// Market halts on the CLI: the exchange operator (by default) or the regulator (--as regulator) halts trading in an
// instrument's open day with a reason, and resumes it (exchange.halt_trading, exchange.resume_trading).
using System.ComponentModel;
using OpenEts.Exchange;
using OpenEts.Registry;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Options of <c>exchange resume</c>: the instrument.</summary>
public class ExchangeResumeSettings : AuctionWriteSettings
{
    /// <summary>The instrument (unit class) whose open day is halted or resumed.</summary>
    [CommandOption("--instrument <CLASS>")]
    [Description("Instrument (unit class) with an open trading day, e.g. CEA21.")]
    public string? Instrument { get; init; }
}

/// <summary>Options of <c>exchange halt</c>: the instrument and the reason.</summary>
public sealed class ExchangeHaltSettings : ExchangeResumeSettings
{
    /// <summary>The reason the market reads.</summary>
    [CommandOption("--reason <TEXT>")]
    [Description("Why trading is halted (one line, at most the rulebook's limit of 200 characters); members read it in every refusal.")]
    public string? Reason { get; init; }
}

/// <summary><c>exchange halt --instrument X --reason "…"</c>: exchange.halt_trading, by the exchange operator unless --as says otherwise.</summary>
public sealed class ExchangeHaltCommand : AsyncCommand<ExchangeHaltSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ExchangeHaltSettings s, CancellationToken cancellationToken)
    {
        var instrument = Parse.Required(s.Instrument, "--instrument");
        var reason = Parse.Required(s.Reason, "--reason");
        await using var engine = MarketHost.Open();
        await AuctionCli.Submit(engine, s.Actor ?? MarketSetup.ExchangeOperator, new HaltTrading(instrument, reason), s,
            $"halted trading in {instrument}: {reason}", new() { ["instrument"] = instrument, ["reason"] = reason });
        return ExitCodes.Ok;
    }
}

/// <summary><c>exchange resume --instrument X</c>: exchange.resume_trading, by the exchange operator unless --as says otherwise.</summary>
public sealed class ExchangeResumeCommand : AsyncCommand<ExchangeResumeSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ExchangeResumeSettings s, CancellationToken cancellationToken)
    {
        var instrument = Parse.Required(s.Instrument, "--instrument");
        await using var engine = MarketHost.Open();
        await AuctionCli.Submit(engine, s.Actor ?? MarketSetup.ExchangeOperator, new ResumeTrading(instrument), s,
            $"resumed trading in {instrument}", new() { ["instrument"] = instrument });
        return ExitCodes.Ok;
    }
}

/// <summary>Registers halt and resume under <c>exchange</c>.</summary>
internal static class ExchangeHaltCli
{
    /// <summary>Adds the commands to the exchange branch.</summary>
    public static void Register(IConfigurator<CommandSettings> exchange)
    {
        exchange.AddCommand<ExchangeHaltCommand>("halt")
            .WithDescription("Halt trading in an instrument's open day (exchange operator or regulator): orders and block trades are refused until resumed or the day closes; cancels still run.")
            .WithExample("exchange", "halt", "--instrument", "CEA21", "--reason", "Abnormal price swings");
        exchange.AddCommand<ExchangeResumeCommand>("resume")
            .WithDescription("Resume trading in a halted instrument (exchange operator or regulator).")
            .WithExample("exchange", "resume", "--instrument", "CEA21");
    }
}
