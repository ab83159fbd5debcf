// The MRV engine module: registers facilities, takes monthly deposits and annual reports, runs the
// verification workflow (submitted → under_verification → verified → final). Every check comes before
// any event; a wrong transition or role is a rejection with a stable code. Amendments are new versions.
// Roles come from the registry (see MrvAccess): the module needs the RegistryModule in its catalog.
using OpenEts.Core;
using OpenEts.Mrv.Rules;
using OpenEts.Registry;

namespace OpenEts.Mrv.Reporting;

/// <summary>The MRV module for the engine.</summary>
public sealed class MrvModule(MrvRulebook rules) : IModule
{
    /// <summary>Longest accepted id or statement.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Longest accepted verifier statement.</summary>
    public const int MaxStatementLength = 4000;

    /// <summary>The module with the national rulebook.</summary>
    public MrvModule()
        : this(MrvRulebook.ChinaNational)
    {
    }

    /// <inheritdoc />
    public void Register(ModuleBuilder builder)
    {
        builder.State("mrv", () => new MrvState());
        builder.Command<RegisterFacility>("mrv.register_facility", Handle);
        builder.Command<DepositMonthlyData>("mrv.deposit_monthly_data", Handle);
        builder.Command<SubmitAnnualReport>("mrv.submit_annual_report", Handle);
        builder.Command<AssignVerifier>("mrv.assign_verifier", Handle);
        builder.Command<RecordVerification>("mrv.record_verification", Handle);
        builder.Command<FinalizeReport>("mrv.finalize_report", Handle);
        builder.Event<FacilityRegistered>("mrv.facility_registered", (w, e) =>
            w.Get<MrvState>().Facilities.Add(e.FacilityId, new FacilityInfo(e.FacilityId, e.EntityId, e.Sector, e.Province)));
        builder.Event<MonthlyDataDeposited>("mrv.monthly_data_deposited", (w, e) =>
        {
            var deposits = w.Get<MrvState>().Deposits;
            var key = MrvState.Key(e.FacilityId, e.Year, e.Month);
            if (!deposits.TryGetValue(key, out var list))
                deposits[key] = list = [];
            list.Add(e);
        });
        builder.Event<AnnualReportSubmitted>("mrv.annual_report_submitted", (w, e) =>
        {
            var reports = w.Get<MrvState>().Reports;
            var key = MrvState.Key(e.FacilityId, e.Year);
            var version = new ReportVersion(e.Version, e.ReportedTco2e, e.DefaultsUsed, e.SubmittedOn, e.Late);
            if (reports.TryGetValue(key, out var report))
            {
                report.Versions.Add(version);
                report.Status = ReportStatus.Submitted;
                report.VerifierId = null;
                report.Adjustments = [];
                report.Statement = null;
                report.VerifiedTco2e = null;
            }
            else
                reports[key] = new AnnualReport { FacilityId = e.FacilityId, Year = e.Year, Versions = [version], Status = ReportStatus.Submitted };
        });
        builder.Event<VerifierAssigned>("mrv.verifier_assigned", (w, e) =>
        {
            var r = w.Get<MrvState>().Report(e.FacilityId, e.Year)!;
            r.VerifierId = e.VerifierId;
            r.Status = ReportStatus.UnderVerification;
        });
        builder.Event<VerificationRecorded>("mrv.verification_recorded", (w, e) =>
        {
            var r = w.Get<MrvState>().Report(e.FacilityId, e.Year)!;
            r.Adjustments = [.. e.Adjustments];
            r.Statement = e.Statement;
            r.VerifiedTco2e = e.VerifiedTco2e;
            r.Status = ReportStatus.Verified;
        });
        builder.Event<ReportFinalized>("mrv.report_finalized", (w, e) =>
            w.Get<MrvState>().Report(e.FacilityId, e.Year)!.Status = ReportStatus.Final);
    }

    private static Rejection? CheckId(string value, string what) =>
        string.IsNullOrWhiteSpace(value) ? new Rejection("missing_id", $"The {what} is empty.")
        : value.Length > MaxIdLength ? new Rejection("id_too_long", $"The {what} is longer than {MaxIdLength} characters.")
        : null;

    private Rejection? Handle(DecisionContext ctx, RegisterFacility c)
    {
        if (MrvAccess.Require(ctx.World, ctx.Actor, Role.Regulator, "register facilities (regulators only)") is { } denied)
            return denied;
        if ((CheckId(c.FacilityId, "facility id") ?? CheckId(c.EntityId, "entity id")) is { } bad)
            return bad;
        if (rules.Coverage.Sectors.All(s => s.Sector != c.Sector))
            return new Rejection("unknown_sector", $"The sector \"{c.Sector}\" is not in the rulebook.");
        if (MrvAccess.RoleOf(ctx.World, c.EntityId) != Role.CoveredEntity)
            return new Rejection("not_a_covered_entity", $"'{c.EntityId}' is not a covered entity in the registry; grant it that role first.");
        if (ctx.World.Get<MrvState>().Facilities.ContainsKey(c.FacilityId))
            return new Rejection("facility_exists", $"The facility {c.FacilityId} is already registered.");
        ctx.Emit(new FacilityRegistered(c.FacilityId, c.EntityId, c.Sector, c.Province));
        return null;
    }

    private static Rejection? OwnFacility(DecisionContext ctx, string facilityId, string what)
    {
        if (MrvAccess.Require(ctx.World, ctx.Actor, Role.CoveredEntity, what + " (covered entities only)") is { } denied)
            return denied;
        var facility = ctx.World.Get<MrvState>().Facilities.GetValueOrDefault(facilityId);
        if (facility is null)
            return new Rejection("unknown_facility", $"The facility {facilityId} is not registered.");
        if (facility.EntityId != ctx.Actor)
            return new Rejection("not_facility_owner", $"'{ctx.Actor}' may not report for facility {facilityId}: it is registered to another entity.");
        return null;
    }

    private Rejection? Handle(DecisionContext ctx, DepositMonthlyData c)
    {
        if (OwnFacility(ctx, c.FacilityId, "deposit monthly data") is { } bad)
            return bad;
        if (c.Month is < 1 or > 12)
            return new Rejection("bad_month", $"The month {c.Month} is not 1–12.");
        if (c.Year is < 2005 or > 2100)
            return new Rejection("bad_year", $"The year {c.Year} is outside 2005–2100.");
        if (c.EmissionsTco2e < 0)
            return new Rejection("negative_emissions", "Monthly emissions cannot be negative.");
        if (c.Parameters.Count > 64)
            return new Rejection("too_many_parameters", "A deposit holds at most 64 parameters.");
        var today = rules.Deadlines.LocalDate(ctx.Time);
        var monthEnd = new DateOnly(c.Year, c.Month, 1).AddMonths(1).AddDays(-1);
        if (today <= monthEnd)
            return new Rejection("month_not_over", $"The data of {c.Year}-{c.Month:00} can be deposited once the month is over (after {monthEnd:yyyy-MM-dd}).");
        var due = rules.Deadlines.MonthlyDepositDue(c.Year, c.Month);
        var version = (ctx.World.Get<MrvState>().Deposits.GetValueOrDefault(MrvState.Key(c.FacilityId, c.Year, c.Month))?.Count ?? 0) + 1;
        var parameters = new SortedDictionary<string, decimal>(c.Parameters.ToDictionary(), StringComparer.Ordinal);
        ctx.Emit(new MonthlyDataDeposited(c.FacilityId, c.Year, c.Month, version, c.EmissionsTco2e, parameters, today, due, today > due));
        return null;
    }

    private Rejection? Handle(DecisionContext ctx, SubmitAnnualReport c)
    {
        if (OwnFacility(ctx, c.FacilityId, "submit annual reports") is { } bad)
            return bad;
        if (c.Year is < 2005 or > 2100)
            return new Rejection("bad_year", $"The year {c.Year} is outside 2005–2100.");
        if (c.DefaultsUsed.Count > 256 || c.DefaultsUsed.Any(d => CheckId(d, "default name") is not null))
            return new Rejection("too_long", "A report lists at most 256 defaults, each a name of 1 to 128 characters.");
        if (c.ReportedTco2e < 0)
            return new Rejection("negative_emissions", "Reported emissions cannot be negative.");
        var today = rules.Deadlines.LocalDate(ctx.Time);
        if (today.Year <= c.Year)
            return new Rejection("year_not_over", $"The annual report of {c.Year} can be submitted from 1 January {c.Year + 1}.");
        var existing = ctx.World.Get<MrvState>().Report(c.FacilityId, c.Year);
        if (existing is { Status: ReportStatus.Verified or ReportStatus.Final })
            return new Rejection("report_locked", $"The {c.Year} report of {c.FacilityId} is {Name(existing.Status)}; it can no longer be amended.");
        var due = rules.Deadlines.AnnualReportDue(c.Year);
        ctx.Emit(new AnnualReportSubmitted(c.FacilityId, c.Year, (existing?.Versions.Count ?? 0) + 1, c.ReportedTco2e, [.. c.DefaultsUsed], today, due, today > due));
        return null;
    }

    private static Rejection? Handle(DecisionContext ctx, AssignVerifier c)
    {
        if (MrvAccess.Require(ctx.World, ctx.Actor, Role.Regulator, "assign verifiers (regulators only)") is { } denied)
            return denied;
        if (CheckId(c.VerifierId, "verifier id") is { } bad)
            return bad;
        if (MrvAccess.RoleOf(ctx.World, c.VerifierId) != Role.Verifier)
            return new Rejection("not_a_verifier", $"'{c.VerifierId}' is not a verifier in the registry; grant it that role first.");
        var r = ctx.World.Get<MrvState>().Report(c.FacilityId, c.Year);
        if (r is null)
            return new Rejection("report_not_found", $"No {c.Year} report for facility {c.FacilityId}.");
        if (r.Status != ReportStatus.Submitted)
            return new Rejection("invalid_transition", $"A verifier is assigned to a submitted report; this one is {Name(r.Status)}.");
        ctx.Emit(new VerifierAssigned(c.FacilityId, c.Year, r.Current.Version, c.VerifierId));
        return null;
    }

    private static Rejection? Handle(DecisionContext ctx, RecordVerification c)
    {
        if (MrvAccess.Require(ctx.World, ctx.Actor, Role.Verifier, "record verifications (verifiers only)") is { } denied)
            return denied;
        var r = ctx.World.Get<MrvState>().Report(c.FacilityId, c.Year);
        if (r is null)
            return new Rejection("report_not_found", $"No {c.Year} report for facility {c.FacilityId}.");
        // Before the status: a verifier learns nothing about a report that is not assigned to it.
        if (r.VerifierId != ctx.Actor)
            return new Rejection("not_assigned_verifier", $"'{ctx.Actor}' is not the verifier assigned to the {c.Year} report of {c.FacilityId}.");
        if (r.Status != ReportStatus.UnderVerification)
            return new Rejection("invalid_transition", $"A verification is recorded on a report under verification; this one is {Name(r.Status)}.");
        if (string.IsNullOrWhiteSpace(c.Statement))
            return new Rejection("statement_required", "The verifier's statement is required.");
        if (c.Statement.Length > MaxStatementLength || c.Adjustments.Count > 100)
            return new Rejection("too_long", $"A statement holds at most {MaxStatementLength} characters and 100 adjustments.");
        if (c.Adjustments.Any(a => string.IsNullOrWhiteSpace(a.Reason)))
            return new Rejection("adjustment_reason_required", "Every adjustment needs a reason.");
        long verified;
        try
        {
            verified = checked(r.Current.ReportedTco2e + c.Adjustments.Sum(a => a.DeltaTco2e));
        }
        catch (OverflowException)
        {
            return new Rejection("adjustment_overflow", "The adjustments are out of range.");
        }
        if (verified < 0)
            return new Rejection("verified_negative", $"The adjustments would make verified emissions negative ({verified:N0} t).");
        ctx.Emit(new VerificationRecorded(c.FacilityId, c.Year, r.Current.Version, r.VerifierId!, [.. c.Adjustments], c.Statement, verified));
        return null;
    }

    private static Rejection? Handle(DecisionContext ctx, FinalizeReport c)
    {
        if (MrvAccess.Require(ctx.World, ctx.Actor, Role.Regulator, "make reports final (regulators only)") is { } denied)
            return denied;
        var r = ctx.World.Get<MrvState>().Report(c.FacilityId, c.Year);
        if (r is null)
            return new Rejection("report_not_found", $"No {c.Year} report for facility {c.FacilityId}.");
        if (r.Status != ReportStatus.Verified)
            return new Rejection("invalid_transition", $"Only a verified report becomes final; this one is {Name(r.Status)}.");
        ctx.Emit(new ReportFinalized(c.FacilityId, c.Year, r.Current.Version, r.VerifiedTco2e!.Value));
        return null;
    }

    /// <summary>The snake_case name of a status.</summary>
    public static string Name(ReportStatus s) => s switch
    {
        ReportStatus.Submitted => "submitted",
        ReportStatus.UnderVerification => "under_verification",
        ReportStatus.Verified => "verified",
        _ => "final",
    };
}
