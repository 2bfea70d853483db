using System.Globalization;
using Dalel.Core.Text;

namespace Dalel.Core.Estimation;

public sealed record StratumEstimate(ListOverlaps Data, LogLinearReport LogLinear, LatentClassResult? LatentClass);

/// <summary>Which log-linear models to fit: all with intervals, all with intervals for the AIC and BIC choices only, or independence alone.</summary>
public enum LogLinearChoice
{
    All,
    Best,
    Independence,
}

/// <summary>
/// Estimates for each stratum of an overlap table (or the whole table): every log-linear model with the AIC and BIC
/// choices, and, unless switched off, the latent-class model. Strata are estimated separately, which is how
/// stratification protects against heterogeneity between years or regions.
/// </summary>
public static class EstimateTotal
{
    /// <param name="stop">Cancelled when the person who asked has gone, the time budget is spent, or the server stops:
    /// the work ends at the next model or sampler iteration, and the answer says it stopped.</param>
    /// <param name="models">Only what was asked for is fitted: <c>independence</c> on six lists is one model, not 32,768.</param>
    public static Result<IReadOnlyList<StratumEstimate>> Run(IReadOnlyList<ListOverlaps> strata, LatentClassSettings? latentClass, bool withLatentClass = true, LogLinearChoice models = LogLinearChoice.All, CancellationToken stop = default)
    {
        try
        {
            return strata.Select(data => new StratumEstimate(
                data,
                models switch
                {
                    LogLinearChoice.Best => EstimateLogLinear.RunBest(data, stop),
                    LogLinearChoice.Independence => EstimateLogLinear.Run(data, [LogLinearModel.Independence], stop),
                    _ => EstimateLogLinear.Run(data, stop: stop),
                },
                withLatentClass && data.Observed > 0 && data.ListCount >= LatentClassEstimate.MinimumLists ? LatentClassEstimate.Run(data, latentClass, stop) : null)).ToList();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Invalid.One("file", "error.estimate_stopped");
        }
    }

    /// <summary>"Documented: 626; estimated total: 763 (95% interval 721–813), log-linear model …" in the UI language.</summary>
    public static string Statement(long documented, double total, double? lower, double? upper, string method, string language)
    {
        string N(double v) => Math.Round(v).ToString("N0", CultureInfo.GetCultureInfo(language == "kk" ? "kk-KZ" : language == "ru" ? "ru-RU" : "en-GB"));
        var interval = lower is { } a && upper is { } b
            ? Texts.Get("estimate.interval", language, N(a), N(b))
            : Texts.Get("estimate.interval_open", language, N(lower ?? documented));
        return Texts.Get("estimate.statement", language, N(documented), N(total), interval, method);
    }

    /// <summary>
    /// The sentence statistics pages and submissions print from the latest linkage's confirmed groups: the BIC-chosen
    /// log-linear model. Null when there is no usable model.
    /// </summary>
    public static string? BestStatement(ListOverlaps data, string language) =>
        EstimateLogLinear.BestByBic(data) is { Total: { } total } best
            ? Statement(data.Observed, total, best.Lower, best.Upper, Texts.Get("estimate.method_log_linear", language, best.Name, "BIC"), language)
            : null;

    /// <summary>What the estimate stands on, said plainly, for the method chosen.</summary>
    public static string Assumption(bool latentClass, string language) =>
        Texts.Get(latentClass ? "estimate.assumption_latent_class" : "estimate.assumption_log_linear", language);
}
