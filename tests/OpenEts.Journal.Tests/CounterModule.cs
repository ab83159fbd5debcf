// A tiny module for engine tests: a counter that adds positive numbers.
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Journal.Tests;

/// <summary>Adds <see cref="N"/> to the counter; n must be positive.</summary>
public sealed record Add(long N) : Command;

/// <summary>A measure that changes nothing; a weight that is not a number (NaN) cannot be encoded as JSON.</summary>
public sealed record Measure(double Weight) : Command;

/// <summary>The counter grew by <see cref="N"/>.</summary>
public sealed record Added(long N) : Event;

/// <summary>The counter's state: its total and how many additions made it.</summary>
public sealed class CounterState : IModuleState
{
    public long Total { get; set; }

    public long Additions { get; set; }

    public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("total", Total);
        writer.WriteNumber("additions", Additions);
        writer.WriteEndObject();
    }

    public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
    {
        Total = snapshot.GetProperty("total").GetInt64();
        Additions = snapshot.GetProperty("additions").GetInt64();
    }
}

/// <summary>Registers the counter.</summary>
public sealed class CounterModule : IModule
{
    public void Register(ModuleBuilder builder) => builder
        .State("counter", () => new CounterState())
        .Command<Add>("counter.add", (ctx, c) =>
        {
            if (c.N <= 0)
                return new Rejection("not_positive", $"Only a positive number can be added; {c.N} is not.");
            ctx.Emit(new Added(c.N));
            return null;
        })
        .Command<Measure>("counter.measure", (_, _) => null)
        .Event<Added>("counter.added", (world, e) =>
        {
            var state = world.Get<CounterState>();
            state.Total = checked(state.Total + e.N);
            state.Additions++;
        });
}
