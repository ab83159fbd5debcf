// RFC 7807 problem details: every rejection and every bad request answers application/problem+json
// with the stable code (extension "code") and a sentence.
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpenEts.Core;

namespace OpenEts.Server.Http;

/// <summary>Builds problem responses and maps engine codes to HTTP statuses.</summary>
public static class Problems
{
    /// <summary>
    /// The HTTP status of a rejection code: not_authorized 403; unknown_* 404; malformed values
    /// (invalid_*, quantity_*, weak_password, beneficiary_required, empty_transfer, too_many_legs,
    /// not_a_holder_kind, natural_person_not_allowed, not_issuance_account, not_a_treasury_account, wrong_unit_type, not_proposable) 422;
    /// same_approver and
    /// four_eyes_required 403; every other conflict with the
    /// state (insufficient_*, *_exists, frozen, closed, final, lock_*, wrong_market, command_id_reused) 409.
    /// </summary>
    public static int StatusOf(string code) => code switch
    {
        "not_authorized" or "same_approver" or "four_eyes_required" => StatusCodes.Status403Forbidden,
        _ when code.StartsWith("unknown_", StringComparison.Ordinal) => StatusCodes.Status404NotFound,
        _ when code.StartsWith("invalid_", StringComparison.Ordinal) || code.StartsWith("quantity_", StringComparison.Ordinal) => StatusCodes.Status422UnprocessableEntity,
        "weak_password" or "beneficiary_required" or "empty_transfer" or "too_many_legs" or "not_a_holder_kind" or "natural_person_not_allowed"
            or "not_issuance_account" or "not_a_treasury_account" or "wrong_unit_type" or "not_proposable" or "bad_text" => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>A problem for an engine rejection.</summary>
    public static IResult Rejected(Rejection rejection, long seq = 0) => Of(StatusOf(rejection.Code), rejection.Code, rejection.Message, seq);

    /// <summary>A problem with an explicit status.</summary>
    public static IResult Of(int status, string code, string detail, long seq = 0)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (seq > 0)
            extensions["seq"] = seq;
        return Results.Problem(detail: detail, statusCode: status, title: TitleOf(status), type: "https://openets.org/problems/" + code, extensions: extensions);
    }

    /// <summary>Writes a problem directly (middleware and handlers outside endpoints).</summary>
    public static Task WriteAsync(HttpContext http, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        var body = new Dictionary<string, object?>
        {
            ["type"] = "https://openets.org/problems/" + code,
            ["title"] = TitleOf(status),
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    /// <summary>The code and sentence for a body the JSON reader refused.</summary>
    public static (string Code, string Detail) OfJson(JsonException ex)
    {
        var where = ex.Path is { Length: > 0 } p ? $" at {p}" : "";
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
            return ("unknown_field", $"The body has a field this endpoint does not take{where}.");
        // The reader's own sentence names the type it could not read ("…not in a supported DateOnly format").
        if (ex.InnerException is FormatException { Message: var format } && (format.Contains("DateOnly", StringComparison.Ordinal) || format.Contains("DateTime", StringComparison.Ordinal)))
            return ("invalid_date", $"A date or time is not a valid ISO 8601 value (YYYY-MM-DD, or a time with its offset){where}.");
        if (ex.InnerException is FormatException or OverflowException)
            return ("number_out_of_range", $"A number is not a whole number in range{where}.");
        if (message.Contains("missing required", StringComparison.OrdinalIgnoreCase) || message.Contains("null", StringComparison.OrdinalIgnoreCase))
            return ("missing_field", $"A required field is missing or null{where}.");
        return ("malformed_json", $"The body is not valid JSON for this endpoint{where}.");
    }

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad request",
        401 => "Not authenticated",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Body too large",
        415 => "Unsupported media type",
        422 => "Unprocessable request",
        423 => "Locked",
        429 => "Too many requests",
        _ => "Error",
    };
}
