using System.Diagnostics;

namespace Dalel.Core.Linkage;

/// <summary>
/// Links encodings only — whoever runs it needs no secret and learns no plaintext. Records are compared within their
/// incident year (the blocking key; records of different years are salted differently anyway) and across lists, every
/// pair, segment by segment. A Fellegi–Sunter model learned by EM from all those comparisons turns each pair's pattern
/// of agreement into a probability of being the same incident; pairs at or above the threshold (chosen from the data for the
/// best expected F1, see <see cref="ChooseThreshold"/>) are candidates. Groups are then formed greedily, most probable pairs first, as
/// anonlink's multi-party solver does: two groups merge only if they hold no two records of the same list and at least
/// half of the pairs between them are candidates.
/// </summary>
public static class MatchEncodings
{
    /// <summary>
    /// The probability from which pairs are linked, chosen from the data: the model says, for every cut, how many true
    /// matches it would keep (the sum of the kept pairs' probabilities), how many false ones (the sum of one minus
    /// them) and how many it would miss; the cut with the best expected F1 is taken. Grouping then lets each record join
    /// only its likeliest partner per list, which is why a cut below one half still pays.
    /// </summary>
    public static double ChooseThreshold(IReadOnlyList<long> histogram, IReadOnlyList<double> posterior)
    {
        var expectedMatches = histogram.Select((n, p) => n * posterior[p]).Sum();
        var best = (Cut: 0.5, F1: -1.0);
        foreach (var cut in posterior.Where(p => p >= MinimumThreshold).Distinct().Order())
        {
            double kept = 0, wrong = 0;
            for (var p = 0; p < histogram.Count; p++)
            {
                if (posterior[p] >= cut)
                {
                    kept += histogram[p] * posterior[p];
                    wrong += histogram[p] * (1 - posterior[p]);
                }
            }

            var f1 = 2 * kept / ((2 * kept) + wrong + (expectedMatches - kept));
            if (f1 > best.F1)
            {
                best = (cut, f1);
            }
        }

        return best.Cut;
    }

    /// <summary>No pair less likely than this is ever linked, whatever the expected F1 says.</summary>
    public const double MinimumThreshold = 0.05;

    private sealed record Node(int List, Guid Pseudonym, int Year);

    /// <param name="threshold">The probability from which pairs are linked; null to choose it from the data.</param>
    public static Result<LinkageResult> Run(IReadOnlyList<EncodingFile> files, double? threshold = null)
    {
        var nodes = files.SelectMany((file, list) => file.Records.Select(r => new Node(list, r.Pseudonym, r.Year))).ToList();
        var words = Clk.Segments * Clk.SegmentWords;
        var flat = new ulong[nodes.Count * words];
        var counts = new int[nodes.Count * Clk.Segments];
        var i = 0;
        foreach (var record in files.SelectMany(f => f.Records))
        {
            var bits = Decode(record.Bits);
            if (bits.Length != words)
            {
                return Invalid.One("file", "error.linkage_format", record.Pseudonym.ToString("D"), EncodingFile.FormatName);
            }

            bits.CopyTo(flat, i * words);
            for (var s = 0; s < Clk.Segments; s++)
            {
                counts[(i * Clk.Segments) + s] = Clk.Count(bits.AsSpan(s * Clk.SegmentWords, Clk.SegmentWords));
            }

            i++;
        }

        var watch = Stopwatch.StartNew();
        var blocks = Blocks(nodes);
        var encodings = new Encodings(flat, counts);

        // First pass: how often each pattern of agreement occurs among every pair compared, which is all EM needs.
        var histogram = new long[FellegiSunter.Patterns(Clk.Segments)];
        ForEachLeft(blocks, () => new long[histogram.Length], (a, right, local) =>
        {
            foreach (var b in right)
            {
                local[encodings.Pattern(a, b)]++;
            }
        }, local =>
        {
            lock (histogram)
            {
                for (var p = 0; p < local.Length; p++)
                {
                    histogram[p] += local[p];
                }
            }
        });
        var model = FellegiSunter.Fit(histogram, Clk.Segments);
        var cut = threshold ?? ChooseThreshold(histogram, model.Posterior);

        // Second pass: every pair the model gives at least the minimum; those at or above the cut are linked.
        var candidates = new List<(int A, int B, double Probability)>();
        ForEachLeft(blocks, () => new List<(int, int, double)>(), (a, right, local) =>
        {
            foreach (var b in right)
            {
                var probability = model.Posterior[encodings.Pattern(a, b)];
                if (probability >= MinimumThreshold)
                {
                    local.Add((Math.Min(a, b), Math.Max(a, b), probability));
                }
            }
        }, local =>
        {
            lock (candidates)
            {
                candidates.AddRange(local);
            }
        });
        var comparisons = histogram.Sum();
        var seconds = watch.Elapsed.TotalSeconds;

        var groups = GreedyGroups.FromCandidates(nodes.Count, n => nodes[n].List, candidates.Where(c => c.Probability >= cut).ToList());
        ClusterMember Member(int n) => new(files[nodes[n].List].List, nodes[n].Pseudonym);
        var clusters = groups.Select(g => new Cluster(
                g.Members.OrderBy(n => nodes[n].List).Select(Member).ToList(),
                Math.Round(g.Similarity, 4)))
            .OrderByDescending(c => c.Similarity).ToList();

        return new LinkageResult
        {
            Threshold = cut,
            Lists = files.Select(f => new LinkedList(f.List, f.Run, f.Records.Count)).ToList(),
            Clusters = clusters,
            Pairs = candidates.OrderByDescending(c => c.Probability).Select(c => new LinkedPair(Member(c.A), Member(c.B), Math.Round(c.Probability, 4))).ToList(),
            Model = new LinkageModel(comparisons, model.MatchShare, histogram.Select((n, p) => n * model.Posterior[p]).Sum(), model.Iterations, seconds, SegmentDice.Vectorised),
        };
    }

    /// <summary>Records by incident year, then by list within the year.</summary>
    private static int[][][] Blocks(List<Node> nodes) =>
        Enumerable.Range(0, nodes.Count).GroupBy(n => nodes[n].Year)
            .Select(year => year.GroupBy(n => nodes[n].List).Select(list => list.ToArray()).ToArray()).ToArray();

    /// <summary>
    /// For every record, the records of later lists in its block, on both cores, each worker with its own state; the
    /// inner loop over the right-hand records is the caller's, so nothing stands between it and the popcount.
    /// </summary>
    private static void ForEachLeft<T>(int[][][] blocks, Func<T> start, Action<int, int[], T> visit, Action<T> finish)
    {
        foreach (var lists in blocks)
        {
            for (var x = 0; x < lists.Length; x++)
            {
                for (var y = x + 1; y < lists.Length; y++)
                {
                    var (left, right) = (lists[x], lists[y]);
                    Parallel.For(0, left.Length, start, (a, _, local) =>
                    {
                        visit(left[a], right, local);
                        return local;
                    }, finish);
                }
            }
        }
    }

    /// <summary>All records' encodings in one flat array, with each segment's bit count.</summary>
    private sealed class Encodings(ulong[] flat, int[] counts)
    {
        private const int Words = Clk.Segments * Clk.SegmentWords;

        /// <summary>The pattern of agreement levels of two records: Σ level × Levels^segment.</summary>
        public int Pattern(int a, int b)
        {
            var pattern = 0;
            var scale = 1;
            for (var s = 0; s < Clk.Segments; s++)
            {
                var (ca, cb) = (counts[(a * Clk.Segments) + s], counts[(b * Clk.Segments) + s]);
                var common = SegmentDice.CommonSegment(flat, (a * Words) + (s * Clk.SegmentWords), (b * Words) + (s * Clk.SegmentWords));
                pattern += FellegiSunter.Level(common, ca, cb) * scale;
                scale *= FellegiSunter.Levels;
            }

            return pattern;
        }
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
