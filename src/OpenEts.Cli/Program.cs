// openets: the command-line host. It only translates between the shell and the modules.
using OpenEts.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

var (global, rest) = GlobalOptions.Extract(args);
if (global.Error is not null)
{
    Console.Error.WriteLine($"error: {global.Error}");
    return ExitCodes.BadInput;
}
GlobalOptions.Current = global;
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("openets");
    config.PropagateExceptions();
    config.Settings.StrictParsing = true;
    config.SetInterceptor(new OptionValues());
    CoreCli.Register(config);
    ExchangeCli.Register(config);
    AuctionCli.Register(config);
    MrvCli.Register(config);
    VoluntaryCli.Register(config);
    AllocationCli.Register(config);
    ServerCli.Register(config);
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Measure throughput and latency, side by side with a baseline in the same run.");
        CoreCli.RegisterBench(bench);
        ExchangeCli.RegisterBench(bench);
        AllocationCli.RegisterBench(bench);
        ServerCli.RegisterBench(bench);
    });
});
try
{
    return await app.RunAsync(rest);
}
catch (CliException ex)
{
    Console.Error.WriteLine(ex.Code is null ? $"error: {ex.Message}" : $"{ex.Code}: {ex.Message}");
    return ex.ExitCode;
}
catch (CommandAppException ex)
{
    Console.Error.WriteLine($"usage: {ex.Message}");
    return ExitCodes.BadInput;
}
catch (OpenEts.Core.EngineFaultedException ex) when (ex.InnerException is OpenEts.Core.JournalInUseException inUse)
{
    // Another process (a running server) writes this journal: nothing of this command was written.
    Console.Error.WriteLine($"journal_in_use: {inUse.Message}");
    return ExitCodes.BadInput;
}
catch (OpenEts.Core.JournalInUseException ex)
{
    Console.Error.WriteLine($"journal_in_use: {ex.Message}");
    return ExitCodes.BadInput;
}
catch (OpenEts.Core.JournalFormatException ex)
{
    Console.Error.WriteLine($"bad_database: {ex.Message}");
    return ExitCodes.BadInput;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
    return ExitCodes.BadInput;
}
