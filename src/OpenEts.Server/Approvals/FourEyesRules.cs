// The four-eyes rulebook: which commands one regulator proposes and a different regulator approves,
// and the limits on proposals. Read from the embedded Rulebooks/four-eyes.json.
using System.Collections.Frozen;
using System.Text.Json;

namespace OpenEts.Server.Approvals;

/// <summary>The four-eyes rules of a market.</summary>
/// <param name="Commands">Command kinds ("registry.issue") that need a proposal and a second regulator.</param>
/// <param name="MaxNoteChars">Longest note or reason on a proposal.</param>
/// <param name="MaxPending">Most proposals pending at once.</param>
/// <param name="Expiry">How long a proposal may be approved after it was made (the command's time decides).</param>
public sealed record FourEyesRules(FrozenSet<string> Commands, int MaxNoteChars, int MaxPending, TimeSpan Expiry)
{
    /// <summary>The national market's rules, from the embedded rulebook.</summary>
    public static FourEyesRules National { get; } = Load("four-eyes.json");

    /// <summary>True when <paramref name="kind"/> runs only through a proposal and a second approval.</summary>
    public bool Requires(string kind) => Commands.Contains(kind);

    /// <summary>Loads an embedded rulebook file.</summary>
    public static FourEyesRules Load(string name)
    {
        using var stream = typeof(FourEyesRules).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The rulebook '{name}' is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var kinds = root.GetProperty("commands").GetProperty("value").EnumerateArray().Select(e => e.GetString()!).ToFrozenSet(StringComparer.Ordinal);
        return new FourEyesRules(kinds, root.GetProperty("max_note_chars").GetProperty("value").GetInt32(), root.GetProperty("max_pending").GetProperty("value").GetInt32(),
            TimeSpan.FromHours(root.GetProperty("expiry_hours").GetProperty("value").GetInt32()));
    }
}
