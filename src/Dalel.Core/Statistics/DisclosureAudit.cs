namespace Dalel.Core.Statistics;

/// <summary>
/// One published number: which units it counts (indices into one universe of cases, acts or victims), its true count,
/// and the bounds a reader learns from what was printed ("&lt;3" → 1–2; a perturbed 7 → 5–9; an exact 12 → 12).
/// </summary>
/// <param name="Origin">Where the figure is printed (a paragraph's field), for the message that names it.</param>
public sealed record Figure(string Label, int[] Units, int TrueCount, long Low, long High, string Origin = "");

/// <summary>A true count below k that a reader can work out exactly from the published figures.</summary>
/// <param name="Part">The count is of a part of the figure named (units it shares with no other figure), not all of it.</param>
public sealed record Disclosure(string Label, int TrueCount, string Origin = "", bool Part = false);

/// <summary>What the audit found, with the figures behind its verdict.</summary>
public sealed record AuditResult(IReadOnlyList<Disclosure> Disclosures, int ProtectedCounts, int CountsOfOne)
{
    /// <summary>True counts of 1 to k−1 worked out exactly.</summary>
    public int Determined => Disclosures.Count;
}

/// <summary>The published figures of one audit and what else a reader knows about them.</summary>
public sealed class FigureSet
{
    private readonly List<Figure> _figures = [];
    private readonly List<(int A, int B)> _atMost = [];

    public UnitIndex Units { get; } = new();

    public IReadOnlyList<Figure> Figures => _figures;

    public int Add(Figure figure)
    {
        _figures.Add(figure);
        return _figures.Count - 1;
    }

    /// <summary>Figure <paramref name="a"/>'s count is no larger than figure <paramref name="b"/>'s.</summary>
    public void AtMost(int a, int b) => _atMost.Add((a, b));

    public AuditResult Audit(int k) => DisclosureAudit.Run(_figures, k, _atMost);
}

/// <summary>
/// Plays the hostile reader against a set of published figures, as an intruder with the tables and nothing else would:
/// every unit's membership pattern across the figures makes an "atom" (the finest group any combination of figures can
/// describe); each figure says its atoms sum to a number within its published bounds; bounds are propagated between
/// figures and atoms until nothing changes (interval reasoning over totals, complementary filters and shifted ranges
/// alike), and two exactly known figures, one inside the other, give their difference. Any true count from 1 to k−1 —
/// of an atom, a figure or such a difference — whose bounds close on it is disclosed. The reader is assumed to know which
/// atoms exist, which is more than a real one knows, so the audit errs on the safe side.
/// </summary>
public static class DisclosureAudit
{
    private const long Unbounded = 1L << 40;

    /// <param name="atMost">Pairs (a, b): figure a's count can be no larger than figure b's (cases within victims).</param>
    public static AuditResult Run(IReadOnlyList<Figure> figures, int k, IReadOnlyList<(int A, int B)>? atMost = null)
    {
        // Atoms: units with the same membership across all figures.
        var membership = new Dictionary<int, List<int>>();
        for (var f = 0; f < figures.Count; f++)
        {
            foreach (var unit in figures[f].Units)
            {
                if (!membership.TryGetValue(unit, out var list))
                {
                    membership[unit] = list = [];
                }

                list.Add(f);
            }
        }

        var atomOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var atomCount = new List<int>();
        var atomFigures = new List<List<int>>();
        foreach (var figureList in membership.Values)
        {
            var key = string.Join(',', figureList);
            if (!atomOf.TryGetValue(key, out var atom))
            {
                atomOf[key] = atom = atomCount.Count;
                atomCount.Add(0);
                atomFigures.Add(figureList);
            }

            atomCount[atom]++;
        }

        var atomsIn = figures.Select(_ => new List<int>()).ToArray();
        for (var a = 0; a < atomFigures.Count; a++)
        {
            foreach (var f in atomFigures[a])
            {
                atomsIn[f].Add(a);
            }
        }

        var low = new long[atomCount.Count];
        var high = Enumerable.Repeat(Unbounded, atomCount.Count).ToArray();
        var figureLow = figures.Select(f => Math.Max(0, f.Low)).ToArray();
        var figureHigh = figures.Select(f => Math.Min(Unbounded, f.High)).ToArray();
        Propagate(atomsIn, low, high, figureLow, figureHigh, atMost ?? []);
        // The reasoning is sound only if every true count stays within its bounds; anything else is a bug here.
        for (var a = 0; a < atomCount.Count; a++)
        {
            if (atomCount[a] < low[a] || atomCount[a] > high[a])
            {
                throw new InvalidOperationException("Disclosure audit: bounds exclude a true count; a published figure's bounds are wrong.");
            }
        }

        var disclosures = new List<Disclosure>();
        var disclosed = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var targets = 0;
        var ones = 0;
        void Target(Figure figure, string label, IEnumerable<int> atoms, int truth, bool determined, bool part = false)
        {
            // The same group of units reached by several figures is one count: judge it once, under its first label.
            var key = string.Join(',', atoms);
            if (truth < 1 || truth >= k || !seen.Add(key))
            {
                return;
            }

            targets++;
            ones += truth == 1 ? 1 : 0;
            if (determined && disclosed.Add(key))
            {
                disclosures.Add(new Disclosure(label, truth, figure.Origin, part));
            }
        }

        for (var f = 0; f < figures.Count; f++)
        {
            if (atomsIn[f].Count > 0)
            {
                Target(figures[f], figures[f].Label, atomsIn[f], figures[f].TrueCount, figureLow[f] == figureHigh[f]);
            }
        }

        for (var a = 0; a < atomCount.Count; a++)
        {
            // Named after the narrowest figure it is part of, which is where an editor would look.
            var narrowest = figures[atomFigures[a].MinBy(f => atomsIn[f].Count)];
            Target(narrowest, narrowest.Label, [a], atomCount[a], low[a] == high[a], part: true);
        }

        Differences(figures, atomsIn, atomCount, figureLow, figureHigh, k, disclosures, disclosed);
        return new AuditResult(disclosures, targets, ones);
    }

    private static void Propagate(List<int>[] atomsIn, long[] low, long[] high, long[] figureLow, long[] figureHigh, IReadOnlyList<(int A, int B)> atMost)
    {
        for (var round = 0; round < 10_000; round++)
        {
            var changed = false;
            for (var f = 0; f < atomsIn.Length; f++)
            {
                var atoms = atomsIn[f];
                if (atoms.Count == 0)
                {
                    continue;
                }

                long sumLow = 0, sumHigh = 0;
                foreach (var a in atoms)
                {
                    sumLow += low[a];
                    sumHigh += high[a];
                }

                changed |= Tighten(ref figureLow[f], ref figureHigh[f], sumLow, Math.Min(sumHigh, Unbounded));
                foreach (var a in atoms)
                {
                    changed |= Tighten(ref low[a], ref high[a], figureLow[f] - (sumHigh - high[a]), figureHigh[f] - (sumLow - low[a]));
                }
            }

            foreach (var (a, b) in atMost)
            {
                changed |= Tighten(ref figureLow[a], ref figureHigh[a], figureLow[a], figureHigh[b]);
                changed |= Tighten(ref figureLow[b], ref figureHigh[b], figureLow[a], figureHigh[b]);
            }

            if (!changed)
            {
                return;
            }
        }
    }

    private static bool Tighten(ref long low, ref long high, long newLow, long newHigh)
    {
        var changed = false;
        if (newLow > low)
        {
            low = newLow;
            changed = true;
        }

        if (newHigh < high)
        {
            high = newHigh;
            changed = true;
        }

        return changed;
    }

    /// <summary>Two figures known exactly, one's atoms inside the other's: their difference is known too.</summary>
    private static void Differences(IReadOnlyList<Figure> figures, List<int>[] atomsIn, List<int> atomCount, long[] low, long[] high, int k, List<Disclosure> disclosures, HashSet<string> reported)
    {
        var exact = Enumerable.Range(0, figures.Count).Where(f => low[f] == high[f] && atomsIn[f].Count > 0).ToList();
        var sets = exact.ToDictionary(f => f, f => atomsIn[f].ToHashSet());
        foreach (var outer in exact)
        {
            foreach (var inner in exact)
            {
                if (outer == inner || sets[inner].Count >= sets[outer].Count || !sets[inner].IsSubsetOf(sets[outer]))
                {
                    continue;
                }

                var rest = sets[outer].Except(sets[inner]).Order().ToList();
                var truth = rest.Sum(a => atomCount[a]);
                if (truth >= 1 && truth < k && reported.Add(string.Join(',', rest)))
                {
                    disclosures.Add(new Disclosure($"{figures[outer].Label} − {figures[inner].Label}", truth, figures[outer].Origin));
                }
            }
        }
    }
}
