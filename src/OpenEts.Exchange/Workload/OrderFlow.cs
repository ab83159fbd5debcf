// A seeded, realistic stream of order-book operations: passive adds around the mid, crossing orders,
// cancels of live orders. The same seed always gives the same stream (tests, benchmarks, replays).
namespace OpenEts.Exchange;

/// <summary>What one operation does.</summary>
public enum BookOpKind : byte
{
    /// <summary>A new limit order.</summary>
    Add,

    /// <summary>A cancel of an earlier order (which may have filled meanwhile).</summary>
    Cancel,
}

/// <summary>One operation of a stream.</summary>
public readonly record struct BookOp(BookOpKind Kind, long OrderId, Side Side, long PriceFen, long QuantityT);

/// <summary>Generates order-book streams from a seed.</summary>
public static class OrderFlow
{
    /// <summary>Most orders a stream keeps outstanding (a busy carbon market's book holds a few thousand).</summary>
    public const int MaxLiveOrders = 8_192;

    /// <summary>
    /// <paramref name="count"/> operations around <paramref name="midFen"/> within <paramref name="band"/>:
    /// about 55% passive adds spread over ±<paramref name="spreadTicks"/> ticks of the mid, 15% orders that
    /// cross the spread by a few ticks, 30% cancels of earlier orders (some already filled, as in real traffic). Quantities 1–5,000 t,
    /// skewed small. The mid drifts a tick now and then. Cancels also come whenever
    /// <see cref="MaxLiveOrders"/> orders are outstanding, so the book stays at a realistic size.
    /// </summary>
    public static BookOp[] Generate(ulong seed, int count, long midFen, PriceBand band, int spreadTicks = 20)
    {
        var rng = new SplitMix64(seed);
        var ops = new BookOp[count];
        var live = new List<long>(1024);
        long nextId = 1;
        var mid = midFen;
        for (var i = 0; i < count; i++)
        {
            var roll = rng.Next(100);
            if ((roll < 30 || live.Count >= MaxLiveOrders) && live.Count > 0)
            {
                var k = (int)rng.Next((ulong)live.Count);
                var id = live[k];
                live[k] = live[^1];
                live.RemoveAt(live.Count - 1);
                ops[i] = new BookOp(BookOpKind.Cancel, id, Side.Buy, 0, 0);
                continue;
            }
            var side = rng.Next(2) == 0 ? Side.Buy : Side.Sell;
            var crossing = roll >= 85;
            var offset = (long)rng.Next((ulong)spreadTicks) + 1;
            long price = crossing
                ? (side == Side.Buy ? mid + (long)rng.Next(4) : mid - (long)rng.Next(4))
                : (side == Side.Buy ? mid - offset : mid + offset);
            price = Math.Clamp(price, band.LowFen, band.HighFen);
            var qty = rng.Next(10) < 8 ? (long)rng.Next(100) + 1 : (long)rng.Next(5000) + 1;
            ops[i] = new BookOp(BookOpKind.Add, nextId, side, price, qty);
            // Crossing orders may rest a remainder, so they too may be cancelled later (or the cancel finds them filled).
            live.Add(nextId);
            nextId++;
            if (rng.Next(50) == 0)
                mid = Math.Clamp(mid + (rng.Next(2) == 0 ? -1 : 1), band.LowFen + spreadTicks, band.HighFen - spreadTicks);
        }
        return ops;
    }

    /// <summary>Runs a stream against a book; returns the number of fills.</summary>
    public static long Run(IOrderBook book, ReadOnlySpan<BookOp> ops, IFillSink sink)
    {
        long adds = 0;
        foreach (var op in ops)
        {
            if (op.Kind == BookOpKind.Add)
            {
                book.Submit(op.OrderId, op.Side, op.PriceFen, op.QuantityT, sink);
                adds++;
            }
            else
                book.Cancel(op.OrderId, out _);
        }
        return adds;
    }

    /// <summary>A small, fast, seedable generator (SplitMix64): no dependence on System.Random's algorithm.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next(ulong bound)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return z % bound;
        }
    }
}

/// <summary>A fill sink that counts fills and traded tonnes and keeps nothing.</summary>
public sealed class CountingFillSink : IFillSink
{
    /// <summary>Fills seen.</summary>
    public long Fills { get; private set; }

    /// <summary>Tonnes traded.</summary>
    public long TradedT { get; private set; }

    /// <inheritdoc />
    public void OnFill(in Fill fill)
    {
        Fills++;
        TradedT += fill.QuantityT;
    }
}
