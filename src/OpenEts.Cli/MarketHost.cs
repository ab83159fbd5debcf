// Opens the engine on the database named by --db and runs commands through it for the CLI.
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;

namespace OpenEts.Cli;

/// <summary>The modules the CLI runs, and helpers to open the engine and submit commands.</summary>
public static class MarketHost
{
    /// <summary>
    /// The modules the engine runs (the same as the server's): registry, identities, four-eyes approvals,
    /// MRV reports, the voluntary project registry, the compliance cycle and the exchange.
    /// </summary>
    public static ModuleCatalog Catalog { get; } = OpenEts.Server.MarketRuntime.CreateCatalog();

    /// <summary>Opens the journal named by <paramref name="db"/>; a missing file is refused unless <paramref name="create"/>.</summary>
    public static IJournal OpenJournal(string db, bool create = false) => JournalFactory.Open(create ? db : ExistingDatabase(db));

    /// <summary>
    /// The database of this run, which must exist: for a command that only reads or changes what is there (a mistyped path
    /// is refused with <c>no_database</c>, not made into a new market).
    /// </summary>
    public static string ExistingDatabase() => ExistingDatabase(GlobalOptions.Current.Database);

    private static string ExistingDatabase(string db)
    {
        if (!JournalFactory.IsPostgres(db) && !File.Exists(db))
            throw CliException.BadInput($"No OpenETS database at '{db}'. Create one with 'openets init --db {db}'.", "no_database");
        return db;
    }

    /// <summary>Opens the engine on the database of this run.</summary>
    public static Engine Open(bool create = false, EngineOptions? options = null) =>
        Engine.Open(OpenJournal(GlobalOptions.Current.Database, create), Catalog, options);

    /// <summary>Submits one command (at <paramref name="time"/>, else now); a rejection ends the run with exit 1 and the code on stderr.</summary>
    public static async Task<Outcome> Run(Engine engine, string actor, Command command, string? commandId = null, DateTimeOffset? time = null)
    {
        var outcome = await engine.SubmitAsync(new CommandEnvelope(commandId ?? NewCommandId(), actor, time ?? DateTimeOffset.UtcNow, command));
        if (outcome.Rejection is { } r)
            throw CliException.Rejected(r.Code, r.Message);
        return outcome;
    }

    /// <summary>A fresh command id for commands given without --id.</summary>
    public static string NewCommandId() => "cli-" + Guid.NewGuid().ToString("N");

    /// <summary>Sets up a market on the engine (idempotent: fixed command ids); a refused step ends the run with exit 1.</summary>
    public static async Task<int> Setup(Engine engine, IReadOnlyList<SetupStep> steps, DateTimeOffset time)
    {
        var (applied, _, rejection) = await MarketSetup.RunAsync(engine, steps, time);
        return rejection is null ? applied : throw CliException.Rejected(rejection.Code, rejection.Message);
    }
}
