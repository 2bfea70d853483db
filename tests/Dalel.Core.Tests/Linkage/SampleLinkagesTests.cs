using Dalel.Core.Estimation;
using Dalel.Core.Linkage;

namespace Dalel.Core.Tests.Linkage;

public sealed class SampleLinkagesTests
{
    private static readonly string[] Lists = ["A", "B"];

    /// <summary>A model that adds nothing beyond the kept pairs: no matches below the minimum, no doubt about itself.</summary>
    private static SampleLinkages.ModelMatches[] Exact(int lists) =>
        [.. Enumerable.Range(0, lists).SelectMany(x => Enumerable.Range(x + 1, lists - x - 1).Select(y => new SampleLinkages.ModelMatches(x, y, 0, [0.0])))];

    [Fact]
    public void Certain_pairs_are_always_linked_impossible_ones_never_and_decoys_never_counted()
    {
        // Records 0–2 on list A, 3–5 on list B; record 5 is a decoy.
        int[] listOf = [0, 0, 0, 1, 1, 1];
        bool[] counted = [true, true, true, true, true, false];
        var pairs = new List<(int, int, double)> { (0, 3, 1.0), (1, 4, 0.0), (2, 5, 1.0) };

        var tables = SampleLinkages.Run(Lists, listOf, counted, pairs, Exact(2), samples: 20);

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

        var tables = SampleLinkages.Run(Lists, listOf, counted, [(0, 1, 0.3)], Exact(2), samples: 2_000);

        Assert.Equal(0.3, tables.Count(t => t.Counts[0b11] == 1) / 2_000.0, 0.04);
    }

    [Fact]
    public void A_record_takes_one_partner_per_list_and_equally_likely_partners_share_the_draws()
    {
        // Record 0 on list A; records 1 and 2 on list B, each as likely as not to be its incident.
        var posterior = new LinkagePosterior([0, 1, 1], [(0, 1, 0.5), (0, 2, 0.5)]);
        var random = new Random(7);
        var seen = new Dictionary<string, int>();
        for (var s = 0; s < 6_000; s++)
        {
            posterior.Sweep(random);
            var groups = posterior.Groups().ToList();
            Assert.True(groups.Count <= 1 && groups.All(g => g.Count == 2), "one partner per list");
            var key = groups.Count == 0 ? "alone" : string.Join("-", groups[0].Order());
            seen[key] = seen.GetValueOrDefault(key) + 1;
        }

        // Odds 1 each against 1 for alone: a third each.
        foreach (var key in new[] { "alone", "0-1", "0-2" })
        {
            Assert.Equal(1 / 3.0, seen.GetValueOrDefault(key) / 6_000.0, 0.03);
        }
    }

    [Fact]
    public void A_third_copy_joins_on_its_likeliest_member_and_never_where_a_member_was_rejected_or_most_are_strangers()
    {
        // 0 on A and 1 on B are surely one incident; 2 on C resembles 0 only.
        var joins = Draw(new LinkagePosterior([0, 1, 2], [(0, 1, 1.0), (0, 2, 0.9)]));
        Assert.Equal(0.9, joins, 0.03);

        // The same, but B's organisation rejected the pair 1–2: never together.
        Assert.Equal(0, Draw(new LinkagePosterior([0, 1, 2], [(0, 1, 1.0), (0, 2, 0.9), (1, 2, 0.0)])));

        // 3 on D resembles only 0 of the confirmed 0–1–2: fewer than half the members are candidates.
        var four = new LinkagePosterior([0, 1, 2, 3], [(0, 1, 1.0), (0, 2, 1.0), (1, 2, 1.0), (0, 3, 0.99)]);
        var random = new Random(3);
        for (var s = 0; s < 200; s++)
        {
            four.Sweep(random);
            Assert.DoesNotContain(four.Groups(), g => g.Contains(3));
        }

        static double Draw(LinkagePosterior posterior)
        {
            var random = new Random(11);
            var together = 0;
            for (var s = 0; s < 4_000; s++)
            {
                posterior.Sweep(random);
                together += posterior.Groups().Any(g => g.Count == 3) ? 1 : 0;
            }

            return together / 4_000.0;
        }
    }

    [Fact]
    public void Cells_follow_from_the_list_sizes_the_pairwise_counts_and_the_linkage_s_groups_of_three()
    {
        string[] three = ["A", "B", "C"];
        // Lists of 21, 18 and 15 records; 2 incidents on all three in the linkage.
        var linkage = ListOverlaps.FromCounts(three, 0, 10, 8, 5, 6, 4, 3, 2);
        var pairwise = new double[8];
        (pairwise[0b011], pairwise[0b101], pairwise[0b110]) = (9, 7, 4);

        var table = SampleLinkages.WithPairwise(linkage, pairwise);

        Assert.Equal([0L, 7, 7, 7, 6, 5, 2, 2], table.Counts);
        Assert.Equal((21, 18, 15), (table.Counts.Where((_, h) => (h & 1) != 0).Sum(), table.Counts.Where((_, h) => (h & 2) != 0).Sum(), table.Counts.Where((_, h) => (h & 4) != 0).Sum()));
    }

    [Fact]
    public void Groups_of_three_are_scaled_up_between_links_failing_one_by_one_and_records_failing_with_all_their_links()
    {
        string[] three = ["A", "B", "C"];
        // The drawn linkage links each pair of lists 90 times where the model counts 100: ρ = 0.9 for every pair.
        var linkage = ListOverlaps.FromCounts(three, 0, 500, 500, 40, 500, 40, 40, 50);
        var pairwise = new double[8];
        (pairwise[0b011], pairwise[0b101], pairwise[0b110]) = (100, 100, 100);

        var linkOnly = SampleLinkages.Reach(linkage, pairwise, 0);
        var recordOnly = SampleLinkages.Reach(linkage, pairwise, 1);
        var halfway = SampleLinkages.Reach(linkage, pairwise, 0.5);

        // Links one by one: a group of three stays whole if at least two of its three links hold: 3ρ² − 2ρ³.
        Assert.Equal((3 * 0.81) - (2 * 0.729), linkOnly[0b111], 9);
        // Records: each stays with chance √0.9 (ρ = g·g), the group whole only if all three do: 0.9^1.5.
        Assert.Equal(Math.Pow(0.9, 1.5), recordOnly[0b111], 9);
        Assert.Equal(Math.Sqrt(linkOnly[0b111] * recordOnly[0b111]), halfway[0b111], 9);
        Assert.All(new[] { 1, 2, 3, 4, 5, 6 }, h => Assert.Equal(1.0, halfway[h]));
        // The table's groups of three grow by that chance's inverse; list sizes and pairwise counts stay.
        var table = SampleLinkages.WithPairwise(linkage, pairwise, recordOnly);
        Assert.Equal(Math.Round(50 / Math.Pow(0.9, 1.5)), table.Counts[0b111]);
        Assert.Equal(100, table.Counts.Where((_, h) => (h & 0b011) == 0b011).Sum());

        // A linkage that links as often as the model: nothing to scale.
        (pairwise[0b011], pairwise[0b101], pairwise[0b110]) = (90, 90, 90);
        Assert.Equal(1.0, SampleLinkages.Reach(linkage, pairwise, 0.5)[0b111], 9);
    }

    [Fact]
    public void Decoys_are_never_matches_so_real_pairs_carry_their_band_s_matches()
    {
        // Four pairs of one pattern (probability 0.2: 0.8 matches expected); two involve decoy 9.
        bool[] counted = [.. Enumerable.Repeat(true, 9), false];
        var real = SampleLinkages.WithoutDecoys([(0, 1, 0.2), (2, 3, 0.2), (4, 9, 0.2), (5, 9, 0.2), (6, 7, 1.0)], counted);

        Assert.Equal([(0, 1, 0.4), (2, 3, 0.4), (6, 7, 1.0)], real.Select(p => (p.A, p.B, Math.Round(p.Probability, 6))));
    }

    [Fact]
    public void The_model_s_matches_below_the_minimum_and_its_doubt_are_kept_and_decisions_take_their_share_of_the_doubt()
    {
        var model = new LinkageModel(1_000, 0.01, 10, 20, 0.1, true)
        {
            ByListPair = [new ListPairMatches(0, 1, 1_000, 10) { Replicates = [9, 11] }],
        };

        var figures = SampleLinkages.ModelMatchesOf(model, [(0, 1, 0.9, false), (1, 0, 0.6, true)]).Single();

        Assert.Equal(8.5, figures.BelowMinimum, 9);
        Assert.Equal([-0.94, 0.94], figures.Shifts.Select(s => Math.Round(s, 9)));
        Assert.Empty(SampleLinkages.ModelMatchesOf(model with { ByListPair = [] }, []));
        Assert.Empty(SampleLinkages.ModelMatchesOf(null, []));
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
        Assert.Equal(point.Observed, certain.Documented);
        Assert.True(uncertain.Upper - uncertain.Lower > 1.2 * (certain.Upper - certain.Lower), $"{uncertain.Lower}–{uncertain.Upper} against {certain.Lower}–{certain.Upper}");
        Assert.InRange(uncertain.LinkageShare, 0.15, 1);
    }
}
