// Block agreement trades: afternoon only, at least 100,000 t, within ±30% of the previous close, named counterparty.
using OpenEts.Exchange;

namespace OpenEts.Exchange.Tests;

public sealed class BlockTradeTests
{
    private const string Cea = "CEA21";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Afternoon = new(2021, 7, 19, 13, 30, 0, Beijing);

    private static (BlockTradeDesk Desk, InMemoryAccountBook Accounts, TradeLedger Ledger) NewDesk()
    {
        var accounts = new InMemoryAccountBook();
        accounts.DepositUnits("power-co", Cea, 1_000_000);
        accounts.DepositCash("steel-co", 100_000_000_00);
        var ledger = new TradeLedger(TradingRulebook.National, accounts, new DateOnly(2021, 7, 19));
        return (new BlockTradeDesk(ledger, Cea, 5123), accounts, ledger);
    }

    [Fact]
    public void Block_trades_are_refused_in_the_morning_session()
    {
        var (desk, _, _) = NewDesk();
        var morning = new DateTimeOffset(2021, 7, 19, 10, 0, 0, Beijing);
        Assert.Equal("market_closed", desk.Propose(morning, "p1", "power-co", "steel-co", Side.Sell, 5123, 160_000)?.Code);
    }

    [Fact]
    public void A_block_trade_is_at_least_100_000_t()
    {
        var (desk, _, _) = NewDesk();
        Assert.Equal("quantity_out_of_range", desk.Propose(Afternoon, "p1", "power-co", "steel-co", Side.Sell, 5123, 99_999)?.Code);
        Assert.Null(desk.Propose(Afternoon, "p2", "power-co", "steel-co", Side.Sell, 5123, 100_000));
    }

    [Fact]
    public void Block_band_from_51_23_admits_66_59_and_35_87_but_not_a_fen_beyond()
    {
        var (desk, _, _) = NewDesk();
        Assert.Equal("price_outside_band", desk.Propose(Afternoon, "p1", "power-co", "steel-co", Side.Sell, 6660, 100_000)?.Code);
        Assert.Equal("price_outside_band", desk.Propose(Afternoon, "p2", "power-co", "steel-co", Side.Sell, 3586, 100_000)?.Code);
        Assert.Null(desk.Propose(Afternoon, "p3", "power-co", "steel-co", Side.Sell, 6659, 100_000));
        Assert.Null(desk.Propose(Afternoon, "p4", "power-co", "steel-co", Side.Sell, 3587, 100_000));
    }

    [Fact]
    public void Only_the_named_counterparty_accepts_and_the_trade_settles_both_legs()
    {
        var (desk, accounts, ledger) = NewDesk();
        // The first day's first trade: 160,000 t at 52.78.
        Assert.Null(desk.Propose(Afternoon, "p1", "power-co", "steel-co", Side.Sell, 5278, 160_000));
        Assert.Equal(160_000, accounts.LockedUnits("power-co", Cea));
        Assert.Equal("not_yours", desk.Accept(Afternoon, "p1", "someone-else").Rejection?.Code);
        var (trade, rejection) = desk.Accept(Afternoon.AddMinutes(5), "p1", "steel-co");
        Assert.Null(rejection);
        Assert.Equal(TradeKind.Block, trade!.Kind);
        Assert.Equal(8_444_800_00, trade.ValueFen);
        Assert.Equal(160_000, accounts.AvailableUnits("steel-co", Cea));
        Assert.Equal(8_444_800_00, accounts.AvailableCashFen("power-co"));
        Assert.Equal(100_000_000_00 - 8_444_800_00, accounts.AvailableCashFen("steel-co"));
        Assert.Equal(0, accounts.LockedUnits("power-co", Cea));
        Assert.Equal(0, accounts.LockedCashFen("steel-co"));
        Assert.Single(ledger.Trades);
        Assert.Equal("unknown_id", desk.Accept(Afternoon, "p1", "steel-co").Rejection?.Code);
    }

    [Fact]
    public void A_counterparty_without_the_cash_cannot_accept()
    {
        var (desk, accounts, _) = NewDesk();
        accounts.DepositCash("small-co", 1_000_00);
        Assert.Null(desk.Propose(Afternoon, "p1", "power-co", "small-co", Side.Sell, 5123, 100_000));
        Assert.Equal("insufficient_cash", desk.Accept(Afternoon, "p1", "small-co").Rejection?.Code);
        Assert.Single(desk.Pending);
    }

    [Fact]
    public void Declining_or_lapsing_at_the_close_releases_the_proposers_lock()
    {
        var (desk, accounts, _) = NewDesk();
        desk.Propose(Afternoon, "p1", "power-co", "steel-co", Side.Sell, 5123, 200_000);
        desk.Propose(Afternoon, "p2", "steel-co", "power-co", Side.Buy, 5000, 100_000);
        Assert.Equal(5_000_000_00, accounts.LockedCashFen("steel-co"));
        Assert.Null(desk.Decline(Afternoon, "p1", "steel-co"));
        Assert.Equal(0, accounts.LockedUnits("power-co", Cea));
        Assert.Equal(1, desk.CloseDay());
        Assert.Equal(0, accounts.LockedCashFen("steel-co"));
        Assert.Equal(100_000_000_00, accounts.AvailableCashFen("steel-co"));
    }

    [Fact]
    public void A_member_cannot_trade_a_block_with_itself()
    {
        var (desk, _, _) = NewDesk();
        Assert.Equal("same_account", desk.Propose(Afternoon, "p1", "power-co", "power-co", Side.Sell, 5123, 100_000)?.Code);
    }
}
