// How a server runs beyond its database and addresses: whether four-eyes commands must go through
// a proposal (the default, as in real registries) or may be sent directly (a one-regulator pilot).
using OpenEts.Server.Approvals;
using OpenEts.Server.Identity;

namespace OpenEts.Server;

/// <summary>Server settings.</summary>
public sealed record ServerOptions
{
    /// <summary>
    /// When true (the default), the commands the four-eyes rulebook lists (issuance, allocation,
    /// account freezes) are refused with 403 four_eyes_required when sent directly: they run only
    /// through POST /api/proposals and a second regulator's approval.
    /// </summary>
    public bool FourEyes { get; init; } = true;

    /// <summary>The four-eyes rules.</summary>
    public FourEyesRules Rules { get; init; } = FourEyesRules.National;

    /// <summary>Password logins allowed per client address and window (default: Rulebooks/logins.json, 10 per 60 s); beyond them, 429 too_many_logins.</summary>
    public LoginLimits LoginLimits { get; init; } = LoginLimits.Default;

    /// <summary>Log each request as one JSON line (ASP.NET Core JSON console logging).</summary>
    public bool JsonLogs { get; init; }

    /// <summary>
    /// Where to export metrics by OTLP over HTTP (an OpenTelemetry collector, e.g. http://127.0.0.1:4318);
    /// null: no export (the /metrics page still answers).
    /// </summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>Where command times come from (the engine reads no clock); a fixed clock replays a date in tests and drills.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How often metrics are exported.</summary>
    public TimeSpan OtlpInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The exchange module the server runs, for a market whose trading rulebooks differ from the shipped ones (a pilot's,
    /// or a drill's), or whose listing days are sized for their expected orders (serve --expected-orders); null: the
    /// national rulebooks, days that grow as needed.
    /// </summary>
    public OpenEts.Exchange.ExchangeModule? Exchange { get; init; }

    /// <summary>
    /// Commands the market expects beyond those its journal holds (a busy day's orders), made room for in the engine's
    /// index of command ids when it opens (see <see cref="OpenEts.Core.EngineOptions.ExpectedCommands"/>); 0: it grows as needed.
    /// </summary>
    public int ExpectedCommands { get; init; }
}
