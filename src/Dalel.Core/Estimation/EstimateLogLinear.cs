namespace Dalel.Core.Estimation;

/// <summary>One log-linear model's estimate of the total, with a 95% profile-likelihood interval and its fit.</summary>
public sealed record ModelEstimate
{
    public required string Name { get; init; }

    public required LogLinearModel Model { get; init; }

    public bool Decomposable { get; init; }

    /// <summary>Estimated total N̂ = documented + estimated undocumented; null when the model cannot give one.</summary>
    public double? Total { get; init; }

    public double? Undocumented { get; init; }

    public double? Lower { get; init; }

    /// <summary>Null when the likelihood does not fall enough however large N is: the data cannot bound the total.</summary>
    public double? Upper { get; init; }

    public double Deviance { get; init; }

    public int DegreesOfFreedom { get; init; }

    public double? Aic { get; init; }

    public double? Bic { get; init; }

    /// <summary>Text keys: estimate.not_identifiable, estimate.degenerate, estimate.upper_unbounded.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool Usable => Total is not null && !Warnings.Contains(EstimateLogLinear.NotIdentifiable) && !Warnings.Contains(EstimateLogLinear.Degenerate);
}

public sealed record LogLinearReport(ListOverlaps Data, IReadOnlyList<ModelEstimate> Models, ModelEstimate? BestByAic, ModelEstimate? BestByBic);

/// <summary>
/// Fits every hierarchical log-linear model with two-list interactions (independence, each interaction alone, all of
/// them, and everything between; with four or more lists the decomposable ones are marked) to the observed cells of
/// the overlap table, as Rcapture's closedpCI does: N̂ is the documented total plus the fitted "on no list" cell, the
/// interval is the 95% profile-likelihood interval of N under the multinomial model, and models are compared by AIC
/// and BIC (BIC with the number of documented individuals as sample size).
/// </summary>
public static class EstimateLogLinear
{
    public const string NotIdentifiable = "estimate.not_identifiable";
    public const string Degenerate = "estimate.degenerate";
    public const string UpperUnbounded = "estimate.upper_unbounded";

    /// <summary>Half the 95% point of chi-square with one degree of freedom.</summary>
    private const double HalfChi2 = 1.920729;

    public static LogLinearReport Run(ListOverlaps data, IEnumerable<LogLinearModel>? models = null, CancellationToken stop = default)
    {
        var estimates = (models ?? LogLinearModel.All(data.ListCount)).Select(m =>
        {
            stop.ThrowIfCancellationRequested();
            return Fit(data, m);
        }).ToList();
        var usable = estimates.Where(e => e.Usable).ToList();
        return new LogLinearReport(
            data,
            estimates.OrderBy(e => e.Aic ?? double.MaxValue).ToList(),
            usable.MinBy(e => e.Aic),
            usable.MinBy(e => e.Bic));
    }

    /// <summary>
    /// Every model fitted, but intervals only for the AIC and BIC choices: with six lists the profile intervals of all
    /// 32,768 models are most of the time, and only the chosen ones are printed.
    /// </summary>
    public static LogLinearReport RunBest(ListOverlaps data, CancellationToken stop = default)
    {
        var quick = LogLinearModel.All(data.ListCount).Select(m =>
        {
            stop.ThrowIfCancellationRequested();
            return Fit(data, m, withInterval: false);
        }).ToList();
        var usable = quick.Where(e => e.Usable).ToList();
        var aic = usable.MinBy(e => e.Aic) is { } a ? Fit(data, a.Model) : null;
        var bic = usable.MinBy(e => e.Bic) is { } b ? (aic is not null && b.Model == aic.Model ? aic : Fit(data, b.Model)) : null;
        var models = quick.Select(e => aic is not null && e.Model == aic.Model ? aic : bic is not null && e.Model == bic.Model ? bic : e).ToList();
        return new LogLinearReport(data, models.OrderBy(e => e.Aic ?? double.MaxValue).ToList(), aic, bic);
    }

    /// <summary>
    /// The BIC-chosen model with its interval, fitting the others without theirs: the profile interval is most of the
    /// cost, and pages that print one sentence (statistics, submissions) need it for one model only.
    /// </summary>
    public static ModelEstimate? BestByBic(ListOverlaps data) =>
        LogLinearModel.All(data.ListCount).Select(m => Fit(data, m, withInterval: false)).Where(e => e.Usable).MinBy(e => e.Bic) is { } best
            ? Fit(data, best.Model)
            : null;

    public static ModelEstimate Fit(ListOverlaps data, LogLinearModel model, bool withInterval = true)
    {
        var lists = data.ListCount;
        var cells = Enumerable.Range(1, (1 << lists) - 1).ToList();
        var counts = cells.Select(c => (double)data.Counts[c]).ToList();
        var parameters = model.Parameters(lists);
        var name = model.Name(data.Lists);
        var decomposable = model.IsDecomposable(lists);
        var documented = (double)data.Observed;
        if (parameters > cells.Count)
        {
            return new ModelEstimate { Name = name, Model = model, Decomposable = decomposable, Warnings = [NotIdentifiable] };
        }

        var fit = PoissonFit.Run(model, lists, cells, counts);
        var undocumented = Math.Exp(fit.Beta[0]);
        var warnings = new List<string>();
        // A zero in a margin the model needs sends a parameter to infinity: the fit drifts instead of converging.
        if (!fit.Converged || fit.Beta.Any(b => Math.Abs(b) > 25) || !double.IsFinite(undocumented) || undocumented > 1e4 * Math.Max(documented, 1))
        {
            warnings.Add(Degenerate);
            return new ModelEstimate
            {
                Name = name, Model = model, Decomposable = decomposable, Deviance = fit.Deviance,
                DegreesOfFreedom = cells.Count - parameters, Warnings = warnings,
            };
        }

        var total = documented + undocumented;
        var (lower, upper) = withInterval ? ProfileInterval(data, model, total) : (null, null);
        if (withInterval && upper is null)
        {
            warnings.Add(UpperUnbounded);
        }

        return new ModelEstimate
        {
            Name = name,
            Model = model,
            Decomposable = decomposable,
            Total = total,
            Undocumented = undocumented,
            Lower = lower,
            Upper = upper,
            Deviance = fit.Deviance,
            DegreesOfFreedom = cells.Count - parameters,
            Aic = (2 * parameters) - (2 * fit.LogLikelihood),
            Bic = (parameters * Math.Log(Math.Max(documented, 2))) - (2 * fit.LogLikelihood),
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The multinomial log-likelihood of N, maximised over the model's cell probabilities: fitting the model to the
    /// full table with N − n in the "on no list" cell gives those probabilities.
    /// </summary>
    internal static double ProfileLogLikelihood(ListOverlaps data, LogLinearModel model, double total)
    {
        var lists = data.ListCount;
        var missing = total - data.Observed;
        var cells = Enumerable.Range(0, 1 << lists).ToList();
        var counts = cells.Select(c => c == 0 ? missing : data.Counts[c]).ToList();
        var fit = PoissonFit.Run(model, lists, cells, counts);
        var sum = PoissonFit.LogGamma(total + 1) - PoissonFit.LogGamma(missing + 1);
        for (var i = 0; i < cells.Count; i++)
        {
            if (counts[i] > 0)
            {
                sum += counts[i] * Math.Log(fit.Fitted[i] / total);
            }
        }

        return sum;
    }

    private static (double? Lower, double? Upper) ProfileInterval(ListOverlaps data, LogLinearModel model, double estimate)
    {
        double n = data.Observed;
        double L(double total) => ProfileLogLikelihood(data, model, total);
        var cap = (1000 * n) + 10_000;
        var (top, best) = Maximum(L, n, Math.Max(n, estimate), cap);
        bool Inside(double total) => best - L(total) <= HalfChi2;

        var lower = Inside(n) ? n : Bisect(n, top, Inside, insideIsHigh: true);
        var step = Math.Max(10, top - n);
        var high = top + step;
        while (Inside(high))
        {
            if (high > cap)
            {
                return (lower, null);
            }

            step *= 2;
            high = top + step;
        }

        return (lower, Bisect(top, high, Inside, insideIsHigh: false));
    }

    /// <summary>
    /// Where the multinomial profile likelihood of N peaks, and its value there. The Poisson estimate is only where the
    /// search starts: the multinomial maximum can lie elsewhere, and an interval measured from a lower point than the
    /// true peak comes out too wide (Madigan and York's no-three-way model: 1,070.1 instead of 1,065.2). The peak is
    /// bracketed by doubling steps from the start, then found by golden-section search (the profile is unimodal in N).
    /// </summary>
    internal static (double At, double Value) Maximum(Func<double, double> likelihood, double floor, double start, double cap)
    {
        var step = Math.Max(1, (start - floor) / 4);
        var low = Math.Max(floor, start - step);
        var high = start + step;
        var atStart = likelihood(start);
        while (low > floor && likelihood(low) >= atStart)
        {
            step *= 2;
            low = Math.Max(floor, start - step);
        }

        step = Math.Max(1, (start - floor) / 4);
        while (high < cap && likelihood(high) >= atStart)
        {
            step *= 2;
            high = start + step;
        }

        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = low;
        var b = Math.Min(high, cap);
        var c = b - (ratio * (b - a));
        var d = a + (ratio * (b - a));
        var fc = likelihood(c);
        var fd = likelihood(d);
        for (var i = 0; i < 200 && b - a > 1e-4; i++)
        {
            if (fc >= fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - (ratio * (b - a));
                fc = likelihood(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + (ratio * (b - a));
                fd = likelihood(d);
            }
        }

        var at = (a + b) / 2;
        var value = likelihood(at);
        return value >= atStart ? (at, value) : (start, atStart);
    }

    /// <summary>The boundary between inside and outside the interval, to a hundredth of a case.</summary>
    private static double Bisect(double from, double to, Func<double, bool> inside, bool insideIsHigh)
    {
        for (var i = 0; i < 60 && to - from > 0.01; i++)
        {
            var mid = (from + to) / 2;
            if (inside(mid) == insideIsHigh)
            {
                to = mid;
            }
            else
            {
                from = mid;
            }
        }

        return (from + to) / 2;
    }
}
