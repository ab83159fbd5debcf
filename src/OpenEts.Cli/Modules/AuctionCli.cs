// One-way bidding (auctions) on the CLI: list and show auctions, announce, bid, withdraw and clear through the
// engine's commands on the database of --db; a seller's auction by default, a member's buyer's auction with --side buy
// (its bids are offers to sell). Bids stay sealed until clearing: before it only their count is shown;
// after it the clearing price and what each winning account was allocated.
using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers <c>openets auction …</c>.</summary>
public static class AuctionCli
{
    /// <summary>Adds the commands.</summary>
    public static void Register(IConfigurator config)
    {
        config.AddBranch("auction", a =>
        {
            a.SetDescription("One-way bidding: announce an auction, bid sealed, withdraw, clear, and read the results.");
            a.AddCommand<AuctionListCommand>("list").WithDescription("Every auction: status, window, quantity, floor, and the result once cleared.");
            a.AddCommand<AuctionShowCommand>("show").WithDescription("One auction's notice; the bid count before clearing, the price and each winner's allocation after.");
            a.AddCommand<AuctionAnnounceCommand>("announce").WithDescription("Announce a seller's auction of units from a selling account (its holder; the regulator for cn-AUCTION and cn-RESERVE), "
                    + "or with --side buy a buyer's auction for a member's buying account (its holder) or a buy-back into cn-RESERVE (the regulator), capped by --cap.")
                .WithExample("auction", "announce", "A-2021-1", "--class", "CEA21", "--quantity", "100000", "--floor", "40.00", "--day", "2021-07-19", "--window", "10:00-11:00")
                .WithExample("auction", "announce", "B-2021-1", "--side", "buy", "--for", "E1", "--class", "CEA21", "--quantity", "20000", "--cap", "45.00", "--day", "2021-07-19", "--window", "10:00-11:00");
            a.AddCommand<AuctionBidCommand>("bid").WithDescription("Submit a sealed bid for an account (its holder, by default); in a buyer's auction a bid is an offer to sell, locking its units.")
                .WithExample("auction", "bid", "A-2021-1", "--account", "E1", "--price", "41.00", "--quantity", "20000");
            a.AddCommand<AuctionWithdrawCommand>("withdraw").WithDescription("Withdraw a standing bid before the window closes.");
            a.AddCommand<AuctionClearCommand>("clear").WithDescription("Clear an auction after its window (exchange operator): one price, allocations settled.");
            a.AddCommand<AuctionFundReserveCommand>("fund-reserve").WithDescription("Move auction proceeds from the market's auction account to its reserve account (regulator), "
                    + "which then buys back with announce --side buy --for cn-RESERVE.")
                .WithExample("auction", "fund-reserve", "--yuan", "1000000.00");
            a.AddCommand<AuctionPayProceedsCommand>("pay-proceeds").WithDescription("Pay auction proceeds from the market's auction account to its treasury account (regulator).")
                .WithExample("auction", "pay-proceeds", "--yuan", "2000000.00")
                .WithExample("auction", "pay-proceeds", "--yuan", "2000000.00", "--to", "cn-TREASURY");
            a.AddCommand<AuctionCancelUnsoldCommand>("cancel-unsold").WithDescription("Cancel units an auction left unsold in the market's auction account (regulator); "
                    + "units locked by a standing auction stay.")
                .WithExample("auction", "cancel-unsold", "--class", "CEA21", "--quantity", "40000")
                .WithExample("auction", "cancel-unsold", "--class", "CEA21", "--all");
            a.AddCommand<AuctionReturnUnsoldCommand>("return-unsold").WithDescription("Return units an auction left unsold from the market's auction account to its reserve "
                    + "account (regulator), where a reserve release may sell them later; units locked by a standing auction stay.")
                .WithExample("auction", "return-unsold", "--class", "CEA21", "--quantity", "40000")
                .WithExample("auction", "return-unsold", "--class", "CEA21", "--all");
        });
    }

    /// <summary>The market's rules of time (market UTC offset).</summary>
    internal static TradingRulebook Rules => TradingRulebook.National;

    /// <summary>Reads one auction as the host shows it (bids counted, never shown, before clearing); null when unknown.</summary>
    internal static AuctionRow? Read(World w, string auctionId, DateTimeOffset now) =>
        w.Get<ExchangeState>().Auction(auctionId) is { } a ? AuctionRow.Of(a, w.Get<RegistryState>(), now) : null;

    /// <summary>Submits a command; prints its outcome (with --json: accepted, seq, replayed, events and <paramref name="extra"/>).</summary>
    internal static async Task<Outcome> Submit(Engine engine, string actor, OpenEts.Core.Command command, AuctionWriteSettings s, string what, Dictionary<string, object?>? extra = null)
    {
        var outcome = await MarketHost.Run(engine, actor, command, s.CommandId, Parse.Time(s.At, "--at"));
        Output.Done(outcome, what, extra);
        return outcome;
    }

    /// <summary>A price in yuan with two decimals.</summary>
    internal static string Yuan(long fen) => new Fen(fen).ToYuanString();

    /// <summary>A time as market-local "yyyy-MM-dd HH:mm".</summary>
    internal static string Local(DateTimeOffset t) => Rules.LocalTime(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>A winning bid after clearing: the account, what it was allocated and what it paid before fees.</summary>
public sealed record AuctionWinner(string BidId, string Account, long AllocatedT, long ValueFen);

/// <summary>One auction as the CLI shows it: the notice, the phase, the number of bids, and once cleared the result.</summary>
public sealed record AuctionRow(
    string AuctionId, string Instrument, Side Side, string? SellerAccount, string? BuyerAccount, DateOnly TradingDay, DateTimeOffset OpensAt, DateTimeOffset ClosesAt,
    long QuantityT, long ReservePriceFen, long MaxPerBidderT, long BidLotT, long MinBidT, AuctionPhase Status, int Bids,
    long? ClearingPriceFen, long? PlacedT, long? UnplacedT, IReadOnlyList<AuctionWinner> Winners)
{
    /// <summary>The account that announced: the seller's, or in a buyer's auction the buyer's.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Initiator => SellerAccount ?? BuyerAccount ?? "";

    /// <summary>The auction at <paramref name="now"/>; sealed bids are counted, their prices and quantities are not shown.</summary>
    public static AuctionRow Of(OneWayAuction auction, RegistryState registry, DateTimeOffset now)
    {
        // The notice and result as anyone reads them (no bid is shown to an empty reader); the bids are counted from the auction itself.
        var v = AuctionView.Of(auction, registry, "");
        var offset = AuctionCli.Rules.UtcOffset;
        var result = auction.Result;
        var winners = result is null ? []
            : result.Allocations.Where(a => a.AllocatedT > 0).Select(a => new AuctionWinner(a.BidId, a.Bidder, a.AllocatedT, a.AllocatedT * result.ClearingPriceFen!.Value)).ToList();
        return new AuctionRow(v.AuctionId, v.Instrument, auction.Terms.InitiatorSide, v.SellerAccount, v.BuyerAccount, v.TradingDay, v.OpensAt.ToOffset(offset), v.ClosesAt.ToOffset(offset),
            v.QuantityT, v.ReservePriceFen, v.MaxPerBidderT, v.BidLotT, v.MinBidT, AuctionPhases.At(v, now), result?.Allocations.Count ?? auction.Bids.Count,
            v.ClearingPriceFen, v.PlacedT, v.UnplacedT, winners);
    }
}

/// <summary>Options of the auction commands that change state: --id, --as and the command's time.</summary>
public class AuctionWriteSettings : WriteSettings
{
    /// <summary>The time of the command.</summary>
    [CommandOption("--at <TIME>")]
    [Description("Time of the command, ISO 8601 (2021-07-19T10:30:00+08:00), or a market date (10:00 Beijing time); default: now.")]
    public string? At { get; init; }
}

/// <summary>Options naming one auction.</summary>
public class AuctionIdSettings : AuctionWriteSettings
{
    /// <summary>The auction id.</summary>
    [CommandArgument(0, "<AUCTION_ID>")]
    public string AuctionId { get; init; } = "";
}

/// <summary><c>auction list</c>.</summary>
public sealed class AuctionListCommand : AsyncCommand<NoSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, NoSettings settings, CancellationToken cancellationToken)
    {
        await using var engine = MarketHost.Open();
        var now = DateTimeOffset.UtcNow;
        var rows = await engine.QueryAsync(w => w.Get<ExchangeState>().Auctions.Select(a => AuctionRow.Of(a, w.Get<RegistryState>(), now)).ToList());
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { auctions = rows });
            return ExitCodes.Ok;
        }
        if (rows.Count == 0)
        {
            AnsiConsole.WriteLine("No auction has been announced.");
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("auction", "class", "side", "account", "window (market time)").AddColumn("tonnes", c => c.RightAligned())
            .AddColumn("floor / cap", c => c.RightAligned()).AddColumns("status", "result");
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.AuctionId), Markup.Escape(r.Instrument), AuctionPhases.InitiatorName(r.Side), Markup.Escape(r.Initiator),
                $"{AuctionCli.Local(r.OpensAt)}–{r.ClosesAt.ToOffset(AuctionCli.Rules.UtcOffset):HH:mm}", r.QuantityT.ToString("N0", CultureInfo.InvariantCulture),
                AuctionCli.Yuan(r.ReservePriceFen), AuctionPhases.Name(r.Status), Result(r));
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static string Result(AuctionRow r) =>
        r.Status != AuctionPhase.Cleared ? ""
        : r.ClearingPriceFen is { } p ? $"{r.PlacedT:N0} t at {AuctionCli.Yuan(p)}"
        : "nothing placed";
}

/// <summary>Options of <c>auction show</c>.</summary>
public sealed class AuctionShowSettings : CommandSettings
{
    /// <summary>The auction id.</summary>
    [CommandArgument(0, "<AUCTION_ID>")]
    public string AuctionId { get; init; } = "";
}

/// <summary><c>auction show ID</c>.</summary>
public sealed class AuctionShowCommand : AsyncCommand<AuctionShowSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AuctionShowSettings s, CancellationToken cancellationToken)
    {
        await using var engine = MarketHost.Open();
        var row = await engine.QueryAsync(w => AuctionCli.Read(w, s.AuctionId, DateTimeOffset.UtcNow))
            ?? throw CliException.Rejected("unknown_auction", $"No auction '{s.AuctionId}'.");
        Print(row);
        return ExitCodes.Ok;
    }

    /// <summary>Prints one auction: JSON with --json, else its notice and result as tables.</summary>
    internal static void Print(AuctionRow r)
    {
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(r);
            return;
        }
        var limit = AuctionPhases.LimitName(r.Side);
        var notice = new Table().AddColumns("", "").HideHeaders().Title($"auction {Markup.Escape(r.AuctionId)}");
        notice.AddRow("instrument", Markup.Escape(r.Instrument));
        notice.AddRow(AuctionPhases.InitiatorName(r.Side), Markup.Escape(r.Initiator));
        notice.AddRow("window (market time)", $"{AuctionCli.Local(r.OpensAt)}–{r.ClosesAt.ToOffset(AuctionCli.Rules.UtcOffset):HH:mm}");
        notice.AddRow("quantity", $"{r.QuantityT:N0} t");
        notice.AddRow(limit, $"{AuctionCli.Yuan(r.ReservePriceFen)} yuan/t");
        notice.AddRow(r.Side == Side.Buy ? "bids (offers to sell)" : "bids", $"lots of {r.BidLotT:N0} t, at least {Math.Max(r.MinBidT, r.BidLotT):N0} t, at most {r.MaxPerBidderT:N0} t per member");
        notice.AddRow("status", AuctionPhases.Name(r.Status));
        notice.AddRow(r.Status == AuctionPhase.Cleared ? "bids at clearing" : "sealed bids", r.Bids.ToString(CultureInfo.InvariantCulture));
        if (r.Status == AuctionPhase.Cleared)
        {
            notice.AddRow("clearing price", r.ClearingPriceFen is { } p ? $"{AuctionCli.Yuan(p)} yuan/t" : "none (nothing placed)");
            notice.AddRow("placed / unplaced", $"{r.PlacedT:N0} t / {r.UnplacedT:N0} t");
        }
        AnsiConsole.Write(notice);
        if (r.Status != AuctionPhase.Cleared)
            return;
        var winners = new Table().Title("allocations").AddColumns("bid", "account").AddColumn("allocated (t)", c => c.RightAligned()).AddColumn("value (yuan)", c => c.RightAligned());
        foreach (var w in r.Winners)
            winners.AddRow(Markup.Escape(w.BidId), Markup.Escape(w.Account), w.AllocatedT.ToString("N0", CultureInfo.InvariantCulture), AuctionCli.Yuan(w.ValueFen));
        if (r.Winners.Count == 0)
            AnsiConsole.WriteLine("No bid was allocated anything.");
        else
            AnsiConsole.Write(winners);
    }
}

/// <summary>Options of <c>auction announce</c>.</summary>
public sealed partial class AuctionAnnounceSettings : AuctionIdSettings
{
    /// <summary>The unit class offered.</summary>
    [CommandOption("--class <CLASS>")]
    [Description("Allowance class offered (CEA21).")]
    public string? ClassId { get; init; }

    /// <summary>The initiator's side: sell (default) or buy.</summary>
    [CommandOption("--side <SIDE>")]
    [Description("sell (default): a seller's auction, with --from and --floor; buy: a buyer's auction, with --for and --cap, whose bids are offers to sell.")]
    public string? Side { get; init; }

    /// <summary>Tonnes offered (or wanted, in a buyer's auction).</summary>
    [CommandOption("--quantity <TONNES>")]
    [Description("Tonnes offered (with --side buy: wanted): a whole number of bid lots.")]
    public string? Quantity { get; init; }

    /// <summary>Floor price in yuan (a seller's auction).</summary>
    [CommandOption("--floor <YUAN>")]
    [Description("Floor price in yuan per tonne (40.00) of a seller's auction; bids below it are refused.")]
    public string? Floor { get; init; }

    /// <summary>Cap price in yuan (a buyer's auction).</summary>
    [CommandOption("--cap <YUAN>")]
    [Description("Cap price in yuan per tonne (45.00) of a buyer's auction; offers above it are refused, and quantity × cap (plus the buyer's fee) is locked in cash.")]
    public string? Cap { get; init; }

    /// <summary>The trading day of the window.</summary>
    [CommandOption("--day <DATE>")]
    [Description("Trading day of the window (market date, 2021-07-19).")]
    public string? Day { get; init; }

    /// <summary>The window in market time.</summary>
    [CommandOption("--window <HH:MM-HH:MM>")]
    [Description("Bidding window in market time (10:00-11:00).")]
    public string? Window { get; init; }

    /// <summary>The selling account (a seller's auction).</summary>
    [CommandOption("--from <ACCOUNT>")]
    [Description("Selling account of a seller's auction (default cn-AUCTION).")]
    public string? From { get; init; }

    /// <summary>The buying account (a buyer's auction).</summary>
    [CommandOption("--for <ACCOUNT>")]
    [Description("Buying account of a buyer's auction (--side buy): a member's own account, or cn-RESERVE for the regulator's buy-back (funded first with fund-reserve); other system accounts are refused.")]
    public string? For { get; init; }

    /// <summary>A lower per-member limit than the rulebook's.</summary>
    [CommandOption("--max-per-member <TONNES>")]
    [Description("Lower per-member limit in tonnes (default: the rulebook's 25% of the quantity, in whole lots).")]
    public string? MaxPerMember { get; init; }

    /// <summary>The window's opening and closing instants, from --day and --window in market time.</summary>
    public (DateTimeOffset Opens, DateTimeOffset Closes) WindowTimes(TimeSpan utcOffset)
    {
        var day = DateOnly.TryParseExact(Parse.Required(Day, "--day"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw CliException.BadInput($"--day must be a date like 2021-07-19; '{Day}' is not.", "bad_date");
        var m = WindowPattern().Match(Parse.Required(Window, "--window"));
        if (!m.Success || !TimeOnly.TryParseExact(m.Groups[1].Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeOnly.TryParseExact(m.Groups[2].Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
            throw CliException.BadInput($"--window must be two market times like 10:00-11:00; '{Window}' is not.", "bad_window");
        return (new DateTimeOffset(day.ToDateTime(from), utcOffset), new DateTimeOffset(day.ToDateTime(to), utcOffset));
    }

    [GeneratedRegex("^([0-9]{2}:[0-9]{2})-([0-9]{2}:[0-9]{2})$")]
    private static partial Regex WindowPattern();
}

/// <summary>
/// <c>auction announce ID --class C --quantity N --floor P --day D --window HH:MM-HH:MM [--from A]</c>, or a buyer's auction
/// with <c>--side buy --for A --cap P</c>. Options of the other side are refused, so a cap is never read as a floor.
/// </summary>
public sealed class AuctionAnnounceCommand : AsyncCommand<AuctionAnnounceSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AuctionAnnounceSettings s, CancellationToken cancellationToken)
    {
        var side = Parse.Enum<Side>(s.Side ?? "sell", "--side");
        var buying = side == Side.Buy;
        if ((buying ? s.From ?? s.Floor : s.For ?? s.Cap) is not null)
            throw CliException.BadInput(buying
                ? "A buyer's auction (--side buy) names its buying account with --for and its cap with --cap; --from and --floor belong to a seller's auction."
                : "A seller's auction names its selling account with --from and its floor with --floor; --for and --cap need --side buy.", "wrong_side_option");
        var cls = Parse.Required(s.ClassId, "--class");
        var quantity = Parse.Long(s.Quantity, "--quantity");
        var account = buying ? Parse.Required(s.For, "--for") : s.From ?? "cn-AUCTION";
        var price = buying ? Parse.Yuan(s.Cap, "--cap") : Parse.Yuan(s.Floor, "--floor");
        var (opens, closes) = s.WindowTimes(AuctionCli.Rules.UtcOffset);
        long? limit = s.MaxPerMember is null ? null : Parse.Long(s.MaxPerMember, "--max-per-member");
        await using var engine = MarketHost.Open();
        // By default the holder of a member's account announces; the regulator for the market's auction and reserve accounts
        // (the engine refuses a buyer's auction for the auction account, whoever asks; one for the reserve is a buy-back).
        var actor = s.Actor ?? await engine.QueryAsync(w =>
            w.Get<RegistryState>().Accounts.TryGetValue(account, out var a) && a.Kind.IsHolderKind() ? a.Holder : MarketSetup.Regulator);
        var notice = buying
            ? new AnnounceAuction(s.AuctionId, cls, quantity, price.Value, opens, closes, null, limit, Side.Buy, account)
            : new AnnounceAuction(s.AuctionId, cls, quantity, price.Value, opens, closes, account, limit);
        var what = buying ? $"buying {quantity:N0} t of {cls} for {account}, cap {price.ToYuanString()}" : $"{quantity:N0} t of {cls} from {account}, floor {price.ToYuanString()}";
        await AuctionCli.Submit(engine, actor, notice, s,
            $"announced {AuctionPhases.InitiatorName(side)}'s auction {s.AuctionId}: {what}, {AuctionCli.Local(opens)}–{closes.ToOffset(AuctionCli.Rules.UtcOffset):HH:mm}",
            new() { ["auction_id"] = s.AuctionId });
        return ExitCodes.Ok;
    }
}

/// <summary>Options of <c>auction bid</c>.</summary>
public sealed class AuctionBidSettings : AuctionIdSettings
{
    /// <summary>The bidding account.</summary>
    [CommandOption("--account <ACCOUNT>")]
    public string? Account { get; init; }

    /// <summary>Bid price in yuan.</summary>
    [CommandOption("--price <YUAN>")]
    [Description("Bid price in yuan per tonne (41.00): at or above a seller's floor; in a buyer's auction the price asked for the units offered, at or below the cap.")]
    public string? Price { get; init; }

    /// <summary>Tonnes bid for (offered, in a buyer's auction).</summary>
    [CommandOption("--quantity <TONNES>")]
    [Description("Tonnes bid for; in a buyer's auction, tonnes offered to sell (locked until clearing).")]
    public string? Quantity { get; init; }

    /// <summary>The bid id.</summary>
    [CommandOption("--bid-id <ID>")]
    [Description("Bid id (default: a new one, printed). Give it with --id to retry safely.")]
    public string? BidId { get; init; }
}

/// <summary><c>auction bid ID --account A --price P --quantity N</c>.</summary>
public sealed class AuctionBidCommand : AsyncCommand<AuctionBidSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AuctionBidSettings s, CancellationToken cancellationToken)
    {
        var account = Parse.Required(s.Account, "--account");
        var price = Parse.Yuan(s.Price, "--price");
        var quantity = Parse.Long(s.Quantity, "--quantity");
        var bidId = s.BidId ?? "b-" + Guid.NewGuid().ToString("N")[..16];
        await using var engine = MarketHost.Open();
        var actor = s.Actor ?? await AccountHolder(engine, account);
        var offer = await engine.QueryAsync(w => w.Get<ExchangeState>().Auction(s.AuctionId)?.Terms.InitiatorSide == Side.Buy);
        await AuctionCli.Submit(engine, actor, new SubmitAuctionBid(s.AuctionId, bidId, account, price.Value, quantity), s,
            offer ? $"offer {bidId} in buyer's auction {s.AuctionId}: {account} sells {quantity:N0} t at {price.ToYuanString()} (sealed until clearing, units locked)"
                : $"bid {bidId} in auction {s.AuctionId}: {quantity:N0} t at {price.ToYuanString()} for {account} (sealed until clearing)",
            new() { ["auction_id"] = s.AuctionId, ["bid_id"] = bidId });
        return ExitCodes.Ok;
    }

    /// <summary>The holder of <paramref name="account"/>, who acts for it by default; unknown accounts are left to the engine to refuse.</summary>
    internal static Task<string> AccountHolder(Engine engine, string account) =>
        engine.QueryAsync(w => w.Get<RegistryState>().Accounts.TryGetValue(account, out var a) ? a.Holder : MarketSetup.ExchangeOperator);
}

/// <summary>Options of <c>auction withdraw</c>.</summary>
public sealed class AuctionWithdrawSettings : AuctionIdSettings
{
    /// <summary>The bid id.</summary>
    [CommandArgument(1, "<BID_ID>")]
    public string BidId { get; init; } = "";

    /// <summary>The bidding account (default: the bid's).</summary>
    [CommandOption("--account <ACCOUNT>")]
    [Description("The bid's account (default: the account that placed it).")]
    public string? Account { get; init; }
}

/// <summary><c>auction withdraw ID BID</c>.</summary>
public sealed class AuctionWithdrawCommand : AsyncCommand<AuctionWithdrawSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AuctionWithdrawSettings s, CancellationToken cancellationToken)
    {
        await using var engine = MarketHost.Open();
        var account = s.Account ?? await engine.QueryAsync(w => w.Get<ExchangeState>().Auction(s.AuctionId)?.FindBid(s.BidId)?.Bidder) ?? "";
        var actor = s.Actor ?? await AuctionBidCommand.AccountHolder(engine, account);
        await AuctionCli.Submit(engine, actor, new WithdrawAuctionBid(s.AuctionId, s.BidId, account), s,
            $"withdrew bid {s.BidId} of {account} from auction {s.AuctionId}; its cash is released", new() { ["auction_id"] = s.AuctionId, ["bid_id"] = s.BidId });
        return ExitCodes.Ok;
    }
}

/// <summary><c>auction clear ID</c>.</summary>
public sealed class AuctionClearCommand : AsyncCommand<AuctionIdSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AuctionIdSettings s, CancellationToken cancellationToken)
    {
        await using var engine = MarketHost.Open();
        var at = Parse.Time(s.At, "--at");
        var outcome = await MarketHost.Run(engine, s.Actor ?? MarketSetup.ExchangeOperator, new ClearAuction(s.AuctionId), s.CommandId, at);
        var row = (await engine.QueryAsync(w => AuctionCli.Read(w, s.AuctionId, at)))!;
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { accepted = true, seq = outcome.Seq, replayed = outcome.Replayed, auction = row });
            return ExitCodes.Ok;
        }
        AnsiConsole.MarkupLineInterpolated($"[green]done[/] cleared auction {s.AuctionId} — journal entry {outcome.Seq}{(outcome.Replayed ? " (a retry: the first outcome, nothing changed)" : "")}");
        AuctionShowCommand.Print(row);
        return ExitCodes.Ok;
    }
}
