using System.Globalization;
using Dalel.Core.Linkage;

namespace Dalel.Bench;

internal static partial class LinkageBench
{
    /// <summary>
    /// How LSH blocking's bands were chosen: for each scheme (e.g. "x:4:12,yi:3:8,wyix:3:24" — segments w when, y year
    /// of birth, i initials, x what and where; rows; bands), the share of pairs within years it compares and the share
    /// of the pairs the full comparison links, and of all true pairs, it keeps.
    /// </summary>
    public static void LshBands(int size, int seed, string schemes)
    {
        var clk = new Clk([.. Enumerable.Range(0, 32).Select(i => (byte)((i * 31) + 7))]);
        var (records, index, files) = Coalition(new Random(seed + size), size, clk);
        var result = MatchEncodings.Run(files).Value;
        var linked = result.Pairs.Where(p => p.Probability >= result.Threshold).Select(p => (index[p.A.Pseudonym], index[p.B.Pseudonym])).ToList();
        var truePairs = records.Select((r, i) => (r, i)).Where(x => x.r.Incident >= 0).GroupBy(x => x.r.Incident)
            .SelectMany(g => g.SelectMany(a => g.Where(b => b.i > a.i).Select(b => (a.i, b.i)))).ToList();
        const int Words = Clk.Segments * Clk.SegmentWords;
        var flat = new ulong[records.Count * Words];
        Parallel.For(0, records.Count, i => clk.EncodeFields(records[i].Record).CopyTo(flat, i * Words));
        foreach (var scheme in schemes.Split(';'))
        {
            var bands = scheme.Split(',').Select(x => x.Split(':'))
                .Select(x => new LshBlocking.Band([.. x[0].Select(c => "wyix".IndexOf(c, StringComparison.Ordinal))], int.Parse(x[1], CultureInfo.InvariantCulture), int.Parse(x[2], CultureInfo.InvariantCulture))).ToList();
            var lsh = LshBlocking.Of(flat, records.Count, bands);
            bool Kept((int A, int B) p) => lsh.KeysOf(p.A).Intersect(lsh.KeysOf(p.B)).Any();
            long compared = 0, all = 0;
            foreach (var year in Enumerable.Range(0, records.Count).GroupBy(i => records[i].Record.Year))
            {
                var lists = year.GroupBy(i => records[i].List).Select(g => g.ToArray()).ToArray();
                for (var x = 0; x < lists.Length; x++)
                {
                    for (var y = x + 1; y < lists.Length; y++)
                    {
                        all += (long)lists[x].Length * lists[y].Length;
                        var buckets = lsh.Buckets(lists[y]);
                        compared += lists[x].AsParallel().Sum(a => (long)lsh.KeysOf(a).Where(buckets.ContainsKey).SelectMany(k => buckets[k]).Distinct().Count());
                    }
                }
            }

            Console.WriteLine($"{scheme}: compares {(double)compared / all:P2} of {all:N0} pairs; keeps {linked.Count(Kept) / (double)linked.Count:P2} of the {linked.Count:N0} linked pairs and {truePairs.Count(Kept) / (double)truePairs.Count:P2} of all true pairs");
        }
    }
}
