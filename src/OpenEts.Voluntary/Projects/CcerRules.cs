// The national CCER rulebook as typed values (ccer-national.json), with the market's working-day calendar.
using System.Text.Json;
using OpenEts.Voluntary.Rulebooks;

namespace OpenEts.Voluntary.Projects;

/// <summary>An inclusive range of years.</summary>
public readonly record struct YearRange(int Min, int Max);

/// <summary>The rule values of one voluntary market (national or a pilot: another file).</summary>
public sealed record CcerRules
{
    /// <summary>Registry prefix of serials.</summary>
    public required string RegistryPrefix { get; init; }

    /// <summary>Hours the market's dates are ahead of UTC.</summary>
    public required int UtcOffsetHours { get; init; }

    /// <summary>Construction must have started after this day.</summary>
    public required DateOnly ConstructionStartAfter { get; init; }

    /// <summary>Reductions must have occurred after this day.</summary>
    public required DateOnly ReductionsAfter { get; init; }

    /// <summary>An issuance covers only reductions of this many years before its application.</summary>
    public required int IssuanceLookbackYears { get; init; }

    /// <summary>Crediting period for non-forestry projects.</summary>
    public required YearRange CreditingPeriodYears { get; init; }

    /// <summary>Crediting period for forestry projects.</summary>
    public required YearRange ForestryCreditingPeriodYears { get; init; }

    /// <summary>Working days the project design document is open for comment.</summary>
    public required int PublicCommentWorkingDays { get; init; }

    /// <summary>Working days a verified reduction report is public before issuance.</summary>
    public required int ReductionPublicityWorkingDays { get; init; }

    /// <summary>Share of allowances due that CCER may cover.</summary>
    public required decimal OffsetCapShare { get; init; }

    /// <summary>The market's working-day calendar.</summary>
    public required WorkingDayCalendar Calendar { get; init; }

    /// <summary>The national market's rules.</summary>
    public static CcerRules National { get; } = Load("ccer-national.json");

    /// <summary>The market date of an instant.</summary>
    public DateOnly MarketDate(DateTimeOffset time) => DateOnly.FromDateTime(time.ToOffset(TimeSpan.FromHours(UtcOffsetHours)).DateTime);

    /// <summary>Loads an embedded rulebook file.</summary>
    public static CcerRules Load(string file)
    {
        using var doc = RulebookLoader.Document(file);
        var r = doc.RootElement;
        static JsonElement V(JsonElement root, string name) => root.GetProperty(name).GetProperty("value");
        static YearRange Years(JsonElement root, string name) => new(root.GetProperty(name).GetProperty("min").GetInt32(), root.GetProperty(name).GetProperty("max").GetInt32());
        return new CcerRules
        {
            RegistryPrefix = V(r, "registry_prefix").GetString()!,
            UtcOffsetHours = V(r, "market_utc_offset_hours").GetInt32(),
            ConstructionStartAfter = DateOnly.Parse(V(r, "construction_start_after").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            ReductionsAfter = DateOnly.Parse(V(r, "reductions_after").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            IssuanceLookbackYears = V(r, "issuance_lookback_years").GetInt32(),
            CreditingPeriodYears = Years(r, "crediting_period_years"),
            ForestryCreditingPeriodYears = Years(r, "forestry_crediting_period_years"),
            PublicCommentWorkingDays = V(r, "public_comment_working_days").GetInt32(),
            ReductionPublicityWorkingDays = V(r, "reduction_publicity_working_days").GetInt32(),
            OffsetCapShare = V(r, "offset_cap_share").GetDecimal(),
            Calendar = WorkingDayCalendar.Load(V(r, "calendar").GetString()!),
        };
    }
}
