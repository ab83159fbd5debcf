// Finds every methodology in this assembly by reflection: a new methodology class is picked up on its own.
using System.Reflection;

namespace OpenEts.Voluntary.Methodologies;

/// <summary>The published methodologies, by code.</summary>
public sealed class MethodologyCatalog
{
    private readonly SortedDictionary<string, Methodology> _byCode = new(StringComparer.Ordinal);

    /// <summary>A catalog of the given methodologies.</summary>
    public MethodologyCatalog(IEnumerable<Methodology> methodologies)
    {
        foreach (var m in methodologies)
        {
            if (!_byCode.TryAdd(m.Code, m))
                throw new InvalidOperationException($"Two methodologies claim the code {m.Code}.");
        }
    }

    /// <summary>Every concrete <see cref="Methodology"/> subclass in this assembly.</summary>
    public static MethodologyCatalog Discover() => new(
        typeof(Methodology).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Methodology)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Methodology)Activator.CreateInstance(t)!));

    /// <summary>The standard catalog (discovered once).</summary>
    public static MethodologyCatalog Published { get; } = Discover();

    /// <summary>All methodologies, by code.</summary>
    public IEnumerable<Methodology> All => _byCode.Values;

    /// <summary>The methodology with this code, if any.</summary>
    public Methodology? Find(string code) => _byCode.GetValueOrDefault(code);
}
