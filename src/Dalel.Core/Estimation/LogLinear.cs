namespace Dalel.Core.Estimation;

/// <summary>
/// A hierarchical Poisson log-linear model of a list-overlap table: every list's main effect plus the chosen
/// two-list interactions. The highest-order interaction is never included: it cannot be estimated from a table whose
/// "on no list" cell is missing, which is exactly the identifying assumption of the model.
/// </summary>
public sealed record LogLinearModel(IReadOnlyList<(int A, int B)> Interactions)
{
    public static LogLinearModel Independence { get; } = new([]);

    /// <summary>Every set of two-list interactions for this many lists (for three lists, the all-two-way model is the no-three-way model).</summary>
    public static IEnumerable<LogLinearModel> All(int lists)
    {
        var pairs = Pairs(lists).ToList();
        for (var mask = 0; mask < 1 << pairs.Count; mask++)
        {
            yield return new LogLinearModel(pairs.Where((_, i) => (mask & (1 << i)) != 0).ToList());
        }
    }

    public static IEnumerable<(int A, int B)> Pairs(int lists)
    {
        for (var a = 0; a < lists; a++)
        {
            for (var b = a + 1; b < lists; b++)
            {
                yield return (a, b);
            }
        }
    }

    public int Parameters(int lists) => 1 + lists + Interactions.Count;

    /// <summary>
    /// Decomposable (chordal) interaction graphs have closed-form fits and are the models dga averages over; a graph
    /// with a cycle of four or more lists without a chord is not.
    /// </summary>
    public bool IsDecomposable(int lists)
    {
        // A graph is chordal iff repeatedly removing a simplicial vertex (its neighbours all adjacent) empties it.
        var remaining = Enumerable.Range(0, lists).ToHashSet();
        bool Adjacent(int a, int b) => Interactions.Contains((Math.Min(a, b), Math.Max(a, b)));
        while (remaining.Count > 0)
        {
            var simplicial = remaining.FirstOrDefault(v =>
            {
                var neighbours = remaining.Where(u => u != v && Adjacent(u, v)).ToList();
                return neighbours.All(a => neighbours.All(b => a == b || Adjacent(a, b)));
            }, -1);
            if (simplicial < 0)
            {
                return false;
            }

            remaining.Remove(simplicial);
        }

        return true;
    }

    public string Name(IReadOnlyList<string> lists) =>
        Interactions.Count == 0 ? "independence" : string.Join(" + ", Interactions.Select(p => $"{lists[p.A]}×{lists[p.B]}"));

    /// <summary>The design row of a capture pattern: intercept, main effects, interactions.</summary>
    internal double[] Row(int pattern, int lists)
    {
        var row = new double[Parameters(lists)];
        row[0] = 1;
        for (var j = 0; j < lists; j++)
        {
            row[1 + j] = (pattern >> j) & 1;
        }

        for (var i = 0; i < Interactions.Count; i++)
        {
            var (a, b) = Interactions[i];
            row[1 + lists + i] = ((pattern >> a) & (pattern >> b) & 1) == 1 ? 1 : 0;
        }

        return row;
    }
}

/// <summary>A Poisson log-linear fit by iteratively reweighted least squares.</summary>
internal static class PoissonFit
{
    public sealed record Fit(double[] Beta, double[] Fitted, double LogLikelihood, double Deviance, bool Converged);

    /// <param name="cells">The capture patterns fitted (the observed ones; with the "no list" cell for the profile).</param>
    public static Fit Run(LogLinearModel model, int lists, IReadOnlyList<int> cells, IReadOnlyList<double> counts)
    {
        var x = cells.Select(c => model.Row(c, lists)).ToArray();
        var p = x[0].Length;
        var eta = counts.Select(y => Math.Log(y + 0.5)).ToArray();
        var beta = new double[p];
        var converged = false;
        var previous = double.MaxValue;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var mu = eta.Select(Math.Exp).ToArray();
            var xtwx = new double[p, p];
            var xtwz = new double[p];
            for (var i = 0; i < x.Length; i++)
            {
                var z = eta[i] + ((counts[i] - mu[i]) / mu[i]);
                for (var a = 0; a < p; a++)
                {
                    xtwz[a] += x[i][a] * mu[i] * z;
                    for (var b = 0; b < p; b++)
                    {
                        xtwx[a, b] += x[i][a] * mu[i] * x[i][b];
                    }
                }
            }

            if (Solve(xtwx, xtwz) is not { } next)
            {
                break;
            }

            beta = next;
            eta = x.Select(row => Dot(row, beta)).ToArray();
            var deviance = Deviance(counts, eta.Select(Math.Exp).ToArray());
            if (Math.Abs(previous - deviance) < 1e-10 * (1 + Math.Abs(deviance)))
            {
                converged = true;
                break;
            }

            previous = deviance;
        }

        var fitted = eta.Select(Math.Exp).ToArray();
        var logLikelihood = counts.Select((y, i) => (y * Math.Log(Math.Max(fitted[i], 1e-300))) - fitted[i] - LogFactorial(y)).Sum();
        return new Fit(beta, fitted, logLikelihood, Deviance(counts, fitted), converged && beta.All(double.IsFinite));
    }

    public static double LogFactorial(double y) => LogGamma(y + 1);

    /// <summary>Lanczos approximation, accurate to about 15 digits for positive arguments.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var a = g[0];
        var t = x + 7.5;
        for (var i = 1; i < 9; i++)
        {
            a += g[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    private static double Deviance(IReadOnlyList<double> y, double[] mu) =>
        2 * y.Select((v, i) => (v > 0 ? v * Math.Log(v / mu[i]) : 0) - (v - mu[i])).Sum();

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>Gaussian elimination with partial pivoting; null when the system is singular (a parameter the data cannot fix).</summary>
    private static double[]? Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        var scale = 0.0;
        foreach (var value in m)
        {
            scale = Math.Max(scale, Math.Abs(value));
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(m[pivot, col]) <= 1e-12 * Math.Max(scale, 1))
            {
                return null;
            }

            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                {
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                }

                (v[col], v[pivot]) = (v[pivot], v[col]);
            }

            for (var row = col + 1; row < n; row++)
            {
                var f = m[row, col] / m[col, col];
                for (var k = col; k < n; k++)
                {
                    m[row, k] -= f * m[col, k];
                }

                v[row] -= f * v[col];
            }
        }

        var x = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var s = v[row];
            for (var k = row + 1; k < n; k++)
            {
                s -= m[row, k] * x[k];
            }

            x[row] = s / m[row, row];
        }

        return x;
    }
}
