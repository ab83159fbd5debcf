// A block of consecutive credit serial numbers, inclusive at both ends: the unit of serial arithmetic.
// Splitting on partial transfer or retirement, merging and disjointness all live here, nowhere else.
using System.Text.Json.Serialization;

namespace OpenEts.Voluntary.Serials;

/// <summary>
/// Serial numbers <see cref="First"/> to <see cref="Last"/> inclusive, one serial per tonne.
/// Always non-empty: <c>1 ≤ First ≤ Last</c>. Use <see cref="TryCreate"/> at a boundary.
/// </summary>
public readonly record struct SerialRange
{
    /// <summary>The largest serial number accepted (keeps every count and sum far from overflow).</summary>
    public const long MaxSerial = 1_000_000_000_000_000L;

    /// <summary>A range from <paramref name="first"/> to <paramref name="last"/> inclusive; throws on an empty or out-of-bounds range (a bug).</summary>
    [JsonConstructor]
    public SerialRange(long first, long last)
    {
        if (first < 1 || last < first || last > MaxSerial)
            throw new ArgumentOutOfRangeException(nameof(first), $"A serial range needs 1 ≤ first ≤ last ≤ {MaxSerial}; got {first}..{last}.");
        First = first;
        Last = last;
    }

    /// <summary>The first serial number in the range.</summary>
    public long First { get; }

    /// <summary>The last serial number in the range (inclusive).</summary>
    public long Last { get; }

    /// <summary>How many serials (tonnes) the range holds: Last − First + 1.</summary>
    [JsonIgnore]
    public long Count => Last - First + 1;

    /// <summary>The range of <paramref name="count"/> serials starting at <paramref name="first"/>.</summary>
    public static SerialRange OfCount(long first, long count) => new(first, checked(first + count - 1));

    /// <summary>A range when the bounds are valid, else null (for parsing outside data).</summary>
    public static SerialRange? TryCreate(long first, long last) =>
        first >= 1 && last >= first && last <= MaxSerial ? new SerialRange(first, last) : null;

    /// <summary>True when <paramref name="serial"/> lies in the range.</summary>
    public bool Contains(long serial) => serial >= First && serial <= Last;

    /// <summary>True when every serial of <paramref name="other"/> lies in this range.</summary>
    public bool Contains(SerialRange other) => other.First >= First && other.Last <= Last;

    /// <summary>True when the two ranges share at least one serial.</summary>
    public bool Overlaps(SerialRange other) => First <= other.Last && other.First <= Last;

    /// <summary>True when the ranges share no serial but touch end to start, so they merge into one.</summary>
    public bool Adjoins(SerialRange other) => Last + 1 == other.First || other.Last + 1 == First;

    /// <summary>The serials both ranges hold, if any.</summary>
    public SerialRange? Intersect(SerialRange other) => Overlaps(other) ? new SerialRange(Math.Max(First, other.First), Math.Min(Last, other.Last)) : null;

    /// <summary>One range covering both, when they overlap or adjoin; else null (merging would invent serials).</summary>
    public SerialRange? TryMerge(SerialRange other) =>
        Overlaps(other) || Adjoins(other) ? new SerialRange(Math.Min(First, other.First), Math.Max(Last, other.Last)) : null;

    /// <summary>
    /// Splits off the first <paramref name="count"/> serials (the lowest ones move first, as registries do):
    /// returns the part taken and the remainder, which is null when the whole range was taken.
    /// </summary>
    public (SerialRange Taken, SerialRange? Remainder) SplitFirst(long count)
    {
        if (count < 1 || count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"Cannot take {count} serials from a range of {Count}.");
        var taken = OfCount(First, count);
        return (taken, count == Count ? null : new SerialRange(First + count, Last));
    }

    /// <summary>
    /// Removes <paramref name="part"/> (which must lie inside this range) and returns what is left:
    /// nothing, one range, or two ranges (below and above the part), lowest first.
    /// </summary>
    public IReadOnlyList<SerialRange> Without(SerialRange part)
    {
        if (!Contains(part))
            throw new ArgumentOutOfRangeException(nameof(part), $"{part} is not inside {this}.");
        var left = new List<SerialRange>(2);
        if (part.First > First)
            left.Add(new SerialRange(First, part.First - 1));
        if (part.Last < Last)
            left.Add(new SerialRange(part.Last + 1, Last));
        return left;
    }

    /// <summary>"first-last", the form every serial string ends with.</summary>
    public override string ToString() => $"{First}-{Last}";

    /// <summary>True when no two ranges in the list share a serial.</summary>
    public static bool AreDisjoint(IEnumerable<SerialRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.First).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].First <= sorted[i - 1].Last)
                return false;
        }
        return true;
    }

    /// <summary>Sorts ranges and merges every overlapping or adjoining pair: the smallest list covering the same serials.</summary>
    public static IReadOnlyList<SerialRange> Normalize(IEnumerable<SerialRange> ranges)
    {
        var merged = new List<SerialRange>();
        foreach (var r in ranges.OrderBy(r => r.First))
        {
            if (merged.Count > 0 && merged[^1].TryMerge(r) is { } m)
                merged[^1] = m;
            else
                merged.Add(r);
        }
        return merged;
    }
}
