// Trading days and sessions in market time (UTC+8), checked against the published day counts.
using OpenEts.Exchange;

namespace OpenEts.Exchange.Tests;

public sealed class CalendarTests
{
    private static readonly TradingRulebook Rules = TradingRulebook.National;
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int y, int m, int d, int h, int min, int s = 0) => new(y, m, d, h, min, s, Beijing);

    [Fact]
    public void The_2024_calendar_has_the_242_trading_days_published_for_2024()
    {
        Assert.Equal(242, Rules.Calendar.CountTradingDays(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)));
    }

    [Fact]
    public void The_15_December_2021_was_the_102nd_trading_day_since_launch()
    {
        Assert.Equal(102, Rules.Calendar.CountTradingDays(new DateOnly(2021, 7, 16), new DateOnly(2021, 12, 15)));
    }

    [Fact]
    public void Weekends_and_holidays_are_closed_and_unknown_years_are_not_trading_days()
    {
        Assert.True(Rules.Calendar.IsTradingDay(new DateOnly(2021, 7, 16)));
        Assert.False(Rules.Calendar.IsTradingDay(new DateOnly(2021, 7, 17)));
        Assert.False(Rules.Calendar.IsTradingDay(new DateOnly(2024, 10, 1)));
        Assert.False(Rules.Calendar.IsTradingDay(new DateOnly(2024, 2, 12)));
        Assert.False(Rules.Calendar.IsTradingDay(new DateOnly(2030, 3, 5)));
        Assert.Equal(new DateOnly(2021, 7, 19), Rules.Calendar.NextTradingDay(new DateOnly(2021, 7, 16)));
        Assert.Equal(new DateOnly(2024, 10, 8), Rules.Calendar.NextTradingDay(new DateOnly(2024, 9, 30)));
    }

    [Theory]
    [InlineData(9, 29, 59, false)]
    [InlineData(9, 30, 0, true)]
    [InlineData(11, 29, 59, true)]
    [InlineData(11, 30, 0, false)]
    [InlineData(12, 59, 59, false)]
    [InlineData(13, 0, 0, true)]
    [InlineData(14, 59, 59, true)]
    [InlineData(15, 0, 0, false)]
    public void Listing_sessions_are_09_30_to_11_30_and_13_00_to_15_00(int h, int m, int s, bool open)
    {
        Assert.Equal(open, Rules.ListingOpen(At(2021, 7, 16, h, m, s)));
    }

    [Fact]
    public void Block_trading_is_afternoon_only()
    {
        Assert.False(Rules.BlockOpen(At(2021, 7, 16, 10, 0)));
        Assert.True(Rules.BlockOpen(At(2021, 7, 16, 13, 0)));
        Assert.False(Rules.BlockOpen(At(2021, 7, 16, 15, 0)));
    }

    [Fact]
    public void Times_are_read_in_market_time_whatever_their_offset()
    {
        // 01:30 UTC is 09:30 in Beijing; 01:29 UTC is 09:29.
        Assert.True(Rules.ListingOpen(new DateTimeOffset(2021, 7, 16, 1, 30, 0, TimeSpan.Zero)));
        Assert.False(Rules.ListingOpen(new DateTimeOffset(2021, 7, 16, 1, 29, 0, TimeSpan.Zero)));
        // 17:00 UTC on Sunday 18 July is 01:00 on Monday 19 July in Beijing: a trading day, but no session.
        Assert.False(Rules.ListingOpen(new DateTimeOffset(2021, 7, 18, 17, 0, 0, TimeSpan.Zero)));
    }
}
