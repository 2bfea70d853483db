using System.Globalization;
using Dalel.Core.Organisations;

namespace Dalel.Core.Statistics;

/// <summary>
/// Sentences for reports, from the same table the numbers come from: "Of 112 cases documented in 2024, 56 (50%)
/// involved Police." Percentages are whole numbers, rounded half away from zero, "&lt;1%" below a half; hidden counts
/// read "fewer than k". Russian and Kazakh grammar: Russian nouns and verbs agree with the number; Kazakh nouns stay
/// singular after numerals.
/// </summary>
public static class Sentences
{
    public static IReadOnlyList<string> For(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        if (table.WithheldBecause is not null || table.Total.Suppressed || table.Total.Count == 0)
        {
            return [];
        }

        return table.RowValues.Select((value, row) => (value, row))
            .Where(r => r.value.Length > 0)
            .Select(r => One(table, r.row, language, organisations))
            .ToList();
    }

    public static string One(StatisticsTable table, int row, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        var total = table.Total.Count;
        var cell = table.RowTotals[row];
        var label = StatisticsLabels.Value(table.Rows, table.RowValues[row], language, organisations);
        var percent = table.ShareOfTotal(row) is { } p ? PercentText(p) : null;
        var period = Period(table.Query, language);
        var count = cell.Suppressed ? Phrase(language, "fewer", table.Threshold) : cell.Count.ToString(CultureInfo.InvariantCulture);
        var share = percent is null ? "" : $" ({percent})";
        var involves = table.Rows is "violation" or "perpetrator";
        var place = table.Rows is "region" or "settlement" or "year" or "month";
        if (table.Rows == "organisation")
        {
            return language switch
            {
                "ru" => $"Из {total} {RussianUnit(table.Unit, total)}{(period.Length > 0 ? $", {RussianDocumented(total)} {period}," : "")} {count}{share} — от организации «{label}».",
                "kk" => $"{(period.Length > 0 ? period + " құжатталған " : "")}{total} {KazakhUnit(table.Unit)} ішінде {count} {KazakhUnitAfterNumber(table.Unit)}{share} — «{label}» ұйымынан.",
                _ => $"Of {total} {EnglishUnit(table.Unit, total)}{(period.Length > 0 ? $" documented {period}" : "")}, {count}{share} were documented by {label}.",
            };
        }

        return language switch
        {
            "ru" => $"Из {total} {RussianUnit(table.Unit, total)}{(period.Length > 0 ? $", {RussianDocumented(total)} {period}," : "")} {count}{share} {RussianVerb(cell.Suppressed ? 5 : cell.Count)} категории «{label}».",
            "kk" => $"{(period.Length > 0 ? period + " құжатталған " : "")}{total} {KazakhUnit(table.Unit)} ішінде {count} {KazakhUnitAfterNumber(table.Unit)}{share} «{label}» санатына қатысты.",
            _ => $"Of {total} {EnglishUnit(table.Unit, total)}{(period.Length > 0 ? $" documented {period}" : "")}, {count}{share} {(involves ? $"involved {label}" : place ? $"took place in {label}" : $"concerned “{label}”")}.",
        };
    }

    private static string Phrase(string language, string key, int k) => (language, key) switch
    {
        ("ru", "fewer") => $"менее {k}",
        ("kk", "fewer") => $"{k}-тен аз",
        _ => $"fewer than {k}",
    };

    public static string PercentText(double percent) =>
        percent is > 0 and < 0.5 ? "<1%" : Math.Round(percent, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + "%";

    private static string Period(StatisticsQuery query, string language)
    {
        var year = query.Filters.TryGetValue("year", out var y) ? y : null;
        if (year is null && query.From is { } f && query.To is { } t && f == new DateOnly(f.Year, 1, 1) && t == new DateOnly(f.Year, 12, 31))
        {
            year = f.Year.ToString(CultureInfo.InvariantCulture);
        }

        if (year is not null)
        {
            return language switch { "ru" => $"в {year} году", "kk" => $"{year} жылы", _ => $"in {year}" };
        }

        var from = query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (from, to, language) switch
        {
            (null, null, _) => "",
            (_, null, "ru") => $"с {from}",
            (null, _, "ru") => $"по {to}",
            (_, _, "ru") => $"с {from} по {to}",
            (_, null, "kk") => $"{from} бастап",
            (null, _, "kk") => $"{to} дейін",
            (_, _, "kk") => $"{from} мен {to} аралығында",
            (_, null, _) => $"since {from}",
            (null, _, _) => $"until {to}",
            _ => $"between {from} and {to}",
        };
    }

    private static bool RussianOne(int n) => n % 10 == 1 && n % 100 != 11;

    private static string EnglishUnit(Unit unit, int n) => (unit, n == 1) switch
    {
        (Unit.Acts, true) => "act",
        (Unit.Acts, false) => "acts",
        (Unit.Victims, true) => "victim",
        (Unit.Victims, false) => "victims",
        (_, true) => "case",
        _ => "cases",
    };

    /// <summary>Genitive after "из N": из 1 дела, из 21 дела, из 2 дел, из 112 дел.</summary>
    private static string RussianUnit(Unit unit, int n) => (unit, RussianOne(n)) switch
    {
        (Unit.Acts, true) => "действия",
        (Unit.Acts, false) => "действий",
        (Unit.Victims, true) => "пострадавшего",
        (Unit.Victims, false) => "пострадавших",
        (_, true) => "дела",
        _ => "дел",
    };

    private static string RussianDocumented(int n) => RussianOne(n) ? "задокументированного" : "задокументированных";

    /// <summary>"1 касается", "21 касается", "2 касаются", "56 касаются".</summary>
    private static string RussianVerb(int n) => RussianOne(n) ? "касается" : "касаются";

    /// <summary>Genitive of the whole: "112 істің ішінде".</summary>
    private static string KazakhUnit(Unit unit) => unit switch
    {
        Unit.Acts => "әрекеттің",
        Unit.Victims => "жәбірленушінің",
        _ => "істің",
    };

    private static string KazakhUnitAfterNumber(Unit unit) => unit switch
    {
        Unit.Acts => "әрекет",
        Unit.Victims => "жәбірленуші",
        _ => "іс",
    };
}
