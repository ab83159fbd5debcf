// The order stream of the benchmarks as engine commands: a national market with members funded in the
// registry, a CEA21 trading day, then each book operation as a PlaceOrder or CancelOrder of a member.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>Turns a seeded <see cref="OrderFlow"/> stream into engine commands.</summary>
public static class EngineOrderFlow
{
    /// <summary>The instrument traded.</summary>
    public const string Instrument = "CEA21";

    /// <summary>Units each member holds at the start.</summary>
    public const long MemberUnitsT = 100_000_000;

    /// <summary>Cash each member holds at the start, fen.</summary>
    public const long MemberCashFen = 100_000_000_000_00;

    /// <summary>The trading day (a Monday) and the time every order carries (10:00 Beijing time).</summary>
    public static readonly DateTimeOffset Time = new(2021, 7, 19, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The account that places an order.</summary>
    public static string Member(long orderId, int members) => $"m{orderId % members:D3}";

    /// <summary>Setup: the national market, <paramref name="members"/> funded accounts, an open CEA21 day.</summary>
    public static List<CommandEnvelope> Setup(int members, long previousCloseFen)
    {
        var list = MarketSetup.National().Select(s => new CommandEnvelope(s.CommandId, s.Actor, Time, s.Command)).ToList();
        list.Add(new("bench:issue", MarketSetup.Regulator, Time, new Issue(Instrument, "cn-ISSUANCE", members * MemberUnitsT)));
        for (var m = 0; m < members; m++)
        {
            var account = Member(m, members);
            list.Add(new($"bench:open:{account}", MarketSetup.RegistryOperator, Time, new OpenAccount(account, "cn", account, AccountKind.Investor)));
            list.Add(new($"bench:units:{account}", MarketSetup.Regulator, Time, new Transfer("cn-ISSUANCE", account, Instrument, MemberUnitsT)));
            list.Add(new($"bench:cash:{account}", MarketSetup.RegistryOperator, Time, new DepositCash(account, MemberCashFen)));
        }
        list.Add(new("bench:open-day", MarketSetup.ExchangeOperator, Time, new OpenTradingDay(Instrument, DateOnly.FromDateTime(Time.DateTime), previousCloseFen)));
        return list;
    }

    /// <summary>Each operation as the command of the member that owns the order.</summary>
    public static CommandEnvelope[] Orders(ReadOnlySpan<BookOp> ops, int members)
    {
        var commands = new CommandEnvelope[ops.Length];
        for (var i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            var account = Member(op.OrderId, members);
            Command body = op.Kind == BookOpKind.Add
                ? new PlaceOrder(Instrument, $"o{op.OrderId}", account, op.Side, op.PriceFen, op.QuantityT)
                : new CancelOrder(Instrument, $"o{op.OrderId}", account);
            commands[i] = new CommandEnvelope(Guid.NewGuid().ToString(), account, Time, body);  // random, as clients choose ids
        }
        return commands;
    }
}
