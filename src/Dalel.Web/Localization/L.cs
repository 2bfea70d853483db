using System.Globalization;
using Dalel.Core.Places;
using Dalel.Core.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Web.Localization;

/// <summary>Texts and vocabulary labels in the request's language; imported statically into every view.</summary>
public static class L
{
    public static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName switch
    {
        "ru" => "ru",
        "kk" => "kk",
        _ => "en",
    };

    public static string T(string key, params object?[] args) => Texts.Get(key, Lang, args);

    public static string V(string list, string? code) => Catalog.Default[list].Label(code, Lang);

    public static IReadOnlyList<Term> Terms(string list) => Catalog.Default[list].Terms;

    public static Geography Places => Catalog.Default.Geography;

    public static string Region(string? country, string? region) =>
        Places.FindRegion(country, region)?.Labels.For(Lang) ?? "";

    public static string Settlement(string? country, string? region, string? settlement) =>
        Places.FindSettlement(country, region, settlement)?.Labels.For(Lang) ?? "";

    public static string Error(Dalel.Core.Error error) => Texts.Describe(error, Lang);
}
