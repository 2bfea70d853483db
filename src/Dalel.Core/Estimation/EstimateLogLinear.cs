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
        var centre = Math.Max(n, Math.Round(estimate));
        // The profile maximum sits within a unit or so of the Poisson estimate.
        var best = Enumerable.Range(-2, 5).Select(d => centre + d).Where(t => t >= n).Max(L);
        bool Inside(double total) => best - L(total) <= HalfChi2;

        var lower = Inside(n) ? n : Bisect(n, centre, Inside, insideIsHigh: true);
        var step = Math.Max(10, centre - n);
        var cap = (1000 * n) + 10_000;
        var high = centre + step;
        while (Inside(high))
        {
            if (high > cap)
            {
                return (lower, null);
            }

            step *= 2;
            high = centre + step;
        }

        return (lower, Bisect(centre, high, Inside, insideIsHigh: false));
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
