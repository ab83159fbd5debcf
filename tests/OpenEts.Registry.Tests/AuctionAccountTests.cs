// The market's auction account: the regulator issues into it and cash is booked into it, but what it holds leaves
// only through the exchange, which runs the registry's commands as steps of its own (auction settlement,
// exchange.fund_reserve, exchange.pay_proceeds, exchange.cancel_unsold) on behalf of the exchange operator. Every other way out is refused not_authorized,
// with a sentence that says how it must be done, and moves nothing.
using OpenEts.Core;
using OpenEts.Registry;

namespace OpenEts.Registry.Tests;

public sealed class AuctionAccountTests
{
    private const string Auction = "cn-AUCTION";
    private const string Reserve = "cn-RESERVE";
    private const long ProceedsFen = 4_000_000_00;
    private readonly MarketFixture _m = new(new ExchangeStandIn());

    public AuctionAccountTests()
    {
        _m.Must("regulator", new Issue("CEA21", Auction, 50_000));
        _m.Must("registry", new DepositCash(Auction, ProceedsFen));
    }

    [Fact]
    public void The_regulator_issues_into_the_auction_account_but_cannot_transfer_its_cash_or_units_out()
    {
        Assert.Equal(1_050_000, _m.Registry.Classes["CEA21"].Issued);
        var refusal = _m.Submit("regulator", new Transfer(Auction, Reserve, "CNY", 1_000_000_00)).Rejection!;
        Assert.Equal("not_authorized", refusal.Code);
        Assert.Contains("leave only through the exchange's auction settlement, exchange.fund_reserve, exchange.pay_proceeds, exchange.cancel_unsold or exchange.return_unsold", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("not_authorized", _m.Rejects("regulator", new Transfer(Auction, Reserve, "CNY", 1_000_000_00)));
        Assert.Equal("not_authorized", _m.Rejects("regulator", new Transfer(Auction, "E1", "CEA21", 10_000)));
        // A refusal tells nothing of the balance and moves nothing.
        Assert.Equal("not_authorized", _m.Rejects("regulator", new Transfer(Auction, Reserve, "CNY", ProceedsFen + 1)));
        AssertUntouched();
    }

    [Fact]
    public void A_linked_transfer_with_a_leg_out_of_the_auction_account_is_refused_whole()
    {
        // The first leg alone would pass (the regulator moves units out of the issuance account).
        _m.Must("regulator", new Transfer("cn-ISSUANCE", "I1", "CEA21", 1));
        var legs = new LinkedTransfer([new TransferLeg("cn-ISSUANCE", "E1", "CEA21", 1_000), new TransferLeg(Auction, Reserve, "CNY", 1_000_000_00)]);
        Assert.Equal("not_authorized", _m.Rejects("regulator", legs));
        Assert.Equal("not_authorized", _m.Rejects("registry", legs));
        Assert.Equal((600_000L, 99_999L), (_m.Held("E1", "CEA21"), _m.Held("cn-ISSUANCE", "CEA21")));
        AssertUntouched();
    }

    [Fact]
    public void No_one_locks_what_the_auction_account_holds_by_a_registry_command_of_its_own()
    {
        Assert.Equal("not_authorized", _m.Rejects("regulator", new Lock("f-1", Auction, "CNY", 1_000_00, LockReason.Freeze)));
        Assert.Equal("not_authorized", _m.Rejects("registry", new Lock("e-1", Auction, "CEA21", 1_000, LockReason.Escrow)));
        Assert.Equal("not_authorized", _m.Rejects("exchange", new Lock("o-1", Auction, "CEA21", 1_000, LockReason.Order)));
        Assert.Empty(_m.Registry.Locks);
        AssertUntouched();
    }

    [Fact]
    public void The_registry_operator_and_the_exchange_operator_cannot_move_it_out_by_a_registry_command_either()
    {
        Assert.Equal("not_authorized", _m.Rejects("registry", new Transfer(Auction, "E1", "CNY", 1_00)));
        Assert.Equal("not_authorized", _m.Rejects("registry", new WithdrawCash(Auction, 1_00)));
        Assert.Equal("not_authorized", _m.Rejects("registry", new Surrender(Auction, "CEA21", 1, 2021)));
        Assert.Equal("not_authorized", _m.Rejects("registry", new Retire(Auction, "CEA21", 1, "b", "p")));
        Assert.Equal("not_authorized", _m.Rejects("registry", new Cancel(Auction, "CEA21", 1, "unsold")));
        Assert.Equal("not_authorized", _m.Rejects("regulator", new Cancel(Auction, "CEA21", 1, "unsold")));
        Assert.Equal("not_authorized", _m.Rejects("exchange", new Transfer(Auction, Reserve, "CNY", 1_00)));
        // The regulator still cancels out of the issuance and reserve accounts.
        _m.Must("regulator", new Cancel("cn-ISSUANCE", "CEA21", 1, "over-issued"));
        AssertUntouched();
    }

    [Fact]
    public void The_exchange_moves_and_locks_it_as_a_step_of_its_own_command_and_no_one_else_does_that_way()
    {
        // A funding of the reserve: a plain transfer of cash, run inside the exchange's command.
        _m.Must("regulator", new AsStep("exchange", new Transfer(Auction, Reserve, "CNY", 1_000_000_00)));
        // A sale: the units locked for the auction, then settled from the lock.
        _m.Must("regulator", new AsStep("exchange", new Lock("auc:a1", Auction, "CEA21", 20_000, LockReason.Order)));
        _m.Must("exchange", new AsStep("exchange", new Transfer(Auction, "E2", "CEA21", 15_000, "auc:a1")));
        _m.Must("exchange", new AsStep("exchange", new Unlock("auc:a1")));
        Assert.Equal((35_000L, 0L, 315_000L), (_m.Held(Auction, "CEA21"), _m.Registry.HoldingOf(Auction, "CEA21")!.Locked, _m.Held("E2", "CEA21")));
        Assert.Equal((3_000_000_00L, 1_000_000_00L), (_m.Held(Auction, "CNY"), _m.Held(Reserve, "CNY")));
        // A step run on behalf of the regulator or the registry operator is theirs, and refused.
        Assert.Equal("not_authorized", _m.Rejects("exchange", new AsStep("regulator", new Transfer(Auction, Reserve, "CNY", 1_00))));
        Assert.Equal("not_authorized", _m.Rejects("exchange", new AsStep("registry", new Lock("x", Auction, "CNY", 1_00, LockReason.Order))));
        Assert.Empty(RegistryInvariants.Violations(_m.Registry));
    }

    [Fact]
    public void The_exchange_pays_to_a_treasury_account_and_cancels_as_a_step_but_never_surrenders_or_retires_from_the_account()
    {
        _m.Must("regulator", new OpenAccount("cn-TREASURY", "cn", "finance", AccountKind.Treasury));
        // Proceeds to the treasury and unsold units into the cancellation account: steps of the exchange's own commands.
        _m.Must("regulator", new AsStep("exchange", new Transfer(Auction, "cn-TREASURY", "CNY", 1_000_000_00)));
        _m.Must("regulator", new AsStep("exchange", new Cancel(Auction, "CEA21", 10_000, "unsold")));
        Assert.Equal((40_000L, 3_000_000_00L, 1_000_000_00L, 10_000L),
            (_m.Held(Auction, "CEA21"), _m.Held(Auction, "CNY"), _m.Held("cn-TREASURY", "CNY"), _m.Held("cn-CANCELLATION", "CEA21")));
        // Still refused: a surrender or retirement out of it even as the exchange's step, the same moves by anyone directly,
        // and the step run on behalf of the regulator.
        Assert.Equal("not_authorized", _m.Rejects("regulator", new AsStep("exchange", new Surrender(Auction, "CEA21", 1, 2021))));
        Assert.Equal("not_authorized", _m.Rejects("regulator", new AsStep("exchange", new Retire(Auction, "CEA21", 1, "b", "p"))));
        Assert.Equal("not_authorized", _m.Rejects("exchange", new Cancel(Auction, "CEA21", 1, "unsold")));
        Assert.Equal("not_authorized", _m.Rejects("regulator", new Transfer(Auction, "cn-TREASURY", "CNY", 1_00)));
        Assert.Equal("not_authorized", _m.Rejects("registry", new Transfer(Auction, "cn-TREASURY", "CNY", 1_00)));
        Assert.Equal("not_authorized", _m.Rejects("exchange", new AsStep("regulator", new Cancel(Auction, "CEA21", 1, "unsold"))));
        // The treasury's holder moves nothing out of it; only the registry operator pays it out.
        Assert.Equal("not_authorized", _m.Rejects("finance", new Transfer("cn-TREASURY", "E1", "CNY", 1_00)));
        Assert.Equal("not_authorized", _m.Rejects("finance", new WithdrawCash("cn-TREASURY", 1_00)));
        _m.Must("registry", new WithdrawCash("cn-TREASURY", 1_000_000_00));
        Assert.Equal("not_a_holder_kind", _m.Rejects("registry", new CloseAccount("cn-TREASURY")));
        Assert.Equal((40_000L, 3_000_000_00L), (_m.Held(Auction, "CEA21"), _m.Held(Auction, "CNY")));
        Assert.Empty(RegistryInvariants.Violations(_m.Registry));
    }

    [Fact]
    public void Cash_and_units_still_go_into_the_auction_account()
    {
        _m.Must("regulator", new Transfer("cn-ISSUANCE", Auction, "CEA21", 1_000));
        _m.Must("registry", new DepositCash(Auction, 1_00));
        _m.Must("registry", new Transfer("I1", Auction, "CNY", 1_00));
        // A holder's own transfer goes to holders' accounts only.
        Assert.Equal("not_authorized", _m.Rejects("inv-1", new Transfer("I1", Auction, "CNY", 1_00)));
        Assert.Equal((51_000L, ProceedsFen + 2_00), (_m.Held(Auction, "CEA21"), _m.Held(Auction, "CNY")));
    }

    private void AssertUntouched()
    {
        Assert.Equal((50_000L, ProceedsFen, 0L), (_m.Held(Auction, "CEA21"), _m.Held(Auction, "CNY"), _m.Held(Reserve, "CNY")));
        Assert.Empty(RegistryInvariants.Violations(_m.Registry));
    }

    /// <summary>Runs <see cref="Step"/> as a step of its own command on behalf of <see cref="Actor"/>, as the exchange runs the registry's.</summary>
    private sealed record AsStep(string Actor, Command Step) : Command;

    /// <summary>A module composing the registry's commands the way the exchange does (<c>ctx.OnBehalfOf(...).Run(...)</c>).</summary>
    private sealed class ExchangeStandIn : IModule
    {
        public void Register(ModuleBuilder builder) =>
            builder.Command<AsStep>("test.as_step", (ctx, c) => ctx.OnBehalfOf(c.Actor).Run(c.Step));
    }
}
