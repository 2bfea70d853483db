namespace Dalel.Core.Estimation;

/// <summary>Settings of Bayesian model averaging; the defaults are dga's (δ = 2^−p, prior on N ∝ 1/N).</summary>
public sealed record AveragingSettings
{
    /// <summary>The hyper-Dirichlet's prior count per cell of the full table; null for dga's 2^−p (one prior case in all).</summary>
    public double? Delta { get; init; }

    /// <summary>The log prior of the total N; null for 1/N.</summary>
    public Func<double, double>? LogPriorOfTotal { get; init; }

    /// <summary>The undocumented counts to weigh; null to choose them from the data (every integer while they are few).</summary>
    public IReadOnlyList<double>? Undocumented { get; init; }

    /// <summary>The grid stops at this multiple of the documented, as LCMCR's sampler does.</summary>
    public int CapFactor { get; init; } = 20;
}

/// <summary>One decomposable graph's share of the posterior and what it alone says about the total.</summary>
public sealed record GraphPosterior(string Name, LogLinearModel Model, double Probability, double Median, double Lower, double Upper);

/// <summary>The model-averaged posterior of the total: median, 95% equal-tailed credible interval, and the graphs carrying it.</summary>
public sealed record ModelAverage(double Median, double Lower, double Upper, double Mean, double Mode, IReadOnlyList<GraphPosterior> Graphs, double Delta, int GraphCount, bool HitsCap)
{
    /// <summary>Draws from the averaged posterior of the total, for combining strata.</summary>
    internal Func<Draws, double> Sampler { get; init; } = _ => double.NaN;

    /// <summary>
    /// The posterior share of the graph joining every list: under it the table says nothing about the undocumented, so
    /// its posterior of the total is the prior's, piled against the documented count. When it carries the average, the
    /// average's figure is not an estimate.
    /// </summary>
    public double SaturatedShare { get; init; }

    /// <summary>Madigan and York's Bayes estimator under relative squared-error loss, E[1/N] / E[1/N²], kept for comparison with their paper.</summary>
    public double BayesEstimate { get; init; }
}

/// <summary>
/// Bayesian model averaging over decomposable graphical models, as Madigan and York (1997) proposed and dga
/// computes it: each graph's marginal likelihood under the hyper-Dirichlet prior is the product of Dirichlet–multinomial
/// likelihoods of its cliques' margins over those of its separators, for every possible number of undocumented; with a
/// prior on the total and equal prior weight on the graphs, that gives the joint posterior of graph and total, which is
/// summed over graphs. Averaging instead of choosing one model carries the uncertainty about which model is right into
/// the interval. Every decomposable graph is weighed: 8 for three lists, 61 for four, 822 for five, 18,154 for six.
/// </summary>
public static class AverageModels
{
    /// <summary>Graphs below this posterior share are summed but not listed.</summary>
    public const double ListedShare = 0.01;

    public static ModelAverage Run(ListOverlaps data, AveragingSettings? settings = null, CancellationToken stop = default)
    {
        var s = settings ?? new AveragingSettings();
        var p = data.ListCount;
        var delta = s.Delta ?? Math.Pow(2, -p);
        var n = (double)data.Observed;
        var logPrior = s.LogPriorOfTotal ?? (total => -Math.Log(total));
        var graphs = Graphs(p);

        var cap = s.CapFactor * Math.Max(n, 50);
        var upper = Math.Min(cap, Math.Max(500, 5 * n));
        while (true)
        {
            var grid = s.Undocumented ?? Grid(upper);
            var posterior = new Posterior(data, grid, graphs, delta, logPrior, stop);
            var tail = posterior.Averaged.Skip((int)(grid.Count * 0.98)).Sum();
            if (s.Undocumented is not null || tail < 1e-4 || upper >= cap)
            {
                return Summarise(data, grid, posterior, graphs, delta, hitsCap: s.Undocumented is null && tail >= 1e-4);
            }

            upper = Math.Min(cap, upper * 4);
        }
    }

    /// <summary>Every integer up to 2,000 undocumented; beyond, 2,001 evenly spaced points (the posterior is smooth at that scale).</summary>
    private static List<double> Grid(double upper)
    {
        var points = (int)Math.Min(upper, 2_000) + 1;
        return Enumerable.Range(0, points).Select(i => upper * i / (points - 1)).ToList();
    }

    internal sealed record Graph(IReadOnlyList<int> Cliques, IReadOnlyList<int> Separators, LogLinearModel Model);

    private static readonly Dictionary<int, IReadOnlyList<Graph>> Cache = [];

    internal static IReadOnlyList<Graph> Graphs(int lists)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(lists, out var graphs))
            {
                graphs = InteractionGraph.All(lists).Where(g => g.IsChordal()).Select(g =>
                {
                    var cliques = g.Cliques();
                    return new Graph(cliques, InteractionGraph.Separators(cliques), LogLinearModel.Of(cliques.ToArray()));
                }).ToList();
                Cache[lists] = graphs;
            }

            return graphs;
        }
    }

    /// <summary>
    /// The joint posterior of graph and undocumented count, kept as its two margins: summed over graphs (one value per
    /// grid point) and summed over the grid (one share per graph). Rows are computed one at a time and folded into the
    /// sums, rescaling them whenever a row peaks higher, so six lists' 18,154 × 2,001 matrix is never held (it was
    /// 290 MB); the few graphs worth listing have their rows computed again.
    /// </summary>
    private sealed class Posterior
    {
        private readonly double[] _common;
        private readonly double[][] _margins;
        private readonly IReadOnlyList<Graph> _graphs;
        private readonly double _logTotal;

        public Posterior(ListOverlaps data, IReadOnlyList<double> grid, IReadOnlyList<Graph> graphs, double delta, Func<double, double> logPrior, CancellationToken stop)
        {
            _graphs = graphs;
            var p = data.ListCount;
            var n = (double)data.Observed;
            var cells = 1 << p;
            var denominator = grid.Select(m => PoissonFit.LogGamma(cells * delta) - PoissonFit.LogGamma(n + m + (cells * delta))).ToArray();

            // The log marginal likelihood of every margin (a set of lists) at every grid point.
            _margins = new double[cells][];
            for (var set = 1; set < cells; set++)
            {
                var alpha = delta * Math.Pow(2, p - System.Numerics.BitOperations.PopCount((uint)set));
                var table = new Dictionary<int, double>();
                for (var c = 1; c < cells; c++)
                {
                    table[c & set] = table.GetValueOrDefault(c & set) + data.Counts[c];
                }

                var fixedPart = 0.0;
                for (var r = 1; r < cells; r++)
                {
                    if ((r & set) == r)
                    {
                        fixedPart += PoissonFit.LogGamma(table.GetValueOrDefault(r) + alpha) - PoissonFit.LogGamma(alpha);
                    }
                }

                var empty = table.GetValueOrDefault(0);
                _margins[set] = grid.Select((m, i) => PoissonFit.LogGamma(empty + m + alpha) - PoissonFit.LogGamma(alpha) + fixedPart + denominator[i]).ToArray();
            }

            var observedFactorials = Enumerable.Range(1, cells - 1).Sum(c => PoissonFit.LogFactorial(data.Counts[c]));
            _common = grid.Select(m => PoissonFit.LogGamma(n + m + 1) - observedFactorials - PoissonFit.LogGamma(m + 1) + logPrior(n + m)).ToArray();

            var sums = new double[grid.Count];
            var logMass = new double[graphs.Count];
            var scale = double.NegativeInfinity;
            var row = new double[grid.Count];
            for (var g = 0; g < graphs.Count; g++)
            {
                stop.ThrowIfCancellationRequested();
                LogRow(g, row);
                var peak = row.Max();
                if (peak > scale)
                {
                    // Everything so far was summed relative to a lower peak: bring it down to this one.
                    var factor = double.IsNegativeInfinity(scale) ? 0 : Math.Exp(scale - peak);
                    for (var i = 0; i < sums.Length; i++)
                    {
                        sums[i] *= factor;
                    }

                    scale = peak;
                }

                var mass = 0.0;
                for (var i = 0; i < row.Length; i++)
                {
                    var e = Math.Exp(row[i] - scale);
                    sums[i] += e;
                    mass += e;
                }

                logMass[g] = Math.Log(mass) + scale;
            }

            var total = sums.Sum();
            _logTotal = Math.Log(total) + scale;
            Averaged = sums.Select(x => x / total).ToArray();
            Shares = logMass.Select(x => Math.Exp(x - _logTotal)).ToArray();
        }

        /// <summary>P(undocumented | data), averaged over graphs, per grid point.</summary>
        public double[] Averaged { get; }

        /// <summary>P(graph | data).</summary>
        public double[] Shares { get; }

        /// <summary>P(graph, undocumented | data) for one graph, per grid point.</summary>
        public double[] Row(int g)
        {
            var row = new double[_common.Length];
            LogRow(g, row);
            return row.Select(x => Math.Exp(x - _logTotal)).ToArray();
        }

        /// <summary>log P(graph, undocumented | data) up to a constant: the cliques' margins over the separators'.</summary>
        private void LogRow(int g, double[] row)
        {
            _common.CopyTo(row, 0);
            foreach (var c in _graphs[g].Cliques)
            {
                Add(row, _margins[c], 1);
            }

            foreach (var sep in _graphs[g].Separators)
            {
                Add(row, _margins[sep], -1);
            }
        }

        private static void Add(double[] row, double[] margin, int sign)
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] += sign * margin[i];
            }
        }
    }

    private static ModelAverage Summarise(ListOverlaps data, IReadOnlyList<double> grid, Posterior posterior, IReadOnlyList<Graph> graphs, double delta, bool hitsCap)
    {
        var n = (double)data.Observed;
        var totals = grid.Select(m => n + m).ToArray();
        var averaged = posterior.Averaged;
        var listed = Enumerable.Range(0, graphs.Count).Where(g => posterior.Shares[g] >= ListedShare).OrderByDescending(g => posterior.Shares[g])
            .Select(g =>
            {
                var row = posterior.Row(g);
                return new GraphPosterior(graphs[g].Model.Name(data.Lists), graphs[g].Model, posterior.Shares[g],
                    Quantile(totals, row, 0.5), Quantile(totals, row, 0.025), Quantile(totals, row, 0.975));
            })
            .ToList();
        var cumulative = new double[averaged.Length];
        var running = 0.0;
        for (var i = 0; i < averaged.Length; i++)
        {
            running += averaged[i];
            cumulative[i] = running;
        }

        var everyList = (1 << data.ListCount) - 1;
        return new ModelAverage(
            Quantile(totals, averaged, 0.5), Quantile(totals, averaged, 0.025), Quantile(totals, averaged, 0.975),
            totals.Select((t, i) => t * averaged[i]).Sum(),
            totals[Array.IndexOf(averaged, averaged.Max())],
            listed, delta, graphs.Count, hitsCap)
        {
            SaturatedShare = Enumerable.Range(0, graphs.Count).Where(g => graphs[g].Cliques is [var only] && only == everyList).Sum(g => posterior.Shares[g]),
            BayesEstimate = totals.Select((t, i) => averaged[i] / t).Sum() / totals.Select((t, i) => averaged[i] / (t * t)).Sum(),
            Sampler = draws =>
            {
                var u = draws.Uniform() * running;
                var i = Array.BinarySearch(cumulative, u);
                return totals[Math.Min(i < 0 ? ~i : i, totals.Length - 1)];
            },
        };
    }

    /// <summary>The smallest total whose cumulative posterior share reaches q (the grid's mass normalised).</summary>
    private static double Quantile(double[] totals, double[] mass, double q)
    {
        var all = mass.Sum();
        var running = 0.0;
        for (var i = 0; i < mass.Length; i++)
        {
            running += mass[i];
            if (running >= q * all)
            {
                return totals[i];
            }
        }

        return totals[^1];
    }
}
