namespace Dalel.Core.Linkage;

/// <summary>
/// The Fellegi–Sunter model of a comparison: each segment's Dice similarity falls in one of a few levels (missing on
/// either side, then fifteen bands), and matches and non-matches each have their own probability of each level on each
/// segment (m and u), independently across segments given the match status. The probabilities and the share of
/// matches are learned by EM from how often each pattern of levels occurs among all pairs compared (Winkler 1988), so
/// the weights fit these lists — how often organisations agree on dates, how common a region is — rather than being
/// fixed; a pair's posterior probability of being a match follows, and the threshold is that probability, not a
/// similarity picked once.
/// </summary>
public sealed class FellegiSunter
{
    /// <summary>Missing, then fifteen bands of Dice similarity (finer than the seven used until 2026-12-01: a point of F1 at every size).</summary>
    public const int Levels = 16;

    /// <summary>
    /// The largest share of matches among compared pairs (by what a one-to-one linkage allows) at which u is first
    /// held at the levels all pairs show: u is then off by at most this much.
    /// </summary>
    private const double SliverOfPairs = 0.05;

    /// <summary>Pseudo-pairs of prior belief about matches and about non-matches.</summary>
    private const double PriorCount = 10;

    private static readonly double[] Cuts = [0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

    private static readonly int[] CutPercents = Cuts.Select(c => (int)Math.Round(c * 100)).ToArray();

    private FellegiSunter(double[,] m, double[,] u, double share, int iterations)
    {
        M = m;
        U = u;
        MatchShare = share;
        Iterations = iterations;
        var patterns = Patterns(m.GetLength(0));
        Posterior = new double[patterns];
        for (var pattern = 0; pattern < patterns; pattern++)
        {
            var (pm, pu) = Likelihoods(pattern);
            Posterior[pattern] = share * pm / ((share * pm) + ((1 - share) * pu));
        }
    }

    /// <summary>m[segment, level]: how likely a match shows that level.</summary>
    public double[,] M { get; }

    /// <summary>u[segment, level]: how likely a non-match shows that level.</summary>
    public double[,] U { get; }

    /// <summary>The share of compared pairs that are matches.</summary>
    public double MatchShare { get; }

    public int Iterations { get; }

    /// <summary>P(match | pattern), for every pattern of levels.</summary>
    public double[] Posterior { get; }

    public static int Patterns(int segments) => (int)Math.Pow(Levels, segments);

    /// <summary>The level of a segment from its bit counts: 2·common / (a + b) against the cuts, in integers (run billions of times).</summary>
    public static int Level(int common, int countA, int countB) =>
        countA == 0 || countB == 0 ? 0 : LevelOfPercent[200 * common / (countA + countB)];

    /// <summary>The level of each whole percent of Dice: 2·common/(a + b) reaches a cut of whole percents exactly when its floor does.</summary>
    private static readonly byte[] LevelOfPercent = [.. Enumerable.Range(0, 101).Select(percent => (byte)(1 + CutPercents.Count(cut => percent >= cut)))];


    /// <param name="histogram">How many compared pairs showed each pattern (pattern = Σ level × Levels^segment).</param>
    /// <param name="mostMatches">
    /// How many matches the lists can hold at most (each record matching at most one record of each other list); the
    /// share of matches is held under it.
    /// </param>
    /// <param name="from">
    /// For a bootstrap replicate: the model of the real counts, to start from. Where matches are a sliver of the pairs
    /// the replicate is fitted with u held (see below).
    /// </param>
    public static FellegiSunter Fit(IReadOnlyList<long> histogram, int segments, long? mostMatches = null, FellegiSunter? from = null)
    {
        // Matches mostly agree, non-matches mostly do not: where EM starts, and a weak prior (PriorCount pseudo-pairs
        // of each kind) that lets a handful of records still be linked sensibly, and that many pairs outweigh at once.
        var m = new double[segments, Levels];
        var u = new double[segments, Levels];
        var priorM = new double[segments, Levels];
        var priorU = new double[segments, Levels];
        for (var s = 0; s < segments; s++)
        {
            for (var l = 0; l < Levels; l++)
            {
                m[s, l] = priorM[s, l] = l == 0 ? 0.1 : 0.9 * Math.Pow(2, l) / (Math.Pow(2, Levels) - 2);
                u[s, l] = priorU[s, l] = l == 0 ? 0.1 : 0.9 * Math.Pow(2, Levels - l) / (Math.Pow(2, Levels) - 2);
            }
        }

        var total = histogram.Sum();
        var most = total == 0 || mostMatches is not { } bound ? 1 : Math.Clamp((double)bound / total, 1e-9, 1);
        var share = total == 0 ? 0.5 : Math.Min(most, Math.Clamp(1000.0 / total, 1e-7, 0.5));
        // EM finds some split of the pairs in two. Where a field is the same across much of the lists (one city, one
        // kind of incident), learning u freely from the start can settle on "agrees on that field": thousands of
        // "matches" among a hundred records, and every estimate built on the model counts nearly every record as
        // shared. So EM first runs with u held at the levels all pairs show — matches are a sliver of the pairs
        // (Jaro 1989; Splink takes u from random pairs for the same reason) — which anchors the non-matches to what is
        // common; then it runs on from there learning u too, which removes the small bias of counting the matches
        // among the non-matches. The share is held under what a one-to-one linkage allows throughout.
        // Only where they are a sliver, though: between a handful of records, one match among nine pairs would make
        // agreeing look common, and the prior alone anchors better there.
        // A replicate of the bootstrap starts from the model of the real counts; anything else from the prior.
        if (from is not null)
        {
            Array.Copy(from.M, m, m.Length);
            Array.Copy(from.U, u, u.Length);
            share = Math.Min(most, from.MatchShare);
        }

        var (marginal, seen) = Marginal(histogram, segments);
        var iterations = 0;
        (double[,] M, double[,] U, double Share)? anchored = null;
        if (total > 0 && most <= SliverOfPairs)
        {
            for (var s = 0; s < segments; s++)
            {
                for (var l = 0; l < Levels; l++)
                {
                    u[s, l] = (marginal[s, l] + (PriorCount * priorU[s, l])) / (total + PriorCount);
                }
            }

            iterations = Iterate(histogram, seen, m, u, priorM, priorU, ref share, most, learnU: false).Iterations;
            anchored = ((double[,])m.Clone(), (double[,])u.Clone(), share);
        }

        // A replicate stops there: it exists to say how far the model moves when the counts move, and learning u on
        // resampled counts drifted to the other split in about one replicate in ten on lists of one city (170 matches
        // for 20), which the estimate's drawn tables then carried.
        if (total > 0 && !(from is not null && anchored is not null))
        {
            var (more, matches) = Iterate(histogram, seen, m, u, priorM, priorU, ref share, most, learnU: true);
            iterations += more;
            // A model expecting more matches than a one-to-one linkage could hold is not one: the anchored fit stands.
            if (anchored is { } a && mostMatches is { } limit && matches > limit)
            {
                (m, u, share) = a;
            }
        }

        return new FellegiSunter(m, u, share, iterations);
    }

    /// <summary>How often each level occurs over all pairs, per segment; and the patterns that occur (a few thousand of 65,536).</summary>
    private static (double[,] Marginal, int[] Seen) Marginal(IReadOnlyList<long> histogram, int segments)
    {
        var marginal = new double[segments, Levels];
        var seen = Enumerable.Range(0, histogram.Count).Where(p => histogram[p] > 0).ToArray();
        foreach (var p in seen)
        {
            for (int s = 0, rest = p; s < segments; s++, rest /= Levels)
            {
                marginal[s, rest % Levels] += histogram[p];
            }
        }

        return (marginal, seen);
    }

    /// <summary>EM until nothing moves by 1e-7 (at most 5,000 rounds); m, u and the share are updated in place.</summary>
    private static (int Iterations, double Matches) Iterate(IReadOnlyList<long> histogram, int[] seen, double[,] m, double[,] u, double[,] priorM, double[,] priorU, ref double share, double most, bool learnU)
    {
        var segments = m.GetLength(0);
        var total = (double)histogram.Sum();
        var iterations = 0;
        double matches = 0;
        for (; iterations < 5_000; iterations++)
        {
            var newM = new double[segments, Levels];
            var newU = new double[segments, Levels];
            matches = 0;
            foreach (var pattern in seen)
            {
                var (pm, pu) = Likelihoods(pattern, m, u);
                var g = share * pm / ((share * pm) + ((1 - share) * pu));
                var n = histogram[pattern];
                matches += g * n;
                var rest = pattern;
                for (var s = 0; s < segments; s++)
                {
                    var level = rest % Levels;
                    rest /= Levels;
                    newM[s, level] += g * n;
                    newU[s, level] += (1 - g) * n;
                }
            }

            var next = Math.Min(most, Math.Clamp((matches + 1) / (total + 2), 1e-9, 1 - 1e-9));
            var change = Math.Abs(next - share);
            share = next;
            for (var s = 0; s < segments; s++)
            {
                for (var l = 0; l < Levels; l++)
                {
                    // The prior also keeps a level never seen among matches from ruling a pair out for ever.
                    var mm = (newM[s, l] + (PriorCount * priorM[s, l])) / (matches + PriorCount);
                    change = Math.Max(change, Math.Abs(mm - m[s, l]));
                    m[s, l] = mm;
                    if (learnU)
                    {
                        var uu = (newU[s, l] + (PriorCount * priorU[s, l])) / (total - matches + PriorCount);
                        change = Math.Max(change, Math.Abs(uu - u[s, l]));
                        u[s, l] = uu;
                    }
                }
            }

            if (change < 1e-7)
            {
                break;
            }
        }

        return (iterations, matches);
    }

    private (double M, double U) Likelihoods(int pattern) => Likelihoods(pattern, M, U);

    private static (double M, double U) Likelihoods(int pattern, double[,] m, double[,] u)
    {
        double pm = 1, pu = 1;
        for (var s = 0; s < m.GetLength(0); s++)
        {
            var level = pattern % Levels;
            pattern /= Levels;
            pm *= m[s, level];
            pu *= u[s, level];
        }

        return (pm, pu);
    }
}
