namespace Dalel.Core.Estimation;

/// <summary>Random draws for the Gibbs sampler, from one seeded generator so a run can be repeated exactly.</summary>
internal sealed class Draws(int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform() => _random.NextDouble();

    private double OpenUniform()
    {
        double u;
        do
        {
            u = _random.NextDouble();
        }
        while (u <= 0);
        return u;
    }

    public double Normal()
    {
        // Box–Muller; one of the pair is enough here.
        return Math.Sqrt(-2 * Math.Log(OpenUniform())) * Math.Cos(2 * Math.PI * _random.NextDouble());
    }

    /// <summary>Gamma(shape, scale 1): Marsaglia and Tsang 2000, with the usual boost for shape below 1.</summary>
    public double Gamma(double shape)
    {
        if (shape < 1)
        {
            return Gamma(shape + 1) * Math.Pow(OpenUniform(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1 + (c * x);
            }
            while (v <= 0);
            v = v * v * v;
            var u = OpenUniform();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    public double Beta(double a, double b)
    {
        var x = Gamma(a);
        var y = Gamma(b);
        return x / (x + y);
    }

    /// <summary>Poisson: multiplication for small means, Hörmann's PTRS (transformed rejection) above.</summary>
    public long Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean < 30)
        {
            var limit = Math.Exp(-mean);
            var product = OpenUniform();
            long k = 0;
            while (product > limit)
            {
                k++;
                product *= OpenUniform();
            }

            return k;
        }

        var slam = Math.Sqrt(mean);
        var loglam = Math.Log(mean);
        var b = 0.931 + (2.53 * slam);
        var a = -0.059 + (0.02483 * b);
        var invalpha = 1.1239 + (1.1328 / (b - 3.4));
        var vr = 0.9277 - (3.6224 / (b - 2));
        while (true)
        {
            var u = _random.NextDouble() - 0.5;
            var v = OpenUniform();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((((2 * a) / us) + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (long)k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invalpha) - Math.Log((a / (us * us)) + b) <= -mean + (k * loglam) - PoissonFit.LogGamma(k + 1))
            {
                return (long)k;
            }
        }
    }

    /// <summary>Failures before <paramref name="successes"/> successes of probability <paramref name="p"/>, as a Gamma–Poisson mixture.</summary>
    public long NegativeBinomial(double successes, double p) => Poisson(Gamma(successes) * (1 - p) / p);

    /// <summary>
    /// Successes in <paramref name="n"/> trials of probability <paramref name="p"/>, exactly: while n is large, the
    /// median of n uniforms is drawn as a Beta and the count continues below or above it (Knuth, TAOCP 3.4.1 F), so a
    /// draw costs about log n Betas, not n uniforms.
    /// </summary>
    public long Binomial(long n, double p)
    {
        long result = 0;
        while (n > 40 && p > 0 && p < 1)
        {
            var a = 1 + (n / 2);
            var b = n + 1 - a;
            var x = Beta(a, b);
            if (x >= p)
            {
                n = a - 1;
                p /= x;
            }
            else
            {
                result += a;
                n = b - 1;
                p = (p - x) / (1 - x);
            }
        }

        if (p >= 1)
        {
            return result + n;
        }

        for (long i = 0; i < n && p > 0; i++)
        {
            if (_random.NextDouble() < p)
            {
                result++;
            }
        }

        return result;
    }

    /// <summary>How <paramref name="n"/> draws fall among categories of the given weights, as successive binomials.</summary>
    public void Multinomial(long n, ReadOnlySpan<double> weights, double total, Span<long> counts)
    {
        var remaining = total;
        for (var k = 0; k < weights.Length; k++)
        {
            var m = k == weights.Length - 1 || remaining <= 0 ? n : Binomial(n, Math.Min(1, weights[k] / remaining));
            counts[k] = m;
            n -= m;
            remaining -= weights[k];
        }
    }

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public int Categorical(ReadOnlySpan<double> weights, double total)
    {
        var u = _random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
