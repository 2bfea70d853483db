namespace Dalel.Bench;

/// <summary>
/// Two re-identification attacks by someone who holds a list's encodings (not the secret) and the plaintext of every
/// record in it, and tries to tell which encoding is whose.
/// </summary>
internal static class Attacks
{
    /// <summary>
    /// Frequency alignment: identical encodings are counted, identical plaintexts are counted, and a group of encodings
    /// is paired with the group of plaintexts that occurs equally often when that frequency is unique on both sides.
    /// Returns the share of records re-identified.
    /// </summary>
    public static double Frequency(IReadOnlyList<string> encodings, IReadOnlyList<string> plaintexts)
    {
        var encodedGroups = Enumerable.Range(0, encodings.Count).GroupBy(i => encodings[i]).ToList();
        var plainGroups = Enumerable.Range(0, plaintexts.Count).GroupBy(i => plaintexts[i]).ToList();
        var uniqueEncoded = encodedGroups.GroupBy(g => g.Count()).Where(f => f.Count() == 1).ToDictionary(f => f.Key, f => f.Single());
        var uniquePlain = plainGroups.GroupBy(g => g.Count()).Where(f => f.Count() == 1).ToDictionary(f => f.Key, f => f.Single());
        var correct = 0;
        foreach (var (frequency, group) in uniqueEncoded)
        {
            if (uniquePlain.TryGetValue(frequency, out var plain))
            {
                var truth = plain.ToHashSet();
                correct += group.Count(truth.Contains);
            }
        }

        return (double)correct / encodings.Count;
    }

    /// <summary>
    /// Similarity-graph matching (after Vidanage et al. 2020): each record is described by its ten highest similarities to
    /// the others, once in the encoded graph and once in the plaintext graph; encoded similarities are first mapped onto
    /// the plaintext scale by matching quantiles; each encoding is then given the plaintext record with the nearest
    /// description. Returns the share of records given their own plaintext.
    /// </summary>
    public static double Graph(IReadOnlyList<int> nodes, Func<int, int, double> encoded, Func<int, int, double> plain) =>
        Graph(nodes, [], encoded, plain);

    /// <param name="nodes">Records the attacker has plaintext for; their encodings are in the file.</param>
    /// <param name="decoys">Encodings in the file that no plaintext explains.</param>
    public static double Graph(IReadOnlyList<int> nodes, IReadOnlyList<int> decoys, Func<int, int, double> encoded, Func<int, int, double> plain)
    {
        const int Top = 10;
        const int Profile = 40;
        var encodedNodes = nodes.Concat(decoys).ToList();
        var n = nodes.Count;
        var m = encodedNodes.Count;
        var e = new double[m, m];
        var p = new double[n, n];
        Parallel.For(0, m, i =>
        {
            for (var j = 0; j < m; j++)
            {
                if (i != j)
                {
                    e[i, j] = encoded(encodedNodes[i], encodedNodes[j]);
                    if (i < n && j < n)
                    {
                        p[i, j] = plain(nodes[i], nodes[j]);
                    }
                }
            }
        });

        var encodedAll = new List<double>();
        var plainAll = new List<double>();
        for (var i = 0; i < m; i++)
        {
            for (var j = i + 1; j < m; j++)
            {
                encodedAll.Add(e[i, j]);
                if (j < n)
                {
                    plainAll.Add(p[i, j]);
                }
            }
        }

        encodedAll.Sort();
        plainAll.Sort();
        double Calibrate(double value)
        {
            var rank = encodedAll.BinarySearch(value);
            rank = rank < 0 ? ~rank : rank;
            return plainAll[Math.Min((int)((long)rank * plainAll.Count / encodedAll.Count), plainAll.Count - 1)];
        }

        // A record's description: its highest similarities, then its whole sorted similarity profile at fixed ranks
        // (scaled to the plaintext list's size, so decoys do not shift the ranks).
        double[] Features(double[,] matrix, int size, int i, bool calibrate)
        {
            var sorted = Enumerable.Range(0, size).Where(j => j != i).Select(j => calibrate ? Calibrate(matrix[i, j]) : matrix[i, j]).OrderDescending().ToArray();
            var profile = Enumerable.Range(0, Profile).Select(q => sorted[Math.Min(sorted.Length - 1, (int)((long)q * (n - 1) / Profile))]);
            return sorted.Take(Top).Concat(profile).ToArray();
        }

        var encodedFeatures = Enumerable.Range(0, m).Select(i => Features(e, m, i, calibrate: true)).ToArray();
        var plainFeatures = Enumerable.Range(0, n).Select(i => Features(p, n, i, calibrate: false)).ToArray();
        var correct = 0;
        // For each person the attacker knows, the encoding whose neighbourhood looks most like theirs.
        Parallel.For(0, n, () => 0, (i, _, local) =>
        {
            var best = -1;
            var bestDistance = double.MaxValue;
            for (var j = 0; j < m; j++)
            {
                var d = 0.0;
                for (var k = 0; k < Top + Profile; k++)
                {
                    var diff = plainFeatures[i][k] - encodedFeatures[j][k];
                    d += diff * diff;
                }

                if (d < bestDistance)
                {
                    (best, bestDistance) = (j, d);
                }
            }

            return best == i ? local + 1 : local;
        }, local => Interlocked.Add(ref correct, local));
        return (double)correct / n;
    }

    /// <summary>
    /// Bit-column pattern attack (after Christen et al. 2017/2018): every position of the encodings is a column of 0/1
    /// over the records. Columns set by one token only are exactly the records holding that token; columns with the same
    /// pattern are grouped, and a pattern supported by as many records as exactly one plaintext token is taken to be that
    /// token (columns set on more than half the records are read as complements, which undoes balancing). Each encoding
    /// is then decoded to the tokens it must hold, and re-identified when exactly one plaintext record holds them all.
    /// </summary>
    public static double Columns(IReadOnlyList<ulong[]> encodings, IReadOnlyList<HashSet<string>> plaintexts)
    {
        var n = encodings.Count;
        var bits = encodings[0].Length * 64;
        var tokenFrequency = plaintexts.SelectMany(t => t).GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var tokensByFrequency = tokenFrequency.GroupBy(t => t.Value).ToDictionary(g => g.Key, g => g.Select(t => t.Key).ToHashSet(StringComparer.Ordinal));
        var patterns = new Dictionary<string, (int Columns, int Support, bool[] Rows)>(StringComparer.Ordinal);
        for (var c = 0; c < bits; c++)
        {
            var rows = new bool[n];
            var support = 0;
            for (var r = 0; r < n; r++)
            {
                rows[r] = (encodings[r][c / 64] >> (c % 64) & 1) == 1;
                support += rows[r] ? 1 : 0;
            }

            if (support * 2 > n)
            {
                for (var r = 0; r < n; r++)
                {
                    rows[r] = !rows[r];
                }

                support = n - support;
            }

            var key = new string(rows.Select(b => b ? '1' : '0').ToArray());
            patterns[key] = patterns.TryGetValue(key, out var existing) ? (existing.Columns + 1, support, rows) : (1, support, rows);
        }

        // Each record in a pattern holds one of the tokens as frequent as the pattern's support.
        var decoded = Enumerable.Range(0, n).Select(_ => new List<HashSet<string>>()).ToArray();
        foreach (var (_, (columns, support, rows)) in patterns)
        {
            // A token sets several positions; a pattern seen in one column only is more likely a collision.
            if (columns >= 2 && support > 0 && tokensByFrequency.TryGetValue(support, out var tokens) && tokens.Count <= 20)
            {
                for (var r = 0; r < n; r++)
                {
                    if (rows[r])
                    {
                        decoded[r].Add(tokens);
                    }
                }
            }
        }

        var correct = 0;
        for (var r = 0; r < n; r++)
        {
            if (decoded[r].Count == 0)
            {
                continue;
            }

            var candidates = Enumerable.Range(0, n).Where(i => decoded[r].All(options => options.Overlaps(plaintexts[i]))).Take(2).ToList();
            if (candidates is [var only] && only == r)
            {
                correct++;
            }
        }

        return (double)correct / n;
    }

    /// <summary>
    /// Frequency alignment segment by segment, on field-level encodings: within each segment, identical encodings are
    /// grouped, and the ten largest groups are paired with the ten most common plaintext values, in order. Returns, per segment, the share of records whose value was inferred correctly, and the share
    /// re-identified outright: every value inferred for the record is consistent with its own plaintext only.
    /// </summary>
    /// <param name="encoded">Per record in the file (decoys included), per segment, its encoding.</param>
    /// <param name="plain">Per record the attacker knows, per segment, its plaintext value; records 0…plain.Count-1 are the
    /// first of <paramref name="encoded"/>.</param>
    public static (double[] Inferred, double Reidentified) Segments(IReadOnlyList<string[]> encoded, IReadOnlyList<string[]> plain)
    {
        var segments = plain[0].Length;
        var inferred = new string?[encoded.Count, segments];
        var correct = new double[segments];
        for (var s = 0; s < segments; s++)
        {
            // By rank, not by exact count: decoys add to every group, so counts never match exactly, but the most common
            // region is still the most common encoding. The ten most common values on each side are paired in order.
            var e = Enumerable.Range(0, encoded.Count).GroupBy(i => encoded[i][s]).OrderByDescending(g => g.Count()).Take(10).ToList();
            var p = Enumerable.Range(0, plain.Count).GroupBy(i => plain[i][s]).OrderByDescending(g => g.Count()).Take(10).ToList();
            for (var rank = 0; rank < Math.Min(e.Count, p.Count); rank++)
            {
                foreach (var i in e[rank])
                {
                    inferred[i, s] = p[rank].Key;
                }
            }

            correct[s] = (double)Enumerable.Range(0, plain.Count).Count(i => inferred[i, s] == plain[i][s]) / plain.Count;
        }

        var reidentified = 0;
        for (var i = 0; i < plain.Count; i++)
        {
            var known = Enumerable.Range(0, segments).Where(s => inferred[i, s] is not null).ToList();
            if (known.Count == 0)
            {
                continue;
            }

            var consistent = Enumerable.Range(0, plain.Count).Where(j => known.All(s => plain[j][s] == inferred[i, s])).Take(2).ToList();
            if (consistent is [var only] && only == i)
            {
                reidentified++;
            }
        }

        return (correct, (double)reidentified / plain.Count);
    }
}
