// Where an auction stands at a moment, and the words for its initiator's side, for the hosts that show auctions
// (the CLI and the web pages). A seller's auction has a floor; a single buyer's auction would have a cap.
namespace OpenEts.Exchange;

/// <summary>Where an auction stands.</summary>
public enum AuctionPhase
{
    /// <summary>Announced; its bidding window has not opened yet.</summary>
    Announced,

    /// <summary>Its window is open: bids are taken and may be withdrawn.</summary>
    Open,

    /// <summary>Its window has closed; the exchange operator has not cleared it yet.</summary>
    Closed,

    /// <summary>Cleared: the price and the allocations are settled and public.</summary>
    Cleared,
}

/// <summary>Reading an auction for people.</summary>
public static class AuctionPhases
{
    /// <summary>The phase of <paramref name="view"/> at <paramref name="now"/>.</summary>
    public static AuctionPhase At(AuctionView view, DateTimeOffset now) =>
        view.Cleared ? AuctionPhase.Cleared
        : now < view.OpensAt ? AuctionPhase.Announced
        : now < view.ClosesAt ? AuctionPhase.Open
        : AuctionPhase.Closed;

    /// <summary>The initiator's limit price: the floor of a seller's auction, the cap of a buyer's.</summary>
    public static string LimitName(Side initiatorSide) => initiatorSide == Side.Sell ? "floor" : "cap";

    /// <summary>The initiator: the seller of a seller's auction, the buyer of a buyer's.</summary>
    public static string InitiatorName(Side initiatorSide) => initiatorSide == Side.Sell ? "seller" : "buyer";

    /// <summary>The phase in words.</summary>
    public static string Name(AuctionPhase phase) => phase switch
    {
        AuctionPhase.Announced => "announced",
        AuctionPhase.Open => "open",
        AuctionPhase.Closed => "closed, to clear",
        _ => "cleared",
    };
}
