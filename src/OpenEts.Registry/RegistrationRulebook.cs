// The registration rules a registry holds account opening to, as data (cn-registration.json), each value with its source.
using System.Text.Json;

namespace OpenEts.Registry;

/// <summary>The account-opening rules of the registration rulebook.</summary>
public sealed record RegistrationRulebook
{
    /// <summary>The rulebook's title.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Most open holder accounts (covered entity, investor, project owner) one holder may have in one market; null for no
    /// limit. The national rules: one account per holder.
    /// </summary>
    public int? HolderAccountsPerMarket { get; init; }

    /// <summary>The national registration rules (cn-registration.json).</summary>
    public static RegistrationRulebook National => s_national.Value;

    private static readonly Lazy<RegistrationRulebook> s_national = new(() => Load("cn-registration"));

    /// <summary>Loads an embedded registration rulebook by name ("cn-registration").</summary>
    public static RegistrationRulebook Load(string name)
    {
        using var stream = typeof(RegistrationRulebook).Assembly.GetManifestResourceStream(name + ".json")
            ?? throw new ArgumentException($"No registration rulebook named {name}.json is embedded.", nameof(name));
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var limit = root.GetProperty("holder_accounts_per_market");
        if (!limit.TryGetProperty("source", out var source) || string.IsNullOrWhiteSpace(source.GetString()))
            throw new InvalidDataException($"{name}.json: holder_accounts_per_market has no source.");
        var value = limit.GetProperty("value");
        int? perMarket = value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();
        if (perMarket is < 1)
            throw new InvalidDataException($"{name}.json: holder_accounts_per_market is at least 1, or null for no limit.");
        return new RegistrationRulebook { Name = root.GetProperty("name").GetString()!, HolderAccountsPerMarket = perMarket };
    }
}
