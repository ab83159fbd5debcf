// openets demo: builds a realistic national market through the engine — about 2,100 power companies
// from a seeded fleet, allocation by the plan's real benchmarks, verified emissions, a year of trades
// on the exchange — limit orders matched by the engine and settled delivery-versus-payment in the registry
// (with investors; CCER under its own rulebook), the paid share sold by monthly auctions — CCER offsets, MRV reports verified and
// made final, and the compliance cycle module (allocation issued and surrendered through the registry,
// obligations from MRV, status at close) — then prints the year's statistics. Running it again on a database that
// already holds the demo changes nothing.
using System.ComponentModel;
using OpenEts.Allocation.Allocation;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Demo;
using OpenEts.Allocation.Plans;
using OpenEts.Allocation.Reports;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary.Credits;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Settings of demo.</summary>
public sealed class DemoSettings : CommandSettings
{
    /// <summary>Power companies.</summary>
    [CommandOption("--entities <N>")]
    [DefaultValue(2_100)]
    public int Entities { get; init; } = 2_100;

    /// <summary>Seed of the fleet and the trading.</summary>
    [CommandOption("--seed <N>")]
    [DefaultValue(2022)]
    public int Seed { get; init; } = 2022;

    /// <summary>Allocation plan.</summary>
    [CommandOption("--plan <PLAN>")]
    [DefaultValue("cn-power-2022")]
    public string Plan { get; init; } = "cn-power-2022";

    /// <summary>Investors.</summary>
    [CommandOption("--investors <N>")]
    [DefaultValue(40)]
    public int Investors { get; init; } = 40;
}

/// <summary>openets demo.</summary>
public sealed class DemoCommand : AsyncCommand<DemoSettings>
{
    private const string ProjectOwner = "PO-WIND-01";
    private const string CcerProject = "P0001";

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings s, CancellationToken cancellationToken)
    {
        if (s.Entities is < 10 or > 20_000 || s.Investors is < 0 or > 1_000)
            throw CliException.BadInput("--entities 10–20,000 and --investors 0–1,000.");
        var (plan, rejection) = Rulebooks.FindPowerPlan(s.Plan);
        if (plan is null)
            throw CliException.BadInput(rejection!.Message, rejection.Code);
        var year = plan.LastYear;
        var vintage = MarketSetup.AllowanceVintages.FirstOrDefault(v => v.Vintage == year).Id
            ?? throw CliException.BadInput($"No allowance vintage for {year}.");
        var db = GlobalOptions.Current.Database;
        await using var engine = MarketHost.Open(create: true);
        if (await engine.QueryAsync(w => w.Get<RegistryState>().Accounts.ContainsKey("PWR0001")))
        {
            // The demo's commands depend on the books as they were; on a built market, do nothing.
            if (GlobalOptions.Current.Json)
                JsonOut.Write(new { already_built = true, database = db, journal_entries = engine.DurableSeq });
            else
                AnsiConsole.MarkupLineInterpolated($"{db} already holds the demo market ({engine.DurableSeq:N0} journal entries); nothing changed.");
            return ExitCodes.Ok;
        }
        var demo = new DemoRun(engine, new DateTimeOffset(year, 1, 4, 1, 30, 0, TimeSpan.Zero));
        var fleet = PowerFleet.Generate(s.Seed, s.Entities, plan);
        var units = BenchmarkAllocation.AllocateAll(plan, fleet.SelectMany(f => f.Units).ToList()).Units;
        var allocation = BenchmarkAllocation.ByEntity(units).ToDictionary(a => a.Entity, a => a.TotalT, StringComparer.Ordinal);
        var stats = new DemoStats();
        await Progress.Stderr.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async p =>
            {
                var setup = p.AddTask("market and accounts", maxValue: 4);
                await MarketHost.Setup(engine, MarketSetup.National(), demo.Time);
                setup.Increment(1);
                await demo.All(fleet.Select(f => demo.Cmd($"demo:open:{f.Entity}", MarketSetup.RegistryOperator,
                    new OpenAccount(f.Entity, "cn", f.Entity, AccountKind.CoveredEntity, $"{f.Entity} Power Co. ({f.Province})"))));
                await demo.All(Enumerable.Range(1, s.Investors).Select(i => demo.Cmd($"demo:open:INV{i:D3}", MarketSetup.RegistryOperator,
                    new OpenAccount($"INV{i:D3}", "cn", $"INV{i:D3}", AccountKind.Investor, $"Investor {i}"))));
                await demo.Must("demo:open:po", MarketSetup.RegistryOperator, new OpenAccount(ProjectOwner, "cn", ProjectOwner, AccountKind.ProjectOwner, "Offshore wind project owner"));
                await demo.Steps(await engine.QueryAsync(w => DemoReporting.Roles(w, fleet.Select(f => f.Entity))));
                setup.Increment(1);

                // Allocation through the compliance cycle: the year opened under the plan, each company registered,
                // each unit's allocation issued by the registry into the company's account.
                var allocate = p.AddTask($"allocation ({s.Plan})", maxValue: 1);
                await demo.Must("demo:cycle:open", MarketSetup.Regulator, new OpenComplianceYear(year, plan.Id));
                await demo.All(fleet.Select(f => demo.Cmd($"demo:cycle:entity:{f.Entity}", MarketSetup.Regulator,
                    new RegisterEntity(f.Entity, plan.Sector, f.Province, f.Units.All(u => u.Fuel == Fuel.Gas) ? Fuel.Gas : Fuel.Coal))));
                await demo.All(units.Select(u => demo.Cmd($"demo:allocate:{u.UnitId}", MarketSetup.Regulator, new IssueAllocation(u.Entity, year, u.UnitId, u.TotalT))));
                stats.AllocatedT = allocation.Values.Sum();
                // The paid share, issued into the auction account and sold from it by auctions (an upper bound of what buyers may need).
                var paid = fleet.Sum(f => Math.Max(0, f.VerifiedEmissionsT - allocation[f.Entity])) * 105 / 100;
                await demo.Must("demo:issue:paid", MarketSetup.Regulator, new Issue(vintage, DemoTrading.AuctionAccount, paid));
                stats.AllocatedT += paid;
                allocate.Increment(1);
                stats.VerifiedT = fleet.Sum(f => f.VerifiedEmissionsT);

                // Cash for buyers: deficit entities and investors, booked from settlement banks.
                await demo.All(fleet.Where(f => f.VerifiedEmissionsT > allocation[f.Entity]).Select(f => demo.Cmd($"demo:cash:{f.Entity}", MarketSetup.RegistryOperator,
                    new DepositCash(f.Entity, checked((f.VerifiedEmissionsT - allocation[f.Entity] + f.VerifiedEmissionsT / 20) * 150_00L)))));
                await demo.All(Enumerable.Range(1, s.Investors).Select(i => demo.Cmd($"demo:cash:INV{i:D3}", MarketSetup.RegistryOperator,
                    new DepositCash($"INV{i:D3}", 200_000_000_00L))));
                setup.Increment(2);

                var ccer = p.AddTask("CCER issuance", maxValue: 1);
                var ccerClass = CreditClasses.Id(CcerProject, year);
                await demo.Must("demo:ccer:class", MarketSetup.Regulator, new DefineUnitClass(ccerClass, "cn", UnitType.Credit, year, CcerProject));
                await demo.Must("demo:ccer:issue", MarketSetup.Regulator, new Issue(ccerClass, "cn-ISSUANCE", DemoTrading.CcerIssuedT));
                await demo.Must("demo:ccer:deliver", MarketSetup.Regulator, new Transfer("cn-ISSUANCE", ProjectOwner, ccerClass, DemoTrading.CcerIssuedT));
                ccer.Increment(1);

                // Every trading day of the year on the exchange: limit orders matched by the engine, settled in the registry.
                var days = DemoTrading.TradingDays(DateOnly.FromDateTime(demo.Time.UtcDateTime));
                stats.TradingDays = days.Count;
                var trading = p.AddTask($"{days.Count} trading days on the exchange", maxValue: days.Count);
                await new DemoTrading(demo, fleet, allocation, vintage, ccerClass, ProjectOwner, s.Investors, s.Seed, stats)
                    .Run(days, () => trading.Increment(1));

                var report = p.AddTask("MRV reports and verification", maxValue: 5);
                demo.Time = new DateTimeOffset(year + 1, 3, 1, 2, 0, 0, TimeSpan.Zero);
                foreach (var phase in DemoReporting.Filings(fleet.Select(f => (f.Entity, f.Province, f.VerifiedEmissionsT)).ToList(), year))
                {
                    await demo.Steps(phase);
                    report.Increment(1);
                }

                var comply = p.AddTask("compliance cycle", maxValue: 1);
                await Comply(demo, plan, year, stats);
                comply.Increment(1);
            });
        var verify = await engine.QueryAsync(w => RegistryInvariants.Violations(w.Get<RegistryState>()));
        if (verify.Count > 0)
            throw new InvariantViolationException(string.Join("; ", verify));
        stats.Print(s.Entities, s.Investors, db, engine.DurableSeq);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The cycle: obligations from MRV, each company surrendering from its holdings (CCER first, within the cap)
    /// before the deadline, and the year closed after it at the year's last closing price.
    /// </summary>
    private static async Task Comply(DemoRun demo, PowerPlan plan, int year, DemoStats stats)
    {
        demo.Time = new DateTimeOffset(year + 1, 6, 2, 2, 0, 0, TimeSpan.Zero);
        await demo.Steps(await demo.Engine.QueryAsync(w => CycleScript.Obligations(w, year, MarketSetup.Regulator).Steps));
        var surrenders = await demo.Engine.QueryAsync(w => CycleScript.Surrenders(w, year, DateOnly.FromDateTime(demo.Time.UtcDateTime), MarketSetup.Regulator));
        await demo.Steps(surrenders.Select(x => x with { Actor = ((SurrenderForYear)x.Command).Entity }).ToList());
        demo.Time = new DateTimeOffset(plan.Deadline.Value.AddDays(1), new TimeOnly(2, 0), TimeSpan.Zero);
        var price = stats.ClosePath.Count > 0 ? stats.ClosePath[^1] : 5_000;
        await demo.Must($"demo:cycle:close:{year}", MarketSetup.Regulator, new CloseComplianceYear(year, price));
        var results = await demo.Engine.QueryAsync(w => ComplianceReports.EntityResults(w.Get<CycleState>(), year));
        foreach (var r in results.Where(r => r.VerifiedT is not null))
        {
            stats.ObligationT += r.ObligationT;
            stats.SurrenderedT += r.AllowancesSurrenderedT + r.CcerSurrenderedT;
            stats.CcerUsedT += r.CcerSurrenderedT;
            stats.Statuses[r.Status] = stats.Statuses.GetValueOrDefault(r.Status) + 1;
        }
    }
}

/// <summary>Submits the demo's commands with fixed ids and the demo's clock.</summary>
internal sealed class DemoRun(Engine engine, DateTimeOffset start)
{
    public Engine Engine { get; } = engine;

    public DateTimeOffset Time { get; set; } = start;

    public Task<Outcome> Cmd(string id, string actor, OpenEts.Core.Command command) => Engine.SubmitAsync(new CommandEnvelope(id, actor, Time, command));

    public async Task Must(string id, string actor, OpenEts.Core.Command command) => await All([Cmd(id, actor, command)]);

    public Task<Outcome[]> Steps(IReadOnlyList<SetupStep> steps) => All(steps.Select(x => Cmd(x.CommandId, x.Actor, x.Command)).ToList());

    public async Task<Outcome[]> All(IEnumerable<Task<Outcome>> commands)
    {
        var outcomes = await Task.WhenAll(commands);
        var rejected = outcomes.FirstOrDefault(o => !o.Accepted);
        if (rejected is not null)
            throw new InvalidOperationException($"A demo command was rejected: {rejected.Rejection}");
        return outcomes;
    }
}

/// <summary>The demo's figures.</summary>
internal sealed class DemoStats
{
    public long AllocatedT { get; set; }

    public long VerifiedT { get; set; }

    public long TradedT { get; set; }

    public long TradedValueFen { get; set; }

    public long Trades { get; set; }

    public int TradingDays { get; set; }

    public long CcerTradedT { get; set; }

    public long CcerTradedValueFen { get; set; }

    public List<long> CcerClosePath { get; } = [];

    public long ObligationT { get; set; }

    public long SurrenderedT { get; set; }

    public long CcerUsedT { get; set; }

    public List<long> ClosePath { get; } = [];

    /// <summary>Auctions held (announced, bid and cleared through the engine).</summary>
    public int Auctions { get; set; }

    public long AuctionOfferedT { get; set; }

    public long AuctionSoldT { get; set; }

    public long AuctionValueFen { get; set; }

    public List<long> AuctionFloorsFen { get; } = [];

    /// <summary>Each auction's clearing price; null for one that drew no bid.</summary>
    public List<long?> AuctionClearingFen { get; } = [];

    public Dictionary<string, int> Statuses { get; } = new(StringComparer.Ordinal);

    public void Print(int entities, int investors, string db, long headSeq)
    {
        var compliant = Statuses.GetValueOrDefault("compliant");
        var rate = Math.Round((double)compliant / entities, 4);
        var tonnesRate = ObligationT == 0 ? 1 : Math.Round((double)SurrenderedT / ObligationT, 4);
        var closes = ClosePath.Select(c => Math.Round(c / 100.0, 2)).ToList();
        var clearing = AuctionClearingFen.Select(c => c is { } fen ? Math.Round(fen / 100.0, 2) : (double?)null).ToList();
        var cleared = clearing.OfType<double>().ToList();
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                entities,
                investors,
                allocated_t = AllocatedT,
                verified_t = VerifiedT,
                trades = Trades,
                traded_t = TradedT,
                traded_value_yuan = Math.Round(TradedValueFen / 100.0, 2),
                trading_days = TradingDays,
                closing_prices_yuan = closes,
                ccer_traded_t = CcerTradedT,
                ccer_traded_value_yuan = Math.Round(CcerTradedValueFen / 100.0, 2),
                ccer_closing_prices_yuan = CcerClosePath.Select(c => Math.Round(c / 100.0, 2)).ToList(),
                // One-way bidding of the paid share, reported apart from the book as the exchange's bulletins do: not in trades or traded_t.
                auctions = Auctions,
                auction_offered_t = AuctionOfferedT,
                auction_sold_t = AuctionSoldT,
                auction_value_yuan = Math.Round(AuctionValueFen / 100.0, 2),
                auction_floor_prices_yuan = AuctionFloorsFen.Select(c => Math.Round(c / 100.0, 2)).ToList(),
                auction_clearing_prices_yuan = clearing,
                obligation_t = ObligationT,
                surrendered_t = SurrenderedT,
                ccer_used_t = CcerUsedT,
                compliance_rate = rate,
                compliance_rate_by_tonnes = tonnesRate,
                journal_entries = headSeq,
            });
            return;
        }
        var table = new Table().AddColumn("figure").AddColumn("value", c => c.RightAligned());
        table.AddRow("covered entities", entities.ToString("N0"));
        table.AddRow("investors", investors.ToString("N0"));
        table.AddRow("allocated (t)", AllocatedT.ToString("N0"));
        table.AddRow("verified emissions (t)", VerifiedT.ToString("N0"));
        table.AddRow("trading days", TradingDays.ToString("N0"));
        table.AddRow("trades (matched on the exchange)", Trades.ToString("N0"));
        table.AddRow("traded volume (t)", TradedT.ToString("N0"));
        table.AddRow("traded value (yuan)", (TradedValueFen / 100m).ToString("N2"));
        table.AddRow("of which CCER (t / yuan)", $"{CcerTradedT:N0} / {CcerTradedValueFen / 100m:N2}");
        table.AddRow("auctions (paid share; not in the trades)", Auctions.ToString("N0"));
        table.AddRow("auctioned: offered / sold (t)", $"{AuctionOfferedT:N0} / {AuctionSoldT:N0}");
        table.AddRow("auctioned value (yuan)", (AuctionValueFen / 100m).ToString("N2"));
        table.AddRow("auction clearing price: low / high", cleared.Count == 0 ? "-" : $"{cleared.Min():N2} / {cleared.Max():N2}");
        table.AddRow("closing price: first / low / high / last", closes.Count == 0 ? "-" : $"{closes[0]:N2} / {closes.Min():N2} / {closes.Max():N2} / {closes[^1]:N2}");
        table.AddRow("obligation (t)", ObligationT.ToString("N0"));
        table.AddRow("surrendered incl. CCER (t)", SurrenderedT.ToString("N0"));
        table.AddRow("CCER used as offsets (t)", CcerUsedT.ToString("N0"));
        table.AddRow("compliance rate (entities / tonnes)", $"{rate:P2} / {tonnesRate:P2}");
        table.AddRow("journal entries", headSeq.ToString("N0"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Database {db}: check it with [bold]openets --db {db} verify[/].");
    }
}
