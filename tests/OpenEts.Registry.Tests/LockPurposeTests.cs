// What a lock holds moves only for the purpose it was placed for, and only its registering party undoes it: frozen
// units not at all, an order's units by the exchange, a pledge by the registry operator. The reserve's cash is not
// the regulator's to move alone, and an account takes only the kind of unit it is for.
using OpenEts.Registry;

namespace OpenEts.Registry.Tests;

public sealed class LockPurposeTests
{
    private readonly MarketFixture _m = new();

    [Fact]
    public void Frozen_units_move_for_no_one_until_the_regulator_releases_the_freeze()
    {
        _m.Must("regulator", new Lock("court-1", "E1", "CEA21", 3_000, LockReason.Freeze));
        Assert.Equal("units_frozen", _m.Rejects("exchange", new Transfer("E1", "I1", "CEA21", 3_000, "court-1")));
        Assert.Equal("units_frozen", _m.Rejects("registry", new Transfer("E1", "I1", "CEA21", 1, "court-1")));
        Assert.Equal("units_frozen", _m.Rejects("exchange", new LinkedTransfer([new TransferLeg("E1", "I1", "CEA21", 10, "court-1"), new TransferLeg("I1", "E1", "CNY", 10)])));
        // The rest of the holding still moves; the frozen 3,000 t do not.
        _m.Must("ent-1", new Transfer("E1", "I1", "CEA21", 597_000));
        Assert.Equal("insufficient_units", _m.Rejects("ent-1", new Transfer("E1", "I1", "CEA21", 1)));
        Assert.Equal("not_authorized", _m.Rejects("registry", new Unlock("court-1")));
        _m.Must("regulator", new Unlock("court-1"));
        _m.Must("ent-1", new Transfer("E1", "I1", "CEA21", 3_000));
        Assert.Equal(0, _m.Held("E1", "CEA21"));
        Assert.Empty(RegistryInvariants.Violations(_m.Registry));
    }

    [Fact]
    public void A_pledge_is_placed_released_and_enforced_by_the_registry_operator_only()
    {
        Assert.Equal("not_authorized", _m.Rejects("ent-1", new Lock("p-own", "E1", "CEA21", 5, LockReason.Pledge)));
        _m.Must("registry", new Lock("pledge-1", "E1", "CEA21", 2_000, LockReason.Pledge));
        Assert.Equal("not_authorized", _m.Rejects("ent-1", new Unlock("pledge-1")));
        Assert.Equal("not_authorized", _m.Rejects("exchange", new Unlock("pledge-1")));
        Assert.Equal("not_authorized", _m.Rejects("exchange", new Transfer("E1", "I1", "CEA21", 2_000, "pledge-1")));
        Assert.Equal(2_000, _m.Registry.HoldingOf("E1", "CEA21")!.Locked);
        // Enforcing the pledge: the registry operator delivers the pledged units to the creditor.
        _m.Must("registry", new Transfer("E1", "I1", "CEA21", 2_000, "pledge-1"));
        Assert.Equal(2_000, _m.Held("I1", "CEA21"));
        Assert.Empty(_m.Registry.Locks);
    }

    [Fact]
    public void A_holder_escrows_and_releases_its_own_units_but_the_exchange_spends_only_order_locks()
    {
        _m.Must("ent-1", new Lock("esc-1", "E1", "CEA21", 100, LockReason.Escrow));
        Assert.Equal("not_authorized", _m.Rejects("ent-2", new Unlock("esc-1")));
        Assert.Equal("not_authorized", _m.Rejects("exchange", new Transfer("E1", "I1", "CEA21", 100, "esc-1")));
        _m.Must("ent-1", new Unlock("esc-1"));
        _m.Must("exchange", new Lock("ord-1", "E1", "CEA21", 100, LockReason.Order));
        _m.Must("exchange", new Transfer("E1", "I1", "CEA21", 100, "ord-1"));
        Assert.Equal(100, _m.Held("I1", "CEA21"));
    }

    [Fact]
    public void The_regulator_moves_units_out_of_the_reserve_but_not_its_cash()
    {
        _m.Must("regulator", new Issue("CEA21", "cn-RESERVE", 5_000));
        _m.Must("registry", new Transfer("I1", "cn-RESERVE", "CNY", 1_000_000));
        _m.Must("registry", new OpenAccount("REGACC", "cn", "regulator", AccountKind.Investor));
        var before = _m.Held("cn-RESERVE", "CNY");
        Assert.Equal("not_authorized", _m.Rejects("regulator", new Transfer("cn-RESERVE", "REGACC", "CNY", 500)));
        Assert.Equal("not_authorized", _m.Rejects("regulator", new LinkedTransfer([new TransferLeg("cn-RESERVE", "E1", "CEA21", 1), new TransferLeg("cn-RESERVE", "I1", "CNY", 1)])));
        Assert.Equal(before, _m.Held("cn-RESERVE", "CNY"));
        _m.Must("regulator", new Transfer("cn-RESERVE", "E1", "CEA21", 5_000));
        Assert.Equal(605_000, _m.Held("E1", "CEA21"));
    }

    [Fact]
    public void Cash_never_enters_the_issuance_account_nor_units_a_treasury_account()
    {
        _m.Must("regulator", new OpenAccount("cn-TREASURY", "cn", "finance", AccountKind.Treasury));
        Assert.Equal("wrong_unit_type", _m.Rejects("registry", new Transfer("I1", "cn-ISSUANCE", "CNY", 1)));
        Assert.Equal("wrong_unit_type", _m.Rejects("ent-1", new Transfer("E1", "cn-TREASURY", "CEA21", 1)));
        Assert.Equal("wrong_unit_type", _m.Rejects("inv-1", new Transfer("I1", "cn-TREASURY", "CCER-P1-2024", 1)));
        _m.Must("inv-1", new Transfer("I1", "cn-TREASURY", "CNY", 1));
        _m.Must("regulator", new Transfer("cn-ISSUANCE", "cn-RESERVE", "CEA21", 1));
    }

    [Fact]
    public void A_holder_sends_units_only_to_holders_and_buffer_credits_leave_the_reserve_only_by_cancellation()
    {
        foreach (var target in new[] { "cn-ISSUANCE", "cn-RESERVE", "cn-AUCTION" })
        {
            Assert.Equal("not_authorized", _m.Rejects("inv-1", new Transfer("I1", target, "CCER-P1-2024", 1)));
            Assert.Equal("not_authorized", _m.Rejects("ent-1", new Transfer("E1", target, "CEA21", 1)));
        }
        Assert.Equal("not_authorized", _m.Rejects("inv-1", new LinkedTransfer([new TransferLeg("I1", "E1", "CNY", 1), new TransferLeg("I1", "cn-RESERVE", "CCER-P1-2024", 1)])));
        _m.Must("inv-1", new Transfer("I1", "E1", "CCER-P1-2024", 1));
        // A buffer of credits in the reserve: no one transfers it out, not the regulator, not the registry operator.
        _m.Must("registry", new Transfer("I1", "cn-RESERVE", "CCER-P1-2024", 300));
        Assert.Equal("not_authorized", _m.Rejects("regulator", new Transfer("cn-RESERVE", "I1", "CCER-P1-2024", 300)));
        Assert.Equal("not_authorized", _m.Rejects("registry", new Transfer("cn-RESERVE", "I1", "CCER-P1-2024", 1)));
        _m.Must("regulator", new Cancel("cn-RESERVE", "CCER-P1-2024", 300, "Buffer credits cancelled for a reversal"));
        Assert.Equal(0, _m.Held("cn-RESERVE", "CCER-P1-2024"));
    }

    [Fact]
    public void A_retirement_names_serials_only_of_a_serialized_class_and_within_range()
    {
        Assert.Equal("wrong_unit_type", _m.Rejects("ent-1", new Retire("E1", "CEA21", 5, "Acme", "Claim", long.MaxValue)));
        Assert.Equal("serial_not_held", _m.Rejects("inv-1", new Retire("I1", "CCER-P1-2024", 5, "Acme", "Claim", long.MaxValue)));
        Assert.Equal("serial_not_held", _m.Rejects("inv-1", new Retire("I1", "CCER-P1-2024", 5, "Acme", "Claim", 0)));
        _m.Must("inv-1", new Retire("I1", "CCER-P1-2024", 5, "Acme", "Claim", 1));
    }
}
