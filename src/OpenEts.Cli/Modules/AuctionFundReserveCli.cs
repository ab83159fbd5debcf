// The regulator funds the market's reserve from auction proceeds on the CLI (exchange.fund_reserve), before a buy-back
// (auction announce --side buy --for cn-RESERVE) can lock the cash it offers to pay.
using System.ComponentModel;
using OpenEts.Exchange;
using OpenEts.Registry;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Options of <c>auction fund-reserve</c>.</summary>
public sealed class AuctionFundReserveSettings : AuctionWriteSettings
{
    /// <summary>The amount in yuan.</summary>
    [CommandOption("--yuan <YUAN>")]
    [Description("Amount moved from the auction account's proceeds to the reserve account, in yuan with at most two decimals.")]
    public string? Yuan { get; init; }

    /// <summary>The market.</summary>
    [CommandOption("--market <ID>")]
    [Description("Market whose <market>-AUCTION pays into <market>-RESERVE (default cn).")]
    public string? Market { get; init; }
}

/// <summary><c>auction fund-reserve --yuan N</c>: exchange.fund_reserve, by the regulator unless --as says otherwise.</summary>
public sealed class AuctionFundReserveCommand : AsyncCommand<AuctionFundReserveSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AuctionFundReserveSettings s, CancellationToken cancellationToken)
    {
        var amount = Parse.Yuan(s.Yuan, "--yuan");
        var market = s.Market ?? "cn";
        await using var engine = MarketHost.Open();
        await AuctionCli.Submit(engine, s.Actor ?? MarketSetup.Regulator, new FundReserve(market, amount.Value), s,
            $"moved {amount.ToYuanString()} yuan of auction proceeds from {market}-AUCTION to {market}-RESERVE",
            new() { ["market_id"] = market, ["amount_fen"] = amount.Value });
        return ExitCodes.Ok;
    }
}
