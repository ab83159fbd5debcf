// Reads the bundled rulebook files (embedded JSON resources) into typed plans.
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenEts.Core;

namespace OpenEts.Allocation.Plans;

/// <summary>The rulebooks bundled with the module: power plans by id, and other markets' compliance rules.</summary>
public static class Rulebooks
{
    /// <summary>Ids of the bundled power-sector plans, in order.</summary>
    public static readonly IReadOnlyList<string> PowerPlanIds = ["cn-power-2019-2020", "cn-power-2021", "cn-power-2022", "cn-power-2023", "cn-power-2024"];

    /// <summary>JSON options for rulebook files: snake_case names and enum values, unknown members refused.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    private static readonly Dictionary<string, PowerPlan> Cache = [];
    private static readonly Dictionary<string, (PowerPlan Plan, string Digest, string Json)> Added = new(StringComparer.Ordinal);
    private static readonly Lock CacheLock = new();

    /// <summary>Every bundled power plan, in order.</summary>
    public static IReadOnlyList<PowerPlan> PowerPlans() => PowerPlanIds.Select(id => Load<PowerPlan>(id)).ToArray();

    /// <summary>The power plan with the given id, or a rejection naming the known ids.</summary>
    public static (PowerPlan? Plan, Rejection? Rejection) FindPowerPlan(string id)
    {
        lock (CacheLock)
        {
            if (Added.TryGetValue(id, out var added))
                return (added.Plan, null);
        }
        if (!PowerPlanIds.Contains(id))
            return (null, new Rejection("unknown_plan", $"No bundled plan is called '{id}'. Known plans: {string.Join(", ", PowerPlanIds)}."));
        return (Load<PowerPlan>(id), null);
    }

    /// <summary>
    /// Adds a market's own plan from its rulebook JSON (same shape as the bundled files): a pilot market's
    /// plan, or a variant of a national plan for a policy study. Its id may not be a bundled plan's, and an id
    /// added again must come with the same bytes, so a journal that names a plan always means one plan.
    /// </summary>
    public static (PowerPlan? Plan, Rejection? Rejection) AddPowerPlan(ReadOnlySpan<byte> json)
    {
        PowerPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<PowerPlan>(json, Json);
        }
        catch (JsonException e)
        {
            return (null, new Rejection("bad_plan", $"The plan is not a valid rulebook: {e.Message}"));
        }
        if (plan is null || string.IsNullOrWhiteSpace(plan.Id) || plan.Years.Count == 0)
            return (null, new Rejection("bad_plan", "The plan needs an id and at least one year."));
        if (PowerPlanIds.Contains(plan.Id))
            return (null, new Rejection("plan_exists", $"'{plan.Id}' is a bundled plan; give the market's own plan its own id."));
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json));
        lock (CacheLock)
        {
            if (Added.TryGetValue(plan.Id, out var known))
                return known.Digest == digest ? (known.Plan, null) : (null, new Rejection("plan_exists", $"A different plan '{plan.Id}' is already added."));
            Added[plan.Id] = (plan, digest, System.Text.Encoding.UTF8.GetString(json));
        }
        return (plan, null);
    }

    /// <summary>The power plan with the given id; throws for an unknown id (a bug in the caller).</summary>
    public static PowerPlan PowerPlan(string id) => FindPowerPlan(id).Plan ?? throw new ArgumentException($"Unknown plan {id}.", nameof(id));

    /// <summary>The rulebook JSON of a market's own plan added in this process, or null for a bundled (or unknown) plan.</summary>
    public static string? AddedPlanJson(string id)
    {
        lock (CacheLock)
            return Added.TryGetValue(id, out var added) ? added.Json : null;
    }

    /// <summary>
    /// Registers a market's own plan as the journal recorded it (replay, snapshot restore): the journal's text wins
    /// over whatever this process added under the same id, so every decision after a restart uses the plan the
    /// year was opened with.
    /// </summary>
    public static void RestoreFromJournal(string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var plan = JsonSerializer.Deserialize<PowerPlan>(bytes, Json) ?? throw new JsonException("The journal holds an empty plan.");
        lock (CacheLock)
            Added[plan.Id] = (plan, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), json);
    }

    /// <summary>The bytes of a bundled rulebook file ("cn-power-2023"), e.g. to start a market's own plan from a national one.</summary>
    public static byte[] BundledJson(string name)
    {
        using var stream = typeof(Rulebooks).Assembly.GetManifestResourceStream(name + ".json")
            ?? throw new ArgumentException($"The rulebook {name}.json is not bundled.", nameof(name));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Reads a bundled rulebook resource ("name.json") into <typeparamref name="T"/>.</summary>
    public static T Load<T>(string name) where T : class
    {
        lock (CacheLock)
        {
            if (typeof(T) == typeof(PowerPlan) && Cache.TryGetValue(name, out var cached))
                return (T)(object)cached;
            using var stream = typeof(Rulebooks).Assembly.GetManifestResourceStream(name + ".json")
                ?? throw new InvalidOperationException($"The rulebook {name}.json is not embedded.");
            var value = JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"The rulebook {name}.json is empty.");
            if (value is PowerPlan plan)
                Cache[name] = plan;
            return value;
        }
    }
}
