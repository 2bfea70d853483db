using System.Globalization;
using Dalel.Core.Text;

namespace Dalel.Core.Estimation;

/// <summary>The method whose figure is the headline.</summary>
public enum EstimateMethod
{
    /// <summary>The log-linear model BIC chooses from the whole hierarchical space.</summary>
    BestLogLinear,

    /// <summary>The independence model alone (Lincoln–Petersen for two lists).</summary>
    Independence,

    /// <summary>Bayesian average over decomposable graphical models.</summary>
    Averaged,

    /// <summary>The Bayesian latent-class model.</summary>
    LatentClass,
}

/// <summary>What to estimate. Only what is asked is computed: independence on six lists is one model.</summary>
public sealed record EstimateRequest
{
    public EstimateMethod Headline { get; init; } = EstimateMethod.BestLogLinear;

    /// <summary>Every log-linear model of the space with its interval, not only the AIC and BIC choices.</summary>
    public bool EveryModel { get; init; }

    /// <summary>Also the latent-class model when the headline is another method (three lists or more).</summary>
    public bool WithLatentClass { get; init; }

    /// <summary>Also model averaging when the headline is a single model: the spread across models next to it.</summary>
    public bool WithAveraging { get; init; } = true;

    public LatentClassSettings? LatentClass { get; init; }

    public AveragingSettings? Averaging { get; init; }
}

public enum IntervalKind
{
    /// <summary>95% profile-likelihood interval of one log-linear model.</summary>
    Profile,

    /// <summary>95% equal-tailed posterior (credible) interval.</summary>
    Credible,

    /// <summary>Approximate: the strata's profile intervals combined as independent (half-widths added in quadrature).</summary>
    Combined,
}

/// <summary>A message about the data or a method, as a text key with its arguments, said in the reader's language.</summary>
public sealed record EstimateNotice(string Key, params object[] Args)
{
    /// <summary>Numbers (doubles) are rounded and written as the reader's language groups digits (10,357 / 10 357).</summary>
    public string Say(string language) => Texts.Get(Key, language, Args.Select(a => a is double d ? EstimateTotal.Number(d, language) : a).ToArray());
}

/// <summary>The one figure an estimate is reported by, with what it rests on.</summary>
public sealed record Headline(EstimateMethod Method, long Documented, double Total, double? Lower, double? Upper, IntervalKind Interval, string MethodKey, params string[] MethodArgs)
{
    public static string Number(double value, string language) =>
        Math.Round(value).ToString("N0", CultureInfo.GetCultureInfo(language == "kk" ? "kk-KZ" : language == "ru" ? "ru-RU" : "en-GB"));

    /// <summary>"Documented: 626; estimated total: 731 (95% profile-likelihood interval 700–766), log-linear model A×B, chosen by BIC."</summary>
    public string Statement(string language) => EstimateTotal.Statement(Documented, Total, Lower, Upper, Interval, Texts.Get(MethodKey, language, MethodArgs), language);

    public string Assumption(string language) => EstimateTotal.Assumption(Method, language);
}

public sealed record StratumEstimate(ListOverlaps Data, LogLinearReport? LogLinear, LatentClassResult? LatentClass, ModelAverage? Averaged)
{
    /// <summary>Rcapture's heterogeneity models, beside the log-linear ones for comparison (with the BIC headline only).</summary>
    public IReadOnlyList<HeterogeneityEstimate> Heterogeneity { get; init; } = [];

    public Headline? Headline { get; init; }

    /// <summary>What the reader must know before using the figures: sparse tables, lists that barely overlap, unconverged chains.</summary>
    public IReadOnlyList<EstimateNotice> Notices { get; init; } = [];
}

/// <summary>Each stratum's estimates, and when there are several, the strata combined into one total.</summary>
public sealed record EstimateSet(IReadOnlyList<StratumEstimate> Strata, Headline? Combined);

/// <summary>
/// Estimates for each stratum of an overlap table (or the whole table), by the method asked for, with the spread
/// across models beside any single model. Strata are estimated separately, which is how stratification protects
/// against heterogeneity between years or regions; their sum is the stratified total.
/// </summary>
public static class EstimateTotal
{
    /// <summary>A cell with fewer people than this is "sparse".</summary>
    public const int SparseCell = 5;

    /// <summary>A list sharing fewer people than this with all the others together "barely overlaps".</summary>
    public const int FewShared = 10;

    /// <param name="stop">Cancelled when the person who asked has gone, the time budget is spent, or the server stops:
    /// the work ends at the next model or sampler iteration, and the answer says it stopped.</param>
    public static Result<EstimateSet> Run(IReadOnlyList<ListOverlaps> strata, EstimateRequest request, CancellationToken stop = default)
    {
        try
        {
            var estimates = strata.Select(data => Stratum(data, request, stop)).ToList();
            return new EstimateSet(estimates, estimates.Count > 1 ? Combine(estimates, request.Headline) : null);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Invalid.One("file", "error.estimate_stopped");
        }
    }

    private static StratumEstimate Stratum(ListOverlaps data, EstimateRequest request, CancellationToken stop)
    {
        var logLinear = request.Headline switch
        {
            EstimateMethod.Independence => EstimateLogLinear.Run(data, [LogLinearModel.Independence], stop),
            EstimateMethod.BestLogLinear when request.EveryModel => EstimateLogLinear.Run(data, stop: stop),
            EstimateMethod.BestLogLinear => EstimateLogLinear.RunBest(data, stop),
            _ => null,
        };
        var latentClass = (request.Headline == EstimateMethod.LatentClass || request.WithLatentClass) && data.Observed > 0 && data.ListCount >= LatentClassEstimate.MinimumLists
            ? LatentClassEstimate.Run(data, request.LatentClass, stop)
            : null;
        var averaged = (request.Headline == EstimateMethod.Averaged || (request.WithAveraging && request.Headline != EstimateMethod.Independence)) && data.Observed > 0
            ? AverageModels.Run(data, request.Averaging, stop)
            : null;
        var estimate = new StratumEstimate(data, logLinear, latentClass, averaged)
        {
            Heterogeneity = request.Headline == EstimateMethod.BestLogLinear && data.Observed > 0 ? EstimateHeterogeneity.Run(data, stop: stop) : [],
        };
        var headline = HeadlineOf(estimate, request.Headline);
        return estimate with { Headline = headline, Notices = Notices(estimate, headline) };
    }

    private static Headline? HeadlineOf(StratumEstimate s, EstimateMethod method)
    {
        var documented = s.Data.Observed;
        switch (method)
        {
            case EstimateMethod.Independence when s.LogLinear?.Models.FirstOrDefault(m => m.Model.Terms == 0 && m.Usable) is { Total: { } total } m:
                return new Headline(method, documented, total, m.Lower, m.Upper, IntervalKind.Profile, "estimate.method_log_linear_asked", m.Name);
            case EstimateMethod.BestLogLinear when s.LogLinear?.BestByBic is { Total: { } total } best:
                return new Headline(method, documented, total, best.Lower, best.Upper, IntervalKind.Profile, "estimate.method_log_linear", best.Name, "BIC");
            case EstimateMethod.Averaged when s.Averaged is { } a:
                return new Headline(method, documented, a.Median, a.Lower, a.HitsCap ? null : a.Upper, IntervalKind.Credible, "estimate.method_averaged", a.GraphCount.ToString("N0", CultureInfo.InvariantCulture));
            case EstimateMethod.LatentClass when s.LatentClass is { } lc:
                return new Headline(method, documented, lc.Median, lc.Lower, lc.HitsCap ? null : lc.Upper, IntervalKind.Credible, "estimate.method_latent_class");
            default:
                return null;
        }
    }

    /// <summary>Warnings about the table itself and about the methods run on it.</summary>
    internal static List<EstimateNotice> Notices(StratumEstimate s, Headline? headline)
    {
        var data = s.Data;
        var notices = new List<EstimateNotice>();
        var cells = Enumerable.Range(1, data.Counts.Count - 1).ToList();
        var sparse = cells.Count(c => data.Counts[c] < SparseCell);
        if (sparse * 2 > cells.Count)
        {
            notices.Add(new EstimateNotice("estimate.sparse", (double)sparse, (double)cells.Count, (double)SparseCell));
        }

        for (var j = 0; j < data.ListCount; j++)
        {
            var shared = cells.Where(c => ((c >> j) & 1) == 1 && System.Numerics.BitOperations.PopCount((uint)c) >= 2).Sum(c => data.Counts[c]);
            if (shared < FewShared)
            {
                notices.Add(new EstimateNotice("estimate.low_overlap", data.Lists[j], (double)shared));
            }
        }

        if (s.LogLinear is { EmptyTerms.Count: > 0 } report)
        {
            notices.Add(new EstimateNotice("estimate.empty_terms", string.Join(", ", report.EmptyTerms)));
        }

        if (s.LogLinear is { Plausible: { Count: > 1 } plausible } && plausible.Select(m => m.Total!.Value).ToList() is var totals)
        {
            notices.Add(new EstimateNotice("estimate.spread", (double)plausible.Count, totals.Min(), totals.Max(), LogLinearReport.PlausibleBic));
        }

        if (s.LatentClass is { Unconverged: true } lc)
        {
            notices.Add(new EstimateNotice("estimate.unconverged", lc.RHat.ToString("F2", CultureInfo.InvariantCulture), lc.EffectiveSamples));
        }

        if (s.Averaged is { SaturatedShare: > 0.5 } saturated)
        {
            notices.Add(new EstimateNotice("estimate.averaged_saturated", Math.Round(saturated.SaturatedShare * 100)));
        }

        if (s.LatentClass is { HitsCap: true } || s.Averaged is { HitsCap: true })
        {
            notices.Add(new EstimateNotice("estimate.hits_cap"));
        }

        if (headline is null && s.LogLinear is not null)
        {
            notices.Add(new EstimateNotice("estimate.no_usable_model"));
        }

        return notices;
    }

    /// <summary>
    /// The strata's headlines summed. Posterior draws are summed draw by draw (the strata are independent), which is
    /// exact; profile intervals cannot be added, so the distances from each estimate to its bounds are added in
    /// quadrature, an approximation the statement says it is.
    /// </summary>
    internal static Headline? Combine(IReadOnlyList<StratumEstimate> strata, EstimateMethod method)
    {
        if (strata.Any(s => s.Headline is null))
        {
            return null;
        }

        var documented = strata.Sum(s => s.Data.Observed);
        var total = strata.Sum(s => s.Headline!.Total);
        var combinedKey = "estimate.method_combined_" + method switch
        {
            EstimateMethod.Averaged => "averaged",
            EstimateMethod.LatentClass => "latent_class",
            EstimateMethod.Independence => "independence",
            _ => "log_linear",
        };
        var count = strata.Count.ToString(CultureInfo.InvariantCulture);
        if (method is EstimateMethod.Averaged or EstimateMethod.LatentClass)
        {
            var draws = new Draws(20_240_612);
            var samplers = strata.Select<StratumEstimate, Func<double>>(s => method == EstimateMethod.Averaged
                ? () => s.Averaged!.Sampler(draws)
                : () => s.LatentClass!.Draws[(int)(draws.Uniform() * s.LatentClass.Draws.Count)]).ToList();
            var sums = Enumerable.Range(0, 20_000).Select(_ => samplers.Sum(f => f())).Order().ToList();
            double Q(double q) => sums[(int)Math.Min(sums.Count - 1, Math.Round(q * (sums.Count - 1)))];
            var open = strata.Any(s => s.Headline!.Upper is null);
            return new Headline(method, documented, Q(0.5), Q(0.025), open ? null : Q(0.975), IntervalKind.Credible, combinedKey, count);
        }

        var below = Math.Sqrt(strata.Sum(s => Math.Pow(s.Headline!.Total - (s.Headline.Lower ?? s.Data.Observed), 2)));
        var above = strata.Any(s => s.Headline!.Upper is null) ? (double?)null : Math.Sqrt(strata.Sum(s => Math.Pow(s.Headline!.Upper!.Value - s.Headline.Total, 2)));
        return new Headline(method, documented, total, Math.Max(documented, total - below), total + above, IntervalKind.Combined, combinedKey, count);
    }

    public static string Number(double value, string language) =>
        Math.Round(value).ToString("N0", CultureInfo.GetCultureInfo(language == "kk" ? "kk-KZ" : language == "ru" ? "ru-RU" : "en-GB"));

    /// <summary>"Documented: 626; estimated total: 763 (95% profile-likelihood interval 721–813), log-linear model …" in the UI language.</summary>
    public static string Statement(long documented, double total, double? lower, double? upper, IntervalKind kind, string method, string language)
    {
        string N(double v) => Number(v, language);
        var type = Texts.Get(kind switch
        {
            IntervalKind.Credible => "estimate.interval_credible",
            IntervalKind.Combined => "estimate.interval_combined",
            _ => "estimate.interval_profile",
        }, language);
        var interval = lower is { } a && upper is { } b
            ? Texts.Get("estimate.interval", language, type, N(a), N(b))
            : Texts.Get("estimate.interval_open", language, type, N(lower ?? documented));
        return Texts.Get("estimate.statement", language, N(documented), N(total), interval, method);
    }

    /// <summary>
    /// The sentence statistics pages and submissions print from the latest linkage's confirmed groups: the BIC-chosen
    /// log-linear model, followed by the range the models BIC cannot tell apart give, so a single model is never
    /// printed as if it were certain. Null when there is no usable model.
    /// </summary>
    public static string? BestStatement(ListOverlaps data, string language)
    {
        var report = EstimateLogLinear.RunBest(data);
        if (report.BestByBic is not { Total: { } total } best)
        {
            return null;
        }

        var statement = Statement(data.Observed, total, best.Lower, best.Upper, IntervalKind.Profile, Texts.Get("estimate.method_log_linear", language, best.Name, "BIC"), language);
        var spread = Notices(new StratumEstimate(data, report, null, null), null).FirstOrDefault(n => n.Key == "estimate.spread");
        return spread is null ? statement : statement + " " + spread.Say(language);
    }

    /// <summary>What the estimate stands on, said plainly, for the method chosen.</summary>
    public static string Assumption(EstimateMethod method, string language) => Texts.Get(method switch
    {
        EstimateMethod.LatentClass => "estimate.assumption_latent_class",
        EstimateMethod.Averaged => "estimate.assumption_averaged",
        _ => "estimate.assumption_log_linear",
    }, language);
}
