// Which dates are trading days: weekdays that are not holidays, within the years the calendar covers.
namespace OpenEts.Exchange;

/// <summary>A market's trading days. Dates outside <see cref="Years"/> are not known trading days.</summary>
public sealed class TradingCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<int> _years;
    private readonly bool _weekendClosed;

    /// <summary>A calendar from its rulebook data.</summary>
    public TradingCalendar(bool weekendClosed, IEnumerable<int> years, IEnumerable<DateOnly> holidays)
    {
        _weekendClosed = weekendClosed;
        _years = [.. years];
        _holidays = [.. holidays];
    }

    /// <summary>Years the holiday list is complete for.</summary>
    public IReadOnlyCollection<int> Years => _years;

    /// <summary>True when the calendar knows <paramref name="date"/>'s year.</summary>
    public bool Covers(DateOnly date) => _years.Contains(date.Year);

    /// <summary>True when <paramref name="date"/> is a trading day.</summary>
    public bool IsTradingDay(DateOnly date) =>
        Covers(date)
        && !(_weekendClosed && date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !_holidays.Contains(date);

    /// <summary>The next trading day after <paramref name="date"/>, or null past the calendar's end.</summary>
    public DateOnly? NextTradingDay(DateOnly date)
    {
        for (var d = date.AddDays(1); Covers(d); d = d.AddDays(1))
        {
            if (IsTradingDay(d))
                return d;
        }
        return null;
    }

    /// <summary>Number of trading days from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public int CountTradingDays(DateOnly first, DateOnly last)
    {
        var n = 0;
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            if (IsTradingDay(d))
                n++;
        }
        return n;
    }
}
