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

    /// <summary>Ids of the bundled industrial sector plans (steel, cement, aluminium), 2024 then 2025.</summary>
    public static readonly IReadOnlyList<string> SectorPlanIds =
        ["cn-steel-2024", "cn-cement-2024", "cn-aluminium-2024", "cn-steel-2025", "cn-cement-2025", "cn-aluminium-2025"];

    private static readonly Dictionary<string, object> Cache = [];
    private static readonly Dictionary<string, (ICompliancePlan Plan, string Digest, string Json)> Added = new(StringComparer.Ordinal);
    private static readonly Lock CacheLock = new();

    /// <summary>Every bundled power plan, in order.</summary>
    public static IReadOnlyList<PowerPlan> PowerPlans() => PowerPlanIds.Select(id => Load<PowerPlan>(id)).ToArray();

    /// <summary>Every bundled industrial sector plan, in order.</summary>
    public static IReadOnlyList<SectorPlan> SectorPlans() => SectorPlanIds.Select(id => Load<SectorPlan>(id)).ToArray();

    /// <summary>Every bundled plan the compliance cycle can open a year with: power, then the industrial sectors.</summary>
    public static IReadOnlyList<ICompliancePlan> AllPlans() => [.. PowerPlans(), .. SectorPlans()];

    private static Rejection UnknownPlan(string id) =>
        new("unknown_plan", $"No bundled plan is called '{id}'. Known plans: {string.Join(", ", PowerPlanIds.Concat(SectorPlanIds))}.");

    /// <summary>The power plan with the given id, or a rejection naming the known ids.</summary>
    public static (PowerPlan? Plan, Rejection? Rejection) FindPowerPlan(string id)
    {
        var (plan, rejection) = FindPlan(id);
        return plan switch
        {
            null => (null, rejection),
            PowerPlan power => (power, null),
            _ => (null, new Rejection("not_a_power_plan", $"'{id}' is a {plan.Sector} plan; allocation per generating unit needs a power plan ({string.Join(", ", PowerPlanIds)})."))
        };
    }

    /// <summary>Any plan (power or industrial, bundled or a market's own) with the given id, or a rejection naming the known ids.</summary>
    public static (ICompliancePlan? Plan, Rejection? Rejection) FindPlan(string id)
    {
        lock (CacheLock)
        {
            if (Added.TryGetValue(id, out var added))
                return (added.Plan, null);
        }
        if (PowerPlanIds.Contains(id))
            return (Load<PowerPlan>(id), null);
        return SectorPlanIds.Contains(id) ? (Load<SectorPlan>(id), null) : (null, UnknownPlan(id));
    }

    /// <summary>Any plan with the given id; throws for an unknown id (a bug in the caller).</summary>
    public static ICompliancePlan Plan(string id) => FindPlan(id).Plan ?? throw new ArgumentException($"Unknown plan {id}.", nameof(id));

    /// <summary>
    /// Adds a market's own plan from its rulebook JSON (same shape as the bundled files): a pilot market's
    /// plan, or a variant of a national plan for a policy study. Its id may not be a bundled plan's, and an id
    /// added again must come with the same bytes, so a journal that names a plan always means one plan.
    /// </summary>
    public static (PowerPlan? Plan, Rejection? Rejection) AddPowerPlan(ReadOnlySpan<byte> json)
    {
        var (plan, rejection) = Add<PowerPlan>(json, null);
        return (plan, rejection);
    }

    /// <summary>
    /// Adds a market's own industrial sector plan (the bundled cn-steel/cement/aluminium files' shape), e.g. a 2025
    /// plan that states the intensity benchmark the national plan's data does not publish. Same id rules as
    /// <see cref="AddPowerPlan"/>; a benchmark marked not_published must have no value, any other a positive one.
    /// </summary>
    public static (SectorPlan? Plan, Rejection? Rejection) AddSectorPlan(ReadOnlySpan<byte> json) => Add<SectorPlan>(json, SectorPlanProblem);

    /// <summary>Adds a market's own plan of either kind: an industrial plan has an "allocation" section, a power plan has benchmarks per unit category.</summary>
    public static (ICompliancePlan? Plan, Rejection? Rejection) AddPlan(ReadOnlySpan<byte> json)
    {
        if (IsSectorPlan(json))
        {
            var (sector, rejection) = AddSectorPlan(json);
            return (sector, rejection);
        }
        var (power, refused) = AddPowerPlan(json);
        return (power, refused);
    }

    private static bool IsSectorPlan(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("allocation", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? SectorPlanProblem(SectorPlan plan)
    {
        if (string.IsNullOrWhiteSpace(plan.Sector))
            return "The plan needs a sector.";
        var a = plan.Allocation;
        if (a.Benchmark is { } b && (b.Status == BenchmarkStatus.NotPublished ? b.ValueTPerUnit is not null : b.ValueTPerUnit is not > 0))
            return $"The {b.Product} benchmark is '{b.Status}' with value {b.ValueTPerUnit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}: a not_published benchmark has no value, a published or assumed one a positive value.";
        if (a.Method.Value == SectorAllocationMethod.IntensityBenchmark && (a.PreAllocation is null || a.Benchmark is null))
            return "An intensity_benchmark plan needs its pre_allocation and its benchmark.";
        return a.PreAllocation is { ShareOfVerifiedEmissions.Value: < 0 or > 1 } ? "The pre-allocation share is between 0 and 1." : null;
    }

    private static (T? Plan, Rejection? Rejection) Add<T>(ReadOnlySpan<byte> json, Func<T, string?>? problem) where T : class, ICompliancePlan
    {
        T? plan;
        try
        {
            plan = JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException e)
        {
            return (null, new Rejection("bad_plan", $"The plan is not a valid rulebook: {e.Message}"));
        }
        if (plan is null || string.IsNullOrWhiteSpace(plan.Id) || plan.Years.Count == 0)
            return (null, new Rejection("bad_plan", "The plan needs an id and at least one year."));
        if (problem?.Invoke(plan) is { } wrong)
            return (null, new Rejection("bad_plan", wrong));
        if (PowerPlanIds.Contains(plan.Id) || SectorPlanIds.Contains(plan.Id))
            return (null, new Rejection("plan_exists", $"'{plan.Id}' is a bundled plan; give the market's own plan its own id."));
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json));
        lock (CacheLock)
        {
            if (Added.TryGetValue(plan.Id, out var known))
                return known.Digest == digest && known.Plan is T same ? (same, null) : (null, new Rejection("plan_exists", $"A different plan '{plan.Id}' is already added."));
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
        ICompliancePlan plan = IsSectorPlan(bytes)
            ? JsonSerializer.Deserialize<SectorPlan>(bytes, Json) ?? throw new JsonException("The journal holds an empty plan.")
            : JsonSerializer.Deserialize<PowerPlan>(bytes, Json) ?? throw new JsonException("The journal holds an empty plan.");
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
            if (Cache.TryGetValue(name, out var cached) && cached is T known)
                return known;
            using var stream = typeof(Rulebooks).Assembly.GetManifestResourceStream(name + ".json")
                ?? throw new InvalidOperationException($"The rulebook {name}.json is not embedded.");
            var value = JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"The rulebook {name}.json is empty.");
            if (value is ICompliancePlan)
                Cache[name] = value;
            return value;
        }
    }
}
