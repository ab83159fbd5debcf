// The HTTP host of OpenETS: builds the web application on a market's engine (Kestrel, JSON API,
// problem details, authentication, OpenAPI) and runs it. Each module maps its endpoints in its own file.
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenEts.Core;
using OpenEts.Server.Api;
using OpenEts.Server.Http;
using OpenEts.Server.Web;
using Scalar.AspNetCore;

namespace OpenEts.Server;

/// <summary>Starts the server.</summary>
public static partial class ServerHost
{
    /// <summary>Largest request body accepted (bytes); larger bodies get 413.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>The sentence of <c>body_too_large</c>, whether the length was declared or the body was cut off while read.</summary>
    private static readonly string BodyTooLarge = $"A request body is at most {MaxBodyBytes:N0} bytes.";

    /// <summary>Runs the server on the given database and URLs until stopped.</summary>
    public static async Task RunAsync(string db, string urls, ServerOptions options, CancellationToken cancellationToken)
    {
        var app = await BuildAppAsync(db, urls, options: options);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
        }
    }

    /// <summary>Builds the application on <paramref name="db"/> (setting up the national market on an empty one), listening on <paramref name="urls"/>.</summary>
    public static async Task<WebApplication> BuildAppAsync(string db, string urls, bool quiet = false, ServerOptions? options = null)
    {
        var market = await MarketRuntime.OpenAsync(db, options?.Clock, options?.Exchange, claimWriter: true, options?.ExpectedCommands ?? 0);
        try
        {
            return Build(market, urls, quiet, options ?? new ServerOptions());
        }
        catch
        {
            market.Dispose();
            throw;
        }
    }

    private static WebApplication Build(MarketRuntime market, string urls, bool quiet, ServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ServerHost).Assembly.GetName().Name });
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        if (quiet)
            builder.Logging.ClearProviders();
        else if (options.JsonLogs)
            builder.Logging.ClearProviders().AddJsonConsole(o => o.UseUtcTimestamp = true);
        // One line per request comes from OpenEts.Server.Requests; the framework's own only when it warns.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(market);
        builder.Services.AddSingleton(options);
        builder.Services.AddOpenEtsTelemetry(options);
        builder.Services.AddSingleton<SettlementTape>();
        builder.Services.AddSingleton(new OpenEts.Server.Identity.LoginRateLimit(options.LoginLimits, market.Clock));
        builder.Services.AddSingleton<ExchangeTape>();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "openets_form";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "form_token";
        });
        builder.Services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenEtsAuth();
        builder.Services.AddOpenApi();
        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(market.Dispose);
        // The request log is outermost, so it records the status the client got, also the one an error was answered with.
        var requests = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenEts.Server.Requests");
        app.Use((http, next) => RequestLog.LogAsync(http, () => next(http), requests));
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = HandleError,
            StatusCodeSelector = _ => 500,
            // A malformed request is the client's error, answered with its code: no error log with a stack trace for it.
            // Every other failure is logged by HandleError.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.Use(async (http, next) =>
        {
            market.CountRequest();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            // Refused before reading: a declared length over the limit never reaches an endpoint.
            if (http.Request.ContentLength > MaxBodyBytes)
            {
                await Problems.WriteAsync(http, 413, "body_too_large", BodyTooLarge);
                return;
            }
            await next(http);
            // A body without a declared length (chunked) is cut off by Kestrel's limit while the endpoint reads it; the
            // endpoint's binding then sets 413 and writes nothing. The client gets the same problem as for a declared length.
            if (http.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
                await Problems.WriteAsync(http, 413, "body_too_large", BodyTooLarge);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapPublicApi();
        app.MapWebUi();
        var open = app.MapGroup("/api");
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapRegistryApi();
        api.MapJournalApi();
        api.MapMrvApi();
        api.MapApprovalsApi();
        api.MapExchangeApi();
        api.MapPositionLimitApi();
        api.MapAllocationApi();
        api.MapAuctionApi();
        open.MapIdentityApi(api);
        open.MapVoluntaryApi(api);
        app.MapFallback(NoEndpoint);
        return app;
    }

    /// <summary>The API's JSON rules: snake_case, enums as snake_case strings, no unknown fields, no missing required fields.</summary>
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.RespectNullableAnnotations = true;
        o.RespectRequiredConstructorParameters = true;
        o.NumberHandling = JsonNumberHandling.Strict;
        o.MaxDepth = 16;
        // The strict encoder: '<', '>', '&' and quotes leave as \u escapes, never as markup.
        o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default;
    }

    // Routing sends a body of another media type here too (no JSON endpoint accepts it): that is a 415. So does a POST or
    // PUT with no Content-Type at all (no body, or one not declared), which JSON endpoints do not match either.
    private static IResult NoEndpoint(HttpContext h) =>
        h.Request.ContentType is { } type && !IsJson(type)
            ? Problems.Of(415, "unsupported_media_type", "Send the body as application/json.")
            : h.Request.ContentType is null && (HttpMethods.IsPost(h.Request.Method) || HttpMethods.IsPut(h.Request.Method))
                ? Problems.Of(415, "unsupported_media_type", $"{h.Request.Method} {h.Request.Path} has no Content-Type; send a JSON body as application/json.")
                : Problems.Of(404, "no_such_endpoint", $"There is no endpoint at {h.Request.Method} {h.Request.Path}.");

    /// <summary>True for application/json and the +json media types (with any parameters), as JSON endpoints take them.</summary>
    private static bool IsJson(string contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static async Task HandleError(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, code, detail) = error switch
        {
            BadHttpRequestException { InnerException: JsonException json } => Json(json),
            BadHttpRequestException { StatusCode: 413 } or BadHttpRequestException { InnerException: BadHttpRequestException { StatusCode: 413 } }
                => (413, "body_too_large", BodyTooLarge),
            BadHttpRequestException { InnerException: Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException }
                => (400, "antiforgery_failed", "The form's anti-forgery token is missing or stale: load the page again and send the form from it."),
            BadHttpRequestException { StatusCode: 415 } => (415, "unsupported_media_type", "Send the body as application/json."),
            BadHttpRequestException b when b.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && b.StatusCode == 400 => (400, "missing_body", "This endpoint needs a JSON body."),
            BadHttpRequestException b when QueryParameter().Match(b.Message) is { Success: true } m =>
                (400, "invalid_query", $"The parameter '{m.Groups["name"].Value}' must be a {Friendly(m.Groups["type"].Value)}; '{m.Groups["value"].Value}' is not."),
            BadHttpRequestException b => (b.StatusCode, "bad_request", "The request is malformed."),
            EngineFaultedException => (503, "engine_stopped", "The market engine stopped after a storage failure; it recovers on restart."),
            _ => (500, "internal_error", "An internal error occurred; nothing was acknowledged."),
        };
        if (status >= 500)
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpenEts.Server").LogError(error, "Request failed");
        await Problems.WriteAsync(http, status, code, detail);

        static string Friendly(string type) => (type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type.TrimEnd('?')) switch
        {
            "long" or "int" or "Int64" or "Int32" => "whole number",
            "DateOnly" => "date (YYYY-MM-DD)",
            "bool" or "Boolean" => "true or false",
            var other => other,
        };

        static (int, string, string) Json(JsonException json)
        {
            var (c, d) = Problems.OfJson(json);
            return (400, c, d);
        }
    }

    /// <summary>ASP.NET Core's sentence for a query or route value that does not bind: its type, name and value.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>[^ \"]+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.$")]
    private static partial System.Text.RegularExpressions.Regex QueryParameter();
}
