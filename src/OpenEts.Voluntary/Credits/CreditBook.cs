// Who holds which CCER serials, and which serials are spent for good. The single place that decides
// whether a serial may still move: a retired, cancelled or surrendered serial is final.
using OpenEts.Core;
using OpenEts.Voluntary.Serials;

namespace OpenEts.Voluntary.Credits;

/// <summary>What has become of a block of serials.</summary>
public enum CreditStatus
{
    /// <summary>In a holder's account, free to move.</summary>
    Held,

    /// <summary>Set aside in the non-permanence buffer pool of the registry.</summary>
    Buffer,

    /// <summary>Retired (voluntary cancellation for a claim): final.</summary>
    Retired,

    /// <summary>Cancelled by the registry (reversal, error, buffer draw-down): final.</summary>
    Cancelled,

    /// <summary>Surrendered as offsets in compliance: final.</summary>
    Surrendered,
}

/// <summary>The project and vintage a block belongs to: the unit class of a CCER credit.</summary>
public readonly record struct CreditClass(string ProjectId, int Vintage)
{
    /// <inheritdoc />
    public override string ToString() => $"{ProjectId}/{Vintage}";
}

/// <summary>One contiguous block of serials with one holder and one status.</summary>
public sealed record CreditBlock(CreditClass Class, SerialRange Range, CreditStatus Status, string Holder)
{
    /// <summary>The block's serial string.</summary>
    public string Serial => new CcerSerial(Class.ProjectId, Class.Vintage, Range).ToString();
}

/// <summary>
/// Every CCER block ever issued, by class, kept disjoint. Checks never change anything; the
/// <c>Apply</c> methods assume their check passed and assert it again (a failure is a bug).
/// </summary>
public sealed class CreditBook
{
    private readonly SortedDictionary<string, SortedDictionary<long, CreditBlock>> _byClass = new(StringComparer.Ordinal);

    /// <summary>True for statuses that can never change again.</summary>
    public static bool IsFinal(CreditStatus status) => status is CreditStatus.Retired or CreditStatus.Cancelled or CreditStatus.Surrendered;

    /// <summary>Every block, by class then serial.</summary>
    public IEnumerable<CreditBlock> Blocks => _byClass.Values.SelectMany(c => c.Values);

    /// <summary>The blocks of one class, by serial.</summary>
    public IEnumerable<CreditBlock> BlocksOf(CreditClass cls) => _byClass.TryGetValue(Key(cls), out var c) ? c.Values : [];

    /// <summary>Tonnes of a class in a status (for one holder when given).</summary>
    public long Quantity(CreditClass cls, CreditStatus status, string? holder = null) =>
        BlocksOf(cls).Where(b => b.Status == status && (holder is null || b.Holder == holder)).Sum(b => b.Range.Count);

    /// <summary>Tonnes held (free to move) by a holder across classes.</summary>
    public long HeldBy(string holder) => Blocks.Where(b => b.Status == CreditStatus.Held && b.Holder == holder).Sum(b => b.Range.Count);

    /// <summary>Refuses a new issuance whose serials any existing block already uses.</summary>
    public Rejection? CheckIssue(CreditClass cls, SerialRange range)
    {
        foreach (var b in BlocksOf(cls))
        {
            if (b.Range.Overlaps(range))
                return new Rejection("serial_already_issued", $"Serials {new CcerSerial(cls.ProjectId, cls.Vintage, range)} overlap {b.Serial}, already issued.");
        }
        return null;
    }

    /// <summary>The next free serial number of a class (1 for a class never issued).</summary>
    public long NextSerial(CreditClass cls) => _byClass.TryGetValue(Key(cls), out var c) && c.Count > 0 ? c.Values.Max(b => b.Range.Last) + 1 : 1;

    /// <summary>
    /// Picks <paramref name="quantity"/> held serials of a holder, lowest first, splitting the last block
    /// if needed; a rejection when the holder has fewer.
    /// </summary>
    public (IReadOnlyList<SerialRange> Ranges, Rejection? Rejection) Pick(string holder, CreditClass cls, long quantity, CreditStatus status = CreditStatus.Held)
    {
        if (quantity < 1)
            return ([], new Rejection("bad_quantity", "The quantity must be at least 1 t."));
        var picked = new List<SerialRange>();
        var needed = quantity;
        foreach (var b in BlocksOf(cls))
        {
            if (b.Status != status || b.Holder != holder)
                continue;
            var take = Math.Min(needed, b.Range.Count);
            picked.Add(b.Range.SplitFirst(take).Taken);
            needed -= take;
            if (needed == 0)
                return (picked, null);
        }
        return ([], new Rejection("insufficient_credits", $"{holder} holds {quantity - needed} t of {cls} {(status == CreditStatus.Held ? "free to move" : status.ToString().ToLowerInvariant())}, fewer than the {quantity} t asked."));
    }

    /// <summary>Refuses unless every serial of the ranges is held by <paramref name="holder"/> and not final.</summary>
    public Rejection? CheckHeld(string holder, CreditClass cls, IReadOnlyList<SerialRange> ranges, CreditStatus from = CreditStatus.Held)
    {
        if (!SerialRange.AreDisjoint(ranges))
            return new Rejection("overlapping_serials", "The serial ranges given overlap each other.");
        foreach (var r in ranges)
        {
            var covered = 0L;
            foreach (var b in BlocksOf(cls))
            {
                if (b.Range.Intersect(r) is not { } part)
                    continue;
                if (IsFinal(b.Status))
                    return new Rejection("serial_final", $"Serials {b.Serial} are {b.Status.ToString().ToLowerInvariant()}; a spent credit never moves or counts again.");
                if (b.Status != from || b.Holder != holder)
                    return new Rejection("serial_not_held", $"Serials {b.Serial} are not {from.ToString().ToLowerInvariant()} by {holder}.");
                covered += part.Count;
            }
            if (covered != r.Count)
                return new Rejection("serial_not_issued", $"Some serials of {new CcerSerial(cls.ProjectId, cls.Vintage, r)} were never issued.");
        }
        return null;
    }

    /// <summary>Records a new issuance (after <see cref="CheckIssue"/>).</summary>
    public void ApplyIssue(CreditClass cls, SerialRange range, string holder, CreditStatus status)
    {
        Invariant.Assert(CheckIssue(cls, range) is null, $"Issuance {cls} {range} overlaps existing serials.");
        Add(new CreditBlock(cls, range, status, holder));
    }

    /// <summary>
    /// Moves the ranges (after <see cref="CheckHeld"/>) to a new holder and status, splitting the blocks they cut.
    /// </summary>
    public void ApplyMove(CreditClass cls, IReadOnlyList<SerialRange> ranges, string newHolder, CreditStatus newStatus)
    {
        var blocks = _byClass[Key(cls)];
        foreach (var r in ranges)
        {
            foreach (var b in blocks.Values.Where(b => b.Range.Overlaps(r)).ToList())
            {
                Invariant.Assert(!IsFinal(b.Status), $"Serials {b.Serial} are final but were moved.");
                var part = b.Range.Intersect(r)!.Value;
                blocks.Remove(b.Range.First);
                foreach (var rest in b.Range.Without(part))
                    blocks.Add(rest.First, b with { Range = rest });
                blocks.Add(part.First, new CreditBlock(cls, part, newStatus, newHolder));
            }
        }
        Coalesce(blocks);
    }

    // Neighbouring blocks with the same holder and status become one again, so the book stays small.
    private static void Coalesce(SortedDictionary<long, CreditBlock> blocks)
    {
        CreditBlock? previous = null;
        foreach (var b in blocks.Values.ToList())
        {
            if (previous is not null && previous.Status == b.Status && previous.Holder == b.Holder && previous.Range.Last + 1 == b.Range.First)
            {
                blocks.Remove(b.Range.First);
                previous = previous with { Range = new SerialRange(previous.Range.First, b.Range.Last) };
                blocks[previous.Range.First] = previous;
            }
            else
            {
                previous = b;
            }
        }
    }

    private void Add(CreditBlock block)
    {
        var key = Key(block.Class);
        if (!_byClass.TryGetValue(key, out var blocks))
            _byClass[key] = blocks = [];
        blocks.Add(block.Range.First, block);
        Coalesce(blocks);
    }

    private static string Key(CreditClass cls) => $"{cls.ProjectId}/{cls.Vintage:D4}";

    /// <summary>Replaces the book's content (snapshot restore).</summary>
    public void Load(IEnumerable<CreditBlock> blocks)
    {
        _byClass.Clear();
        foreach (var b in blocks)
        {
            var key = Key(b.Class);
            if (!_byClass.TryGetValue(key, out var c))
                _byClass[key] = c = [];
            c.Add(b.Range.First, b);
        }
    }
}
