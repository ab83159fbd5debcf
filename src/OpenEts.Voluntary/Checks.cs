// Small argument checks shared by the handlers: ids, text lengths, document hashes.
using System.Text.RegularExpressions;
using OpenEts.Core;

namespace OpenEts.Voluntary;

/// <summary>Boundary checks returning a rejection (never throwing).</summary>
internal static partial class Checks
{
    /// <summary>Longest name, beneficiary or reason accepted.</summary>
    public const int MaxText = 500;

    /// <summary>Longest report, retirement or body id.</summary>
    public const int MaxId = 64;

    /// <summary>Most reasons, references or records in one command.</summary>
    public const int MaxItems = 10_000;

    [GeneratedRegex("^[A-Z0-9]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectIdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    public static Rejection? ProjectId(string id) =>
        ProjectIdPattern().IsMatch(id) ? null : new Rejection("bad_project_id", $"'{id}' is not a project id: 1–20 capital letters or digits (it becomes part of every serial).");

    public static Rejection? Id(string what, string id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > MaxId ? new Rejection("bad_id", $"The {what} id must be 1–{MaxId} characters.") : null;

    public static Rejection? Text(string what, string? text, bool required = true)
    {
        if (required && string.IsNullOrWhiteSpace(text))
            return new Rejection($"{what}_required", $"The {what.Replace('_', ' ')} is required.");
        return text is not null && text.Length > MaxText ? new Rejection("text_too_long", $"The {what.Replace('_', ' ')} is longer than {MaxText} characters.") : null;
    }

    public static Rejection? Document(string what, string sha256) =>
        Sha256Pattern().IsMatch(sha256) ? null : new Rejection("bad_document_hash", $"The {what} must be referenced by its SHA-256 as 64 lowercase hex digits.");

    public static Rejection? Quantity(long quantity) =>
        quantity < 1 ? new Rejection("bad_quantity", "The quantity must be at least 1 t.") : null;

    /// <summary>The reasons of a rejection: at least one, none blank, at most 20 of <see cref="MaxText"/> characters.</summary>
    public static Rejection? Reasons(IReadOnlyList<string>? reasons)
    {
        if (reasons is null || reasons.Count == 0 || reasons.Any(string.IsNullOrWhiteSpace))
            return new Rejection("reasons_required", "A rejection states its reasons.");
        return reasons.Count > 20 || reasons.Any(x => x.Length > MaxText) ? new Rejection("text_too_long", $"At most 20 reasons of {MaxText} characters.") : null;
    }

    /// <summary>The first rejection of a list of checks, or null.</summary>
    public static Rejection? First(params Rejection?[] checks) => checks.FirstOrDefault(c => c is not null);
}
