// The market's working days: Monday–Friday, minus public holidays, plus weekend days worked in their place.
using OpenEts.Voluntary.Rulebooks;

namespace OpenEts.Voluntary.Projects;

/// <summary>A working-day calendar read from rulebook data (holiday list and make-up working days).</summary>
public sealed class WorkingDayCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _workingWeekendDays;

    /// <summary>A calendar with the given holidays and make-up working days, valid between the two dates.</summary>
    public WorkingDayCalendar(string name, IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workingWeekendDays, DateOnly coveredFrom, DateOnly coveredTo)
    {
        Name = name;
        _holidays = [.. holidays];
        _workingWeekendDays = [.. workingWeekendDays];
        CoveredFrom = coveredFrom;
        CoveredTo = coveredTo;
    }

    /// <summary>The calendar's name.</summary>
    public string Name { get; }

    /// <summary>First day the holiday list covers.</summary>
    public DateOnly CoveredFrom { get; }

    /// <summary>Last day the holiday list covers; counting past it would guess, so it is refused.</summary>
    public DateOnly CoveredTo { get; }

    /// <summary>Loads an embedded calendar file.</summary>
    public static WorkingDayCalendar Load(string file)
    {
        var data = RulebookLoader.Load<CalendarFile>(file);
        return new WorkingDayCalendar(data.Name, data.Holidays, data.WorkingWeekendDays, data.CoveredFrom, data.CoveredTo);
    }

    /// <summary>True on a day the market works.</summary>
    public bool IsWorkingDay(DateOnly day)
    {
        if (_workingWeekendDays.Contains(day))
            return true;
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);
    }

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day after <paramref name="start"/> (the start day itself not
    /// counted), or null when the count runs past the days the calendar covers.
    /// </summary>
    public DateOnly? AddWorkingDays(DateOnly start, int workingDays)
    {
        var day = start;
        var counted = 0;
        while (counted < workingDays)
        {
            day = day.AddDays(1);
            if (day > CoveredTo || day < CoveredFrom)
                return null;
            if (IsWorkingDay(day))
                counted++;
        }
        return day;
    }

    private sealed record CalendarFile(string Name, IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> WorkingWeekendDays, DateOnly CoveredFrom, DateOnly CoveredTo);
}
