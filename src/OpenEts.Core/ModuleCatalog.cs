// The set of modules an engine runs: command and event types, their names, handlers and appliers.
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OpenEts.Core;

/// <summary>The modules of one engine. Build it once, then create worlds from it.</summary>
public sealed class ModuleCatalog
{
    private readonly Dictionary<Type, (string Name, Func<DecisionContext, Command, Rejection?> Handle)> _commands = [];
    private readonly Dictionary<Type, (string Name, Action<World, Event> Apply)> _events = [];
    private readonly List<(string Name, Type Type, Func<IModuleState> Create)> _states = [];
    private readonly HashSet<string> _names = [];
    private readonly Dictionary<Type, PropertyWriter<object>> _writers = [];
    private JsonSerializerOptions? _json;
    private FrozenDictionary<Type, (string Name, Func<DecisionContext, Command, Rejection?> Handle)>? _frozenCommands;
    private FrozenDictionary<Type, (string Name, Action<World, Event> Apply)>? _frozenEvents;

    /// <summary>A catalog of the given modules.</summary>
    public ModuleCatalog(params IModule[] modules)
    {
        foreach (var module in modules)
            module.Register(new ModuleBuilder(this));
    }

    /// <summary>JSON options for the journal, snapshots and outputs: snake_case names, polymorphic commands and events.</summary>
    public JsonSerializerOptions Json => _json ??= BuildJson();

    /// <summary>The registered states in registration order.</summary>
    internal IReadOnlyList<(string Name, Type Type, Func<IModuleState> Create)> States => _states;

    /// <summary>The stable name of a command type ("registry.transfer").</summary>
    public string CommandName(Type commandType) =>
        Commands.TryGetValue(commandType, out var c) ? c.Name : throw new InvalidOperationException($"Command type {commandType.Name} is not registered.");

    /// <summary>The stable name of a command type, or "unknown" when no module registered it.</summary>
    internal string CommandNameOrUnknown(Type commandType) => Commands.TryGetValue(commandType, out var c) ? c.Name : "unknown";

    /// <summary>True when a module of this catalog runs the command or applies the event of that stable name ("compliance.surrender").</summary>
    public bool Runs(string name) => _names.Contains(name);

    /// <summary>True when the command type has a handler.</summary>
    public bool Knows(Type commandType) => Commands.ContainsKey(commandType);

    /// <summary>Creates an empty world with every module's initial state.</summary>
    public World CreateWorld() => new(this);

    /// <summary>How the journal's JSON names an enum's values (snake_case); <see cref="EnumNames{TEnum}"/> writes them so too.</summary>
    public static JsonNamingPolicy EnumNaming => JsonNamingPolicy.SnakeCaseLower;

    internal FrozenDictionary<Type, (string Name, Func<DecisionContext, Command, Rejection?> Handle)> Commands =>
        _frozenCommands ??= _commands.ToFrozenDictionary();

    internal FrozenDictionary<Type, (string Name, Action<World, Event> Apply)> Events =>
        _frozenEvents ??= _events.ToFrozenDictionary();

    internal void AddState(string name, Type type, Func<IModuleState> create)
    {
        Claim("state:" + name);
        _states.Add((name, type, create));
    }

    internal void AddCommand(string name, Type type, Func<DecisionContext, Command, Rejection?> handle)
    {
        Claim(name);
        _commands.Add(type, (name, handle));
    }

    /// <summary>The hand-written encoders, by command or event type.</summary>
    internal IReadOnlyDictionary<Type, PropertyWriter<object>> Writers
    {
        get
        {
            foreach (var type in _writers.Keys)
            {
                if (!_commands.ContainsKey(type) && !_events.ContainsKey(type))
                    throw new InvalidOperationException($"A writer is registered for {type.Name}, which is not a registered command or event.");
            }
            return _writers;
        }
    }

    internal void AddWriter(Type type, PropertyWriter<object> write)
    {
        if (_json is not null)
            throw new InvalidOperationException("The catalog is in use; register modules before creating worlds.");
        if (!_writers.TryAdd(type, write))
            throw new InvalidOperationException($"A writer for {type.Name} is registered twice.");
    }

    internal void AddEvent(string name, Type type, Action<World, Event> apply)
    {
        Claim(name);
        _events.Add(type, (name, apply));
    }

    private void Claim(string name)
    {
        if (_json is not null)
            throw new InvalidOperationException("The catalog is in use; register modules before creating worlds.");
        if (!_names.Add(name))
            throw new InvalidOperationException($"The name '{name}' is registered twice.");
    }

    private JsonSerializerOptions BuildJson()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type == typeof(Command))
                info.PolymorphismOptions = Polymorphism(_commands.Select(kv => (kv.Key, kv.Value.Name)));
            else if (info.Type == typeof(Event))
                info.PolymorphismOptions = Polymorphism(_events.Select(kv => (kv.Key, kv.Value.Name)));
        });
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = resolver,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            MaxDepth = 32,
        };
        options.Converters.Add(new JsonStringEnumConverter(EnumNaming, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: false);
        return options;
    }

    private static JsonPolymorphismOptions Polymorphism(IEnumerable<(Type Type, string Name)> types)
    {
        var options = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "$type",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            IgnoreUnrecognizedTypeDiscriminators = false,
        };
        foreach (var (type, name) in types.OrderBy(t => t.Name, StringComparer.Ordinal))
            options.DerivedTypes.Add(new JsonDerivedType(type, name));
        return options;
    }
}
