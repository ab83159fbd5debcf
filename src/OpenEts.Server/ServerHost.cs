// The HTTP host of OpenETS: builds and runs the web application on an engine.
namespace OpenEts.Server;

/// <summary>Starts the server.</summary>
public static class ServerHost
{
    /// <summary>Runs the server on the given database and URLs until stopped.</summary>
    public static Task RunAsync(string db, string urls, CancellationToken cancellationToken)
    {
        _ = db;
        _ = urls;
        return Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
