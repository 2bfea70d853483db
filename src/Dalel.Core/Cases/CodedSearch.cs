using Dalel.Core.Vocabularies;

namespace Dalel.Core.Cases;

/// <summary>
/// Search over coded facts without keeping text per case: a word selects the vocabulary terms, regions and settlements
/// whose label (in any UI language) contains it, and a case matches if it carries one of them.
/// </summary>
internal sealed class CodedSearch
{
    private readonly List<(string List, HashSet<string> Codes)> _terms = [];
    private readonly HashSet<string> _regions = [];
    private readonly HashSet<string> _settlements = [];

    public CodedSearch(string word, Catalog catalog)
    {
        foreach (var list in CaseCodes.Filterable)
        {
            var codes = catalog[list].Terms.Where(t => t.Labels.All().Any(l => StoredCase.ContainsText(l, word))).Select(t => t.Code).ToHashSet();
            if (codes.Count > 0)
            {
                _terms.Add((list, codes));
            }
        }

        foreach (var region in catalog.Geography.Countries.SelectMany(c => c.Regions))
        {
            if (region.Labels.All().Any(l => StoredCase.ContainsText(l, word)))
            {
                _regions.Add(region.Code);
            }

            _settlements.UnionWith(region.Settlements.Where(s => s.Labels.All().Any(l => StoredCase.ContainsText(l, word))).Select(s => s.Code));
        }
    }

    public bool Matches(CaseRecord record) =>
        (record.Place.Region is { } r && _regions.Contains(r))
        || (record.Place.Settlement is { } s && _settlements.Contains(s))
        || _terms.Any(t => CaseCodes.Of(record, t.List).Any(t.Codes.Contains));
}
