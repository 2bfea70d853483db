using System.Collections.Concurrent;
using System.Numerics;
using Dalel.Core.Cases;

namespace Dalel.Core.Statistics;

/// <summary>
/// Case counts at memory speed: for each case, one 64-bit mask per dimension whose set bits are the case's values.
/// Filtering is an AND per filter and counting walks the set bits, with no allocation per case. Columns are built on
/// first use and everything is rebuilt when the cases change. A dimension with more than 64 distinct values (months
/// over many years, a very large coalition) is not indexed; such queries take the general path.
/// </summary>
internal sealed class FactIndex
{
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;

    public sealed class Column
    {
        public required ulong[] Masks { get; init; }

        /// <summary>Bit i stands for Values[i]; "" is "not recorded".</summary>
        public required List<string> Values { get; init; }
    }

    public sealed class Snapshot
    {
        public required long Generation { get; init; }

        public required CaseRecord[] Cases { get; init; }

        public required Guid[] Organisations { get; init; }

        public required int[] Organisation { get; init; }

        public required bool[] EveryVictimConsented { get; init; }

        public required int[] From { get; init; }

        public required int[] To { get; init; }

        /// <summary>Each case's record key for the cell key method.</summary>
        public required uint[] RecordKey { get; init; }

        public ConcurrentDictionary<string, Column?> Columns { get; } = new();

        /// <summary>The column of a dimension, or null when it has too many values to index.</summary>
        public Column? ColumnOf(Dimension dimension) => Columns.GetOrAdd(dimension.Key, _ => Build(dimension));

        private Column? Build(Dimension dimension)
        {
            var bits = new Dictionary<string, int>(StringComparer.Ordinal);
            var masks = new ulong[Cases.Length];
            for (var i = 0; i < Cases.Length; i++)
            {
                ulong mask = 0;
                var any = false;
                foreach (var value in dimension.Values(new StatUnit(Cases[i], null, null)))
                {
                    any = true;
                    if (!bits.TryGetValue(value, out var bit))
                    {
                        if (bits.Count == 64)
                        {
                            return null;
                        }

                        bits[value] = bit = bits.Count;
                    }

                    mask |= 1UL << bit;
                }

                if (!any)
                {
                    if (!bits.TryGetValue("", out var none))
                    {
                        if (bits.Count == 64)
                        {
                            return null;
                        }

                        bits[""] = none = bits.Count;
                    }

                    mask |= 1UL << none;
                }

                masks[i] = mask;
            }

            return new Column { Masks = masks, Values = bits.OrderBy(b => b.Value).Select(b => b.Key).ToList() };
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

            var all = memory.All.ToArray();
            var organisations = all.Select(a => a.Organisation).Distinct().ToArray();
            var orgIndex = organisations.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => x.i);
            using var recordKeys = new RecordKeys(keys);
            _snapshot = new Snapshot
            {
                Generation = generation,
                Cases = all.Select(a => a.Record).ToArray(),
                Organisations = organisations,
                Organisation = all.Select(a => orgIndex[a.Organisation]).ToArray(),
                EveryVictimConsented = all.Select(a => a.Record.Victims.Count > 0 && a.Record.Victims.All(v => v.Allows("anonymous_statistics"))).ToArray(),
                From = all.Select(a => a.Record.Date.From.DayNumber).ToArray(),
                To = all.Select(a => a.Record.Date.To.DayNumber).ToArray(),
                RecordKey = all.Select(a => recordKeys.Of(a.Organisation, a.Record.Id)).ToArray(),
            };
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
    public static Counts? Count(Snapshot s, ISet<Guid> organisations, bool consentedOnly, Dimension rows, Dimension? columns, StatisticsQuery query)
    {
        var rowColumn = s.ColumnOf(rows);
        var columnColumn = columns is null ? null : s.ColumnOf(columns);
        var filters = new List<(ulong[] Masks, ulong Bit)>();
        foreach (var (key, value) in query.Filters)
        {
            var column = s.ColumnOf(Dimension.Find(key)!);
            if (column is null)
            {
                return null;
            }

            var bit = column.Values.IndexOf(value);
            filters.Add((column.Masks, bit < 0 ? 0 : 1UL << bit));
        }

        if (rowColumn is null || (columns is not null && columnColumn is null))
        {
            return null;
        }

        var allowed = s.Organisations.Select(organisations.Contains).ToArray();
        var from = query.From?.DayNumber ?? int.MinValue;
        var to = query.To?.DayNumber ?? int.MaxValue;
        var width = columnColumn?.Values.Count ?? 1;
        var cells = new int[rowColumn.Values.Count * width];
        var rowTotals = new int[rowColumn.Values.Count];
        var columnTotals = new int[width];
        var total = 0;
        // Sums of record keys, wrapping modulo 2^32 as the cell key method wants.
        var cellKeys = new uint[cells.Length];
        var rowKeys = new uint[rowTotals.Length];
        var columnKeys = new uint[width];
        var totalKey = 0u;
        for (var i = 0; i < s.Cases.Length; i++)
        {
            if (!allowed[s.Organisation[i]] || (consentedOnly && !s.EveryVictimConsented[i]) || s.To[i] < from || s.From[i] > to)
            {
                continue;
            }

            var keep = true;
            foreach (var (masks, bit) in filters)
            {
                if ((masks[i] & bit) == 0)
                {
                    keep = false;
                    break;
                }
            }

            if (!keep)
            {
                continue;
            }

            total++;
            var key = s.RecordKey[i];
            totalKey += key;
            var columnMask = columnColumn?.Masks[i] ?? 1UL;
            for (var c = columnMask; c != 0; c &= c - 1)
            {
                var column = BitOperations.TrailingZeroCount(c);
                columnTotals[column]++;
                columnKeys[column] += key;
            }

            for (var r = rowColumn.Masks[i]; r != 0; r &= r - 1)
            {
                var row = BitOperations.TrailingZeroCount(r);
                rowTotals[row]++;
                rowKeys[row] += key;
                for (var c = columnMask; c != 0; c &= c - 1)
                {
                    var at = (row * width) + BitOperations.TrailingZeroCount(c);
                    cells[at]++;
                    cellKeys[at] += key;
                }
            }
        }

        var result = new Counts(total) { TotalKey = totalKey };
        var columnValues = columnColumn?.Values ?? [""];
        for (var r = 0; r < rowColumn.Values.Count; r++)
        {
            if (rowTotals[r] > 0)
            {
                result.Rows[rowColumn.Values[r]] = rowTotals[r];
                result.RowKeys[rowColumn.Values[r]] = rowKeys[r];
            }

            for (var c = 0; c < width; c++)
            {
                if (cells[(r * width) + c] > 0)
                {
                    result.Cells[(rowColumn.Values[r], columnValues[c])] = cells[(r * width) + c];
                    result.CellKeys[(rowColumn.Values[r], columnValues[c])] = cellKeys[(r * width) + c];
                }
            }
        }

        for (var c = 0; c < width; c++)
        {
            if (columnTotals[c] > 0)
            {
                result.Columns[columnValues[c]] = columnTotals[c];
                result.ColumnKeys[columnValues[c]] = columnKeys[c];
            }
        }

        return result;
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
