using Dalel.Core.Cases;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Tests.Cases;

public sealed class CaseListFilterTests
{
    [Fact]
    public void The_list_read_from_the_cases_bytes_gives_what_the_records_give_for_every_filter_it_answers()
    {
        using var test = TestInstance.Create(initialise: false);
        var demo = new BuildDemoCoalition(test.Instance).Run(KdfParameters.Fast).Value;
        var org = demo.Organisations.Single(o => o.Name.Contains("Trans", StringComparison.Ordinal)).Id;
        var scope = OrgScope.Cli(org);
        var search = new SearchCases(test.Instance);
        // Every case, through the record path (sorting by last update is not answered from the bytes).
        var records = new List<CaseRecord>();
        for (var page = 1; ; page++)
        {
            var found = search.Run(scope, new CaseQuery { Sort = CaseSort.UpdatedDesc, PageSize = 200, Page = page }).Value;
            records.AddRange(found.Items.Select(s => new GetCase(test.Instance).Run(scope, s.Id).Value.Record));
            if (page >= found.Pages)
            {
                break;
            }
        }

        var region = records.GroupBy(r => r.Place.Region).MaxBy(g => g.Count())!.Key!;
        var some = records.Where((_, i) => i % 3 == 0).Select(r => r.Id).ToHashSet();
        var queries = new (CaseQuery Query, Func<CaseRecord, bool> Expected)[]
        {
            (new CaseQuery(), _ => true),
            (new CaseQuery { Sort = CaseSort.DateAsc, Page = 2, PageSize = 7 }, _ => true),
            (new CaseQuery { Region = region }, r => r.Place.Region == region),
            (new CaseQuery { From = new DateOnly(2023, 3, 1), To = new DateOnly(2024, 2, 29) }, r => r.Date.Overlaps(new DateOnly(2023, 3, 1), new DateOnly(2024, 2, 29))),
            (new CaseQuery { Codes = new Dictionary<string, string> { [Catalog.Violations] = "police_violence" } }, r => r.Acts.Any(a => a.Violations.Contains("police_violence"))),
            (new CaseQuery { Codes = new Dictionary<string, string> { [Catalog.PerpetratorTypes] = "police" }, Sort = CaseSort.DateAsc }, r => r.Acts.Any(a => a.Perpetrators.Any(p => p.Type == "police"))),
            (new CaseQuery { Region = region, From = new DateOnly(2024, 1, 1), Codes = new Dictionary<string, string> { [Catalog.Violations] = "police_violence", [Catalog.PerpetratorTypes] = "police" } },
                r => r.Place.Region == region && r.Date.Overlaps(new DateOnly(2024, 1, 1), null) && r.Acts.Any(a => a.Violations.Contains("police_violence")) && r.Acts.Any(a => a.Perpetrators.Any(p => p.Type == "police"))),
            (new CaseQuery { Ids = some, PageSize = 200 }, r => some.Contains(r.Id)),
            (new CaseQuery { Region = "nowhere" }, _ => false),
        };

        foreach (var (query, expected) in queries)
        {
            Assert.True(CaseListFilter.Handles(query));
            var matching = records.Where(expected);
            var ordered = (query.Sort == CaseSort.DateAsc ? matching.OrderBy(r => r.Date.From) : matching.OrderByDescending(r => r.Date.From)).ThenBy(r => r.Id).ToList();
            var page = search.Run(scope, query).Value;
            Assert.Equal(ordered.Count, page.Total);
            Assert.Equal(ordered.Skip((page.Page - 1) * page.PageSize).Take(page.PageSize).Select(r => r.Id), page.Items.Select(i => i.Id));
        }

        Assert.True(queries.Count(q => search.Run(scope, q.Query).Value.Total is > 0 and < 200) >= 5, "the filters must select something, and not everything");
        Assert.False(CaseListFilter.Handles(new CaseQuery { Codes = new Dictionary<string, string> { [Catalog.GenderIdentity] = "trans_woman" } }));
        Assert.False(CaseListFilter.Handles(new CaseQuery { Sort = CaseSort.TitleAsc }));
    }
}
