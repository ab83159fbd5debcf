// Reads a facility-year input from JSON text, turning malformed JSON into a rejection with its position.
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenEts.Core;

namespace OpenEts.Mrv.Calculation;

/// <summary>Parses calculator inputs.</summary>
public static class InputReader
{
    /// <summary>JSON options for inputs: snake_case, unknown fields refused, numbers exact (decimal).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 16,
    };

    /// <summary>One facility-year from JSON text.</summary>
    public static Checked<FacilityYearInput> Parse(string json) => ParseAs<FacilityYearInput>(json);

    /// <summary>Any input type from JSON text, or a malformed_json rejection.</summary>
    public static Checked<T> ParseAs<T>(string json) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, Json);
            return value is null
                ? Checked<T>.Fail("malformed_json", "The input is JSON null; expected an object.")
                : Checked<T>.Of(value);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is long line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1}{(ex.Path is null ? "" : ", at " + ex.Path)})" : "";
            return new Rejection("malformed_json", $"The input is not valid for this command{where}: {FirstSentence(ex.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] + "." : message;
    }
}
