// Arithmetic on serial ranges for those who read or publish serials (the voluntary registry, imports of
// other registries): build, intersect, split, remove, merge, check disjointness. The books themselves
// keep serials in SerialSet; this file adds no state, only operations on SerialRange.
namespace OpenEts.Registry;

/// <summary>Operations on <see cref="SerialRange"/>: every one keeps each serial exactly once.</summary>
public static class SerialRangeOperations
{
    /// <summary>The largest serial number accepted from outside data (keeps counts and sums far from overflow).</summary>
    public const long MaxSerial = RegistryState.MaxQuantity;

    extension(SerialRange range)
    {
        /// <summary>The range of <paramref name="count"/> serials starting at <paramref name="start"/>.</summary>
        public static SerialRange OfCount(long start, long count)
        {
            var built = new SerialRange(start, checked(start + count - 1));
            if (!built.IsValid)
                throw new ArgumentOutOfRangeException(nameof(count), $"No range of {count} serials starts at {start}.");
            return built;
        }

        /// <summary>A range when the bounds are valid (1 ≤ start ≤ end ≤ <see cref="MaxSerial"/>), else null: for parsing outside data.</summary>
        public static SerialRange? TryCreate(long start, long end) =>
            start >= 1 && end >= start && end <= MaxSerial ? new SerialRange(start, end) : null;

        /// <summary>True when no two ranges of the list share a serial.</summary>
        public static bool AreDisjoint(IEnumerable<SerialRange> ranges)
        {
            var sorted = ranges.OrderBy(r => r.Start).ToList();
            for (var i = 1; i < sorted.Count; i++)
            {
                if (sorted[i].Start <= sorted[i - 1].End)
                    return false;
            }
            return true;
        }

        /// <summary>Sorts ranges and merges every overlapping or adjoining pair: the smallest list covering the same serials.</summary>
        public static IReadOnlyList<SerialRange> Normalize(IEnumerable<SerialRange> ranges)
        {
            var merged = new List<SerialRange>();
            foreach (var r in ranges.OrderBy(r => r.Start))
            {
                if (merged.Count > 0 && merged[^1].TryMerge(r) is { } m)
                    merged[^1] = m;
                else
                    merged.Add(r);
            }
            return merged;
        }

        /// <summary>True when <paramref name="serial"/> lies in the range.</summary>
        public bool Contains(long serial) => serial >= range.Start && serial <= range.End;

        /// <summary>True when every serial of <paramref name="other"/> lies in this range.</summary>
        public bool Contains(SerialRange other) => other.Start >= range.Start && other.End <= range.End;

        /// <summary>True when the two ranges share at least one serial.</summary>
        public bool Overlaps(SerialRange other) => range.Start <= other.End && other.Start <= range.End;

        /// <summary>True when the ranges share no serial but touch end to start, so they merge into one.</summary>
        public bool Adjoins(SerialRange other) => range.End + 1 == other.Start || other.End + 1 == range.Start;

        /// <summary>The serials both ranges hold, if any.</summary>
        public SerialRange? Intersect(SerialRange other) =>
            range.Overlaps(other) ? new SerialRange(Math.Max(range.Start, other.Start), Math.Min(range.End, other.End)) : null;

        /// <summary>One range covering both, when they overlap or adjoin; else null (merging would invent serials).</summary>
        public SerialRange? TryMerge(SerialRange other) =>
            range.Overlaps(other) || range.Adjoins(other) ? new SerialRange(Math.Min(range.Start, other.Start), Math.Max(range.End, other.End)) : null;

        /// <summary>
        /// Splits off the first <paramref name="count"/> serials (the lowest move first, as registries do):
        /// the part taken and the remainder, null when the whole range was taken.
        /// </summary>
        public (SerialRange Taken, SerialRange? Remainder) SplitFirst(long count)
        {
            if (count < 1 || count > range.Count)
                throw new ArgumentOutOfRangeException(nameof(count), $"Cannot take {count} serials from a range of {range.Count}.");
            var taken = SerialRange.OfCount(range.Start, count);
            return (taken, count == range.Count ? null : new SerialRange(range.Start + count, range.End));
        }

        /// <summary>What is left after removing <paramref name="part"/> (inside the range): nothing, one range or two, lowest first.</summary>
        public IReadOnlyList<SerialRange> Without(SerialRange part)
        {
            if (!range.Contains(part))
                throw new ArgumentOutOfRangeException(nameof(part), $"{part} is not inside {range}.");
            var left = new List<SerialRange>(2);
            if (part.Start > range.Start)
                left.Add(new SerialRange(range.Start, part.Start - 1));
            if (part.End < range.End)
                left.Add(new SerialRange(part.End + 1, range.End));
            return left;
        }
    }
}
