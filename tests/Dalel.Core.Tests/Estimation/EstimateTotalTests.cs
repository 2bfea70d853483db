using Dalel.Core.Estimation;

namespace Dalel.Core.Tests.Estimation;

public sealed class EstimateTotalTests
{
    private static readonly ListOverlaps MadiganYork = ListOverlaps.FromCounts(["A", "B", "C"], 0, 60, 49, 4, 247, 112, 142, 12);

    [Fact]
    public void Two_strata_of_profile_intervals_sum_with_half_widths_added_in_quadrature()
    {
        var set = EstimateTotal.Run([MadiganYork with { Stratum = "2023" }, MadiganYork with { Stratum = "2024" }], new EstimateRequest { WithAveraging = false }).Value;

        var one = set.Strata[0].Headline!;
        var both = set.Combined!;
        Assert.Equal(2 * one.Total, both.Total, 1e-6);
        Assert.Equal(both.Total - (Math.Sqrt(2) * (one.Total - one.Lower!.Value)), both.Lower!.Value, 1e-6);
        Assert.Equal(both.Total + (Math.Sqrt(2) * (one.Upper!.Value - one.Total)), both.Upper!.Value, 1e-6);
        Assert.Equal(IntervalKind.Combined, both.Interval);
        Assert.Equal(1252, both.Documented);
    }

    [Fact]
    public void Posterior_draws_of_strata_are_summed_so_the_combined_interval_is_narrower_than_the_sum_of_intervals()
    {
        var set = EstimateTotal.Run([MadiganYork with { Stratum = "2023" }, MadiganYork with { Stratum = "2024" }], new EstimateRequest { Headline = EstimateMethod.Averaged }).Value;

        var one = set.Strata[0].Headline!;
        var both = set.Combined!;
        Assert.Equal(2 * one.Total, both.Total, 2 * one.Total * 0.005);
        Assert.InRange(both.Upper!.Value - both.Lower!.Value, 1.2 * (one.Upper!.Value - one.Lower!.Value), 2 * (one.Upper.Value - one.Lower.Value) * 0.9);
        Assert.Equal(IntervalKind.Credible, both.Interval);
        Assert.Contains("sum of 2 strata", both.Statement("en"), StringComparison.Ordinal);
    }

    [Fact]
    public void One_stratum_is_not_combined_with_itself()
    {
        Assert.Null(EstimateTotal.Run([MadiganYork], new EstimateRequest()).Value.Combined);
    }

    [Fact]
    public void Sparse_tables_and_lists_that_barely_overlap_are_flagged_in_plain_words()
    {
        var uk = EstimateTotal.Run([ModelSpaceTests.UnitedKingdom], new EstimateRequest { WithAveraging = false }).Value.Strata[0];

        var said = uk.Notices.Select(n => n.Say("en")).ToList();
        Assert.Contains(said, s => s.StartsWith("48 of the 63 overlap cells hold fewer than 5 people", StringComparison.Ordinal));
        Assert.Contains(said, s => s.StartsWith("No one is on all of LA×GP", StringComparison.Ordinal));
        Assert.All(uk.Notices, n => Assert.DoesNotContain("⟦", n.Say("ru"), StringComparison.Ordinal));

        // C shares 3 people with A and B together: whatever a model says about C rests on those three.
        var lonely = EstimateTotal.Run([ListOverlaps.FromCounts(["A", "B", "C"], 0, 300, 250, 60, 400, 2, 1, 0)], new EstimateRequest { WithAveraging = false }).Value.Strata[0];
        Assert.Contains(lonely.Notices, n => n.Say("en") == "C shares only 3 people with the other lists: the estimate leans on very few overlaps.");

        var madiganYork = EstimateTotal.Run([MadiganYork], new EstimateRequest { WithAveraging = false }).Value.Strata[0];
        Assert.DoesNotContain(madiganYork.Notices, n => n.Key is "estimate.sparse" or "estimate.low_overlap" or "estimate.empty_terms");
    }

    [Fact]
    public void The_headline_states_method_model_and_interval_type()
    {
        var best = EstimateTotal.Run([MadiganYork], new EstimateRequest()).Value.Strata[0].Headline!;
        var independence = EstimateTotal.Run([MadiganYork], new EstimateRequest { Headline = EstimateMethod.Independence }).Value.Strata[0].Headline!;

        Assert.Equal("Documented: 626; estimated total: 731 (95% profile-likelihood interval 700–766), log-linear model A×B, chosen by BIC.", best.Statement("en"));
        Assert.Equal("Documented: 626; estimated total: 764 (95% profile-likelihood interval 726–807), log-linear model independence, as asked.", independence.Statement("en"));
        Assert.Contains("профилю правдоподобия", best.Statement("ru"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_average_carried_by_the_model_joining_every_list_is_called_what_it_is()
    {
        // A table from lists linked with errors (the linkage benchmark, 20,000 incidents): missed links make the lists
        // look more dependent than any model but the saturated one allows, and the average collapses onto it.
        var linked = ListOverlaps.FromCounts(["A", "B", "C"], 0, 5008, 3477, 2312, 2316, 1546, 1092, 1129);

        var s = EstimateTotal.Run([linked], new EstimateRequest { Headline = EstimateMethod.Averaged }).Value.Strata[0];

        Assert.True(s.Averaged!.SaturatedShare > 0.99);
        Assert.Contains(s.Notices, n => n.Key == "estimate.averaged_saturated");
        Assert.DoesNotContain(EstimateTotal.Run([MadiganYork], new EstimateRequest { Headline = EstimateMethod.Averaged }).Value.Strata[0].Notices, n => n.Key == "estimate.averaged_saturated");
    }
}
