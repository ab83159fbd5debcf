// Decides commands against an in-memory world without storage, each with a fresh command id: what the trading
// floors of these tests share.
using OpenEts.Core;

namespace OpenEts.Exchange.Tests;

/// <summary>Submits commands to a world; <see cref="Rejects"/> also asserts that a refusal changed nothing.</summary>
public sealed class CommandDriver(World world)
{
    private int _next;

    public Outcome Submit(string actor, Command command, DateTimeOffset time) =>
        DecisionContext.Decide(world, new CommandEnvelope($"c{++_next}", actor, time, command));

    public Outcome Must(string actor, Command command, DateTimeOffset time)
    {
        var outcome = Submit(actor, command, time);
        Assert.True(outcome.Accepted, $"{command} was rejected: {outcome.Rejection}");
        return outcome;
    }

    /// <summary>Submits a command that must be rejected; asserts nothing changed and returns the rejection.</summary>
    public Rejection Rejects(string actor, Command command, DateTimeOffset time)
    {
        var before = world.StateHash();
        var outcome = Submit(actor, command, time);
        Assert.False(outcome.Accepted, $"{command} was accepted");
        Assert.Empty(outcome.Events);
        Assert.Equal(before, world.StateHash());
        return outcome.Rejection!;
    }
}
