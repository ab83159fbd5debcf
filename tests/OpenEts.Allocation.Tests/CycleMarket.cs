// A national market for cycle tests: registry, MRV and the compliance cycle in one catalog, commands
// decided through the engine's decision path. Verified emissions enter MRV as its own events (what a
// replay of the reporting workflow applies), so these tests do not depend on who may file reports.
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Allocation.Tests;

/// <summary>The engine's modules and a few helpers for cycle tests.</summary>
internal sealed class CycleMarket
{
    public static readonly DateTimeOffset BeforeDeadline2023 = new(2024, 11, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset AfterDeadline2023 = new(2025, 1, 2, 9, 0, 0, TimeSpan.Zero);
    public const string Ccer = "CCER-WIND-0001-2023";
    private int _n;

    /// <summary>
    /// The market; with the exchange under <paramref name="exchangeRules"/> (the national rulebook unless given) when asked,
    /// and with the voluntary market's module (its public record of credit uses) when asked.
    /// </summary>
    public CycleMarket(bool withExchange = false, TradingRulebook? exchangeRules = null, bool withVoluntary = false)
    {
        World = (withExchange ? new ModuleCatalog(new RegistryModule(), new MrvModule(), new ExchangeModule(exchangeRules), new ComplianceCycleModule())
            : withVoluntary ? new ModuleCatalog(new RegistryModule(), new MrvModule(), new ComplianceCycleModule(), new OpenEts.Voluntary.VoluntaryModule())
            : Catalog()).CreateWorld();
        foreach (var step in MarketSetup.National())
            Ok(step.Command, step.Actor);
        Ok(new DefineUnitClass(Ccer, "cn", UnitType.Credit, 2023, "WIND-0001"));
    }

    public static ModuleCatalog Catalog() => new(new RegistryModule(), new MrvModule(), new ComplianceCycleModule());

    public World World { get; }

    public CycleState State => World.Get<CycleState>();

    public RegistryState Registry => World.Get<RegistryState>();

    public Outcome Do(Command c, string actor = MarketSetup.Regulator, DateTimeOffset? time = null) =>
        DecisionContext.Decide(World, new CommandEnvelope($"c-{++_n}", actor, time ?? BeforeDeadline2023, c));

    public Outcome Ok(Command c, string actor = MarketSetup.Regulator, DateTimeOffset? time = null)
    {
        var o = Do(c, actor, time);
        Assert.True(o.Accepted, o.Rejection?.ToString());
        return o;
    }

    public string Code(Command c, string actor = MarketSetup.Regulator, DateTimeOffset? time = null) => Do(c, actor, time).Rejection?.Code ?? "accepted";

    public long Held(string account, string classId) => Registry.HoldingOf(account, classId)?.Held ?? 0;

    /// <summary>Opens the entity's account (holder = entity id) and registers it with the cycle.</summary>
    public void Entity(string entity, Fuel fuel = Fuel.Coal, string province = "Shanxi", string sector = "power")
    {
        Ok(new OpenAccount(entity, "cn", entity, AccountKind.CoveredEntity), MarketSetup.RegistryOperator);
        Ok(new RegisterEntity(entity, sector, province, fuel));
    }

    /// <summary>MRV's final verified emissions of one facility of the entity (a second facility when asked).</summary>
    public void Verified(string entity, int year, long tonnes, string facility = "F1", bool final = true, string sector = "power")
    {
        var id = $"{entity}-{facility}";
        var mrv = World.Get<MrvState>();
        if (!mrv.Facilities.ContainsKey(id))
            World.Apply(new FacilityRegistered(id, entity, sector, "Shanxi"));
        var day = new DateOnly(year + 1, 3, 1);
        World.Apply(new AnnualReportSubmitted(id, year, 1, tonnes, [], day, day, false));
        World.Apply(new VerifierAssigned(id, year, 1, "V1"));
        World.Apply(new VerificationRecorded(id, year, 1, "V1", [], "Verified without adjustment.", tonnes));
        if (final)
            World.Apply(new ReportFinalized(id, year, 1, tonnes));
    }

    /// <summary>Issues CCER and delivers it to the entity through the registry.</summary>
    public void GiveCcer(string entity, long quantity)
    {
        Ok(new Issue(Ccer, "cn-ISSUANCE", quantity));
        Ok(new Transfer("cn-ISSUANCE", entity, Ccer, quantity));
    }

    /// <summary>2023 and 2024 open; each entity registered, allocated (one unit), verified in MRV and its obligation set.</summary>
    public static CycleMarket Open2023(params (string Entity, Fuel Fuel, long Allocation, long Verified)[] entities) => Open2023(false, entities);

    /// <summary>As <see cref="Open2023(ValueTuple{string, Fuel, long, long}[])"/>, with the exchange module in the catalog when asked.</summary>
    public static CycleMarket Open2023(bool withExchange, params (string Entity, Fuel Fuel, long Allocation, long Verified)[] entities) =>
        Open2023("cn-power-2023", withExchange, entities);

    /// <summary>As above, with 2023 open under <paramref name="plan2023"/>.</summary>
    public static CycleMarket Open2023(string plan2023, bool withExchange, params (string Entity, Fuel Fuel, long Allocation, long Verified)[] entities) =>
        Open2023(new CycleMarket(withExchange), plan2023, entities);

    /// <summary>As above, on the market <paramref name="m"/>.</summary>
    public static CycleMarket Open2023(CycleMarket m, string plan2023, params (string Entity, Fuel Fuel, long Allocation, long Verified)[] entities)
    {
        m.Ok(new OpenComplianceYear(2023, plan2023));
        m.Ok(new OpenComplianceYear(2024, "cn-power-2024"));
        foreach (var (entity, fuel, allocation, verified) in entities)
        {
            m.Entity(entity, fuel, entity.StartsWith('S') ? "Shanxi" : "Guangdong");
            m.Ok(new IssueAllocation(entity, 2023, $"{entity}-U1", allocation));
            m.Verified(entity, 2023, verified);
            m.Ok(new SetObligation(entity, 2023));
        }
        return m;
    }
}
