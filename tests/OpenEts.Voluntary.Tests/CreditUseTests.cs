// Transfer, retirement, surrender as offsets and cancellation; spent serials are final.
using OpenEts.Voluntary.Credits;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Serials;

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
    public void A_partial_transfer_splits_the_block_lowest_serials_first()
    {
        var m = Issued();
        m.Ok(new TransferCredits("owner-a", "buyer-b", "P0001", 2025, 2_500), "2026-03-20");
        var blocks = m.State.Book.Blocks.ToList();
        Assert.Equal(["CCER-P0001-2025-1-2500", "CCER-P0001-2025-2501-10000"], blocks.Select(b => b.Serial));
        Assert.Equal(["buyer-b", "owner-a"], blocks.Select(b => b.Holder));
        m.Ok(new TransferCredits("buyer-b", "owner-a", "P0001", 2025, 2_500), "2026-03-21");
        Assert.Equal("CCER-P0001-2025-1-10000", Assert.Single(m.State.Book.Blocks).Serial);
        Assert.Equal("insufficient_credits", m.Rejected(new TransferCredits("buyer-b", "owner-a", "P0001", 2025, 1), "2026-03-21"));
    }

    [Fact]
    public void Retirement_records_beneficiary_purpose_and_serials_publicly()
    {
        var m = Issued();
        Assert.Equal("beneficiary_required", m.Rejected(new RetireCredits("T1", "owner-a", "P0001", 2025, 100, " ", "2025 scope 1"), "2026-04-01"));
        Assert.Equal("purpose_required", m.Rejected(new RetireCredits("T1", "owner-a", "P0001", 2025, 100, "Acme Ltd", ""), "2026-04-01"));
        m.Ok(new RetireCredits("T1", "owner-a", "P0001", 2025, 1_000, "Acme Ltd", "offset 2025 business travel"), "2026-04-01");
        var use = Assert.Single(m.State.Uses);
        Assert.Equal(CreditUseKind.Retirement, use.Kind);
        Assert.Equal([new SerialRange(1, 1000)], use.Ranges);
        Assert.Equal("Acme Ltd", use.Beneficiary);
        Assert.Equal(new DateOnly(2026, 4, 1), use.On);
        Assert.Equal("record_exists", m.Rejected(new RetireCredits("T1", "owner-a", "P0001", 2025, 1, "Acme Ltd", "again"), "2026-04-02"));
        var cls = new CreditClass("P0001", 2025);
        Assert.Equal(1_000, m.State.Book.Quantity(cls, CreditStatus.Retired));
        Assert.Equal(9_000, m.State.Book.Quantity(cls, CreditStatus.Held, "owner-a"));
    }

    [Fact]
    public void A_retired_serial_can_never_move_or_count_again()
    {
        var m = Issued();
        m.Ok(new RetireCredits("T1", "owner-a", "P0001", 2025, 10_000, "Acme Ltd", "all of it"), "2026-04-01");
        Assert.Equal("insufficient_credits", m.Rejected(new RetireCredits("T2", "owner-a", "P0001", 2025, 1, "Acme Ltd", "twice"), "2026-04-02"));
        Assert.Equal("insufficient_credits", m.Rejected(new SurrenderCredits("S1", "owner-a", "P0001", 2025, 1, 2025, 1_000_000), "2026-04-02"));
        Assert.Equal("insufficient_credits", m.Rejected(new TransferCredits("owner-a", "x", "P0001", 2025, 1), "2026-04-02"));
        var check = m.State.Book.CheckHeld("owner-a", new CreditClass("P0001", 2025), [new SerialRange(5, 5)]);
        Assert.Equal("serial_final", check!.Code);
    }

    [Fact]
    public void Offsets_cover_at_most_5_percent_of_the_allowances_due()
    {
        // 100,000 allowances due → at most 5,000 t of CCER for that compliance year.
        var m = Issued();
        Assert.Equal("offset_cap_exceeded", m.Rejected(new SurrenderCredits("S1", "owner-a", "P0001", 2025, 5_001, 2025, 100_000), "2026-04-01"));
        m.Ok(new SurrenderCredits("S1", "owner-a", "P0001", 2025, 4_000, 2025, 100_000), "2026-04-01");
        Assert.Equal("offset_cap_exceeded", m.Rejected(new SurrenderCredits("S2", "owner-a", "P0001", 2025, 1_001, 2025, 100_000), "2026-04-01"));
        m.Ok(new SurrenderCredits("S2", "owner-a", "P0001", 2025, 1_000, 2025, 100_000), "2026-04-01");
        Assert.Equal(5_000, m.State.Book.Quantity(new CreditClass("P0001", 2025), CreditStatus.Surrendered));
    }

    [Fact]
    public void Buffer_credits_can_only_be_cancelled()
    {
        var m = new Market();
        m.Register(Market.Wind() with { Name = "Fir afforestation", Methodology = "CCER-14-001-V01", CreditingEnd = new DateOnly(2041, 12, 31) });
        m.Issue("P0001", "R1", 1000);
        Assert.Equal("reserved_account", m.Rejected(new RetireCredits("T1", VoluntaryState.BufferHolder, "P0001", 2025, 1, "x", "y"), "2026-04-01"));
        Assert.Equal("reserved_account", m.Rejected(new TransferCredits("owner-a", VoluntaryState.BufferHolder, "P0001", 2025, 1), "2026-04-01"));
        m.Ok(new CancelCredits("K1", VoluntaryState.BufferHolder, "P0001", 2025, 40, "fire loss reported in 2026 monitoring"), "2026-04-01");
        var use = Assert.Single(m.State.Uses);
        Assert.Equal([new SerialRange(901, 940)], use.Ranges);
        Assert.Equal(60, m.State.Book.Quantity(new CreditClass("P0001", 2025), CreditStatus.Buffer));
    }
}
