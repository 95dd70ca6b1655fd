using System.Globalization;

namespace DashboardApp.Core.Periods;

public enum PeriodType { Month, Quarter, Year }

/// <summary>统计期: a month (2025-03), quarter (2025-Q1) or year (2025) in canonical notation.</summary>
public readonly record struct Period : IComparable<Period>
{
    private Period(PeriodType type, int year, int index)
    {
        if (year is < 1900 or > 9998) throw new ArgumentOutOfRangeException(nameof(year));
        var max = type switch { PeriodType.Month => 12, PeriodType.Quarter => 4, _ => 1 };
        if (index < 1 || index > max) throw new ArgumentOutOfRangeException(nameof(index));
        Type = type;
        Year = year;
        Index = index;
    }

    /// <summary>The years a period may be read as: anything later is a typing error, and dates around it (deadlines, next months) stay
    /// representable.</summary>
    public const int MinYear = 1900, MaxYear = 2999;

    public PeriodType Type { get; }
    public int Year { get; }
    /// <summary>Month 1–12, quarter 1–4, or 1 for a year.</summary>
    public int Index { get; }

    public static Period Month(int year, int month) => new(PeriodType.Month, year, month);
    public static Period Quarter(int year, int quarter) => new(PeriodType.Quarter, year, quarter);
    public static Period OfYear(int year) => new(PeriodType.Year, year, 1);
    public static Period MonthOf(DateOnly date) => Month(date.Year, date.Month);

    public DateOnly Start => Type switch
    {
        PeriodType.Month => new DateOnly(Year, Index, 1),
        PeriodType.Quarter => new DateOnly(Year, (Index - 1) * 3 + 1, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    /// <summary>Last day of the period, inclusive.</summary>
    public DateOnly End => Type switch
    {
        PeriodType.Month => Start.AddMonths(1).AddDays(-1),
        PeriodType.Quarter => Start.AddMonths(3).AddDays(-1),
        _ => new DateOnly(Year, 12, 31),
    };

    /// <summary>报送截止日: by default the 10th day after the period ends.</summary>
    public DateOnly Deadline(int daysAfterEnd = 10) => End.AddDays(daysAfterEnd);

    public IEnumerable<Period> Months()
    {
        var first = Start.Month;
        var count = Type switch { PeriodType.Month => 1, PeriodType.Quarter => 3, _ => 12 };
        for (var m = first; m < first + count; m++) yield return Month(Year, m);
    }

    /// <summary>The quarter and the year that contain this month, in that order.</summary>
    public IEnumerable<Period> Containing()
    {
        if (Type == PeriodType.Month) yield return Quarter(Year, (Index - 1) / 3 + 1);
        if (Type != PeriodType.Year) yield return OfYear(Year);
    }

    public Period SameLastYear => new(Type, Year - 1, Index);

    /// <summary>累计: the months January..this month.</summary>
    public IEnumerable<Period> YearToDateMonths()
    {
        if (Type != PeriodType.Month) throw new InvalidOperationException("累计只对月份有意义");
        for (var m = 1; m <= Index; m++) yield return Month(Year, m);
    }

    public Period NextMonth() => Type == PeriodType.Month
        ? (Index == 12 ? Month(Year + 1, 1) : Month(Year, Index + 1))
        : throw new InvalidOperationException();

    public Period PreviousMonth() => Type == PeriodType.Month
        ? (Index == 1 ? Month(Year - 1, 12) : Month(Year, Index - 1))
        : throw new InvalidOperationException();

    /// <summary>This month, the one before, and so on, without end: take what is needed.</summary>
    public IEnumerable<Period> AndEarlierMonths()
    {
        for (var m = this; ; m = m.PreviousMonth()) yield return m;
    }

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public override string ToString() => Type switch
    {
        PeriodType.Month => $"{Year:D4}-{Index:D2}",
        PeriodType.Quarter => $"{Year:D4}-Q{Index}",
        _ => Year.ToString("D4", CultureInfo.InvariantCulture),
    };

    /// <summary>Chinese label for display: 2025年3月, 2025年第1季度, 2025年.</summary>
    public string ToChinese() => Type switch
    {
        PeriodType.Month => $"{Year}年{Index}月",
        PeriodType.Quarter => $"{Year}年第{Index}季度",
        _ => $"{Year}年",
    };

    public int CompareTo(Period other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : ((int)other.Type).CompareTo((int)Type);
    }

    public static bool operator <(Period a, Period b) => a.CompareTo(b) < 0;
    public static bool operator >(Period a, Period b) => a.CompareTo(b) > 0;
    public static bool operator <=(Period a, Period b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Period a, Period b) => a.CompareTo(b) >= 0;

    /// <summary>Parses canonical notation only: 2025-03, 2025-Q1, 2025.</summary>
    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        if (t.Length == 4 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
            return TryCreate(PeriodType.Year, y, 1, out period);
        if (t.Length == 7 && t[4] == '-' && int.TryParse(t[..4], NumberStyles.None, CultureInfo.InvariantCulture, out y))
        {
            if ((t[5] == 'Q' || t[5] == 'q') && t[6] is >= '1' and <= '4')
                return TryCreate(PeriodType.Quarter, y, t[6] - '0', out period);
            if (int.TryParse(t[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var m))
                return TryCreate(PeriodType.Month, y, m, out period);
        }
        return false;
    }

    public static Period Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"无法识别的统计期“{text}”，应为 2025-03、2025-Q1 或 2025");

    internal static bool TryCreate(PeriodType type, int year, int index, out Period period)
    {
        period = default;
        var max = type switch { PeriodType.Month => 12, PeriodType.Quarter => 4, _ => 1 };
        if (year is < MinYear or > MaxYear || index < 1 || index > max) return false;
        period = new Period(type, year, index);
        return true;
    }
}
