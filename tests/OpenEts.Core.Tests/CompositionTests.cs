// A module running another module's command inside its own decision, on behalf of a system identity.
using System.Text.Json;

namespace OpenEts.Core.Tests;

public sealed class CompositionTests
{
    private sealed record Deposit(string Account, long Amount) : Command;

    private sealed record Deposited(string Account, long Amount, string By) : Event;

    private sealed record Settle(string Account, long Amount) : Command;

    private sealed record Settled(string Account) : Event;

    private sealed class Ledger : IModuleState
    {
        public Dictionary<string, long> Balances { get; } = [];

        public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, new SortedDictionary<string, long>(Balances, StringComparer.Ordinal), options);

        public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
        {
            Balances.Clear();
            foreach (var p in snapshot.EnumerateObject())
                Balances[p.Name] = p.Value.GetInt64();
        }
    }

    private sealed class LedgerModule : IModule
    {
        public void Register(ModuleBuilder builder) => builder
            .State("ledger", () => new Ledger())
            .Command<Deposit>("ledger.deposit", (ctx, c) =>
            {
                if (ctx.Actor != "system:clearing")
                    return new Rejection("not_authorized", $"{ctx.Actor} may not deposit.");
                if (c.Amount <= 0)
                    return new Rejection("invalid_amount", "The amount must be positive.");
                ctx.Emit(new Deposited(c.Account, c.Amount, ctx.Actor));
                return null;
            })
            .Event<Deposited>("ledger.deposited", (w, e) =>
                w.Get<Ledger>().Balances[e.Account] = w.Get<Ledger>().Balances.GetValueOrDefault(e.Account) + e.Amount);
    }

    private sealed class ClearingModule : IModule
    {
        public void Register(ModuleBuilder builder) => builder
            .Command<Settle>("clearing.settle", (ctx, c) =>
            {
                var rejection = ctx.OnBehalfOf("system:clearing").Run(new Deposit(c.Account, c.Amount));
                if (rejection is not null)
                    return rejection;
                ctx.Emit(new Settled(c.Account));
                return null;
            })
            .Event<Settled>("clearing.settled", (_, _) => { });
    }

    private static readonly DateTimeOffset T = new(2026, 1, 5, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_module_runs_another_modules_command_as_a_system_identity()
    {
        var world = new ModuleCatalog(new LedgerModule(), new ClearingModule()).CreateWorld();

        var direct = DecisionContext.Decide(world, new CommandEnvelope("c1", "member:a", T, new Deposit("A", 5)));
        Assert.Equal("not_authorized", direct.Rejection?.Code);

        var settled = DecisionContext.Decide(world, new CommandEnvelope("c2", "member:a", T, new Settle("A", 7)));
        Assert.True(settled.Accepted);
        Assert.Equal([new Deposited("A", 7, "system:clearing"), new Settled("A")], settled.Events);
        Assert.Equal(7, world.Get<Ledger>().Balances["A"]);
    }

    [Fact]
    public void The_inner_rejection_comes_back_and_nothing_changes()
    {
        var world = new ModuleCatalog(new LedgerModule(), new ClearingModule()).CreateWorld();
        var before = world.StateHash();

        var outcome = DecisionContext.Decide(world, new CommandEnvelope("c1", "member:a", T, new Settle("A", 0)));

        Assert.Equal("invalid_amount", outcome.Rejection?.Code);
        Assert.Empty(outcome.Events);
        Assert.Equal(before, world.StateHash());
    }

    [Fact]
    public void A_context_on_behalf_of_another_identity_sees_the_same_command_under_that_actor()
    {
        var envelope = new CommandEnvelope("c1", "member:a", T, new Probe());
        (CommandEnvelope Seen, string Actor, DateTimeOffset Time, CommandEnvelope Outer, string OuterActor)? inside = null;
        var world = new ModuleCatalog(new LedgerModule(), new InlineModule((ctx, _) =>
        {
            var system = ctx.OnBehalfOf("system:clearing");
            var refused = system.Run(new Deposit("A", 7));
            inside = (system.Envelope, system.Actor, system.Time, ctx.Envelope, ctx.Actor);
            return refused;
        })).CreateWorld();

        var outcome = DecisionContext.Decide(world, envelope);

        Assert.True(outcome.Accepted);
        Assert.Equal([new Deposited("A", 7, "system:clearing")], outcome.Events);
        Assert.NotNull(inside);
        var (seen, actor, time, outer, outerActor) = inside.Value;
        Assert.Equal(("system:clearing", T), (actor, time));
        Assert.Equal(envelope with { Actor = "system:clearing" }, seen);
        Assert.Same(envelope.Body, seen.Body);
        Assert.Same(envelope, outer);  // the submitting context keeps the command as submitted, under its own actor
        Assert.Equal("member:a", outerActor);
    }

    private sealed record Probe : Command;

    private sealed class InlineModule(CommandHandler<Probe> handle) : IModule
    {
        public void Register(ModuleBuilder builder) => builder.Command<Probe>("probe.run", handle);
    }
}
