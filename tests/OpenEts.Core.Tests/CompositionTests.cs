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

    [Fact]
    public void An_outcome_keeps_its_events_after_the_world_decides_again_with_the_context_it_kept()
    {
        var world = new ModuleCatalog(new LedgerModule(), new ClearingModule()).CreateWorld();

        var first = DecisionContext.Decide(world, new CommandEnvelope("c1", "member:a", T, new Settle("A", 7)));
        var refused = DecisionContext.Decide(world, new CommandEnvelope("c2", "member:b", T, new Settle("B", 0)));
        var second = DecisionContext.Decide(world, new CommandEnvelope("c3", "member:b", T, new Settle("B", 9)));

        Assert.Equal([new Deposited("A", 7, "system:clearing"), new Settled("A")], first.Events);
        Assert.Empty(refused.Events);
        Assert.Equal([new Deposited("B", 9, "system:clearing"), new Settled("B")], second.Events);
        Assert.Equal((7, 9), (world.Get<Ledger>().Balances["A"], world.Get<Ledger>().Balances["B"]));
    }

    [Fact]
    public void A_decision_after_one_that_threw_starts_with_no_events_and_its_own_command()
    {
        var calls = 0;
        (string Actor, string CommandId, int EventsBefore)? seen = null;
        var world = new ModuleCatalog(new LedgerModule(), new InlineModule((ctx, _) =>
        {
            var system = ctx.OnBehalfOf("system:clearing");
            system.Run(new Deposit("A", 1));
            if (++calls == 1)
                throw new InvalidOperationException("a handler fault after emitting");
            seen = (system.Envelope.Actor, system.Envelope.CommandId, ctx.Events.Count);
            return null;
        })).CreateWorld();

        Assert.Throws<InvalidOperationException>(() => DecisionContext.Decide(world, new CommandEnvelope("c1", "member:a", T, new Probe())));
        var outcome = DecisionContext.Decide(world, new CommandEnvelope("c2", "member:b", T, new Probe()));

        Assert.Equal([new Deposited("A", 1, "system:clearing")], outcome.Events);
        Assert.Equal(("system:clearing", "c2", 1), seen);
    }

    [Fact]
    public void A_decision_made_inside_another_keeps_its_events_apart()
    {
        Outcome? inner = null;
        var world = new ModuleCatalog(new LedgerModule(), new ClearingModule(), new InlineModule((ctx, _) =>
        {
            ctx.OnBehalfOf("system:clearing").Run(new Deposit("A", 2));
            inner = DecisionContext.Decide(ctx.World, new CommandEnvelope("inner", "member:b", T, new Settle("B", 3)));
            ctx.OnBehalfOf("system:clearing").Run(new Deposit("A", 4));
            return null;
        })).CreateWorld();

        // A decision first, so the world holds a context of its own to lend the next one.
        Assert.True(DecisionContext.Decide(world, new CommandEnvelope("first", "member:c", T, new Settle("C", 1))).Accepted);
        var outer = DecisionContext.Decide(world, new CommandEnvelope("outer", "member:a", T, new Probe()));

        Assert.Equal([new Deposited("A", 2, "system:clearing"), new Deposited("A", 4, "system:clearing")], outer.Events);
        Assert.Equal([new Deposited("B", 3, "system:clearing"), new Settled("B")], inner!.Events);
    }

    [Fact]
    public void A_context_kept_for_another_identity_lets_go_of_the_command_once_its_decision_ends()
    {
        var world = new ModuleCatalog(new LedgerModule(), new ClearingModule()).CreateWorld();

        // A settlement acts as the clearing identity; the next decision does not, so that kept context is not used again.
        var settled = DecideAndForget(world, new Settle("A", 7));
        Assert.True(DecisionContext.Decide(world, new CommandEnvelope("c2", "system:clearing", T, new Deposit("B", 1))).Accepted);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(settled.IsAlive, "the settlement's command is still reachable from the world after the next decision");
    }

    /// <summary>Decides a command in a frame of its own (no local of the caller keeps it) and returns a weak reference to it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference DecideAndForget(World world, Command command)
    {
        var envelope = new CommandEnvelope("c1", "member:a", T, command);
        Assert.True(DecisionContext.Decide(world, envelope).Accepted);
        return new WeakReference(envelope);
    }

    private sealed record Probe : Command;

    private sealed class InlineModule(CommandHandler<Probe> handle) : IModule
    {
        public void Register(ModuleBuilder builder) => builder.Command<Probe>("probe.run", handle);
    }
}
