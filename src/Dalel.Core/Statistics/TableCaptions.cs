using System.Globalization;
using Dalel.Core.Text;

namespace Dalel.Core.Statistics;

/// <summary>
/// The title above a table or figure ("Table 2. Cases by perpetrator, 2022–2024") and the caption below it naming the
/// source, period, unit, overlap and disclosure rule — what a reader of a published table needs to use it correctly.
/// </summary>
public static class TableCaptions
{
    public static string Title(StatisticsTable table, string language, string? countryName)
    {
        var unit = Texts.Get("stats.total_" + Unit(table), language);
        if (countryName is not null)
        {
            unit = Texts.Get("submission.title_in_country", language, unit, countryName);
        }

        var rows = Lower(StatisticsLabels.Dimension(table.Rows, language), language);
        var title = table.Columns is { } columns
            ? Texts.Get("stats.title_by_two", language, unit, rows, Lower(StatisticsLabels.Dimension(columns, language), language))
            : Texts.Get("stats.title_by", language, unit, rows);
        return title + ", " + Period(table.Query, language);
    }

    public static string Caption(StatisticsTable table, string language, string organisationName)
    {
        var period = Period(table.Query, language);
        var parts = new List<string>
        {
            table.Coalition ? Texts.Get("submission.caption_source_coalition", language, period) : Texts.Get("submission.caption_source_org", language, organisationName, period),
            Texts.Get("submission.caption_unit_" + Unit(table), language),
        };
        if (Overlaps(table))
        {
            parts.Add(Texts.Get("submission.caption_overlap_" + Unit(table), language));
        }

        parts.Add(TableFormats.Note(table, language));
        return string.Join(" ", parts);
    }

    /// <summary>Rows can add up to more than the total: a unit has several values of a multi-valued dimension.</summary>
    public static bool Overlaps(StatisticsTable table) =>
        Dimension.Find(table.Rows) is { } rows && !rows.IsSingleValued(table.Unit)
        && table.RowTotals.Where(c => !c.Suppressed).Sum(c => c.Count) > table.Total.Count;

    /// <summary>"2022–2024", "2024", "1 March 2024 – 30 June 2024", "all dates".</summary>
    public static string Period(StatisticsQuery query, string language)
    {
        var culture = CultureInfo.GetCultureInfo(language switch { "ru" => "ru-RU", "kk" => "kk-KZ", _ => "en-GB" });
        string Day(DateOnly d) => d.ToString(language == "en" ? "d MMMM yyyy" : "dd.MM.yyyy", culture);
        string Year(int y) => y.ToString(CultureInfo.InvariantCulture);
        if (query.From is null && query.To is null && query.Filters.TryGetValue("year", out var filtered))
        {
            return Texts.Get("stats.period_year", language, filtered);
        }

        return (query.From, query.To) switch
        {
            (null, null) => Texts.Get("stats.period_all", language),
            ({ } from, { } to) when from is { Month: 1, Day: 1 } && to is { Month: 12, Day: 31 } =>
                from.Year == to.Year ? Texts.Get("stats.period_year", language, Year(from.Year)) : Texts.Get("stats.period_years", language, Year(from.Year), Year(to.Year)),
            ({ } from, { } to) => Texts.Get("stats.period_dates", language, Day(from), Day(to)),
            ({ } from, null) => Texts.Get("stats.period_from", language, Day(from)),
            (null, { } to) => Texts.Get("stats.period_to", language, Day(to)),
        };
    }

    private static string Unit(StatisticsTable table) => table.Unit.ToString().ToLowerInvariant();

    /// <summary>Category names in running text are lower case in English and Russian ("by perpetrator"); Kazakh quotes them as is.</summary>
    private static string Lower(string label, string language) =>
        language == "kk" || label.Length < 2 || char.IsUpper(label[1]) ? label : char.ToLower(label[0], CultureInfo.InvariantCulture) + label[1..];
}
