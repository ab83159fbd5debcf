// The foundation's commands: init, account open, issue, deposit, transfer, balance, history, verify, bench ledger.
using System.ComponentModel;
using OpenEts.Core;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers the foundation's CLI commands.</summary>
public static class CoreCli
{
    /// <summary>Adds the commands.</summary>
    public static void Register(IConfigurator config)
    {
        config.AddCommand<InitCommand>("init").WithDescription("Create a database (or open an existing one) and set up the national market.");
        config.AddBranch("account", a =>
        {
            a.SetDescription("Open and list accounts.");
            a.AddCommand<AccountOpenCommand>("open").WithDescription("Open a holder's account.");
            a.AddCommand<AccountListCommand>("list").WithDescription("List accounts.");
            a.AddCommand<AccountCloseCommand>("close").WithDescription("Close a holder's account that holds nothing (registry operator or regulator).");
        });
        config.AddCommand<IssueCommand>("issue").WithDescription("Issue allowances into a system account (regulator).");
        config.AddCommand<DepositCommand>("deposit").WithDescription("Book cash received from a settlement bank (registry operator).");
        config.AddCommand<WithdrawCommand>("withdraw").WithDescription("Pay cash out of an account through a settlement bank (registry operator).");
        config.AddCommand<TransferCommand>("transfer").WithDescription("Move units or cash between accounts.");
        config.AddCommand<BalanceCommand>("balance").WithDescription("Show holdings: held, locked, available.");
        config.AddCommand<HistoryCommand>("history").WithDescription("Show journal entries, optionally those touching one account.");
        config.AddCommand<VerifyCommand>("verify").WithDescription("Walk the hash chain and replay the state; exit 0 only when all is sound.");
        config.AddCommand<DemoCommand>("demo").WithDescription("Build a realistic national market (about 2,100 power companies, a year of trading, compliance) and print its statistics.");
        config.AddCommand<CrashChildCommand>("crash-child").IsHidden();
    }

    /// <summary>Adds the ledger benchmark under "bench".</summary>
    public static void RegisterBench(IConfigurator<CommandSettings> bench)
    {
        bench.AddCommand<BenchLedgerCommand>("ledger").WithDescription("Durable transfers/s through the engine vs one SQL transaction per transfer.");
    }
}

/// <summary>Options of commands that change state.</summary>
public class WriteSettings : CommandSettings
{
    /// <summary>The client-chosen command id; a retry with the same id has no second effect.</summary>
    [CommandOption("--id <COMMAND_ID>")]
    [Description("Command id (default: a new one). Reuse it to retry safely.")]
    public string? CommandId { get; init; }

    /// <summary>The acting identity.</summary>
    [CommandOption("--as <IDENTITY>")]
    [Description("Acting identity (default depends on the command).")]
    public string? Actor { get; init; }
}

/// <summary>Settings of init.</summary>
public sealed class InitSettings : CommandSettings
{
    /// <summary>Market id.</summary>
    [CommandOption("--market <ID>")]
    [DefaultValue("cn")]
    public string Market { get; init; } = "cn";
}

/// <summary>openets init.</summary>
public sealed class InitCommand : AsyncCommand<InitSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, InitSettings settings, CancellationToken cancellationToken)
    {
        await using var engine = MarketHost.Open(create: true);
        var changed = await MarketHost.Setup(engine, MarketSetup.National(settings.Market), DateTimeOffset.UtcNow);
        var accounts = await engine.QueryAsync(w => w.Get<RegistryState>().Accounts.Count);
        if (GlobalOptions.Current.Json)
            JsonOut.Write(new { database = engine.Journal.Description, market = settings.Market, commands_applied = changed, accounts, head_seq = engine.DurableSeq });
        else
            AnsiConsole.MarkupLineInterpolated($"[green]ready[/] {engine.Journal.Description}: market [bold]{settings.Market}[/], {changed} setup commands applied, journal at entry {engine.DurableSeq}.");
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of account open.</summary>
public sealed class AccountOpenSettings : WriteSettings
{
    /// <summary>Account id.</summary>
    [CommandArgument(0, "<ACCOUNT_ID>")]
    public string AccountId { get; init; } = "";

    /// <summary>Holder identity.</summary>
    [CommandOption("--holder <IDENTITY>")]
    public string? Holder { get; init; }

    /// <summary>Account kind.</summary>
    [CommandOption("--kind <KIND>")]
    [Description("covered_entity, investor or project_owner; treasury for a market's treasury account (auction proceeds, opened by a regulator or the registry operator)")]
    public string Kind { get; init; } = "investor";

    /// <summary>Market id.</summary>
    [CommandOption("--market <ID>")]
    public string Market { get; init; } = "cn";

    /// <summary>Holder's registered name.</summary>
    [CommandOption("--name <NAME>")]
    public string? Name { get; init; }

    /// <summary>The holder is a natural person, not a legal person or other organisation.</summary>
    [CommandOption("--natural-person")]
    [Description("The holder is a natural person (an investor account only); the rulebooks do not yet let natural persons trade")]
    public bool NaturalPerson { get; init; }
}

/// <summary>openets account open.</summary>
public sealed class AccountOpenCommand : AsyncCommand<AccountOpenSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AccountOpenSettings s, CancellationToken cancellationToken)
    {
        var kind = Parse.Enum<AccountKind>(s.Kind, "--kind");
        await using var engine = MarketHost.Open();
        var outcome = await MarketHost.Run(engine, s.Actor ?? MarketSetup.RegistryOperator,
            new OpenAccount(s.AccountId, s.Market, s.Holder ?? s.AccountId, kind, s.Name, s.NaturalPerson), s.CommandId);
        Output.Done(outcome, $"opened account {s.AccountId} ({kind}{(s.NaturalPerson ? ", a natural person's" : "")}) in market {s.Market}");
        return ExitCodes.Ok;
    }
}

/// <summary>openets account list.</summary>
public sealed class AccountListCommand : AsyncCommand<NoSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, NoSettings settings, CancellationToken cancellationToken)
    {
        await using var engine = MarketHost.Open();
        var rows = await engine.QueryAsync(w => w.Get<RegistryState>().Accounts.Values.OrderBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new { id = a.Id, market = a.MarketId, holder = a.Holder, kind = a.Kind, closed = a.Closed, frozen = a.FrozenReason }).ToList());
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { accounts = rows });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("account", "market", "holder", "kind", "status");
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.id), r.market, Markup.Escape(r.holder), r.kind.ToString(), r.closed ? "closed" : r.frozen is null ? "open" : "frozen");
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of issue.</summary>
public sealed class IssueSettings : WriteSettings
{
    /// <summary>Unit class.</summary>
    [CommandOption("--class <CLASS>")]
    public string? ClassId { get; init; }

    /// <summary>Whole tonnes.</summary>
    [CommandOption("--quantity <TONNES>")]
    public string? Quantity { get; init; }

    /// <summary>Target system account.</summary>
    [CommandOption("--to <ACCOUNT>")]
    public string To { get; init; } = "cn-ISSUANCE";
}

/// <summary>openets issue.</summary>
public sealed class IssueCommand : AsyncCommand<IssueSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, IssueSettings s, CancellationToken cancellationToken)
    {
        var cls = Parse.Required(s.ClassId, "--class");
        var quantity = Parse.Long(s.Quantity, "--quantity");
        await using var engine = MarketHost.Open();
        var outcome = await MarketHost.Run(engine, s.Actor ?? MarketSetup.Regulator, new Issue(cls, s.To, quantity), s.CommandId);
        Output.Done(outcome, $"issued {quantity:N0} t of {cls} into {s.To}");
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of deposit.</summary>
public sealed class DepositSettings : WriteSettings
{
    /// <summary>Account.</summary>
    [CommandOption("--account <ACCOUNT>")]
    public string? Account { get; init; }

    /// <summary>Yuan with at most two decimals.</summary>
    [CommandOption("--yuan <AMOUNT>")]
    public string? Yuan { get; init; }
}

/// <summary>A movement of cash through a settlement bank, by the registry operator: in (deposit) or out (withdraw).</summary>
public abstract class CashCommand : AsyncCommand<DepositSettings>
{
    /// <summary>The registry command for <paramref name="fen"/> and <paramref name="account"/>, and what was done.</summary>
    protected abstract (OpenEts.Core.Command Command, string Done) For(string account, Fen fen);

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, DepositSettings s, CancellationToken cancellationToken)
    {
        var account = Parse.Required(s.Account, "--account");
        var (command, done) = For(account, Parse.Yuan(s.Yuan, "--yuan"));
        await using var engine = MarketHost.Open();
        var outcome = await MarketHost.Run(engine, s.Actor ?? MarketSetup.RegistryOperator, command, s.CommandId);
        Output.Done(outcome, done);
        return ExitCodes.Ok;
    }
}

/// <summary>openets deposit.</summary>
public sealed class DepositCommand : CashCommand
{
    /// <inheritdoc />
    protected override (OpenEts.Core.Command Command, string Done) For(string account, Fen fen) =>
        (new DepositCash(account, fen.Value), $"booked {fen.ToYuanString()} into {account}");
}

/// <summary>openets withdraw: the registry operator pays an account's available cash out through a settlement bank.</summary>
public sealed class WithdrawCommand : CashCommand
{
    /// <inheritdoc />
    protected override (OpenEts.Core.Command Command, string Done) For(string account, Fen fen) =>
        (new WithdrawCash(account, fen.Value), $"paid {fen.ToYuanString()} out of {account}");
}

/// <summary>Settings of account close.</summary>
public sealed class AccountCloseSettings : WriteSettings
{
    /// <summary>Account id.</summary>
    [CommandArgument(0, "<ACCOUNT_ID>")]
    public string AccountId { get; init; } = "";
}

/// <summary>openets account close: closes a holder's account that holds nothing (dissolution, bankruptcy, death).</summary>
public sealed class AccountCloseCommand : AsyncCommand<AccountCloseSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, AccountCloseSettings s, CancellationToken cancellationToken)
    {
        await using var engine = MarketHost.Open();
        var outcome = await MarketHost.Run(engine, s.Actor ?? MarketSetup.RegistryOperator, new CloseAccount(s.AccountId), s.CommandId);
        Output.Done(outcome, $"closed account {s.AccountId}");
        return ExitCodes.Ok;
    }
}

/// <summary>Settings of transfer.</summary>
public sealed class TransferSettings : WriteSettings
{
    /// <summary>Source account.</summary>
    [CommandOption("--from <ACCOUNT>")]
    public string? From { get; init; }

    /// <summary>Target account.</summary>
    [CommandOption("--to <ACCOUNT>")]
    public string? To { get; init; }

    /// <summary>Unit class (CNY for cash).</summary>
    [CommandOption("--class <CLASS>")]
    public string? ClassId { get; init; }

    /// <summary>Whole tonnes (or fen for cash).</summary>
    [CommandOption("--quantity <QUANTITY>")]
    public string? Quantity { get; init; }

    /// <summary>Consume from this lock.</summary>
    [CommandOption("--lock <LOCK_ID>")]
    public string? LockId { get; init; }
}

/// <summary>openets transfer.</summary>
public sealed class TransferCommand : AsyncCommand<TransferSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, TransferSettings s, CancellationToken cancellationToken)
    {
        var from = Parse.Required(s.From, "--from");
        var to = Parse.Required(s.To, "--to");
        var cls = Parse.Required(s.ClassId, "--class");
        var quantity = Parse.Long(s.Quantity, "--quantity");
        await using var engine = MarketHost.Open();
        var outcome = await MarketHost.Run(engine, s.Actor ?? MarketSetup.RegistryOperator, new Transfer(from, to, cls, quantity, s.LockId), s.CommandId);
        Output.Done(outcome, $"moved {quantity:N0} of {cls} from {from} to {to}");
        return ExitCodes.Ok;
    }
}
