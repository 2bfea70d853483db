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

    /// <summary>The time zone times are shown in (Dalel:TimeZone, default Asia/Almaty), set once at start.</summary>
    public static TimeZoneInfo Zone { get; set; } = FindZone("Asia/Almaty");

    public static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>A moment in the organisation's time zone, with the zone shown: "2024-03-15 22:40 (UTC+5)".</summary>
    public static string When(DateTimeOffset moment)
    {
        var local = TimeZoneInfo.ConvertTime(moment, Zone);
        var offset = local.Offset;
        var zone = offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset.Duration():h\\:mm}".Replace(":00", "", StringComparison.Ordinal);
        return $"{local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} ({zone})";
    }

    /// <summary>The day of a moment in the organisation's time zone.</summary>
    public static string Day(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A file size as people read it: 840 B, 12 KB, 3.4 MB (decimal comma in Russian and Kazakh).</summary>
    public static string Bytes(long bytes) => Bytes(bytes, Lang);

    public static string Bytes(long bytes, string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        return bytes switch
        {
            < 1024 => Texts.Get("size.bytes", language, bytes.ToString(culture)),
            < 1024 * 1024 => Texts.Get("size.kb", language, Math.Round(bytes / 1024.0).ToString(culture)),
            _ => Texts.Get("size.mb", language, (bytes / (1024.0 * 1024)).ToString("0.#", culture)),
        };
    }

    public static string V(string list, string? code) => Catalog.Default[list].Label(code, Lang);

    public static IReadOnlyList<Term> Terms(string list) => Catalog.Default[list].Terms;

    public static Geography Places => Catalog.Default.Geography;

    /// <summary>A region's name; region codes are unique across States, so a missing or other State still finds it.</summary>
    public static string Region(string? country, string? region) =>
        (Places.FindRegion(country, region) ?? Places.FindRegion(region))?.Labels.For(Lang) ?? "";

    public static string Settlement(string? country, string? region, string? settlement) =>
        (Places.FindSettlement(country, region, settlement) ?? Places.FindSettlement(Places.CountryOfRegion(region)?.Code, region, settlement))?.Labels.For(Lang) ?? "";

    public static string Error(Dalel.Core.Error error) => Texts.Describe(error, Lang);
}
