// Transfer, retirement, surrender as offsets and cancellation, each through the registry's own command;
// spent serials sit in the registry's final accounts and never move again.
using OpenEts.Registry;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Voluntary.Tests;

public sealed class CreditUseTests
{
    private static Market Issued(long quantity = 10_000)
    {
        var m = new Market();
        m.Register(Market.Wind());
        m.Issue("P0001", "R1", quantity);
        return m;
    }

    [Fact]
    public void A_partial_transfer_splits_the_range_lowest_serials_first()
    {
        var m = Issued();
        m.Ok(new TransferCredits("OWNER-A", "BUYER-B", "P0001", 2025, 2_500), "2026-03-20");
        Assert.Equal([new SerialRange(1, 2500)], m.Serials("BUYER-B"));
        Assert.Equal([new SerialRange(2501, 10000)], m.Serials("OWNER-A"));
        m.Ok(new TransferCredits("BUYER-B", "OWNER-A", "P0001", 2025, 2_500), "2026-03-21");
        Assert.Equal([new SerialRange(1, 10000)], m.Serials("OWNER-A"));
        Assert.Equal("insufficient_units", m.Rejected(new TransferCredits("BUYER-B", "OWNER-A", "P0001", 2025, 1), "2026-03-21"));
        Assert.Equal("unknown_credit_class", m.Rejected(new TransferCredits("OWNER-A", "BUYER-B", "P0001", 2024, 1), "2026-03-21"));
    }

    [Fact]
    public void Only_the_holder_moves_credits_out_of_an_account()
    {
        var m = Issued();
        Assert.Equal("not_authorized", m.Rejected(new TransferCredits("OWNER-A", "BUYER-B", "P0001", 2025, 1), "2026-03-20", "buyer-b"));
        Assert.Equal("not_authorized", m.Rejected(new RetireCredits("T1", "OWNER-A", "P0001", 2025, 1, "Acme Ltd", "claim"), "2026-03-20", "buyer-b"));
        Assert.Equal("not_authorized", m.Rejected(new SurrenderCredits("S1", "OWNER-A", "P0001", 2025, 1, 2025, 100_000), "2026-03-20", "acme"));
        Assert.Equal("not_authorized", m.Rejected(new CancelCredits("K1", "OWNER-A", "P0001", 2025, 1, "error"), "2026-03-20", "VER1"));
    }

    [Fact]
    public void Retirement_records_beneficiary_purpose_and_serials_publicly()
    {
        var m = Issued();
        Assert.Equal("beneficiary_required", m.Rejected(new RetireCredits("T1", "OWNER-A", "P0001", 2025, 100, " ", "2025 scope 1"), "2026-04-01"));
        Assert.Equal("purpose_required", m.Rejected(new RetireCredits("T1", "OWNER-A", "P0001", 2025, 100, "Acme Ltd", ""), "2026-04-01"));
        m.Ok(new RetireCredits("T1", "OWNER-A", "P0001", 2025, 1_000, "Acme Ltd", "offset 2025 business travel"), "2026-04-01");
        var use = Assert.Single(m.State.Uses);
        Assert.Equal(CreditUseKind.Retirement, use.Kind);
        Assert.Equal([new SerialRange(1, 1000)], use.Ranges);
        Assert.Equal("Acme Ltd", use.Beneficiary);
        Assert.Equal(new DateOnly(2026, 4, 1), use.On);
        // The registry made the move and keeps its own retirement record with the same serials.
        var record = Assert.Single(m.Registry.Retirements);
        Assert.Equal(("OWNER-A", "CCER-P0001-2025", 1_000L, "Acme Ltd"), (record.AccountId, record.ClassId, record.Quantity, record.Beneficiary));
        Assert.Equal(use.Ranges, record.Serials);
        Assert.Equal("record_exists", m.Rejected(new RetireCredits("T1", "OWNER-A", "P0001", 2025, 1, "Acme Ltd", "again"), "2026-04-02"));
        Assert.Equal([new SerialRange(1, 1000)], m.Serials("cn-RETIREMENT"));
        Assert.Equal(9_000, m.Held("OWNER-A"));
    }

    [Fact]
    public void A_retired_serial_can_never_move_or_count_again()
    {
        var m = Issued();
        m.Ok(new RetireCredits("T1", "OWNER-A", "P0001", 2025, 10_000, "Acme Ltd", "all of it"), "2026-04-01");
        Assert.Equal("insufficient_units", m.Rejected(new RetireCredits("T2", "OWNER-A", "P0001", 2025, 1, "Acme Ltd", "twice"), "2026-04-02"));
        Assert.Equal("insufficient_units", m.Rejected(new SurrenderCredits("S1", "OWNER-A", "P0001", 2025, 1, 2025, 1_000_000), "2026-04-02"));
        Assert.Equal("insufficient_units", m.Rejected(new TransferCredits("OWNER-A", "BUYER-B", "P0001", 2025, 1), "2026-04-02"));
        // Not even the registry operator can take them out of the retirement account.
        Assert.Equal("final_account", m.Rejected(new Transfer("cn-RETIREMENT", "OWNER-A", "CCER-P0001-2025", 1), "2026-04-02", MarketSetup.RegistryOperator));
        Assert.Equal("final_account", m.Rejected(new Cancel("cn-RETIREMENT", "CCER-P0001-2025", 1, "undo"), "2026-04-02", MarketSetup.RegistryOperator));
    }

    [Fact]
    public void Offsets_cover_at_most_5_percent_of_the_allowances_due()
    {
        // 100,000 allowances due → at most 5,000 t of CCER for that compliance year.
        var m = Issued();
        Assert.Equal("offset_cap_exceeded", m.Rejected(new SurrenderCredits("S1", "OWNER-A", "P0001", 2025, 5_001, 2025, 100_000), "2026-04-01"));
        m.Ok(new SurrenderCredits("S1", "OWNER-A", "P0001", 2025, 4_000, 2025, 100_000), "2026-04-01");
        Assert.Equal("offset_cap_exceeded", m.Rejected(new SurrenderCredits("S2", "OWNER-A", "P0001", 2025, 1_001, 2025, 100_000), "2026-04-01"));
        m.Ok(new SurrenderCredits("S2", "OWNER-A", "P0001", 2025, 1_000, 2025, 100_000), "2026-04-01");
        Assert.Equal(5_000, m.Held("cn-SURRENDER"));
        Assert.Equal([5_000L], m.Registry.Surrenders.GroupBy(s => s.ComplianceYear).Select(g => g.Sum(s => s.Quantity)));
    }

    [Fact]
    public void Buffer_credits_can_only_be_cancelled_by_the_regulator()
    {
        var m = new Market();
        m.Register(Market.Wind() with { Name = "Fir afforestation", Methodology = "CCER-14-001-V01", CreditingEnd = new DateOnly(2041, 12, 31) });
        m.Issue("P0001", "R1", 1000);
        Assert.Equal("reserved_account", m.Rejected(new RetireCredits("T1", Market.Reserve, "P0001", 2025, 1, "x", "y"), "2026-04-01"));
        Assert.Equal("reserved_account", m.Rejected(new TransferCredits("OWNER-A", Market.Reserve, "P0001", 2025, 1), "2026-04-01"));
        Assert.Equal("reserved_account", m.Rejected(new TransferCredits(Market.Reserve, "OWNER-A", "P0001", 2025, 1), "2026-04-01"));
        Assert.Equal("not_authorized", m.Rejected(new CancelCredits("K1", Market.Reserve, "P0001", 2025, 40, "fire loss"), "2026-04-01", "owner-a"));
        m.Ok(new CancelCredits("K1", Market.Reserve, "P0001", 2025, 40, "fire loss reported in 2026 monitoring"), "2026-04-01");
        var use = Assert.Single(m.State.Uses);
        Assert.Equal([new SerialRange(901, 940)], use.Ranges);
        Assert.Equal(60, m.Held(Market.Reserve));
        Assert.Equal([new SerialRange(901, 940)], m.Serials("cn-CANCELLATION"));
    }
}
