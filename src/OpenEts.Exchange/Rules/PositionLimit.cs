// Maximum position and large-holder disclosure of a market (china-ets.md, Trading: risk controls). No national
// figure is published, so the national rulebooks leave it off; a pilot's rulebook (cn-beijing.json) sets it.
using System.Text.Json;

namespace OpenEts.Exchange;

/// <summary>
/// How much of one instrument a holder may have (held units plus open buying) and above what it is a large holder
/// to disclose: a compliance entity its allocation of the instrument plus a margin, anyone else a fixed figure.
/// </summary>
/// <param name="ComplianceOverAllocationT">A compliance entity's limit above its allocation, t.</param>
/// <param name="OtherT">The limit of any other holder, t.</param>
/// <param name="DisclosureComplianceOverAllocationT">A compliance entity's disclosure threshold above its allocation, t.</param>
/// <param name="DisclosureOtherT">The disclosure threshold of any other holder, t.</param>
public sealed record PositionLimit(long ComplianceOverAllocationT, long OtherT, long DisclosureComplianceOverAllocationT, long DisclosureOtherT)
{
    /// <summary>The largest position a holder may reach, t.</summary>
    public long LimitT(bool complianceEntity, long allocationT) =>
        complianceEntity ? checked(allocationT + ComplianceOverAllocationT) : OtherT;

    /// <summary>The position above which a holder is a large holder, t.</summary>
    public long DisclosureT(bool complianceEntity, long allocationT) =>
        complianceEntity ? checked(allocationT + DisclosureComplianceOverAllocationT) : DisclosureOtherT;

    /// <summary>
    /// Reads a rulebook's <c>position_limit</c>: absent, or <c>{"value": null, "source": …}</c>, means no limit (null);
    /// otherwise its four figures, each with its source note.
    /// </summary>
    public static PositionLimit? Parse(JsonElement root)
    {
        if (!root.TryGetProperty("position_limit", out var block))
            return null;
        if (block.TryGetProperty("value", out _))
        {
            var off = TradingRulebook.SourcedValue(block);
            return off.ValueKind == JsonValueKind.Null
                ? null
                : throw new FormatException("position_limit: a single value may only be null (no limit); a limit gives its four figures.");
        }
        static long T(JsonElement e, string name)
        {
            var t = TradingRulebook.SourcedValue(e, name).GetInt64();
            return t >= 0 ? t : throw new FormatException($"position_limit.{name} must not be negative.");
        }
        var limit = new PositionLimit(T(block, "compliance_entity_over_allocation_t"), T(block, "other_t"),
            T(block, "disclosure_compliance_entity_over_allocation_t"), T(block, "disclosure_other_t"));
        if (limit.DisclosureComplianceOverAllocationT > limit.ComplianceOverAllocationT || limit.DisclosureOtherT > limit.OtherT)
            throw new FormatException("position_limit: a disclosure threshold above the limit would never be reached.");
        return limit;
    }
}
