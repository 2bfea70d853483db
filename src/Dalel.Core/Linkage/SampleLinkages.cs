using Dalel.Core.Estimation;

namespace Dalel.Core.Linkage;

/// <summary>
/// Plausible linkages drawn from the pairs' probabilities, each turned into an overlap table: every pair is linked with
/// its probability (a decided pair with 1 or 0), and the drawn pairs are grouped as the linkage groups them (most
/// probable first, at most one record per list). Estimating on every table and pooling the results carries linkage
/// error into the interval, in the spirit of Sadinle (2018): a table from one linkage treats every link as certain.
/// </summary>
public static class SampleLinkages
{
    public const int DefaultSamples = 200;

    /// <param name="listOf">The list of each record.</param>
    /// <param name="counted">Whether each record is a case (decoys are compared and may be linked, but never counted).</param>
    /// <param name="pairs">Record pairs (A &lt; B) with their probability of being one incident.</param>
    public static IReadOnlyList<ListOverlaps> Run(
        IReadOnlyList<string> lists, IReadOnlyList<int> listOf, IReadOnlyList<bool> counted,
        IReadOnlyList<(int A, int B, double Probability)> pairs, int samples = DefaultSamples, int seed = 20_241_130)
    {
        var random = new Random(seed);
        var tables = new List<ListOverlaps>(samples);
        for (var s = 0; s < samples; s++)
        {
            var drawn = pairs.Where(p => p.Probability >= 1 || (p.Probability > 0 && random.NextDouble() < p.Probability)).ToList();
            tables.Add(Table(lists, listOf, counted, GreedyGroups.FromCandidates(listOf.Count, i => listOf[i], drawn).Select(g => g.Members)));
        }

        return tables;
    }

    /// <summary>The overlap table of one linkage: a group's counted records are one incident on their lists; every other counted record counts on its own.</summary>
    public static ListOverlaps Table(IReadOnlyList<string> lists, IReadOnlyList<int> listOf, IReadOnlyList<bool> counted, IEnumerable<IReadOnlyList<int>> groups)
    {
        var counts = new long[1 << lists.Count];
        var grouped = new HashSet<int>();
        foreach (var members in groups)
        {
            var pattern = members.Where(i => counted[i]).Aggregate(0, (p, i) => p | (1 << listOf[i]));
            if (pattern != 0)
            {
                counts[pattern]++;
                grouped.UnionWith(members.Where(i => counted[i]));
            }
        }

        for (var i = 0; i < listOf.Count; i++)
        {
            if (counted[i] && !grouped.Contains(i))
            {
                counts[1 << listOf[i]]++;
            }
        }

        return new ListOverlaps(lists, counts);
    }
}
