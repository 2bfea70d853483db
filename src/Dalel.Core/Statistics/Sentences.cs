using System.Globalization;
using Dalel.Core.Organisations;
using Dalel.Core.Text;

namespace Dalel.Core.Statistics;

/// <summary>
/// Sentences for reports, from the same table the numbers come from, naming every filter the table was computed with:
/// "Of 57 cases documented in Almaty (city) in 2024 (perpetrator: Police), 20 (35%) involved Police." Each sentence is
/// true as stated: a suppressed count of 1 to k−1 reads "fewer than k", a count hidden to protect others is said not
/// to be published, and perturbed counts read "about N". Percentages are whole numbers, rounded half away from zero,
/// "&lt;1%" below a half. Russian nouns and verbs agree with the number; Kazakh nouns stay singular after numerals.
/// </summary>
public static class Sentences
{
    public static IReadOnlyList<string> For(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        if (table.Total.Suppressed || table.Total.Count == 0)
        {
            return [];
        }

        return table.RowValues.Select((value, row) => (value, row))
            .Where(r => r.value.Length > 0 && table.RowTotals[r.row] is { Kind: not CellKind.Secondary } cell && (cell.Count > 0 || cell.Suppressed))
            .Select(r => One(table, r.row, language, organisations))
            .ToList();
    }

    /// <summary>
    /// Every published row in one sentence, as an editor would write it: "Of 94 cases documented in 2024, 47 (50%)
    /// involved police, 30 (32%) private individuals and fewer than 3 family members." — instead of repeating the
    /// preamble once per category. Rows withheld to protect others are left out, as in <see cref="For"/>.
    /// </summary>
    public static string Combined(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        if (table.Total.Suppressed || table.Total.Count == 0)
        {
            return "";
        }

        var rows = table.RowValues.Select((value, row) => (value, row))
            .Where(r => r.value.Length > 0 && table.RowTotals[r.row] is { Kind: not CellKind.Secondary } cell && (cell.Count > 0 || cell.Suppressed))
            .Select(r => r.row).ToList();
        if (rows.Count <= 1)
        {
            return string.Join(" ", rows.Select(r => One(table, r, language, organisations)));
        }

        var whole = Whole(table, language, organisations);
        if (whole.Length > 0 && char.IsLower(whole[0]))
        {
            whole = char.ToUpperInvariant(whole[0]) + whole[1..];
        }

        var dimension = Texts.Get("dim." + table.Rows, language).ToLower(CultureInfo.GetCultureInfo(language is "ru" or "kk" ? language : "en"));
        var parts = rows.Select((r, i) =>
        {
            var cell = table.RowTotals[r];
            var label = RunningLabel(table, r, language, organisations);
            var share = table.ShareOfTotal(r) is { } p ? $" ({PercentText(p)})" : "";
            var about = table.Perturbed ? Word(language, "about") : "";
            var count = cell.Kind == CellKind.Small ? Word(language, "fewer", table.Threshold) : about + cell.Count.ToString(CultureInfo.InvariantCulture);
            if (table.Rows == "organisation")
            {
                return language switch
                {
                    "ru" => $"{count}{share} — от организации «{label}»",
                    "kk" => $"{count} {KazakhUnitAfterNumber(table.Unit)}{share} — «{label}» ұйымынан",
                    _ => $"{count}{share} {(i == 0 ? "were documented " : "")}by {label}",
                };
            }

            return language switch
            {
                "ru" => $"{(i == 0 ? dimension + " " : "")}«{label}» — {(cell.Kind == CellKind.Small ? $"менее чем в {table.Threshold}" : $"{about}в {cell.Count.ToString(CultureInfo.InvariantCulture)}")}{share}",
                "kk" => $"{count} {KazakhUnitAfterNumber(table.Unit)}{share} — «{label}»",
                _ => $"{count}{share} {(i == 0 ? Verb(table) + " " : "")}{label}",
            };
        }).ToList();
        var and = language switch { "ru" => " и ", "kk" => " және ", _ => " and " };
        var list = string.Join(", ", parts[..^1]) + and + parts[^1];
        return language switch
        {
            "ru" => $"{whole} {list}.",
            "kk" => table.Rows == "organisation" ? $"{whole} {list}." : $"{whole} {dimension} бойынша: {list}.",
            _ => $"{whole} {list}.",
        };
    }

    private static string Verb(StatisticsTable table) =>
        table.Rows is "violation" or "perpetrator" ? "involved" : table.Rows is "region" or "settlement" or "year" or "month" or "country" ? "took place in" : "concerned";

    /// <summary>
    /// A category's name as it reads inside an English sentence: "involved police", not "involved Police"; names of
    /// places and organisations, acronyms and quoted categories keep their capitals. Russian and Kazakh quote the name as it is.
    /// </summary>
    private static string RunningLabel(StatisticsTable table, int row, string language, IReadOnlyList<Organisation>? organisations)
    {
        var label = StatisticsLabels.Value(table.Rows, table.RowValues[row], language, organisations);
        if (language != "en" || table.Rows is "region" or "settlement" or "country" or "organisation" or "year" or "month" or "iccpr")
        {
            return label;
        }

        var involves = table.Rows is "violation" or "perpetrator";
        if (!involves)
        {
            return $"“{label}”";
        }

        // "“Fake dating” entrapment" → "“fake dating” entrapment": the first letter may follow an opening quote.
        var first = label.Length > 0 && label[0] is '"' or '“' or '«' ? 1 : 0;
        return label.Length > first + 1 && char.IsUpper(label[first]) && !char.IsUpper(label[first + 1])
            ? label[..first] + char.ToLowerInvariant(label[first]) + label[(first + 1)..]
            : label;
    }

    public static string One(StatisticsTable table, int row, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        var total = table.Total.Count;
        var cell = table.RowTotals[row];
        var label = StatisticsLabels.Value(table.Rows, table.RowValues[row], language, organisations);
        var percent = table.ShareOfTotal(row) is { } p ? PercentText(p) : null;
        var about = table.Perturbed ? Word(language, "about") : "";
        var count = cell.Kind == CellKind.Small ? Word(language, "fewer", table.Threshold) : about + cell.Count.ToString(CultureInfo.InvariantCulture);
        var share = percent is null ? "" : $" ({percent})";
        var whole = Whole(table, language, organisations);
        if (whole.Length > 0 && char.IsLower(whole[0]))
        {
            whole = char.ToUpperInvariant(whole[0]) + whole[1..];
        }
        // Russian and Kazakh name the dimension ("нарушитель «Полиция» — в 56"), as a person writing the report would,
        // rather than "concern the category".
        var dimension = Texts.Get("dim." + table.Rows, language).ToLower(CultureInfo.GetCultureInfo(language is "ru" or "kk" ? language : "en"));
        if (cell.Kind == CellKind.Secondary)
        {
            return language switch
            {
                "ru" => $"{whole} число {RussianUnitsPlural(table.Unit)}, где {dimension} «{label}», не публикуется, чтобы защитить малые значения.",
                "kk" => $"{whole} {dimension} «{label}» болған {KazakhUnitAfterNumber(table.Unit)} саны шағын мәндерді қорғау үшін жарияланбайды.",
                _ => $"{whole} the number in “{label}” is not published, to protect smaller counts.",
            };
        }

        var involves = table.Rows is "violation" or "perpetrator";
        var place = table.Rows is "country" or "region" or "settlement" or "year" or "month";
        if (table.Rows == "organisation")
        {
            return language switch
            {
                "ru" => $"{whole} {count}{share} — от организации «{label}».",
                "kk" => $"{whole} {count} {KazakhUnitAfterNumber(table.Unit)}{share} — «{label}» ұйымынан.",
                _ => $"{whole} {count}{share} were documented by {label}.",
            };
        }

        var inHowMany = cell.Kind == CellKind.Small ? $"менее чем в {table.Threshold}" : $"{(table.Perturbed ? "примерно " : "")}в {cell.Count.ToString(CultureInfo.InvariantCulture)}";
        return language switch
        {
            "ru" => $"{whole} {dimension} «{label}» — {inHowMany}{share}.",
            "kk" => $"{whole} {count} {KazakhUnitAfterNumber(table.Unit)}{share}: {dimension} — «{label}».",
            _ => $"{whole} {count}{share} {(involves ? $"involved {RunningLabel(table, row, language, organisations)}" : place ? $"took place in {label}" : $"concerned “{label}”")}.",
        };
    }

    /// <summary>
    /// "Of 57 cases documented in Almaty (city) in 2024 (perpetrator: Police)," — the whole the counts are of, with every
    /// filter, the period and, for the coalition, who documented them.
    /// </summary>
    private static string Whole(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations)
    {
        var query = table.Query;
        var total = table.Total.Count;
        var about = table.Perturbed ? Word(language, "about") : "";
        var places = new List<string>();
        var others = new List<string>();
        foreach (var (key, value) in query.Filters.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (key == "year" && Period(query, language).Length > 0)
            {
                continue;
            }

            var label = StatisticsLabels.Value(key, value, language, organisations);
            if (key == "country" && Vocabularies.Catalog.Default.Geography.FindCountry(value) is { } country)
            {
                places.Insert(0, country.Locative.For(language));
                continue;
            }

            switch (key, language)
            {
                case ("region" or "settlement", "ru"):
                    places.Add($"в {(key == "region" ? "регионе" : "населённом пункте")} «{label}»");
                    break;
                case ("region" or "settlement", "kk"):
                    places.Add($"«{label}» {(key == "region" ? "өңірінде" : "елді мекенінде")}");
                    break;
                case ("region" or "settlement", _):
                    places.Add($"in {label}");
                    break;
                default:
                    others.Add($"{StatisticsLabels.Dimension(key, language)}: {(language == "en" ? label : $"«{label}»")}");
                    break;
            }
        }

        var period = Period(query, language);
        var where = string.Join(" ", places.Append(period).Where(p => p.Length > 0));
        var filters = others.Count > 0 ? $" ({string.Join("; ", others)})" : "";
        return language switch
        {
            "ru" => $"Из {about}{total} {RussianUnit(table.Unit, total)}{(where.Length > 0 || table.Coalition ? $", {RussianDocumented(total)}{(table.Coalition ? " членами коалиции" : "")}{(where.Length > 0 ? " " + where : "")}" : "")}{filters},",
            "kk" => $"{(where.Length > 0 ? where + " " : "")}{(table.Coalition ? "коалиция мүшелері құжаттаған " : where.Length > 0 ? "құжатталған " : "")}{about}{total} {KazakhUnit(table.Unit)}{filters} ішінде",
            _ => $"Of {about}{total} {EnglishUnit(table.Unit, total)}{(where.Length > 0 || table.Coalition ? $" documented{(table.Coalition ? " by coalition members" : "")}{(where.Length > 0 ? " " + where : "")}" : "")}{filters},",
        };
    }

    private static string Word(string language, string key, int k = 0) => (language, key) switch
    {
        ("ru", "fewer") => $"менее {k}",
        ("kk", "fewer") => $"{k}-тен аз",
        (_, "fewer") => $"fewer than {k}",
        ("ru", "about") => "примерно ",
        ("kk", "about") => "шамамен ",
        _ => "about ",
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
        (Unit.Acts, true) => "эпизода",
        (Unit.Acts, false) => "эпизодов",
        (Unit.Victims, true) => "пострадавшего",
        (Unit.Victims, false) => "пострадавших",
        (_, true) => "дела",
        _ => "дел",
    };

    private static string RussianDocumented(int n) => RussianOne(n) ? "задокументированного" : "задокументированных";

    /// <summary>"число дел", "число эпизодов", "число пострадавших".</summary>
    private static string RussianUnitsPlural(Unit unit) => unit switch
    {
        Unit.Acts => "эпизодов",
        Unit.Victims => "пострадавших",
        _ => "дел",
    };

    /// <summary>Genitive of the whole: "112 істің ішінде".</summary>
    private static string KazakhUnit(Unit unit) => unit switch
    {
        Unit.Acts => "эпизодтың",
        Unit.Victims => "жәбірленушінің",
        _ => "істің",
    };

    private static string KazakhUnitAfterNumber(Unit unit) => unit switch
    {
        Unit.Acts => "эпизод",
        Unit.Victims => "жәбірленуші",
        _ => "іс",
    };
}
