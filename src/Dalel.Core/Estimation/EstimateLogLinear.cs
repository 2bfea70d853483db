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

    /// <summary>Text keys: estimate.not_identifiable, estimate.empty_overlap, estimate.degenerate, estimate.upper_unbounded.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The model's terms that no one documented is on all the lists of: such a term cannot be estimated.</summary>
    public IReadOnlyList<string> EmptyTerms { get; init; } = [];

    public bool Usable => Total is not null && !Warnings.Contains(EstimateLogLinear.NotIdentifiable) && !Warnings.Contains(EstimateLogLinear.Degenerate);
}

public sealed record LogLinearReport(ListOverlaps Data, IReadOnlyList<ModelEstimate> Models, ModelEstimate? BestByAic, ModelEstimate? BestByBic)
{
    /// <summary>Interactions no model may hold, because no one is on all their lists (named, e.g. "LA×GP").</summary>
    public IReadOnlyList<string> EmptyTerms { get; init; } = [];

    /// <summary>True when the models were found by a stepwise search (six lists), not by trying every one.</summary>
    public bool Stepwise { get; init; }

    /// <summary>
    /// Usable models whose BIC is within 6 of the best (Raftery's "strong evidence" line), best first: the models the
    /// data cannot tell apart from the chosen one, whose totals show how much rides on the choice.
    /// </summary>
    public IReadOnlyList<ModelEstimate> Plausible => BestByBic is { Bic: { } best }
        ? Models.Where(m => m.Usable && m.Bic is { } b && b - best <= PlausibleBic).OrderBy(m => m.Bic).ToList()
        : [];

    public const double PlausibleBic = 6;
}

/// <summary>
/// Fits hierarchical log-linear models of every order below the number of lists to the observed cells of the overlap
/// table, as Rcapture's closedpCI does: N̂ is the documented total plus the fitted "on no list" cell, the interval is
/// the 95% profile-likelihood interval of N under the multinomial model, and models are compared by AIC and BIC (BIC
/// with the number of documented individuals as sample size). Up to five lists every hierarchical model is tried (113
/// for four lists, 6,893 for five); six lists have millions, so the models are searched stepwise, one term added or
/// removed at a time while the criterion falls. A term nobody is on all the lists of cannot be estimated (its
/// parameter runs to minus infinity): such terms are left out of the search and named, and a model asked for with
/// one is refused before fitting.
/// </summary>
public static class EstimateLogLinear
{
    public const string NotIdentifiable = "estimate.not_identifiable";
    public const string EmptyOverlap = "estimate.empty_overlap";
    public const string Degenerate = "estimate.degenerate";
    public const string UpperUnbounded = "estimate.upper_unbounded";

    /// <summary>Every hierarchical model is tried up to this many lists; beyond, the space is searched stepwise.</summary>
    public const int EnumeratedUpTo = 5;

    /// <summary>Half the 95% point of chi-square with one degree of freedom.</summary>
    private const double HalfChi2 = 1.920729;

    /// <summary>Every model of the space (or those given) with its interval.</summary>
    public static LogLinearReport Run(ListOverlaps data, IEnumerable<LogLinearModel>? models = null, CancellationToken stop = default)
    {
        var stepwise = models is null && data.ListCount > EnumeratedUpTo;
        var space = models?.ToList() ?? Space(data, stop).Keys.Select(t => new LogLinearModel(t)).ToList();
        var estimates = space.Select(m =>
        {
            stop.ThrowIfCancellationRequested();
            return Fit(data, m);
        }).ToList();
        var usable = estimates.Where(e => e.Usable).ToList();
        return new LogLinearReport(data, estimates.OrderBy(e => e.Aic ?? double.MaxValue).ToList(), usable.MinBy(e => e.Aic), usable.MinBy(e => e.Bic))
        {
            EmptyTerms = TermNames(EmptyMargins(data), data.Lists),
            Stepwise = stepwise,
        };
    }

    /// <summary>
    /// Every model of the space fitted, but intervals only for the AIC and BIC choices: the profile intervals are most of
    /// the time, and only the chosen ones are printed.
    /// </summary>
    public static LogLinearReport RunBest(ListOverlaps data, CancellationToken stop = default)
    {
        var quick = Space(data, stop).Values.ToList();
        var usable = quick.Where(e => e.Usable).ToList();
        var aic = usable.MinBy(e => e.Aic) is { } a ? Fit(data, a.Model) : null;
        var bic = usable.MinBy(e => e.Bic) is { } b ? (aic is not null && b.Model == aic.Model ? aic : Fit(data, b.Model)) : null;
        var models = quick.Select(e => aic is not null && e.Model == aic.Model ? aic : bic is not null && e.Model == bic.Model ? bic : e).ToList();
        return new LogLinearReport(data, models.OrderBy(e => e.Aic ?? double.MaxValue).ToList(), aic, bic)
        {
            EmptyTerms = TermNames(EmptyMargins(data), data.Lists),
            Stepwise = data.ListCount > EnumeratedUpTo,
        };
    }

    /// <summary>
    /// The BIC-chosen model with its interval, fitting the others without theirs: pages that print one sentence
    /// (statistics, submissions) need it for one model only.
    /// </summary>
    public static ModelEstimate? BestByBic(ListOverlaps data) => RunBest(data).BestByBic;

    /// <summary>The terms (as bits of a model's term set) that no one documented is on all the lists of.</summary>
    public static ulong EmptyMargins(ListOverlaps data)
    {
        var empty = 0UL;
        foreach (var t in LogLinearModel.Candidates(data.ListCount))
        {
            var margin = 0L;
            for (var c = 1; c < data.Counts.Count; c++)
            {
                if ((c & t) == t)
                {
                    margin += data.Counts[c];
                }
            }

            if (margin == 0)
            {
                empty |= 1UL << t;
            }
        }

        return empty;
    }

    /// <summary>The lowest of these terms by name: "LA×GP" says it, and every term above it is empty too.</summary>
    private static List<string> TermNames(ulong terms, IReadOnlyList<string> lists)
    {
        var list = new LogLinearModel(terms).TermList;
        return list.Where(t => !list.Any(u => u != t && (u & t) == u)).Select(t => LogLinearModel.TermName(t, lists)).ToList();
    }

    /// <summary>
    /// The models to compare, fitted without intervals, keyed by their terms: every hierarchical model without an empty
    /// term up to five lists; beyond, the models a stepwise search visits, from independence, by BIC and by AIC.
    /// </summary>
    internal static Dictionary<ulong, ModelEstimate> Space(ListOverlaps data, CancellationToken stop)
    {
        var empty = EmptyMargins(data);
        var fitted = new Dictionary<ulong, ModelEstimate>();
        ModelEstimate Quick(LogLinearModel m)
        {
            stop.ThrowIfCancellationRequested();
            if (!fitted.TryGetValue(m.Terms, out var e))
            {
                e = Fit(data, m, withInterval: false);
                fitted[m.Terms] = e;
            }

            return e;
        }

        if (data.ListCount <= EnumeratedUpTo)
        {
            foreach (var m in LogLinearModel.Hierarchical(data.ListCount, empty))
            {
                Quick(m);
            }

            return fitted;
        }

        Search(data.ListCount, empty, Quick, e => e.Bic);
        Search(data.ListCount, empty, Quick, e => e.Aic);
        return fitted;
    }

    /// <summary>
    /// From independence, the best single step (adding a term whose lower terms are all in, or removing a term with no
    /// higher term above it) while it lowers the criterion.
    /// </summary>
    private static void Search(int lists, ulong empty, Func<LogLinearModel, ModelEstimate> fit, Func<ModelEstimate, double?> criterion)
    {
        var candidates = LogLinearModel.Candidates(lists).Where(t => (empty & (1UL << t)) == 0).ToArray();
        var current = LogLinearModel.Independence;
        var score = criterion(fit(current)) ?? double.MaxValue;
        while (true)
        {
            var (next, nextScore) = (current, score);
            foreach (var t in candidates)
            {
                LogLinearModel? step = null;
                if (!current.Has(t) && LogLinearModel.Below(t).All(current.Has))
                {
                    step = new LogLinearModel(current.Terms | (1UL << t));
                }
                else if (current.Has(t) && !current.TermList.Any(u => u != t && (u & t) == t))
                {
                    step = new LogLinearModel(current.Terms & ~(1UL << t));
                }

                if (step is not null && fit(step) is { Usable: true } e && criterion(e) is { } s && s < nextScore - 1e-9)
                {
                    (next, nextScore) = (step, s);
                }
            }

            if (next == current)
            {
                return;
            }

            (current, score) = (next, nextScore);
        }
    }

    public static ModelEstimate Fit(ListOverlaps data, LogLinearModel model, bool withInterval = true)
    {
        var lists = data.ListCount;
        var cells = Enumerable.Range(1, (1 << lists) - 1).ToList();
        var counts = cells.Select(c => (double)data.Counts[c]).ToList();
        var parameters = model.Parameters(lists);
        var name = model.Name(data.Lists);
        var decomposable = model.IsDecomposable(lists);
        var documented = (double)data.Observed;
        var design = model.Design(cells, lists);

        // Decided from the table's structure before fitting, so the same model is refused for the same reason every
        // time: a term nobody is on all the lists of, or more parameters than the observed cells can fix.
        var empty = model.Terms & EmptyMargins(data);
        if (empty != 0)
        {
            return new ModelEstimate
            {
                Name = name, Model = model, Decomposable = decomposable, Warnings = [NotIdentifiable, EmptyOverlap],
                EmptyTerms = TermNames(empty, data.Lists),
            };
        }

        if (parameters > cells.Count || PoissonFit.Rank(design) < parameters)
        {
            return new ModelEstimate { Name = name, Model = model, Decomposable = decomposable, Warnings = [NotIdentifiable] };
        }

        var fit = PoissonFit.Run(design, counts);
        var undocumented = Math.Exp(fit.Beta[0]);
        var warnings = new List<string>();
        // Zeros elsewhere in the table can still send a parameter to infinity: the fit drifts instead of converging.
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
        var (lower, upper) = withInterval ? ProfileInterval(data, c => model.Row(c, lists), total) : (null, null);
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
    internal static double ProfileLogLikelihood(ListOverlaps data, LogLinearModel model, double total) =>
        ProfileLogLikelihood(data, c => model.Row(c, data.ListCount), total);

    /// <param name="row">The design row of a capture pattern, for any Poisson model of the table (heterogeneity models too).</param>
    internal static double ProfileLogLikelihood(ListOverlaps data, Func<int, double[]> row, double total)
    {
        var lists = data.ListCount;
        var missing = total - data.Observed;
        var cells = Enumerable.Range(0, 1 << lists).ToList();
        var counts = cells.Select(c => c == 0 ? missing : data.Counts[c]).ToList();
        var fit = PoissonFit.Run(cells.Select(row).ToArray(), counts);
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

    internal static (double? Lower, double? Upper) ProfileInterval(ListOverlaps data, Func<int, double[]> row, double estimate)
    {
        double n = data.Observed;
        double L(double total) => ProfileLogLikelihood(data, row, total);
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
