using Dalel.Core.Linkage;

namespace Dalel.Core.Tests.Linkage;

public sealed class LinkageQualityTests
{
    [Fact]
    public void The_result_says_what_share_of_its_linked_pairs_are_matches_and_of_the_matches_it_links_close_to_the_truth()
    {
        var (records, files) = GeneratedCoalition.Of(new Random(2027), 6_000);
        var index = files.SelectMany(f => f.Records).Select((r, i) => (r.Pseudonym, i)).ToDictionary(x => x.Pseudonym, x => x.i);

        var result = MatchEncodings.Run(files).Value;

        var linked = result.Pairs.Where(p => p.Probability >= result.Threshold).Select(p => (A: index[p.A.Pseudonym], B: index[p.B.Pseudonym])).ToList();
        bool Same((int A, int B) p) => records[p.A].Incident >= 0 && records[p.A].Incident == records[p.B].Incident;
        var truePairs = records.Where(r => r.Incident >= 0).GroupBy(r => r.Incident).Sum(g => g.Count() * (g.Count() - 1) / 2);
        var (precision, recall) = ((double)linked.Count(Same) / linked.Count, (double)linked.Count(Same) / truePairs);
        var said = result.Model!.AtCut!;
        Assert.InRange(said.Precision, precision - 0.03, precision + 0.03);
        Assert.InRange(said.Recall, recall - 0.03, recall + 0.03);
    }
}
