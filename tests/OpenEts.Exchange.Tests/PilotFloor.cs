// The Beijing pilot market in memory with the registry and the exchange: registry market "bj" under the cn-beijing
// rulebook, its allowance product BEA21, and a trading day of BEA21 open on Monday 2021-07-19 at a previous close of
// 50.00. Members are opened by the tests: covered entities (compliance entities) and investors.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange.Tests;

/// <summary>Submits commands to a world with a pilot market under cn-beijing (or a given pilot rulebook).</summary>
public sealed class PilotFloor
{
    public const string Instrument = "BEA21";
    public const string Market = "bj";
    public static readonly DateTimeOffset Morning = TradingFloor.Morning;
    public static readonly DateTimeOffset Afternoon = new(2021, 7, 19, 14, 0, 0, TradingFloor.Beijing);
    private readonly CommandDriver _driver;

    public PilotFloor(TradingRulebook? pilot = null)
    {
        World = Catalog(pilot).CreateWorld();
        _driver = new CommandDriver(World);
        foreach (var step in Setup())
            Must(step.Actor, step.Command);
        Must(MarketSetup.Regulator, new Issue(Instrument, "bj-ISSUANCE", 100_000_000));
        Must(MarketSetup.ExchangeOperator, new OpenTradingDay(Instrument, TradingFloor.Monday, 50_00));
    }

    public static ModuleCatalog Catalog(TradingRulebook? pilot = null) =>
        new(new RegistryModule(), new ExchangeModule(pilotRules: pilot is null ? null : [pilot]));

    /// <summary>Roles, the pilot market (its registry rulebook names cn-beijing) and BEA21.</summary>
    public static IEnumerable<SetupStep> Setup() =>
    [
        .. MarketSetup.National().Where(s => s.Command is GrantRole),
        new("setup:bj:market", MarketSetup.Regulator, new OpenMarket(Market, "Beijing pilot carbon market", "cn-beijing")),
        new("setup:bj:class", MarketSetup.Regulator, new DefineUnitClass(Instrument, Market, UnitType.Allowance, 2021)),
    ];

    public World World { get; }

    public RegistryState Registry => World.Get<RegistryState>();

    public ExchangeState Exchange => World.Get<ExchangeState>();

    /// <summary>Opens a member's account (its holder has the account's id) with units of BEA21 and cash.</summary>
    public void OpenMember(string account, AccountKind kind, long unitsT, long cashFen)
    {
        Must(MarketSetup.RegistryOperator, new OpenAccount(account, Market, account, kind));
        if (unitsT > 0)
            Must(MarketSetup.Regulator, new Transfer("bj-ISSUANCE", account, Instrument, unitsT));
        if (cashFen > 0)
            Must(MarketSetup.RegistryOperator, new DepositCash(account, cashFen));
    }

    public Outcome Submit(string actor, Command command, DateTimeOffset? time = null) => _driver.Submit(actor, command, time ?? Morning);

    public Outcome Must(string actor, Command command, DateTimeOffset? time = null) => _driver.Must(actor, command, time ?? Morning);

    /// <summary>Submits a command that must be rejected; asserts nothing changed and returns the rejection.</summary>
    public Rejection Rejects(string actor, Command command, DateTimeOffset? time = null) => _driver.Rejects(actor, command, time ?? Morning);

    /// <summary>A listing order of BEA21 by <paramref name="account"/>'s holder.</summary>
    public Outcome Order(string account, string orderId, Side side, long priceFen, long quantityT, DateTimeOffset? time = null) =>
        Submit(account, new PlaceOrder(Instrument, orderId, account, side, priceFen, quantityT), time);

    public long Units(string account) => Registry.HoldingOf(account, Instrument)?.Held ?? 0;

    public HolderPosition Position(string holder) =>
        PositionLimits.Of(World, PositionLimits.LimitOf(World, Instrument)!, Instrument, holder);
}
