using System.Globalization;

namespace Dalel.Core.Cases;

public enum DatePrecision
{
    Day,
    Month,
    Year,
    Range,
}

/// <summary>When an incident happened, as precisely as it is known: a day, a month, a year or an approximate range.</summary>
public sealed record IncidentDate(DatePrecision Precision, DateOnly From, DateOnly To)
{
    private static readonly string[] DayFormats = ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"];
    private static readonly string[] MonthFormats = ["yyyy-MM", "MM.yyyy", "M.yyyy"];

    public int Year => From.Year;

    /// <summary>
    /// Reads what a documenter types: "2024-03-15" or "15.03.2024" (a day), "2024-03" or "03.2024" (a month),
    /// "2024" (a year); with a second value, an approximate range from the start of the first to the end of the second.
    /// </summary>
    public static bool TryParse(string? from, string? to, out IncidentDate? date)
    {
        date = null;
        if (!TryParseOne(from, out var start))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(to))
        {
            date = start;
            return true;
        }

        if (!TryParseOne(to, out var end) || end!.To < start!.From)
        {
            return false;
        }

        date = new IncidentDate(DatePrecision.Range, start.From, end.To);
        return true;
    }

    private static bool TryParseOne(string? text, out IncidentDate? date)
    {
        date = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (DateOnly.TryParseExact(text, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = new IncidentDate(DatePrecision.Day, day, day);
        }
        else if (DateTime.TryParseExact(text, MonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            var first = new DateOnly(month.Year, month.Month, 1);
            date = new IncidentDate(DatePrecision.Month, first, first.AddMonths(1).AddDays(-1));
        }
        else if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2999)
        {
            date = new IncidentDate(DatePrecision.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        }

        return date is not null;
    }

    /// <summary>The text a documenter would type for the start (and, for a range, the end): round-trips through TryParse.</summary>
    public (string From, string To) ToInput() => Precision switch
    {
        DatePrecision.Day => (From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ""),
        DatePrecision.Month => (From.ToString("yyyy-MM", CultureInfo.InvariantCulture), ""),
        DatePrecision.Year => (From.ToString("yyyy", CultureInfo.InvariantCulture), ""),
        _ => (From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
    };

    public override string ToString()
    {
        var (from, to) = ToInput();
        return to.Length == 0 ? from : $"{from} – {to}";
    }

    public bool Overlaps(DateOnly? from, DateOnly? to) => (from is null || To >= from) && (to is null || From <= to);
}
