// Running totals of volume and value since the market opened: the last line of the daily bulletin.
namespace OpenEts.Exchange;

/// <summary>Cumulative volume (t) and value (fen) of a market or instrument.</summary>
public readonly record struct Cumulative(long VolumeT, long ValueFen)
{
    /// <summary>The totals after adding a day.</summary>
    public Cumulative Add(DailyStatistics day) => new(checked(VolumeT + day.VolumeT), checked(ValueFen + day.ValueFen));

    /// <summary>The totals after adding a volume and value.</summary>
    public Cumulative Add(long volumeT, long valueFen) => new(checked(VolumeT + volumeT), checked(ValueFen + valueFen));
}
