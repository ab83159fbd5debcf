// Allocation and compliance over HTTP through the real server: every endpoint × every identity as the
// table says, the allocation of the README's three units, a 2024 year taken from final verified emissions
// to full surrender by the regulator's steps, and bad requests answered with problems that change nothing.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

public sealed class AllocationApiTests
{
    // Columns: regulator, registry (operator), exchange (operator), acme (covered entity in the year), ivy (investor),
    // vera (verifier), anonymous. Letters: A 2xx, D 403, U 401, 4 409 (a regulator's step the cycle refuses now).
    private static readonly string[] Columns = ["regulator", "registry", "exchange", "acme", "ivy", "vera", "anonymous"];

    private static readonly (string Endpoint, string Expected)[] Table =
    [
        ("GET /api/allocation/plans", "AAAAAAU"),
        ("GET /api/allocation/sector-plans", "AAAAAAU"),
        ("POST /api/allocation/calculations", "AAAAAAU"),
        ("GET /api/compliance/2024", "AADADDU"),
        ("POST /api/compliance/2024/steps?obligations", "ADDDDDU"),
        ("POST /api/compliance/2024/steps?surrenders", "ADDDDDU"),
        ("POST /api/compliance/2024/steps?open", "4DDDDDU"),
        ("POST /api/compliance/2024/steps?close", "4DDDDDU"),
        ("POST /api/compliance/2024/objections", "DDDADDU"),
        ("GET /api/compliance/2024/objections", "AADADDU"),
        ("POST /api/compliance/2024/objections/acme/answer", "ADDDDDU"),
    ];

    // The README's example: 0.877 × 2,850,000 MWh × 1.0102 = 2,524,944 t; 1,404,126 t; 308,020 t.
    private const string Units = """
        unit_id,entity,fuel,category,cooling,supplied_mwh,supplied_heat_gj,heat_supply_ratio,load_rate
        U600,Entity A,coal,coal_gt300,water,2850000,0,0,0.78
        U300,Entity B,coal,coal_le300,air,1200000,2000000,0.30,0.70
        G1,Entity B,gas,gas,water,800000,1500000,0.5,0.6
        """;

    private static object? Body(string endpoint, string who) => endpoint switch
    {
        "POST /api/allocation/calculations" => new { plan = "cn-power-2019-2020", units_csv = Units },
        "POST /api/compliance/2024/steps?open" => new { step = "open", plan_id = "cn-power-2024" },
        "POST /api/compliance/2024/steps?close" => new { step = "close", reference_price_fen = 9_749 },
        "POST /api/compliance/2024/objections" => new { entity = "acme", reason = "Output of U1 understated." },
        "POST /api/compliance/2024/objections/acme/answer" => new { upheld = true, additional_t = 2_000, answer = "Upheld: metered output corrected." },
        _ when endpoint.StartsWith("POST /api/compliance/2024/steps?", StringComparison.Ordinal) => new { step = endpoint[(endpoint.IndexOf('?') + 1)..] },
        _ => null,
    };

    private static HttpClient Client(ServerUnderTest s, string who) => who == "anonymous" ? s.Anonymous() : s.As(who);

    [Fact]
    public async Task Every_allocation_endpoint_answers_every_role_as_the_table_says()
    {
        await using var s = await ComplianceMarket.StartAsync(new ManualClock(ComplianceMarket.Start));
        await PermissionTable.AssertAsync(Table, Columns, who => Client(s, who), Body, new Dictionary<HttpStatusCode, char> { [HttpStatusCode.Conflict] = '4' });
    }

    [Fact]
    public async Task An_allocation_is_computed_for_posted_units_as_the_cli_computes_it_and_nothing_is_issued()
    {
        await using var s = await StartAsync(new SqliteSource());
        using var acme = s.As("acme");
        var seq = await s.JournalSeqAsync();
        var plans = await Ok(acme.GetAsync("/api/allocation/plans"));
        Assert.Equal(["cn-power-2019-2020", "cn-power-2021", "cn-power-2022", "cn-power-2023", "cn-power-2024"], plans.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.True(plans[1].GetProperty("borrowing").GetBoolean()); // 2021 allows borrowing; 2023 does not
        Assert.False(plans[3].GetProperty("borrowing").GetBoolean());

        var result = await Ok(acme.PostAsJsonAsync("/api/allocation/calculations", new { plan = "cn-power-2019-2020", units_csv = Units }));
        Assert.Equal([2_524_944L, 1_404_126L, 308_020L], result.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("total_t").GetInt64()));
        Assert.Equal(4_237_090, result.GetProperty("total_t").GetInt64());
        Assert.Equal(1.0102m, result.GetProperty("units")[0].GetProperty("load_factor").GetDecimal());
        Assert.Equal(252_000, result.GetProperty("units")[1].GetProperty("heat_t").GetInt64());

        async Task Expect(object body, HttpStatusCode status, string code)
        {
            using var response = await acme.PostAsJsonAsync("/api/allocation/calculations", body);
            await ApiSuite.AssertProblem(response, status, code);
        }
        await Expect(new { plan = "cn-power-2099", units_csv = Units }, HttpStatusCode.UnprocessableEntity, "unknown_plan");
        await Expect(new { plan = "cn-power-2023", units_csv = Units }, HttpStatusCode.UnprocessableEntity, "bad_units"); // 2023 wants generated_mwh
        await Expect(new { plan = "cn-power-2019-2020", units_csv = Units.Replace("0.78", "-1", StringComparison.Ordinal) }, HttpStatusCode.UnprocessableEntity, "bad_units");
        await Expect(new { plan = "cn-power-2019-2020" }, HttpStatusCode.BadRequest, "missing_field");
        Assert.Equal(seq, await s.JournalSeqAsync()); // computing issues nothing
    }

    [Fact]
    public async Task The_regulators_steps_take_a_year_from_final_emissions_to_full_surrender()
    {
        var clock = new ManualClock(ComplianceMarket.Start);
        await using var s = await ComplianceMarket.StartAsync(clock);
        using var regulator = s.As("regulator");
        using var acme = s.As("acme");
        using var vera = s.As("vera");
        static JsonElement Row(JsonElement year, string entity) => year.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("entity").GetString() == entity);

        var before = await Ok(regulator.GetAsync("/api/compliance/2024"));
        Assert.Equal("no_obligation", Row(before, "acme").GetProperty("status").GetString());
        Assert.Equal(100_000, Row(before, "acme").GetProperty("allocation_t").GetInt64());
        Assert.Equal(0, before.GetProperty("rates").GetProperty("entities").GetInt32());

        // Not final yet: the step sets nothing and names acme as waiting.
        var waiting = await Ok(regulator.PostAsJsonAsync("/api/compliance/2024/steps", new { step = "obligations" }));
        Assert.Empty(waiting.GetProperty("commands").EnumerateArray());
        Assert.Equal(["acme"], waiting.GetProperty("waiting").EnumerateArray().Select(e => e.GetString()));

        await Ok(vera.PostAsJsonAsync("/api/mrv/reports/F-A/2024/verification", new { adjustments = new[] { new { reason = "meter drift", delta_tco2e = -500L } }, statement = "Reasonable assurance." }));
        await Ok(regulator.PostAsync("/api/mrv/reports/F-A/2024/final", null));
        var set = await Ok(regulator.PostAsJsonAsync("/api/compliance/2024/steps", new { step = "obligations" }));
        Assert.Equal("compliance:2024:obligation:acme", Assert.Single(set.GetProperty("commands").EnumerateArray()).GetProperty("command_id").GetString());

        var open = await Ok(acme.GetAsync("/api/compliance/2024"));
        var row = Row(open, "acme");
        Assert.Equal(89_500, row.GetProperty("verified_t").GetInt64()); // 90,000 − 500
        Assert.Equal(89_500, row.GetProperty("obligation_t").GetInt64()); // in surplus: the gap cap does not bite
        Assert.Equal("open", row.GetProperty("status").GetString());
        Assert.Equal(0, open.GetProperty("rates").GetProperty("compliant_entities").GetInt32());

        // Surrender from holdings: the oldest eligible vintage first (CEA21 500 t), then CEA24.
        var surrendered = await Ok(regulator.PostAsJsonAsync("/api/compliance/2024/steps", new { step = "surrenders" }));
        Assert.Equal(2, surrendered.GetProperty("commands").GetArrayLength());
        Assert.Equal((0L, 0L), await s.HoldingAsync("ACME-1", "CEA21"));
        Assert.Equal((11_000L, 0L), await s.HoldingAsync("ACME-1", "CEA24")); // 100,000 − 89,000
        var again = await Ok(regulator.PostAsJsonAsync("/api/compliance/2024/steps", new { step = "surrenders" }));
        Assert.Empty(again.GetProperty("commands").EnumerateArray());

        var after = await Ok(regulator.GetAsync("/api/compliance/2024"));
        Assert.Equal(1.0m, after.GetProperty("rates").GetProperty("rate_by_entities").GetDecimal());
        Assert.Equal(89_500, after.GetProperty("rates").GetProperty("surrendered_t").GetInt64());
        Assert.False(after.GetProperty("closed").GetBoolean());

        using (var early = await regulator.PostAsJsonAsync("/api/compliance/2024/steps", new { step = "close", reference_price_fen = 9_749 }))
            await ApiSuite.AssertProblem(early, HttpStatusCode.Conflict, "deadline_not_reached");
        clock.Advance(TimeSpan.FromDays(220)); // 7 January 2026, after the 31 December 2025 deadline
        await Ok(regulator.PostAsJsonAsync("/api/compliance/2024/steps", new { step = "close", reference_price_fen = 9_749 }));
        var closed = await Ok(regulator.GetAsync("/api/compliance/2024"));
        Assert.True(closed.GetProperty("closed").GetBoolean());
        Assert.Equal("compliant", Row(closed, "acme").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_entity_surrenders_for_itself_through_the_cycle_and_a_surrender_past_it_is_refused()
    {
        var clock = new ManualClock(ComplianceMarket.Start);
        await using var s = await ComplianceMarket.StartAsync(clock);
        using var regulator = s.As("regulator");
        using var acme = s.As("acme");
        using var beta = s.As("beta");
        using var vera = s.As("vera");
        await Ok(vera.PostAsJsonAsync("/api/mrv/reports/F-A/2024/verification", new { adjustments = Array.Empty<object>(), statement = "Reasonable assurance." }));
        await Ok(regulator.PostAsync("/api/mrv/reports/F-A/2024/final", null));
        await Ok(regulator.PostAsJsonAsync("/api/compliance/2024/steps", new { step = "obligations" }));

        // Straight to the registry: refused, since it would count against no obligation; nothing moves.
        using (var raw = await acme.PostAsJsonAsync("/api/surrenders", new { account_id = "ACME-1", class_id = "CEA24", quantity = 1_000, compliance_year = 2024 }))
            await ApiSuite.AssertProblem(raw, HttpStatusCode.Conflict, "surrender_through_cycle");
        Assert.Equal((100_000L, 0L), await s.HoldingAsync("ACME-1", "CEA24"));

        using (var other = await beta.PostAsJsonAsync("/api/compliance/2024/surrenders", new { entity = "acme", class_id = "CEA24", quantity_t = 1_000 }))
            await ApiSuite.AssertProblem(other, HttpStatusCode.Forbidden, "not_authorized");
        var done = await Ok(acme.PostAsJsonAsync("/api/compliance/2024/surrenders", new { entity = "acme", class_id = "CEA24", quantity_t = 60_000 }));
        Assert.Contains(done.GetProperty("events").EnumerateArray(), e => e.GetProperty("$type").GetString() == "registry.units_surrendered");
        Assert.Equal((40_000L, 0L), await s.HoldingAsync("ACME-1", "CEA24"));
        var row = (await Ok(acme.GetAsync("/api/compliance/2024"))).GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("entity").GetString() == "acme");
        Assert.Equal(60_000, row.GetProperty("allowances_surrendered_t").GetInt64());
        using (var tooMuch = await acme.PostAsJsonAsync("/api/compliance/2024/surrenders", new { entity = "acme", class_id = "CEA24", quantity_t = 40_000 }))
            await ApiSuite.AssertProblem(tooMuch, HttpStatusCode.Conflict, "surrender_exceeds_obligation");
    }

    [Fact]
    public async Task An_objection_is_filed_by_the_entity_answered_by_the_regulator_and_read_back_by_both()
    {
        // acme's 2024 allocation was issued on Sunday 1 June 2025; 7 working days after it (2 June is Dragon Boat
        // Festival): 3, 4, 5, 6, 9, 10, 11 June.
        var clock = new ManualClock(ComplianceMarket.Start);
        await using var s = await ComplianceMarket.StartAsync(clock);
        using var acme = s.As("acme");
        using var regulator = s.As("regulator");
        clock.Advance(TimeSpan.FromDays(10));
        var filed = await Ok(acme.PostAsJsonAsync("/api/compliance/2024/objections", new { entity = "acme", reason = "Output of U1 understated." }));
        Assert.True(filed.GetProperty("seq").GetInt64() > 0);
        using (var twice = await acme.PostAsJsonAsync("/api/compliance/2024/objections", new { entity = "acme", reason = "Again." }))
            await ApiSuite.AssertProblem(twice, HttpStatusCode.Conflict, "objection_pending");
        using (var longReason = await acme.PostAsJsonAsync("/api/compliance/2024/objections", new { entity = "acme", reason = new string('x', 501) }))
            await ApiSuite.AssertProblem(longReason, HttpStatusCode.UnprocessableEntity, "bad_text");

        await Ok(regulator.PostAsJsonAsync("/api/compliance/2024/objections/acme/answer", new { upheld = true, additional_t = 2_000, answer = "Upheld." }));
        Assert.Equal((102_000L, 0L), await s.HoldingAsync("ACME-1", "CEA24"));
        var read = await Ok(acme.GetAsync("/api/compliance/2024/objections"));
        var objection = Assert.Single(Assert.Single(read.EnumerateArray()).GetProperty("objections").EnumerateArray());
        Assert.Equal((true, 2_000L, "2025-06-11", false), (objection.GetProperty("upheld").GetBoolean(), objection.GetProperty("additional_t").GetInt64(),
            objection.GetProperty("filed_on").GetString(), objection.GetProperty("late").GetBoolean()));

        // The upheld tonnes were a new allocation notice on 11 June: its window ran 12–13 and 16–20 June.
        clock.Advance(TimeSpan.FromDays(12));
        using (var late = await acme.PostAsJsonAsync("/api/compliance/2024/objections", new { entity = "acme", reason = "One more." }))
            await ApiSuite.AssertProblem(late, HttpStatusCode.Conflict, "objection_window_closed");
        var after = await Ok(regulator.GetAsync("/api/compliance/2024/objections"));
        Assert.Single(Assert.Single(after.EnumerateArray()).GetProperty("objections").EnumerateArray());
    }

    [Fact]
    public async Task Bad_steps_get_problems_and_change_nothing()
    {
        await using var s = await ComplianceMarket.StartAsync(new ManualClock(ComplianceMarket.Start));
        using var regulator = s.As("regulator");
        var seq = await s.JournalSeqAsync();
        async Task Expect(string path, object body, HttpStatusCode status, string code)
        {
            using var response = await regulator.PostAsJsonAsync(path, body);
            await ApiSuite.AssertProblem(response, status, code);
        }
        await Expect("/api/compliance/2024/steps", new { step = "settle" }, HttpStatusCode.UnprocessableEntity, "invalid_step");
        await Expect("/api/compliance/2024/steps", new { step = "open" }, HttpStatusCode.BadRequest, "missing_field");
        await Expect("/api/compliance/2024/steps", new { step = "close", reference_price_fen = -1 }, HttpStatusCode.UnprocessableEntity, "bad_price");
        await Expect("/api/compliance/2024/steps", new { step = "close" }, HttpStatusCode.BadRequest, "missing_field");
        await Expect("/api/compliance/2030/steps", new { step = "obligations" }, HttpStatusCode.NotFound, "unknown_year");
        await Expect("/api/compliance/2024/steps", new { step = "obligations", extra = 1 }, HttpStatusCode.BadRequest, "unknown_field");
        using (var none = await regulator.GetAsync("/api/compliance/2030"))
            await ApiSuite.AssertProblem(none, HttpStatusCode.NotFound, "unknown_year");
        Assert.Equal(seq, await s.JournalSeqAsync());
    }
}
