// The engine on real journals: group commit, idempotency across restarts, replay and snapshots.
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;

namespace OpenEts.Registry.Tests;

public sealed class EngineDurabilityTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2024, 7, 16, 2, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("openets-engine-").FullName;

    private string Db => Path.Combine(_dir, "market.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ModuleCatalog Catalog() => new(new RegistryModule());

    private static async Task SetUp(Engine engine, int accounts)
    {
        foreach (var step in MarketSetup.National())
            Assert.True((await engine.SubmitAsync(new CommandEnvelope(step.CommandId, step.Actor, Time, step.Command))).Accepted);
        await engine.SubmitAsync(new CommandEnvelope("issue", MarketSetup.Regulator, Time, new Issue("CEA21", "cn-ISSUANCE", accounts * 1_000L)));
        for (var i = 0; i < accounts; i++)
        {
            await engine.SubmitAsync(new CommandEnvelope($"open-{i}", MarketSetup.RegistryOperator, Time, new OpenAccount($"A{i}", "cn", $"h{i}", AccountKind.Investor)));
            await engine.SubmitAsync(new CommandEnvelope($"fund-{i}", MarketSetup.Regulator, Time, new Transfer("cn-ISSUANCE", $"A{i}", "CEA21", 1_000)));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Concurrent_commands_commit_in_batches_and_survive_a_restart()
    {
        string hash;
        long batches;
        await using (var engine = Engine.Open(JournalFactory.Open(Db), Catalog()))
        {
            await SetUp(engine, 10);
            var before = engine.BatchesCommitted;
            var tasks = Enumerable.Range(0, 5_000).Select(k => engine.SubmitAsync(new CommandEnvelope($"t-{k}", MarketSetup.RegistryOperator, Time,
                new Transfer($"A{k % 10}", $"A{(k + 3) % 10}", "CEA21", 1 + (k % 7))))).ToArray();
            var outcomes = await Task.WhenAll(tasks);
            batches = engine.BatchesCommitted - before;
            Assert.All(outcomes, o => Assert.True(o.Seq > 0));
            Assert.True(batches < 5_000 / 10, $"{batches} batches for 5,000 commands: no group commit");
            hash = await engine.StateHashAsync();
        }
        await using (var reopened = Engine.Open(JournalFactory.Open(Db), Catalog()))
        {
            Assert.Equal(hash, await reopened.StateHashAsync());
            Assert.Empty(await reopened.QueryAsync(w => RegistryInvariants.Violations(w.Get<RegistryState>())));
        }
    }
}

public sealed class PayloadProbeTests
{
    [Fact]
    public void Payload_round_trips_a_registry_command()
    {
        var catalog = new ModuleCatalog(new RegistryModule());
        var world = catalog.CreateWorld();
        var env = new CommandEnvelope("x", "regulator", DateTimeOffset.UnixEpoch, new GrantRole("regulator", Role.Regulator));
        var outcome = DecisionContext.Decide(world, env);
        var json = Payload.EncodeCommand(env.Body, catalog.Json);
        var payload = Payload.Encode(env, outcome, catalog.Json);
        var entry = HashChain.Seal(1, HashChain.Genesis, "x", "registry.grant_role", true, 0, Payload.ContentHash("regulator", json), payload);
        var (decodedEnvelope, decoded) = Payload.Decode(entry, catalog.Json);
        Assert.Equal(env.Body, decodedEnvelope.Body);
        Assert.Equal(outcome.Events, decoded.Events);

        var writer = new PayloadWriter(catalog.Json);
        var (onePass, contentHash) = writer.Write(env, outcome);
        Assert.Equal(payload, onePass);
        Assert.Equal(Payload.ContentHash("regulator", json), contentHash);
        Assert.Equal(contentHash, writer.ContentHashOf(env));
    }
}
