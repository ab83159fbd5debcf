// The data half of a methodology: identity, inputs and parameters, read from its JSON rulebook file.
namespace OpenEts.Voluntary.Methodologies;

/// <summary>A rule value with its unit and where it comes from (a "(check)" mark when recalled, not confirmed).</summary>
public sealed record SourcedValue(decimal Value, string Unit, string Source);

/// <summary>One input a calculator reads from the project's monitoring data.</summary>
public sealed record InputSpec(string Name, string Unit, string Description)
{
    /// <summary>Used when the input is absent; null makes the input required.</summary>
    public decimal? Default { get; init; }

    /// <summary>Smallest accepted value (0 unless stated).</summary>
    public decimal Min { get; init; }

    /// <summary>For a text input, the accepted values (a grid region, a species...); null for a number.</summary>
    public IReadOnlyList<string>? Choices { get; init; }
}

/// <summary>A methodology's rulebook file: what it is, what it reads and the values it uses.</summary>
public sealed record MethodologyData
{
    /// <summary>Registry code, e.g. CCER-14-001-V01 (sector-number-version).</summary>
    public required string Code { get; init; }

    /// <summary>Version, e.g. V01.</summary>
    public required string Version { get; init; }

    /// <summary>English name.</summary>
    public required string Name { get; init; }

    /// <summary>Chinese name as published.</summary>
    public required string NameZh { get; init; }

    /// <summary>Sector (the CDM sectoral scope the code's first number follows).</summary>
    public required string Sector { get; init; }

    /// <summary>True for forestry and other land use (longer crediting period, buffer for non-permanence).</summary>
    public bool Forestry { get; init; }

    /// <summary>active, suspended or withdrawn.</summary>
    public required string Status { get; init; }

    /// <summary>When and by whom it was published, and the source note for the code.</summary>
    public required string Source { get; init; }

    /// <summary>The inputs the calculator reads.</summary>
    public required IReadOnlyList<InputSpec> Inputs { get; init; }

    /// <summary>Methodology-specific parameters by name.</summary>
    public IReadOnlyDictionary<string, SourcedValue> Parameters { get; init; } = new Dictionary<string, SourcedValue>();

    /// <summary>Parameter tables: table → row (a choice input's value, e.g. a tree species) → parameter.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, SourcedValue>>> Tables { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, SourcedValue>>>();

    /// <summary>Share of each issuance set aside in the buffer pool for non-permanence; null when the methodology sets none.</summary>
    public SourcedValue? BufferShare { get; init; }

    /// <summary>The formula in words, as the methodology states it.</summary>
    public required string Formula { get; init; }
}
