// Who may do what in MRV. Identities are "regulator:<name>", "entity:<entity id>", "verifier:<verifier id>"
// until an identity module exists; the roles are checked here, in one place.
namespace OpenEts.Mrv.Reporting;

/// <summary>Reads the role out of an actor id.</summary>
public static class Actors
{
    /// <summary>True for a regulator.</summary>
    public static bool IsRegulator(string actor) => actor.StartsWith("regulator:", StringComparison.Ordinal);

    /// <summary>True when the actor acts for that entity.</summary>
    public static bool IsEntity(string actor, string entityId) => actor == "entity:" + entityId;

    /// <summary>True when the actor is that verifier.</summary>
    public static bool IsVerifier(string actor, string verifierId) => actor == "verifier:" + verifierId;
}
