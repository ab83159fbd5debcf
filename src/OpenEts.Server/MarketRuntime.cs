// The running market behind the server: the engine, a second journal handle for reading the audit
// trail, counters for /metrics, and the setup and identity steps the CLI and tests share.
using OpenEts.Core;
using OpenEts.Exchange;
using OpenEts.Journal;
using OpenEts.Registry;
using OpenEts.Server.Approvals;
using OpenEts.Server.Http;
using OpenEts.Server.Identity;
using OpenEts.Mrv.Reporting;
using OpenEts.Mrv.Rules;
using OpenEts.Voluntary;
using OpenEts.Voluntary.Methodologies;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Server;

/// <summary>The engine of one market and what the server needs around it.</summary>
public sealed class MarketRuntime : IDisposable
{
    private readonly IJournal _reader;
    private readonly System.Threading.Lock _readLock = new();
    private long _commands;
    private long _rejections;
    private long _requests;

    private MarketRuntime(Engine engine, IJournal reader, TimeProvider clock)
    {
        Engine = engine;
        _reader = reader;
        Clock = clock;
    }

    /// <summary>
    /// Every module the server runs; a module added here gets its state, commands and events. The exchange runs the national
    /// rulebooks unless <paramref name="exchange"/> is given.
    /// </summary>
    public static ModuleCatalog CreateCatalog(ExchangeModule? exchange = null) => new(
        new RegistryModule(),
        new IdentityModule(),
        new ApprovalsModule(FourEyesRules.National),
        new MrvModule(MrvRulebook.ChinaNational),
        new VoluntaryModule(CcerRules.National, MethodologyCatalog.Published),
        new OpenEts.Allocation.Cycle.ComplianceCycleModule(),
        exchange ?? new ExchangeModule());

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>Where command times come from (the engine reads no clock).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Commands submitted through the server.</summary>
    public long Commands => Interlocked.Read(ref _commands);

    /// <summary>Commands the engine rejected.</summary>
    public long Rejections => Interlocked.Read(ref _rejections);

    /// <summary>Orders, trades and tonnes through this server.</summary>
    public ExchangeMetrics Exchange { get; } = new();

    /// <summary>HTTP requests served.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>
    /// Opens the engine on a database; on an empty one, sets up the national market first (idempotent). With
    /// <paramref name="claimWriter"/> (the server) the journal is claimed for this process at once, so a second writer is
    /// refused before either decides anything (<see cref="JournalInUseException"/>); otherwise (the CLI) at its first write, so
    /// reading commands work beside a running server.
    /// </summary>
    public static async Task<MarketRuntime> OpenAsync(string db, TimeProvider? clock = null, ExchangeModule? exchange = null, bool claimWriter = false,
        int expectedCommands = 0)
    {
        clock ??= TimeProvider.System;
        var journal = JournalFactory.Open(db);
        if (claimWriter)
        {
            try
            {
                journal.Open();
                journal.ClaimWriter();
            }
            catch
            {
                journal.Dispose();
                throw;
            }
        }
        var engine = Engine.Open(journal, CreateCatalog(exchange), new EngineOptions { ExpectedCommands = expectedCommands });
        IJournal? reader = null;
        try
        {
            reader = JournalFactory.Open(db);
            reader.Open();
            var market = new MarketRuntime(engine, reader, clock);
            await market.SetupAsync(MarketSetup.National()).ConfigureAwait(false);
            return market;
        }
        catch
        {
            // Nothing opened is left behind, the writer's claim least of all: a later open in this process must not find it held.
            await engine.DisposeAsync().ConfigureAwait(false);
            reader?.Dispose();
            throw;
        }
    }

    /// <summary>Runs setup steps; fixed command ids make a repeat harmless.</summary>
    public async Task SetupAsync(IReadOnlyList<SetupStep> steps)
    {
        var (_, failed, rejection) = await MarketSetup.RunAsync(Engine, steps, Clock.GetUtcNow()).ConfigureAwait(false);
        if (rejection is not null)
            throw new InvalidOperationException($"Market setup failed at {failed!.CommandId}: {rejection}");
    }

    /// <summary>Submits a command as an actor, with a command id; counts it.</summary>
    public async Task<Outcome> SubmitAsync(string commandId, string actor, Command command, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commands);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await Engine.SubmitAsync(new CommandEnvelope(commandId, actor, Clock.GetUtcNow(), command), cancellationToken).ConfigureAwait(false);
        RequestLog.CommandDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        RequestLog.Commands.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Rejection?.Code ?? "accepted"));
        if (!outcome.Accepted)
            Interlocked.Increment(ref _rejections);
        Exchange.Record(command, outcome);
        return outcome;
    }

    /// <summary>Counts one HTTP request.</summary>
    public void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>
    /// Gives a person a role (as the setup regulator, unless they have it already) and a password: what "openets user add"
    /// does (with <paramref name="temporary"/>). A password chosen by an actor other than the person is temporary anyway.
    /// Returns the rejection, if any.
    /// </summary>
    public async Task<Rejection?> AddUserAsync(string name, Role role, string password, string actor = MarketSetup.Regulator, bool temporary = false)
    {
        if (PasswordHashing.Weakness(password) is { } weak)
            return new Rejection("weak_password", weak);
        // Everything the new user's command checks of the name is checked first: a refusal grants no role either.
        if (await Engine.QueryAsync(w => IdentityModule.NameRefusal(w, name)).ConfigureAwait(false) is { } refused)
            return refused;
        var grant = await GrantAsync(actor, name, role).ConfigureAwait(false);
        if (grant is not null)
            return grant;
        var outcome = await SubmitAsync(NewId(), actor, new AddUser(name, PasswordHashing.Hash(password)) { Temporary = temporary ? true : null }).ConfigureAwait(false);
        return outcome.Rejection;
    }

    /// <summary>Gives an identity a role (if it has none) and a new API key; returns the key (shown once) or the rejection.</summary>
    public async Task<(string? Key, Rejection? Rejection)> AddApiKeyAsync(string identity, Role? role, string actor = MarketSetup.Regulator)
    {
        if (identity == IdentityModule.LoginActor)
            return (null, new Rejection("invalid_id", "The identity or key id is not valid."));
        if (role is { } r && await GrantAsync(actor, identity, r).ConfigureAwait(false) is { } denied)
            return (null, denied);
        var (keyId, key, hash) = ApiKeys.Create();
        var outcome = await SubmitAsync(NewId(), actor, new AddApiKey(keyId, identity, hash)).ConfigureAwait(false);
        return outcome.Rejection is { } no ? (null, no) : (key, null);
    }

    /// <summary>
    /// Replaces a person's password (and clears a lockout), as <paramref name="actor"/>: the person itself, or a regulator
    /// (the setup regulator by default: what "openets user password" does). Returns the rejection, if any.
    /// </summary>
    public async Task<Rejection?> SetPasswordAsync(string name, string password, string actor = MarketSetup.Regulator, bool temporary = false)
    {
        if (PasswordHashing.Weakness(password) is { } weak)
            return new Rejection("weak_password", weak);
        var outcome = await SubmitAsync(NewId(), actor, new SetPassword(name, PasswordHashing.Hash(password)) { Temporary = temporary ? true : null }).ConfigureAwait(false);
        return outcome.Rejection;
    }

    /// <summary>Revokes an API key as <paramref name="actor"/> (its own identity, or a regulator); returns the rejection, if any.</summary>
    public async Task<Rejection?> RevokeApiKeyAsync(string keyId, string actor = MarketSetup.Regulator)
    {
        var outcome = await SubmitAsync(NewId(), actor, new RevokeApiKey(keyId)).ConfigureAwait(false);
        return outcome.Rejection;
    }

    /// <summary>The API keys of <paramref name="identity"/> (every identity's when null), those that work and those revoked, by key id.</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ApiKeysAsync(string? identity, CancellationToken cancellationToken = default) =>
        Engine.QueryAsync<IReadOnlyList<ApiKeyInfo>>(w =>
        {
            var s = w.Get<IdentityState>();
            return s.ApiKeys.Values.Select(k => new ApiKeyInfo(k.KeyId, k.Identity, false))
                .Concat(s.RevokedApiKeys.Values.Select(k => new ApiKeyInfo(k.KeyId, k.Identity, true)))
                .Where(k => identity is null || k.Identity == identity)
                .OrderBy(k => k.Identity, StringComparer.Ordinal).ThenBy(k => k.KeyId, StringComparer.Ordinal)
                .ToList();
        }, cancellationToken);

    private async Task<Rejection?> GrantAsync(string actor, string identity, Role role)
    {
        var existing = await Engine.QueryAsync(w => w.Get<RegistryState>().RoleOf(identity)).ConfigureAwait(false);
        if (existing == role)
            return null;
        if (existing is not null)
            return new Rejection("role_exists", $"'{identity}' is already a {existing}.");
        var outcome = await SubmitAsync(NewId(), actor, new GrantRole(identity, role)).ConfigureAwait(false);
        return outcome.Rejection;
    }

    /// <summary>A fresh command id for commands sent without an Idempotency-Key.</summary>
    public static string NewId() => "srv-" + Guid.NewGuid().ToString("N");

    /// <summary>Journal entries after <paramref name="afterSeq"/>, at most <paramref name="limit"/>, read from the journal.</summary>
    public IReadOnlyList<JournalEntry> ReadJournal(long afterSeq, int limit)
    {
        lock (_readLock)
            return _reader.Read(afterSeq).Take(limit).ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Engine.Dispose();
        lock (_readLock)
            _reader.Dispose();
    }
}
