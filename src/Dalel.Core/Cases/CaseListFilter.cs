using System.Text;
using Dalel.Core.Members;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Cases;

/// <summary>
/// The case list's usual request — no search words, sorted by incident date, filtered at most by region, dates, ids
/// and violation or perpetrator type — answered from the cases' bytes: the date and region from the head, the codes by
/// walking the coded facts, nothing built until the page shown is read whole. Under 50 concurrent readers the record
/// path's garbage (a record per case per request) kept the collector stopping every request (docs/benchmarks.md).
/// Gives exactly what <see cref="SearchCases"/>' record path gives (a test compares them).
/// </summary>
internal static class CaseListFilter
{
    public static bool Handles(CaseQuery query) =>
        query.Sort is CaseSort.DateDesc or CaseSort.DateAsc
        && query.Region is not ""
        && query.Codes.Keys.All(list => list is Catalog.Violations or Catalog.PerpetratorTypes);

    public static CasePage Run(OrgScope scope, IEnumerable<StoredCase> cases, CaseQuery query)
    {
        var region = query.Region is null ? [] : Encoding.UTF8.GetBytes(query.Region);
        var codes = new Codes(Utf8(query, Catalog.Violations), Utf8(query, Catalog.PerpetratorTypes));
        var matches = new List<(StoredCase Case, DateOnly From, Guid Id)>();
        foreach (var stored in cases)
        {
            var bytes = stored.Body.Span;
            var date = CaseBinary.DateOf(bytes, region, out var inRegion);
            var id = CaseBinary.IdOf(bytes);
            if (!inRegion || !date.Overlaps(query.From, query.To) || (query.Ids is { } ids && !ids.Contains(id)))
            {
                continue;
            }

            if (codes.Asks)
            {
                var found = codes;
                CaseBinary.Walk(bytes, ref found);
                if (!found.Matched)
                {
                    continue;
                }
            }

            matches.Add((stored, date.From, id));
        }

        var ordered = query.Sort == CaseSort.DateAsc
            ? matches.OrderBy(c => c.From).ThenBy(c => c.Id)
            : matches.OrderByDescending(c => c.From).ThenBy(c => c.Id);
        return SearchCases.Page(scope, ordered.Select(c => c.Case).ToList(), query);
    }

    private static byte[]? Utf8(CaseQuery query, string list) => query.Codes.TryGetValue(list, out var code) ? Encoding.UTF8.GetBytes(code) : null;

    /// <summary>Whether a case carries the violation and the perpetrator type asked for (either may be unasked).</summary>
    private struct Codes(byte[]? violation, byte[]? perpetrator) : ICodedFacts
    {
        private bool _violation = violation is null;
        private bool _perpetrator = perpetrator is null;

        public readonly bool Asks => violation is not null || perpetrator is not null;

        public readonly bool Matched => _violation && _perpetrator;

        public void Violation(Utf8Code code) => _violation |= code.Present && code.Utf8.SequenceEqual(violation);

        public void Perpetrator(Utf8Code type) => _perpetrator |= type.Present && type.Utf8.SequenceEqual(perpetrator);

        public readonly void Date(DatePrecision precision, DateOnly from, DateOnly to)
        {
        }

        public readonly void Place(Utf8Code region, Utf8Code settlement)
        {
        }

        public readonly void Status(CaseStatus status)
        {
        }

        public readonly void Victim(int? age, Utf8Code ageBand, Utf8Code orientation, Utf8Code identity, Utf8Code expression, Utf8Code characteristics, Utf8Code trans)
        {
        }

        public readonly void Consent(Utf8Code use, bool granted, DateOnly date)
        {
        }

        public readonly void Act()
        {
        }

        public readonly void Intervention(Utf8Code type, Utf8Code response)
        {
        }
    }
}
