// The reporting and verification workflow through the engine's decision path (no storage).
using CsCheck;
using OpenEts.Core;
using OpenEts.Mrv.Reporting;

namespace OpenEts.Mrv.Tests;

public sealed class ReportWorkflowTests
{
    private static readonly DateTimeOffset Feb2025 = new(2025, 2, 10, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly ModuleCatalog _catalog = new(new MrvModule());
    private readonly World _world;
    private int _n;

    public ReportWorkflowTests()
    {
        _world = _catalog.CreateWorld();
        Ok("regulator:mee", new RegisterFacility("F1", "E1", "power", "hebei"));
        Ok("regulator:mee", new RegisterFacility("F2", "E1", "power", "hebei"));
    }

    private Outcome Do(string actor, Command cmd, DateTimeOffset? time = null) =>
        DecisionContext.Decide(_world, new CommandEnvelope($"c{++_n}", actor, time ?? Feb2025, cmd));

    private void Ok(string actor, Command cmd, DateTimeOffset? time = null)
    {
        var o = Do(actor, cmd, time);
        Assert.True(o.Accepted, o.Rejection?.ToString());
    }

    private void Rejected(string code, string actor, Command cmd, DateTimeOffset? time = null)
    {
        var before = _world.StateHash();
        var o = Do(actor, cmd, time);
        Assert.Equal(code, o.Rejection?.Code);
        Assert.Equal(before, _world.StateHash());
    }

    private MrvState State => _world.Get<MrvState>();

    private void ThroughVerification(long reported, long delta)
    {
        Ok("entity:E1", new SubmitAnnualReport("F1", 2024, reported, []));
        Ok("regulator:mee", new AssignVerifier("F1", 2024, "V9"));
        Ok("verifier:V9", new RecordVerification("F1", 2024, [new VerificationAdjustment("coal weighbridge error", delta)], "Reasonable assurance; one adjustment."));
    }

    [Fact]
    public void Submitted_report_goes_through_verification_to_final_and_feeds_compliance()
    {
        ThroughVerification(2_340_497, -1_200);
        Assert.Null(State.FinalVerifiedEmissions("F1", 2024));
        Ok("regulator:mee", new FinalizeReport("F1", 2024));
        Assert.Equal(new Tonnes(2_339_297), State.FinalVerifiedEmissions("F1", 2024));
        var (total, notFinal) = State.EntityFinalVerifiedEmissions("E1", 2024);
        Assert.Equal(new Tonnes(2_339_297), total);
        Assert.Equal(["F2"], notFinal);
        var report = State.Report("F1", 2024)!;
        Assert.Equal("Reasonable assurance; one adjustment.", report.Statement);
        Assert.Equal(ReportStatus.Final, report.Status);
    }

    [Fact]
    public void Final_reports_feed_the_coverage_decision()
    {
        ThroughVerification(25_000, 1_000);
        Ok("regulator:mee", new FinalizeReport("F1", 2024));
        var decision = OpenEts.Mrv.Coverage.CoverageList.Decide(State.FinalFacilityYears(), 2025, OpenEts.Mrv.Rules.MrvRulebook.ChinaNational.Coverage).Single();
        Assert.True(decision.Covered); // 25,000 reported + 1,000 adjustment = 26,000 t in 2024
        Assert.Equal(26_000, decision.PeakEmissionsTco2e);
    }

    [Fact]
    public void Only_the_assigned_verifier_may_verify()
    {
        Ok("entity:E1", new SubmitAnnualReport("F1", 2024, 100_000, []));
        Ok("regulator:mee", new AssignVerifier("F1", 2024, "V9"));
        Rejected("not_assigned_verifier", "verifier:V8", new RecordVerification("F1", 2024, [], "ok"));
        Rejected("not_assigned_verifier", "entity:E1", new RecordVerification("F1", 2024, [], "ok"));
        Rejected("statement_required", "verifier:V9", new RecordVerification("F1", 2024, [], " "));
    }

    [Fact]
    public void Wrong_transitions_and_roles_are_rejected_with_stable_codes()
    {
        Rejected("report_not_found", "regulator:mee", new AssignVerifier("F1", 2024, "V9"));
        Rejected("not_facility_owner", "entity:E2", new SubmitAnnualReport("F1", 2024, 1, []));
        Rejected("unknown_facility", "entity:E1", new SubmitAnnualReport("F9", 2024, 1, []));
        Rejected("year_not_over", "entity:E1", new SubmitAnnualReport("F1", 2025, 1, []));
        Ok("entity:E1", new SubmitAnnualReport("F1", 2024, 100_000, []));
        Rejected("invalid_transition", "regulator:mee", new FinalizeReport("F1", 2024));
        Rejected("invalid_transition", "verifier:V9", new RecordVerification("F1", 2024, [], "ok"));
        Rejected("not_regulator", "entity:E1", new AssignVerifier("F1", 2024, "V9"));
        Ok("regulator:mee", new AssignVerifier("F1", 2024, "V9"));
        Rejected("invalid_transition", "regulator:mee", new AssignVerifier("F1", 2024, "V8"));
        Rejected("verified_negative", "verifier:V9", new RecordVerification("F1", 2024, [new VerificationAdjustment("x", -100_001)], "ok"));
        Ok("verifier:V9", new RecordVerification("F1", 2024, [], "ok"));
        Rejected("report_locked", "entity:E1", new SubmitAnnualReport("F1", 2024, 90_000, []));
        Rejected("not_regulator", "verifier:V9", new FinalizeReport("F1", 2024));
        Ok("regulator:mee", new FinalizeReport("F1", 2024));
        Rejected("invalid_transition", "regulator:mee", new FinalizeReport("F1", 2024));
        Rejected("facility_exists", "regulator:mee", new RegisterFacility("F1", "E1", "power", "hebei"));
        Rejected("unknown_sector", "regulator:mee", new RegisterFacility("F3", "E1", "mining", "hebei"));
    }

    [Fact]
    public void An_amendment_is_a_new_version_and_restarts_verification()
    {
        Ok("entity:E1", new SubmitAnnualReport("F1", 2024, 100_000, ["carbon_content_tc_per_gj"]));
        Ok("regulator:mee", new AssignVerifier("F1", 2024, "V9"));
        Ok("entity:E1", new SubmitAnnualReport("F1", 2024, 98_000, []));
        var r = State.Report("F1", 2024)!;
        Assert.Equal([1, 2], r.Versions.Select(v => v.Version));
        Assert.Equal(100_000, r.Versions[0].ReportedTco2e);
        Assert.Equal(98_000, r.Current.ReportedTco2e);
        Assert.Equal(ReportStatus.Submitted, r.Status);
        Assert.Null(r.VerifierId);
    }

    [Fact]
    public void Annual_report_after_31_March_is_late()
    {
        Ok("entity:E1", new SubmitAnnualReport("F1", 2024, 1, []), new DateTimeOffset(2025, 3, 31, 23, 0, 0, TimeSpan.FromHours(8)));
        Assert.False(State.Report("F1", 2024)!.Current.Late);
        Ok("entity:E1", new SubmitAnnualReport("F1", 2024, 2, []), new DateTimeOffset(2025, 4, 1, 0, 30, 0, TimeSpan.FromHours(8)));
        Assert.True(State.Report("F1", 2024)!.Current.Late);
    }

    [Fact]
    public void Monthly_deposit_is_due_40_days_after_the_month_and_redeposits_keep_history()
    {
        // January 2025 ends on 31 Jan; due 40 days later, on 12 March 2025.
        Rejected("month_not_over", "entity:E1", new DepositMonthlyData("F1", 2025, 2, 1m, new Dictionary<string, decimal>()));
        Ok("entity:E1", new DepositMonthlyData("F1", 2025, 1, 200_000.5m, new Dictionary<string, decimal> { ["coal_t"] = 85_000m }), new DateTimeOffset(2025, 3, 12, 12, 0, 0, TimeSpan.FromHours(8)));
        Ok("entity:E1", new DepositMonthlyData("F1", 2025, 1, 200_100m, new Dictionary<string, decimal>()), new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.FromHours(8)));
        var versions = State.Deposits[MrvState.Key("F1", 2025, 1)];
        Assert.Equal(2, versions.Count);
        Assert.Equal(new DateOnly(2025, 3, 12), versions[0].DueOn);
        Assert.False(versions[0].Late);
        Assert.True(versions[1].Late);
        Assert.Equal(200_100m, State.CurrentDeposits("F1", 2025).Single().EmissionsTco2e);
        Rejected("bad_month", "entity:E1", new DepositMonthlyData("F1", 2025, 13, 1m, new Dictionary<string, decimal>()));
        Rejected("negative_emissions", "entity:E1", new DepositMonthlyData("F1", 2024, 1, -1m, new Dictionary<string, decimal>()));
    }

    [Fact]
    public void Snapshot_round_trips_to_the_same_state_hash()
    {
        ThroughVerification(5_000, 10);
        Ok("entity:E1", new DepositMonthlyData("F1", 2024, 12, 400m, new Dictionary<string, decimal> { ["b"] = 2m, ["a"] = 1m }));
        var copy = _catalog.CreateWorld();
        copy.Restore(_world.Snapshot());
        Assert.Equal(_world.StateHash(), copy.StateHash());
        Assert.Equal(5_010, copy.Get<MrvState>().Report("F1", 2024)!.VerifiedTco2e);
    }

    [Fact]
    public void Verified_emissions_are_reported_plus_adjustments_and_never_negative()
    {
        Gen.Select(Gen.Long[0, 10_000_000], Gen.Long[-1_000_000, 1_000_000].List[0, 5]).Sample((reported, deltas) =>
        {
            var world = _catalog.CreateWorld();
            var n = 0;
            Outcome Run(string actor, Command c) => DecisionContext.Decide(world, new CommandEnvelope($"p{++n}", actor, Feb2025, c));
            Run("regulator:mee", new RegisterFacility("F", "E", "power", "x"));
            Run("entity:E", new SubmitAnnualReport("F", 2024, reported, []));
            Run("regulator:mee", new AssignVerifier("F", 2024, "V"));
            var o = Run("verifier:V", new RecordVerification("F", 2024, deltas.Select(d => new VerificationAdjustment("r", d)).ToList(), "s"));
            var expected = reported + deltas.Sum();
            var r = world.Get<MrvState>().Report("F", 2024)!;
            if (expected < 0)
            {
                Assert.Equal("verified_negative", o.Rejection?.Code);
                Assert.Equal(ReportStatus.UnderVerification, r.Status);
            }
            else
                Assert.Equal(expected, r.VerifiedTco2e);
        });
    }
}
