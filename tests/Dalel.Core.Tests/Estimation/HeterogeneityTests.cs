using Dalel.Core.Estimation;

namespace Dalel.Core.Tests.Estimation;

/// <summary>Against Rcapture 1.4 itself (closedp.t and closedpCI.t, built from CRAN's source with Debian's R 4.2.2).</summary>
public sealed class HeterogeneityTests
{
    private static readonly ListOverlaps MadiganYork = ListOverlaps.FromCounts(["A", "B", "C"], 0, 60, 49, 4, 247, 112, 142, 12);

    public static TheoryData<string, double, double> MadiganYorkAbundances => new()
    {
        { "M0", 860.2507, 451.59451 },
        { "Mt", 763.8879, 106.31882 },
        { "Mh Chao (LB)", 860.2507, 451.59451 }, // its one η is negative, so set to zero: M0 again
        { "Mh Poisson2", 697.8481, 416.63583 },
        { "Mh Darroch", 657.5262, 416.63583 },
        { "Mh Gamma3.5", 639.6858, 416.63583 },
        { "Mth Chao (LB)", 763.8879, 106.31882 },
        { "Mth Poisson2", 674.7092, 78.97621 },
        { "Mth Darroch", 649.1315, 78.97621 },
        { "Mth Gamma3.5", 636.8789, 78.97621 },
    };

    public static TheoryData<string, double> KosovoAbundances => new()
    {
        { "M0", 7608.368 }, { "Mt", 7394.587 }, { "Mh Chao (LB)", 8787.243 }, { "Mh Poisson2", 9402.952 }, { "Mh Darroch", 12448.385 },
        { "Mh Gamma3.5", 17102.639 }, { "Mth Chao (LB)", 8591.184 }, { "Mth Poisson2", 9327.761 }, { "Mth Darroch", 12797.343 }, { "Mth Gamma3.5", 18387.146 },
    };

    [Theory]
    [MemberData(nameof(MadiganYorkAbundances))]
    public void Madigan_and_York_give_Rcaptures_abundance_and_AIC(string model, double abundance, double aic)
    {
        var fit = EstimateHeterogeneity.Run(MadiganYork, withIntervals: false).Single(e => e.Model.Name == model);

        Assert.Equal(abundance, fit.Total!.Value, abundance * 0.0005);
        Assert.Equal(aic, fit.Aic!.Value, 0.01);
    }

    [Theory]
    [MemberData(nameof(KosovoAbundances))]
    public void Kosovo_gives_Rcaptures_abundance(string model, double abundance)
    {
        var fit = EstimateHeterogeneity.Run(ModelSpaceTests.Kosovo, withIntervals: false).Single(e => e.Model.Name == model);

        Assert.Equal(abundance, fit.Total!.Value, abundance * 0.0005);
    }

    [Fact]
    public void The_profile_interval_of_Chaos_lower_bound_is_Rcaptures()
    {
        var fit = EstimateHeterogeneity.Fit(ModelSpaceTests.Kosovo, new HeterogeneityModel(false, Heterogeneity.Chao));

        // closedpCI.t(m = "Mh", h = "Chao"): 8,367.856–9,241.553.
        Assert.Equal(8_367.856, fit.Lower!.Value, 8_367.856 * 0.005);
        Assert.Equal(9_241.553, fit.Upper!.Value, 9_241.553 * 0.005);
    }
}
