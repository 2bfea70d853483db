using System.Globalization;
using System.Text.Json;

namespace Dalel.Core.Text;

/// <summary>
/// Every user-facing text of Dalel in English, Russian and Kazakh, from one data file (Text/ui.json).
/// A missing key shows as ⟦key⟧ so tests and translators can find it.
/// </summary>
public static class Texts
{
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "kk"];

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> All = new(() =>
    {
        using var stream = typeof(Texts).Assembly.GetManifestResourceStream("text/ui.json")!;
        return JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)!;
    });

    public static IReadOnlyCollection<string> Keys => All.Value.Keys;

    public static bool Has(string key) => All.Value.ContainsKey(key);

    public static string Get(string key, string language, params object?[] args)
    {
        if (!All.Value.TryGetValue(key, out var byLanguage))
        {
            return $"⟦{key}⟧";
        }

        var text = byLanguage.TryGetValue(language, out var t) ? t : byLanguage["en"];
        return args.Length == 0 ? text : string.Format(CultureInfo.GetCultureInfo(language), text, args);
    }

    public static IReadOnlyDictionary<string, string> Translations(string key) =>
        All.Value.TryGetValue(key, out var byLanguage) ? byLanguage : new Dictionary<string, string>();

    /// <summary>The message for an expected failure, in one place for every host.</summary>
    public static string Describe(Error error, string language) => error switch
    {
        NotFound => Get("error.not_found", language),
        Forbidden => Get("error.forbidden", language),
        VaultSealed => Get("error.sealed", language),
        WrongPassphrase => Get("error.wrong_passphrase", language),
        BadCredentials => Get("error.bad_credentials", language),
        SecondFactorRequired => Get("error.second_factor_required", language),
        LockedOut l => Get("error.locked_out", language, l.Until.UtcDateTime.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        EditConflict => Get("error.edit_conflict", language),
        AlreadyExists => Get("error.already_exists", language),
        Invalid i => string.Join("; ", i.Errors.Select(e => Describe(e, language))),
        Import.ImportRejected r => Get("error.import_rejected", language, r.Report.ProblemCount),
        _ => error.GetType().Name,
    };

    /// <summary>An argument written "@key" is itself a text (a field's name), given in the same language.</summary>
    public static string Describe(FieldError error, string language) =>
        Get(error.MessageKey, language, error.Args.Select(a => (object?)(a.StartsWith('@') && a.Length > 1 ? Get(a[1..], language) : a)).ToArray());
}
