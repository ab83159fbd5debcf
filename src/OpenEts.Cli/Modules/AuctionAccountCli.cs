// The last ways out of the market's auction account on the CLI: the regulator pays auction proceeds to the market's
// treasury account (exchange.pay_proceeds) and has an auction's unsold units cancelled (exchange.cancel_unsold).
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

/// <summary>Options of <c>auction cancel-unsold</c>.</summary>
public sealed class AuctionCancelUnsoldSettings : AuctionWriteSettings
{
    /// <summary>The unit class.</summary>
    [CommandOption("--class <CLASS>")]
    [Description("Unit class an auction left unsold (CEA21).")]
    public string? Class { get; init; }

    /// <summary>The tonnes to cancel.</summary>
    [CommandOption("--quantity <TONNES>")]
    [Description("Tonnes to cancel; or --all.")]
    public string? Quantity { get; init; }

    /// <summary>Every tonne still unsold and free.</summary>
    [CommandOption("--all")]
    [Description("Cancel every tonne the latest auction of the class left unsold and not yet cancelled, of those the auction account holds free (not locked by a standing auction).")]
    public bool All { get; init; }
}

/// <summary><c>auction cancel-unsold --class C (--quantity N | --all)</c>: exchange.cancel_unsold, by the regulator unless --as says otherwise.</summary>
public sealed class AuctionCancelUnsoldCommand : AsyncCommand<AuctionCancelUnsoldSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AuctionCancelUnsoldSettings s, CancellationToken cancellationToken)
    {
        var cls = Parse.Required(s.Class, "--class");
        if (s.All == (s.Quantity is not null))
            throw CliException.BadInput("Give either --quantity or --all.", "missing_option");
        long? quantity = s.All ? null : Parse.Long(s.Quantity, "--quantity");
        await using var engine = MarketHost.Open();
        var outcome = await MarketHost.Run(engine, s.Actor ?? MarketSetup.Regulator, new CancelUnsold(cls, quantity), s.CommandId, Parse.Time(s.At, "--at"));
        // With --all the engine decides how many tonnes are free; its event says.
        var done = outcome.Events.OfType<UnsoldCancelled>().FirstOrDefault();
        var cancelledT = done?.QuantityT ?? quantity;
        Output.Done(outcome, $"cancelled {cancelledT:N0} t of {cls} left unsold in {done?.FromAccount ?? "the auction account"} into {done?.ToAccount ?? "the cancellation account"}",
            new Dictionary<string, object?> { ["class"] = cls, ["quantity_t"] = cancelledT, ["from_account"] = done?.FromAccount, ["to_account"] = done?.ToAccount });
        return ExitCodes.Ok;
    }
}
