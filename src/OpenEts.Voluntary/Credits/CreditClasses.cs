// CCER credits live in the registry: one serialized unit class per project and vintage, held in
// registry accounts. This file names those classes and reads a credit's status from the account kind.
using OpenEts.Registry;
using OpenEts.Voluntary.Serials;

namespace OpenEts.Voluntary.Credits;

/// <summary>The registry unit classes of CCER credits.</summary>
public static class CreditClasses
{
    /// <summary>The class id of a project's vintage: CCER-&lt;project&gt;-&lt;vintage&gt; (serials restart at 1 in each).</summary>
    public static string Id(string projectId, int vintage) => $"{CcerSerial.Prefix}-{projectId}-{vintage}";

    /// <summary>
    /// A credit's public status from the kind of account holding it: held, buffer (the market's reserve
    /// account holds the non-permanence buffer), retired, surrendered or cancelled (the last three final).
    /// </summary>
    public static string Status(AccountKind kind) => kind switch
    {
        AccountKind.Reserve => "buffer",
        AccountKind.Retirement => "retired",
        AccountKind.Surrender => "surrendered",
        AccountKind.Cancellation => "cancelled",
        _ => "held",
    };

    /// <summary>The serials of a class an account holds (empty when none).</summary>
    public static IReadOnlyList<SerialRange> SerialsOf(RegistryState registry, string accountId, string classId) =>
        registry.HoldingOf(accountId, classId)?.Serials?.Ranges ?? [];
}
