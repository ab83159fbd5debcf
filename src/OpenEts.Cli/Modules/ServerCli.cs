// The server's commands on the CLI: serve.
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers the server's CLI commands.</summary>
public static class ServerCli
{
    /// <summary>Adds the module's commands.</summary>
    public static void Register(IConfigurator config)
    {
        _ = config;
    }

    /// <summary>Adds the module's benchmarks under "bench".</summary>
    public static void RegisterBench(IConfigurator<CommandSettings> bench)
    {
        _ = bench;
    }
}
