// The fast order book: price-time priority by example, and the same fills as the naive reference book
// for random streams (CsCheck and seeded realistic flows), never crossed, quantities conserved.
using CsCheck;
using OpenEts.Exchange;

namespace OpenEts.Exchange.Tests;

public sealed class OrderBookTests
{
    private sealed class RecordingSink : IFillSink
    {
        public List<Fill> Fills { get; } = [];

        public void OnFill(in Fill fill) => Fills.Add(fill);
    }

    private static readonly PriceBand Band = TradingRulebook.National.ListingBand(5123);

    [Fact]
    public void Better_price_trades_first_then_earlier_order_at_the_same_price()
    {
        var book = new OrderBook(Band);
        var sink = new RecordingSink();
        book.Submit(1, Side.Sell, 5130, 100, sink);
        book.Submit(2, Side.Sell, 5125, 50, sink);
        book.Submit(3, Side.Sell, 5125, 70, sink);
        var left = book.Submit(4, Side.Buy, 5130, 200, sink);
        Assert.Equal(0, left);
        Assert.Equal(
            [new Fill(4, 2, Side.Buy, 5125, 50), new Fill(4, 3, Side.Buy, 5125, 70), new Fill(4, 1, Side.Buy, 5130, 80)],
            sink.Fills);
        Assert.Equal(5130, book.BestAskFen);
        Assert.Equal(20, book.RestingQuantity(Side.Sell));
    }

    [Fact]
    public void Partial_fill_rests_the_remainder_at_the_limit_and_cancel_removes_it()
    {
        var book = new OrderBook(Band);
        var sink = new RecordingSink();
        book.Submit(1, Side.Sell, 5123, 30, sink);
        Assert.Equal(70, book.Submit(2, Side.Buy, 5124, 100, sink));
        Assert.Equal([new Fill(2, 1, Side.Buy, 5123, 30)], sink.Fills);
        Assert.Equal(5124, book.BestBidFen);
        Assert.Equal(0, book.BestAskFen);
        Assert.True(book.Cancel(2, out var remaining));
        Assert.Equal(70, remaining);
        Assert.False(book.Cancel(2, out _));
        Assert.Equal(0, book.BestBidFen);
        Assert.Equal(0, book.OrderCount);
    }

    [Fact]
    public void Cancelling_the_best_level_moves_best_price_to_the_next_level()
    {
        var book = new OrderBook(Band);
        var sink = new RecordingSink();
        book.Submit(1, Side.Buy, 4611, 1, sink);
        book.Submit(2, Side.Buy, 5635, 1, sink);
        book.Submit(3, Side.Buy, 5000, 1, sink);
        Assert.Equal(5635, book.BestBidFen);
        book.Cancel(2, out _);
        Assert.Equal(5000, book.BestBidFen);
        book.Cancel(3, out _);
        Assert.Equal(4611, book.BestBidFen);
        Span<DepthLevel> depth = stackalloc DepthLevel[5];
        Assert.Equal(1, book.Depth(Side.Buy, depth));
        Assert.Equal(new DepthLevel(4611, 1, 1), depth[0]);
    }

    [Fact]
    public void Depth_lists_the_best_five_levels_with_quantity_and_order_count()
    {
        var book = new OrderBook(Band);
        var sink = new RecordingSink();
        long id = 1;
        for (var p = 5130; p < 5140; p++)
        {
            book.Submit(id++, Side.Sell, p, 10, sink);
            book.Submit(id++, Side.Sell, p, 5, sink);
        }
        Span<DepthLevel> depth = stackalloc DepthLevel[5];
        Assert.Equal(5, book.Depth(Side.Sell, depth));
        Assert.Equal(new DepthLevel(5130, 15, 2), depth[0]);
        Assert.Equal(new DepthLevel(5134, 15, 2), depth[4]);
    }

    [Fact]
    public void Pools_grow_beyond_the_expected_order_count()
    {
        var book = new OrderBook(Band, expectedOrders: 16);
        var sink = new RecordingSink();
        for (var i = 1; i <= 1000; i++)
            book.Submit(i, Side.Buy, 5000 + i % 100, 1, sink);
        Assert.Equal(1000, book.OrderCount);
        Assert.Equal(1000, book.RestingQuantity(Side.Buy));
    }

    // A small op space so that prices collide, orders cross and cancels hit live orders.
    private static readonly Gen<BookOp> GenOp =
        Gen.Int[0, 9].SelectMany(kind => Gen.Int[1, 60].SelectMany(target =>
            Gen.Int[0, 1].SelectMany(side => Gen.Int[5110, 5136].SelectMany(price => Gen.Int[1, 40].Select(qty =>
                kind < 3
                    ? new BookOp(BookOpKind.Cancel, target, Side.Buy, 0, 0)
                    : new BookOp(BookOpKind.Add, 0, side == 0 ? Side.Buy : Side.Sell, price, qty))))));

    [Fact]
    public void Fast_book_makes_the_same_fills_as_the_reference_book_for_random_streams()
    {
        GenOp.Array[1, 120].Sample(ops => AssertSameAsReference(Number(ops)), iter: 3_000, threads: 1);
    }

    [Fact]
    public void Fast_book_matches_the_reference_on_long_seeded_realistic_flows()
    {
        Gen.ULong.Sample(seed => AssertSameAsReference(OrderFlow.Generate(seed, 5_000, 5123, Band)), iter: 40, threads: 1);
    }

    private static BookOp[] Number(BookOp[] ops)
    {
        var result = new BookOp[ops.Length];
        for (var i = 0; i < ops.Length; i++)
            result[i] = ops[i].Kind == BookOpKind.Add ? ops[i] with { OrderId = i + 1 } : ops[i];
        return result;
    }

    private static void AssertSameAsReference(BookOp[] ops)
    {
        var fast = new OrderBook(Band, expectedOrders: 16);
        var reference = new ReferenceOrderBook();
        var fastFills = new RecordingSink();
        var refFills = new RecordingSink();
        long submitted = 0, cancelled = 0;
        foreach (var op in ops)
        {
            if (op.Kind == BookOpKind.Add)
            {
                var a = fast.Submit(op.OrderId, op.Side, op.PriceFen, op.QuantityT, fastFills);
                var b = reference.Submit(op.OrderId, op.Side, op.PriceFen, op.QuantityT, refFills);
                Assert.Equal(b, a);
                submitted += op.QuantityT;
            }
            else
            {
                var a = fast.Cancel(op.OrderId, out var qa);
                var b = reference.Cancel(op.OrderId, out var qb);
                Assert.Equal(b, a);
                Assert.Equal(qb, qa);
                cancelled += qa;
            }
            Assert.Equal(reference.BestBidFen, fast.BestBidFen);
            Assert.Equal(reference.BestAskFen, fast.BestAskFen);
            Assert.True(fast.BestBidFen == 0 || fast.BestAskFen == 0 || fast.BestBidFen < fast.BestAskFen, "The book is crossed.");
        }
        Assert.Equal(refFills.Fills, fastFills.Fills);
        Assert.Equal(reference.OrderCount, fast.OrderCount);
        var resting = fast.RestingQuantity(Side.Buy) + fast.RestingQuantity(Side.Sell);
        Assert.Equal(reference.RestingQuantity(Side.Buy) + reference.RestingQuantity(Side.Sell), resting);
        // Every tonne submitted is either still resting, cancelled, or traded (a fill uses a tonne of each side).
        Assert.Equal(submitted, resting + cancelled + 2 * fastFills.Fills.Sum(f => f.QuantityT));
        Span<DepthLevel> a5 = stackalloc DepthLevel[5];
        Span<DepthLevel> b5 = stackalloc DepthLevel[5];
        foreach (var side in new[] { Side.Buy, Side.Sell })
        {
            var na = fast.Depth(side, a5);
            var nb = reference.Depth(side, b5);
            Assert.Equal(nb, na);
            Assert.True(a5[..na].SequenceEqual(b5[..nb]));
        }
    }
}
