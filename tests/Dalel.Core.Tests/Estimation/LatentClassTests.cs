using Dalel.Core.Estimation;

namespace Dalel.Core.Tests.Estimation;

public sealed class LatentClassTests
{
    private static readonly LatentClassSettings Quick = new() { BurnIn = 2_000, Samples = 500, Thin = 10, Seed = 7 };

    private static ListOverlaps Independent(int total, params double[] p) => ListOverlaps.FromCounts(
        p.Select((_, j) => $"L{j}").ToList(),
        Enumerable.Range(0, 1 << p.Length).Select(pattern => pattern == 0 ? 0 : (long)Math.Round(total * Enumerable.Range(0, p.Length).Aggregate(1.0, (a, j) => a * (((pattern >> j) & 1) == 1 ? p[j] : 1 - p[j])))).ToArray());

    [Fact]
    public void On_data_from_independent_lists_the_interval_covers_the_truth()
    {
        var result = LatentClassEstimate.Run(Independent(2_000, 0.3, 0.4, 0.5), Quick);

        Assert.InRange(result.Median, 1_800, 2_200);
        Assert.True(result.Lower <= 2_000 && 2_000 <= result.Upper, $"{result.Lower}–{result.Upper}");
        Assert.False(result.HitsCap);
    }

    [Fact]
    public void The_same_seed_gives_the_same_answer()
    {
        var data = Independent(1_000, 0.3, 0.5, 0.4, 0.2);
        Assert.Equal(LatentClassEstimate.Run(data, Quick), LatentClassEstimate.Run(data, Quick));
        Assert.NotEqual(LatentClassEstimate.Run(data, Quick).Median, LatentClassEstimate.Run(data, Quick with { Seed = 8 }).Median);
    }

    [Fact]
    public void On_Madigan_and_York_it_agrees_with_the_log_linear_models_within_their_spread()
    {
        var data = ListOverlaps.FromCounts(["A", "B", "C"], 0, 60, 49, 4, 247, 112, 142, 12);

        var result = LatentClassEstimate.Run(data, Quick);

        Assert.InRange(result.Median, 640, 900);
        Assert.True(result.Lower < result.Median && result.Median < result.Upper);
    }
}
