namespace Dalel.Core.Linkage;

/// <summary>
/// Linkages drawn by Gibbs sampling over partitions of the real records (in the spirit of Sadinle and Fienberg 2013):
/// each sweep takes every record that has a candidate partner out of its group and puts it back — alone (odds 1), or
/// into a group that holds no record of its list, with the record's odds of being one incident with that group's
/// likeliest member. The other members must not have been rejected, and at least half of them must be candidates, as
/// the linkage's own grouping requires; their evidence is not multiplied in, because copies of one incident repeat
/// each other, and multiplying them made groups of three half as common again as they are (measured on generated
/// coalitions, docs/linkage-benchmarks.md). Unlike linking each pair on its own coin, a record takes at most one
/// partner per list, and a decided pair (probability 1 or 0) is always or never together.
/// </summary>
internal sealed class LinkagePosterior
{
    private readonly int[] listOf;
    private readonly Dictionary<int, double>?[] odds;
    private readonly int[] groupOf;
    private readonly List<int>[] members;
    private readonly Stack<int> free = new();
    private readonly int[] movable;

    /// <param name="listOf">The list of each record.</param>
    /// <param name="pairs">Pairs of real records (decoys left out) with their probability of being one incident; 1 and 0 are decisions.</param>
    public LinkagePosterior(IReadOnlyList<int> listOf, IReadOnlyList<(int A, int B, double Probability)> pairs)
    {
        this.listOf = [.. listOf];
        var count = listOf.Count;
        odds = new Dictionary<int, double>?[count];
        foreach (var (a, b, p) in pairs)
        {
            var o = p >= 1 ? double.PositiveInfinity : p / (1 - p);
            (odds[a] ??= [])[b] = o;
            (odds[b] ??= [])[a] = o;
        }

        groupOf = Enumerable.Range(0, count).ToArray();
        members = Enumerable.Range(0, count).Select(i => new List<int>(3) { i }).ToArray();
        movable = Enumerable.Range(0, count).Where(i => odds[i] is not null).ToArray();
    }

    /// <summary>Starts from these groups (the point linkage), so that few sweeps are lost to burn-in.</summary>
    public void Start(IEnumerable<IReadOnlyList<int>> groups)
    {
        foreach (var group in groups)
        {
            var target = groupOf[group[0]];
            foreach (var record in group.Skip(1).Where(r => groupOf[r] != target))
            {
                Leave(record);
                Join(record, target);
            }
        }
    }

    /// <summary>One Gibbs sweep over every record that has a candidate partner.</summary>
    public void Sweep(Random random)
    {
        var choices = new List<(int Group, double Odds)>(8);
        foreach (var record in movable)
        {
            Leave(record);
            choices.Clear();
            var total = 1.0; // alone
            var certain = -1;
            foreach (var partner in odds[record]!.Keys)
            {
                var group = groupOf[partner];
                if (choices.Exists(c => c.Group == group) || members[group].Exists(m => listOf[m] == listOf[record]))
                {
                    continue;
                }

                var o = Odds(record, members[group]);
                if (double.IsPositiveInfinity(o))
                {
                    certain = group;
                }
                else if (o > 0)
                {
                    choices.Add((group, o));
                    total += o;
                }
            }

            if (certain >= 0)
            {
                Join(record, certain);
                continue;
            }

            var draw = random.NextDouble() * total;
            var chosen = -1;
            foreach (var (group, o) in choices)
            {
                draw -= o;
                if (draw < 0)
                {
                    chosen = group;
                    break;
                }
            }

            if (chosen >= 0)
            {
                Join(record, chosen);
            }
            else
            {
                var own = free.Pop();
                Join(record, own);
            }
        }
    }

    /// <summary>The current linkage's groups of two or more records.</summary>
    public IEnumerable<IReadOnlyList<int>> Groups() => members.Where(m => m.Count > 1);

    /// <summary>The record's odds with the group's likeliest member; 0 if a member was rejected or fewer than half are candidates; infinite if one was confirmed.</summary>
    private double Odds(int record, List<int> group)
    {
        var own = odds[record]!;
        double best = 0;
        var candidates = 0;
        foreach (var member in group)
        {
            if (!own.TryGetValue(member, out var o))
            {
                continue;
            }

            if (o == 0)
            {
                return 0;
            }

            candidates++;
            best = Math.Max(best, o);
        }

        return candidates * 2 < group.Count ? 0 : best;
    }

    private void Leave(int record)
    {
        var group = groupOf[record];
        members[group].Remove(record);
        if (members[group].Count == 0)
        {
            free.Push(group);
        }
    }

    private void Join(int record, int group)
    {
        members[group].Add(record);
        groupOf[record] = group;
    }
}
