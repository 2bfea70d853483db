using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Register;

/// <summary>
/// A recommendation as one organisation's member sees it: links to that organisation's own cases, and only a count
/// per organisation for everyone else's — never another organisation's case ids.
/// </summary>
public sealed record RecommendationView(Guid Id, long Version, Recommendation Recommendation, IReadOnlyList<Guid> OwnCases, IReadOnlyDictionary<Guid, int> OtherOrganisationsCases)
{
    /// <summary>Own linked cases documented in another State than the one the recommendation was made to: flagged, not refused.</summary>
    public IReadOnlyDictionary<Guid, string> OwnCasesInOtherStates { get; init; } = new Dictionary<Guid, string>();
}

public sealed record RegisterView(
    IReadOnlyList<Versioned<UnDocument>> Documents,
    IReadOnlyList<Versioned<ListQuestion>> Questions,
    IReadOnlyList<RecommendationView> Recommendations);

public sealed class ReadRegister(DalelInstance instance)
{
    public Result<RegisterView> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var documents = RegisterEntries.All<UnDocument>(open).OrderBy(d => d.Value.Date).ThenBy(d => d.Value.Symbol, StringComparer.Ordinal).ToList();
        var questions = RegisterEntries.All<ListQuestion>(open).OrderBy(q => q.Value.Symbol, StringComparer.Ordinal).ThenBy(q => q.Value.Paragraph, ParagraphOrder.Instance).ToList();
        var recommendations = RegisterEntries.All<Recommendation>(open)
            .Select(r => ViewFor(scope, r, id => open.Case(id)?.Record.Place.Country))
            .OrderBy(r => r.Recommendation.Symbol, StringComparer.Ordinal).ThenBy(r => r.Recommendation.Paragraph, ParagraphOrder.Instance)
            .ToList();
        return new RegisterView(documents, questions, recommendations);
    }

    internal static RecommendationView ViewFor(OrgScope scope, Versioned<Recommendation> r, Func<Guid, string?> countryOf)
    {
        var own = r.Value.Evidence.Where(e => e.Organisation == scope.OrganisationId).Select(e => e.Case).ToList();
        return new RecommendationView(
            r.Id,
            r.Version,
            r.Value with { Evidence = [] },
            own,
            r.Value.Evidence.Where(e => e.Organisation != scope.OrganisationId).GroupBy(e => e.Organisation).ToDictionary(g => g.Key, g => g.Count()))
        {
            OwnCasesInOtherStates = own.Select(c => (Case: c, Country: countryOf(c))).Where(c => c.Country is not null && c.Country != r.Value.Country)
                .ToDictionary(c => c.Case, c => c.Country!),
        };
    }
}

/// <summary>Orders paragraph references as numbers: 7 before 7 (b) before 10, and 139.5 before 139.48.</summary>
internal sealed class ParagraphOrder : IComparer<string>
{
    public static readonly ParagraphOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var a = Parts(x);
        var b = Parts(y);
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count != b.Count ? a.Count.CompareTo(b.Count) : string.CompareOrdinal(x, y);
    }

    private static List<int> Parts(string? text)
    {
        var parts = new List<int>();
        var current = -1;
        foreach (var ch in text ?? "")
        {
            if (char.IsAsciiDigit(ch))
            {
                current = (current < 0 ? 0 : current * 10) + (ch - '0');
            }
            else if (current >= 0)
            {
                parts.Add(current);
                current = -1;
                if (ch is not '.')
                {
                    break;
                }
            }
        }

        if (current >= 0)
        {
            parts.Add(current);
        }

        return parts;
    }
}
