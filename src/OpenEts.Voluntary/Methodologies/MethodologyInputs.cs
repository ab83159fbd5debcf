// Monitoring data handed to a calculator: numbers and choices by name, checked against the methodology's inputs.
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Voluntary.Methodologies;

/// <summary>Named inputs of one calculation. Build with <see cref="Check"/>, which refuses anything the methodology does not read.</summary>
public sealed class MethodologyInputs
{
    private readonly Dictionary<string, decimal> _numbers;
    private readonly Dictionary<string, string> _choices;

    private MethodologyInputs(Dictionary<string, decimal> numbers, Dictionary<string, string> choices)
    {
        _numbers = numbers;
        _choices = choices;
    }

    /// <summary>The number input <paramref name="name"/> (defaults already applied).</summary>
    public decimal Number(string name) => _numbers.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"Input '{name}' was not declared by the methodology.");

    /// <summary>The choice input <paramref name="name"/>.</summary>
    public string Choice(string name) => _choices.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"Input '{name}' was not declared by the methodology.");

    /// <summary>Parses a JSON object (name → number or text) against the methodology's input list.</summary>
    public static (MethodologyInputs? Inputs, Rejection? Rejection) Check(JsonElement json, IReadOnlyList<InputSpec> specs)
    {
        if (json.ValueKind != JsonValueKind.Object)
            return (null, new Rejection("bad_input", "The inputs must be a JSON object of name → value."));
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var p in json.EnumerateObject())
        {
            if (!byName.ContainsKey(p.Name))
                return (null, new Rejection("unknown_input", $"'{p.Name}' is not an input of this methodology; it reads: {string.Join(", ", specs.Select(s => s.Name))}."));
        }
        var numbers = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var choices = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in specs)
        {
            var present = json.TryGetProperty(s.Name, out var v) && v.ValueKind != JsonValueKind.Null;
            if (s.Choices is { } allowed)
            {
                if (!present || v.ValueKind != JsonValueKind.String || !allowed.Contains(v.GetString()!, StringComparer.Ordinal))
                    return (null, new Rejection("bad_input", $"'{s.Name}' must be one of: {string.Join(", ", allowed)}."));
                choices[s.Name] = v.GetString()!;
                continue;
            }
            if (!present)
            {
                if (s.Default is not { } d)
                    return (null, new Rejection("missing_input", $"'{s.Name}' ({s.Unit}) is required: {s.Description}"));
                numbers[s.Name] = d;
                continue;
            }
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var n))
                return (null, new Rejection("bad_input", $"'{s.Name}' must be a number in {s.Unit}."));
            if (n < s.Min)
                return (null, new Rejection("bad_input", $"'{s.Name}' must be at least {s.Min} {s.Unit}; got {n}."));
            numbers[s.Name] = n;
        }
        return (new MethodologyInputs(numbers, choices), null);
    }
}
