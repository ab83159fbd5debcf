// Who may do what in MRV, read from the registry's roles (one role per identity):
// - a regulator registers facilities, assigns verifiers, makes reports final and sees everything;
// - the registry operator sees every report (it keeps the books compliance settles) and changes none;
// - a covered entity deposits and reports for the facilities registered to it: a facility's entity id
//   IS the covered entity's registry identity (the holder of its compliance account), and sees those;
// - a verifier records the verification of reports assigned to it, and sees only those.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Mrv.Reporting;

/// <summary>MRV's permission rules, in one place, for the module's handlers and the hosts' queries.</summary>
public static class MrvAccess
{
    /// <summary>The registry role of an identity, or null.</summary>
    public static Role? RoleOf(World world, string identity) => world.Get<RegistryState>().RoleOf(identity);

    /// <summary>The refusal of an identity without the role a step needs.</summary>
    public static Rejection NotAuthorized(string actor, string what) =>
        new("not_authorized", $"'{actor}' may not {what}.");

    /// <summary>Null when <paramref name="actor"/> has <paramref name="role"/>; else not_authorized naming what it tried.</summary>
    public static Rejection? Require(World world, string actor, Role role, string what) =>
        RoleOf(world, actor) == role ? null : NotAuthorized(actor, what);

    /// <summary>True for identities that see every facility, report and deposit: regulators and the registry operator.</summary>
    public static bool SeesAll(Role? role) => role is Role.Regulator or Role.RegistryOperator;

    /// <summary>True when <paramref name="identity"/> (with <paramref name="role"/>) may see <paramref name="report"/>.</summary>
    public static bool MaySee(MrvState state, AnnualReport report, string identity, Role? role) => role switch
    {
        _ when SeesAll(role) => true,
        Role.CoveredEntity => state.Facilities.GetValueOrDefault(report.FacilityId)?.EntityId == identity,
        Role.Verifier => report.VerifierId == identity,
        _ => false,
    };

    /// <summary>The reports <paramref name="identity"/> may see, optionally of one year and status, by facility then year.</summary>
    public static IReadOnlyList<AnnualReport> VisibleReports(World world, string identity, int? year = null, ReportStatus? status = null)
    {
        var state = world.Get<MrvState>();
        var role = RoleOf(world, identity);
        return state.Reports.Values
            .Where(r => (year is null || r.Year == year) && (status is null || r.Status == status) && MaySee(state, r, identity, role))
            .ToList();
    }

    /// <summary>The views of the reports <paramref name="identity"/> may see (see <see cref="VisibleReports"/>).</summary>
    public static IReadOnlyList<ReportView> VisibleReportViews(World world, string identity, int? year = null, ReportStatus? status = null) =>
        [.. VisibleReports(world, identity, year, status).Select(r => ReportView.Of(world.Get<MrvState>(), r))];

    /// <summary>The facilities <paramref name="identity"/> may see: all, its own (entity), or those of reports assigned to it (verifier).</summary>
    public static IReadOnlyList<FacilityInfo> VisibleFacilities(World world, string identity)
    {
        var state = world.Get<MrvState>();
        var role = RoleOf(world, identity);
        return state.Facilities.Values.Where(f => role switch
        {
            _ when SeesAll(role) => true,
            Role.CoveredEntity => f.EntityId == identity,
            Role.Verifier => state.Reports.Values.Any(r => r.FacilityId == f.FacilityId && r.VerifierId == identity),
            _ => false,
        }).ToList();
    }
}
