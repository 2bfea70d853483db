using Dalel.Core.Cases;
using Dalel.Core.Estimation;
using Dalel.Core.Linkage;

namespace Dalel.Core.Tests.Linkage;

/// <summary>The estimate with linkage error on a generated coalition whose truth is known (<see cref="GeneratedCoalition"/>).</summary>
public sealed class LinkageErrorTests
{
    private static readonly string[] Lists = ["A", "B", "C"];

    [Fact]
    public void Drawn_tables_share_as_many_incidents_between_lists_as_the_truth_where_one_linkage_loses_them()
    {
        const int Incidents = 6_000;
        var (records, files) = GeneratedCoalition.Of(new Random(2026), Incidents);
        var index = files.SelectMany(f => f.Records).Select((r, i) => (r.Pseudonym, i)).ToDictionary(x => x.Pseudonym, x => x.i);
        var result = MatchEncodings.Run(files).Value;
        var listOf = records.Select(r => r.List).ToList();
        var counted = records.Select(r => r.Incident >= 0).ToList();
        var pairs = result.Pairs.Select(p => (A: Math.Min(index[p.A.Pseudonym], index[p.B.Pseudonym]), B: Math.Max(index[p.A.Pseudonym], index[p.B.Pseudonym]), p.Probability)).ToList();
        // The model's figures per pair of lists add up to its totals, and its bootstrap replicates scatter around them.
        Assert.Equal(result.Model!.Comparisons, result.Model.ByListPair.Sum(m => m.Comparisons));
        Assert.Equal(result.Model.ExpectedMatches, result.Model.ByListPair.Sum(m => m.ExpectedMatches), 6);
        Assert.All(result.Model.ByListPair, m =>
        {
            Assert.Equal(MatchEncodings.Replicates, m.Replicates.Count);
            Assert.InRange(m.Replicates.Average(), 0.97 * m.ExpectedMatches, 1.03 * m.ExpectedMatches);
            Assert.True(m.Replicates.Distinct().Count() > 10);
        });
        var model = SampleLinkages.ModelMatchesOf(result.Model, pairs.Select(p => (listOf[p.A], listOf[p.B], p.Probability, false)));

        var drawn = SampleLinkages.Run(Lists, listOf, counted, pairs, model, samples: 40);

        var truth = SampleLinkages.Table(Lists, listOf, counted, Enumerable.Range(0, records.Count).Where(i => counted[i]).GroupBy(i => records[i].Incident).Select(g => (IReadOnlyList<int>)[.. g]));
        var one = SampleLinkages.Table(Lists, listOf, counted, result.Clusters.Select(c => (IReadOnlyList<int>)[.. c.Members.Select(m => index[m.Pseudonym])]));
        foreach (var lists in new[] { 0b011, 0b101, 0b110, 0b111 })
        {
            double Shared(ListOverlaps t) => t.Counts.Where((_, h) => (h & lists) == lists).Sum();
            var (mean, expected) = (drawn.Average(Shared), Shared(truth));
            Assert.True(Math.Abs(mean - expected) <= (lists == 0b111 ? 0.12 : 0.05) * expected, $"lists {lists}: drawn {mean:F0}, one linkage {Shared(one)}, truth {expected}");
        }

        foreach (var list in new[] { 1, 2, 4 })
        {
            Assert.All(drawn, t => Assert.Equal(truth.Counts.Where((_, h) => (h & list) != 0).Sum(), t.Counts.Where((_, h) => (h & list) != 0).Sum()));
        }

        var aware = EstimateWithLinkageError.Run(one, drawn);
        Assert.True(aware.Upper - aware.Lower > aware.Point.Upper - aware.Point.Lower, $"{aware.Lower:F0}–{aware.Upper:F0} against {aware.Point.Lower:F0}–{aware.Point.Upper:F0}");
        Assert.InRange(aware.Documented, 0.97 * truth.Observed, 1.03 * truth.Observed);
    }
}
