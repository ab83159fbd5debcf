// Position limits on the CLI: the regulator records a compliance entity's allocation of an instrument (the basis of
// its limit, exchange.set_position_allocation), and anyone with the database reads the large-holder report.
using System.ComponentModel;
using System.Globalization;
using OpenEts.Exchange;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Options of <c>exchange large-holders</c>.</summary>
public sealed class LargeHoldersSettings : CommandSettings
{
    /// <summary>The instrument reported on.</summary>
    [CommandOption("--instrument <CLASS>")]
    [Description("Instrument (unit class), e.g. BEA21.")]
    public string? Instrument { get; init; }
}

/// <summary><c>exchange large-holders --instrument X</c>: holders above the disclosure threshold of the instrument's rulebook.</summary>
public sealed class LargeHoldersCommand : AsyncCommand<LargeHoldersSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, LargeHoldersSettings s, CancellationToken cancellationToken)
    {
        var instrument = Parse.Required(s.Instrument, "--instrument");
        await using var engine = MarketHost.Open();
        var report = await engine.QueryAsync(w => LargeHolderReport.Of(w, instrument))
            ?? throw CliException.Rejected("unknown_unit_class", $"'{instrument}' is not a unit class the registry holds.");
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(report);
            return ExitCodes.Ok;
        }
        if (!report.PositionLimit)
        {
            AnsiConsole.WriteLine($"{instrument} trades under {report.Rulebook}, which sets no position limit: no large holder is reported.");
            return ExitCodes.Ok;
        }
        if (report.Holders.Count == 0)
        {
            AnsiConsole.WriteLine($"No holder of {instrument} is above its disclosure threshold ({report.Rulebook}).");
            return ExitCodes.Ok;
        }
        static string T(long t) => t.ToString("N0", CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("holder", "kind").AddColumn("held t", c => c.RightAligned()).AddColumn("open buys t", c => c.RightAligned())
            .AddColumn("position t", c => c.RightAligned()).AddColumn("threshold t", c => c.RightAligned()).AddColumn("excess t", c => c.RightAligned())
            .AddColumn("limit t", c => c.RightAligned());
        foreach (var p in report.Holders)
            table.AddRow(Markup.Escape(p.Holder), p.ComplianceEntity ? $"compliance entity (allocation {T(p.AllocationT)} t)" : "other",
                T(p.HeldT), T(p.PendingBuyT), T(p.PositionT), T(p.DisclosureT), T(p.ExcessT), T(p.LimitT));
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary>Options of <c>exchange set-position-allocation</c>.</summary>
public sealed class SetPositionAllocationSettings : AuctionWriteSettings
{
    /// <summary>The compliance entity's account.</summary>
    [CommandOption("--account <ACCOUNT>")]
    [Description("A covered entity's account.")]
    public string? Account { get; init; }

    /// <summary>The instrument the allocation is of.</summary>
    [CommandOption("--instrument <CLASS>")]
    [Description("Instrument (unit class), e.g. BEA21.")]
    public string? Instrument { get; init; }

    /// <summary>The allocation, t.</summary>
    [CommandOption("--tonnes <T>")]
    [Description("The entity's allocation of the instrument, t (0 removes it).")]
    public string? Tonnes { get; init; }
}

/// <summary><c>exchange set-position-allocation</c>: exchange.set_position_allocation, by the regulator unless --as says otherwise.</summary>
public sealed class SetPositionAllocationCommand : AsyncCommand<SetPositionAllocationSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, SetPositionAllocationSettings s, CancellationToken cancellationToken)
    {
        var account = Parse.Required(s.Account, "--account");
        var instrument = Parse.Required(s.Instrument, "--instrument");
        var tonnes = Parse.Long(s.Tonnes, "--tonnes");
        await using var engine = MarketHost.Open();
        await AuctionCli.Submit(engine, s.Actor ?? MarketSetup.Regulator, new SetPositionAllocation(account, instrument, tonnes), s,
            $"recorded {account}'s allocation of {instrument}: {tonnes:N0} t", new() { ["account"] = account, ["instrument"] = instrument, ["allocation_t"] = tonnes });
        return ExitCodes.Ok;
    }
}

/// <summary>Registers the position-limit commands under <c>exchange</c>.</summary>
internal static class PositionLimitCli
{
    /// <summary>Adds the commands to the exchange branch.</summary>
    public static void Register(IConfigurator<CommandSettings> exchange)
    {
        exchange.AddCommand<LargeHoldersCommand>("large-holders")
            .WithDescription("Holders of an instrument above the disclosure threshold of its rulebook (position_limit): position, threshold, excess and limit.")
            .WithExample("exchange", "large-holders", "--instrument", "BEA21");
        exchange.AddCommand<SetPositionAllocationCommand>("set-position-allocation")
            .WithDescription("Record a compliance entity's allocation of an instrument, the basis of its position limit (regulator).")
            .WithExample("exchange", "set-position-allocation", "--account", "E1", "--instrument", "BEA21", "--tonnes", "300000");
    }
}
