using System.Globalization;
using System.Text.RegularExpressions;
using Dalel.Core.Cases;

namespace Dalel.Core.Import;

/// <summary>
/// The dates people type in spreadsheets, read as incident dates with their precision: 15.03.2024, 15/03/2024,
/// 2024-03-15, 2024.03.15, Excel's serial numbers (45366), month and year alone (03.2024, "март 2024", "наурыз
/// 2024", "March 2024"), a year alone ("2024", "2024 г."). Day-first always, as in Russian and Kazakh usage: 03/04/2024
/// is the 3rd of April. An impossible date (31.02.2024) is not read as anything.
/// </summary>
public static partial class SheetDates
{
    private static readonly string[] DayFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy.MM.dd", "yyyy/MM/dd", "dd-MM-yyyy", "d-M-yyyy", "yyyy-MM-dd HH:mm", "dd.MM.yyyy HH:mm", "dd.MM.yyyy H:mm"];

    /// <summary>Month names and their stems in the three languages (genitive and nominative forms share a stem).</summary>
    private static readonly (string Stem, int Month)[] Months =
    [
        ("янв", 1), ("фев", 2), ("мар", 3), ("апр", 4), ("мая", 5), ("май", 5), ("июн", 6), ("июл", 7), ("авг", 8), ("сен", 9), ("окт", 10), ("ноя", 11), ("дек", 12),
        ("қаң", 1), ("ақп", 2), ("нау", 3), ("сәу", 4), ("мам", 5), ("мау", 6), ("шіл", 7), ("там", 8), ("қыр", 9), ("қаз", 10), ("қар", 11), ("жел", 12),
        ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("may", 5), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ];

    public static bool TryRead(string? text, out IncidentDate? date)
    {
        date = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (IncidentDate.TryParse(text, null, out date))
        {
            return true;
        }

        if (DateTime.TryParseExact(text, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = Day(DateOnly.FromDateTime(day));
            return true;
        }

        // Excel stores dates as days since 1899-12-30; a CSV saved from it may carry the number (20000 is 1954, 73050 is 2099).
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial is >= 20_000 and <= 73_050)
        {
            date = Day(new DateOnly(1899, 12, 30).AddDays(serial));
            return true;
        }

        var year = YearOnly().Match(text);
        if (year.Success)
        {
            return IncidentDate.TryParse(year.Groups[1].Value, null, out date);
        }

        var named = MonthAndYear().Match(text);
        if (named.Success && Months.FirstOrDefault(m => named.Groups[1].Value.StartsWith(m.Stem, StringComparison.OrdinalIgnoreCase)) is { Month: > 0 } month)
        {
            var first = new DateOnly(int.Parse(named.Groups[2].Value, CultureInfo.InvariantCulture), month.Month, 1);
            date = new IncidentDate(DatePrecision.Month, first, first.AddMonths(1).AddDays(-1));
            return true;
        }

        return false;
    }

    private static IncidentDate Day(DateOnly day) => new(DatePrecision.Day, day, day);

    [GeneratedRegex(@"^(\d{4})\s*(г\.?|год|года|ж\.?|жыл|year)?$", RegexOptions.IgnoreCase)]
    private static partial Regex YearOnly();

    [GeneratedRegex(@"^(\p{L}+)\.?\s+(\d{4})\s*(г\.?|года|ж\.?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex MonthAndYear();
}
