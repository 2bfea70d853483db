using System.Numerics;

namespace Dalel.Core.Estimation;

/// <summary>
/// A hierarchical Poisson log-linear model of a list-overlap table: every list's main effect plus interaction terms of
/// any order below the number of lists, closed under subsets (a three-list term brings its three two-list terms). Terms
/// are bit masks of lists (list j is bit j), held as one bit each in <see cref="Terms"/>: with at most six lists every
/// term fits in 64 bits, so two models are equal exactly when they hold the same terms. The highest-order interaction
/// is never included: it cannot be estimated from a table whose "on no list" cell is missing, which is exactly the
/// identifying assumption of the model.
/// </summary>
public sealed record LogLinearModel(ulong Terms)
{
    public static LogLinearModel Independence { get; } = new(0UL);

    /// <summary>The model with these terms and every term below them (each term a bit mask of lists).</summary>
    public static LogLinearModel Of(params int[] generators)
    {
        var terms = 0UL;
        foreach (var g in generators)
        {
            for (var s = g; s != 0; s = (s - 1) & g)
            {
                if (BitOperations.PopCount((uint)s) >= 2)
                {
                    terms |= 1UL << s;
                }
            }
        }

        return new LogLinearModel(terms);
    }

    public static LogLinearModel FromPairs(params (int A, int B)[] pairs) => Of(pairs.Select(p => (1 << p.A) | (1 << p.B)).ToArray());

    /// <summary>Every term a model on this many lists may hold: two lists up to all lists but one.</summary>
    public static IEnumerable<int> Candidates(int lists) =>
        Enumerable.Range(0, 1 << lists).Where(t => BitOperations.PopCount((uint)t) is var k && k >= 2 && k < lists)
            .OrderBy(t => BitOperations.PopCount((uint)t)).ThenBy(t => t);

    /// <summary>
    /// Every hierarchical model whose terms avoid <paramref name="excluded"/> (113 for four lists, 6,893 for five).
    /// A term is only offered once all the terms below it are in, so each model comes out once.
    /// </summary>
    public static IEnumerable<LogLinearModel> Hierarchical(int lists, ulong excluded = 0)
    {
        var candidates = Candidates(lists).Where(t => (excluded & (1UL << t)) == 0).ToArray();
        var found = new List<LogLinearModel>();
        void Walk(int i, ulong terms)
        {
            if (i == candidates.Length)
            {
                found.Add(new LogLinearModel(terms));
                return;
            }

            Walk(i + 1, terms);
            var t = candidates[i];
            if (Below(t).All(s => (terms & (1UL << s)) != 0))
            {
                Walk(i + 1, terms | (1UL << t));
            }
        }

        Walk(0, 0);
        return found;
    }

    /// <summary>Every set of two-list interactions (for three lists, the all-two-way model is the no-three-way model).</summary>
    public static IEnumerable<LogLinearModel> TwoWay(int lists)
    {
        var pairs = Pairs(lists).ToList();
        for (var mask = 0; mask < 1 << pairs.Count; mask++)
        {
            yield return FromPairs(pairs.Where((_, i) => (mask & (1 << i)) != 0).ToArray());
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

    /// <summary>The terms one list fewer than <paramref name="term"/> that are themselves interactions.</summary>
    internal static IEnumerable<int> Below(int term) =>
        Enumerable.Range(0, 31).Where(j => ((term >> j) & 1) == 1).Select(j => term & ~(1 << j)).Where(s => BitOperations.PopCount((uint)s) >= 2);

    public IReadOnlyList<int> TermList => Enumerable.Range(0, 64).Where(t => ((Terms >> t) & 1) == 1).ToList();

    public bool Has(int term) => ((Terms >> term) & 1) == 1;

    /// <summary>The highest terms, which name the model: EXH×ABA×OSCE + EXH×HRW.</summary>
    public IReadOnlyList<int> Generators => TermList.Where(t => !TermList.Any(u => u != t && (u & t) == t)).ToList();

    public int Parameters(int lists) => 1 + lists + BitOperations.PopCount(Terms);

    /// <summary>
    /// Decomposable models have closed-form fits and are the models dga averages over: graphical (the highest terms
    /// are exactly the cliques of the graph of two-list interactions) and chordal (no cycle of four or more lists
    /// without a chord).
    /// </summary>
    public bool IsDecomposable(int lists)
    {
        var graph = InteractionGraph.FromTerms(lists, Terms);
        return graph.IsChordal() && Generators.ToHashSet().SetEquals(graph.Cliques().Where(c => BitOperations.PopCount((uint)c) >= 2));
    }

    public string Name(IReadOnlyList<string> lists) => Terms == 0
        ? "independence"
        : string.Join(" + ", Generators.Select(t => TermName(t, lists)));

    public static string TermName(int term, IReadOnlyList<string> lists) =>
        string.Join("×", Enumerable.Range(0, lists.Count).Where(j => ((term >> j) & 1) == 1).Select(j => lists[j]));

    /// <summary>The design row of a capture pattern: intercept, main effects, interactions.</summary>
    internal double[] Row(int pattern, int lists)
    {
        var row = new double[Parameters(lists)];
        row[0] = 1;
        for (var j = 0; j < lists; j++)
        {
            row[1 + j] = (pattern >> j) & 1;
        }

        var i = 1 + lists;
        foreach (var t in TermList)
        {
            row[i++] = (pattern & t) == t ? 1 : 0;
        }

        return row;
    }

    internal double[][] Design(IReadOnlyList<int> cells, int lists) => cells.Select(c => Row(c, lists)).ToArray();
}

/// <summary>A Poisson log-linear fit by iteratively reweighted least squares.</summary>
internal static class PoissonFit
{
    public sealed record Fit(double[] Beta, double[] Fitted, double LogLikelihood, double Deviance, bool Converged);

    /// <param name="cells">The capture patterns fitted (the observed ones; with the "no list" cell for the profile).</param>
    public static Fit Run(LogLinearModel model, int lists, IReadOnlyList<int> cells, IReadOnlyList<double> counts) =>
        Run(model.Design(cells, lists), counts);

    /// <param name="x">The design: one row per cell, one column per parameter (the intercept first).</param>
    public static Fit Run(double[][] x, IReadOnlyList<double> counts)
    {
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

    /// <summary>The number of independent columns of a design: fewer than its columns means a parameter the cells cannot fix.</summary>
    public static int Rank(double[][] x)
    {
        var m = x.Select(r => (double[])r.Clone()).ToArray();
        var columns = m.Length == 0 ? 0 : m[0].Length;
        var rank = 0;
        for (var col = 0; col < columns && rank < m.Length; col++)
        {
            var pivot = Enumerable.Range(rank, m.Length - rank).MaxBy(r => Math.Abs(m[r][col]));
            if (Math.Abs(m[pivot][col]) < 1e-9)
            {
                continue;
            }

            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            for (var r = rank + 1; r < m.Length; r++)
            {
                var f = m[r][col] / m[rank][col];
                for (var k = col; k < columns; k++)
                {
                    m[r][k] -= f * m[rank][k];
                }
            }

            rank++;
        }

        return rank;
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
