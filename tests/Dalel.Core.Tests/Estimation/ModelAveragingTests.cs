using Dalel.Core.Estimation;

namespace Dalel.Core.Tests.Estimation;

/// <summary>
/// Bayesian model averaging against Madigan and York (1997) and against dga's own R code run on the same grids (dga
/// 2.0.1's BMAfunctions.R with its graphs3/4/5 data; its two small C++ helpers written out in R).
/// </summary>
public sealed class ModelAveragingTests
{
    private static readonly ListOverlaps MadiganYork = ListOverlaps.FromCounts(["A", "B", "C"], 0, 60, 49, 4, 247, 112, 142, 12);

    private static List<double> Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => (double)i).ToList();

    [Fact]
    public void Madigan_and_York_three_lists_give_their_published_figures()
    {
        // Their negative-binomial prior on N, δ = 1, undocumented 1–300, as in the paper and dga's test.
        const double a = 13.14, b = 55.17;
        var settings = new AveragingSettings
        {
            Delta = 1,
            Undocumented = Range(1, 300),
            LogPriorOfTotal = n => (n * Math.Log(b)) - ((n + a) * Math.Log(1 + b)) + LogGamma(n + a) - LogGamma(n + 1) - LogGamma(a),
        };

        var average = AverageModels.Run(MadiganYork, settings);

        Assert.Equal(0.37, average.Graphs[0].Probability, 0.005);
        Assert.Equal(731, Math.Round(average.BayesEstimate));
        Assert.Equal(728, average.Mode);
        Assert.Equal((731, 682, 797), (average.Median, average.Lower, average.Upper));
        Assert.Equal(8, average.GraphCount);
    }

    [Fact]
    public void Kosovo_with_dga_defaults_agrees_with_dga()
    {
        var average = AverageModels.Run(ModelSpaceTests.Kosovo, new AveragingSettings { Undocumented = Range(0, 30_000) });

        // dga: median 12,595, 95% 9,827–16,544, mode 12,267, top graph 0.986, 61 graphs.
        Assert.Equal((12_595, 9_827, 16_544, 12_267), (average.Median, average.Lower, average.Upper, average.Mode));
        Assert.Equal(0.986, average.Graphs[0].Probability, 0.001);
        Assert.Equal("EXH×ABA×OSCE + EXH×OSCE×HRW", average.Graphs[0].Name);
        Assert.Equal(61, average.GraphCount);
        Assert.Equal(1.0 / 16, average.Delta);
    }

    [Fact]
    public void Five_lists_average_over_all_822_decomposable_graphs_as_dga_does()
    {
        var data = ListOverlaps.FromCounts(["A", "B", "C", "D", "E"],
            0, 27, 37, 19, 4, 4, 1, 1, 97, 22, 37, 25, 2, 1, 3, 5, 83, 36, 34, 18, 3, 5, 0, 2, 30, 5, 23, 8, 0, 3, 0, 2);

        var average = AverageModels.Run(data, new AveragingSettings { Undocumented = Range(0, 2_000) });

        // dga: median 618, 95% 590–656, mode 615, top graph 0.441.
        Assert.Equal((618, 590, 656, 615), (average.Median, average.Lower, average.Upper, average.Mode));
        Assert.Equal(0.441, average.Graphs[0].Probability, 0.001);
        Assert.Equal(822, average.GraphCount);
    }

    [Fact]
    public void Left_to_choose_its_own_range_it_gives_what_a_wide_grid_gives()
    {
        var chosen = AverageModels.Run(ModelSpaceTests.Kosovo);

        Assert.False(chosen.HitsCap);
        Assert.Equal(12_595, chosen.Median, 12_595 * 0.005);
        Assert.Equal(9_827, chosen.Lower, 9_827 * 0.005);
        Assert.Equal(16_544, chosen.Upper, 16_544 * 0.005);
    }

    [Fact]
    public void Six_lists_weigh_every_chordal_graph_and_lists_that_never_meet_do_not_break_it()
    {
        var average = AverageModels.Run(ModelSpaceTests.UnitedKingdom);

        Assert.Equal(18_154, average.GraphCount);
        Assert.InRange(average.Lower, ModelSpaceTests.UnitedKingdom.Observed, average.Median);
        Assert.InRange(average.Upper, average.Median, 20 * ModelSpaceTests.UnitedKingdom.Observed);
        Assert.Equal(1, average.Graphs.Sum(g => g.Probability), 0.2);
    }

    // The prior needs log Γ of large arguments; Stirling's series is exact enough here and independent of Dalel's own.
    private static double LogGamma(double x)
    {
        var shift = 0.0;
        while (x < 10)
        {
            shift -= Math.Log(x);
            x += 1;
        }

        return shift + ((x - 0.5) * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI)) + (1 / (12 * x)) - (1 / (360 * x * x * x)) + (1 / (1260 * Math.Pow(x, 5)));
    }
}
