using Dalel.Core.Text;
namespace Dalel.Core.Estimation;

/// <param name="Median">Posterior median of the total, linkage uncertain.</param>
/// <param name="Point">The same method on the one linkage's table, as if every link were certain.</param>
/// <param name="LinkageShare">How much of the interval's width comes from linkage: 1 − (width on the one table / width pooled), at least 0.</param>
/// <param name="Documented">The median of the drawn tables' documented incidents: with linkage uncertain, the documented count is uncertain too.</param>
/// <param name="SaturatedShare">The average share of the model joining every list among the drawn tables: where a table's linkage errors look like dependence no other model allows, its figure is its documented count.</param>
public sealed record LinkageAwareEstimate(double Median, double Lower, double Upper, ModelAverage Point, int Tables, double LinkageShare, double Documented, double SaturatedShare)
{
    /// <summary>The documented incidents of the one linkage's table (its confirmed groups), which the drawn tables' documented count differs from.</summary>
    public long Confirmed { get; init; }

    /// <summary>"Documented: n; estimated total: N̂ (95% credible interval a–b), Bayesian model averaging over k overlap tables drawn from the linkage model …"</summary>
    public string Statement(string language) => EstimateTotal.Statement((long)Documented, Median, Lower, Upper, IntervalKind.Credible,
        Texts.Get("estimate.method_linkage_error", language, Tables), language);
}

/// <summary>
/// Model averaging on every table drawn from the linkage model (<see cref="Linkage.SampleLinkages"/>), with the
/// posteriors pooled in equal parts: the interval then holds both the uncertainty of the estimate given a table and
/// that of the linkage itself — which can be large, because linkage errors look like dependence between lists.
/// </summary>
public static class EstimateWithLinkageError
{
    public static LinkageAwareEstimate Run(ListOverlaps point, IReadOnlyList<ListOverlaps> tables, AveragingSettings? settings = null, CancellationToken stop = default)
    {
        var fixedLinkage = AverageModels.Run(point, settings, stop);
        var draws = new Draws(20_241_130);
        var perTable = Math.Max(50, 20_000 / Math.Max(1, tables.Count));
        var pooled = new List<double>(perTable * tables.Count);
        double saturated = 0;
        foreach (var table in tables)
        {
            stop.ThrowIfCancellationRequested();
            var posterior = AverageModels.Run(table, settings, stop);
            saturated += posterior.SaturatedShare / tables.Count;
            for (var i = 0; i < perTable; i++)
            {
                pooled.Add(posterior.Sampler(draws));
            }
        }

        pooled.Sort();
        double Q(double q) => pooled[(int)Math.Min(pooled.Count - 1, Math.Round(q * (pooled.Count - 1)))];
        var (lower, upper) = (Q(0.025), Q(0.975));
        var share = upper > lower ? Math.Max(0, 1 - ((fixedLinkage.Upper - fixedLinkage.Lower) / (upper - lower))) : 0;
        var documented = tables.Select(t => t.Observed).Order().ElementAt(tables.Count / 2);
        return new LinkageAwareEstimate(Q(0.5), lower, upper, fixedLinkage, tables.Count, share, documented, saturated) { Confirmed = point.Observed };
    }
}
