namespace Dalel.Core.Estimation;

/// <summary>Settings of the latent-class sampler; the defaults are LCMCR's example run (K = 10, a = b = 0.25).</summary>
public sealed record LatentClassSettings
{
    public int Classes { get; init; } = 10;

    public int BurnIn { get; init; } = 10_000;

    public int Samples { get; init; } = 1_000;

    public int Thin { get; init; } = 100;

    public int Seed { get; init; } = 20_240_612;

    public double AlphaShape { get; init; } = 0.25;

    public double AlphaRate { get; init; } = 0.25;

    /// <summary>LCMCR's cap on the undocumented count, as a multiple of the documented.</summary>
    public int CapFactor { get; init; } = 20;

    /// <summary>The bounds of each whole-number setting: they keep a run meaningful and within what one machine finishes.</summary>
    public static IReadOnlyDictionary<string, (int Min, int Max)> Bounds { get; } = new Dictionary<string, (int, int)>
    {
        [nameof(Classes)] = (1, 50),
        [nameof(Chains)] = (1, 16),
        [nameof(BurnIn)] = (0, 1_000_000),
        [nameof(Thin)] = (1, 10_000),
        [nameof(Samples)] = (10, 100_000),
    };

    /// <summary>"Chains must be a whole number from 1 to 16", for a setting out of bounds or not a number at all.</summary>
    public static FieldError OutOfBounds(string field) => new(
        field, "error.setting_range", "@estimate.setting_" + field,
        Bounds[field].Min.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Bounds[field].Max.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>What is wrong with these settings, each named for its field.</summary>
    public IReadOnlyList<FieldError> Problems()
    {
        var values = new Dictionary<string, int>
        {
            [nameof(Classes)] = Classes, [nameof(Chains)] = Chains, [nameof(BurnIn)] = BurnIn, [nameof(Thin)] = Thin, [nameof(Samples)] = Samples,
        };
        var problems = values.Where(v => v.Value < Bounds[v.Key].Min || v.Value > Bounds[v.Key].Max).Select(v => OutOfBounds(v.Key)).ToList();
        if (!(AlphaShape > 0) || !(AlphaRate > 0))
        {
            problems.Add(new FieldError(nameof(AlphaShape), "error.alpha_prior"));
        }

        return problems;
    }

    /// <summary>Independent chains from different seeds (Seed, Seed + 1, …), run side by side: their agreement is the convergence check.</summary>
    public int Chains { get; init; } = 4;
}

/// <param name="Samples">Draws kept, all chains together.</param>
/// <param name="RHat">Split R-hat of log N over the chains (Vehtari et al. 2021): near 1 when the chains agree.</param>
/// <param name="EffectiveSamples">Effective sample size of log N: how many independent draws the kept ones are worth.</param>
public sealed record LatentClassResult(double Median, double Lower, double Upper, double Mean, int Samples, double CappedShare, LatentClassSettings Settings, double RHat, double EffectiveSamples)
{
    /// <summary>Thresholds of Vehtari et al. (2021): R-hat below 1.01 and at least 100 effective draws per chain.</summary>
    public const double MaxRHat = 1.01;

    public const double MinEffectivePerChain = 100;

    /// <summary>More than a few draws at the cap: the posterior is not bounded by the data, only by the cap.</summary>
    public bool HitsCap => CappedShare > 0.01;

    /// <summary>The kept totals of every chain, sorted, for combining strata.</summary>
    internal IReadOnlyList<double> Draws { get; init; } = [];

    /// <summary>The chains disagree or mix too slowly for the quantiles to be trusted: run longer (more burn-in, thinning or samples).</summary>
    public bool Unconverged => RHat > MaxRHat || EffectiveSamples < MinEffectivePerChain * Settings.Chains;
}

/// <summary>
/// The Bayesian non-parametric latent-class model of Manrique-Vallier (2016), the model of HRDAG's LCMCR: people
/// belong to up to K latent classes (a truncated stick-breaking Dirichlet process), lists are independent within a
/// class, and heterogeneity in who gets documented is absorbed by the classes. A Gibbs sampler draws the number of
/// undocumented from its negative-binomial full conditional (the prior on N ∝ 1/N); the result is the posterior
/// median of the total with the 2.5% and 97.5% quantiles. Seeded, so a run repeats exactly.
/// </summary>
public static class LatentClassEstimate
{
    /// <summary>With two lists the classes cannot be told from the overlap: the posterior would be the prior's.</summary>
    public const int MinimumLists = 3;

    public static LatentClassResult Run(ListOverlaps data, LatentClassSettings? settings = null, CancellationToken stop = default)
    {
        var s = settings ?? new LatentClassSettings();
        var chains = new (List<double> Totals, int Capped)[s.Chains];
        Parallel.For(0, s.Chains, new ParallelOptions { CancellationToken = stop }, c => chains[c] = Chain(data, s, s.Seed + c, stop));
        var totals = chains.SelectMany(c => c.Totals).ToList();
        var (rHat, ess) = Convergence.Of(chains.Select(c => c.Totals.Select(t => Math.Log(t)).ToArray()).ToArray());
        totals.Sort();
        return new LatentClassResult(
            Quantile(totals, 0.5), Quantile(totals, 0.025), Quantile(totals, 0.975), totals.Average(), totals.Count,
            (double)chains.Sum(c => c.Capped) / Math.Max(1, s.Chains * s.Samples * s.Thin), s, rHat, ess)
        {
            Draws = totals,
        };
    }

    /// <summary>One Gibbs chain: the totals kept after burn-in, and how many iterations hit the cap.</summary>
    private static (List<double> Totals, int Capped) Chain(ListOverlaps data, LatentClassSettings s, int seed, CancellationToken stop)
    {
        var draws = new Draws(seed);
        var lists = data.ListCount;
        var classes = s.Classes;
        var patterns = Enumerable.Range(1, (1 << lists) - 1).Where(p => data.Counts[p] > 0).ToArray();
        var n = data.Observed;
        var cap = (long)s.CapFactor * n;

        var lambda = new double[lists, classes];
        for (var j = 0; j < lists; j++)
        {
            for (var k = 0; k < classes; k++)
            {
                lambda[j, k] = draws.Beta(1, 1);
            }
        }

        var alpha = 1.0;
        var pi = new double[classes];
        var v = new double[classes];
        StickBreaking(draws, v, pi, new long[classes], alpha);

        var ones = new long[lists, classes];
        var zeros = new long[lists, classes];
        var sizes = new long[classes];
        var weights = new double[classes];
        var inClass = new long[classes];
        var totals = new List<double>(s.Samples);
        var capped = 0;
        var iterations = s.BurnIn + (s.Samples * s.Thin);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            stop.ThrowIfCancellationRequested();
            Array.Clear(ones);
            Array.Clear(zeros);
            Array.Clear(sizes);

            // Classes of the documented, pattern by pattern: people with the same pattern are exchangeable, so how
            // many of them fall in each class is one multinomial draw, not one draw per person.
            foreach (var pattern in patterns)
            {
                var total = 0.0;
                for (var k = 0; k < classes; k++)
                {
                    var w = pi[k];
                    for (var j = 0; j < lists; j++)
                    {
                        w *= ((pattern >> j) & 1) == 1 ? lambda[j, k] : 1 - lambda[j, k];
                    }

                    weights[k] = w;
                    total += w;
                }

                draws.Multinomial(data.Counts[pattern], weights, total, inClass);
                Add(pattern, inClass, sizes, ones, zeros);
            }

            // The undocumented: how many, then their classes.
            var unseen = 0.0;
            for (var k = 0; k < classes; k++)
            {
                var w = pi[k];
                for (var j = 0; j < lists; j++)
                {
                    w *= 1 - lambda[j, k];
                }

                weights[k] = w;
                unseen += w;
            }

            var missing = draws.NegativeBinomial(n, Math.Clamp(1 - unseen, 1e-12, 1));
            if (missing > cap)
            {
                missing = cap;
                if (iteration >= s.BurnIn)
                {
                    capped++;
                }
            }

            draws.Multinomial(missing, weights, unseen, inClass);
            Add(0, inClass, sizes, ones, zeros);

            for (var j = 0; j < lists; j++)
            {
                for (var k = 0; k < classes; k++)
                {
                    lambda[j, k] = draws.Beta(1 + ones[j, k], 1 + zeros[j, k]);
                }
            }

            StickBreaking(draws, v, pi, sizes, alpha);
            var sumLog = 0.0;
            for (var k = 0; k < classes - 1; k++)
            {
                sumLog += Math.Log(1 - Math.Min(v[k], 1 - 1e-12));
            }

            alpha = draws.Gamma(s.AlphaShape + classes - 1) / (s.AlphaRate - sumLog);

            if (iteration >= s.BurnIn && (iteration - s.BurnIn) % s.Thin == 0)
            {
                totals.Add(n + missing);
            }
        }

        return (totals, capped);
    }

    private static void Add(int pattern, long[] inClass, long[] sizes, long[,] ones, long[,] zeros)
    {
        for (var k = 0; k < inClass.Length; k++)
        {
            var m = inClass[k];
            sizes[k] += m;
            for (var j = 0; j < ones.GetLength(0); j++)
            {
                if (((pattern >> j) & 1) == 1)
                {
                    ones[j, k] += m;
                }
                else
                {
                    zeros[j, k] += m;
                }
            }
        }
    }

    private static void StickBreaking(Draws draws, double[] v, double[] pi, long[] sizes, double alpha)
    {
        var classes = v.Length;
        var after = sizes.Sum();
        var remaining = 1.0;
        for (var k = 0; k < classes; k++)
        {
            after -= sizes[k];
            v[k] = k == classes - 1 ? 1 : draws.Beta(1 + sizes[k], alpha + after);
            pi[k] = v[k] * remaining;
            remaining *= 1 - v[k];
        }
    }

    /// <summary>Type-7 quantile (R's default), so figures compare with R's output.</summary>
    private static double Quantile(List<double> sorted, double q)
    {
        var h = (sorted.Count - 1) * q;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((h - low) * (sorted[high] - sorted[low]));
    }
}
