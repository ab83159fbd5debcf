// A rule another module puts on units leaving an account, asked by the registry when a holder moves its own units: the
// exchange's T+1 (units bought today may not leave the account they were bought into before the next trading day, by
// sale or by transfer). The registry names no module: whichever state implements this interface is asked.
using OpenEts.Core;

namespace OpenEts.Registry;

/// <summary>A module state that may refuse units leaving a holder's account by the holder's own transfer.</summary>
public interface IHoldingRestrictions
{
    /// <summary>The refusal of <paramref name="quantity"/> of <paramref name="classId"/> leaving <paramref name="account"/> at <paramref name="time"/>, or null.</summary>
    Rejection? OutflowRefusal(World world, string account, string classId, long quantity, DateTimeOffset time);
}
