using Dalel.Core.Storage;

namespace Dalel.Core.Linkage;

/// <summary>A decision on a group: the organisation's own on this result, or carried from an earlier result's identical group.</summary>
public sealed record GroupDecision(bool Confirmed, Guid? CarriedFrom = null);

/// <summary>
/// Each organisation's decisions on a result's groups. Linkage is run again whenever lists grow, and each run gives new
/// pseudonyms and new group numbers; a decision an owner made on an earlier result still holds where that result
/// grouped exactly the same cases — the same question, so the same answer — and only there: a group that gained, lost
/// or swapped a member is asked again. Cases are compared through each organisation's own map of its runs, inside
/// Core; nothing about another organisation's case leaves.
/// </summary>
internal static class CarriedDecisions
{
    public static Dictionary<Guid, Dictionary<int, GroupDecision>> Of(Door.Unsealed open, Versioned<LinkageResult> result)
    {
        var orgs = result.Value.Lists.Select(l => l.List).Distinct().ToList();
        var decided = orgs.ToDictionary(org => org, org => LinkageStore.Decisions(open, org, result.Id).Confirmed
            .ToDictionary(d => d.Key, d => new GroupDecision(d.Value)));
        var undecided = Enumerable.Range(0, result.Value.Clusters.Count)
            .SelectMany(g => result.Value.Clusters[g].Members.Select(m => m.List).Distinct().Where(org => !decided[org].ContainsKey(g)).Select(org => (Org: org, Group: g)))
            .ToList();
        if (undecided.Count == 0)
        {
            return decided;
        }

        var runs = new Dictionary<Guid, Dictionary<Guid, LinkageRun>>();
        Dictionary<Guid, LinkageRun> RunsOf(Guid org) => runs.TryGetValue(org, out var found) ? found : runs[org] = LinkageStore.Runs(open, org);
        var keys = Keys(result.Value, RunsOf);
        // The result itself is not read again, nor any imported after it; an earlier one is read only if a group is still undecided.
        foreach (var older in LinkageStore.Earlier(open, result))
        {
            if (undecided.All(u => decided[u.Org].ContainsKey(u.Group)))
            {
                break;
            }

            var olderGroups = Keys(older.Value, RunsOf).Select((key, g) => (key, g)).Where(x => x.key is not null)
                .GroupBy(x => x.key!, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.First().g, StringComparer.Ordinal);
            var theirDecisions = new Dictionary<Guid, DuplicateDecisions>();
            foreach (var (org, group) in undecided.Where(u => !decided[u.Org].ContainsKey(u.Group)))
            {
                if (keys[group] is { } key && olderGroups.TryGetValue(key, out var olderGroup)
                    && (theirDecisions.TryGetValue(org, out var d) ? d : theirDecisions[org] = LinkageStore.Decisions(open, org, older.Id)).Confirmed.TryGetValue(olderGroup, out var confirmed))
                {
                    decided[org][group] = new GroupDecision(confirmed, older.Id);
                }
            }
        }

        return decided;
    }

    /// <summary>Each group's cases, as organisation and case, sorted and written out; null for a group with a record no map knows (a decoy, or a run no longer kept).</summary>
    private static List<string?> Keys(LinkageResult result, Func<Guid, Dictionary<Guid, LinkageRun>> runsOf)
    {
        var maps = result.Lists.DistinctBy(l => l.List).ToDictionary(l => l.List, l => runsOf(l.List).GetValueOrDefault(l.Run)?.CaseByPseudonym);
        return [.. result.Clusters.Select(cluster =>
        {
            var cases = new List<string>();
            foreach (var member in cluster.Members)
            {
                if (maps.GetValueOrDefault(member.List) is not { } map || !map.TryGetValue(member.Pseudonym, out var caseId))
                {
                    return null;
                }

                cases.Add($"{member.List:N}:{caseId:N}");
            }

            cases.Sort(StringComparer.Ordinal);
            return string.Join(',', cases);
        })];
    }
}
