namespace Dalel.Core.Estimation;

/// <summary>
/// Whether MCMC chains can be trusted, as Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021) compute it: split
/// R-hat (each chain cut in two, so a chain that drifts disagrees with itself) and the effective sample size from the
/// chains' combined autocorrelation, summed while Geyer's paired sums stay positive and decreasing.
/// </summary>
public static class Convergence
{
    public static (double RHat, double EffectiveSamples) Of(IReadOnlyList<double[]> chains)
    {
        var half = chains.Min(c => c.Length) / 2;
        if (half < 4)
        {
            return (double.NaN, 0);
        }

        var split = chains.SelectMany(c => new[] { c[..half], c[half..(2 * half)] }).ToArray();
        var m = split.Length;
        var n = half;
        var means = split.Select(c => c.Average()).ToArray();
        var grand = means.Average();
        var within = split.Select((c, i) => c.Sum(x => (x - means[i]) * (x - means[i])) / (n - 1)).Average();
        var between = n * means.Sum(x => (x - grand) * (x - grand)) / (m - 1);
        var pooled = (((n - 1.0) / n) * within) + (between / n);
        if (within <= 0)
        {
            // Every draw alike in every chain: nothing moves, so nothing can be said to have mixed.
            return (pooled > 0 ? double.PositiveInfinity : 1, pooled > 0 ? 0 : m * n);
        }

        var rHat = Math.Sqrt(pooled / within);

        // ρ_t = 1 − (W − mean autocovariance at lag t) / var⁺, summed in pairs while the pairs stay positive.
        double Rho(int lag) => 1 - ((within - split.Select((c, i) => Autocovariance(c, means[i], lag)).Average()) / pooled);
        var tau = -1.0;
        var previous = double.MaxValue;
        for (var t = 0; t + 1 < n; t += 2)
        {
            var pair = Rho(t) + Rho(t + 1);
            if (pair <= 0)
            {
                break;
            }

            pair = Math.Min(pair, previous);
            tau += 2 * pair;
            previous = pair;
        }

        return (rHat, m * n / Math.Max(tau, 1.0 / Math.Log10(m * n)));
    }

    private static double Autocovariance(double[] chain, double mean, int lag)
    {
        var sum = 0.0;
        for (var i = 0; i + lag < chain.Length; i++)
        {
            sum += (chain[i] - mean) * (chain[i + lag] - mean);
        }

        return sum / chain.Length;
    }
}
