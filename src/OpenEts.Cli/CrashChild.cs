// A hidden command for the crash-safety test: submits transfers without end and prints each
// acknowledged command id, so a test can kill it at any moment and check nothing acknowledged is lost.
using OpenEts.Core;
using OpenEts.Registry;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Settings of crash-child.</summary>
public sealed class CrashChildSettings : CommandSettings
{
    /// <summary>A prefix for command ids, distinct per run.</summary>
    [CommandOption("--run <NAME>")]
    public string Run { get; init; } = "run";
}

/// <summary>openets crash-child: transfers in a loop, "ack ID" on stdout after each durable outcome.</summary>
public sealed class CrashChildCommand : AsyncCommand<CrashChildSettings>
{
    private const int Accounts = 16;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CrashChildSettings s, CancellationToken cancellationToken)
    {
        await using var engine = MarketHost.Open(create: true, new EngineOptions { MaxBatch = 256 });
        var time = new DateTimeOffset(2024, 7, 16, 2, 0, 0, TimeSpan.Zero);
        var steps = MarketSetup.National().ToList();
        for (var i = 0; i < Accounts; i++)
            steps.Add(new SetupStep($"crash:open:{i}", MarketSetup.RegistryOperator, new OpenAccount($"A{i}", "cn", $"holder-{i}", AccountKind.Investor)));
        steps.Add(new SetupStep("crash:issue", MarketSetup.Regulator, new Issue("CEA21", "cn-ISSUANCE", Accounts * 1_000_000L)));
        for (var i = 0; i < Accounts; i++)
            steps.Add(new SetupStep($"crash:fund:{i}", MarketSetup.Regulator, new Transfer("cn-ISSUANCE", $"A{i}", "CEA21", 1_000_000)));
        await MarketHost.Setup(engine, steps, time);
        Console.Out.WriteLine("ready");
        var random = new Random(s.Run.GetHashCode(StringComparison.Ordinal));
        var output = TextWriter.Synchronized(Console.Out);
        var inFlight = new List<Task>();
        for (long n = 0; ; n++)
        {
            var id = $"{s.Run}-{n}";
            var from = random.Next(Accounts);
            var to = (from + 1 + random.Next(Accounts - 1)) % Accounts;
            var command = new Transfer($"A{from}", $"A{to}", "CEA21", random.Next(1, 1_000));
            inFlight.Add(engine.SubmitAsync(new CommandEnvelope(id, MarketSetup.RegistryOperator, time, command))
                .ContinueWith(t => output.WriteLine($"ack {id} {(t.Result.Accepted ? "accepted" : t.Result.Rejection!.Code)}"), TaskScheduler.Default));
            if (inFlight.Count >= 64)
            {
                await Task.WhenAny(inFlight);
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
    }
}
