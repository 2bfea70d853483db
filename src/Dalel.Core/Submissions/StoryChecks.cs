using System.Text.RegularExpressions;
using Dalel.Core.Cases;
using Dalel.Core.Places;

namespace Dalel.Core.Submissions;

/// <summary>A detail in a story that could point at a person; export is blocked until it is removed or an owner accepts it.</summary>
public sealed record StoryFlag(string Kind, string Excerpt);

/// <summary>
/// Looks for what most often identifies a victim in a published story: names (those recorded for the case's victims,
/// and name-shaped words with Russian, Kazakh or transliterated surname endings), exact dates, street addresses, phone
/// numbers, e-mail addresses and handles, document numbers, exact ages, and the case's settlement or locality when it
/// is not a large city. It is a safety net for the editor, not a guarantee: a rare detail only people nearby would
/// recognise cannot be found by pattern.
/// </summary>
public static partial class StoryChecks
{
    public const string Name = "name";
    public const string ExactDate = "exact_date";
    public const string Address = "address";
    public const string Phone = "phone";
    public const string Contact = "contact";
    public const string DocumentNumber = "document_number";
    public const string ExactAge = "exact_age";
    public const string RarePlace = "rare_place";

    public static readonly IReadOnlyList<string> Kinds = [Name, ExactDate, Address, Phone, Contact, DocumentNumber, ExactAge, RarePlace];

    /// <summary>Regional centres large enough that naming them does not narrow down a person (the three republican cities are regions, not settlements).</summary>
    private static readonly HashSet<string> LargeCities = new(StringComparer.Ordinal) { "karaganda", "aktobe", "semey", "pavlodar", "taraz", "oskemen", "uralsk", "kostanay" };

    private const string Months = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
        + "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
        + "|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан";

    [GeneratedRegex(@"\b\d{1,2}[./]\d{1,2}[./](\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(st|nd|rd|th)?\s+(" + Months + @")\b|\b(" + Months + @")\s+\d{1,2}(st|nd|rd|th)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"(\bул\.|\bулиц[аеуы]\b|\bпр-т\b|\bпроспект[аеу]?\b|\bмкр\.?|\bмикрорайон[аеу]?\b|\bкв\.\s*\d|\bд\.\s*\d|\bдом\s+\d|\bstreet\b|\bst\.\s|\bavenue\b|\bave\.|\bapt\.?\s*\d|\bapartment\s+\d|\bкөшесі\b|\bдаңғылы\b|\bшағын аудан[ыда]*\b)[^.,;\n]{0,30}", RegexOptions.IgnoreCase)]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"(?<![\d])(\+?\d[\d\s\-()]{8,16}\d)(?![\d])")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.-]+|(?<![\w])@[A-Za-z0-9_]{4,}|\bt\.me/\S+|\b(instagram|facebook|vk|tiktok)\.com/\S+", RegexOptions.IgnoreCase)]
    private static partial Regex ContactPattern();

    [GeneratedRegex(@"№\s*\d{3,}|\b\d{6,}\b")]
    private static partial Regex DocumentPattern();

    [GeneratedRegex(@"\b\d{1,2}[\s-]*(year[\s-]old|years old|лет\b|года\b|год\b|жаста|жасар|жастағы)", RegexOptions.IgnoreCase)]
    private static partial Regex AgePattern();

    /// <summary>A capitalised word followed by one with a surname ending: "Айгерим Нурланова", "Daniyar Seitkali-uly".</summary>
    [GeneratedRegex(@"\b\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}*(ова|ева|ина|ов|ев|ин|ий|ская|ский|ұлы|қызы|ova|eva|ina|ov|ev|in|uly|kyzy|skaya|skiy)\b")]
    private static partial Regex NamePattern();

    public static IReadOnlyList<StoryFlag> Find(string text, CaseRecord record, IReadOnlyList<VictimIdentity> identities, Geography geography)
    {
        var flags = new List<StoryFlag>();
        void Add(string kind, string excerpt)
        {
            excerpt = excerpt.Trim();
            if (excerpt.Length > 0 && !flags.Any(f => f.Kind == kind && string.Equals(f.Excerpt, excerpt, StringComparison.OrdinalIgnoreCase)))
            {
                flags.Add(new StoryFlag(kind, excerpt));
            }
        }

        foreach (var identity in identities)
        {
            foreach (var part in Words(identity.FullName).Where(w => w.Length >= 3))
            {
                if (Position(text, part) is { } at)
                {
                    Add(Name, text.Substring(at, part.Length));
                }
            }

            foreach (var value in Words(identity.DocumentNumbers).Concat(Words(identity.Contacts)).Where(w => w.Length >= 4))
            {
                if (Position(text, value) is { } at)
                {
                    Add(Contact, text.Substring(at, value.Length));
                }
            }
        }

        foreach (Match m in NamePattern().Matches(text))
        {
            Add(Name, m.Value);
        }

        foreach (Match m in DatePattern().Matches(text))
        {
            Add(ExactDate, m.Value);
        }

        foreach (Match m in AddressPattern().Matches(text))
        {
            Add(Address, m.Value);
        }

        foreach (Match m in ContactPattern().Matches(text))
        {
            Add(Contact, m.Value);
        }

        foreach (Match m in PhonePattern().Matches(text))
        {
            if (m.Value.Count(char.IsAsciiDigit) >= 10)
            {
                Add(Phone, m.Value);
            }
        }

        foreach (Match m in DocumentPattern().Matches(text))
        {
            if (!flags.Any(f => f.Kind == Phone && f.Excerpt.Contains(m.Value.Trim(), StringComparison.Ordinal)))
            {
                Add(DocumentNumber, m.Value);
            }
        }

        foreach (Match m in AgePattern().Matches(text))
        {
            Add(ExactAge, m.Value);
        }

        foreach (var place in RarePlaces(record, geography))
        {
            if (Position(text, place) is { } at)
            {
                Add(RarePlace, text.Substring(at, place.Length));
            }
        }

        return flags;
    }

    /// <summary>Flags not yet removed from the text nor accepted by an owner.</summary>
    public static IReadOnlyList<StoryFlag> Open(IReadOnlyList<StoryFlag> flags, CaseStory story) =>
        flags.Where(f => !story.Accepted.Any(a => a.Kind == f.Kind && string.Equals(a.Excerpt, f.Excerpt, StringComparison.OrdinalIgnoreCase))).ToList();

    private static IEnumerable<string> RarePlaces(CaseRecord record, Geography geography)
    {
        if (record.Place.Locality is { Length: >= 3 } locality)
        {
            yield return locality;
        }

        if (record.Place.Settlement is { } code && !LargeCities.Contains(code)
            && geography.FindSettlement(record.Place.Country, record.Place.Region, code) is { } settlement)
        {
            foreach (var name in new[] { settlement.Labels.En, settlement.Labels.Ru, settlement.Labels.Kk }.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                yield return name;
            }
        }
    }

    private static string[] Words(string? text) =>
        (text ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int? Position(string text, string value)
    {
        var at = System.Globalization.CultureInfo.InvariantCulture.CompareInfo.IndexOf(text, value, System.Globalization.CompareOptions.IgnoreCase);
        return at >= 0 ? at : null;
    }
}
