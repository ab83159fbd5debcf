// A national market in memory with the registry and the exchange: the setup steps, two members with
// allowances and cash in the registry, and a trading day of CEA21 open on Monday 2021-07-19.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

/// <summary>Submits commands to a world of the registry and exchange modules without storage.</summary>
public sealed class TradingFloor
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    public static readonly DateOnly Monday = new(2021, 7, 19);
    public static readonly DateTimeOffset Morning = new(2021, 7, 19, 9, 45, 0, Beijing);
    public const string Seller = "power-a";
    public const string Buyer = "steel-b";
    public const long SellerUnitsT = 10_000;
    public const long BuyerCashFen = 10_000_000_00;
    private readonly CommandDriver _driver;

    public TradingFloor(TradingRulebook? rules = null, long previousCloseFen = 51_23, AuctionRulebook? auctionRules = null, RegistrationRulebook? registration = null,
        int expectedOrdersPerDay = 0)
    {
        World = new ModuleCatalog(new RegistryModule(registration), new ExchangeModule(rules, auctionRules: auctionRules) { ExpectedOrdersPerDay = expectedOrdersPerDay })
            .CreateWorld();
        _driver = new CommandDriver(World);
        foreach (var step in MarketSetup.National())
            Must(step.Actor, step.Command);
        Must(MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", 1_000_000));
        OpenMember(Seller, SellerUnitsT, 0);
        OpenMember(Buyer, 0, BuyerCashFen);
        Must(MarketSetup.ExchangeOperator, new OpenTradingDay("CEA21", Monday, previousCloseFen));
    }

    public World World { get; }

    public RegistryState Registry => World.Get<RegistryState>();

    public ExchangeState Exchange => World.Get<ExchangeState>();

    public void OpenMember(string account, long unitsT, long cashFen)
    {
        Must(MarketSetup.RegistryOperator, new OpenAccount(account, "cn", account, AccountKind.CoveredEntity));
        if (unitsT > 0)
            Must(MarketSetup.Regulator, new Transfer("cn-ISSUANCE", account, "CEA21", unitsT));
        if (cashFen > 0)
            Must(MarketSetup.RegistryOperator, new DepositCash(account, cashFen));
    }

    public Outcome Submit(string actor, Command command, DateTimeOffset? time = null) => _driver.Submit(actor, command, time ?? Morning);

    public Outcome Must(string actor, Command command, DateTimeOffset? time = null) => _driver.Must(actor, command, time ?? Morning);

    /// <summary>Submits a command that must be rejected; asserts nothing changed and returns the code.</summary>
    public string Rejects(string actor, Command command, DateTimeOffset? time = null) => _driver.Rejects(actor, command, time ?? Morning).Code;

    /// <summary>An order of <paramref name="account"/>'s holder.</summary>
    public Outcome Order(string account, string orderId, Side side, long priceFen, long quantityT, DateTimeOffset? time = null) =>
        Submit(account, new PlaceOrder("CEA21", orderId, account, side, priceFen, quantityT), time);

    public long Units(string account) => Registry.HoldingOf(account, "CEA21")?.Held ?? 0;

    public long LockedUnits(string account) => Registry.HoldingOf(account, "CEA21")?.Locked ?? 0;

    public long Cash(string account) => Registry.HoldingOf(account, "CNY")?.Held ?? 0;

    public long LockedCash(string account) => Registry.HoldingOf(account, "CNY")?.Locked ?? 0;

    public int OrderLocks => Registry.Locks.Values.Count(l => l.Reason == LockReason.Order);
}
