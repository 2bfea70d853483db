using Dalel.Core.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Import;

/// <summary>The distinct values of one mapped coded field, each with its count, its suggestion and the code already chosen.</summary>
public sealed record FieldValues(string Field, IReadOnlyList<ValueSuggestion> Values, bool Truncated);

/// <summary>
/// Prepares the mapping steps for a sheet: the suggested field of each column (headers in three languages, and the
/// import layout's own headers exactly), then for the chosen columns every distinct value of each coded field, read in
/// one pass over the sheet. Values already in <paramref name="mapping"/> (a saved profile) keep their choice; the rest get
/// the suggestion, which the person confirms or changes.
/// </summary>
public static class SuggestMapping
{
    /// <summary>Distinct values listed per field at most; a column with more is free text mapped to the wrong field.</summary>
    public const int MaxValues = 2_000;

    private static readonly Lazy<Dictionary<string, string>> LayoutHeaders = new(() => ImportFields.All
        .SelectMany(f => Texts.Languages.Select(l => (Header: SuggestValues.Normalise(CaseSheetLayout.Header(f, l)), Field: f)))
        .GroupBy(x => x.Header).ToDictionary(g => g.Key, g => g.First().Field, StringComparer.Ordinal));

    /// <summary>A sheet in Dalel's own layout (the template, or a case sheet export): one row per victim.</summary>
    public static bool IsLayout(IReadOnlyList<string> header) =>
        header.Count > 0 && header.All(h => LayoutHeaders.Value.ContainsKey(SuggestValues.Normalise(h)));

    public static IReadOnlyList<ColumnSuggestion> Columns(IReadOnlyList<string> header)
    {
        var layout = LayoutHeaders.Value;
        var byWords = SuggestColumns.For(header);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var exact = header.Select(h => layout.TryGetValue(SuggestValues.Normalise(h), out var f) && taken.Add(f) ? f : null).ToList();
        return byWords.Select((s, i) => s with { Field = exact[i] ?? (s.Field is { } f && !taken.Contains(f) ? f : null) }).ToList();
    }

    public static IReadOnlyList<FieldValues> Values(Sheet sheet, ImportMapping mapping, Catalog catalog)
    {
        mapping = mapping.Normalised();
        var coded = ImportFields.All.Where(f => ImportFields.IsCoded(f) && mapping.Has(f)).ToList();
        var counts = coded.ToDictionary(f => f, _ => new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase));
        foreach (var row in sheet.Rows)
        {
            foreach (var field in coded)
            {
                var cells = mapping.ColumnsOf(field).Select(c => row[c].Trim()).Where(c => c.Length > 0);
                foreach (var value in ImportFields.IsList(field) ? cells.SelectMany(ImportFields.SplitList) : cells)
                {
                    var values = counts[field];
                    if (values.Count < MaxValues || values.ContainsKey(value))
                    {
                        values[value] = values.GetValueOrDefault(value) + 1;
                    }
                }
            }
        }

        return coded.Select(field =>
        {
            var choices = ImportChoices.For(field, catalog, mapping.AllCountries);
            var found = counts[field];
            var suggested = ImportFields.MapsToSeveral(field)
                ? found.Select(v => Several(choices, v.Key, v.Value)).ToList()
                : SuggestValues.For(choices, found.SelectMany(v => Enumerable.Repeat(v.Key, 1))).Select(s => s with { Count = found[s.Value] }).ToList();
            var chosen = suggested
                // A choice already made keeps the suggestion's basis when it is the suggestion (so "check" still shows).
                .Select(s => mapping.CodeFor(field, s.Value) is { } code ? s with { Code = code, Basis = code == s.Code ? s.Basis : SuggestionBasis.Label } : s)
                .OrderByDescending(s => s.Count).ThenBy(s => s.Value, StringComparer.Ordinal)
                .ToList();
            return new FieldValues(field, chosen, found.Count >= MaxValues);
        }).ToList();
    }

    /// <summary>A consent answer naming several uses ("Анонимная статистика + Анонимизированная история"): each part suggested, joined by "+".</summary>
    private static ValueSuggestion Several(ImportChoices choices, string value, int count)
    {
        var parts = value.Split(['+', ';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var codes = parts.Select(p => SuggestValues.One(choices, p)).ToList();
        if (parts.Length > 0 && codes.All(c => c.Code is not null))
        {
            var basis = codes.Any(c => c.Basis == SuggestionBasis.Close) ? SuggestionBasis.Close : codes.Any(c => c.Basis == SuggestionBasis.Synonym) ? SuggestionBasis.Synonym : SuggestionBasis.Label;
            return new ValueSuggestion(value, count, string.Join('+', codes.Select(c => c.Code).Distinct()), basis);
        }

        return new ValueSuggestion(value, count, null, null);
    }

    /// <summary>The mapping with every value's current suggestion filled in where no choice was made yet (the CLI without --map).</summary>
    public static ImportMapping WithSuggestions(ImportMapping mapping, IReadOnlyList<FieldValues> values) => mapping with
    {
        Values = values.ToDictionary(
            v => v.Field,
            v => (IReadOnlyDictionary<string, string>)v.Values.Where(s => s.Code is not null).ToDictionary(s => s.Value, s => s.Code!, StringComparer.OrdinalIgnoreCase),
            StringComparer.Ordinal),
    };
}
