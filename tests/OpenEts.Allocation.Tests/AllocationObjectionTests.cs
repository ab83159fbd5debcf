// Objections to an allocation in the engine's cycle, on the national working-day calendar: 7 working days
// to object from the day the allocation is issued, 10 for the answer. Around National Day 2025 the count
// skips 1–8 October and takes the make-up working days Sunday 28 September and Saturday 11 October.
using OpenEts.Allocation.Cycle;
using OpenEts.Registry;

namespace OpenEts.Allocation.Tests;

public class AllocationObjectionTests
{
    private static DateTimeOffset On(int month, int day) => new(2025, month, day, 10, 0, 0, TimeSpan.Zero);

    /// <summary>2024 open; S1 allocated 1,000,000 t on Thursday 25 September 2025.</summary>
    private static CycleMarket Allocated()
    {
        var m = new CycleMarket();
        m.Ok(new OpenComplianceYear(2024, "cn-power-2024"), time: On(9, 25));
        m.Entity("S1");
        m.Ok(new IssueAllocation("S1", 2024, "S1-U1", 1_000_000), time: On(9, 25));
        return m;
    }

    [Fact]
    public void An_objection_on_the_seventh_working_day_is_upheld_and_the_extra_tonnes_reach_the_account()
    {
        var m = Allocated();
        // 26 Sep, 28 Sep (make-up Sunday), 29, 30 Sep, [1–8 Oct holiday], 9, 10, 11 Oct (make-up Saturday) = 7.
        var filed = m.Ok(new ObjectToAllocation("S1", 2024, "Output of unit S1-U1 understated by 30,000 MWh."), "S1", On(10, 11));
        var e = Assert.Single(filed.Events.OfType<AllocationObjected>());
        // Ten working days after 11 Oct: 13–17 and 20–24 Oct.
        Assert.Equal((1, new DateOnly(2025, 10, 11), new DateOnly(2025, 10, 24)), (e.Number, e.FiledOn, e.AnswerDue));

        var hash = m.World.StateHash();
        Assert.Equal("objection_pending", m.Code(new ObjectToAllocation("S1", 2024, "again"), "S1", On(10, 11)));
        Assert.Equal("not_authorized", m.Code(new AnswerObjection("S1", 2024, true, 25_000, "Upheld."), MarketSetup.RegistryOperator, On(10, 20)));
        Assert.Equal("bad_quantity", m.Code(new AnswerObjection("S1", 2024, false, 1, "Dismissed."), time: On(10, 20)));
        Assert.Equal(hash, m.World.StateHash());

        var answered = m.Ok(new AnswerObjection("S1", 2024, true, 25_000, "Upheld: the metered output was 30,000 MWh higher."), time: On(10, 20));
        var a = Assert.Single(answered.Events.OfType<ObjectionAnswered>());
        Assert.False(a.Late);
        var o = m.State.Obligations[(2024, "S1")];
        Assert.Equal(1_025_000, o.AllocationT);
        Assert.Equal(1_025_000, m.Held("S1", "CEA24"));
        Assert.Contains("objection-1", o.Units);
        Assert.Equal((true, 25_000L), (o.Objections[0].Upheld, o.Objections[0].AdditionalT));
        Assert.Equal("no_pending_objection", m.Code(new AnswerObjection("S1", 2024, false, 0, "x"), time: On(10, 21)));
    }

    [Fact]
    public void An_objection_after_the_seventh_working_day_is_refused_and_a_late_answer_is_recorded_as_late()
    {
        var late = Allocated();
        var hash = late.World.StateHash();
        Assert.Equal("objection_window_closed", late.Code(new ObjectToAllocation("S1", 2024, "Too late."), "S1", On(10, 13)));
        Assert.Equal("not_authorized", late.Code(new ObjectToAllocation("S1", 2024, "Not the holder."), time: On(10, 9)));
        Assert.Equal("bad_text", late.Code(new ObjectToAllocation("S1", 2024, new string('x', 501)), "S1", On(10, 9)));
        Assert.Equal("unknown_year", late.Code(new ObjectToAllocation("S1", 2023, "No such year."), "S1", On(10, 9)));
        Assert.Equal(hash, late.World.StateHash());

        var m = Allocated();
        m.Ok(new ObjectToAllocation("S1", 2024, "Heat output missing."), "S1", On(9, 26));
        // Filed Friday 26 Sep: due after 28, 29, 30 Sep, 9, 10, 11, 13, 14, 15, 16 Oct.
        Assert.Equal(new DateOnly(2025, 10, 16), m.State.Obligations[(2024, "S1")].Objections[0].AnswerDue);
        var answered = m.Ok(new AnswerObjection("S1", 2024, false, 0, "Dismissed: heat is allocated on supplied heat only."), time: On(10, 17));
        Assert.True(Assert.Single(answered.Events.OfType<ObjectionAnswered>()).Late);
        Assert.Equal(1_000_000, m.Held("S1", "CEA24"));
    }

    [Fact]
    public void Once_the_obligation_is_set_an_upheld_objection_can_add_no_tonnes()
    {
        var m = Allocated();
        m.Ok(new ObjectToAllocation("S1", 2024, "Load factor misread."), "S1", On(9, 29));
        m.Verified("S1", 2024, 1_010_000);
        m.Ok(new SetObligation("S1", 2024), time: On(9, 30));
        var hash = m.World.StateHash();
        Assert.Equal("obligation_set", m.Code(new AnswerObjection("S1", 2024, true, 5_000, "Upheld."), time: On(10, 9)));
        Assert.Equal(hash, m.World.StateHash());
        m.Ok(new AnswerObjection("S1", 2024, true, 0, "Upheld; corrected in next year's allocation."), time: On(10, 9));
        Assert.Equal(1_000_000, m.State.Obligations[(2024, "S1")].AllocationT);
    }
}
