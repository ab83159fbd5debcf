// The reporting and verification workflow through the engine's decision path (no storage), on a
// national market whose roles come from the registry.
using CsCheck;
using OpenEts.Core;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;

namespace OpenEts.Mrv.Tests;

public sealed class ReportWorkflowTests
{
    private static readonly DateTimeOffset Feb2025 = new(2025, 2, 10, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly World _world;
    private int _n;

    public ReportWorkflowTests()
    {
        _world = MrvMarket.National(Feb2025, out _n);
        Ok(Regulator, new RegisterFacility("F1", "e1", "power", "hebei"));
        Ok(Regulator, new RegisterFacility("F2", "e1", "power", "hebei"));
        Ok(Regulator, new RegisterFacility("F3", "e2", "cement", "anhui"));
    }

    private const string Regulator = MarketSetup.Regulator;

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
        Ok("e1", new SubmitAnnualReport("F1", 2024, reported, []));
        Ok(Regulator, new AssignVerifier("F1", 2024, "v9"));
        Ok("v9", new RecordVerification("F1", 2024, [new VerificationAdjustment("coal weighbridge error", delta)], "Reasonable assurance; one adjustment."));
    }

    [Fact]
    public void Submitted_report_goes_through_verification_to_final_and_feeds_compliance()
    {
        ThroughVerification(2_340_497, -1_200);
        Assert.Null(State.FinalVerifiedEmissions("F1", 2024));
        Ok(Regulator, new FinalizeReport("F1", 2024));
        Assert.Equal(new Tonnes(2_339_297), State.FinalVerifiedEmissions("F1", 2024));
        var (total, notFinal) = State.EntityFinalVerifiedEmissions("e1", 2024);
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
        Ok(Regulator, new FinalizeReport("F1", 2024));
        var decision = OpenEts.Mrv.Coverage.CoverageList.Decide(State.FinalFacilityYears(), 2025, OpenEts.Mrv.Rules.MrvRulebook.ChinaNational.Coverage).Single();
        Assert.True(decision.Covered); // 25,000 reported + 1,000 adjustment = 26,000 t in 2024
        Assert.Equal(26_000, decision.PeakEmissionsTco2e);
    }

    [Fact]
    public void Only_the_assigned_verifier_may_verify()
    {
        Ok("e1", new SubmitAnnualReport("F1", 2024, 100_000, []));
        Rejected("not_assigned_verifier", "v9", new RecordVerification("F1", 2024, [], "ok")); // submitted, nobody assigned yet
        Ok(Regulator, new AssignVerifier("F1", 2024, "v9"));
        Rejected("not_assigned_verifier", "v8", new RecordVerification("F1", 2024, [], "ok"));
        Rejected("not_authorized", "e1", new RecordVerification("F1", 2024, [], "ok"));
        Rejected("not_authorized", Regulator, new RecordVerification("F1", 2024, [], "ok"));
        Rejected("statement_required", "v9", new RecordVerification("F1", 2024, [], " "));
    }

    [Fact]
    public void Roles_come_from_the_registry_and_an_entity_reports_only_for_its_own_facilities()
    {
        var deposit = new DepositMonthlyData("F1", 2025, 1, 10m, new Dictionary<string, decimal>());
        Rejected("not_facility_owner", "e2", new SubmitAnnualReport("F1", 2024, 1, []));
        Rejected("not_facility_owner", "e2", deposit);
        foreach (var outsider in new[] { Regulator, MarketSetup.RegistryOperator, "v9", "ivy", "nobody" })
        {
            Rejected("not_authorized", outsider, new SubmitAnnualReport("F1", 2024, 1, []));
            Rejected("not_authorized", outsider, deposit);
        }
        foreach (var notRegulator in new[] { MarketSetup.RegistryOperator, MarketSetup.ExchangeOperator, "e1", "v9", "nobody" })
            Rejected("not_authorized", notRegulator, new RegisterFacility("F9", "e1", "power", "hebei"));
        Rejected("not_a_covered_entity", Regulator, new RegisterFacility("F9", "ivy", "power", "hebei"));
        Rejected("not_a_covered_entity", Regulator, new RegisterFacility("F9", "nobody", "power", "hebei"));
        Ok("e2", new SubmitAnnualReport("F3", 2024, 500_000, []));
        Rejected("not_a_verifier", Regulator, new AssignVerifier("F3", 2024, "e1"));
        Rejected("not_authorized", MarketSetup.RegistryOperator, new AssignVerifier("F3", 2024, "v9"));
        Ok(Regulator, new AssignVerifier("F3", 2024, "v8"));
        Ok("v8", new RecordVerification("F3", 2024, [], "Reasonable assurance."));
        Rejected("not_authorized", MarketSetup.RegistryOperator, new FinalizeReport("F3", 2024));
        Ok(Regulator, new FinalizeReport("F3", 2024));
        Assert.Equal(new Tonnes(500_000), State.EntityFinalVerifiedEmissions("e2", 2024).Total);
    }

    [Fact]
    public void A_verifier_sees_only_reports_assigned_to_it_and_an_entity_only_its_own()
    {
        Ok("e1", new SubmitAnnualReport("F1", 2024, 100, []));
        Ok("e1", new SubmitAnnualReport("F2", 2024, 200, []));
        Ok("e2", new SubmitAnnualReport("F3", 2024, 300, []));
        Ok(Regulator, new AssignVerifier("F1", 2024, "v9"));
        Ok(Regulator, new AssignVerifier("F3", 2024, "v8"));
        string[] Seen(string who, ReportStatus? status = null) => [.. MrvAccess.VisibleReports(_world, who, 2024, status).Select(r => r.FacilityId)];
        Assert.Equal(["F1", "F2", "F3"], Seen(Regulator));
        Assert.Equal(["F1", "F2", "F3"], Seen(MarketSetup.RegistryOperator));
        Assert.Equal(["F1", "F2"], Seen("e1"));
        Assert.Equal(["F3"], Seen("e2"));
        Assert.Equal(["F1"], Seen("v9"));
        Assert.Equal(["F3"], Seen("v8"));
        Assert.Empty(Seen("ivy"));
        Assert.Empty(Seen(MarketSetup.ExchangeOperator));
        Assert.Equal(["F2"], Seen(Regulator, ReportStatus.Submitted));
        Assert.Empty(MrvAccess.VisibleReports(_world, Regulator, 2023));
        Assert.Equal(["F1"], MrvAccess.VisibleFacilities(_world, "v9").Select(f => f.FacilityId));
        Assert.Equal(["F3"], MrvAccess.VisibleFacilities(_world, "e2").Select(f => f.FacilityId));
        // An amendment restarts verification: the verifier of the old version no longer sees it.
        Ok("e1", new SubmitAnnualReport("F1", 2024, 110, []));
        Assert.Empty(Seen("v9"));
    }

    [Fact]
    public void Wrong_transitions_and_roles_are_rejected_with_stable_codes()
    {
        Rejected("report_not_found", Regulator, new AssignVerifier("F1", 2024, "v9"));
        Rejected("not_facility_owner", "e2", new SubmitAnnualReport("F1", 2024, 1, []));
        Rejected("unknown_facility", "e1", new SubmitAnnualReport("F9", 2024, 1, []));
        Rejected("year_not_over", "e1", new SubmitAnnualReport("F1", 2025, 1, []));
        Ok("e1", new SubmitAnnualReport("F1", 2024, 100_000, []));
        Rejected("invalid_transition", Regulator, new FinalizeReport("F1", 2024));
        Rejected("not_assigned_verifier", "v9", new RecordVerification("F1", 2024, [], "ok"));
        Rejected("not_authorized", "e1", new AssignVerifier("F1", 2024, "v9"));
        Ok(Regulator, new AssignVerifier("F1", 2024, "v9"));
        Rejected("invalid_transition", Regulator, new AssignVerifier("F1", 2024, "v8"));
        Rejected("verified_negative", "v9", new RecordVerification("F1", 2024, [new VerificationAdjustment("x", -100_001)], "ok"));
        Ok("v9", new RecordVerification("F1", 2024, [], "ok"));
        Rejected("report_locked", "e1", new SubmitAnnualReport("F1", 2024, 90_000, []));
        Rejected("not_authorized", "v9", new FinalizeReport("F1", 2024));
        Ok(Regulator, new FinalizeReport("F1", 2024));
        Rejected("invalid_transition", Regulator, new FinalizeReport("F1", 2024));
        Rejected("facility_exists", Regulator, new RegisterFacility("F1", "e1", "power", "hebei"));
        Rejected("unknown_sector", Regulator, new RegisterFacility("F4", "e1", "mining", "hebei"));
    }

    [Fact]
    public void An_amendment_is_a_new_version_and_restarts_verification()
    {
        Ok("e1", new SubmitAnnualReport("F1", 2024, 100_000, ["carbon_content_tc_per_gj"]));
        Ok(Regulator, new AssignVerifier("F1", 2024, "v9"));
        Ok("e1", new SubmitAnnualReport("F1", 2024, 98_000, []));
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
        Ok("e1", new SubmitAnnualReport("F1", 2024, 1, []), new DateTimeOffset(2025, 3, 31, 23, 0, 0, TimeSpan.FromHours(8)));
        Assert.False(State.Report("F1", 2024)!.Current.Late);
        Ok("e1", new SubmitAnnualReport("F1", 2024, 2, []), new DateTimeOffset(2025, 4, 1, 0, 30, 0, TimeSpan.FromHours(8)));
        Assert.True(State.Report("F1", 2024)!.Current.Late);
    }

    [Fact]
    public void Monthly_deposit_is_due_40_days_after_the_month_and_redeposits_keep_history()
    {
        // January 2025 ends on 31 Jan; due 40 days later, on 12 March 2025.
        Rejected("month_not_over", "e1", new DepositMonthlyData("F1", 2025, 2, 1m, new Dictionary<string, decimal>()));
        Ok("e1", new DepositMonthlyData("F1", 2025, 1, 200_000.5m, new Dictionary<string, decimal> { ["coal_t"] = 85_000m }), new DateTimeOffset(2025, 3, 12, 12, 0, 0, TimeSpan.FromHours(8)));
        Ok("e1", new DepositMonthlyData("F1", 2025, 1, 200_100m, new Dictionary<string, decimal>()), new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.FromHours(8)));
        var versions = State.Deposits[MrvState.Key("F1", 2025, 1)];
        Assert.Equal(2, versions.Count);
        Assert.Equal(new DateOnly(2025, 3, 12), versions[0].DueOn);
        Assert.False(versions[0].Late);
        Assert.True(versions[1].Late);
        Assert.Equal(200_100m, State.CurrentDeposits("F1", 2025).Single().EmissionsTco2e);
        Rejected("bad_month", "e1", new DepositMonthlyData("F1", 2025, 13, 1m, new Dictionary<string, decimal>()));
        Rejected("negative_emissions", "e1", new DepositMonthlyData("F1", 2024, 1, -1m, new Dictionary<string, decimal>()));
    }

    [Fact]
    public void Snapshot_round_trips_to_the_same_state_hash()
    {
        ThroughVerification(5_000, 10);
        Ok("e1", new DepositMonthlyData("F1", 2024, 12, 400m, new Dictionary<string, decimal> { ["b"] = 2m, ["a"] = 1m }));
        var copy = MrvMarket.Catalog.CreateWorld();
        copy.Restore(_world.Snapshot());
        Assert.Equal(_world.StateHash(), copy.StateHash());
        Assert.Equal(5_010, copy.Get<MrvState>().Report("F1", 2024)!.VerifiedTco2e);
    }

    [Fact]
    public void Verified_emissions_are_reported_plus_adjustments_and_never_negative()
    {
        Gen.Select(Gen.Long[0, 10_000_000], Gen.Long[-1_000_000, 1_000_000].List[0, 5]).Sample((reported, deltas) =>
        {
            var world = MrvMarket.National(Feb2025, out var n);
            Outcome Run(string actor, Command c) => DecisionContext.Decide(world, new CommandEnvelope($"p{++n}", actor, Feb2025, c));
            Run(Regulator, new RegisterFacility("F", "e1", "power", "x"));
            Run("e1", new SubmitAnnualReport("F", 2024, reported, []));
            Run(Regulator, new AssignVerifier("F", 2024, "v9"));
            var o = Run("v9", new RecordVerification("F", 2024, deltas.Select(d => new VerificationAdjustment("r", d)).ToList(), "s"));
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
