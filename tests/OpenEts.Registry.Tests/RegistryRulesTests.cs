// Each registry check: the command that should pass does, and each breach gets its code and changes nothing.
using OpenEts.Registry;

namespace OpenEts.Registry.Tests;

public sealed class RegistryRulesTests
{
    private readonly MarketFixture _m = new();

    [Fact]
    public void Transfer_moves_units_and_conserves_the_class()
    {
        _m.Must("ent-1", new Transfer("E1", "I1", "CEA21", 1_234));
        Assert.Equal(598_766, _m.Held("E1", "CEA21"));
        Assert.Equal(1_234, _m.Held("I1", "CEA21"));
        Assert.Empty(RegistryInvariants.Violations(_m.Registry));
    }

    [Theory]
    [InlineData(0, "quantity_not_positive")]
    [InlineData(-5, "quantity_not_positive")]
    [InlineData(600_001, "insufficient_units")]
    [InlineData(1_000_000_000_000_001, "quantity_too_large")]
    [InlineData(long.MaxValue, "quantity_too_large")]
    public void Transfer_quantity_checks(long quantity, string code) =>
        Assert.Equal(code, _m.Rejects("ent-1", new Transfer("E1", "I1", "CEA21", quantity)));

    [Fact]
    public void Transfer_checks_accounts_classes_and_actor()
    {
        Assert.Equal("unknown_account", _m.Rejects("ent-1", new Transfer("E1", "NOPE", "CEA21", 1)));
        Assert.Equal("unknown_account", _m.Rejects("ent-1", new Transfer("NOPE", "E1", "CEA21", 1)));
        Assert.Equal("unknown_unit_class", _m.Rejects("ent-1", new Transfer("E1", "I1", "CEA99", 1)));
        Assert.Equal("same_account", _m.Rejects("ent-1", new Transfer("E1", "E1", "CEA21", 1)));
        Assert.Equal("not_authorized", _m.Rejects("ent-2", new Transfer("E1", "I1", "CEA21", 1)));
        Assert.Equal("final_account_by_transfer", _m.Rejects("ent-1", new Transfer("E1", "cn-SURRENDER", "CEA21", 1)));
        Assert.Equal("insufficient_cash", _m.Rejects("inv-1", new Transfer("I1", "E1", "CNY", 100_000_001)));
    }

    [Fact]
    public void A_refusal_states_a_balance_only_to_its_holder_and_the_regulator()
    {
        // Someone else asking for more than the account holds learns only that it may not move it.
        Assert.Equal("not_authorized", _m.Rejects("ent-2", new Transfer("E1", "I1", "CEA21", 600_001)));
        Assert.Equal("not_authorized", _m.Rejects("ent-2", new Surrender("E1", "CEA21", 600_001, 2021)));
        Assert.Equal("not_authorized", _m.Rejects("ent-2", new LinkedTransfer([new TransferLeg("I1", "E2", "CNY", 1), new TransferLeg("E1", "I1", "CEA21", 600_001)])));
        // The holder sees its available amount; an operator acting on the account does not; the regulator does.
        Assert.Contains("600,000 t", Message("ent-1", new Transfer("E1", "I1", "CEA21", 600_001)), StringComparison.Ordinal);
        var operatorSees = Message("registry", new Transfer("E1", "I1", "CEA21", 600_001));
        Assert.DoesNotContain("600,000", operatorSees, StringComparison.Ordinal);
        Assert.Contains("600,001 t", operatorSees, StringComparison.Ordinal);
        Assert.DoesNotContain("600,000", Message("registry", new Surrender("E1", "CEA21", 600_001, 2021)), StringComparison.Ordinal);
        Assert.DoesNotContain("600,000", Message("exchange", new Lock("o-9", "E1", "CEA21", 600_001, LockReason.Order)), StringComparison.Ordinal);
        Assert.Contains("600,000 t", Message("regulator", new Lock("f-9", "E1", "CEA21", 600_001, LockReason.Freeze)), StringComparison.Ordinal);
    }

    private string Message(string actor, OpenEts.Core.Command command)
    {
        Assert.Equal("insufficient_units", _m.Rejects(actor, command));
        return _m.Submit(actor, command).Rejection!.Message;
    }

    [Fact]
    public void Registry_operator_may_move_any_holders_units()
    {
        _m.Must("registry", new Transfer("E1", "E2", "CEA21", 10));
        Assert.Equal(300_010, _m.Held("E2", "CEA21"));
    }

    [Fact]
    public void Only_a_regulator_issues_and_only_into_issuance_reserve_or_auction()
    {
        Assert.Equal("not_authorized", _m.Rejects("registry", new Issue("CEA21", "cn-ISSUANCE", 1)));
        Assert.Equal("not_issuance_account", _m.Rejects("regulator", new Issue("CEA21", "E1", 1)));
        Assert.Equal("not_issuance_account", _m.Rejects("regulator", new Issue("CEA21", "cn-SURRENDER", 1)));
        Assert.Equal("wrong_unit_type", _m.Rejects("regulator", new Issue("CNY", "cn-ISSUANCE", 1)));
        _m.Must("regulator", new Issue("CEA21", "cn-RESERVE", 50_000));
        Assert.Equal(1_050_000, _m.Registry.Classes["CEA21"].Issued);
    }

    [Fact]
    public void Linked_transfer_is_all_or_nothing()
    {
        // Delivery versus payment: E2 pays 5,000,000 fen for 100,000 t; E1 does not have the units in the second leg.
        var tooMuch = new LinkedTransfer([new TransferLeg("I1", "E1", "CNY", 5_000_000), new TransferLeg("E1", "I1", "CEA21", 600_001)]);
        Assert.Equal("insufficient_units", _m.Rejects("registry", tooMuch));
        Assert.Equal(100_000_000, _m.Held("I1", "CNY"));

        var ok = new LinkedTransfer([new TransferLeg("I1", "E1", "CNY", 5_000_000), new TransferLeg("E1", "I1", "CEA21", 100_000)]);
        _m.Must("registry", ok);
        Assert.Equal(95_000_000, _m.Held("I1", "CNY"));
        Assert.Equal(5_000_000, _m.Held("E1", "CNY"));
        Assert.Equal(100_000, _m.Held("I1", "CEA21"));
    }

    [Fact]
    public void Linked_legs_cannot_spend_the_same_units_twice()
    {
        var twice = new LinkedTransfer([new TransferLeg("E2", "E1", "CEA21", 200_000), new TransferLeg("E2", "I1", "CEA21", 200_000)]);
        Assert.Equal("insufficient_units", _m.Rejects("registry", twice));
        Assert.Equal("empty_transfer", _m.Rejects("registry", new LinkedTransfer([])));
        var many = Enumerable.Range(0, 17).Select(_ => new TransferLeg("E2", "E1", "CEA21", 1)).ToList();
        Assert.Equal("too_many_legs", _m.Rejects("registry", new LinkedTransfer(many)));
    }

    [Fact]
    public void Locked_units_cannot_move_except_through_their_lock()
    {
        _m.Must("exchange", new Lock("ord-1", "E1", "CEA21", 599_990, LockReason.Order));
        Assert.Equal("insufficient_units", _m.Rejects("ent-1", new Transfer("E1", "I1", "CEA21", 11)));
        _m.Must("ent-1", new Transfer("E1", "I1", "CEA21", 10));
        Assert.Equal("not_authorized", _m.Rejects("ent-1", new Transfer("E1", "I1", "CEA21", 5, "ord-1")));
        Assert.Equal("lock_insufficient", _m.Rejects("exchange", new Transfer("E1", "I1", "CEA21", 599_991, "ord-1")));
        Assert.Equal("lock_mismatch", _m.Rejects("exchange", new Transfer("E2", "I1", "CEA21", 5, "ord-1")));
        _m.Must("exchange", new Transfer("E1", "I1", "CEA21", 90, "ord-1"));
        Assert.Equal(599_900, _m.Registry.Locks["ord-1"].Remaining);
        _m.Must("exchange", new Unlock("ord-1"));
        Assert.Empty(_m.Registry.Locks);
        Assert.Equal(0, _m.Registry.HoldingOf("E1", "CEA21")!.Locked);
        Assert.Empty(RegistryInvariants.Violations(_m.Registry));
    }

    [Fact]
    public void Lock_checks()
    {
        Assert.Equal("not_authorized", _m.Rejects("ent-1", new Lock("f1", "E1", "CEA21", 1, LockReason.Freeze)));
        Assert.Equal("not_authorized", _m.Rejects("ent-1", new Lock("o1", "E1", "CEA21", 1, LockReason.Order)));
        Assert.Equal("insufficient_units", _m.Rejects("exchange", new Lock("o1", "E1", "CEA21", 600_001, LockReason.Order)));
        _m.Must("ent-1", new Lock("p1", "E1", "CEA21", 5, LockReason.Escrow));
        Assert.Equal("lock_exists", _m.Rejects("exchange", new Lock("p1", "E1", "CEA21", 1, LockReason.Order)));
        Assert.Equal("unknown_lock", _m.Rejects("exchange", new Unlock("zz")));
        Assert.Equal("not_authorized", _m.Rejects("ent-2", new Unlock("p1")));
    }

    [Fact]
    public void Frozen_account_sends_nothing()
    {
        Assert.Equal("not_authorized", _m.Rejects("registry", new FreezeAccount("E1", "court order")));
        _m.Must("regulator", new FreezeAccount("E1", "court order 2024-17"));
        Assert.Equal("account_frozen", _m.Rejects("ent-1", new Transfer("E1", "I1", "CEA21", 1)));
        _m.Must("ent-2", new Transfer("E2", "E1", "CEA21", 1));
        _m.Must("regulator", new UnfreezeAccount("E1"));
        _m.Must("ent-1", new Transfer("E1", "I1", "CEA21", 1));
    }

    [Fact]
    public void Surrender_cancel_and_retire_are_final()
    {
        _m.Must("ent-1", new Surrender("E1", "CEA21", 500_000, 2021));
        Assert.Equal(500_000, _m.Held("cn-SURRENDER", "CEA21"));
        Assert.Single(_m.Registry.Surrenders);
        Assert.Equal("final_account", _m.Rejects("registry", new Transfer("cn-SURRENDER", "E1", "CEA21", 1)));
        _m.Must("ent-1", new Cancel("E1", "CEA21", 100, "voluntary cancellation"));
        Assert.Equal(100, _m.Held("cn-CANCELLATION", "CEA21"));
        Assert.Equal("beneficiary_required", _m.Rejects("inv-1", new Retire("I1", "CCER-P1-2024", 10, " ", "claim")));
        _m.Must("inv-1", new Retire("I1", "CCER-P1-2024", 10, "Acme Ltd", "2024 carbon-neutral event"));
        Assert.Equal("final_account", _m.Rejects("registry", new Transfer("cn-RETIREMENT", "I1", "CCER-P1-2024", 10)));
        Assert.Equal("wrong_unit_type", _m.Rejects("inv-1", new Surrender("I1", "CNY", 1, 2021)));
        Assert.Equal("invalid_vintage", _m.Rejects("ent-1", new Surrender("E1", "CEA21", 1, 1999)));
        Assert.Equal("not_authorized", _m.Rejects("ent-2", new Surrender("E1", "CEA21", 1, 2021)));
        Assert.Empty(RegistryInvariants.Violations(_m.Registry));
    }

    [Fact]
    public void Partial_transfers_split_serial_ranges_and_retirement_takes_named_serials()
    {
        _m.Must("inv-1", new Transfer("I1", "E1", "CCER-P1-2024", 2_500));
        Assert.Equal([new SerialRange(1, 2_500)], _m.Registry.HoldingOf("E1", "CCER-P1-2024")!.Serials!.Ranges);
        Assert.Equal([new SerialRange(2_501, 10_000)], _m.Registry.HoldingOf("I1", "CCER-P1-2024")!.Serials!.Ranges);
        _m.Must("inv-1", new Retire("I1", "CCER-P1-2024", 1_000, "City of Wuhan", "event offset", 5_001));
        Assert.Equal([new SerialRange(2_501, 5_000), new SerialRange(6_001, 10_000)], _m.Registry.HoldingOf("I1", "CCER-P1-2024")!.Serials!.Ranges);
        Assert.Equal([new SerialRange(5_001, 6_000)], _m.Registry.Retirements[0].Serials);
        Assert.Equal("serial_not_held", _m.Rejects("inv-1", new Retire("I1", "CCER-P1-2024", 10, "x", "y", 5_995)));
        Assert.Equal("serial_not_held", _m.Rejects("inv-1", new Retire("I1", "CCER-P1-2024", 10, "x", "y", 1)));
        _m.Must("ent-1", new Transfer("E1", "I1", "CCER-P1-2024", 2_500));
        Assert.Equal([new SerialRange(1, 5_000), new SerialRange(6_001, 10_000)], _m.Registry.HoldingOf("I1", "CCER-P1-2024")!.Serials!.Ranges);
        Assert.Empty(RegistryInvariants.Violations(_m.Registry));
    }

    [Fact]
    public void Accounts_open_and_close_by_the_rules()
    {
        Assert.Equal("not_authorized", _m.Rejects("ent-1", new OpenAccount("X1", "cn", "x", AccountKind.Investor)));
        Assert.Equal("account_exists", _m.Rejects("registry", new OpenAccount("E1", "cn", "x", AccountKind.Investor)));
        Assert.Equal("not_a_holder_kind", _m.Rejects("registry", new OpenAccount("X1", "cn", "x", AccountKind.Reserve)));
        Assert.Equal("unknown_market", _m.Rejects("registry", new OpenAccount("X1", "gd", "x", AccountKind.Investor)));
        Assert.Equal("invalid_id", _m.Rejects("registry", new OpenAccount("X 1<script>", "cn", "x", AccountKind.Investor)));
        Assert.Equal("account_not_empty", _m.Rejects("registry", new CloseAccount("E1")));
        _m.Must("registry", new OpenAccount("X1", "cn", "x", AccountKind.Investor));
        _m.Must("registry", new CloseAccount("X1"));
        Assert.Equal("account_closed", _m.Rejects("ent-1", new Transfer("E1", "X1", "CEA21", 1)));
    }

    [Fact]
    public void A_holder_has_one_account_in_a_market_as_the_registration_rules_say()
    {
        Assert.Equal(1, RegistrationRulebook.National.HolderAccountsPerMarket);
        var hash = _m.World.StateHash();
        var second = _m.Submit("registry", new OpenAccount("E1-B", "cn", "ent-1", AccountKind.Investor));
        Assert.Equal(("holder_has_account", "The holder already has as many open accounts in this market as the registration rules allow (one, nationally). 'ent-1' already holds E1 in cn (holder_accounts_per_market 1)."),
            (second.Rejection?.Code, second.Rejection?.Message));
        Assert.Equal(hash, _m.World.StateHash());
        Assert.False(_m.Registry.Accounts.ContainsKey("E1-B"));

        // Another market, and the market's treasury account, are not a second trading account of the holder in this one.
        _m.Must("regulator", new OpenMarket("gd", "Guangdong pilot", "gd-pilot"));
        _m.Must("registry", new OpenAccount("G1", "gd", "ent-1", AccountKind.CoveredEntity));
        _m.Must("registry", new OpenAccount("T1", "cn", "ent-1", AccountKind.Treasury));

        // Once its account is closed (dissolution, a merger), the holder may be given a new one.
        _m.Must("registry", new OpenAccount("X1", "cn", "x", AccountKind.Investor));
        Assert.Equal("holder_has_account", _m.Rejects("registry", new OpenAccount("X2", "cn", "x", AccountKind.Investor)));
        _m.Must("registry", new CloseAccount("X1"));
        _m.Must("registry", new OpenAccount("X2", "cn", "x", AccountKind.Investor));
    }

    [Fact]
    public void A_market_whose_rules_set_no_limit_lets_a_holder_keep_several_accounts()
    {
        var several = new MarketFixture(RegistrationRulebook.National with { HolderAccountsPerMarket = null });
        several.Must("registry", new OpenAccount("E1-B", "cn", "ent-1", AccountKind.Investor));
        var two = new MarketFixture(RegistrationRulebook.National with { HolderAccountsPerMarket = 2 });
        two.Must("registry", new OpenAccount("E1-B", "cn", "ent-1", AccountKind.Investor));
        Assert.EndsWith("'ent-1' already holds E1, E1-B in cn (holder_accounts_per_market 2).",
            two.Submit("registry", new OpenAccount("E1-C", "cn", "ent-1", AccountKind.Investor)).Rejection?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cash_is_booked_and_paid_out_in_fen()
    {
        Assert.Equal("not_authorized", _m.Rejects("inv-1", new DepositCash("I1", 1)));
        _m.Must("registry", new WithdrawCash("I1", 40_000_000));
        Assert.Equal(60_000_000, _m.Held("I1", "CNY"));
        Assert.Equal(110_000_000, _m.Registry.Classes["CNY"].Issued);
        Assert.Equal("insufficient_cash", _m.Rejects("registry", new WithdrawCash("I1", 60_000_001)));
        Assert.Empty(RegistryInvariants.Violations(_m.Registry));
    }

    [Fact]
    public void A_pilot_market_is_another_rulebook_and_keeps_its_units_apart()
    {
        _m.Must("regulator", new OpenMarket("gd", "Guangdong pilot", "gd-pilot"));
        _m.Must("regulator", new DefineUnitClass("GDEA24", "gd", UnitType.Allowance, 2024));
        _m.Must("registry", new OpenAccount("G1", "gd", "ent-1", AccountKind.CoveredEntity));
        _m.Must("regulator", new Issue("GDEA24", "gd-ISSUANCE", 10));
        Assert.Equal("wrong_market", _m.Rejects("regulator", new Issue("GDEA24", "cn-ISSUANCE", 10)));
        Assert.Equal("wrong_market", _m.Rejects("ent-1", new Transfer("E1", "G1", "CEA21", 1)));
        Assert.Equal("market_exists", _m.Rejects("regulator", new OpenMarket("gd", "again", "gd-pilot")));
    }

    [Fact]
    public void Roles_bootstrap_once_then_only_regulators_grant()
    {
        Assert.Equal("not_authorized", _m.Rejects("nobody", new GrantRole("me", Role.Regulator)));
        Assert.Equal("role_exists", _m.Rejects("regulator", new GrantRole("registry", Role.Investor)));
    }

    [Fact]
    public void A_natural_person_holds_an_investor_account_only_and_the_snapshot_keeps_who_holds_it()
    {
        // Organisations' accounts are written as before: no natural_person key in the snapshot.
        Assert.Equal(-1, _m.World.Snapshot().AsSpan().IndexOf("natural_person"u8));
        foreach (var kind in new[] { AccountKind.CoveredEntity, AccountKind.ProjectOwner, AccountKind.Treasury })
            Assert.Equal("natural_person_not_allowed", _m.Rejects("registry", new OpenAccount("P9", "cn", "person-9", kind, NaturalPerson: true)));
        var opened = _m.Must("registry", new OpenAccount("P1", "cn", "person-1", AccountKind.Investor, "Li Na", NaturalPerson: true));
        Assert.Equal(new AccountOpened("P1", "cn", "person-1", AccountKind.Investor, "Li Na", NaturalPerson: true), Assert.Single(opened.Events));
        Assert.True(_m.Registry.Accounts["P1"].NaturalPerson);
        Assert.False(_m.Registry.Accounts["I1"].NaturalPerson);

        var snapshot = _m.World.Snapshot();
        Assert.NotEqual(-1, snapshot.AsSpan().IndexOf("\"natural_person\":true"u8));
        var restored = new OpenEts.Core.ModuleCatalog(new RegistryModule()).CreateWorld();
        restored.Restore(snapshot);
        Assert.True(restored.Get<RegistryState>().Accounts["P1"].NaturalPerson);
        Assert.False(restored.Get<RegistryState>().Accounts["I1"].NaturalPerson);
        Assert.Equal(_m.World.StateHash(), restored.StateHash());
    }
}
