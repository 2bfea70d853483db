using Dalel.Core.Vocabularies;

namespace Dalel.Core.Import;

/// <summary>One term a value can be mapped to: its code, labels, and further names people write for it.</summary>
public sealed record ImportChoice(string Code, Labels Labels, IReadOnlyList<string> Names);

/// <summary>
/// What the values of a coded field can be mapped to: a vocabulary's terms, or for places every region and settlement
/// of the country (a settlement's code is "region/settlement", so "Караганда" in a region column finds both).
/// </summary>
public sealed class ImportChoices
{
    /// <summary>Words for places that say what kind of place it is, dropped before comparing ("г. Алматы", "Акмолинская обл.").</summary>
    private static readonly HashSet<string> PlaceWords = new(StringComparer.Ordinal)
    {
        "г", "город", "гор", "обл", "область", "области", "облысы", "қ", "қаласы", "қала", "city", "region", "oblast", "province", "район", "ауданы",
    };

    /// <summary>Former and everyday names of places, as older sheets have them.</summary>
    private static readonly Dictionary<string, string[]> FormerNames = new(StringComparer.Ordinal)
    {
        ["astana"] = ["нур султан", "нурсултан", "целиноград", "nur sultan", "нұр сұлтан"],
        ["almaty_city"] = ["алма ата", "alma ata"],
        ["shymkent"] = ["чимкент"],
    };

    private ImportChoices(string field, IReadOnlyList<ImportChoice> terms)
    {
        Field = field;
        Terms = terms;
    }

    public string Field { get; }

    public IReadOnlyList<ImportChoice> Terms { get; }

    public ImportChoice? Find(string code) => Terms.FirstOrDefault(t => t.Code == code);

    public static ImportChoices For(string field, Catalog catalog, string country = "KZ") => For(field, catalog, [country]);

    /// <summary>The choices of a field; for places, the regions and settlements of every State given.</summary>
    public static ImportChoices For(string field, Catalog catalog, IReadOnlyList<string> countries)
    {
        if (ImportFields.IsPlace(field))
        {
            var places = new List<ImportChoice>();
            foreach (var region in countries.SelectMany(c => catalog.Geography.FindCountry(c)?.Regions ?? []))
            {
                places.Add(new ImportChoice(region.Code, region.Labels, [.. region.Labels.All().Select(PlaceName), .. (region.Local is { } local ? [PlaceName(local)] : Array.Empty<string>()), .. FormerNames.GetValueOrDefault(region.Code) ?? []]));
                places.AddRange(region.Settlements.Select(s =>
                    new ImportChoice($"{region.Code}/{s.Code}", s.Labels, s.Labels.All().Select(PlaceName).ToList())));
            }

            return new ImportChoices(field, places);
        }

        var vocabulary = ImportFields.VocabularyOf(field) ?? throw new ArgumentException($"'{field}' is not a coded field.", nameof(field));
        return new ImportChoices(field, catalog[vocabulary].Terms.Select(t => new ImportChoice(t.Code, t.Labels, [])).ToList());
    }

    /// <summary>The name compared for a place: without the words saying it is a city or a region.</summary>
    public static string PlaceName(string text) =>
        string.Join(' ', SuggestValues.Normalise(text).Split(' ').Where(w => !PlaceWords.Contains(w)));

    /// <summary>The labels nearest to <paramref name="value"/> by edit distance, for a message about a value not found.</summary>
    public IReadOnlyList<string> Nearest(string value, string language, int count = 3)
    {
        var wanted = ImportFields.IsPlace(Field) ? PlaceName(value) : SuggestValues.Normalise(value);
        return Terms
            .Select(t => (t, Distance: t.Labels.All().Select(l => ImportFields.IsPlace(Field) ? PlaceName(l) : SuggestValues.Normalise(l)).Concat(t.Names).Min(n => Distance(n, wanted))))
            .OrderBy(x => x.Distance).ThenBy(x => x.t.Code, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.t.Labels.For(language))
            .ToList();
    }

    /// <summary>Levenshtein distance, with two rows of memory.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
