// How a domain module plugs into the engine: its state, its command handlers and its event appliers.
// The core knows none of them; adding a module touches no core code.
using System.Text.Json;

namespace OpenEts.Core;

/// <summary>State owned by one module. It must write a deterministic snapshot (same state, same bytes).</summary>
public interface IModuleState
{
    /// <summary>Writes the whole state as one JSON value, in a deterministic order.</summary>
    void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Replaces the state by the one a snapshot holds.</summary>
    void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options);

    /// <summary>
    /// True when the last snapshot read was written in an older format of this module's, which it still reads: the state is
    /// the same, but it writes itself in the current format, so its bytes (and hash) differ from those it was read from.
    /// </summary>
    bool ReadOlderFormat => false;
}

/// <summary>A domain module: registers its state, commands and events with the engine.</summary>
public interface IModule
{
    /// <summary>Adds the module's parts to the catalog.</summary>
    void Register(ModuleBuilder builder);
}

/// <summary>
/// Decides one command: returns a rejection (having emitted nothing), or emits events through
/// <see cref="DecisionContext.Emit"/> and returns null. Checks come first, events after.
/// </summary>
public delegate Rejection? CommandHandler<in TCommand>(DecisionContext context, TCommand command) where TCommand : Command;

/// <summary>Applies one event to the world. Must not fail for an event its handler emitted.</summary>
public delegate void EventApplier<in TEvent>(World world, TEvent @event) where TEvent : Event;

/// <summary>
/// Writes the properties of a command or event exactly as System.Text.Json writes them with the catalog's options
/// (snake_case names, in declaration order, nulls written): a hand-written encoder for the journal's hottest types.
/// The engine writes the "$type" discriminator and the braces around it; a test must hold it to the serializer's
/// bytes (<see cref="PayloadWriter"/> built from options alone is the reference).
/// </summary>
public delegate void PropertyWriter<in T>(Utf8JsonWriter writer, T value, JsonSerializerOptions options);

/// <summary>Collects the parts of a module.</summary>
public sealed class ModuleBuilder
{
    private readonly ModuleCatalog _catalog;

    internal ModuleBuilder(ModuleCatalog catalog) => _catalog = catalog;

    /// <summary>Registers the module's state under a stable name (used in snapshots).</summary>
    public ModuleBuilder State<TState>(string name, Func<TState> create) where TState : class, IModuleState
    {
        _catalog.AddState(name, typeof(TState), create);
        return this;
    }

    /// <summary>Registers a command type under a stable name (the journal's "kind") with its handler.</summary>
    public ModuleBuilder Command<TCommand>(string name, CommandHandler<TCommand> handler) where TCommand : Command
    {
        _catalog.AddCommand(name, typeof(TCommand), (ctx, c) => handler(ctx, (TCommand)c));
        return this;
    }

    /// <summary>Registers a hand-written encoder for a command or event type this catalog registers (see <see cref="PropertyWriter{T}"/>).</summary>
    public ModuleBuilder Writer<T>(PropertyWriter<T> write) where T : class
    {
        _catalog.AddWriter(typeof(T), (w, v, o) => write(w, (T)v, o));
        return this;
    }

    /// <summary>Registers an event type under a stable name with the function that applies it.</summary>
    public ModuleBuilder Event<TEvent>(string name, EventApplier<TEvent> apply) where TEvent : Event
    {
        _catalog.AddEvent(name, typeof(TEvent), (w, e) => apply(w, (TEvent)e));
        return this;
    }
}
