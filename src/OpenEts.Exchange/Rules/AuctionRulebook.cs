// The rules of one-way bidding (auctions), read from a rulebook JSON file whose values carry their sources.
using System.Text.Json;

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
        };
        if (rules.ReserveBuyBack && V(root, "reserve_funding").GetString() != FundingFromAuctionAccount)
            throw new FormatException($"A reserve buy-back is funded '{FundingFromAuctionAccount}'; no other funding is implemented.");
        foreach (var key in new[] { "clearing", "bids_below_reserve", "window_on_one_trading_day", "sealed_bids" })
            V(root, key);
        if (rules.BidLotT <= 0 || rules.MinBidLots <= 0 || rules.MaxPerMemberPercent is <= 0 or > 100)
            throw new FormatException("An auction rulebook needs a positive lot, a positive minimum bid and a per-member limit of 1–100%.");
        return rules;
    }
}
