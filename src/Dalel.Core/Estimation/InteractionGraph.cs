using System.Numerics;

namespace Dalel.Core.Estimation;

/// <summary>
/// The graph of two-list interactions of a model: lists are vertices, a two-list term is an edge. With at most six
/// lists every vertex set is a small bit mask, so cliques are found by looking at every subset.
/// </summary>
internal sealed class InteractionGraph
{
    private readonly int[] neighbours;

    private InteractionGraph(int vertices, int[] neighbours)
    {
        Vertices = vertices;
        this.neighbours = neighbours;
    }

    public int Vertices { get; }

    public static InteractionGraph FromTerms(int lists, ulong terms)
    {
        var n = new int[lists];
        foreach (var (a, b) in LogLinearModel.Pairs(lists))
        {
            if (((terms >> ((1 << a) | (1 << b))) & 1) == 1)
            {
                n[a] |= 1 << b;
                n[b] |= 1 << a;
            }
        }

        return new InteractionGraph(lists, n);
    }

    /// <summary>Every graph on this many lists, by which pairs are joined.</summary>
    public static IEnumerable<InteractionGraph> All(int lists)
    {
        var pairs = LogLinearModel.Pairs(lists).ToArray();
        for (var mask = 0; mask < 1 << pairs.Length; mask++)
        {
            var terms = 0UL;
            for (var i = 0; i < pairs.Length; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    terms |= 1UL << ((1 << pairs[i].A) | (1 << pairs[i].B));
                }
            }

            yield return FromTerms(lists, terms);
        }
    }

    public bool Joined(int a, int b) => ((neighbours[a] >> b) & 1) == 1;

    private bool IsClique(int set)
    {
        for (var v = 0; v < Vertices; v++)
        {
            if (((set >> v) & 1) == 1 && (neighbours[v] | (1 << v) | ~set) != -1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Maximal cliques as bit masks (a list joined to no other is a clique of one).</summary>
    public IReadOnlyList<int> Cliques()
    {
        var cliques = Enumerable.Range(1, (1 << Vertices) - 1).Where(IsClique).ToList();
        return cliques.Where(c => !cliques.Any(d => d != c && (d & c) == c)).ToList();
    }

    /// <summary>A graph is chordal iff repeatedly removing a vertex whose remaining neighbours are all joined empties it.</summary>
    public bool IsChordal()
    {
        var remaining = (1 << Vertices) - 1;
        while (remaining != 0)
        {
            var removed = false;
            for (var v = 0; v < Vertices && !removed; v++)
            {
                if (((remaining >> v) & 1) == 1 && IsClique(neighbours[v] & remaining))
                {
                    remaining &= ~(1 << v);
                    removed = true;
                }
            }

            if (!removed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The separators of a chordal graph's junction tree: a maximum-weight spanning tree of its cliques, weighted by
    /// how many lists two cliques share. Empty separators (between unconnected parts) are left out.
    /// </summary>
    public static IReadOnlyList<int> Separators(IReadOnlyList<int> cliques)
    {
        var separators = new List<int>();
        var inTree = new bool[cliques.Count];
        if (cliques.Count == 0)
        {
            return separators;
        }

        inTree[0] = true;
        for (var added = 1; added < cliques.Count; added++)
        {
            var (best, weight, shared) = (-1, -1, 0);
            for (var i = 0; i < cliques.Count; i++)
            {
                if (inTree[i])
                {
                    continue;
                }

                for (var j = 0; j < cliques.Count; j++)
                {
                    if (inTree[j] && BitOperations.PopCount((uint)(cliques[i] & cliques[j])) > weight)
                    {
                        (best, weight, shared) = (i, BitOperations.PopCount((uint)(cliques[i] & cliques[j])), cliques[i] & cliques[j]);
                    }
                }
            }

            inTree[best] = true;
            if (shared != 0)
            {
                separators.Add(shared);
            }
        }

        return separators;
    }
}
