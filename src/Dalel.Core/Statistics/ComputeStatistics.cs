using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>
/// Counts over the unsealed in-memory cases. Organisation scope: the member's own organisation, every case.
/// Coalition scope: only organisations that opted in, only cases whose every victim consented to anonymous
/// statistics, always with disclosure control; dates snap to whole months there, and a table is withheld when
/// dropping any one of its filters would change its total by fewer than k (the differencing attack).
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

        var open = instance.Vault.Open;
        if (open is null)
        {
            return new VaultSealed();
        }

        open.Cases.CatchUp(instance.Database, open.Keys);
        var coalition = scope is StatisticsScope.Coalition;
        if (coalition)
        {
            query = query with
            {
                From = query.From is { } f ? new DateOnly(f.Year, f.Month, 1) : null,
                To = query.To is { } t ? new DateOnly(t.Year, t.Month, DateTime.DaysInMonth(t.Year, t.Month)) : null,
            };
        }

        var cases = Sources(scope, open.Cases).ToList();
        var table = Count(cases, rows!, columns, query);
        var protect = coalition || query.ForPublication;
        if (!protect)
        {
            return table;
        }

        var k = DefaultThreshold;
        var protectedTable = DisclosureControl.Apply(table, k);
        if (DiffersByFewerThanK(cases, query, table.Total.Count, k))
        {
            return Withhold(protectedTable, "stats.withheld_differencing");
        }

        return protectedTable;
    }

    private IEnumerable<CaseRecord> Sources(StatisticsScope scope, CaseMemory memory)
    {
        if (scope is StatisticsScope.Organisation org)
        {
            return memory.In(org.Id).Select(c => c.Record);
        }

        var sharing = new ListOrganisations(instance).Run().Value.Where(o => o.SharesWithCoalition).Select(o => o.Id);
        return sharing.SelectMany(memory.In).Select(c => c.Record)
            .Where(c => c.Victims.Count > 0 && c.Victims.All(v => v.Allows("anonymous_statistics")));
    }

    private static IEnumerable<StatUnit> Units(IEnumerable<CaseRecord> cases, StatisticsQuery query) =>
        cases.Where(c => c.Date.Overlaps(query.From, query.To)).SelectMany(c => query.Unit switch
        {
            Unit.Acts => c.Acts.Select(a => new StatUnit(c, a, null)),
            Unit.Victims => c.Victims.Select(v => new StatUnit(c, null, v)),
            _ => [new StatUnit(c, null, null)],
        });

    private static bool Matches(StatUnit unit, IReadOnlyDictionary<string, string> filters) =>
        filters.All(f => Dimension.Find(f.Key)!.Values(unit).Contains(f.Value));

    private static StatisticsTable Count(IReadOnlyList<CaseRecord> cases, Dimension rows, Dimension? columns, StatisticsQuery query)
    {
        var total = 0;
        var rowTotals = new Dictionary<string, int>();
        var columnTotals = new Dictionary<string, int>();
        var cells = new Dictionary<(string, string), int>();
        foreach (var unit in Units(cases, query).Where(u => Matches(u, query.Filters)))
        {
            total++;
            var rowValues = ValuesOrNotRecorded(rows, unit);
            var columnValues = columns is null ? [""] : ValuesOrNotRecorded(columns, unit);
            foreach (var r in rowValues)
            {
                rowTotals[r] = rowTotals.GetValueOrDefault(r) + 1;
                foreach (var c in columnValues)
                {
                    cells[(r, c)] = cells.GetValueOrDefault((r, c)) + 1;
                }
            }

            foreach (var c in columnValues)
            {
                columnTotals[c] = columnTotals.GetValueOrDefault(c) + 1;
            }
        }

        var rowOrder = Order(rows, rowTotals);
        var columnOrder = columns is null ? [""] : Order(columns, columnTotals);
        return new StatisticsTable
        {
            Unit = query.Unit,
            Rows = rows.Key,
            Columns = columns?.Key,
            RowValues = rowOrder,
            ColumnValues = columnOrder,
            Cells = rowOrder.Select(r => columnOrder.Select(c => new Cell(cells.GetValueOrDefault((r, c)), false)).ToArray()).ToArray(),
            RowTotals = rowOrder.Select(r => new Cell(rowTotals[r], false)).ToArray(),
            ColumnTotals = columnOrder.Select(c => new Cell(columnTotals.GetValueOrDefault(c), false)).ToArray(),
            Total = new Cell(total, false),
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
    /// The differencing attack: a published table with one filter fewer, minus this one, would count the few units the
    /// filter removed. If any single filter (or date bound) removes between 1 and k−1 units, this table is withheld.
    /// </summary>
    private static bool DiffersByFewerThanK(IReadOnlyList<CaseRecord> cases, StatisticsQuery query, int total, int k)
    {
        int TotalOf(StatisticsQuery q) => Units(cases, q).Count(u => Matches(u, q.Filters));
        var wider = query.Filters.Keys
            .Select(key => query with { Filters = query.Filters.Where(f => f.Key != key).ToDictionary(f => f.Key, f => f.Value) })
            .Concat(query.From is null ? [] : [query with { From = null }])
            .Concat(query.To is null ? [] : [query with { To = null }]);
        return wider.Any(q => TotalOf(q) - total is > 0 and var gap && gap < k);
    }

    private static StatisticsTable Withhold(StatisticsTable table, string reason)
    {
        static Cell Hide(Cell c) => c with { Suppressed = true };
        return table with
        {
            Cells = table.Cells.Select(r => r.Select(Hide).ToArray()).ToArray(),
            RowTotals = table.RowTotals.Select(Hide).ToArray(),
            ColumnTotals = table.ColumnTotals.Select(Hide).ToArray(),
            Total = Hide(table.Total),
            WithheldBecause = reason,
        };
    }
}
