using Dalel.Core.Members;

namespace Dalel.Core.Cases;

public enum CaseSort
{
    DateDesc,
    DateAsc,
    UpdatedDesc,
    TitleAsc,
}

public sealed record CaseQuery
{
    /// <summary>Words that must all appear (case-insensitive; ё = е).</summary>
    public string? Text { get; init; }

    /// <summary>Vocabulary list → code the case must carry, for any list in <see cref="CaseCodes.Filterable"/>.</summary>
    public IReadOnlyDictionary<string, string> Codes { get; init; } = new Dictionary<string, string>();

    public string? Region { get; init; }

    /// <summary>Only these cases (the evidence linked to a recommendation), when given.</summary>
    public IReadOnlyCollection<Guid>? Ids { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public CaseSort Sort { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 25;
}

public sealed record CaseSummary(Guid Id, string Title, IncidentDate Date, string? Region, string? Settlement, CaseStatus Status, IReadOnlyList<string> Violations, int Victims, DateTimeOffset UpdatedAt, string Country = "KZ");

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Lists one organisation's cases with full-text search, filters, sorting and paging, in memory. What the text
/// search reaches follows the role: analysts search coded facts only, so a search cannot reveal a narrative.
/// </summary>
public sealed class SearchCases(DalelInstance instance)
{
    public Result<CasePage> Run(OrgScope scope, CaseQuery query)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var words = (query.Text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => (Word: w, Coded: new CodedSearch(w, instance.Catalog))).ToList();
        if (words.Count == 0 && CaseListFilter.Handles(query))
        {
            return CaseListFilter.Run(scope, opened.Value.Cases, query);
        }

        var narratives = scope.Can(Capability.ReadNarratives);
        var identities = scope.Can(Capability.ReadIdentities);
        // Each case read once (see StoredCase), then filtered and sorted as a record: its coded facts only, unless the
        // free text is searched or sorted on; only the page shown is read whole.
        var sort = query.Sort == CaseSort.TitleAsc && !narratives ? CaseSort.DateDesc : query.Sort;
        var wholeRecords = (narratives && words.Count > 0) || sort == CaseSort.TitleAsc;
        var cases = identities && words.Count > 0 ? opened.Value.CasesWithIdentities : opened.Value.Cases;
        var matches = cases.Select(c => (Stored: c, Record: wholeRecords ? c.Record : c.Facts)).Where(c =>
            (query.Region is null || c.Record.Place.Region == query.Region)
            && (query.Ids is null || query.Ids.Contains(c.Record.Id))
            && c.Record.Date.Overlaps(query.From, query.To)
            && query.Codes.All(f => CaseCodes.Of(c.Record, f.Key).Contains(f.Value))
            && words.All(w => w.Coded.Matches(c.Record)
                              || (narratives && StoredCase.FreeTextContains(c.Record, w.Word))
                              || (identities && c.Stored.IdentityContains(w.Word))));

        var ordered = sort switch
        {
            CaseSort.DateAsc => matches.OrderBy(c => c.Record.Date.From).ThenBy(c => c.Record.Id),
            CaseSort.UpdatedDesc => matches.OrderByDescending(c => c.Record.UpdatedAt).ThenBy(c => c.Record.Id),
            CaseSort.TitleAsc => matches.OrderBy(c => c.Record.Title, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Record.Id),
            _ => matches.OrderByDescending(c => c.Record.Date.From).ThenBy(c => c.Record.Id),
        };
        return Page(scope, ordered.Select(c => c.Stored).ToList(), query);
    }

    /// <summary>The page asked for of the matching cases, in order: only its cases are read whole.</summary>
    internal static CasePage Page(OrgScope scope, IReadOnlyList<StoredCase> all, CaseQuery query)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var pages = Math.Max(1, (all.Count + pageSize - 1) / pageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        var items = all.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => Redaction.For(scope, c.Record))
            .Select(r => new CaseSummary(r.Id, r.Title, r.Date, r.Place.Region, r.Place.Settlement, r.Status,
                r.Acts.SelectMany(a => a.Violations).Distinct().ToList(), r.Victims.Count, r.UpdatedAt, r.Place.Country))
            .ToList();
        return new CasePage(items, all.Count, page, pageSize);
    }
}
