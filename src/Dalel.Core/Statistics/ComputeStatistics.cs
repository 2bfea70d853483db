using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>
/// Counts over the unsealed in-memory cases. An organisation's internal view counts every case exactly. Anything
/// published counts only cases whose every victim consented to anonymous statistics and is protected: tables anyone can
/// ask for again (coalition scope, tables marked for publication) by the cell key method, which withstands differencing
/// because the same units always get the same noise; figures in an organisation's own document exactly from k on, with
/// smaller counts suppressed, checked together by <see cref="DisclosureAudit"/>. Coalition dates snap to whole months.
/// </summary>
public sealed class ComputeStatistics(DalelInstance instance)
{
    public const int DefaultThreshold = 3;

    public Result<StatisticsTable> Run(OrgScope reader, StatisticsScope scope, StatisticsQuery query)
    {
        if (!reader.Can(Capability.ReadCodedFacts))
        {
            return new Forbidden();
        }

        if (scope is StatisticsScope.Organisation own && own.Id != reader.OrganisationId)
        {
            return new NotFound();
        }

        var rows = Dimension.Find(query.Rows);
        var columns = query.Columns is null ? null : Dimension.Find(query.Columns);
        var errors = new List<FieldError>();
        if (rows is null)
        {
            errors.Add(new FieldError("Rows", "error.unknown_code"));
        }

        if (query.Columns is not null && (columns is null || columns == rows))
        {
            errors.Add(new FieldError("Columns", "error.unknown_code"));
        }

        errors.AddRange(query.Filters.Keys.Where(k => Dimension.Find(k) is null).Select(k => new FieldError($"Filter.{k}", "error.unknown_code")));
        if (query.From > query.To)
        {
            errors.Add(new FieldError("To", "error.date_invalid"));
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var opened = instance.Enter(reader, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var coalition = scope is StatisticsScope.Coalition;
        if (coalition && query.Release == Release.Internal)
        {
            query = query with { Release = Release.Published };
        }

        if (query.Release == Release.Published || coalition)
        {
            // Whole months only: each day-shifted range would otherwise be a new set of cases with a new draw of noise.
            query = query with
            {
                From = query.From is { } f ? new DateOnly(f.Year, f.Month, 1) : null,
                To = query.To is { } t ? new DateOnly(t.Year, t.Month, DateTime.DaysInMonth(t.Year, t.Month)) : null,
            };
        }

        var consentedOnly = query.Release != Release.Internal;
        var organisations = Included(scope);
        var snapshot = open.Facts;
        using var recordKeys = open.RecordKeys();
        Counts Tally(StatisticsQuery q, bool consented) =>
            (q.Unit == Unit.Cases ? FactIndex.Count(snapshot, organisations, consented, rows!, columns, q) : null)
            ?? CountSlow(Sources(open, organisations, consented), rows!, columns, q, recordKeys);

        var counts = Tally(query, consentedOnly);
        int? leftOut = consentedOnly && !coalition ? Tally(query, false).Total - counts.Total : null;
        var perturb = coalition || query.Release == Release.Published;
        var table = Build(perturb ? Perturbed(counts, columns is not null) : counts, rows!, columns, query, perturb ? CellKind.Perturbed : CellKind.Exact) with
        {
            Coalition = coalition,
            LeftOutForConsent = leftOut,
        };
        if (query.Release == Release.Internal)
        {
            return table;
        }

        return perturb
            ? table with { Protected = true, Perturbed = true, Threshold = DefaultThreshold }
            : DisclosureControl.Apply(table, DefaultThreshold);
    }

    /// <summary>
    /// Every count replaced by its published value. Rows and columns whose values all publish as 0 are left out, so
    /// which rows appear depends on published values only; a true count of 1 or 2 never shows as itself.
    /// </summary>
    private static Counts Perturbed(Counts raw, bool twoDimensional)
    {
        var published = new Counts(CellKey.Publish(raw.Total, raw.TotalKey));
        var cells = raw.Cells.ToDictionary(c => c.Key, c => CellKey.Publish(c.Value, raw.CellKeys[c.Key]));
        var rowValues = raw.Rows.ToDictionary(r => r.Key, r => CellKey.Publish(r.Value, raw.RowKeys[r.Key]));
        var columnValues = raw.Columns.ToDictionary(c => c.Key, c => CellKey.Publish(c.Value, raw.ColumnKeys[c.Key]));
        foreach (var (row, value) in rowValues.Where(r => r.Value > 0 || cells.Any(c => c.Key.Item1 == r.Key && c.Value > 0)))
        {
            published.Rows[row] = value;
        }

        foreach (var (column, value) in columnValues.Where(c => !twoDimensional || c.Value > 0 || cells.Any(x => x.Key.Item2 == c.Key && x.Value > 0)))
        {
            published.Columns[column] = value;
        }

        foreach (var (cell, value) in cells.Where(c => c.Value > 0 && published.Rows.ContainsKey(c.Key.Item1) && published.Columns.ContainsKey(c.Key.Item2)))
        {
            published.Cells[cell] = value;
        }

        return published;
    }

    /// <summary>Which organisations count: the reader's own, or every member that shares with the coalition.</summary>
    private HashSet<Guid> Included(StatisticsScope scope) => scope is StatisticsScope.Organisation org
        ? [org.Id]
        : new ListOrganisations(instance).Run().Value.Where(o => o.SharesWithCoalition).Select(o => o.Id).ToHashSet();

    /// <summary>A case counts in a published figure only if every victim consented to anonymous statistics.</summary>
    internal static bool Consented(CaseRecord c) => c.Victims.Count > 0 && c.Victims.All(v => v.Allows("anonymous_statistics"));

    /// <summary>The cases counted, as their coded facts (statistics use no free text; see <see cref="StoredCase.Facts"/>).</summary>
    internal static IEnumerable<CaseRecord> Sources(Door.Unsealed open, IEnumerable<Guid> organisations, bool consentedOnly) =>
        open.SharedCases(organisations).Select(c => c.Facts).Where(c => !consentedOnly || Consented(c));

    internal static IEnumerable<StatUnit> Units(IEnumerable<CaseRecord> cases, StatisticsQuery query) =>
        cases.Where(c => c.Date.Overlaps(query.From, query.To)).SelectMany(c => query.Unit switch
        {
            Unit.Acts => c.Acts.Select(a => new StatUnit(c, a, null)),
            Unit.Victims => c.Victims.Select(v => new StatUnit(c, null, v)),
            _ => [new StatUnit(c, null, null)],
        });

    internal static bool Matches(StatUnit unit, IReadOnlyDictionary<string, string> filters) =>
        filters.All(f => Dimension.Find(f.Key)!.Values(unit).Contains(f.Value));

    /// <summary>The general path: any unit, any dimension, by walking the records.</summary>
    internal static Counts CountSlow(IEnumerable<CaseRecord> cases, Dimension rows, Dimension? columns, StatisticsQuery query, RecordKeys? recordKeys = null)
    {
        var counts = new Counts(0);
        foreach (var unit in Units(cases, query).Where(u => Matches(u, query.Filters)))
        {
            counts.Total++;
            var key = recordKeys?.Of(unit.Case.OrganisationId, unit.Case.Id, unit.Act?.Id ?? unit.Victim?.Id) ?? 0;
            counts.TotalKey += key;
            var rowValues = ValuesOrNotRecorded(rows, unit);
            var columnValues = columns is null ? [""] : ValuesOrNotRecorded(columns, unit);
            foreach (var r in rowValues)
            {
                counts.Rows[r] = counts.Rows.GetValueOrDefault(r) + 1;
                counts.RowKeys[r] = counts.RowKeys.GetValueOrDefault(r) + key;
                foreach (var c in columnValues)
                {
                    counts.Cells[(r, c)] = counts.Cells.GetValueOrDefault((r, c)) + 1;
                    counts.CellKeys[(r, c)] = counts.CellKeys.GetValueOrDefault((r, c)) + key;
                }
            }

            foreach (var c in columnValues)
            {
                counts.Columns[c] = counts.Columns.GetValueOrDefault(c) + 1;
                counts.ColumnKeys[c] = counts.ColumnKeys.GetValueOrDefault(c) + key;
            }
        }

        return counts;
    }

    private static StatisticsTable Build(Counts counts, Dimension rows, Dimension? columns, StatisticsQuery query, CellKind kind)
    {
        var rowOrder = Order(rows, counts.Rows);
        var columnOrder = columns is null ? [""] : Order(columns, counts.Columns);
        return new StatisticsTable
        {
            Unit = query.Unit,
            Rows = rows.Key,
            Columns = columns?.Key,
            RowValues = rowOrder,
            ColumnValues = columnOrder,
            Cells = rowOrder.Select(r => columnOrder.Select(c => new Cell(counts.Cells.GetValueOrDefault((r, c)), kind)).ToArray()).ToArray(),
            RowTotals = rowOrder.Select(r => new Cell(counts.Rows[r], kind)).ToArray(),
            ColumnTotals = columnOrder.Select(c => new Cell(counts.Columns.GetValueOrDefault(c), kind)).ToArray(),
            Total = new Cell(counts.Total, kind),
            Query = query,
        };
    }

    private static List<string> ValuesOrNotRecorded(Dimension dimension, StatUnit unit)
    {
        var values = dimension.Values(unit).ToList();
        return values.Count == 0 ? [""] : values;
    }

    /// <summary>Vocabulary order for coded dimensions, time order for dates, largest first otherwise; "not recorded" last.</summary>
    private static List<string> Order(Dimension dimension, Dictionary<string, int> counts)
    {
        IEnumerable<string> values = counts.Keys.Where(k => k.Length > 0);
        if (dimension.Vocabulary is { } list)
        {
            var terms = Catalog.Default[list].Terms.Select(t => t.Code).ToList();
            values = values.OrderBy(v => terms.IndexOf(v) is var i && i < 0 ? int.MaxValue : i).ThenBy(v => v, StringComparer.Ordinal);
        }
        else if (dimension.Key is "year" or "month")
        {
            values = values.Order(StringComparer.Ordinal);
        }
        else if (dimension.Key == "iccpr")
        {
            values = values.OrderBy(v => int.TryParse(v, out var n) ? n : int.MaxValue);
        }
        else
        {
            values = values.OrderByDescending(v => counts[v]).ThenBy(v => v, StringComparer.Ordinal);
        }

        return counts.ContainsKey("") ? [.. values, ""] : values.ToList();
    }

    /// <summary>
    /// Adds every number a protected table publishes (cells, row and column totals, the total, and for a perturbed table
    /// the rows it left out as 0) to <paramref name="set"/>, with the units it counts and what a reader learns from it.
    /// Values of a field that can hold several per unit (violations of a case) are kept apart, as a reader cannot know
    /// how they overlap: each counts "copies" of its units, bounded by the line and total it belongs to.
    /// </summary>
    /// <returns>The index in <paramref name="set"/> of the first figure added.</returns>
    public Result<int> Figures(
        OrgScope reader, StatisticsScope scope, StatisticsTable table, FigureSet set, string label, string origin = "", string language = "en", IReadOnlyList<Organisation>? organisations = null)
    {
        if (scope is StatisticsScope.Organisation own && own.Id != reader.OrganisationId)
        {
            return new Forbidden();
        }

        var opened = instance.Enter(reader, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;

        var query = table.Query;
        var rows = Dimension.Find(table.Rows)!;
        var columns = table.Columns is null ? null : Dimension.Find(table.Columns);
        var space = string.Join("|", query.Filters.Where(f => !Dimension.Find(f.Key)!.IsSingleValued(query.Unit)).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        string Space(Dimension? dimension, string value) => dimension is null || dimension.IsSingleValued(query.Unit) ? "" : $"|{dimension.Key}={value}";
        var members = new Dictionary<(string Kind, string Row, string Column), List<int>>();
        void Add((string, string, string) key, int unit)
        {
            if (!members.TryGetValue(key, out var list))
            {
                members[key] = list = [];
            }

            list.Add(unit);
        }

        foreach (var unit in Units(Sources(open, Included(scope), consentedOnly: true), query).Where(u => Matches(u, query.Filters)))
        {
            var caseId = unit.Case.Id;
            var part = unit.Act?.Id ?? unit.Victim?.Id;
            Add(("total", "", ""), set.Units.Of(query.Unit, caseId, part, space));
            var rowValues = ValuesOrNotRecorded(rows, unit);
            var columnValues = columns is null ? [] : ValuesOrNotRecorded(columns, unit);
            foreach (var r in rowValues)
            {
                Add(("row", r, ""), set.Units.Of(query.Unit, caseId, part, space + Space(rows, r)));
                foreach (var c in columnValues)
                {
                    Add(("cell", r, c), set.Units.Of(query.Unit, caseId, part, space + Space(rows, r) + Space(columns, c)));
                }
            }

            foreach (var c in columnValues)
            {
                Add(("column", "", c), set.Units.Of(query.Unit, caseId, part, space + Space(columns, c)));
            }
        }

        var rowAt = table.RowValues.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        var columnAt = table.ColumnValues.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        Cell? Published((string Kind, string Row, string Column) key) => key.Kind switch
        {
            "total" => table.Total,
            "row" => rowAt.TryGetValue(key.Row, out var r) ? table.RowTotals[r] : null,
            "column" => columnAt.TryGetValue(key.Column, out var c) ? table.ColumnTotals[c] : null,
            _ => rowAt.TryGetValue(key.Row, out var r2) && columnAt.TryGetValue(key.Column, out var c2) ? table.Cells[r2][c2] : null,
        };

        var first = set.Figures.Count;
        var at = new Dictionary<(string, string, string), int>();
        foreach (var (key, units) in members)
        {
            var (low, high) = Published(key) is { } cell ? Bounds(cell, table.Threshold) : table.Perturbed ? CellKey.Preimage(0) : (units.Count, units.Count);
            var row = StatisticsLabels.Value(table.Rows, key.Row, language, organisations);
            var column = table.Columns is null ? "" : StatisticsLabels.Value(table.Columns, key.Column, language, organisations);
            var name = key.Kind switch
            {
                "total" => $"{label} ({Text.Texts.Get("stats.total", language)})",
                "row" => $"{label}: {row}",
                "column" => $"{label}: {column}",
                _ => $"{label}: {row} × {column}",
            };
            at[key] = set.Add(new Figure(name, units.ToArray(), units.Count, low, high, origin));
        }

        // A part is never more than the line or total it is part of; what atoms already say is merely repeated.
        foreach (var (key, index) in at)
        {
            if (key.Item1 is "row" or "column" && at.TryGetValue(("total", "", ""), out var total))
            {
                set.AtMost(index, total);
            }

            if (key.Item1 == "cell")
            {
                set.AtMost(index, at[("row", key.Item2, "")]);
                set.AtMost(index, at[("column", "", key.Item3)]);
            }
        }

        return first;
    }
    /// <summary>What a reader of a published count learns about the true one.</summary>
    private static (long Low, long High) Bounds(Cell cell, int k) => cell.Kind switch
    {
        CellKind.Small => (1, k - 1),
        CellKind.Secondary => (k, long.MaxValue),
        CellKind.Perturbed => CellKey.Preimage(cell.Count),
        _ => (cell.Count, cell.Count),
    };
}

/// <summary>
/// Numbers the units (cases, or acts or victims within them) of one audit, so figures of several tables share them. A
/// <paramref name="space"/> other than "" stands for the unit as counted under values of several-valued fields.
/// </summary>
public sealed class UnitIndex
{
    private readonly Dictionary<(Unit, Guid, Guid?, string), int> _numbers = [];

    public int Of(Unit unit, Guid caseId, Guid? part, string space = "") =>
        _numbers.TryGetValue((unit, caseId, part, space), out var n) ? n : _numbers[(unit, caseId, part, space)] = _numbers.Count;
}
