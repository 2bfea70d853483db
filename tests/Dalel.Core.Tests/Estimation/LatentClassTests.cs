using Dalel.Core.Estimation;

namespace Dalel.Core.Tests.Estimation;

public sealed class LatentClassTests
{
    private static readonly LatentClassSettings Quick = new() { BurnIn = 2_000, Samples = 500, Thin = 10, Seed = 7 };

    private static ListOverlaps Independent(int total, params double[] p) => ListOverlaps.FromCounts(
        p.Select((_, j) => $"L{j}").ToList(),
        Enumerable.Range(0, 1 << p.Length).Select(pattern => pattern == 0 ? 0 : (long)Math.Round(total * Enumerable.Range(0, p.Length).Aggregate(1.0, (a, j) => a * (((pattern >> j) & 1) == 1 ? p[j] : 1 - p[j])))).ToArray());

    [Fact]
    public void On_data_from_independent_lists_the_interval_covers_the_truth()
    {
        var result = LatentClassEstimate.Run(Independent(2_000, 0.3, 0.4, 0.5), Quick);

        Assert.InRange(result.Median, 1_800, 2_200);
        Assert.True(result.Lower <= 2_000 && 2_000 <= result.Upper, $"{result.Lower}–{result.Upper}");
        Assert.False(result.HitsCap);
    }

    [Fact]
    public void The_same_seed_gives_the_same_answer()
    {
        var data = Independent(1_000, 0.3, 0.5, 0.4, 0.2);
        static (double, double, double, double, double) Figures(LatentClassResult r) => (r.Median, r.Lower, r.Upper, r.Mean, r.RHat);
        Assert.Equal(Figures(LatentClassEstimate.Run(data, Quick)), Figures(LatentClassEstimate.Run(data, Quick)));
        Assert.NotEqual(Figures(LatentClassEstimate.Run(data, Quick)), Figures(LatentClassEstimate.Run(data, Quick with { Seed = 8 })));
    }

    [Fact]
    public void On_Madigan_and_York_it_agrees_with_the_log_linear_models_within_their_spread()
    {
        var data = ListOverlaps.FromCounts(["A", "B", "C"], 0, 60, 49, 4, 247, 112, 142, 12);

        var result = LatentClassEstimate.Run(data, Quick);

        Assert.InRange(result.Median, 640, 900);
        Assert.True(result.Lower < result.Median && result.Median < result.Upper);
    }

    [Fact]
    public void Chains_that_agree_pass_the_convergence_check_and_a_run_without_burn_in_is_flagged()
    {
        var data = ListOverlaps.FromCounts(["A", "B", "C"], 0, 60, 49, 4, 247, 112, 142, 12);

        var good = LatentClassEstimate.Run(data, Quick with { Thin = 50 });
        var rushed = LatentClassEstimate.Run(data, Quick with { BurnIn = 0, Samples = 40, Thin = 1 });

        Assert.Equal(4 * 500, good.Samples);
        Assert.InRange(good.RHat, 0.99, LatentClassResult.MaxRHat);
        Assert.False(good.Unconverged, $"R-hat {good.RHat}, ESS {good.EffectiveSamples}");
        Assert.True(rushed.Unconverged, $"R-hat {rushed.RHat}, ESS {rushed.EffectiveSamples}");
    }

    [Fact]
    public void Split_R_hat_and_effective_sample_size_behave_as_defined()
    {
        var draws = new Draws(3);
        double[] Chain(double mean, int length) => Enumerable.Range(0, length).Select(_ => mean + draws.Normal()).ToArray();

        var (sameRHat, sameEss) = Convergence.Of([Chain(0, 1_000), Chain(0, 1_000), Chain(0, 1_000), Chain(0, 1_000)]);
        Assert.InRange(sameRHat, 0.99, 1.01);
        Assert.InRange(sameEss, 3_000, 5_000); // independent draws are worth about themselves

        var (apartRHat, _) = Convergence.Of([Chain(0, 1_000), Chain(0, 1_000), Chain(3, 1_000), Chain(0, 1_000)]);
        Assert.True(apartRHat > 1.1, apartRHat.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A random walk: strongly autocorrelated, worth far fewer draws than kept.
        var walk = new double[4][];
        for (var c = 0; c < 4; c++)
        {
            walk[c] = new double[1_000];
            for (var i = 1; i < 1_000; i++)
            {
                walk[c][i] = (0.99 * walk[c][i - 1]) + draws.Normal();
            }
        }

        Assert.True(Convergence.Of(walk).EffectiveSamples < 400);
    }

    [Fact]
    public void Binomial_draws_have_the_right_mean_and_spread_for_small_and_large_counts()
    {
        var draws = new Draws(11);
        foreach (var (n, p) in new[] { (10L, 0.3), (5_000L, 0.02), (100_000L, 0.7) })
        {
            var x = Enumerable.Range(0, 4_000).Select(_ => (double)draws.Binomial(n, p)).ToArray();
            var mean = x.Average();
            var variance = x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
            Assert.Equal(n * p, mean, 5 * Math.Sqrt(n * p * (1 - p) / x.Length));
            Assert.Equal(n * p * (1 - p), variance, n * p * (1 - p) * 0.1);
            Assert.All(x, v => Assert.InRange(v, 0, n));
        }
    }

    [Fact]
    public void On_Kosovo_it_agrees_with_LCMCR_itself_within_Monte_Carlo_error()
    {
        // LCMCR 0.4.x built from CRAN's source (R 4.2.2, GSL), K = 10, a = b = 0.25, burn-in 10,000, thinning 100,
        // 10,000 draws: medians 10,376 and 10,419 (seeds 1, 2), 95% about 8,900–14,000.
        var result = LatentClassEstimate.Run(ModelSpaceTests.Kosovo, new LatentClassSettings { BurnIn = 5_000, Thin = 20, Samples = 1_000 });

        Assert.InRange(result.Median, 10_400 * 0.97, 10_400 * 1.03);
        Assert.InRange(result.Lower, 8_900 * 0.95, 8_900 * 1.05);
        Assert.InRange(result.Upper, 14_000 * 0.9, 14_000 * 1.1);
    }
}
