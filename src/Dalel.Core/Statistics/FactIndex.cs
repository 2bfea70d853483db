using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using Dalel.Core.Cases;

namespace Dalel.Core.Statistics;

/// <summary>
/// Case counts at memory speed. For each dimension, a column holds each case's values as one 64-bit mask and, for each
/// value, a bitmap of the cases that have it (one bit per case). A query ANDs the bitmaps of its organisations, consent
/// and filters a word (64 cases) at a time, then visits only the cases left, adding their masks into the cells. Columns
/// are built on first use, reading each case once (on both cores), and rebuilt when the cases change. A dimension with
/// more than 64 distinct values (months over many years, a very large coalition) is not indexed; such queries take the
/// general path.
/// </summary>
internal sealed class FactIndex
{
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;

    /// <summary>Cases read at a time by one core while building: a multiple of 64, so no two cores write one bitmap word.</summary>
    private const int DefaultStripe = 64 * 256;

    /// <summary>Above this many cases left after filtering, both cores tally, each half of them.</summary>
    private const int TallyInParallelAbove = 65_536;

    public sealed class Column
    {
        public required ulong[] Masks { get; init; }

        /// <summary>Bit i stands for Values[i]; "" is "not recorded".</summary>
        public required List<string> Values { get; init; }

        /// <summary>For each value, the cases that have it, one bit per case.</summary>
        public required ulong[][] Bitmaps { get; init; }
    }

    public sealed class Snapshot
    {
        public required long Generation { get; init; }

        public required StoredCase[] Cases { get; init; }

        public required Guid[] Organisations { get; init; }

        /// <summary>For each organisation, its cases, one bit per case.</summary>
        public required ulong[][] OfOrganisation { get; init; }

        /// <summary>The cases whose every victim consented to anonymous statistics, one bit per case.</summary>
        public required ulong[] EveryVictimConsented { get; init; }

        public required int[] From { get; init; }

        public required int[] To { get; init; }

        /// <summary>Each case's record key for the cell key method.</summary>
        public required uint[] RecordKey { get; init; }

        public int Words => (Cases.Length + 63) / 64;

        /// <summary>Cases read at a time by one core (a multiple of 64); smaller in tests, to build on both cores.</summary>
        public int Stripe { get; init; } = DefaultStripe;

        public ConcurrentDictionary<string, Column?> Columns { get; } = new();

        /// <summary>The column of a dimension, or null when it has too many values to index.</summary>
        public Column? ColumnOf(Dimension dimension) => Columns.GetOrAdd(dimension.Key, _ => Build(dimension));

        /// <summary>The snapshot of these cases: each read once, on both cores, in stripes of whole bitmap words.</summary>
        public static Snapshot Of((Guid Organisation, StoredCase Case)[] all, Vault.KeyRing keys, long generation, int stripe = DefaultStripe)
        {
            var organisations = all.Select(a => a.Organisation).Distinct().ToArray();
            var orgIndex = organisations.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => x.i);
            var words = (all.Length + 63) / 64;
            var ofOrganisation = organisations.Select(_ => new ulong[words]).ToArray();
            var consented = new ulong[words];
            var from = new int[all.Length];
            var to = new int[all.Length];
            var recordKey = new uint[all.Length];
            Parallel.For(0, (all.Length + stripe - 1) / stripe, () => new RecordKeys(keys), (part, _, recordKeys) =>
            {
                for (var i = part * stripe; i < Math.Min(all.Length, (part + 1) * stripe); i++)
                {
                    var (organisation, stored) = all[i];
                    var record = stored.Facts;
                    var bit = 1UL << (i & 63);
                    ofOrganisation[orgIndex[organisation]][i >> 6] |= bit;
                    if (ComputeStatistics.Consented(record))
                    {
                        consented[i >> 6] |= bit;
                    }

                    from[i] = record.Date.From.DayNumber;
                    to[i] = record.Date.To.DayNumber;
                    recordKey[i] = recordKeys.Of(organisation, record.Id);
                }

                return recordKeys;
            }, recordKeys => recordKeys.Dispose());
            return new Snapshot
            {
                Generation = generation,
                Cases = all.Select(a => a.Case).ToArray(),
                Organisations = organisations,
                OfOrganisation = ofOrganisation,
                EveryVictimConsented = consented,
                From = from,
                To = to,
                RecordKey = recordKey,
                Stripe = stripe,
            };
        }

        private Column? Build(Dimension dimension)
        {
            var bits = new Dictionary<string, int>(StringComparer.Ordinal);
            var masks = new ulong[Cases.Length];
            var bitmaps = new ulong[64][];
            var tooMany = false;
            int BitOf(string value)
            {
                lock (bits)
                {
                    if (!bits.TryGetValue(value, out var bit))
                    {
                        if (bits.Count == 64)
                        {
                            tooMany = true;
                            return -1;
                        }

                        bits[value] = bit = bits.Count;
                        bitmaps[bit] = new ulong[Words];
                    }

                    return bit;
                }
            }

            Parallel.For(0, (Cases.Length + Stripe - 1) / Stripe, (stripe, state) =>
            {
                var local = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = stripe * Stripe; i < Math.Min(Cases.Length, (stripe + 1) * Stripe) && !tooMany; i++)
                {
                    ulong mask = 0;
                    var any = false;
                    foreach (var value in dimension.Values(new StatUnit(Cases[i].Facts, null, null)))
                    {
                        any = true;
                        if (!local.TryGetValue(value, out var bit))
                        {
                            local[value] = bit = BitOf(value);
                        }

                        if (bit < 0)
                        {
                            state.Stop();
                            return;
                        }

                        mask |= 1UL << bit;
                    }

                    if (!any)
                    {
                        if (!local.TryGetValue("", out var none))
                        {
                            local[""] = none = BitOf("");
                        }

                        if (none < 0)
                        {
                            state.Stop();
                            return;
                        }

                        mask |= 1UL << none;
                    }

                    masks[i] = mask;
                    for (var m = mask; m != 0; m &= m - 1)
                    {
                        bitmaps[BitOperations.TrailingZeroCount(m)][i >> 6] |= 1UL << (i & 63);
                    }
                }
            });

            return tooMany
                ? null
                : new Column { Masks = masks, Values = bits.OrderBy(b => b.Value).Select(b => b.Key).ToList(), Bitmaps = bitmaps[..bits.Count] };
        }
    }

    public Snapshot Current(CaseMemory memory, Vault.KeyRing keys)
    {
        var generation = memory.Generation;
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot?.Generation == generation)
        {
            return snapshot;
        }

        lock (_gate)
        {
            if (_snapshot?.Generation == generation)
            {
                return _snapshot;
            }

            _snapshot = Snapshot.Of(memory.All.ToArray(), keys, generation);
            return _snapshot;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _snapshot = null;
        }
    }

    /// <summary>The counts of a query over the index, or null when a dimension it uses is not indexable.</summary>
    public static Counts? Count(Snapshot s, ISet<Guid> organisations, bool consentedOnly, Dimension rows, Dimension? columns, StatisticsQuery query, int parallelAbove = TallyInParallelAbove)
    {
        var rowColumn = s.ColumnOf(rows);
        var columnColumn = columns is null ? null : s.ColumnOf(columns);
        if (rowColumn is null || (columns is not null && columnColumn is null))
        {
            return null;
        }

        // The cases that count, as a bitmap: their organisations, consent, then each filter's value.
        var selected = new ulong[s.Words];
        for (var o = 0; o < s.Organisations.Length; o++)
        {
            if (organisations.Contains(s.Organisations[o]))
            {
                Bitmaps.Or(selected, s.OfOrganisation[o]);
            }
        }

        if (consentedOnly)
        {
            Bitmaps.And(selected, s.EveryVictimConsented);
        }

        foreach (var (key, value) in query.Filters)
        {
            var column = s.ColumnOf(Dimension.Find(key)!);
            if (column is null)
            {
                return null;
            }

            var bit = column.Values.IndexOf(value);
            if (bit < 0)
            {
                Array.Clear(selected);
                break;
            }

            Bitmaps.And(selected, column.Bitmaps[bit]);
        }

        var tally = new Tally(rowColumn.Values.Count, columnColumn?.Values.Count ?? 1);
        var from = query.From?.DayNumber ?? int.MinValue;
        var to = query.To?.DayNumber ?? int.MaxValue;
        // Many cases left: both cores, each on half of the words, then the two tallies added.
        var parts = Bitmaps.Count(selected) > parallelAbove ? Math.Max(2, Environment.ProcessorCount) : 1;
        var partial = new Tally[parts];
        Parallel.For(0, parts, p =>
        {
            var part = parts == 1 ? tally : new Tally(tally.Rows, tally.Width);
            var end = (int)((long)selected.Length * (p + 1) / parts);
            for (var w = (int)((long)selected.Length * p / parts); w < end; w++)
            {
                for (var word = selected[w]; word != 0; word &= word - 1)
                {
                    var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                    if (s.To[i] >= from && s.From[i] <= to)
                    {
                        part.Add(rowColumn.Masks[i], columnColumn?.Masks[i] ?? 1UL, s.RecordKey[i]);
                    }
                }
            }

            partial[p] = part;
        });
        if (parts > 1)
        {
            foreach (var part in partial)
            {
                tally.AddAll(part);
            }
        }

        return tally.ToCounts(rowColumn.Values, columnColumn?.Values ?? [""]);
    }

    /// <summary>Cell, row and column counts and their record-key sums (wrapping modulo 2^32, as the cell key method wants).</summary>
    private sealed class Tally(int rows, int width)
    {
        private readonly int[] _cells = new int[rows * width];
        private readonly uint[] _cellKeys = new uint[rows * width];
        private readonly int[] _rowTotals = new int[rows];
        private readonly uint[] _rowKeys = new uint[rows];
        private readonly int[] _columnTotals = new int[width];
        private readonly uint[] _columnKeys = new uint[width];
        private int _total;
        private uint _totalKey;

        public int Rows => rows;

        public int Width => width;

        public void Add(ulong rowMask, ulong columnMask, uint key)
        {
            _total++;
            _totalKey += key;
            for (var c = columnMask; c != 0; c &= c - 1)
            {
                var column = BitOperations.TrailingZeroCount(c);
                _columnTotals[column]++;
                _columnKeys[column] += key;
            }

            for (var r = rowMask; r != 0; r &= r - 1)
            {
                var row = BitOperations.TrailingZeroCount(r);
                _rowTotals[row]++;
                _rowKeys[row] += key;
                for (var c = columnMask; c != 0; c &= c - 1)
                {
                    var at = (row * width) + BitOperations.TrailingZeroCount(c);
                    _cells[at]++;
                    _cellKeys[at] += key;
                }
            }
        }

        public void AddAll(Tally other)
        {
            _total += other._total;
            _totalKey += other._totalKey;
            Sum(_cells, other._cells);
            Sum(_cellKeys, other._cellKeys);
            Sum(_rowTotals, other._rowTotals);
            Sum(_rowKeys, other._rowKeys);
            Sum(_columnTotals, other._columnTotals);
            Sum(_columnKeys, other._columnKeys);
        }

        private static void Sum<T>(T[] into, T[] from)
            where T : INumber<T>
        {
            for (var i = 0; i < into.Length; i++)
            {
                into[i] += from[i];
            }
        }

        public Counts ToCounts(List<string> rowValues, List<string> columnValues)
        {
            var result = new Counts(_total) { TotalKey = _totalKey };
            for (var r = 0; r < rows; r++)
            {
                if (_rowTotals[r] > 0)
                {
                    result.Rows[rowValues[r]] = _rowTotals[r];
                    result.RowKeys[rowValues[r]] = _rowKeys[r];
                }

                for (var c = 0; c < width; c++)
                {
                    if (_cells[(r * width) + c] > 0)
                    {
                        result.Cells[(rowValues[r], columnValues[c])] = _cells[(r * width) + c];
                        result.CellKeys[(rowValues[r], columnValues[c])] = _cellKeys[(r * width) + c];
                    }
                }
            }

            for (var c = 0; c < width; c++)
            {
                if (_columnTotals[c] > 0)
                {
                    result.Columns[columnValues[c]] = _columnTotals[c];
                    result.ColumnKeys[columnValues[c]] = _columnKeys[c];
                }
            }

            return result;
        }
    }
}

/// <summary>Sets of cases as bitmaps (bit i of word i/64 is case i), combined a vector of words at a time.</summary>
internal static class Bitmaps
{
    public static void And(ulong[] into, ulong[] other) => Combine(into, other, and: true);

    public static void Or(ulong[] into, ulong[] other) => Combine(into, other, and: false);

    private static void Combine(ulong[] into, ulong[] other, bool and)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var a = MemoryMarshal.Cast<ulong, Vector<ulong>>(into.AsSpan());
            var b = MemoryMarshal.Cast<ulong, Vector<ulong>>(other.AsSpan(0, into.Length));
            for (var v = 0; v < a.Length; v++)
            {
                a[v] = and ? a[v] & b[v] : a[v] | b[v];
            }

            i = a.Length * Vector<ulong>.Count;
        }

        for (; i < into.Length; i++)
        {
            into[i] = and ? into[i] & other[i] : into[i] | other[i];
        }
    }

    public static int Count(ulong[] bitmap)
    {
        var count = 0;
        foreach (var word in bitmap)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }
}

/// <summary>Raw counts of a query, before ordering and disclosure control.</summary>
internal sealed class Counts(int total)
{
    public int Total { get; set; } = total;

    public Dictionary<string, int> Rows { get; } = [];

    public Dictionary<string, int> Columns { get; } = [];

    public Dictionary<(string, string), int> Cells { get; } = [];

    /// <summary>Cell keys: the sums of the record keys of the units counted (cell key method).</summary>
    public uint TotalKey { get; set; }

    public Dictionary<string, uint> RowKeys { get; } = [];

    public Dictionary<string, uint> ColumnKeys { get; } = [];

    public Dictionary<(string, string), uint> CellKeys { get; } = [];
}
