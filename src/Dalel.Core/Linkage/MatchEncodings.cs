namespace Dalel.Core.Linkage;

/// <summary>
/// Links encodings only — whoever runs it needs no secret and learns no plaintext. Records are compared within
/// their incident year (the blocking key) and across lists, by Dice similarity; pairs at or above the threshold are
/// candidates. Groups are then formed greedily, most similar pairs first, as anonlink's multi-party solver does: two
/// groups merge only if they hold no two records of the same list and at least half of the pairs between them are
/// candidates.
/// </summary>
public static class MatchEncodings
{
    /// <summary>
    /// On balanced encodings Dice is the share of positions where the plain filters agree, so unrelated records of the
    /// same year already agree on two thirds or more (mostly on empty positions); true duplicates agree on well over 0.9.
    /// </summary>
    public const double DefaultThreshold = 0.9;

    private sealed record Node(int List, Guid Pseudonym, int Year, ulong[] Bits, int Count);

    public static LinkageResult Run(IReadOnlyList<EncodingFile> files, double threshold = DefaultThreshold)
    {
        var nodes = files.SelectMany((file, list) => file.Records.Select(r =>
        {
            var bits = Decode(r.Bits);
            return new Node(list, r.Pseudonym, r.Year, bits, Clk.Count(bits));
        })).ToList();

        var candidates = new List<(int A, int B, double Similarity)>();
        foreach (var block in nodes.Select((n, i) => (n, i)).GroupBy(x => x.n.Year))
        {
            var members = block.ToList();
            for (var a = 0; a < members.Count; a++)
            {
                for (var b = a + 1; b < members.Count; b++)
                {
                    if (members[a].n.List == members[b].n.List)
                    {
                        continue;
                    }

                    var dice = Clk.Dice(members[a].n.Bits, members[b].n.Bits, members[a].n.Count, members[b].n.Count);
                    if (dice >= threshold)
                    {
                        candidates.Add((members[a].i, members[b].i, dice));
                    }
                }
            }
        }

        var isCandidate = candidates.ToDictionary(c => (Math.Min(c.A, c.B), Math.Max(c.A, c.B)), c => c.Similarity);
        var group = Enumerable.Range(0, nodes.Count).Select(i => new List<int> { i }).ToArray();
        var owner = Enumerable.Range(0, nodes.Count).ToArray();
        foreach (var (a, b, _) in candidates.OrderByDescending(c => c.Similarity).ThenBy(c => c.A).ThenBy(c => c.B))
        {
            var ga = owner[a];
            var gb = owner[b];
            if (ga == gb)
            {
                continue;
            }

            var left = group[ga];
            var right = group[gb];
            if (left.Any(x => right.Any(y => nodes[x].List == nodes[y].List)))
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

        var clusters = group.Where(g => g.Count > 1).Select(g =>
        {
            var pairs = g.SelectMany(x => g.Where(y => y > x).Select(y => (x, y))).Select(p => isCandidate.TryGetValue(p, out var s) ? s : 0).Where(s => s > 0).ToList();
            return new Cluster(
                g.OrderBy(i => nodes[i].List).Select(i => new ClusterMember(files[nodes[i].List].List, nodes[i].Pseudonym)).ToList(),
                Math.Round(pairs.Average(), 4));
        }).OrderByDescending(c => c.Similarity).ToList();

        return new LinkageResult
        {
            Threshold = threshold,
            Lists = files.Select(f => new LinkedList(f.List, f.Run, f.Records.Count)).ToList(),
            Clusters = clusters,
        };
    }

    internal static ulong[] Decode(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        var words = new ulong[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, words, 0, words.Length * 8);
        return words;
    }

    internal static string Encode(ulong[] words)
    {
        var bytes = new byte[words.Length * 8];
        Buffer.BlockCopy(words, 0, bytes, 0, bytes.Length);
        return Convert.ToBase64String(bytes);
    }
}
