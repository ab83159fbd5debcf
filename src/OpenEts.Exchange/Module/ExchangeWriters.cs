// Hand-written journal encoders for the exchange's hottest commands and events: an order, its cancel, and what
// they emit (accepted, traded, cancelled). Each writes the bytes System.Text.Json writes with the catalog's options
// (names in snake_case, declaration order); ExchangeWritersTests holds them to it on random values.
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Exchange;

/// <summary>The exchange's <see cref="PropertyWriter{T}"/>s.</summary>
internal static class ExchangeWriters
{
    private static readonly JsonEncodedText Instrument = JsonEncodedText.Encode("instrument");
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText OrderId = JsonEncodedText.Encode("order_id");
    private static readonly JsonEncodedText Account = JsonEncodedText.Encode("account");
    private static readonly JsonEncodedText Side = JsonEncodedText.Encode("side");
    private static readonly JsonEncodedText PriceFen = JsonEncodedText.Encode("price_fen");
    private static readonly JsonEncodedText QuantityT = JsonEncodedText.Encode("quantity_t");
    private static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText BuyOrder = JsonEncodedText.Encode("buy_order");
    private static readonly JsonEncodedText SellOrder = JsonEncodedText.Encode("sell_order");
    private static readonly JsonEncodedText Buyer = JsonEncodedText.Encode("buyer");
    private static readonly JsonEncodedText Seller = JsonEncodedText.Encode("seller");
    private static readonly JsonEncodedText BuyerFeeFen = JsonEncodedText.Encode("buyer_fee_fen");
    private static readonly JsonEncodedText SellerFeeFen = JsonEncodedText.Encode("seller_fee_fen");

    /// <summary>Registers the writers with the module.</summary>
    public static ModuleBuilder Register(ModuleBuilder builder) => builder
        .Writer<PlaceOrder>(Write)
        .Writer<CancelOrder>(Write)
        .Writer<OrderAccepted>(Write)
        .Writer<TradeExecuted>(Write)
        .Writer<OrderCancelled>(Write);

    private static void Write(Utf8JsonWriter w, PlaceOrder c, JsonSerializerOptions options)
    {
        w.WriteString(Instrument, c.Instrument);
        w.WriteString(OrderId, c.OrderId);
        w.WriteString(Account, c.Account);
        WriteOrderTerms(w, c.Side, c.PriceFen, c.QuantityT, options);
    }

    private static void Write(Utf8JsonWriter w, CancelOrder c, JsonSerializerOptions options)
    {
        w.WriteString(Instrument, c.Instrument);
        w.WriteString(OrderId, c.OrderId);
        w.WriteString(Account, c.Account);
    }

    private static void Write(Utf8JsonWriter w, OrderAccepted e, JsonSerializerOptions options)
    {
        WriteOrderAt(w, e.Instrument, e.Time, e.OrderId, e.Account);
        WriteOrderTerms(w, e.Side, e.PriceFen, e.QuantityT, options);
    }

    private static void Write(Utf8JsonWriter w, OrderCancelled e, JsonSerializerOptions options) =>
        WriteOrderAt(w, e.Instrument, e.Time, e.OrderId, e.Account);

    private static void Write(Utf8JsonWriter w, TradeExecuted e, JsonSerializerOptions options)
    {
        w.WriteString(Instrument, e.Instrument);
        w.WriteNumber(Sequence, e.Sequence);
        w.WriteString(BuyOrder, e.BuyOrder);
        w.WriteString(SellOrder, e.SellOrder);
        w.WriteString(Buyer, e.Buyer);
        w.WriteString(Seller, e.Seller);
        w.WriteNumber(PriceFen, e.PriceFen);
        w.WriteNumber(QuantityT, e.QuantityT);
        w.WriteNumber(BuyerFeeFen, e.BuyerFeeFen);
        w.WriteNumber(SellerFeeFen, e.SellerFeeFen);
    }

    /// <summary>An order event's opening: instrument, time, order, account.</summary>
    private static void WriteOrderAt(Utf8JsonWriter w, string instrument, DateTimeOffset time, string orderId, string account)
    {
        w.WriteString(Instrument, instrument);
        w.WriteString(Time, time);
        w.WriteString(OrderId, orderId);
        w.WriteString(Account, account);
    }

    /// <summary>An order's side, price and quantity (the side as the catalog's enum converter names it).</summary>
    private static void WriteOrderTerms(Utf8JsonWriter w, Side side, long priceFen, long quantityT, JsonSerializerOptions options)
    {
        EnumNames<Side>.Write(w, Side, side, options);
        w.WriteNumber(PriceFen, priceFen);
        w.WriteNumber(QuantityT, quantityT);
    }
}
