// Serial-range arithmetic (the registry's SerialRange with its operations): splitting, removing,
// merging and disjointness, checked on random ranges.
using CsCheck;
using OpenEts.Registry;
using OpenEts.Voluntary.Serials;

namespace OpenEts.Voluntary.Tests;

public sealed class SerialRangeTests
{
    private static readonly Gen<SerialRange> Range =
        from first in Gen.Long[1, 1_000_000]
        from count in Gen.Long[1, 5_000]
        select SerialRange.OfCount(first, count);

    private static readonly Gen<SerialRange> SmallRange =
        from first in Gen.Long[1, 200]
        from count in Gen.Long[1, 40]
        select SerialRange.OfCount(first, count);

    private static HashSet<long> Serials(IEnumerable<SerialRange> ranges)
    {
        var set = new HashSet<long>();
        foreach (var r in ranges)
        {
            for (var s = r.Start; s <= r.End; s++)
                set.Add(s);
        }
        return set;
    }

    [Fact]
    public void Count_is_inclusive_at_both_ends()
    {
        Assert.Equal(1000, new SerialRange(1, 1000).Count);
        Assert.Equal(1, new SerialRange(7, 7).Count);
        Assert.Equal(new SerialRange(941467007, 941467431), SerialRange.OfCount(941467007, 425));
    }

    [Fact]
    public void Empty_or_reversed_ranges_do_not_exist()
    {
        Assert.Null(SerialRange.TryCreate(5, 4));
        Assert.Null(SerialRange.TryCreate(0, 4));
        Assert.Null(SerialRange.TryCreate(1, SerialRangeOperations.MaxSerial + 1));
        Assert.False(new SerialRange(10, 9).IsValid);
        Assert.Throws<ArgumentOutOfRangeException>(() => SerialRange.OfCount(10, 0));
    }

    [Fact]
    public void Splitting_a_range_keeps_every_serial_exactly_once()
    {
        Gen.Select(Range, Gen.Long[1, 5_000]).Sample((range, n) =>
        {
            var take = Math.Min(n, range.Count);
            var (taken, rest) = range.SplitFirst(take);
            Assert.Equal(range.Start, taken.Start);
            Assert.Equal(take, taken.Count);
            Assert.Equal(range.Count, taken.Count + (rest?.Count ?? 0));
            if (rest is { } r)
            {
                Assert.False(taken.Overlaps(r));
                Assert.True(taken.Adjoins(r));
                Assert.Equal(range, taken.TryMerge(r));
            }
            else
            {
                Assert.Equal(range, taken);
            }
        });
    }

    [Fact]
    public void Splitting_more_than_the_range_holds_is_a_bug_not_a_silent_clip()
    {
        var r = new SerialRange(1, 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.SplitFirst(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.SplitFirst(0));
    }

    [Fact]
    public void Removing_a_middle_part_leaves_two_ranges_that_rebuild_the_whole()
    {
        var parts = new SerialRange(100, 199).Without(new SerialRange(120, 129));
        Assert.Equal([new SerialRange(100, 119), new SerialRange(130, 199)], parts);
        Gen.Select(Range, Gen.Long[0, 4_999], Gen.Long[1, 5_000]).Sample((range, offset, n) =>
        {
            var start = range.Start + Math.Min(offset, range.Count - 1);
            var part = new SerialRange(start, Math.Min(range.End, start + n - 1));
            var left = range.Without(part);
            Assert.True(left.Count <= 2);
            Assert.True(SerialRange.AreDisjoint([.. left, part]));
            Assert.Equal(range.Count, left.Sum(l => l.Count) + part.Count);
            Assert.Equal([range], SerialRange.Normalize([.. left, part]));
        });
    }

    [Fact]
    public void Merging_only_joins_ranges_that_touch_and_never_invents_serials()
    {
        Gen.Select(SmallRange, SmallRange).Sample((a, b) =>
        {
            var merged = a.TryMerge(b);
            Assert.Equal(a.Overlaps(b) || a.Adjoins(b), merged is not null);
            Assert.Equal(a.Overlaps(b), b.Overlaps(a));
            if (merged is { } m)
                Assert.Equal(Serials([a, b]), Serials([m]));
            var overlap = a.Intersect(b);
            Assert.Equal(Serials([a]).Intersect(Serials([b])).Count(), overlap?.Count ?? 0);
        });
    }

    [Fact]
    public void Normalizing_gives_sorted_disjoint_non_touching_ranges_with_the_same_serials()
    {
        SmallRange.List[0, 12].Sample(ranges =>
        {
            var normal = SerialRange.Normalize(ranges);
            Assert.Equal(Serials(ranges), Serials(normal));
            for (var i = 1; i < normal.Count; i++)
                Assert.True(normal[i].Start > normal[i - 1].End + 1, "normalized ranges neither overlap nor touch");
            Assert.Equal(Serials(ranges).Count == ranges.Sum(r => r.Count), SerialRange.AreDisjoint(ranges));
        });
    }

    [Fact]
    public void A_range_cut_into_many_partial_transfers_reassembles_exactly()
    {
        Gen.Select(Range, Gen.Long[1, 300].Array[1, 30]).Sample((range, sizes) =>
        {
            var pieces = new List<SerialRange>();
            SerialRange? rest = range;
            foreach (var size in sizes)
            {
                if (rest is not { } r)
                    break;
                var (taken, remainder) = r.SplitFirst(Math.Min(size, r.Count));
                pieces.Add(taken);
                rest = remainder;
            }
            if (rest is { } last)
                pieces.Add(last);
            Assert.True(SerialRange.AreDisjoint(pieces));
            Assert.Equal(range.Count, pieces.Sum(p => p.Count));
            Assert.Equal([range], SerialRange.Normalize(pieces.OrderByDescending(p => p.End)));
        });
    }

    [Fact]
    public void Ccer_serial_round_trips_and_encodes_project_vintage_and_range()
    {
        var serial = new CcerSerial("P0001", 2024, new SerialRange(1, 1000));
        Assert.Equal("CCER-P0001-2024-1-1000", serial.ToString());
        Assert.Equal(serial, CcerSerial.TryParse("CCER-P0001-2024-1-1000"));
        Assert.Null(CcerSerial.TryParse("CCER-P0001-2024-1000-1"));
        Assert.Null(CcerSerial.TryParse("VCS-P0001-2024-1-1000"));
        Gen.Select(Gen.Int[2020, 2040], Range).Sample((vintage, range) =>
            CcerSerial.TryParse(new CcerSerial("ABC123", vintage, range).ToString()) == new CcerSerial("ABC123", vintage, range));
    }
}
