using Dalel.Core.Estimation;
using Dalel.Core.Linkage;

namespace Dalel.Core.Tests.Linkage;

public sealed class SampleLinkagesTests
{
    private static readonly string[] Lists = ["A", "B"];

    [Fact]
    public void Certain_pairs_are_always_linked_impossible_ones_never_and_decoys_never_counted()
    {
        // Records 0–2 on list A, 3–5 on list B; record 5 is a decoy.
        int[] listOf = [0, 0, 0, 1, 1, 1];
        bool[] counted = [true, true, true, true, true, false];
        var pairs = new List<(int, int, double)> { (0, 3, 1.0), (1, 4, 0.0), (2, 5, 1.0) };

        var tables = SampleLinkages.Run(Lists, listOf, counted, pairs, samples: 20);

        Assert.All(tables, t =>
        {
            Assert.Equal(1, t.Counts[0b11]);   // 0 with 3
            Assert.Equal(2, t.Counts[0b01]);   // 1 alone, 2 (its partner a decoy)
            Assert.Equal(1, t.Counts[0b10]);   // 4 alone
        });
    }

    [Fact]
    public void An_uncertain_pair_is_linked_about_as_often_as_its_probability_says()
    {
        int[] listOf = [0, 1];
        bool[] counted = [true, true];

        var tables = SampleLinkages.Run(Lists, listOf, counted, [(0, 1, 0.3)], samples: 2_000);

        Assert.Equal(0.3, tables.Count(t => t.Counts[0b11] == 1) / 2_000.0, 0.04);
    }

    [Fact]
    public void Uncertain_links_widen_the_interval_and_the_share_from_linkage_says_by_how_much()
    {
        // Madigan and York's three lists, and the same with 0 to 40 of the A–B–C overlaps missed by the linkage.
        string[] three = ["A", "B", "C"];
        var point = ListOverlaps.FromCounts(three, 0, 60, 49, 4, 247, 112, 142, 12);
        var varied = Enumerable.Range(0, 40).Select(i => ListOverlaps.FromCounts(three, 0, 60 + i, 49, 4, 247, 112, 142 + i, 12 - (i / 4))).ToList();

        var certain = EstimateWithLinkageError.Run(point, Enumerable.Repeat(point, 40).ToList());
        var uncertain = EstimateWithLinkageError.Run(point, varied);

        Assert.InRange(certain.LinkageShare, 0, 0.1);
        Assert.True(uncertain.Upper - uncertain.Lower > 1.2 * (certain.Upper - certain.Lower), $"{uncertain.Lower}–{uncertain.Upper} against {certain.Lower}–{certain.Upper}");
        Assert.InRange(uncertain.LinkageShare, 0.15, 1);
    }
}
