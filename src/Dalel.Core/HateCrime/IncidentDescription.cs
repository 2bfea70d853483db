using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Cases;
using Dalel.Core.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.HateCrime;

/// <summary>
/// What ODIHR reads when no consented summary can go out: the incident told from its coded facts only (victims,
/// violations, perpetrators, consequences, bias indicators), in the export's language, with nothing typed by hand.
/// </summary>
public static class IncidentDescription
{
    public static string FromFacts(CaseRecord record, string language, Catalog catalog)
    {
        var parts = new List<string>
        {
            Texts.Get("hate_crime.fact_victims", language, record.Victims.Count.ToString(CultureInfo.InvariantCulture)),
            Texts.Get("hate_crime.fact_violations", language, Labels(record.Acts.SelectMany(a => a.Violations), Catalog.Violations, language, catalog)),
        };
        var perpetrators = record.Acts.SelectMany(a => a.Perpetrators).Select(p => p.Type).ToList();
        if (perpetrators.Count > 0)
        {
            parts.Add(Texts.Get("hate_crime.fact_perpetrators", language, Labels(perpetrators, Catalog.PerpetratorTypes, language, catalog)));
        }

        var consequences = record.Acts.SelectMany(a => a.Consequences).ToList();
        if (consequences.Count > 0)
        {
            parts.Add(Texts.Get("hate_crime.fact_consequences", language, Labels(consequences, Catalog.Consequences, language, catalog)));
        }

        if (record.HateCrime is { BiasIndicators.Count: > 0 } hate)
        {
            parts.Add(Texts.Get("hate_crime.fact_indicators", language, Labels(hate.BiasIndicators, Catalog.BiasIndicators, language, catalog)));
        }

        return string.Join(" ", parts);
    }

    /// <summary>Labels of distinct codes, in the language, joined with "; ".</summary>
    public static string Labels(IEnumerable<string> codes, string list, string language, Catalog catalog) =>
        string.Join("; ", codes.Distinct(StringComparer.Ordinal).Select(c => catalog[list].Find(c)?.Label(language) ?? c));

    /// <summary>
    /// A summary typed in Latin letters does not go into a Russian or Kazakh export (nor Cyrillic into an English one):
    /// ODIHR would receive a language it did not ask for, so the facts are written instead.
    /// </summary>
    public static bool InScriptOf(string text, string language)
    {
        var letters = text.Where(char.IsLetter).ToList();
        if (letters.Count == 0)
        {
            return true;
        }

        var cyrillic = letters.Count(c => c is >= '\u0400' and <= '\u04FF');
        return language is "ru" or "kk" ? cyrillic * 2 > letters.Count : cyrillic * 2 <= letters.Count;
    }

    /// <summary>
    /// "DL-2024-3F9A2C": the same for a case in every export, so ODIHR can ask back about it. It is an HMAC of the case id
    /// under the organisation's data key: whoever holds a copy of the data directory (where case ids are stored in the
    /// clear) and the published report cannot tell which stored record a published row is without the passphrase.
    /// The organisation finds it on the export page. A rotation of the data key changes the references.
    /// </summary>
    public static string Reference(byte[] dataKey, Guid @case, int year)
    {
        Span<byte> input = stackalloc byte[16 + 24];
        Encoding.ASCII.GetBytes("dalel/odihr-reference/v1", input[16..]);
        @case.TryWriteBytes(input[..16]);
        var hash = HMACSHA256.HashData(dataKey, input);
        return $"DL-{year.ToString(CultureInfo.InvariantCulture)}-{Convert.ToHexString(hash, 0, 3)}";
    }
}
