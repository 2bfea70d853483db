using Dalel.Core.Cases;
using Dalel.Core.Estimation;
using Dalel.Core.Linkage;

namespace Dalel.Core.Tests.Linkage;

/// <summary>
/// The estimate with linkage error on a generated coalition whose truth is known: three lists documenting 50, 40 and
/// 30% of incidents independently, each copy with a missing name, a shifted date, a wrong age and so on at the rates
/// the linkage benchmark uses, decoys in every file.
/// </summary>
public sealed class LinkageErrorTests
{
    private static readonly string[] Lists = ["A", "B", "C"];
    private static readonly string[] Regions = ["almaty_city", "almaty_city", "astana", "shymkent", "karaganda", "pavlodar", "aktobe", "atyrau"];
    private static readonly string[] Acts = ["fake_dating", "extortion_blackmail", "police_violence", "physical_assault", "threats", "raid"];
    private static readonly string[] Perpetrators = ["police", "organised_group", "private_individual", "family_member"];

    [Fact]
    public void Drawn_tables_share_as_many_incidents_between_lists_as_the_truth_where_one_linkage_loses_them()
    {
        const int Incidents = 6_000;
        var (records, files) = Generate(new Random(2026), Incidents);
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

    private sealed record Copy(int Incident, int List, QuasiIdentifiers Record);

    private static (List<Copy> Records, List<EncodingFile> Files) Generate(Random r, int incidents)
    {
        var real = new List<Copy>();
        for (var incident = 0; incident < incidents; incident++)
        {
            var initials = $"{(char)('A' + r.Next(20))}{(char)('A' + r.Next(15))}";
            var date = new DateOnly(2022, 1, 1).AddDays(r.Next(2 * 365));
            var region = Regions[r.Next(Regions.Length)];
            var born = date.Year - r.Next(17, 60);
            var acts = Acts.OrderBy(_ => r.Next()).Take(r.Next(1, 3)).Order(StringComparer.Ordinal).ToList();
            var perpetrators = Perpetrators.OrderBy(_ => r.Next()).Take(r.Next(1, 3)).Order(StringComparer.Ordinal).ToList();
            foreach (var (list, coverage) in new[] { (0, 0.5), (1, 0.4), (2, 0.3) })
            {
                if (r.NextDouble() >= coverage)
                {
                    continue;
                }

                var copyDate = r.NextDouble() < 0.25 ? date.AddDays(r.Next(1, 4) * (r.Next(2) == 0 ? -1 : 1)) : date;
                real.Add(new Copy(incident, list, new QuasiIdentifiers(
                    copyDate, r.NextDouble() < 0.1 ? DatePrecision.Month : DatePrecision.Day,
                    r.NextDouble() < 0.05 ? null : region, null,
                    r.NextDouble() < 0.15 ? null : born + (r.NextDouble() < 0.2 ? (r.Next(2) * 2) - 1 : 0),
                    r.NextDouble() < 0.3 ? "" : initials,
                    r.NextDouble() < 0.3 && acts.Count > 1 ? acts.Take(1).ToList() : acts,
                    r.NextDouble() < 0.1 ? [] : perpetrators)));
            }
        }

        var records = real.Concat(real.GroupBy(c => c.List).SelectMany(list =>
        {
            var own = list.Select(c => c.Record).ToList();
            return Decoys.From(own, own.Count / 4).Select((d, i) => new Copy(-1 - i, list.Key, d));
        })).OrderBy(c => c.List).ToList();
        var clk = new Clk([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 13))]);
        var files = records.GroupBy(c => c.List).Select(list => new EncodingFile
        {
            List = Guid.NewGuid(),
            Run = Guid.NewGuid(),
            Records = [.. list.Select(c => new EncodedRecord(Guid.NewGuid(), c.Record.Year, MatchEncodings.Encode(clk.EncodeFields(c.Record))))],
        }).ToList();
        return (records, files);
    }
}
