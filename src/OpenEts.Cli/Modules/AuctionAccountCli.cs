// The last ways out of the market's auction account on the CLI: the regulator pays auction proceeds to the market's
// treasury account (exchange.pay_proceeds) and has an auction's unsold units cancelled (exchange.cancel_unsold) or
// returned to the market's reserve account (exchange.return_unsold).
using System.ComponentModel;
using OpenEts.Exchange;
using OpenEts.Registry;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Options of <c>auction pay-proceeds</c>.</summary>
public sealed class AuctionPayProceedsSettings : AuctionWriteSettings
{
    /// <summary>The amount in yuan.</summary>
    [CommandOption("--yuan <YUAN>")]
    [Description("Amount paid from the auction account's proceeds to the treasury account, in yuan with at most two decimals.")]
    public string? Yuan { get; init; }

    /// <summary>The treasury account.</summary>
    [CommandOption("--to <ACCOUNT>")]
    [Description("Treasury account of the market that receives it (default: the auction rulebook's, <market>-TREASURY).")]
    public string? To { get; init; }

    /// <summary>The market.</summary>
    [CommandOption("--market <ID>")]
    [Description("Market whose <market>-AUCTION pays (default cn).")]
    public string? Market { get; init; }
}

/// <summary><c>auction pay-proceeds --yuan N [--to ACCOUNT]</c>: exchange.pay_proceeds, by the regulator unless --as says otherwise.</summary>
public sealed class AuctionPayProceedsCommand : AsyncCommand<AuctionPayProceedsSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AuctionPayProceedsSettings s, CancellationToken cancellationToken)
    {
        var amount = Parse.Yuan(s.Yuan, "--yuan");
        var market = s.Market ?? "cn";
        var to = s.To ?? AuctionRulebook.National.ProceedsAccount(market);
        await using var engine = MarketHost.Open();
        await AuctionCli.Submit(engine, s.Actor ?? MarketSetup.Regulator, new PayProceeds(market, amount.Value, s.To), s,
            $"paid {amount.ToYuanString()} yuan of auction proceeds from {market}-AUCTION to {to}",
            new() { ["market_id"] = market, ["amount_fen"] = amount.Value, ["to_account"] = to });
        return ExitCodes.Ok;
    }
}

/// <summary>Options of <c>auction cancel-unsold</c> and <c>auction return-unsold</c>.</summary>
public sealed class AuctionUnsoldSettings : AuctionWriteSettings
{
    /// <summary>The unit class.</summary>
    [CommandOption("--class <CLASS>")]
    [Description("Unit class an auction left unsold (CEA21).")]
    public string? Class { get; init; }

    /// <summary>The tonnes to take.</summary>
    [CommandOption("--quantity <TONNES>")]
    [Description("Tonnes to cancel or return; or --all.")]
    public string? Quantity { get; init; }

    /// <summary>Every tonne still unsold and free.</summary>
    [CommandOption("--all")]
    [Description("Every tonne the latest auction of the class left unsold and not yet cancelled or returned, of those the auction account holds free (not locked by a standing auction).")]
    public bool All { get; init; }

    /// <summary>The class and the tonnes (null: all), or a usage error.</summary>
    internal (string Class, long? QuantityT) Read()
    {
        var cls = Parse.Required(Class, "--class");
        if (All == (Quantity is not null))
            throw CliException.BadInput("Give either --quantity or --all.", "missing_option");
        return (cls, All ? null : Parse.Long(Quantity, "--quantity"));
    }
}

/// <summary><c>auction cancel-unsold --class C (--quantity N | --all)</c>: exchange.cancel_unsold, by the regulator unless --as says otherwise.</summary>
public sealed class AuctionCancelUnsoldCommand : AsyncCommand<AuctionUnsoldSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, AuctionUnsoldSettings s, CancellationToken cancellationToken) =>
        AuctionUnsold.Run(s, (cls, quantity) => new CancelUnsold(cls, quantity), "cancelled", "the cancellation account");
}

/// <summary><c>auction return-unsold --class C (--quantity N | --all)</c>: exchange.return_unsold, by the regulator unless --as says otherwise.</summary>
public sealed class AuctionReturnUnsoldCommand : AsyncCommand<AuctionUnsoldSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, AuctionUnsoldSettings s, CancellationToken cancellationToken) =>
        AuctionUnsold.Run(s, (cls, quantity) => new ReturnUnsold(cls, quantity), "returned", "the reserve account");
}

/// <summary>What the two commands on unsold units share: run the command, print what the engine took where.</summary>
internal static class AuctionUnsold
{
    public static async Task<int> Run(AuctionUnsoldSettings s, Func<string, long?, OpenEts.Core.Command> command, string verb, string destination)
    {
        var (cls, quantity) = s.Read();
        await using var engine = MarketHost.Open();
        var outcome = await MarketHost.Run(engine, s.Actor ?? MarketSetup.Regulator, command(cls, quantity), s.CommandId, Parse.Time(s.At, "--at"));
        // With --all the engine decides how many tonnes are free; its event says.
        var done = outcome.Events.Select(e => e switch
        {
            UnsoldCancelled c => (c.QuantityT, c.FromAccount, c.ToAccount),
            UnsoldReturned r => (r.QuantityT, r.FromAccount, r.ToAccount),
            _ => ((long QuantityT, string FromAccount, string ToAccount)?)null,
        }).FirstOrDefault(d => d is not null);
        var taken = done?.QuantityT ?? quantity;
        Output.Done(outcome, $"{verb} {taken:N0} t of {cls} left unsold in {done?.FromAccount ?? "the auction account"} into {done?.ToAccount ?? destination}",
            new Dictionary<string, object?> { ["class"] = cls, ["quantity_t"] = taken, ["from_account"] = done?.FromAccount, ["to_account"] = done?.ToAccount });
        return ExitCodes.Ok;
    }
}
