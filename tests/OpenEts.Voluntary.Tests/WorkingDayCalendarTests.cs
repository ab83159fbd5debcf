// The market's working-day calendar: weekends, public holidays and make-up working days from rulebook data.
using OpenEts.Voluntary.Projects;

namespace OpenEts.Voluntary.Tests;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Cn = CcerRules.National.Calendar;

    [Fact]
    public void National_day_week_is_off_and_its_make_up_sunday_is_worked()
    {
        Assert.False(Cn.IsWorkingDay(new DateOnly(2025, 10, 1)));
        Assert.False(Cn.IsWorkingDay(new DateOnly(2025, 10, 8)));
        Assert.True(Cn.IsWorkingDay(new DateOnly(2025, 9, 28)));
        Assert.True(Cn.IsWorkingDay(new DateOnly(2025, 10, 11)));
        Assert.False(Cn.IsWorkingDay(new DateOnly(2025, 10, 12)));
    }

    [Fact]
    public void Twenty_working_days_from_15_september_2025_end_on_17_october()
    {
        // 16–19 Sep (4), 22–26 Sep (9), Sun 28 Sep worked (10), 29–30 Sep (12), 1–8 Oct holiday,
        // 9–10 Oct (14), Sat 11 Oct worked (15), 13–17 Oct (20). Weekdays alone would end on 13 October.
        Assert.Equal(new DateOnly(2025, 10, 17), Cn.AddWorkingDays(new DateOnly(2025, 9, 15), 20));
    }

    [Fact]
    public void Twenty_working_days_across_the_2026_spring_festival()
    {
        // Fri 13 Feb (1), Sat 14 Feb worked (2), 15–23 Feb holiday, 24–27 Feb (6), Sat 28 Feb worked (7),
        // 2–6 Mar (12), 9–13 Mar (17), 16–18 Mar (20).
        Assert.Equal(new DateOnly(2026, 3, 18), Cn.AddWorkingDays(new DateOnly(2026, 2, 12), 20));
    }

    [Fact]
    public void Counting_past_the_holiday_list_is_refused_rather_than_guessed()
    {
        Assert.Null(Cn.AddWorkingDays(new DateOnly(2026, 12, 20), 20));
    }
}
