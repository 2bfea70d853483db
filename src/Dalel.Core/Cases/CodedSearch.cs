using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Cases;

/// <summary>
/// Search over coded facts without keeping text per case: a word selects the vocabulary terms, regions and settlements
/// whose label (in any UI language) contains it, and a case matches if it carries one of them. Labels are folded once
/// per catalog (lower case, accents removed: "ИЗБИЛИ" finds "избили", "елка" finds "ёлка") — folding every label for
/// every search was a tenth of the case list's time under load.
/// </summary>
internal sealed class CodedSearch
{
    private static readonly ConditionalWeakTable<Catalog, Folded> FoldedLabels = [];

    private readonly List<(string List, HashSet<string> Codes)> _terms = [];
    private readonly HashSet<string> _regions = [];
    private readonly HashSet<string> _settlements = [];

    public CodedSearch(string word, Catalog catalog)
    {
        var folded = FoldedLabels.GetValue(catalog, c => new Folded(c));
        var w = Fold(word);
        bool Has(string[] labels) => labels.Any(l => l.Contains(w, StringComparison.Ordinal));
        foreach (var (list, terms) in folded.Terms)
        {
            var codes = terms.Where(t => Has(t.Labels)).Select(t => t.Code).ToHashSet();
            if (codes.Count > 0)
            {
                _terms.Add((list, codes));
            }
        }

        _regions.UnionWith(folded.Regions.Where(r => Has(r.Labels)).Select(r => r.Code));
        _settlements.UnionWith(folded.Settlements.Where(s => Has(s.Labels)).Select(s => s.Code));
    }

    public bool Matches(CaseRecord record) =>
        (record.Place.Region is { } r && _regions.Contains(r))
        || (record.Place.Settlement is { } s && _settlements.Contains(s))
        || _terms.Any(t => CaseCodes.Of(record, t.List).Any(t.Codes.Contains));

    /// <summary>Lower case without combining marks, so matching is an ordinal search.</summary>
    internal static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(char.ToLowerInvariant(c));
            }
        }

        return kept.ToString();
    }

    private sealed class Folded
    {
        public Folded(Catalog catalog)
        {
            Terms = CaseCodes.Filterable.Select(list => (list, catalog[list].Terms.Select(t => (t.Code, Labels(t.Labels.All()))).ToList())).ToList();
            var regions = catalog.Geography.Countries.SelectMany(c => c.Regions).ToList();
            Regions = regions.Select(r => (r.Code, Labels(r.Labels.All()))).ToList();
            Settlements = regions.SelectMany(r => r.Settlements).Select(s => (s.Code, Labels(s.Labels.All()))).ToList();
        }

        public List<(string List, List<(string Code, string[] Labels)> Terms)> Terms { get; }

        public List<(string Code, string[] Labels)> Regions { get; }

        public List<(string Code, string[] Labels)> Settlements { get; }

        private static string[] Labels(IEnumerable<string?> labels) => [.. labels.OfType<string>().Where(l => l.Length > 0).Select(Fold)];
    }
}
