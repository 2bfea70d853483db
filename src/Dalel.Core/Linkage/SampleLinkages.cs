using System.Numerics;
using Dalel.Core.Estimation;

namespace Dalel.Core.Linkage;

/// <summary>
/// Overlap tables drawn from what the linkage knows, for carrying linkage error into the estimate (in the spirit of
/// Sadinle 2018: a table from one linkage treats every link as certain, and its errors look like dependence between
/// lists). Each table combines three things: the list sizes, which are exact; how many incidents each pair of lists
/// shares, drawn from the pairs' probabilities (each real pair a coin of its probability, plus the model's expected
/// matches among pairs below the kept minimum, shifted by a bootstrap replicate of the model); and how many incidents
/// three or more lists share, from a linkage drawn by <see cref="LinkagePosterior"/>, scaled up by how often such a
/// linkage keeps a group of those lists whole (<see cref="Reach"/>, between two bounds). The cells follow by
/// inclusion–exclusion. The pairwise counts are taken from the model rather than from the drawn linkage because the
/// model's probabilities are calibrated pair by pair, while any one linkage loses true pairs to competing records.
/// </summary>
public static class SampleLinkages
{
    public const int DefaultSamples = 200;

    /// <summary>Sweeps left out before the first draw, and sweeps between draws.</summary>
    private const int BurnIn = 20, Thinning = 2;

    /// <summary>What the linkage model says about one pair of lists beyond the kept pairs.</summary>
    /// <param name="BelowMinimum">Matches the model expects among pairs it gave less than the kept minimum.</param>
    /// <param name="Shifts">How far each bootstrap replicate of the model moves the pair of lists' expected matches.</param>
    public sealed record ModelMatches(int First, int Second, double BelowMinimum, IReadOnlyList<double> Shifts);

    /// <summary>
    /// Each pair of lists' matches as the model counts them, from the model's figures per pair of lists and the kept
    /// pairs with the model's own probabilities. A decided pair is no longer the model's to doubt, so the bootstrap
    /// shifts are scaled to the share of the model's expected matches that remains undecided. Empty when the result
    /// does not say (made before 2026-12-01, or by another tool).
    /// </summary>
    public static IReadOnlyList<ModelMatches> ModelMatchesOf(LinkageModel? model, IEnumerable<(int ListA, int ListB, double Probability, bool Decided)> kept)
    {
        if (model is null || model.ByListPair.Count == 0 || model.ByListPair.Any(m => m.Replicates.Count == 0))
        {
            return [];
        }

        var byLists = kept.GroupBy(p => (Math.Min(p.ListA, p.ListB), Math.Max(p.ListA, p.ListB)))
            .ToDictionary(g => g.Key, g => (All: g.Sum(p => p.Probability), Decided: g.Where(p => p.Decided).Sum(p => p.Probability)));
        return [.. model.ByListPair.Select(m =>
        {
            var (all, decided) = byLists.GetValueOrDefault((m.First, m.Second));
            var undecided = m.ExpectedMatches <= 0 ? 0 : Math.Clamp((m.ExpectedMatches - decided) / m.ExpectedMatches, 0, 1);
            return new ModelMatches(m.First, m.Second, Math.Max(0, m.ExpectedMatches - all), [.. m.Replicates.Select(r => (r - m.ExpectedMatches) * undecided)]);
        })];
    }

    /// <param name="listOf">The list of each record.</param>
    /// <param name="counted">Whether each record is a case (decoys are compared and may be linked, but never counted).</param>
    /// <param name="pairs">Record pairs (A &lt; B) with their probability of being one incident; a decided pair 1 or 0.</param>
    /// <param name="model">The model's figures per pair of lists (<see cref="ModelMatchesOf"/>).</param>
    public static IReadOnlyList<ListOverlaps> Run(
        IReadOnlyList<string> lists, IReadOnlyList<int> listOf, IReadOnlyList<bool> counted,
        IReadOnlyList<(int A, int B, double Probability)> pairs, IReadOnlyList<ModelMatches> model,
        int samples = DefaultSamples, int seed = 20_241_130)
    {
        var real = WithoutDecoys(pairs, counted);
        var posterior = new LinkagePosterior(listOf, real);
        posterior.Start(GreedyGroups.FromCandidates(listOf.Count, i => listOf[i], real.Where(p => p.Probability >= 0.5).ToList()).Select(g => g.Members));
        var random = new Random(seed);
        for (var s = 0; s < BurnIn; s++)
        {
            posterior.Sweep(random);
        }

        var tables = new List<ListOverlaps>(samples);
        for (var s = 0; s < samples; s++)
        {
            for (var t = 0; t < Thinning; t++)
            {
                posterior.Sweep(random);
            }

            var linkage = Table(lists, listOf, counted, posterior.Groups());
            var pairwise = Pairwise(linkage, real, listOf, model, s, random);
            tables.Add(WithPairwise(linkage, pairwise, Reach(linkage, pairwise, random.NextDouble())));
        }

        return tables;
    }

    /// <summary>
    /// Incidents shared by each pair of lists in one draw: every kept real pair a coin of its probability, plus the
    /// model's matches below the minimum and the draw's bootstrap shift; never fewer than the confirmed pairs, never
    /// more than the smaller list holds, and whole (so that the list sizes stay exact).
    /// </summary>
    private static double[] Pairwise(ListOverlaps linkage, List<(int A, int B, double Probability)> real, IReadOnlyList<int> listOf,
        IReadOnlyList<ModelMatches> model, int draw, Random random)
    {
        var pairwise = new double[linkage.Counts.Count];
        var confirmed = new double[linkage.Counts.Count];
        foreach (var m in model)
        {
            pairwise[(1 << m.First) | (1 << m.Second)] = m.BelowMinimum + m.Shifts[draw % m.Shifts.Count];
        }

        foreach (var (a, b, p) in real)
        {
            var both = (1 << listOf[a]) | (1 << listOf[b]);
            confirmed[both] += p >= 1 ? 1 : 0;
            pairwise[both] += p >= 1 || random.NextDouble() < p ? 1 : 0;
        }

        for (var h = 0; h < pairwise.Length; h++)
        {
            if (BitOperations.PopCount((uint)h) == 2)
            {
                var (first, second) = (h & -h, h & (h - 1));
                var smaller = Math.Min(linkage.Counts.Where((_, g) => (g & first) != 0).Sum(), linkage.Counts.Where((_, g) => (g & second) != 0).Sum());
                pairwise[h] = Math.Round(Math.Max(confirmed[h], Math.Min(pairwise[h], smaller)));
            }
        }

        return pairwise;
    }

    /// <summary>
    /// For each set of three or more lists, the chance that a drawn linkage holds an incident documented on all of them
    /// as one group. The drawn linkage links each pair of lists less often than the model says (ρ = its count / the
    /// model's, about 0.9 at 20,000 incidents); an incident of three lists stays one group only if enough of its links
    /// hold, which depends on how link failures go together, and that the data cannot tell. Two bounds: failures
    /// independent link by link (the lists must stay connected through the links that hold: the most a group survives),
    /// and failures record by record (a list's record that drops out takes all its links with it, ρ_xy = g_x g_y: the
    /// least). Each drawn table takes a point between them, <paramref name="between"/> on a log scale, so that the
    /// interval carries the doubt; without this the groups of three were 5–8% too few at 20,000 incidents and 18% at
    /// 100,000, and the tables read that as dependence between lists.
    /// </summary>
    /// <param name="between">0 for the first bound, 1 for the second.</param>
    internal static double[] Reach(ListOverlaps linkage, IReadOnlyList<double> pairwise, double between)
    {
        var lists = linkage.Lists.Count;
        var cells = 1 << lists;
        var rho = new double[cells];
        for (var h = 1; h < cells; h++)
        {
            if (BitOperations.PopCount((uint)h) == 2)
            {
                var linked = linkage.Counts.Where((_, g) => (g & h) == h).Sum();
                rho[h] = pairwise[h] <= 0 ? 1 : Math.Clamp(linked / pairwise[h], 0.05, 1);
            }
        }

        // Record by record: log g per list by least squares on log ρ_xy = log g_x + log g_y.
        var logStay = new double[lists];
        if (lists > 2)
        {
            var around = Enumerable.Range(0, lists).Select(x => Enumerable.Range(0, lists).Where(y => y != x).Sum(y => Math.Log(rho[(1 << x) | (1 << y)]))).ToArray();
            var total = around.Sum() / ((2 * lists) - 2);
            for (var x = 0; x < lists; x++)
            {
                logStay[x] = Math.Min(0, (around[x] - total) / (lists - 2));
            }
        }

        var reach = Enumerable.Repeat(1.0, cells).ToArray();
        for (var h = 1; h < cells; h++)
        {
            if (BitOperations.PopCount((uint)h) < 3)
            {
                continue;
            }

            var members = Enumerable.Range(0, lists).Where(l => (h & (1 << l)) != 0).ToArray();
            var recordByRecord = Math.Exp(members.Sum(l => logStay[l]));
            reach[h] = Math.Max(0.05, Math.Pow(Connected(members, rho), 1 - between) * Math.Pow(recordByRecord, between));
        }

        return reach;
    }

    /// <summary>The chance that the lists stay connected when each pair's link holds with its own ρ, independently (every subset of links: 2^15 for six lists).</summary>
    private static double Connected(int[] members, double[] rho)
    {
        var links = members.SelectMany((x, i) => members.Skip(i + 1).Select(y => (X: x, Y: y))).ToArray();
        var root = new int[members.Max() + 1];
        int Find(int v) => root[v] == v ? v : root[v] = Find(root[v]);
        double total = 0;
        for (var subset = 0; subset < 1 << links.Length; subset++)
        {
            var probability = 1.0;
            foreach (var m in members)
            {
                root[m] = m;
            }

            for (var e = 0; e < links.Length; e++)
            {
                var r = rho[(1 << links[e].X) | (1 << links[e].Y)];
                if ((subset & (1 << e)) != 0)
                {
                    probability *= r;
                    root[Find(links[e].X)] = Find(links[e].Y);
                }
                else
                {
                    probability *= 1 - r;
                }
            }

            var first = Find(members[0]);
            if (members.All(m => Find(m) == first))
            {
                total += probability;
            }
        }

        return total;
    }

    /// <summary>
    /// The table whose incidents on at least each pair of lists are <paramref name="pairwise"/>, with the list sizes and
    /// the incidents on three or more lists of <paramref name="linkage"/> (divided by <paramref name="reach"/> when given):
    /// every cell by inclusion–exclusion over the "on at least these lists" counts, a cell the figures would make negative at 0.
    /// </summary>
    internal static ListOverlaps WithPairwise(ListOverlaps linkage, IReadOnlyList<double> pairwise, IReadOnlyList<double>? reach = null)
    {
        var cells = 1 << linkage.Lists.Count;
        var atLeast = new double[cells];
        for (var h = 1; h < cells; h++)
        {
            if (BitOperations.PopCount((uint)h) == 2)
            {
                atLeast[h] = pairwise[h];
                continue;
            }

            for (var g = h; g < cells; g++)
            {
                if ((g & h) == h)
                {
                    atLeast[h] += linkage.Counts[g];
                }
            }

            atLeast[h] /= reach?[h] ?? 1;
        }

        var counts = new long[cells];
        for (var h = 1; h < cells; h++)
        {
            double cell = 0;
            for (var g = h; g < cells; g++)
            {
                if ((g & h) == h)
                {
                    cell += (BitOperations.PopCount((uint)(g ^ h)) % 2 == 0 ? 1 : -1) * atLeast[g];
                }
            }

            counts[h] = Math.Max(0, (long)Math.Round(cell));
        }

        return linkage with { Counts = counts };
    }

    /// <summary>
    /// The pairs between real records, with probabilities given that both are real. The model's probability of a
    /// pattern of agreement counts decoys among the non-matches; the people who hold the lists know which records are
    /// decoys, and a decoy is never a match, so among real pairs the same matches are spread over fewer pairs:
    /// p × (all pairs) / (real pairs), counted in bands of odds so that rare patterns borrow from their neighbours.
    /// Decided pairs (1 or 0) stay as they are.
    /// </summary>
    internal static List<(int A, int B, double Probability)> WithoutDecoys(IReadOnlyList<(int A, int B, double Probability)> pairs, IReadOnlyList<bool> counted)
    {
        static int Band(double p) => (int)Math.Floor(2 * Math.Log(p / (1 - p)));
        var bands = pairs.Where(p => p.Probability is > 0 and < 1).GroupBy(p => Band(p.Probability))
            .ToDictionary(g => g.Key, g => (double)g.Count() / Math.Max(1, g.Count(p => counted[p.A] && counted[p.B])));
        return pairs.Where(p => counted[p.A] && counted[p.B])
            .Select(p => p.Probability is > 0 and < 1 ? (p.A, p.B, Math.Min(0.999, p.Probability * bands[Band(p.Probability)])) : p)
            .ToList();
    }

    /// <summary>The overlap table of one linkage: a group's counted records are one incident on their lists; every other counted record counts on its own.</summary>
    public static ListOverlaps Table(IReadOnlyList<string> lists, IReadOnlyList<int> listOf, IReadOnlyList<bool> counted, IEnumerable<IReadOnlyList<int>> groups)
    {
        var counts = new long[1 << lists.Count];
        var grouped = new HashSet<int>();
        foreach (var members in groups)
        {
            var pattern = members.Where(i => counted[i]).Aggregate(0, (p, i) => p | (1 << listOf[i]));
            if (pattern != 0)
            {
                counts[pattern]++;
                grouped.UnionWith(members.Where(i => counted[i]));
            }
        }

        for (var i = 0; i < listOf.Count; i++)
        {
            if (counted[i] && !grouped.Contains(i))
            {
                counts[1 << listOf[i]]++;
            }
        }

        return new ListOverlaps(lists, counts);
    }
}
