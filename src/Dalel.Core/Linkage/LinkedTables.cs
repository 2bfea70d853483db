using Dalel.Core.Estimation;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;

namespace Dalel.Core.Linkage;

/// <summary>
/// One linkage result, opened (see <see cref="OverlapsFromLinkage.Open"/>): its overlap tables for multiple systems
/// estimation — the records of a group whose organisations confirmed it count as one incident on their lists; a record
/// whose organisation rejected it, or has not decided, counts on its own (decisions on an earlier result's identical
/// groups carried, see <see cref="CarriedDecisions"/>) — the tables drawn from its model, and the
/// model's figures. Only counts leave.
/// </summary>
public sealed class LinkedTables
{
    private readonly DalelInstance _instance;
    private readonly Door.Unsealed _open;
    private readonly Versioned<LinkageResult> _result;
    private readonly Lazy<Dictionary<Guid, Dictionary<int, GroupDecision>>> _decisions;
    private Result<(IReadOnlyList<string> Lists, List<(int Pattern, int Year)> Patterns)>? _incidents;

    internal LinkedTables(DalelInstance instance, Door.Unsealed open, Versioned<LinkageResult> result)
    {
        (_instance, _open, _result) = (instance, open, result);
        _decisions = new(() => CarriedDecisions.Of(open, result));
    }

    public Guid Id => _result.Id;

    /// <summary>What the linkage learned and did (blocking, what it expects of its links): aggregates only; null when another tool made the result.</summary>
    public LinkageModel? Model => _result.Value.Model;

    /// <summary>All years together.</summary>
    public Result<ListOverlaps> All()
    {
        var incidents = Incidents();
        return incidents.IsOk ? Table(incidents.Value.Lists, incidents.Value.Patterns.Select(p => p.Pattern), null) : incidents.Error!;
    }

    /// <summary>
    /// One overlap table per incident year. These count several organisations' incidents together, so a year with
    /// fewer than <paramref name="threshold"/> documented incidents is estimated together with the year after it (the
    /// last with the year before), as "2021–2022". Merged, not withheld: a withheld year's table was the table of all
    /// years less the years shown, so anyone with both read its small numbers back; merged, the strata add up to the
    /// table of all years and say nothing it does not, and their estimates can be summed. None when all years together
    /// are fewer than the threshold.
    /// </summary>
    public Result<(IReadOnlyList<ListOverlaps> Years, int Merged)> ByYear(int threshold)
    {
        var years = ByYear();
        if (!years.IsOk)
        {
            return years.Error!;
        }

        var strata = new List<List<ListOverlaps>>();
        foreach (var year in years.Value)
        {
            if (strata.Count == 0 || strata[^1].Sum(y => y.Observed) >= threshold)
            {
                strata.Add([]);
            }

            strata[^1].Add(year);
        }

        if (strata.Count > 1 && strata[^1].Sum(y => y.Observed) < threshold)
        {
            strata[^2].AddRange(strata[^1]);
            strata.RemoveAt(strata.Count - 1);
        }

        if (strata.Count == 0 || strata[0].Sum(y => y.Observed) < threshold)
        {
            return ((IReadOnlyList<ListOverlaps>)[], 0);
        }

        return (strata.Select(Merge).ToList(), years.Value.Count(y => y.Observed < threshold));
    }

    /// <summary>Years estimated as one stratum: their counts added, named by the first and last ("2021–2022").</summary>
    private static ListOverlaps Merge(List<ListOverlaps> years) => years.Count == 1 ? years[0] : years[0] with
    {
        Counts = [.. Enumerable.Range(0, years[0].Counts.Count).Select(c => years.Sum(y => y.Counts[c]))],
        Stratum = $"{years[0].Stratum}–{years[^1].Stratum}",
    };

    public Result<IReadOnlyList<ListOverlaps>> ByYear()
    {
        var incidents = Incidents();
        if (!incidents.IsOk)
        {
            return incidents.Error!;
        }

        return incidents.Value.Patterns.GroupBy(p => p.Year).OrderBy(g => g.Key)
            .Select(g => Table(incidents.Value.Lists, g.Select(p => p.Pattern), g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>
    /// Tables drawn from the linkage model, for carrying linkage error into the estimate (all years together, beside
    /// <see cref="All"/>'s confirmed table; see <see cref="SampleLinkages"/>): a pair both organisations confirmed is
    /// linked in every draw, a pair either rejected in none, the rest with the model's probability. None when the
    /// result does not carry the pair probabilities and the model's figures per pair of lists (results made before
    /// 2026-12-01, or by another tool).
    /// </summary>
    public IReadOnlyList<ListOverlaps> Drawn(int samples = SampleLinkages.DefaultSamples)
    {
        var (open, result) = (_open, _result);
        if (result.Value.Pairs.Count == 0)
        {
            return [];
        }

        var lists = result.Value.Lists;
        var listIndex = lists.Select((l, i) => (l.List, i)).ToDictionary(x => x.List, x => x.i);
        var maps = lists.Select(l => LinkageStore.Run(open, l.List, l.Run)?.CaseByPseudonym ?? new Dictionary<Guid, Guid>()).ToList();
        var records = new Dictionary<(int List, Guid Pseudonym), int>();
        var listOf = new List<int>();
        var counted = new List<bool>();
        int Index(int list, Guid pseudonym)
        {
            if (!records.TryGetValue((list, pseudonym), out var at))
            {
                at = listOf.Count;
                records[(list, pseudonym)] = at;
                listOf.Add(list);
                counted.Add(maps[list].ContainsKey(pseudonym));
            }

            return at;
        }

        for (var i = 0; i < lists.Count; i++)
        {
            foreach (var pseudonym in maps[i].Keys)
            {
                Index(i, pseudonym);
            }
        }

        // Decisions fix a pair: both members' organisations confirmed their group → linked; either rejected → not.
        var decisions = _decisions.Value;
        var fixedPairs = new Dictionary<(int, int), double>();
        for (var g = 0; g < result.Value.Clusters.Count; g++)
        {
            var members = result.Value.Clusters[g].Members.Select(m => (Member: m, At: Index(listIndex[m.List], m.Pseudonym))).ToList();
            foreach (var x in members)
            {
                foreach (var y in members.Where(y => y.At > x.At))
                {
                    bool? Decided(ClusterMember m) => decisions[m.List].TryGetValue(g, out var decision) ? decision.Confirmed : null;
                    var (dx, dy) = (Decided(x.Member), Decided(y.Member));
                    if (dx == false || dy == false)
                    {
                        fixedPairs[(x.At, y.At)] = 0;
                    }
                    else if (dx == true && dy == true)
                    {
                        fixedPairs[(x.At, y.At)] = 1;
                    }
                }
            }
        }

        var pairs = result.Value.Pairs.Select(p =>
        {
            var (a, b) = (Index(listIndex[p.A.List], p.A.Pseudonym), Index(listIndex[p.B.List], p.B.Pseudonym));
            var key = (Math.Min(a, b), Math.Max(a, b));
            return (key.Item1, key.Item2, fixedPairs.TryGetValue(key, out var decided) ? decided : p.Probability);
        }).ToList();
        var model = SampleLinkages.ModelMatchesOf(result.Value.Model, result.Value.Pairs.Select(p =>
        {
            var (a, b) = (Index(listIndex[p.A.List], p.A.Pseudonym), Index(listIndex[p.B.List], p.B.Pseudonym));
            return (listOf[a], listOf[b], p.Probability, fixedPairs.ContainsKey((Math.Min(a, b), Math.Max(a, b))));
        }));
        if (model.Count == 0)
        {
            return [];
        }

        var present = pairs.Select(p => (p.Item1, p.Item2)).ToHashSet();
        pairs.AddRange(fixedPairs.Where(f => f.Value == 1 && !present.Contains(f.Key)).Select(f => (f.Key.Item1, f.Key.Item2, 1.0)));
        return SampleLinkages.Run(ListNames(lists), listOf, counted, pairs, model, samples).ToList();
    }

    private static ListOverlaps Table(IReadOnlyList<string> lists, IEnumerable<int> patterns, string? stratum)
    {
        var counts = new long[1 << lists.Count];
        foreach (var pattern in patterns)
        {
            counts[pattern]++;
        }

        return new ListOverlaps(lists, counts, stratum);
    }

    /// <summary>Every documented incident of the result: the lists it is on, and its year (worked out once).</summary>
    private Result<(IReadOnlyList<string> Lists, List<(int Pattern, int Year)> Patterns)> Incidents() => _incidents ??= CountIncidents();

    private Result<(IReadOnlyList<string> Lists, List<(int Pattern, int Year)> Patterns)> CountIncidents()
    {
        var (open, result) = (_open, _result);
        var lists = result.Value.Lists;
        // Each list's real records: the organisation's own map of the run (decoys are in the file but not in the map).
        var maps = lists.Select(l => LinkageStore.Run(open, l.List, l.Run)?.CaseByPseudonym).ToList();
        if (maps.Any(m => m is null))
        {
            return new NotFound();
        }

        int Year(int list, Guid pseudonym) =>
            open.SharedCase(lists[list].List, maps[list]![pseudonym])?.Record.Date.Year ?? 0;

        var listIndex = lists.Select((l, i) => (l.List, i)).ToDictionary(x => x.List, x => x.i);
        var grouped = new HashSet<(int, Guid)>();
        var patterns = new List<(int Pattern, int Year)>();
        var decisions = _decisions.Value;
        for (var g = 0; g < result.Value.Clusters.Count; g++)
        {
            // Each organisation decides for its own case: the ones that confirmed stay together, one that rejected
            // leaves the group (its case counts on its own) without breaking the others' confirmed link.
            var members = result.Value.Clusters[g].Members
                .Where(m => maps[listIndex[m.List]]!.ContainsKey(m.Pseudonym) && decisions[m.List].TryGetValue(g, out var decision) && decision.Confirmed)
                .ToList();
            if (members.Count < 2)
            {
                continue;
            }

            patterns.Add((members.Aggregate(0, (p, m) => p | (1 << listIndex[m.List])), Year(listIndex[members[0].List], members[0].Pseudonym)));
            grouped.UnionWith(members.Select(m => (listIndex[m.List], m.Pseudonym)));
        }

        for (var i = 0; i < lists.Count; i++)
        {
            foreach (var pseudonym in maps[i]!.Keys.Where(p => !grouped.Contains((i, p))))
            {
                patterns.Add((1 << i, Year(i, pseudonym)));
            }
        }

        return (ListNames(lists), patterns);
    }

    /// <summary>The lists by their organisations' names, as the tables print them.</summary>
    private List<string> ListNames(IReadOnlyList<LinkedList> lists)
    {
        var names = new ListOrganisations(_instance).Run().Value.ToDictionary(o => o.Id, o => o.Name);
        return lists.Select(l => names.GetValueOrDefault(l.List, l.List.ToString("D")[..8])).ToList();
    }
}
