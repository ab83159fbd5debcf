// Read-only commands: balance and history.
using System.ComponentModel;
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Settings of balance.</summary>
public sealed class BalanceSettings : CommandSettings
{
    /// <summary>Account (all accounts when absent).</summary>
    [CommandArgument(0, "[ACCOUNT]")]
    public string? Account { get; init; }

    /// <summary>Only this class.</summary>
    [CommandOption("--class <CLASS>")]
    public string? ClassId { get; init; }
}

/// <summary>openets balance.</summary>
public sealed class BalanceCommand : AsyncCommand<BalanceSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, BalanceSettings s, CancellationToken cancellationToken)
    {
        await using var engine = MarketHost.Open();
        var rows = await engine.QueryAsync(w =>
        {
            var r = w.Get<RegistryState>();
            if (s.Account is not null && !r.Accounts.ContainsKey(s.Account))
                return null;
            return r.Holdings
                .Where(h => (s.Account is null || h.Key.Account == s.Account) && (s.ClassId is null || h.Key.Class == s.ClassId) && h.Value.Held != 0)
                .OrderBy(h => h.Key.Account, StringComparer.Ordinal).ThenBy(h => h.Key.Class, StringComparer.Ordinal)
                .Select(h => new BalanceRow(h.Key.Account, h.Key.Class, r.Classes[h.Key.Class].Type == UnitType.Cash ? "fen" : "t",
                    h.Value.Held, h.Value.Locked, h.Value.Available, h.Value.Serials?.Ranges.Select(x => x.ToString()).ToList()))
                .ToList();
        });
        if (rows is null)
            throw CliException.Rejected("unknown_account", $"No account has the id '{s.Account}'.");
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { balances = rows });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("account", "class", "unit").AddColumn("held", c => c.RightAligned())
            .AddColumn("locked", c => c.RightAligned()).AddColumn("available", c => c.RightAligned()).AddColumn("serials");
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Account), Markup.Escape(r.Class), r.Unit, r.Held.ToString("N0"), r.Locked.ToString("N0"), r.Available.ToString("N0"),
                r.Serials is null ? "" : Markup.Escape(string.Join(", ", r.Serials.Take(4)) + (r.Serials.Count > 4 ? ", …" : "")));
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private sealed record BalanceRow(string Account, string Class, string Unit, long Held, long Locked, long Available, List<string>? Serials);
}

/// <summary>Settings of history.</summary>
public sealed class HistorySettings : CommandSettings
{
    /// <summary>Only entries that name this account.</summary>
    [CommandOption("--account <ACCOUNT>")]
    public string? Account { get; init; }

    /// <summary>The last N matching entries.</summary>
    [CommandOption("--limit <N>")]
    [DefaultValue(50)]
    public int Limit { get; init; } = 50;
}

/// <summary>openets history: the journal as an audit trail (who, what, when, outcome).</summary>
public sealed class HistoryCommand : Command<HistorySettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, HistorySettings s, CancellationToken cancellationToken)
    {
        if (s.Limit is < 1 or > 100_000)
            throw CliException.BadInput("--limit must be between 1 and 100,000.");
        using var journal = MarketHost.OpenJournal(GlobalOptions.Current.Database);
        journal.Open();
        var matches = new Queue<HistoryRow>();
        foreach (var entry in journal.Read(0))
        {
            using var doc = JsonDocument.Parse(entry.Payload);
            if (s.Account is not null && !Names(doc.RootElement, s.Account))
                continue;
            var root = doc.RootElement;
            matches.Enqueue(new HistoryRow(entry.Seq, DateTimeOffset.FromUnixTimeMilliseconds(entry.TimeUnixMs), root.GetProperty("actor").GetString()!,
                entry.CommandId, entry.Kind, entry.Accepted, entry.Accepted ? null : root.GetProperty("code").GetString(), Summarize(root.GetProperty("command"))));
            if (matches.Count > s.Limit)
                matches.Dequeue();
        }
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new { entries = matches.ToList() });
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumn("seq", c => c.RightAligned()).AddColumns("time (UTC)", "actor", "kind", "outcome", "command");
        foreach (var r in matches)
            table.AddRow(r.Seq.ToString(), r.Time.ToString("yyyy-MM-dd HH:mm:ss"), Markup.Escape(r.Actor), r.Kind,
                r.Accepted ? "[green]accepted[/]" : $"[red]{Markup.Escape(r.Code ?? "")}[/]", Markup.Escape(r.Command));
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static string Summarize(JsonElement command) =>
        string.Join(' ', command.EnumerateObject().Where(p => p.Name != "$type" && p.Value.ValueKind != JsonValueKind.Null)
            .Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}"));

    private static bool Names(JsonElement e, string account) => e.ValueKind switch
    {
        JsonValueKind.String => e.ValueEquals(account),
        JsonValueKind.Object => e.EnumerateObject().Any(p => p.Name != "command_id" && p.Name != "actor" && Names(p.Value, account)),
        JsonValueKind.Array => e.EnumerateArray().Any(x => Names(x, account)),
        _ => false,
    };

    private sealed record HistoryRow(long Seq, DateTimeOffset Time, string Actor, string CommandId, string Kind, bool Accepted, string? Code, string Command);
}
