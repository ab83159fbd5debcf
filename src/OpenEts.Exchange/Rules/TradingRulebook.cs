// The trading rules of one market, read from a rulebook JSON file (every value carries its source there).
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>How a limit price is brought onto the tick grid.</summary>
public enum BandRounding
{
    /// <summary>Toward the previous close: upper limit down, lower limit up (never beyond the stated percentage).</summary>
    Inward,

    /// <summary>To the nearest tick, halves away from the previous close.</summary>
    HalfUp,
}

/// <summary>What happens when an incoming order would match a resting order of the same account.</summary>
public enum SelfTradePrevention
{
    /// <summary>Matching stops before the account's own order; the incoming remainder is cancelled (rejected when nothing traded).</summary>
    CancelIncoming,

    /// <summary>No prevention: the account may trade with itself.</summary>
    Allow,
}

/// <summary>One open period of a trading day, in market-local time; open at <see cref="Open"/>, closed from <see cref="Close"/>.</summary>
public readonly record struct SessionWindow(TimeOnly Open, TimeOnly Close)
{
    /// <summary>True when <paramref name="time"/> falls within the window.</summary>
    public bool Contains(TimeOnly time) => time >= Open && time < Close;
}

/// <summary>The trading rules of one market: sizes, bands, tick and lot, hours, calendar, settlement and fees.</summary>
public sealed record TradingRulebook
{
    /// <summary>The market's id (the rulebook file's name without extension).</summary>
    public required string Market { get; init; }

    /// <summary>Smallest listing order, t.</summary>
    public required long ListingMinOrderT { get; init; }

    /// <summary>Largest listing order, t.</summary>
    public required long ListingMaxOrderT { get; init; }

    /// <summary>Listing band, percent of the previous close either side.</summary>
    public required int ListingBandPercent { get; init; }

    /// <summary>What an order that would trade with the same account's resting order does.</summary>
    public required SelfTradePrevention SelfTradePrevention { get; init; }

    /// <summary>Whether block trades are offered (false: every proposal is refused <c>trading_mode_not_offered</c>).</summary>
    public required bool BlockOffered { get; init; }

    /// <summary>Whether one-way bidding (auctions) is offered.</summary>
    public required bool AuctionOffered { get; init; }

    /// <summary>The roles that may halt and resume trading in an instrument (exchange operator, regulator).</summary>
    public required IReadOnlySet<Role> HaltOrderedBy { get; init; }

    /// <summary>Longest reason a halt may give, characters.</summary>
    public required int HaltMaxReasonChars { get; init; }

    /// <summary>Whether a halt also stops one-way bidding of the instrument: no bid (offer) and no clearing while it is in force.</summary>
    public required bool HaltCoversAuctions { get; init; }

    /// <summary>
    /// Whether a halt ends at the latest when the trading day closes (true), or lasts until resumed, across closes and
    /// openings, and may be ordered while no day is open (false).
    /// </summary>
    public bool HaltEndsAtClose { get; init; } = true;

    /// <summary>
    /// Whether accounts of natural persons may trade (order, propose or accept a block trade, bid, sell by auction); false:
    /// legal persons and other organisations only, the others refused <c>participant_not_eligible</c>.
    /// </summary>
    public bool NaturalPersonsMayTrade { get; init; }

    /// <summary>Smallest block trade, t.</summary>
    public required long BlockMinTradeT { get; init; }

    /// <summary>Block band, percent of the previous close either side.</summary>
    public required int BlockBandPercent { get; init; }

    /// <summary>Price tick, fen.</summary>
    public required long TickFen { get; init; }

    /// <summary>Quantity lot, t.</summary>
    public required long LotT { get; init; }

    /// <summary>How limit prices are brought onto the tick.</summary>
    public required BandRounding BandRounding { get; init; }

    /// <summary>The market's offset from UTC (China: +08:00).</summary>
    public required TimeSpan UtcOffset { get; init; }

    /// <summary>Listing sessions of a trading day.</summary>
    public required IReadOnlyList<SessionWindow> ListingSessions { get; init; }

    /// <summary>Block sessions of a trading day.</summary>
    public required IReadOnlyList<SessionWindow> BlockSessions { get; init; }

    /// <summary>Default one-way bidding windows of a trading day.</summary>
    public required IReadOnlyList<SessionWindow> AuctionSessions { get; init; }

    /// <summary>The trading calendar.</summary>
    public required TradingCalendar Calendar { get; init; }

    /// <summary>Trading days after purchase before bought units can be sold (1 = T+1).</summary>
    public required int BoughtUnitsSellableAfterDays { get; init; }

    /// <summary>Whether the official close counts block trades.</summary>
    public required bool CloseIncludesBlockTrades { get; init; }

    /// <summary>Buyer's fee, basis points of trade value.</summary>
    public required int BuyerFeeBasisPoints { get; init; }

    /// <summary>Seller's fee, basis points of trade value.</summary>
    public required int SellerFeeBasisPoints { get; init; }

    /// <summary>The maximum position and large-holder disclosure thresholds; null where the rulebook sets none (no check runs).</summary>
    public PositionLimit? PositionLimit { get; init; }

    /// <summary>The national market's rulebook (cn-national.json).</summary>
    public static TradingRulebook National => s_national.Value;

    private static readonly Lazy<TradingRulebook> s_national = new(() => Load("cn-national"));

    /// <summary>The national CCER market's rulebook (cn-ccer.json): listing trading only, on the national calendar.</summary>
    public static TradingRulebook Ccer => s_ccer.Value;

    private static readonly Lazy<TradingRulebook> s_ccer = new(() => Load("cn-ccer"));

    /// <summary>The Beijing pilot market's rulebook (cn-beijing.json): the pilot's position limits, other values as the national ones.</summary>
    public static TradingRulebook Beijing => s_beijing.Value;

    private static readonly Lazy<TradingRulebook> s_beijing = new(() => Load("cn-beijing"));

    /// <summary>Loads an embedded rulebook by market id ("cn-national").</summary>
    public static TradingRulebook Load(string market)
    {
        using var stream = typeof(TradingRulebook).Assembly.GetManifestResourceStream(market + ".json")
            ?? throw new ArgumentException($"No rulebook named {market}.json is embedded.", nameof(market));
        using var doc = JsonDocument.Parse(stream);
        return Parse(market, doc.RootElement);
    }

    /// <summary>The calendar of a rulebook: its own, or that of the rulebook its "calendar.same_as" names.</summary>
    private static TradingCalendar ReadCalendar(JsonElement calendar, Func<JsonElement, string[], JsonElement> value)
    {
        if (calendar.TryGetProperty("same_as", out _))
        {
            var other = value(calendar, ["same_as"]).GetString()!;
            return other == "cn-national" ? National.Calendar : Load(other).Calendar;
        }
        var holidays = value(calendar, ["holidays"]).EnumerateArray().Select(h => DateOnly.ParseExact(h.GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var years = value(calendar, ["years"]).EnumerateArray().Select(y => y.GetInt32());
        return new TradingCalendar(value(calendar, ["weekend_closed"]).GetBoolean(), years, holidays);
    }

    /// <summary>Reads a rulebook from its JSON form (each value an object with "value" and "source").</summary>
    public static TradingRulebook Parse(string market, JsonElement root)
    {
        static JsonElement V(JsonElement e, params string[] path) => SourcedValue(e, path);
        static IReadOnlyList<SessionWindow> Sessions(JsonElement v) =>
            v.EnumerateArray().Select(s => new SessionWindow(TimeOnly.Parse(s.GetProperty("open").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                TimeOnly.Parse(s.GetProperty("close").GetString()!, System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        var blockOffered = V(root, "block", "offered").GetBoolean();
        return new TradingRulebook
        {
            Market = market,
            ListingMinOrderT = V(root, "listing", "min_order_t").GetInt64(),
            ListingMaxOrderT = V(root, "listing", "max_order_t").GetInt64(),
            ListingBandPercent = V(root, "listing", "band_percent").GetInt32(),
            SelfTradePrevention = V(root, "listing", "self_trade_prevention").GetString() switch
            {
                "cancel_incoming" => SelfTradePrevention.CancelIncoming,
                "allow" => SelfTradePrevention.Allow,
                var other => throw new FormatException($"Unknown self_trade_prevention '{other}'."),
            },
            BlockOffered = blockOffered,
            AuctionOffered = V(root, "auction", "offered").GetBoolean(),
            // A mode not offered needs no terms: no block trade is ever that large, and its band is empty.
            BlockMinTradeT = blockOffered ? V(root, "block", "min_trade_t").GetInt64() : long.MaxValue,
            BlockBandPercent = blockOffered ? V(root, "block", "band_percent").GetInt32() : 0,
            HaltOrderedBy = V(root, "halt", "ordered_by").EnumerateArray().Select(r => HaltRole(r.GetString())).ToHashSet(),
            HaltMaxReasonChars = V(root, "halt", "max_reason_chars").GetInt32(),
            HaltCoversAuctions = V(root, "halt", "covers_auctions").GetBoolean(),
            HaltEndsAtClose = V(root, "halt", "ends_at_close").GetBoolean(),
            NaturalPersonsMayTrade = V(root, "participants", "natural_persons").GetBoolean(),
            TickFen = V(root, "tick_fen").GetInt64(),
            LotT = V(root, "lot_t").GetInt64(),
            BandRounding = V(root, "band_rounding").GetString() switch
            {
                "inward" => BandRounding.Inward,
                "half_up" => BandRounding.HalfUp,
                var other => throw new FormatException($"Unknown band_rounding '{other}'."),
            },
            UtcOffset = TimeSpan.FromMinutes(V(root, "market_utc_offset_minutes").GetInt32()),
            ListingSessions = Sessions(V(root, "sessions", "listing")),
            BlockSessions = blockOffered ? Sessions(V(root, "sessions", "block")) : [],
            AuctionSessions = root.GetProperty("sessions").TryGetProperty("auction", out _) ? Sessions(V(root, "sessions", "auction")) : [],
            Calendar = ReadCalendar(root.GetProperty("calendar"), V),
            BoughtUnitsSellableAfterDays = V(root, "settlement", "bought_units_sellable_after_trading_days").GetInt32(),
            CloseIncludesBlockTrades = V(root, "closing_price", "includes_block_trades").GetBoolean(),
            BuyerFeeBasisPoints = V(root, "fees", "buyer_basis_points").GetInt32(),
            SellerFeeBasisPoints = V(root, "fees", "seller_basis_points").GetInt32(),
            PositionLimit = PositionLimit.Parse(root),
        };
    }

    private static Role HaltRole(string? role) => role switch
    {
        "exchange_operator" => Role.ExchangeOperator,
        "regulator" => Role.Regulator,
        var other => throw new FormatException($"halt.ordered_by: '{other}' may not halt trading (exchange_operator or regulator)."),
    };

    /// <summary>The "value" at <paramref name="path"/> of a rulebook whose every value is an object with "value" and a "source" note.</summary>
    internal static JsonElement SourcedValue(JsonElement e, params string[] path)
    {
        foreach (var p in path)
            e = e.GetProperty(p);
        if (!e.TryGetProperty("source", out var src) || string.IsNullOrWhiteSpace(src.GetString()))
            throw new FormatException($"Rulebook value {string.Join('.', path)} has no source note.");
        return e.GetProperty("value");
    }

    /// <summary>The listing band around a previous close.</summary>
    public PriceBand ListingBand(long previousCloseFen) => PriceBand.Around(previousCloseFen, ListingBandPercent, TickFen, BandRounding);

    /// <summary>
    /// Why a day cannot open at <paramref name="previousCloseFen"/>: its listing band would span more price steps than a
    /// day's order book holds (<see cref="OrderBook.MaxLevels"/>); null when it fits.
    /// </summary>
    public string? BandTooWide(long previousCloseFen)
    {
        var band = ListingBand(previousCloseFen);
        var steps = (band.HighFen - band.LowFen) / TickFen + 1;
        return steps <= OrderBook.MaxLevels ? null
            : $"At a previous close of {new Fen(previousCloseFen).ToYuanString()} yuan the listing band ({new Fen(band.LowFen).ToYuanString()}–{new Fen(band.HighFen).ToYuanString()}) spans {steps:N0} price steps; a day's order book holds at most {OrderBook.MaxLevels:N0}.";
    }

    /// <summary>The block band around a previous close.</summary>
    public PriceBand BlockBand(long previousCloseFen) => PriceBand.Around(previousCloseFen, BlockBandPercent, TickFen, BandRounding);

    /// <summary>The market-local wall time of an instant.</summary>
    public DateTime LocalTime(DateTimeOffset instant) => instant.ToOffset(UtcOffset).DateTime;

    /// <summary>The market's date of an instant (its local calendar day).</summary>
    public DateOnly MarketDate(DateTimeOffset instant) => DateOnly.FromDateTime(LocalTime(instant));

    /// <summary>Whether listing trading is open at <paramref name="instant"/>.</summary>
    public bool ListingOpen(DateTimeOffset instant) => IsOpen(instant, ListingSessions);

    /// <summary>Whether block trading is open at <paramref name="instant"/>.</summary>
    public bool BlockOpen(DateTimeOffset instant) => IsOpen(instant, BlockSessions);

    private bool IsOpen(DateTimeOffset instant, IReadOnlyList<SessionWindow> sessions)
    {
        var local = LocalTime(instant);
        if (!Calendar.IsTradingDay(DateOnly.FromDateTime(local)))
            return false;
        var t = TimeOnly.FromDateTime(local);
        for (var i = 0; i < sessions.Count; i++)  // not foreach: over an IReadOnlyList it boxes the enumerator on every order
        {
            if (sessions[i].Contains(t))
                return true;
        }
        return false;
    }

    /// <summary>The fee one side pays on a trade value, rounded half up to the fen.</summary>
    public static long Fee(long valueFen, int basisPoints) => (valueFen * basisPoints + 5_000) / 10_000;
}
