using Dalel.Core.Organisations;
using Dalel.Core.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>Names of dimensions and their values in a UI language.</summary>
public static class StatisticsLabels
{
    public static string Dimension(string key, string language) => Texts.Get("dim." + key, language);

    public static string Value(string dimension, string value, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        if (value.Length == 0)
        {
            return Texts.Get("stats.not_recorded", language);
        }

        var d = Statistics.Dimension.Find(dimension);
        if (d?.Vocabulary is { } list)
        {
            return Catalog.Default[list].Label(value, language);
        }

        var geography = Catalog.Default.Geography;
        return dimension switch
        {
            "country" => geography.FindCountry(value)?.Labels.For(language) ?? value,
            "region" => geography.FindRegion(value)?.Labels.For(language) ?? value,
            "settlement" => geography.Countries.SelectMany(c => c.Regions).SelectMany(r => r.Settlements).FirstOrDefault(s => s.Code == value)?.Labels.For(language) ?? value,
            "iccpr" => Texts.Get("stats.article", language, value),
            "reported" => Texts.Get(value == "yes" ? "stats.reported_yes" : "stats.reported_no", language),
            "organisation" => organisations?.FirstOrDefault(o => o.Id.ToString("D") == value)?.Name ?? value,
            _ => value,
        };
    }
}
