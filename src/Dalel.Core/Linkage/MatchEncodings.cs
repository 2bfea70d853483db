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
        // Patterns from the most probable down: each cut keeps every pattern at or above it, so the sums run along.
        var order = Enumerable.Range(0, histogram.Count).Where(p => histogram[p] > 0 && posterior[p] >= MinimumThreshold)
            .OrderByDescending(p => posterior[p]).ToList();
        var best = (Cut: 0.5, F1: -1.0);
        double kept = 0, wrong = 0;
        for (var i = 0; i < order.Count; i++)
        {
            var p = order[i];
            kept += histogram[p] * posterior[p];
            wrong += histogram[p] * (1 - posterior[p]);
            if (i + 1 < order.Count && posterior[order[i + 1]] == posterior[p])
            {
                continue; // a cut keeps every pattern of its probability
            }

            var f1 = 2 * kept / ((2 * kept) + wrong + (expectedMatches - kept));
            if (f1 > best.F1)
            {
                best = (posterior[p], f1);
            }
        }

        return best.Cut;
    }

    /// <summary>No pair less likely than this is ever linked, whatever the expected F1 says.</summary>
    public const double MinimumThreshold = 0.05;

    private sealed record Node(int List, Guid Pseudonym, int Year);

    /// <param name="threshold">The probability from which pairs are linked; null to choose it from the data.</param>
    /// <param name="blocking">Compare only the pairs LSH blocking puts together (and a sample of the rest), not every pair within a year.</param>
    public static Result<LinkageResult> Run(IReadOnlyList<EncodingFile> files, double? threshold = null, double minimum = MinimumThreshold, bool blocking = false)
    {
        // One file per organisation, each record once: two files of one organisation would be linked to each other.
        if (files.GroupBy(f => f.List).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return Invalid.One("file", "error.linkage_same_list", twice.Key.ToString("D"));
        }

        if (files.FirstOrDefault(f => f.Records.Select(r => r.Pseudonym).Distinct().Count() != f.Records.Count) is { } repeated)
        {
            return Invalid.One("file", "error.linkage_repeated_record", repeated.List.ToString("D"));
        }

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
        var lsh = blocking ? LshBlocking.Of(flat, nodes.Count) : null;

        // First pass: how often each pattern of agreement occurs among every pair compared, which is all EM needs,
        // counted per pair of lists so that the model can say how many matches each pair of lists shares. With
        // blocking, the sample of the pairs it left out counts apart, each standing for LshBlocking.SampleEvery pairs.
        var patterns = FellegiSunter.Patterns(Clk.Segments);
        var pairsOfLists = files.Count * (files.Count - 1) / 2;
        var byListPair = new long[pairsOfLists * patterns];
        var sampledByListPair = new long[pairsOfLists * patterns];
        // Each worker's run sees a single pair of lists (one block, two lists at a time): its counts go to that pair's place.
        ForEachLeft(blocks, n => nodes[n].List, lsh, () => (Offset: new int[1], Compared: new long[patterns], Sampled: new long[patterns]), (a, other, compared, sampled, local) =>
        {
            local.Offset[0] = ListPair(nodes[a].List, other, files.Count) * patterns;
            foreach (var b in compared)
            {
                local.Compared[encodings.Pattern(a, b)]++;
            }

            foreach (var b in sampled)
            {
                local.Sampled[encodings.Pattern(a, b)]++;
            }
        }, local =>
        {
            lock (byListPair)
            {
                for (var p = 0; p < patterns; p++)
                {
                    byListPair[local.Offset[0] + p] += local.Compared[p];
                    sampledByListPair[local.Offset[0] + p] += local.Sampled[p];
                }
            }
        });
        var weighted = byListPair.Select((n, p) => n + (LshBlocking.SampleEvery * sampledByListPair[p])).ToArray();
        var histogram = new long[patterns];
        for (var p = 0; p < weighted.Length; p++)
        {
            histogram[p % patterns] += weighted[p];
        }

        var mostMatches = MostMatches(nodes);
        var model = FellegiSunter.Fit(histogram, Clk.Segments, mostMatches);
        var cut = threshold ?? ChooseThreshold(histogram, model.Posterior);

        // Second pass: every pair the model gives at least the minimum; those at or above the cut are linked.
        var candidates = new List<(int A, int B, double Probability)>();
        ForEachLeft(blocks, n => nodes[n].List, lsh, () => new List<(int, int, double)>(), (a, _, compared, _, local) =>
        {
            foreach (var b in compared)
            {
                var probability = model.Posterior[encodings.Pattern(a, b)];
                if (probability >= minimum)
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
        // Every pair within a year, per pair of lists, whether blocking compared it or not.
        var withinYears = new long[pairsOfLists];
        foreach (var lists in blocks)
        {
            for (var x = 0; x < lists.Length; x++)
            {
                for (var y = x + 1; y < lists.Length; y++)
                {
                    withinYears[ListPair(nodes[lists[x][0]].List, nodes[lists[y][0]].List, files.Count)] += (long)lists[x].Length * lists[y].Length;
                }
            }
        }

        var comparisons = withinYears.Sum();
        var seconds = watch.Elapsed.TotalSeconds;

        // Pairs of one pattern tie on probability; the closer pair (summed Dice over the segments) goes first, so that
        // a decoy or a near namesake in the same band never takes a true duplicate's place by record order.
        var linked = candidates.Where(c => c.Probability >= cut).ToList();
        var groups = GreedyGroups.FromCandidates(nodes.Count, n => nodes[n].List, linked, [.. linked.Select(c => encodings.Closeness(c.A, c.B))]);
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
            Model = new LinkageModel(comparisons, model.MatchShare, histogram.Select((n, p) => n * model.Posterior[p]).Sum(), model.Iterations, seconds, SegmentDice.Vectorised)
            {
                ByListPair = ExpectedByListPair(byListPair, sampledByListPair, weighted, withinYears, model, files.Count, mostMatches),
                AtCut = QualityAt(cut, byListPair, histogram, model.Posterior),
                Blocking = lsh is null ? null : new LinkageBlocking(
                    BlockingMethod,
                    byListPair.Sum() + sampledByListPair.Sum(),
                    LshBlocking.SampleEvery,
                    sampledByListPair.Select((n, p) => LshBlocking.SampleEvery * n * model.Posterior[p % patterns]).Sum()),
            },
        };
    }

    /// <summary>
    /// What the model expects of the pairs at or above the cut (those compared; blocking's sample is never linked):
    /// the share of them that are matches, and the share of all the model's matches they hold. Before grouping.
    /// </summary>
    private static LinkageQuality QualityAt(double cut, long[] compared, long[] histogram, double[] posterior)
    {
        var patterns = posterior.Length;
        double pairs = 0, matches = 0;
        for (var p = 0; p < compared.Length; p++)
        {
            if (posterior[p % patterns] >= cut)
            {
                pairs += compared[p];
                matches += compared[p] * posterior[p % patterns];
            }
        }

        var all = histogram.Select((n, p) => n * posterior[p]).Sum();
        return new LinkageQuality(pairs == 0 ? 0 : Math.Round(matches / pairs, 4), all == 0 ? 0 : Math.Round(matches / all, 4));
    }

    /// <summary>Bootstrap replicates of each pair of lists' expected matches (see <see cref="ExpectedByListPair"/>).</summary>
    public const int Replicates = 40;

    /// <summary>
    /// How many matches each pair of lists shares, by the model, with how far that figure moves when the model is
    /// learned again from resampled comparisons (each pattern's count drawn around its own, EM run again, on both
    /// cores): the model's own uncertainty, which the estimate with linkage error carries. With blocking, the pairs it
    /// left out count through their sample, so matches blocking missed are still in the figure.
    /// </summary>
    /// <param name="all">The compared pairs' counts with the sample's weighted in: what the model was learned from.</param>
    /// <param name="withinYears">Every pair within a year, per pair of lists.</param>
    private static List<ListPairMatches> ExpectedByListPair(long[] compared, long[] sampled, long[] all, long[] withinYears, FellegiSunter model, int lists, long mostMatches)
    {
        var patterns = model.Posterior.Length;
        var pairsOfLists = compared.Length / patterns;
        double Expected(long[] counts, double[] posterior, int pair) => Enumerable.Range(0, patterns).Sum(p => counts[(pair * patterns) + p] * posterior[p]);
        long[] Weighted(long[] c, long[] s) => [.. c.Select((n, p) => n + (LshBlocking.SampleEvery * s[p]))];
        // A replicate is fitted with u held at its counts' levels (see FellegiSunter.Fit), the model itself with u learned
        // as well; so each replicate's figure is read as a shift from the same fit on the real counts, and the shifts
        // are added to the model's own figure: what moves is the counts, not the fitting.
        var histogram = new long[patterns];
        for (var p = 0; p < all.Length; p++)
        {
            histogram[p % patterns] += all[p];
        }

        var anchored = FellegiSunter.Fit(histogram, Clk.Segments, mostMatches, from: model);
        var replicates = new double[Replicates][];
        Parallel.For(0, Replicates, r =>
        {
            var draws = new Estimation.Draws(20_261_201 + r);
            long Draw(long n) => n == 0 ? 0 : draws.Poisson(n);
            var resampled = Weighted([.. compared.Select(Draw)], [.. sampled.Select(Draw)]);
            var sum = new long[patterns];
            for (var p = 0; p < resampled.Length; p++)
            {
                sum[p % patterns] += resampled[p];
            }

            var refit = FellegiSunter.Fit(sum, Clk.Segments, mostMatches, from: model);
            replicates[r] = Enumerable.Range(0, pairsOfLists)
                .Select(pair => Expected(all, model.Posterior, pair) + Expected(resampled, refit.Posterior, pair) - Expected(all, anchored.Posterior, pair)).ToArray();
        });

        return [.. Enumerable.Range(0, lists).SelectMany(x => Enumerable.Range(x + 1, lists - x - 1).Select(y =>
        {
            var pair = ListPair(x, y, lists);
            return new ListPairMatches(x, y, withinYears[pair], Expected(all, model.Posterior, pair))
            {
                Replicates = [.. replicates.Select(r => Math.Round(r[pair], 1))],
            };
        }))];
    }

    /// <summary>The number of the pair of lists (x, y), x ≠ y, among all pairs of <paramref name="lists"/> lists.</summary>
    internal static int ListPair(int x, int y, int lists)
    {
        var (first, second) = (Math.Min(x, y), Math.Max(x, y));
        return (first * ((2 * lists) - first - 1) / 2) + (second - first - 1);
    }

    /// <summary>
    /// The most matches the lists allow: a record is the same incident as at most one record of each other list, so
    /// within a year two lists share at most the smaller one's records (decoys included: an upper bound).
    /// </summary>
    private static long MostMatches(List<Node> nodes) => nodes.GroupBy(n => n.Year).Sum(year =>
    {
        var sizes = year.GroupBy(n => n.List).Select(g => (long)g.Count()).ToList();
        return sizes.SelectMany((a, x) => sizes.Skip(x + 1).Select(b => Math.Min(a, b))).Sum();
    });

    /// <summary>Records by incident year, then by list within the year.</summary>
    private static int[][][] Blocks(List<Node> nodes) =>
        Enumerable.Range(0, nodes.Count).GroupBy(n => nodes[n].Year)
            .Select(year => year.GroupBy(n => nodes[n].List).Select(list => list.ToArray()).ToArray()).ToArray();

    /// <summary>What LshBlocking is called in a result.</summary>
    public const string BlockingMethod = "minhash-lsh";

    /// <summary>One record against the records of another list it is compared with, and (with blocking) the sample of those it is not.</summary>
    private delegate void Visit<in T>(int record, int otherList, ReadOnlySpan<int> compared, ReadOnlySpan<int> sampled, T local);

    /// <summary>
    /// For every record, the records of later lists in its block, on both cores, each worker with its own state; the
    /// inner loop over the records compared is the caller's, so nothing stands between it and the popcount. With
    /// blocking, only the records sharing a band key with it, plus every <see cref="LshBlocking.SampleEvery"/>th of the others.
    /// </summary>
    private static void ForEachLeft<T>(int[][][] blocks, Func<int, int> listOf, LshBlocking? lsh, Func<T> start, Visit<T> visit, Action<T> finish)
    {
        foreach (var lists in blocks)
        {
            for (var x = 0; x < lists.Length; x++)
            {
                for (var y = x + 1; y < lists.Length; y++)
                {
                    var (left, right) = (lists[x], lists[y]);
                    var other = listOf(right[0]);
                    if (lsh is null)
                    {
                        Parallel.For(0, left.Length, start, (a, _, local) =>
                        {
                            visit(left[a], other, right, [], local);
                            return local;
                        }, finish);
                        continue;
                    }

                    var buckets = lsh.Buckets(right);
                    Parallel.For(0, left.Length, () => (Local: start(), Scratch: new Scratch(right.Length)), (a, _, state) =>
                    {
                        var (record, scratch) = (left[a], state.Scratch);
                        scratch.Clear();
                        foreach (var key in lsh.KeysOf(record))
                        {
                            if (buckets.TryGetValue(key, out var bucket))
                            {
                                foreach (var position in bucket)
                                {
                                    scratch.Compare(position, right);
                                }
                            }
                        }

                        // The sample starts at a different place for each record, so no record of the other list is always in it.
                        for (var position = (int)((uint)record * 2_654_435_761u % LshBlocking.SampleEvery); position < right.Length; position += LshBlocking.SampleEvery)
                        {
                            scratch.Sample(position, right);
                        }

                        visit(record, other, scratch.Compared, scratch.Sampled, state.Local);
                        return state;
                    }, state => finish(state.Local));
                }
            }
        }
    }

    /// <summary>One worker's marks over the other list's records: each compared once, sampled only if not compared.</summary>
    private sealed class Scratch(int size)
    {
        private readonly int[] _mark = new int[size];
        private readonly int[] _compared = new int[size];
        private readonly int[] _sampled = new int[(size / LshBlocking.SampleEvery) + 1];
        private int _generation;
        private int _comparedCount;
        private int _sampledCount;

        public ReadOnlySpan<int> Compared => _compared.AsSpan(0, _comparedCount);

        public ReadOnlySpan<int> Sampled => _sampled.AsSpan(0, _sampledCount);

        public void Clear()
        {
            _generation++;
            _comparedCount = _sampledCount = 0;
        }

        public void Compare(int position, int[] records)
        {
            if (_mark[position] != _generation)
            {
                _mark[position] = _generation;
                _compared[_comparedCount++] = records[position];
            }
        }

        public void Sample(int position, int[] records)
        {
            if (_mark[position] != _generation)
            {
                _sampled[_sampledCount++] = records[position];
            }
        }
    }

    /// <summary>All records' encodings in one flat array, with each segment's bit count.</summary>
    private sealed class Encodings(ulong[] flat, int[] counts)
    {
        private const int Words = Clk.Segments * Clk.SegmentWords;

        /// <summary>The segments' Dice similarities summed (a segment missing on either side adds nothing): finer than the pattern's levels.</summary>
        public double Closeness(int a, int b)
        {
            double sum = 0;
            for (var s = 0; s < Clk.Segments; s++)
            {
                var (ca, cb) = (counts[(a * Clk.Segments) + s], counts[(b * Clk.Segments) + s]);
                if (ca > 0 && cb > 0)
                {
                    sum += 2.0 * SegmentDice.CommonSegment(flat, (a * Words) + (s * Clk.SegmentWords), (b * Words) + (s * Clk.SegmentWords)) / (ca + cb);
                }
            }

            return sum;
        }

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
