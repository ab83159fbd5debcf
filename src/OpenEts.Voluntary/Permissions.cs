// Who may do what in the voluntary market, from the registry's roles: the regulator accredits,
// registers, rejects and issues; an accredited validation body validates; an accredited verifier
// verifies; the project's owner drafts, publishes and reports. Denials answer not_authorized.
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Voluntary;

/// <summary>Role checks of the voluntary commands, returning a rejection (never throwing).</summary>
internal static class Permissions
{
    /// <summary>The acting identity's registry role.</summary>
    public static Role? RoleOf(DecisionContext ctx) => ctx.World.Get<RegistryState>().RoleOf(ctx.Actor);

    /// <summary>Refuses unless the actor has <paramref name="role"/>.</summary>
    public static Rejection? Require(DecisionContext ctx, Role role, string what) =>
        RoleOf(ctx) == role ? null : NotAuthorized(ctx.Actor, $"{what} ({Describe(role)} only)");

    /// <summary>Refuses unless the actor is an accredited body with <paramref name="role"/> (ValidationBody or Verifier).</summary>
    public static Rejection? AccreditedBody(DecisionContext ctx, Role role, string what)
    {
        if (Require(ctx, role, what) is { } denied)
            return denied;
        return ctx.World.Get<VoluntaryState>().Bodies.ContainsKey(ctx.Actor)
            ? null
            : new Rejection("body_not_accredited", $"{ctx.Actor} is not an accredited {Describe(role)}.");
    }

    /// <summary>Refuses unless the actor is the project's owner (and still a project owner).</summary>
    public static Rejection? ProjectOwner(DecisionContext ctx, Project project, string what) =>
        RoleOf(ctx) == Role.ProjectOwner && project.Owner == ctx.Actor
            ? null
            : NotAuthorized(ctx.Actor, $"{what} of project {project.Id} (its owner {project.Owner} only)");

    /// <summary>The stable denial.</summary>
    public static Rejection NotAuthorized(string actor, string what) => new("not_authorized", $"'{actor}' may not {what}.");

    private static string Describe(Role role) => role switch
    {
        Role.ValidationBody => "validation body",
        Role.ProjectOwner => "project owner",
        Role.RegistryOperator => "registry operator",
        _ => role.ToString().ToLowerInvariant(),
    };
}
