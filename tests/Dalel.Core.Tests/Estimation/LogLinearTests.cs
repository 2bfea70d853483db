using Dalel.Core.Estimation;

namespace Dalel.Core.Tests.Estimation;

public sealed class LogLinearTests
{
    /// <summary>Madigan and York's three-list example as dga ships it (R array order, first list fastest), n = 626.</summary>
    private static readonly ListOverlaps MadiganYork = ListOverlaps.FromCounts(["A", "B", "C"], 0, 60, 49, 4, 247, 112, 142, 12);

    [Fact]
    public void The_quick_best_model_is_the_one_the_full_report_chooses_with_the_same_interval()
    {
        var full = EstimateLogLinear.Run(MadiganYork).BestByBic!;
        var quick = EstimateLogLinear.BestByBic(MadiganYork)!;

        Assert.Equal((full.Name, full.Total, full.Lower, full.Upper), (quick.Name, quick.Total, quick.Lower, quick.Upper));
    }

    [Fact]
    public void Fitting_for_the_best_models_gives_their_intervals_and_skips_the_others()
    {
        var full = EstimateLogLinear.Run(MadiganYork);
        var best = EstimateLogLinear.RunBest(MadiganYork);

        Assert.Equal((full.BestByAic!.Name, full.BestByAic.Lower, full.BestByAic.Upper), (best.BestByAic!.Name, best.BestByAic.Lower, best.BestByAic.Upper));
        Assert.Equal((full.BestByBic!.Name, full.BestByBic.Lower, full.BestByBic.Upper), (best.BestByBic!.Name, best.BestByBic.Lower, best.BestByBic.Upper));
        Assert.Equal(full.Models.Count, best.Models.Count);
        Assert.All(best.Models.Where(m => m != best.BestByAic && m != best.BestByBic), m => Assert.Null(m.Upper));
    }

    [Fact]
    public void Two_lists_under_independence_give_the_Lincoln_Petersen_estimate()
    {
        var data = ListOverlaps.FromCounts(["A", "B"], 0, 60, 40, 20);

        var fit = EstimateLogLinear.Fit(data, LogLinearModel.Independence);

        Assert.Equal(240, fit.Total!.Value, precision: 6); // 120 + 60·40/20
        Assert.InRange(fit.Lower!.Value, 120, 240);
        Assert.InRange(fit.Upper!.Value, 240, 1_000);
    }

    [Fact]
    public void The_no_three_way_model_matches_its_closed_form_on_Madigan_and_York()
    {
        var all = LogLinearModel.FromPairs((0, 1), (0, 2), (1, 2));

        var fit = EstimateLogLinear.Fit(MadiganYork, all);

        // m000 = m100·m010·m001·m111 / (m110·m101·m011) = 60·49·247·12 / (4·112·142)
        Assert.Equal(626 + (60.0 * 49 * 247 * 12 / (4.0 * 112 * 142)), fit.Total!.Value, precision: 4);
        Assert.Equal(0, fit.DegreesOfFreedom);
        Assert.True(fit.Lower < fit.Total && fit.Total < fit.Upper);
    }

    [Fact]
    public void The_profile_interval_is_measured_from_the_true_peak_of_the_multinomial_likelihood()
    {
        var fit = EstimateLogLinear.Fit(MadiganYork, LogLinearModel.FromPairs((0, 1), (0, 2), (1, 2)));

        // Rcapture's closedpCI and an independent profile computation give 1,065.2 for the upper bound; searching
        // only near the Poisson estimate gave 1,070.1.
        Assert.Equal(1065.2, fit.Upper!.Value, 0.3);

        // Independently of the search: on a fine grid, the likelihood at both ends is 1.92 below the grid's maximum.
        double L(double total) => EstimateLogLinear.ProfileLogLikelihood(MadiganYork, fit.Model, total);
        var peak = Enumerable.Range(0, 60_000).Select(i => 626 + (i * 0.05)).Max(L);
        Assert.Equal(1.920729, peak - L(fit.Upper.Value), 0.01);
        Assert.Equal(1.920729, peak - L(fit.Lower!.Value), 0.01);
    }

    [Fact]
    public void Data_exactly_as_independence_predicts_are_recovered_exactly()
    {
        // N = 10,000 people, documented independently with probabilities 0.3, 0.4 and 0.5.
        var p = new[] { 0.3, 0.4, 0.5 };
        var counts = Enumerable.Range(0, 8).Select(pattern => pattern == 0 ? 0 : (long)Math.Round(10_000 * Enumerable.Range(0, 3).Aggregate(1.0, (a, j) => a * (((pattern >> j) & 1) == 1 ? p[j] : 1 - p[j])))).ToArray();
        var data = ListOverlaps.FromCounts(["A", "B", "C"], counts);

        var report = EstimateLogLinear.Run(data);

        var independence = report.Models.Single(m => m.Model.Terms == 0);
        Assert.Equal(10_000, independence.Total!.Value, precision: 6);
        Assert.Equal(0, independence.Deviance, precision: 6);
        Assert.Equal(8, report.Models.Count);
        Assert.Same(independence, report.BestByBic);
    }

    [Fact]
    public void A_zero_where_the_model_needs_an_overlap_is_reported_not_estimated()
    {
        var data = ListOverlaps.FromCounts(["A", "B"], 0, 60, 40, 0);

        var fit = EstimateLogLinear.Fit(data, LogLinearModel.Independence);

        Assert.Contains(EstimateLogLinear.Degenerate, fit.Warnings);
        Assert.Null(fit.Total);
        Assert.False(fit.Usable);
    }

    [Fact]
    public void A_model_with_as_many_parameters_as_observed_cells_plus_one_is_not_identifiable()
    {
        var data = ListOverlaps.FromCounts(["A", "B"], 0, 60, 40, 20);

        var fit = EstimateLogLinear.Fit(data, LogLinearModel.FromPairs((0, 1)));

        Assert.Contains(EstimateLogLinear.NotIdentifiable, fit.Warnings);
    }

    [Fact]
    public void Four_lists_mark_decomposable_models()
    {
        Assert.Equal(64, LogLinearModel.TwoWay(4).Count());
        var square = LogLinearModel.FromPairs((0, 1), (1, 2), (2, 3), (0, 3));
        var chain = LogLinearModel.FromPairs((0, 1), (1, 2), (2, 3));
        Assert.False(square.IsDecomposable(4));
        Assert.True(chain.IsDecomposable(4));
    }

    [Fact]
    public void The_count_and_stratum_columns_may_be_named_in_russian_or_kazakh()
    {
        var russian = OverlapsCsv.Read(new StringReader("Полиция,НКО,Количество,Страта\n1,0,60,2024\n0,1,49,2024\n1,1,4,2024\n")).Value;
        var kazakh = OverlapsCsv.Read(new StringReader("Полиция;ҮЕҰ;саны\n1;0;60\n0;1;49\n1;1;4\n")).Value;

        Assert.Equal(["Полиция", "НКО"], russian[0].Lists);
        Assert.Equal("2024", russian[0].Stratum);
        Assert.Equal(["Полиция", "ҮЕҰ"], kazakh[0].Lists);
    }

    [Fact]
    public void Overlap_tables_are_read_from_the_usual_CSV_and_bad_rows_are_named()
    {
        var read = OverlapsCsv.Read(new StringReader("A,B,C,count,stratum\n1,0,0,60,2024\n0,1,0,49,2024\n1,1,0,4,2024\n0,0,1,247,2024\n1,0,1,112,2024\n0,1,1,142,2024\n1,1,1,12,2024\n1,0,0,5,2023\n"));

        var tables = read.Value;
        Assert.Equal(["2024", "2023"], tables.Select(t => t.Stratum));
        Assert.Equal(MadiganYork.Counts, tables[0].Counts);
        Assert.Equal(["A", "B", "C"], tables[0].Lists);

        var bad = Assert.IsType<Invalid>(OverlapsCsv.Read(new StringReader("A,B,count\n1,0,5\n2,0,3\n1,1,x\n0,0,4\n")).Error);
        Assert.Equal(["2", "3", "4"], bad.Errors.Select(e => e.Args[0]));
        Assert.Equal("error.overlaps_unseen_row", bad.Errors[2].MessageKey);
    }
}
