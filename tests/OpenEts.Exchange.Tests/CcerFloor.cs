// A national market in memory with a CCER class on the exchange: 10,000 credits (serials 1–10,000) issued to
// a project owner, two buyers with cash, and a CCER trading day open on Monday 2025-03-24 under cn-ccer.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

/// <summary>A trading floor whose instrument is a serialized CCER class.</summary>
public sealed class CcerFloor
{
    public const string Ccer = "CCER-P0001-2025";
    public const string Owner = "owner-a";
    public const string BuyerA = "buyer-a";
    public const string BuyerB = "buyer-b";
    public const long IssuedT = 10_000;
    public static readonly DateOnly Monday = new(2025, 3, 24);
    public static readonly DateOnly Tuesday = new(2025, 3, 25);
    public static readonly DateTimeOffset MondayMorning = new(2025, 3, 24, 10, 0, 0, TradingFloor.Beijing);
    public static readonly DateTimeOffset TuesdayMorning = new(2025, 3, 25, 10, 0, 0, TradingFloor.Beijing);

    public CcerFloor(long previousCloseFen = 60_00)
    {
        Floor = new TradingFloor();
        Floor.Must(MarketSetup.Regulator, new DefineUnitClass(Ccer, "cn", UnitType.Credit, 2025, "P0001"));
        Floor.Must(MarketSetup.Regulator, new Issue(Ccer, "cn-ISSUANCE", IssuedT));
        Floor.Must(MarketSetup.RegistryOperator, new OpenAccount(Owner, "cn", Owner, AccountKind.ProjectOwner));
        Floor.Must(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", Owner, Ccer, IssuedT));
        Floor.OpenMember(BuyerA, 0, 10_000_000_00);
        Floor.OpenMember(BuyerB, 0, 10_000_000_00);
        Opened = Floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay(Ccer, Monday, previousCloseFen), MondayMorning);
    }

    public TradingFloor Floor { get; }

    /// <summary>The outcome that opened Monday's CCER day.</summary>
    public Outcome Opened { get; }

    public RegistryState Registry => Floor.Registry;

    public Outcome Order(string account, string orderId, Side side, long priceFen, long quantityT, DateTimeOffset? time = null) =>
        Floor.Submit(account, new PlaceOrder(Ccer, orderId, account, side, priceFen, quantityT), time ?? MondayMorning);

    public string Rejects(string account, string orderId, Side side, long priceFen, long quantityT, DateTimeOffset? time = null) =>
        Floor.Rejects(account, new PlaceOrder(Ccer, orderId, account, side, priceFen, quantityT), time ?? MondayMorning);

    /// <summary>Closes Monday's day and opens Tuesday's at Monday's close.</summary>
    public void NextDay()
    {
        Floor.Must(MarketSetup.ExchangeOperator, new CloseTradingDay(Ccer), MondayMorning.AddHours(6));
        var close = Floor.Exchange.LastClose(Ccer)!.Value;
        Floor.Must(MarketSetup.ExchangeOperator, new OpenTradingDay(Ccer, Tuesday, close), TuesdayMorning);
    }

    public long Units(string account) => Registry.HoldingOf(account, Ccer)?.Held ?? 0;

    public IReadOnlyList<SerialRange> Serials(string account) => Registry.HoldingOf(account, Ccer)?.Serials?.Ranges ?? [];

    /// <summary>Every serial of the class, in order, with the account that holds it: each issued serial exactly once.</summary>
    public void AssertSerialsTileTheIssue()
    {
        var ranges = Registry.Holdings.Where(h => h.Key.Class == Ccer && h.Value.Serials is not null)
            .SelectMany(h => h.Value.Serials!.Ranges.Select(r => (r, h.Key.Account))).OrderBy(x => x.r.Start).ToList();
        long next = 1;
        foreach (var (r, account) in ranges)
        {
            Assert.True(r.Start == next, $"serial {next} expected next, {account} holds {r.Start}–{r.End}");
            next = r.End + 1;
        }
        Assert.Equal(IssuedT + 1, next);
        Assert.All(Registry.Holdings.Where(h => h.Key.Class == Ccer), h => Assert.Equal(h.Value.Held, h.Value.Serials?.Count ?? 0));
        Assert.Equal(IssuedT, Registry.Holdings.Where(h => h.Key.Class == Ccer).Sum(h => h.Value.Held));
        Assert.Empty(RegistryInvariants.Violations(Registry));
    }
}
