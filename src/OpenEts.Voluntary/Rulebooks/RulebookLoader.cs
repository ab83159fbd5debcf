// Reads the module's embedded rulebook files (JSON, embedded under their file names).
using System.Text.Json;

namespace OpenEts.Voluntary.Rulebooks;

/// <summary>Loads embedded rulebook JSON by file name.</summary>
public static class RulebookLoader
{
    /// <summary>Options for rulebook files: snake_case, comments and trailing commas allowed.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The names of every embedded rulebook file.</summary>
    public static IEnumerable<string> Names => typeof(RulebookLoader).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal));

    /// <summary>Parses the embedded file <paramref name="name"/> as a JSON document.</summary>
    public static JsonDocument Document(string name)
    {
        using var stream = typeof(RulebookLoader).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The rulebook '{name}' is not embedded in {typeof(RulebookLoader).Assembly.GetName().Name}.");
        return JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
    }

    /// <summary>Deserializes the embedded file <paramref name="name"/>.</summary>
    public static T Load<T>(string name)
    {
        using var stream = typeof(RulebookLoader).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The rulebook '{name}' is not embedded in {typeof(RulebookLoader).Assembly.GetName().Name}.");
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"The rulebook '{name}' is empty.");
    }
}
