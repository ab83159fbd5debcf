// Serial numbers of a serialized holding, kept as sorted, disjoint, non-adjacent inclusive ranges.
// A range splits on partial transfer or retirement; no serial is ever in two places.
namespace OpenEts.Registry;

/// <summary>An inclusive range of serial numbers, [Start, End].</summary>
public readonly record struct SerialRange(long Start, long End)
{
    /// <summary>How many serials the range holds.</summary>
    public long Count => End - Start + 1;

    /// <summary>True when the range is well formed (1 ≤ Start ≤ End).</summary>
    public bool IsValid => Start >= 1 && End >= Start;

    /// <inheritdoc />
    public override string ToString() => Start == End ? $"{Start}" : $"{Start}-{End}";
}

/// <summary>A set of serial numbers as ranges: sorted by start, disjoint, and with no two adjacent.</summary>
public sealed class SerialSet
{
    private readonly List<SerialRange> _ranges = [];

    /// <summary>The ranges, sorted, disjoint, merged.</summary>
    public IReadOnlyList<SerialRange> Ranges => _ranges;

    /// <summary>How many serials the set holds.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a range that shares no serial with the set; merges with neighbours.</summary>
    public void Add(SerialRange range)
    {
        if (!range.IsValid)
            throw new ArgumentException($"Invalid serial range {range}.", nameof(range));
        var i = LowerBound(range.Start);
        if (i > 0 && _ranges[i - 1].End >= range.Start)
            throw new InvalidOperationException($"Serial range {range} overlaps {_ranges[i - 1]}.");
        if (i < _ranges.Count && _ranges[i].Start <= range.End)
            throw new InvalidOperationException($"Serial range {range} overlaps {_ranges[i]}.");
        var merged = range;
        if (i > 0 && _ranges[i - 1].End + 1 == range.Start)
        {
            merged = new SerialRange(_ranges[i - 1].Start, merged.End);
            _ranges.RemoveAt(--i);
        }
        if (i < _ranges.Count && _ranges[i].Start == merged.End + 1)
        {
            merged = new SerialRange(merged.Start, _ranges[i].End);
            _ranges.RemoveAt(i);
        }
        _ranges.Insert(i, merged);
        Count += range.Count;
    }

    /// <summary>True when every serial of <paramref name="range"/> is in the set.</summary>
    public bool Contains(SerialRange range)
    {
        var i = LowerBound(range.Start + 1) - 1;
        return i >= 0 && _ranges[i].Start <= range.Start && _ranges[i].End >= range.End;
    }

    /// <summary>Removes a range the set contains, splitting the range that holds it.</summary>
    public void Remove(SerialRange range)
    {
        var i = LowerBound(range.Start + 1) - 1;
        if (i < 0 || _ranges[i].Start > range.Start || _ranges[i].End < range.End)
            throw new InvalidOperationException($"Serial range {range} is not held.");
        var holder = _ranges[i];
        _ranges.RemoveAt(i);
        if (holder.End > range.End)
            _ranges.Insert(i, new SerialRange(range.End + 1, holder.End));
        if (holder.Start < range.Start)
            _ranges.Insert(i, new SerialRange(holder.Start, range.Start - 1));
        Count -= range.Count;
    }

    /// <summary>The lowest <paramref name="quantity"/> serials, as ranges (not removed).</summary>
    public List<SerialRange> Lowest(long quantity)
    {
        var taken = new List<SerialRange>();
        foreach (var r in _ranges)
        {
            if (quantity == 0)
                break;
            var n = Math.Min(quantity, r.Count);
            taken.Add(new SerialRange(r.Start, r.Start + n - 1));
            quantity -= n;
        }
        if (quantity != 0)
            throw new InvalidOperationException("Not enough serials held.");
        return taken;
    }

    private int LowerBound(long start)
    {
        int lo = 0, hi = _ranges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ranges[mid].Start < start)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
