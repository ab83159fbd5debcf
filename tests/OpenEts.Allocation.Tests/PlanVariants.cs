// A market's own plan made from a bundled national plan with a few values changed (a pilot market's, or a
// policy study's): the published plans set no paid share and no reserve, so tests of those add one this way.
using System.Text.Json.Nodes;
using OpenEts.Allocation.Plans;

namespace OpenEts.Allocation.Tests;

internal static class PlanVariants
{
    /// <summary>Adds <paramref name="id"/>: the bundled <paramref name="baseId"/> (power or industrial) after <paramref name="edit"/>.</summary>
    public static string Add(string baseId, string id, Action<JsonObject> edit)
    {
        var plan = JsonNode.Parse(Rulebooks.BundledJson(baseId))!.AsObject();
        plan["id"] = id;
        edit(plan);
        var (added, rejection) = Rulebooks.AddPlan(System.Text.Encoding.UTF8.GetBytes(plan.ToJsonString()));
        Assert.True(added is not null, rejection?.ToString());
        return id;
    }

    /// <summary>
    /// cn-steel-2025 with a crude-steel benchmark of 1.8 t CO2 per t stated (status assumed): a test figure for the true-up,
    /// not the national plan's value, which the sources do not give.
    /// </summary>
    public static string SteelWithBenchmark2025() => Add("cn-steel-2025", "test-steel-2025-benchmark", p =>
    {
        var b = p["allocation"]!["benchmark"]!;
        b["value_t_per_unit"] = 1.8m;
        b["status"] = "assumed";
        b["source"] = "a test figure (1.8 t CO2 per t crude steel), not the national plan's value";
    });

    /// <summary>cn-power-2023 selling 5% of the year's allocation (a policy variant; no published plan sells any).</summary>
    public static string PaidShare2023() => Add("cn-power-2023", "variant-paid-2023", p =>
    {
        p["paid_allocation"]!["share"]!["value"] = 0.05m;
        p["paid_allocation"]!["share"]!["source"] = "a policy variant: 5% sold by one-way bidding";
    });
}
