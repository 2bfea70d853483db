using System.Numerics;

namespace Dalel.Core.Estimation;

/// <summary>How people differ in how easily they are documented, as Rcapture models it for comparison.</summary>
public enum Heterogeneity
{
    None,

    /// <summary>Chao's lower bound: one column max(captures − j + 1, 0) for each j from 3 to the number of lists, negative ones set to zero.</summary>
    Chao,

    /// <summary>Poisson mixture: 2^captures − 1.</summary>
    Poisson2,

    /// <summary>Darroch: captures² / 2.</summary>
    Darroch,

    /// <summary>Gamma mixture with θ = 3.5: −log(3.5 + captures) + log 3.5.</summary>
    Gamma35,
}

/// <param name="ListEffects">Each list its own capture probability (Mt, Mth) rather than one for all (M0, Mh).</param>
public sealed record HeterogeneityModel(bool ListEffects, Heterogeneity Kind)
{
    public string Name => (ListEffects, Kind) switch
    {
        (false, Heterogeneity.None) => "M0",
        (true, Heterogeneity.None) => "Mt",
        (_, Heterogeneity.Chao) => (ListEffects ? "Mth" : "Mh") + " Chao (LB)",
        (_, Heterogeneity.Poisson2) => (ListEffects ? "Mth" : "Mh") + " Poisson2",
        (_, Heterogeneity.Darroch) => (ListEffects ? "Mth" : "Mh") + " Darroch",
        _ => (ListEffects ? "Mth" : "Mh") + " Gamma3.5",
    };

    public static IReadOnlyList<HeterogeneityModel> All { get; } =
        [.. new[] { false, true }.SelectMany(t => Enum.GetValues<Heterogeneity>().Select(h => new HeterogeneityModel(t, h)))];

    /// <summary>The design row of a capture pattern; for Chao, only the columns still in the model.</summary>
    internal double[] Row(int pattern, int lists, IReadOnlyList<int> chaoColumns)
    {
        var captures = BitOperations.PopCount((uint)pattern);
        var row = new List<double> { 1 };
        if (ListEffects)
        {
            row.AddRange(Enumerable.Range(0, lists).Select(j => (double)((pattern >> j) & 1)));
        }
        else
        {
            row.Add(captures);
        }

        switch (Kind)
        {
            case Heterogeneity.Chao:
                row.AddRange(chaoColumns.Select(j => (double)Math.Max(captures - j + 1, 0)));
                break;
            case Heterogeneity.Poisson2:
                row.Add(Math.Pow(2, captures) - 1);
                break;
            case Heterogeneity.Darroch:
                row.Add(captures * captures / 2.0);
                break;
            case Heterogeneity.Gamma35:
                row.Add(-Math.Log(3.5 + captures) + Math.Log(3.5));
                break;
        }

        return [.. row];
    }
}

public sealed record HeterogeneityEstimate(HeterogeneityModel Model, double? Total, double? Lower, double? Upper, double Deviance, int DegreesOfFreedom, double? Aic, double? Bic);

/// <summary>
/// Rcapture's closed-population models of heterogeneity (closedp.t), for comparison with the log-linear models: M0 and
/// Mt, and each with a heterogeneity column (Chao's lower bound, Poisson, Darroch, Gamma). Fitted as Poisson log-linear
/// models of the observed cells, N̂ = documented + the fitted "on no list" cell, with the same profile-likelihood
/// interval as the other log-linear models. In Chao's model a negative heterogeneity parameter is set to zero (its
/// column removed and the model refitted), as Rcapture does by default.
/// </summary>
public static class EstimateHeterogeneity
{
    public static IReadOnlyList<HeterogeneityEstimate> Run(ListOverlaps data, bool withIntervals = true, CancellationToken stop = default) =>
        HeterogeneityModel.All.Select(m =>
        {
            stop.ThrowIfCancellationRequested();
            return Fit(data, m, withIntervals);
        }).ToList();

    public static HeterogeneityEstimate Fit(ListOverlaps data, HeterogeneityModel model, bool withInterval = true)
    {
        var lists = data.ListCount;
        var cells = Enumerable.Range(1, (1 << lists) - 1).ToList();
        var counts = cells.Select(c => (double)data.Counts[c]).ToList();
        var chao = model.Kind == Heterogeneity.Chao ? Enumerable.Range(3, Math.Max(0, lists - 2)).ToList() : [];
        while (true)
        {
            var design = cells.Select(c => model.Row(c, lists, chao)).ToArray();
            var parameters = design[0].Length;
            if (parameters > cells.Count || PoissonFit.Rank(design) < parameters)
            {
                return new HeterogeneityEstimate(model, null, null, null, 0, cells.Count - parameters, null, null);
            }

            var fit = PoissonFit.Run(design, counts);
            var first = 1 + (model.ListEffects ? lists : 1);
            var negative = chao.Where((_, i) => fit.Beta[first + i] < 0).ToList();
            if (negative.Count > 0)
            {
                chao = chao.Except(negative).ToList();
                continue;
            }

            var undocumented = Math.Exp(fit.Beta[0]);
            if (!fit.Converged || !double.IsFinite(undocumented))
            {
                return new HeterogeneityEstimate(model, null, null, null, fit.Deviance, cells.Count - parameters, null, null);
            }

            var total = data.Observed + undocumented;
            var columns = chao;
            var (lower, upper) = withInterval ? EstimateLogLinear.ProfileInterval(data, c => model.Row(c, lists, columns), total) : (null, null);
            return new HeterogeneityEstimate(
                model, total, lower, upper, fit.Deviance, cells.Count - parameters,
                (2 * parameters) - (2 * fit.LogLikelihood),
                (parameters * Math.Log(Math.Max(data.Observed, 2))) - (2 * fit.LogLikelihood));
        }
    }
}
