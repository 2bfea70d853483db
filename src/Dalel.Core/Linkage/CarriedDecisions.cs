using System.Security.Cryptography;
using System.Text;
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
    /// <summary>The decisions of every organisation the result names, or of <paramref name="only"/> one.</summary>
    public static Dictionary<Guid, Dictionary<int, GroupDecision>> Of(Door.Unsealed open, Versioned<LinkageResult> result, Guid? only = null)
    {
        var orgs = result.Value.Lists.Select(l => l.List).Distinct().Where(org => only is null || org == only).ToList();
        var decided = orgs.ToDictionary(org => org, org => LinkageStore.Decisions(open, org, result.Id).Confirmed
            .ToDictionary(d => d.Key, d => new GroupDecision(d.Value)));
        var undecided = Enumerable.Range(0, result.Value.Clusters.Count)
            .SelectMany(g => result.Value.Clusters[g].Members.Select(m => m.List).Distinct().Where(org => decided.TryGetValue(org, out var own) && !own.ContainsKey(g)).Select(org => (Org: org, Group: g)))
            .ToList();
        if (undecided.Count == 0)
        {
            return decided;
        }

        var maps = new RunMaps(open);
        var cases = Fingerprints(result.Value, maps);
        // Decisions remember their group's cases (since 2026-12-01), so an earlier result is read whole only for
        // decisions made before that; the result itself is not read again, nor any imported after it.
        foreach (var older in LinkageStore.EarlierIds(open, result))
        {
            var pending = undecided.Where(u => !decided[u.Org].ContainsKey(u.Group)).ToList();
            if (pending.Count == 0)
            {
                break;
            }

            List<string?>? olderCases = null;
            foreach (var mine in pending.GroupBy(u => u.Org))
            {
                var theirs = LinkageStore.Decisions(open, mine.Key, older);
                var byCases = new Dictionary<string, bool>(StringComparer.Ordinal);
                foreach (var (group, confirmed) in theirs.Confirmed)
                {
                    var fingerprint = theirs.Cases?.GetValueOrDefault(group)
                        ?? (olderCases ??= LinkageStore.Result(open, older) is { } read ? Fingerprints(read.Value, maps) : []).ElementAtOrDefault(group);
                    if (fingerprint is not null)
                    {
                        byCases.TryAdd(fingerprint, confirmed);
                    }
                }

                foreach (var (org, group) in mine)
                {
                    if (cases[group] is { } key && byCases.TryGetValue(key, out var confirmed))
                    {
                        decided[org][group] = new GroupDecision(confirmed, older);
                    }
                }
            }
        }

        return decided;
    }

    /// <summary>One group's fingerprint, kept with a decision on it; null when a record of the group maps to no case.</summary>
    public static string? Fingerprint(RunMaps runs, LinkageResult result, int group) =>
        Fingerprints(result with { Clusters = [result.Clusters[group]] }, runs)[0];

    /// <summary>
    /// Each group's cases, as organisation and case, sorted, written out and hashed (the case ids are random, so the
    /// hash names no case to whoever opens a decision); null for a group with a record no map knows (a decoy, or a
    /// run no longer kept).
    /// </summary>
    private static List<string?> Fingerprints(LinkageResult result, RunMaps runs)
    {
        var maps = result.Lists.DistinctBy(l => l.List).ToDictionary(l => l.List, l => runs.CasesOf(l.List, l.Run));
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
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', cases))));
        })];
    }
}
