namespace Dalel.Core.Linkage;

/// <summary>
/// Multi-party grouping as anonlink's greedy solver does it: candidate pairs (different lists, same block, similarity
/// at or above the threshold) are taken most similar first; two groups merge only if they hold no two records of the
/// same list and at least half of the pairs between them are candidates.
/// </summary>
internal static class GreedyGroups
{
    public sealed record Group(IReadOnlyList<int> Members, double Similarity);

    public static List<Group> Run(int count, Func<int, int> list, Func<int, int> block, Func<int, int, double> similarity, double threshold) =>
        FromCandidates(count, list, Candidates(count, list, block, similarity, threshold));

    /// <summary>Pairs of records of different lists in the same block whose similarity reaches the threshold.</summary>
    public static List<(int A, int B, double Similarity)> Candidates(int count, Func<int, int> list, Func<int, int> block, Func<int, int, double> similarity, double threshold)
    {
        var candidates = new List<(int A, int B, double Similarity)>();
        var lists = Enumerable.Range(0, count).Select(list).ToArray();
        foreach (var members in Enumerable.Range(0, count).GroupBy(block).Select(g => g.GroupBy(i => lists[i]).Select(l => l.ToArray()).ToArray()))
        {
            // Each pair of lists in the block; both cores share the rows, each collecting its own candidates.
            for (var x = 0; x < members.Length; x++)
            {
                for (var y = x + 1; y < members.Length; y++)
                {
                    var (left, right) = (members[x], members[y]);
                    Parallel.For(0, left.Length, () => new List<(int, int, double)>(), (a, _, found) =>
                    {
                        foreach (var b in right)
                        {
                            if (similarity(left[a], b) is var s && s >= threshold)
                            {
                                found.Add((Math.Min(left[a], b), Math.Max(left[a], b), s));
                            }
                        }

                        return found;
                    }, found =>
                    {
                        lock (candidates)
                        {
                            candidates.AddRange(found);
                        }
                    });
                }
            }
        }

        return candidates;
    }

    /// <summary>Groups from candidate pairs (a &lt; b), most similar first; among equals, the closer first when <paramref name="closeness"/> (one per candidate) is given, then by record order.</summary>
    public static List<Group> FromCandidates(int count, Func<int, int> list, List<(int A, int B, double Similarity)> candidates, IReadOnlyList<double>? closeness = null)
    {
        var isCandidate = candidates.ToDictionary(c => (Math.Min(c.A, c.B), Math.Max(c.A, c.B)), c => c.Similarity);
        var group = Enumerable.Range(0, count).Select(i => new List<int> { i }).ToArray();
        var owner = Enumerable.Range(0, count).ToArray();
        var order = Enumerable.Range(0, candidates.Count)
            .OrderByDescending(i => candidates[i].Similarity).ThenByDescending(i => closeness?[i] ?? 0).ThenBy(i => candidates[i].A).ThenBy(i => candidates[i].B);
        foreach (var (a, b, _) in order.Select(i => candidates[i]))
        {
            var (ga, gb) = (owner[a], owner[b]);
            if (ga == gb)
            {
                continue;
            }

            var (left, right) = (group[ga], group[gb]);
            if (left.Any(x => right.Any(y => list(x) == list(y))))
            {
                continue;
            }

            var cross = left.SelectMany(x => right.Select(y => (Math.Min(x, y), Math.Max(x, y)))).ToList();
            if (cross.Count(isCandidate.ContainsKey) * 2 < cross.Count)
            {
                continue;
            }

            left.AddRange(right);
            foreach (var moved in right)
            {
                owner[moved] = ga;
            }

            group[gb] = [];
        }

        return group.Where(g => g.Count > 1).Select(g =>
        {
            var pairs = g.SelectMany(x => g.Where(y => y > x).Select(y => (Math.Min(x, y), Math.Max(x, y)))).Where(isCandidate.ContainsKey).Select(p => isCandidate[p]).ToList();
            return new Group(g, pairs.Average());
        }).ToList();
    }
}
