// The rules of one-way bidding (auctions), read from a rulebook JSON file whose values carry their sources.
using System.Text.Json;
using OpenEts.Registry;

namespace OpenEts.Exchange;

/// <summary>Lot, bid limits and fees of the market's one-way bidding.</summary>
public sealed record AuctionRulebook
{
    /// <summary>Bids are whole numbers of this many tonnes, and so is the quantity offered.</summary>
    public required long BidLotT { get; init; }

    /// <summary>Smallest bid, in lots.</summary>
    public required long MinBidLots { get; init; }

    /// <summary>Most one member may bid for, percent of the quantity offered.</summary>
    public required int MaxPerMemberPercent { get; init; }

    /// <summary>Buyer's fee, basis points of the allocation's value.</summary>
    public required int BuyerFeeBasisPoints { get; init; }

    /// <summary>Seller's fee, basis points of the allocation's value.</summary>
    public required int SellerFeeBasisPoints { get; init; }

    /// <summary>True when the regulator may buy allowances back into the market's reserve account by a single buyer's auction, funded from auction proceeds.</summary>
    public required bool ReserveBuyBack { get; init; }

    /// <summary>The account auction proceeds are paid to, with <c>{market}</c> standing for the market's id ("{market}-TREASURY").</summary>
    public required string ProceedsAccountPattern { get; init; }

    /// <summary>Who may order proceeds paid from the auction account to the treasury account.</summary>
    public required IReadOnlySet<Role> ProceedsOrderedBy { get; init; }

    /// <summary>Who may order an auction's unsold units cancelled or returned to the reserve.</summary>
    public required IReadOnlySet<Role> UnsoldOrderedBy { get; init; }

    /// <summary>What may become of an auction's unsold units, besides being offered again: <see cref="UnsoldCancelled"/>, <see cref="UnsoldToReserve"/>.</summary>
    public required IReadOnlySet<string> UnsoldDisposals { get; init; }

    /// <summary>A disposal of unsold units: cancellation in the registry (exchange.cancel_unsold).</summary>
    public const string UnsoldCancelled = "cancelled";

    /// <summary>A disposal of unsold units: a transfer into the market's reserve account (exchange.return_unsold).</summary>
    public const string UnsoldToReserve = "reserve";

    /// <summary>The treasury account of <paramref name="marketId"/> that proceeds are paid to by default.</summary>
    public string ProceedsAccount(string marketId) => ProceedsAccountPattern.Replace("{market}", marketId, StringComparison.Ordinal);

    /// <summary>The only funding of the reserve's cash this code knows: the regulator moves proceeds from the market's auction account.</summary>
    public const string FundingFromAuctionAccount = "regulator_from_auction_account";

    /// <summary>The national market's auction rules (cn-national-auctions.json).</summary>
    public static AuctionRulebook National => s_national.Value;

    private static readonly Lazy<AuctionRulebook> s_national = new(() => Load("cn-national-auctions"));

    /// <summary>The most one member may bid for in an auction of <paramref name="offeredT"/>: the percentage, down to whole lots, at least one lot.</summary>
    public long MaxPerMemberT(long offeredT) => Math.Max(BidLotT, checked(offeredT * MaxPerMemberPercent / 100) / BidLotT * BidLotT);

    /// <summary>The trading rules with the auction's fees in place of the listing fees (an auction's trades settle under them).</summary>
    public TradingRulebook Apply(TradingRulebook trading) =>
        trading with { BuyerFeeBasisPoints = BuyerFeeBasisPoints, SellerFeeBasisPoints = SellerFeeBasisPoints };

    /// <summary>Loads an embedded auction rulebook by name ("cn-national-auctions").</summary>
    public static AuctionRulebook Load(string name)
    {
        using var stream = typeof(AuctionRulebook).Assembly.GetManifestResourceStream(name + ".json")
            ?? throw new ArgumentException($"No rulebook named {name}.json is embedded.", nameof(name));
        using var doc = JsonDocument.Parse(stream);
        return Parse(doc.RootElement);
    }

    /// <summary>Reads an auction rulebook from its JSON form (each value an object with "value" and "source").</summary>
    public static AuctionRulebook Parse(JsonElement root)
    {
        static JsonElement V(JsonElement e, params string[] path) => TradingRulebook.SourcedValue(e, path);
        var rules = new AuctionRulebook
        {
            BidLotT = V(root, "bid_lot_t").GetInt64(),
            MinBidLots = V(root, "min_bid_lots").GetInt64(),
            MaxPerMemberPercent = V(root, "max_per_member_percent_of_offered").GetInt32(),
            BuyerFeeBasisPoints = V(root, "fees", "buyer_basis_points").GetInt32(),
            SellerFeeBasisPoints = V(root, "fees", "seller_basis_points").GetInt32(),
            ReserveBuyBack = V(root, "reserve_buy_back").GetBoolean(),
            ProceedsAccountPattern = V(root, "proceeds", "paid_to_account").GetString() ?? "",
            ProceedsOrderedBy = Roles(V(root, "proceeds", "ordered_by"), "proceeds.ordered_by"),
            UnsoldOrderedBy = Roles(V(root, "unsold_units", "ordered_by"), "unsold_units.ordered_by"),
            UnsoldDisposals = Disposals(V(root, "unsold_units", "disposal")),
        };
        if (!rules.ProceedsAccountPattern.Contains("{market}", StringComparison.Ordinal) || rules.ProceedsAccountPattern.Length > 40)
            throw new FormatException("proceeds.paid_to_account names the treasury account with {market} for the market's id, in at most 40 characters.");
        if (rules.ReserveBuyBack && V(root, "reserve_funding").GetString() != FundingFromAuctionAccount)
            throw new FormatException($"A reserve buy-back is funded '{FundingFromAuctionAccount}'; no other funding is implemented.");
        foreach (var key in new[] { "clearing", "bids_below_reserve", "window_on_one_trading_day", "sealed_bids" })
            V(root, key);
        if (rules.BidLotT <= 0 || rules.MinBidLots <= 0 || rules.MaxPerMemberPercent is <= 0 or > 100)
            throw new FormatException("An auction rulebook needs a positive lot, a positive minimum bid and a per-member limit of 1–100%.");
        return rules;
    }

    /// <summary>unsold_units.disposal: one disposal or a list of them, each "cancelled" or "reserve".</summary>
    private static HashSet<string> Disposals(JsonElement value)
    {
        static string? Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText();
        var disposals = (value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(Text) : [Text(value)])
            .Select(d => d is UnsoldCancelled or UnsoldToReserve
                ? d
                : throw new FormatException($"unsold_units.disposal: '{d}' is not a disposal; use '{UnsoldCancelled}' or '{UnsoldToReserve}'."))
            .ToHashSet(StringComparer.Ordinal);
        return disposals.Count > 0 ? disposals : throw new FormatException("unsold_units.disposal names at least one disposal.");
    }

    private static HashSet<Role> Roles(JsonElement value, string key)
    {
        var roles = value.EnumerateArray().Select(r => r.GetString() switch
        {
            "regulator" => Role.Regulator,
            "exchange_operator" => Role.ExchangeOperator,
            var other => throw new FormatException($"{key}: '{other}' is not a role that may order it (regulator or exchange_operator)."),
        }).ToHashSet();
        return roles.Count > 0 ? roles : throw new FormatException($"{key} names at least one role.");
    }
}
