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
    /// <summary>The best F1 on the synthetic benchmark (docs/linkage-benchmarks.md), for the encodings Dalel makes.</summary>
    public const double DefaultThreshold = 0.6;

    private sealed record Node(int List, Guid Pseudonym, int Year, ulong[] Bits, int Count);

    public static LinkageResult Run(IReadOnlyList<EncodingFile> files, double threshold = DefaultThreshold)
    {
        var nodes = files.SelectMany((file, list) => file.Records.Select(r =>
        {
            var bits = Decode(r.Bits);
            return new Node(list, r.Pseudonym, r.Year, bits, Clk.Count(bits));
        })).ToList();

        // Flat arrays: the comparison loop runs billions of times at 100,000 records a list.
        var width = nodes.Count == 0 ? 0 : nodes[0].Bits.Length;
        var flat = new ulong[nodes.Count * width];
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i].Bits.CopyTo(flat, i * width);
        }

        var counts = nodes.Select(n => n.Count).ToArray();
        var groups = GreedyGroups.Run(nodes.Count, i => nodes[i].List, i => nodes[i].Year,
            (a, b) => Clk.Dice(flat.AsSpan(a * width, width), flat.AsSpan(b * width, width), counts[a], counts[b]), threshold);

        var clusters = groups.Select(g => new Cluster(
                g.Members.OrderBy(i => nodes[i].List).Select(i => new ClusterMember(files[nodes[i].List].List, nodes[i].Pseudonym)).ToList(),
                Math.Round(g.Similarity, 4)))
            .OrderByDescending(c => c.Similarity).ToList();

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
